"""Relations: typed, directed links between actor mentions in a sentence.

For each sentence, trigger words from ``data/triggers.yaml`` open frames whose
slots are filled with the actor mentions around them (subject before the
trigger or right after a verb, object after it, ``بين A و B``, ``مع``/``ضد``
partners); role nouns link persons and branches to their organisations. Each
relation then gets its modality, who says so, time and place, and the name of
the rule that produced it (``rawabit extract --explain``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import cache

from rawabit.caches import forget_older_half
from rawabit.data import load_yaml
from rawabit.extraction.context import attribution_of, demanded, modality_of, place_of, time_of
from rawabit.extraction.mentions import bare_form
from rawabit.extraction.pairs import Candidate, PairModel, predict
from rawabit.kb.loader import KnowledgeBase
from rawabit.model import Article, Evidence, Mention, Relation, Sentence, Token
from rawabit.native import speedups
from rawabit.text.normalise import normalise

_BEFORE = 9  # tokens looked at before a trigger
_AFTER = 12  # and after it
_PREPS = {"مع": "with", "ضد": "against", "علي": "on", "الي": "to", "من": "from", "في": "in", "عن": "about", "بين": "between", "لدي": "at"}
_FILLERS = frozenset(
    normalise(w)
    for w in (
        "مقاتلو مقاتلي مقاتلين عناصر مسلحو مسلحي قوات جنود أفراد ميليشيات مليشيات تنظيم حركة جماعة "
        "عدد العشرات المئات آلاف مئات عشرات زعيم قادة قائد أنصار مؤيدو مؤيدي كوادر خلايا فصائل وحدات "
        "متمردي متمردو متمردين متشددي متشددو متشددين مواقع معاقل معقل قواعد قيادات قياديي "
        "مقاتلات طائرات طيران قاذفات مدفعية بوارج"
    ).split()
)


_SKIP_BEFORE_ARG = _FILLERS | frozenset(
    normalise(w)
    for w in "دعم الدعم مساعده المساعده مساعدات تمويل التمويل اسلحه الاسلحه حمايه الحمايه خبرات خبراء مدربي مدربين".split()
)

# The nationality of a person only the tagger found (``البرتغالي جوزيه مورينيو``): decided like
# the others, so that nothing else pairs the two, then left out of the output.
_UNLISTED = "nationality-unlisted:affiliate"

# Distinct words a per-process word cache keeps (it forgets its older half when full).
_WORDS_REMEMBERED = 100_000


@dataclass(frozen=True, slots=True)
class Trigger:
    """A lexicon entry: relation type, subtype and frame."""

    type: str
    subtype: str | None
    frame: str
    form: str


class Lexicon:
    """Trigger forms, exact and prefix, single and multi-word."""

    def __init__(self, entries: list[dict[str, object]]) -> None:
        self.exact: dict[str, list[Trigger]] = {}
        self.prefix: dict[str, list[Trigger]] = {}
        self.multi: dict[str, list[tuple[tuple[str, ...], Trigger]]] = {}
        for e in entries:
            for raw in e["forms"]:  # type: ignore[attr-defined]
                form = str(raw)
                star = form.endswith("*")
                words = normalise(form.rstrip("*")).split()
                trig = Trigger(str(e["type"]), e.get("subtype"), str(e["frame"]), form)  # type: ignore[arg-type]
                if len(words) > 1:
                    self.multi.setdefault(words[0], []).append((tuple(words), trig))
                elif star:
                    self.prefix.setdefault(words[0], []).append(trig)
                else:
                    self.exact.setdefault(words[0], []).append(trig)
        self.max_prefix = max((len(k) for k in self.prefix), default=0)
        self._cache: dict[str, tuple[list[tuple[tuple[str, ...], Trigger]], Trigger | None]] = {}
        # the sentences' triggers of the article last asked about (its token tuple, by identity)
        self._memo: tuple[tuple[Token, ...], dict[tuple[int, int], list[tuple[Trigger, int] | None]]] = ((), {})

    def sentence_triggers(self, tokens: tuple[Token, ...], first: int, last: int) -> list[tuple[Trigger, int] | None]:
        """:meth:`match` for each token in ``range(first, last)`` (the compiled ``triggers`` where
        built), computed once per article (NER and both relation passes ask about the same sentences)."""
        memo = self._memo
        if memo[0] is not tokens:
            memo = self._memo = (tokens, {})
        hits = memo[1].get((first, last))
        if hits is None:
            if speedups is not None:
                hits = speedups.triggers(self._cache, self._miss, tokens, first, last)
            else:
                hits = [self.match(tokens, i) for i in range(first, last)]
            memo[1][(first, last)] = hits
        return hits

    def _miss(self, t: Token) -> tuple[list[tuple[tuple[str, ...], Trigger]], Trigger | None]:
        """The cache entry of a word not in the cache yet, stored."""
        cached = self._single(t)
        if len(self._cache) > _WORDS_REMEMBERED:
            forget_older_half(self._cache)
        self._cache[t.norm] = cached
        return cached

    def match(self, tokens: tuple[Token, ...], i: int) -> tuple[Trigger, int] | None:
        """The trigger starting at token ``i`` and its length in tokens, if any (the definition
        the compiled ``triggers`` follows, token by token)."""
        t = tokens[i]
        if not t.is_word:
            return None
        cached = self._cache.get(t.norm)
        if cached is None:
            cached = self._miss(t)
        multi, single = cached
        for words, trig in multi:
            j = i + 1
            ok = True
            for w in words[1:]:
                if j >= len(tokens) or tokens[j].norm != w:
                    ok = False
                    break
                j += 1
            if ok:
                return trig, len(words)
        return (single, 1) if single is not None else None

    def _single(self, t: Token) -> tuple[list[tuple[tuple[str, ...], Trigger]], Trigger | None]:
        """Multi-word entries that may start at this word, and its one-word trigger."""
        forms = _forms(t)
        multi = [x for f in forms for x in self.multi.get(f, ())]
        for f in forms:
            if f in self.exact:
                return multi, self.exact[f][0]
        for f in forms:
            for k in range(min(len(f), self.max_prefix), 2, -1):
                hit = self.prefix.get(f[:k])
                if hit:
                    return multi, hit[0]
        return multi, None


def _forms(t: Token) -> tuple[str, ...]:
    b = bare_form(t)
    out = [t.norm, b]
    if b.startswith("ال"):
        out.append(b[2:])
    elif not t.clitic and len(t.norm) >= 4 and t.norm[0] in "وفبل":
        # a proclitic on a three-letter word is not split by the segmenter (لدعم، بدعم، وحرب)
        out.append(t.norm[1:])
    return tuple(dict.fromkeys(out))


@cache
def _lexicon() -> tuple[Lexicon, list[tuple[str, ...]]]:
    d = load_yaml("triggers.yaml")
    roles = sorted({tuple(normalise(r).split()) for r in d["roles"]}, key=len, reverse=True)
    return Lexicon(d["triggers"]), roles


@dataclass
class _Arg:
    mention: Mention
    prep: str  # '', 'ل', 'ب', or a preposition word from _PREPS


class RelationsStage:
    """Pipeline stage: adds relations (needs sentences and mentions)."""

    def __init__(self, kb: KnowledgeBase, model: PairModel | None = None) -> None:
        self.kb = kb
        self.model = model
        self.lexicon, self.roles = _lexicon()
        self._blocked: set[tuple[int, frozenset[str]]] = set()  # pairs the rules ruled out, per sentence
        self._blocked_in: str | None = None  # the article they belong to
        self._role_words = frozenset(r[0] for r in self.roles if len(r) == 1)
        self._kinds: dict[str, str] = {}  # actor id -> kind, for the article being processed
        self._roles_by_first: dict[str, list[tuple[str, ...]]] = {}
        for r in self.roles:  # longest first, as self.roles is
            self._roles_by_first.setdefault(r[0], []).append(r)
        self._inflected: dict[str, int] = {}  # word -> _inflected_role(word), per process

    def __call__(self, art: Article) -> Article:
        self._kinds = {a.id: a.kind for a in art.actors}
        self._blocked = set()
        self._blocked_in = art.id
        rels: list[Relation] = []
        mentions = sorted(art.mentions, key=lambda m: m.token_start)
        mi = 0
        for si, sent in enumerate(art.sentences):
            sm: list[Mention] = []
            while mi < len(mentions) and mentions[mi].token_start < sent.last_token:
                if mentions[mi].token_start >= sent.first_token:
                    sm.append(mentions[mi])
                mi += 1
            if len({m.actor_id for m in sm}) < 2 and not any(self._story_state(m.actor_id) for m in sm):
                continue
            rels.extend(_drop_appositions(self._sentence(art, si, sent, sm)))
        art = art.with_(relations=tuple(_dedupe(rels)))
        if self.model is not None:
            scored = self._score(art)
            art = art.with_(relations=self._vetted(art, scored) + tuple(self._model_relations(art, scored)))
        listed = tuple(r for r in art.relations if not r.rule.startswith(_UNLISTED))
        return art if len(listed) == len(art.relations) else art.with_(relations=listed)

    def _score(self, art: Article) -> list[tuple[Candidate, str, float]]:
        """The model's probability for every label of every candidate pair."""
        assert self.model is not None
        return predict(art, self.model, {a.id: a.kind for a in art.actors}, threshold=0.0)

    veto: float | None = None  # overrides the model's own veto threshold (tests, CV)

    def _vetted(self, art: Article, scored: list[tuple[Candidate, str, float]] | None = None) -> tuple[Relation, ...]:
        """Rule relations, less those the model scores below its veto threshold."""
        veto = self.veto if self.veto is not None else (self.model.veto if self.model else 0.0)
        if not veto:
            return art.relations
        scores = {}
        for c, lab, p in scored if scored is not None else self._score(art):
            scores[(c.sentence, c.a.actor_id, c.b.actor_id, lab)] = p
        keep = []
        for r in art.relations:
            if r.rule.startswith(("role", "nationality")):
                keep.append(r)
                continue
            fwd = scores.get((r.sentence, r.source, r.target, r.type + (">" if r.type in ("support", "influence", "affiliate") else "")))
            bwd = scores.get((r.sentence, r.target, r.source, r.type + ("<" if r.type in ("support", "influence", "affiliate") else "")))
            p = max(x for x in (fwd, bwd, -1.0) if x is not None)
            if p < 0 or p >= veto:
                keep.append(r)
        return tuple(keep)

    def _model_relations(self, art: Article, scored: list[tuple[Candidate, str, float]] | None = None) -> list[Relation]:
        """Pairs the rules left untyped that the learned model types (rule ``model:…``)."""
        assert self.model is not None
        have = {(r.sentence, frozenset((r.source, r.target))) for r in art.relations}
        if self._blocked_in == art.id:
            have |= self._blocked  # what the rules ruled out in this article, the model may not add
        out = []
        for c, lab, p in scored if scored is not None else self._score(art):
            if p < self.model.threshold or (c.sentence, frozenset((c.a.actor_id, c.b.actor_id))) in have:
                continue
            typ = lab.rstrip("<>")
            src, tgt = (c.b, c.a) if lab.endswith("<") else (c.a, c.b)
            trig = Trigger(typ, None, "model", lab)
            rel = self._relation(art, c.sentence, art.sentences[c.sentence], src, tgt, trig,
                                 (c.a.token_start, c.a.token_end), f"model:{lab}")
            out.append(replace(rel, confidence=round(p * 0.8, 3), trigger=None))
        # one direction per pair and type: the more probable one
        best: dict[tuple[int, str, frozenset[str]], Relation] = {}
        for r in out:
            k = (r.sentence, r.type, frozenset((r.source, r.target)))
            if k not in best or best[k].confidence < r.confidence:
                best[k] = r
        return _dedupe(list(best.values()))

    # -- one sentence -------------------------------------------------------
    def _sentence(self, art: Article, si: int, sent: Sentence, sm: list[Mention]) -> list[Relation]:
        tokens = art.tokens
        by_token: dict[int, Mention] = {}
        # a plural adjective (الفلسطينيين، الأفغان) names people of a state, not the
        # state acting: it takes no part in relations except as a nationality
        ends = {m.token_end: m for m in sm}
        args = [m for m in sm if m.rule != "people" and not _place_adjective(tokens, m) and not _of_people(tokens, m)
                and not (self._kind(m.actor_id) == "other" and _reporter(tokens, sent, m))
                and not _describes(m, ends, self._kind)]
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
            pairs = self._frame(tokens, sent, args, i, i + length, trig)
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
                        t, rule = _ROLE_TRIGGER, f"works-with:{rule}"
                out.append(self._relation(art, si, sent, src, tgt, t, (i, i + length), rule))
            i += length
        out.extend(self._roles(art, si, sent, sm, by_token))
        if not out:
            out.extend(self._fallback(art, si, sent, args, found))
        return out

    def _fallback(
        self, art: Article, si: int, sent: Sentence, sm: list[Mention], found: list[tuple[Trigger, int, int]]
    ) -> list[Relation]:
        """A sentence with exactly two actors and triggers of one type only: the
        two are related by that type (low confidence, rule ``cooccur``)."""
        actors = _distinct(sorted(sm, key=lambda m: m.token_start))
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

    def _frame(
        self, tokens: tuple[Token, ...], sent: Sentence, sm: list[Mention], ti: int, tj: int, trig: Trigger
    ) -> list[tuple[Mention, Mention, str]]:
        lo, hi = _clause(tokens, sent, ti, tj, sm)
        before = [m for m in sm if lo <= m.token_start and m.token_end <= ti and ti - m.token_end <= _BEFORE]
        after = [m for m in sm if tj <= m.token_start < hi and m.token_start - tj <= _AFTER]
        args_after = _inherit_preps(tokens, [_Arg(m, _prep(tokens, m, sent)) for m in after])
        if (trig.frame == "member" and tj - ti > 1 and tokens[tj - 1].norm in _PREPS and args_after
                and args_after[0].mention.token_start == tj):
            # ``العضو في الحلف``, ``جزء من التنظيم``: the trigger's own preposition governs its object
            args_after[0] = _Arg(args_after[0].mention, "")
        args_before = [_Arg(m, _prep(tokens, m, sent)) for m in before]
        name = f"{trig.frame}:{trig.type}:{trig.form}"
        # ``بين A و B``
        k = next((j for j in range(tj, min(tj + 6, hi)) if tokens[j].norm == "بين"), -1)
        if k >= 0 and not any(tj <= m.token_start < k for m in sm):
            between = [m for m in sm if k < m.token_start <= k + 8]
            distinct = _distinct(between)
            second = _second_party(tokens, sm, distinct[0], sent.last_token) if distinct else None
            if second is not None:
                return [(distinct[0], second, f"between:{name}")]
            if len(distinct) >= 2:
                return [(distinct[0], distinct[1], f"between:{name}")]
            return []  # ``بين`` names the parties; with one of them unknown there is no pair
        bare_before = [a.mention for a in sorted(args_before, key=lambda x: -x.mention.token_start) if a.prep in ("", "و")]
        if trig.frame == "sym":
            left = _distinct(bare_before)[:2]
            allowed = ("with", "against", "on", "ل", "to", "", "و") + (("from",) if trig.type == "fight" else ())
            right_args = [a for a in args_after if a.prep in allowed]
            if not left and right_args and not right_args[0].prep and _close(tokens, tj, right_args[0].mention):
                # VSO: the subject follows the verb, with those joined to it by و (هجمات داعش والقاعدة على …)
                left = _chain(tokens, [a.mention for a in right_args])
                right_args = [a for a in right_args[1:] if a.mention not in left]
            right = _chain(tokens, [a.mention for a in right_args])
            # two actors joined after the trigger are not paired with each other: after a verb or
            # a masdar they are its objects, on one side (``قصف مواقع الحوثيين وصالح``,
            # ``تحريرها من مليشيات الحوثي وصالح``); ``بين`` above names two sides
            return [(a, b, name) for a in left for b in right if a.actor_id != b.actor_id]
        subj = _subject(tokens, args_before, args_after, ti, tj)
        if trig.frame == "member":
            # ``X فرع/ذراع/جناح Y``, ``X المرتبطة بـ Y``: the member stands before the trigger
            bare_b = [a.mention for a in sorted(args_before, key=lambda x: -x.mention.token_start) if a.prep in ("", "و")]
            subj = bare_b[0] if bare_b else subj
            if subj is not None and trig.form.startswith(_PARTICIPLES) and not _adjacent(tokens, sm, subj, ti):
                # ``جماعة الحوثي والقوات الموالية لصالح``: the participle qualifies القوات, not the Houthis
                return []
            args_after = [a for a in args_after if a.mention.rule != "nisba"]
        if trig.frame == "give" and _purpose(tokens[ti]):
            # ``وصلت أسلحة من دول التحالف لدعم الجيش اليمني``: "(from) A … to support B";
            # the actor right after a purpose masdar is its object, never a VSO subject
            giver = next((a.mention for a in sorted(args_before, key=lambda x: -x.mention.token_start)
                          if a.prep in ("from", "", "و")), None)
            first = next((a for a in args_after if a.prep in ("", "ل", "to") and a.mention.token_start - tj <= 1), None)
            if giver is None or first is None:
                return []
            objs = [first.mention, *_joined_after(tokens, args_after, first)]  # ``لدعم الجيش والمقاومة``
            return [(giver, o, f"purpose:{name}") for o in objs if o.actor_id != giver.actor_id]
        if trig.frame in ("give", "sway", "member"):
            if subj is None:
                # nominal ``دعم A لـ B``: genitive source, ل/على target
                if args_after and not args_after[0].prep and args_after[0].mention.token_start - tj <= 1:
                    src = args_after[0].mention
                    for a in args_after[1:]:
                        if a.prep in ("ل", "on", "to") and a.mention.actor_id != src.actor_id:
                            return [(src, a.mention, f"genitive:{name}")]
                return []
            want = {"give": ("ل", "", "to", "ب", "with"), "sway": ("on", "ب", "ل", "in", ""),
                    "member": ("", "ل", "to", "with", "ب", "from")}[trig.frame]
            anchor = max(tj, subj.token_end)
            for a in args_after:
                if a.mention is subj or a.mention.actor_id == subj.actor_id:
                    continue
                # a bare object is the direct object: right after the verb and its subject
                if a.prep == "" and a.mention.token_start - anchor > 2:
                    continue
                if a.prep in want:
                    if trig.form in _LEAD_VERBS and a.prep:
                        continue  # ``يقود X شبكة مقربة من باكستان``: one leads a direct object
                    obj = a.mention
                    if trig.frame == "member" and self._kind(subj.actor_id) == "state" and \
                            self._kind(obj.actor_id) == "person":
                        return []  # ``الجيش اليمني الموالي للرئيس هادي``: a state is no man's member
                    if trig.frame == "member" and obj.rule == "organ":
                        # ``الموالية للرئيس اليمني السابق علي عبد الله صالح``: loyal to the man, not the state
                        obj = self._titled_person(tokens, obj, sm) or obj
                    return [(subj, obj, name)]
            return []
        if trig.frame == "led":
            leader = next((a.mention for a in args_after if not a.prep and a.mention.token_start - tj <= 2
                           and a.mention.rule not in ("nisba", "people")), None)  # ``يتزعمه اليمني``: a man
            led = next((a.mention for a in sorted(args_before, key=lambda x: -x.mention.token_start)), None)
            if leader is not None and led is not None and leader.actor_id != led.actor_id:
                return [(leader, led, name)]
            return []
        if trig.frame == "receive":
            if trig.form.startswith(("مدعوم", "المدعوم")):
                # the participle qualifies the actor right before it, whatever governs that actor
                # (``بين المقاومة الشعبية المدعومة بقوات الجيش``)
                before_it = next((a for a in args_before if a.mention.token_end == ti), None)
                if before_it is not None and before_it.prep not in ("in", "at", "on", "to"):
                    subj = before_it.mention
                elif before_it is not None:
                    return []  # ``الميليشيات في اليمن المدعومة من إيران``: a place, not what is backed
            if subj is None:
                return []
            relying = trig.form.startswith(("يعتمد", "تعتمد", "ستعتمد", "سيعتمد", "اعتمد", "الاعتماد"))
            for a in args_after:
                if a.mention.actor_id == subj.actor_id:
                    continue
                backed = trig.form.startswith(("مدعوم", "المدعوم")) and a.prep == "ب"  # المدعومة بقوات X
                if (relying and a.prep == "on") or (not relying and a.prep in ("from", "on")) or backed:
                    out = [(a.mention, subj, name)]
                    # ``المدعومة بقوات الجيش وطائرات التحالف``: givers joined by و
                    last = a.mention
                    for b in args_after[args_after.index(a) + 1:] if backed else ():
                        gap = tokens[last.token_end:b.mention.token_start]
                        joined = b.prep == "و" or (gap and gap[0].norm.startswith("و") and gap[0].is_word)
                        if not joined or len(gap) > 2:
                            break  # ``… بقوات الجيش الوطني وطائرات التحالف``: و joins the givers
                        if b.mention.actor_id != subj.actor_id:
                            out.append((b.mention, subj, name))
                        last = b.mention
                    return out
            return []
        return []

    def _roles(
        self, art: Article, si: int, sent: Sentence, sm: list[Mention], by_token: dict[int, Mention]
    ) -> list[Relation]:
        """Affiliations stated by role nouns and titles.

        - ROLE ORG … PERSON: ``زعيم حركة طالبان الملا محمد عمر``
        - PERSON ، ROLE ORG: ``جيمس كومي، مدير «إف بي آي»``
        - ORG و ROLE+pronoun PERSON: ``تنظيم داعش وزعيمه البغدادي``
        - STATE-ADJECTIVE PERSON: ``الرئيس الأفغاني أشرف غني``, ``المصري عبدالفتاح السيسي``
        """
        tokens = art.tokens
        out: list[Relation] = []
        if not any(self._kind(m.actor_id) == "person" for m in sm):
            return out
        ordered = sorted(sm, key=lambda m: m.token_start)
        words = [k for k in range(sent.first_token, sent.last_token) if tokens[k].is_word]

        def next_mention(after: int, limit: int, person: bool | None) -> Mention | None:
            """First mention starting at or after token ``after`` within ``limit`` words."""
            for m in ordered:
                if m.token_start < after:
                    continue
                n = sum(1 for k in words if after <= k < m.token_start)
                if n > limit:
                    return None
                is_person = self._kind(m.actor_id) == "person"
                if person is None or is_person == person:
                    return m
                if not person and is_person:
                    return None
            return None

        def add(p: Mention, org: Mention, lo: int, rule: str) -> None:
            if p.actor_id != org.actor_id and self._kind(org.actor_id) != "person":
                out.append(self._relation(art, si, sent, p, org, _ROLE_TRIGGER, (lo, lo + 1), rule))

        for pos, k in enumerate(words):
            if k in by_token:
                continue
            role_len = self._role_at(tokens, words, pos)
            if not role_len:
                continue
            end = words[pos + role_len - 1] + 1
            t = tokens[k]
            possessive = role_len == 1 and bare_form(t) not in self._role_words
            if possessive:
                p = next_mention(end, 2, True)
                org = next((m for m in reversed(ordered) if m.token_end <= k and self._kind(m.actor_id) != "person"
                            and k - m.token_end <= 6), None)
                if p is not None and org is not None:
                    add(p, org, k, "role-possessive:affiliate")
                continue
            org = next_mention(end, 3, False)
            if org is not None and org.token_start > 0 and tokens[org.token_start - 1].norm in _POSTED_TO:
                # ``الموفد الدولي إلى اليمن إسماعيل ولد الشيخ أحمد``: sent to the state, not its man
                envoy = next_mention(org.token_end, 4, True)
                if envoy is not None:
                    self._blocked.add((si, frozenset((envoy.actor_id, org.actor_id))))
                continue
            if org is not None:
                p = next_mention(org.token_end, 4, True)
                if p is not None and (any(
                    org.token_end <= m.token_start < p.token_start and m.rule == "organ"
                    and self._titled_person(tokens, m, ordered) is p for m in ordered
                ) or any(self._role_at(tokens, words, q) and q > 0 and _joins(tokens[words[q - 1]], tokens[w])
                         for q, w in enumerate(words) if org.token_end <= w < p.token_start)):
                    # ``قوات الحرس الموالية للرئيس اليمني صالح``, ``وزير الدفاع السعودي، مع الرئيس قاديروف``:
                    # the person has his own title
                    p = None
                if p is not None:
                    add(p, org, k, "role-before:affiliate")
                    continue
                # PERSON ، ROLE ORG
                prev_person = next((m for m in reversed(ordered) if m.token_end <= k), None)
                if (prev_person is not None and self._kind(prev_person.actor_id) == "person"
                        and sum(1 for w in words if prev_person.token_end <= w < k) <= 2):
                    add(prev_person, org, k, "role-after:affiliate")
            else:
                # ``وزير الخارجية عادل الجبير``: the title names no body; the knowledge base
                # knows whose minister he is, and the story names that state
                p = next_mention(end, 2, True)
                state = self._story_state(p.actor_id) if p is not None and _full_name(p) else None
                if p is not None and state is not None:
                    parent = Mention(p.start, p.end, state, "kb-parent", p.surface, p.token_start, p.token_end)
                    add(p, parent, k, "role-kb:affiliate")
        # STATE-ADJECTIVE (or TITLE + ADJECTIVE) right before a person
        for i, m in enumerate(ordered):
            if m.rule not in ("nisba", "organ", "people") or self._kind(m.actor_id) != "state":
                continue
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            if nxt is not None and self._kind(nxt.actor_id) == "person":
                gap = [t for t in tokens[m.token_end : nxt.token_start] if t.is_word]
                if len(gap) <= 1:
                    # a bare adjective (``الألماني``) before someone only the tagger found is mostly
                    # a coach, player or writer's nationality: it still ties the two (no other
                    # relation between them) but is not listed; before a known figure (``الفرنسي
                    # ماكرون``) or after a title (``الرئيس الأمريكي``) it is his state
                    plain = m.rule == "nisba" and nxt.actor_id not in self.kb.actors
                    add(nxt, m, m.token_start, _UNLISTED if plain else "nationality:affiliate")
            # ``السفير الإسرائيلي لدى الأمم المتحدة داني دانون``: the post's place sits between
            after = [x for x in ordered[i + 1 :] if self._kind(x.actor_id) == "person"]
            if m.rule == "organ" and after and m.token_end < len(tokens) and tokens[m.token_end].norm in _POSTED_AT:
                p = after[0]
                gap = [t for t in tokens[m.token_end : p.token_start] if t.is_word]
                if len(gap) <= 5:
                    add(p, m, m.token_start, "nationality-posted:affiliate")
        return out

    def _story_state(self, aid: str) -> str | None:
        """The state the knowledge base places this person in, when the story names it
        (offices of state only: group ties change)."""
        e = self.kb.get(aid)
        if e is None or e.kind != "person" or not e.parent or self._kinds.get(e.parent) != "state":
            return None
        return e.parent

    def _titled_person(self, tokens: tuple[Token, ...], title: Mention, sm: list[Mention]) -> Mention | None:
        """The person a state title names (``الرئيس اليمني [السابق] علي عبد الله صالح``), if one follows."""
        for m in sm:
            if m.token_start >= title.token_end and self._kind(m.actor_id) == "person":
                gap = [t for t in tokens[title.token_end : m.token_start] if t.is_word]
                return m if len(gap) <= 1 else None
        return None

    def _role_at(self, tokens: tuple[Token, ...], words: list[int], pos: int) -> int:
        """Length in words of a role noun starting at word ``pos`` (0 if none)."""
        first = bare_form(tokens[words[pos]])
        for role in self._roles_by_first.get(first, ()):
            k = len(role)
            if pos + k <= len(words) and all(tokens[words[pos + j]].norm == role[j] for j in range(1, k)):
                return k
        inflected = self._inflected.get(first)
        if inflected is None:  # a word met for the first time: remembered, it recurs
            if len(self._inflected) >= _WORDS_REMEMBERED:
                forget_older_half(self._inflected)
            inflected = self._inflected[first] = _inflected_role(first, self._role_words)
        return inflected

    def _kind(self, aid: str) -> str:
        return self._kinds.get(aid, "other")

    def _relation(
        self, art: Article, si: int, sent: Sentence, a: Mention, b: Mention, trig: Trigger,
        tspan: tuple[int, int], rule: str,
    ) -> Relation:
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


_ROLE_TRIGGER = Trigger("affiliate", None, "role", "role")


def _full_name(m: Mention) -> bool:
    """A person named in full (``عادل الجبير``), not by a short or given name (``صالح``, ``عبد الله``)."""
    from rawabit.extraction.mentions import _given_names

    name = normalise(m.surface[len(m.clitic):] if m.clitic and m.surface.startswith(m.clitic) else m.surface)
    return len(name.split()) >= 2 and name not in _given_names()


def _inflected_role(word: str, role_words: frozenset[str]) -> int:
    """1 when ``word`` is a one-word role noun in the feminine or with a possessive pronoun, else 0."""
    if word.endswith("ه") and word[:-1] in role_words:
        return 1  # السفيرة، المتحدثة
    stripped = _strip_pronoun(word)
    if stripped != word and stripped in role_words:
        return 1  # زعيمه، رئيسها
    return 0


def _strip_pronoun(w: str) -> str:
    """``زعيمه`` -> ``زعيم``; ``رئيسها`` -> ``رئيس``."""
    for suf in ("هما", "هم", "ها", "ه"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def _second_party(tokens: tuple[Token, ...], sm: list[Mention], first: Mention, hi: int) -> Mention | None:
    """``بين A المدعومة بـ C و D، و B``: after a long first party, the second follows "، و"."""
    for c in range(first.token_end, min(hi, first.token_end + 16)):
        if tokens[c].norm in ("،", ",") and c + 1 < hi and tokens[c + 1].norm.startswith("و"):
            return next((m for m in sm if c < m.token_start <= c + 4 and m.actor_id != first.actor_id), None)
    return None


def _glued_prep(clitic: str) -> str:
    """``ل`` or ``ب`` when a proclitic carries one (``للقوات``, ``وبالقاعدة``), else ""."""
    if clitic.endswith("لل") or clitic in ("ل", "ول", "فل"):
        return "ل"
    if clitic in ("ب", "وب", "فب") or clitic.endswith("بال"):
        return "ب"
    return ""


def _prep(tokens: tuple[Token, ...], m: Mention, sent: Sentence) -> str:
    """The preposition governing a mention: a glued ل/ب or the word before it."""
    c = m.clitic
    glued = _glued_prep(c)
    if glued:
        return glued
    k = m.token_start - 1
    # skip fillers (مقاتلي داعش, عناصر التنظيم) and the thing given (على دعم القاعدة)
    while k >= sent.first_token and tokens[k].is_word and bare_form(tokens[k]) in _SKIP_BEFORE_ARG:
        glued = _glued_prep(tokens[k].clitic)
        if glued:
            return glued  # ``بقوات الجيش الوطني``, ``لعناصر التنظيم``
        k -= 1
    if k >= sent.first_token:
        w = tokens[k].norm
        w2 = w[1:] if w[:1] in ("و", "ف") and w[1:] in _PREPS else w
        if w2 in _PREPS:
            return _PREPS[w2]
        if w == "جانب" or w.endswith("جانب"):
            return "with"
        if w in ("و",) or c.startswith("و"):
            return "و"
    if c.startswith("و"):
        return "و"
    return ""


_PLACE_HEADS = frozenset(normalise(w) for w in (
    "منطقة مدينة محافظة بلدة قرية ولاية إقليم مقاطعة ناحية قضاء حي مخيم ريف شمال جنوب شرق غرب وسط "
    "شمالي جنوبي شرقي غربي العاصمة").split())


def _place_adjective(tokens: tuple[Token, ...], m: Mention) -> bool:
    """A state adjective that qualifies a place or a topic (``من منطقة عفرين السورية``,
    ``الملف العراقي``): where or what, not who."""
    if m.rule != "nisba" or m.token_start < 1:
        return False
    before = _no_article(bare_form(tokens[m.token_start - 1]))
    if before in _PLACE_HEADS or before in _topic_nouns():
        return True  # ``الملف العراقي``, ``الأراضي الباكستانية``
    return m.token_start >= 2 and _no_article(bare_form(tokens[m.token_start - 2])) in _PLACE_HEADS


def _describes(m: Mention, ends: dict[int, Mention], kind: Callable[[str], str]) -> bool:
    """A state adjective right after the name of an actor that is no state describes that actor
    (``ميليشيات الحوثي الإيرانية``, ``حزب الله اللبناني``): no party of its own to a trigger.
    After a state both qualify the noun before them (``العلاقات السعودية الروسية``)."""
    other = ends.get(m.token_start)
    return (m.rule == "nisba" and other is not None and other.actor_id != m.actor_id
            and kind(other.actor_id) != "state")


def _no_article(w: str) -> str:
    return w[2:] if w.startswith("ال") and len(w) > 3 else w


@cache
def _topic_nouns() -> frozenset[str]:
    return frozenset(_no_article(normalise(x)) for x in load_yaml("organs.yaml").get("topic_nouns", ()))


_PEOPLE_NOUNS = frozenset(normalise(w) for w in (
    "أكراد اكراد عرب سنة شيعة مسيحيو مسيحيي مسيحيين لاجئو لاجئي لاجئين مواطنو مواطني سكان شعب أهالي اهالي "
    "أبناء ابناء نازحي نازحو مهاجري مهاجرو عمال جالية الجالية دروز الدروز علويي علويو تركمان التركمان "
    "إيزيديي إيزيديو يزيديي مسلمي مسلمو يهود").split())


_REPORTING = frozenset(normalise(w) for w in (
    "أفاد أفادت يفيد تفيد قال قالت يقول تقول ذكر ذكرت يذكر تذكر أعلن أعلنت وثق وثقت يوثق رصد رصدت نقل نقلت "
    "بحسب حسب حسبما وفق وفقا أكد أكدت أشار أشارت أوضح أوضحت").split())


def _reporter(tokens: tuple[Token, ...], sent: Sentence, m: Mention) -> bool:
    """A monitor or medium named as the source (``أفاد المرصد``, ``بحسب المرصد``): it reports, it takes no part."""
    for k in range(max(sent.first_token, m.token_start - 2), m.token_start):
        w = tokens[k].norm
        if w in _REPORTING or (w[:1] in ("و", "ف", "ك", "ل") and w[1:] in _REPORTING):
            return True
    return False


def _of_people(tokens: tuple[Token, ...], m: Mention) -> bool:
    """A state named as the home of a people (``أكراد سوريا``, ``لاجئي سوريا``): not the state acting."""
    return m.token_start > 0 and not m.clitic and bare_form(tokens[m.token_start - 1]) in _PEOPLE_NOUNS


def _inherit_preps(tokens: tuple[Token, ...], args: list[_Arg]) -> list[_Arg]:
    """``في العراق وسوريا``: an actor joined by و keeps the preposition of the one before it."""
    for k in range(1, len(args)):
        prev, cur = args[k - 1], args[k]
        if cur.prep == "و" and prev.prep not in ("", "و") and cur.mention.token_start - prev.mention.token_end <= 1:
            args[k] = _Arg(cur.mention, prev.prep)
    return args


# Words between a subject and its verb: ``ما تزال``, ``لا يزال``, ``قد``, ``كانت``.
_AUXILIARIES = frozenset(normalise(w) for w in (
    "ما لا لم قد لقد تزال يزال زالت زال تظل يظل ظلت ظل كانت كان تكون يكون باتت بات أصبحت أصبح "
    "عادت عاد ستظل سيظل").split())


def _joined_after(tokens: tuple[Token, ...], args: list[_Arg], first: _Arg) -> list[Mention]:
    """Actors joined to ``first`` by و right after it (``الجيش اليمني الشرعي والمقاومة``)."""
    out: list[Mention] = []
    last = first.mention
    for b in args[args.index(first) + 1:]:
        gap = [t for t in tokens[last.token_end:b.mention.token_start] if t.is_word]
        if not (b.prep == "و" and len(gap) <= 1):
            break
        out.append(b.mention)
        last = b.mention
    return out


# Participles that qualify the noun right before them (``القوات الموالية لـ``, ``الجماعة التابعة لـ``).
_PARTICIPLES = tuple(normalise(w) for w in ("موال", "الموال", "تابع", "التابع", "مرتبط", "المرتبط"))


def _adjacent(tokens: tuple[Token, ...], sm: list[Mention], m: Mention, ti: int) -> bool:
    """Nothing but other mentions (a state adjective, a quote mark) between ``m`` and token ``ti``."""
    covered = {k for x in sm for k in range(x.token_start, x.token_end)}
    return all(k in covered or not tokens[k].is_word for k in range(m.token_end, ti))


def _joins(prev: Token, role: Token) -> bool:
    """A role that opens another party: ``مع الرئيس``, ``والرئيس`` (not a rank or honorific: ``الشيخ``, ``العقيد``)."""
    return prev.norm in ("مع", "و") or role.norm.startswith("و") or role.clitic.startswith("و")


def _purpose(t: Token) -> bool:
    """A trigger with the purpose ``ل`` glued on (``لدعم``, ``ولمساعدة``)."""
    return t.clitic in ("ل", "ول", "فل") or (t.norm.startswith(("ل", "ول", "فل")) and not t.norm.startswith(("ال", "لل")))


def _subject(
    tokens: tuple[Token, ...], before: list[_Arg], after: list[_Arg], ti: int, tj: int
) -> Mention | None:
    """The subject: an actor right before the verb (SVO, ``إيران ما تزال تساعد الأسد``), else
    the VSO subject right after it (fillers allowed), else the nearest bare mention before."""
    verb = tokens[ti]
    nominal = verb.norm.endswith("ه") or verb.clitic.endswith(("ال", "لل"))  # ``ومساندة التحالف``: a masdar
    for a in sorted(before, key=lambda x: -x.mention.token_start) if not nominal else ():
        gap = [t for t in tokens[a.mention.token_end : ti] if t.is_word]
        if a.prep in ("", "و") and len(gap) <= 2 and all(t.norm in _AUXILIARIES for t in gap):
            return a.mention
        break
    for a in after:
        gap = [t for t in tokens[tj : a.mention.token_start] if t.is_word]
        if all(bare_form(t) in _FILLERS for t in gap) and len(gap) <= 2 and a.prep in ("", "و"):
            return a.mention
        break
    for a in sorted(before, key=lambda x: -x.mention.token_start):
        if a.prep in ("", "و"):
            return a.mention
    return None


_CLAUSE_WORDS = frozenset(
    normalise(w)
    for w in "ان أن إن انه انها بان بأن الذي التي الذين حيث بينما لكن ولكن فيما كما عندما بعدما قبل بعد لان لأن رغم".split()
)
_CLAUSE_PUNCT = frozenset(",;:()[]")


def _clause(
    tokens: tuple[Token, ...], sent: Sentence, ti: int, tj: int, mentions: Sequence[Mention] = ()
) -> tuple[int, int]:
    """Token range of the clause around a trigger: cut at punctuation and
    clause-opening words (إن، الذي، حيث …)."""
    lo = ti
    while lo > sent.first_token:
        t = tokens[lo - 1]
        if (not t.is_word and t.norm in _CLAUSE_PUNCT) or t.norm in _CLAUSE_WORDS:
            # an apposition continues the clause: ``النصرة، وهي فرع القاعدة``
            if not t.is_word and lo < ti and tokens[lo].norm in _APPOSITION:
                lo -= 1
                continue
            if t.norm in _RELATIVE and ti - lo <= 1:
                # ``السعودية التي تقود التحالف``: the antecedent actor is the verb's subject
                lo = next((m.token_start for m in mentions if m.token_end == lo - 1), lo)
            break
        lo -= 1
    hi = tj
    while hi < sent.last_token:
        t = tokens[hi]
        if (not t.is_word and t.norm in _CLAUSE_PUNCT) or t.norm in _CLAUSE_WORDS:
            break
        hi += 1
    return lo, hi


_WORK_WITH = frozenset(normalise(w) for w in ("العمل مع", "تعمل مع", "يعمل مع", "عملوا مع", "عملت مع"))
_RELATIVE = frozenset(normalise(w) for w in "الذي التي".split())  # الذين: people, rarely an actor's name
_LEAD_VERBS = frozenset(normalise(w) for w in "يقود تقود قاد قادت يتزعم تتزعم تزعم".split())
_POSTED_TO = frozenset(normalise(w) for w in "إلى الى لدى".split())
_POSTED_AT = frozenset(normalise(w) for w in "لدى في الى إلى ب".split())
_APPOSITION = frozenset(normalise(w) for w in "وهو وهي هو هي وهم وهما".split())


def _close(tokens: tuple[Token, ...], tj: int, m: Mention) -> bool:
    gap = [t for t in tokens[tj : m.token_start] if t.is_word]
    return len(gap) <= 2 and all(bare_form(t) in _FILLERS for t in gap)


def _chain(tokens: tuple[Token, ...], ms: list[Mention]) -> list[Mention]:
    """The first mention and those joined to it by و (A و B), distinct actors, at most 3."""
    if not ms:
        return []
    out = [ms[0]]
    for m in ms[1:]:
        prev = out[-1]
        a, b = (prev, m) if prev.token_start < m.token_start else (m, prev)
        gap = [t for t in tokens[a.token_end : b.token_start] if t.is_word and bare_form(t) not in _FILLERS]
        joined = (b.clitic.startswith("و") and not gap) or (len(gap) == 1 and gap[0].norm == "و")
        if not joined:
            break
        out.append(m)
    return _distinct(out)[:3]


def _distinct(ms: list[Mention]) -> list[Mention]:
    seen: set[str] = set()
    out = []
    for m in ms:
        if m.actor_id not in seen:
            seen.add(m.actor_id)
            out.append(m)
    return out


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
