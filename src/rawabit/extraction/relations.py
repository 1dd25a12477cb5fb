"""Relations: typed, directed links between actor mentions in a sentence.

For each sentence, trigger words from ``data/triggers.yaml`` open frames whose
slots are filled with the actor mentions around them (:mod:`.frames`); role
nouns link persons and branches to their organisations (:mod:`.roles`). Each
relation then gets its modality, who says so, time and place (:mod:`.context`),
and the name of the rule that produced it (``rawabit extract --explain``). The
learned pair model (:mod:`.pairs`) then decides which of these the article states,
with them as evidence, and adds what the rules missed. Pairs the rules rule out in
a sentence (an act someone is urged to do, an envoy and his host state) are left in
``art.extra["ruled_out"]``.
"""

from __future__ import annotations

from dataclasses import replace

from rawabit.extraction.context import attribution_of, demanded, modality_of, place_of, time_of
from rawabit.extraction.frames import distinct_actors, fill_frame, frame_arguments
from rawabit.extraction.lexicon import Trigger, trigger_lexicon
from rawabit.extraction.roles import ROLE_TRIGGER, UNLISTED, Roles
from rawabit.kb.loader import KnowledgeBase
from rawabit.model import Article, Evidence, Mention, Relation, Sentence
from rawabit.text.normalise import normalise

_WORK_WITH = frozenset(normalise(w) for w in ("العمل مع", "تعمل مع", "يعمل مع", "عملوا مع", "عملت مع"))


class RelationsStage:
    """Pipeline stage: adds relations (needs sentences and mentions)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.lexicon = trigger_lexicon()
        self.roles = Roles(kb)
        self._blocked: set[tuple[int, frozenset[str]]] = set()  # pairs the rules ruled out, per sentence
        self._kinds: dict[str, str] = {}  # actor id -> kind, for the article being processed

    def __call__(self, art: Article) -> Article:
        self._kinds = {a.id: a.kind for a in art.actors}
        self._blocked = set()
        rels: list[Relation] = []
        mentions = sorted(art.mentions, key=lambda m: m.token_start)
        mi = 0
        for si, sent in enumerate(art.sentences):
            sm: list[Mention] = []
            while mi < len(mentions) and mentions[mi].token_start < sent.last_token:
                if mentions[mi].token_start >= sent.first_token:
                    sm.append(mentions[mi])
                mi += 1
            if len({m.actor_id for m in sm}) < 2 and not any(
                    self.roles.story_state(m.actor_id, self._kind) for m in sm):
                continue
            rels.extend(_drop_appositions(self._sentence(art, si, sent, sm)))
        listed = tuple(r for r in _dedupe(rels) if not r.rule.startswith(UNLISTED))
        return art.with_(relations=listed, extra=dict(art.extra, ruled_out=frozenset(self._blocked)))

    # -- one sentence -------------------------------------------------------
    def _sentence(self, art: Article, si: int, sent: Sentence, sm: list[Mention]) -> list[Relation]:
        tokens = art.tokens
        by_token: dict[int, Mention] = {}
        args = frame_arguments(tokens, sent, sm, self._kind)
        for m in sm:
            for k in range(m.token_start, m.token_end):
                by_token[k] = m
        out: list[Relation] = []
        found: list[tuple[Trigger, int, int]] = []
        i = sent.first_token
        hits = self.lexicon.sentence_triggers(tokens, sent.first_token, sent.last_token)
        while i < sent.last_token:
            if i in by_token:
                i = by_token[i].token_end
                continue
            hit = hits[i - sent.first_token]
            if hit is None:
                i += 1
                continue
            trig, length = hit
            found.append((trig, i, i + length))
            pairs = fill_frame(tokens, sent, args, i, i + length, trig, self._kind)
            if demanded(tokens, sent, i):
                # an act someone is urged to do is no relation (yet); nor may the model add it
                self._blocked.update((si, frozenset((a.actor_id, b.actor_id))) for a, b, _ in pairs)
                i += length
                continue
            for src, tgt, rule in pairs:
                t = trig
                if trig.type == "ally" and trig.form in _WORK_WITH:
                    # a person who works with an organisation is one of its people
                    kinds = (self._kind(src.actor_id), self._kind(tgt.actor_id))
                    if kinds.count("person") == 1:
                        src, tgt = (src, tgt) if kinds[0] == "person" else (tgt, src)
                        t, rule = ROLE_TRIGGER, f"works-with:{rule}"
                out.append(self._relation(art, si, sent, src, tgt, t, (i, i + length), rule))
            i += length
        affiliations, ruled_out = self.roles.affiliations(tokens, sent, sm, by_token, self._kind)
        self._blocked.update((si, pair) for pair in ruled_out)
        out.extend(self._relation(art, si, sent, p, org, ROLE_TRIGGER, (k, k + 1), rule)
                   for p, org, k, rule in affiliations)
        if not out:
            out.extend(self._fallback(art, si, sent, args, found))
        return out

    def _fallback(
        self, art: Article, si: int, sent: Sentence, sm: list[Mention], found: list[tuple[Trigger, int, int]]
    ) -> list[Relation]:
        """A sentence with exactly two actors and triggers of one type only: the
        two are related by that type (low confidence, rule ``cooccur``)."""
        actors = distinct_actors(sorted(sm, key=lambda m: m.token_start))
        types = {t.type for t, _, _ in found if t.type != "affiliate"}
        if types - {"ally", "fight", "hostile"}:
            return []  # direction cannot be read off word order
        if len(actors) != 2 or len(types) != 1:
            return []
        a, b = actors
        between = [f for f in found if f[0].type in types and a.token_end <= f[1] and f[2] <= b.token_start]
        if not between:
            return []
        trig, ti, tj = between[0]
        if trig.frame == "receive":
            a, b = b, a
        rel = self._relation(art, si, sent, a, b, trig, (ti, tj), f"cooccur:{trig.type}:{trig.form}")
        return [replace(rel, confidence=0.35)]

    def _kind(self, aid: str) -> str:
        return self._kinds.get(aid, "other")

    def _relation(
        self, art: Article, si: int, sent: Sentence, a: Mention, b: Mention, trig: Trigger,
        tspan: tuple[int, int], rule: str,
    ) -> Relation:
        """The relation of ``a`` to ``b`` the trigger at ``tspan`` states, with its context
        (:mod:`.context`): modality, who says so, time, place."""
        tokens = art.tokens
        lo = min(a.token_start, b.token_start, tspan[0])
        hi = max(a.token_end, b.token_end, tspan[1])
        s, e = tokens[lo].start, tokens[hi - 1].end
        modality, mcue = modality_of(tokens, sent, tspan[0], lo)
        if modality == "negated" and rule.startswith(("role", "nationality")):
            modality, mcue = "asserted", ""  # a denial by the spokesman does not deny his office
        attributed = attribution_of(tokens, sent, art.mentions, lo)
        conf = 0.75 if rule.startswith(("between", "role")) else 0.6
        conf -= 0.02 * max(0, (hi - lo) - 6)
        if modality == "hedged":
            conf -= 0.1
        return Relation(
            source=a.actor_id,
            target=b.actor_id,
            type=trig.type,
            subtype=trig.subtype,
            modality=modality,
            attributed_to=attributed,
            time=time_of(art.text, sent, tokens, tspan[0]),
            place=place_of(sent, tokens, lo),
            evidence=Evidence(s, e, art.text[s:e]),
            confidence=round(max(0.1, min(0.95, conf)), 3),
            rule=rule + (f"|{mcue}" if mcue else ""),
            trigger=(tokens[tspan[0]].start, tokens[tspan[1] - 1].end),
            sentence=si,
        )


def _drop_appositions(rels: list[Relation]) -> list[Relation]:
    """A person and the organisation he is affiliated with in a sentence are one
    party there: drop other relations between them (``انتقد السفير الإسرائيلي داني دانون``)."""
    aff = {frozenset((r.source, r.target)) for r in rels if r.type == "affiliate"}
    return [r for r in rels if r.type == "affiliate" or frozenset((r.source, r.target)) not in aff]


def _dedupe(rels: list[Relation]) -> list[Relation]:
    """One relation per (source, type, target, sentence): two triggers of one sentence state it once,
    by the more confident, then the narrower evidence (``وفرت طالبان ملاذا للقاعدة``: the shelter)."""
    seen: dict[tuple[str, str, str, int], Relation] = {}
    for r in rels:
        if r.source == r.target:
            continue
        k = (*r.key(), r.sentence)
        if k not in seen or _rank(seen[k]) < _rank(r):
            seen[k] = r
    return list(seen.values())


def _rank(r: Relation) -> tuple[float, int]:
    return r.confidence, r.evidence.start - r.evidence.end
