"""Relations: typed, directed links between actor mentions in a sentence.

For each sentence, trigger words from ``data/triggers.yaml`` open frames whose
slots are filled with the actor mentions around them (subject before the
trigger or right after a verb, object after it, ``بين A و B``, ``مع``/``ضد``
partners); role nouns link persons and branches to their organisations. Each
relation then gets its modality, who says so, time and place, and the name of
the rule that produced it (``rawabit extract --explain``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from rawabit.data import load_yaml
from rawabit.extraction.mentions import bare_form
from rawabit.extraction.context import attribution_of, modality_of, place_of, time_of
from rawabit.kb.loader import KnowledgeBase
from rawabit.model import Article, Evidence, Mention, Relation, Sentence, Token
from rawabit.text.normalise import normalise

_BEFORE = 9  # tokens looked at before a trigger
_AFTER = 12  # and after it
_PREPS = {"مع": "with", "ضد": "against", "علي": "on", "الي": "to", "من": "from", "في": "in", "عن": "about", "بين": "between", "لدي": "at"}
_FILLERS = frozenset(
    normalise(w)
    for w in (
        "مقاتلو مقاتلي مقاتلين عناصر مسلحو مسلحي قوات جنود أفراد ميليشيات مليشيات تنظيم حركة جماعة "
        "عدد العشرات المئات آلاف مئات عشرات زعيم قادة قائد أنصار مؤيدو مؤيدي كوادر خلايا فصائل وحدات"
    ).split()
)


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

    def match(self, tokens: tuple[Token, ...], i: int) -> tuple[Trigger, int] | None:
        """The trigger starting at token ``i`` and its length in tokens, if any."""
        t = tokens[i]
        if not t.is_word:
            return None
        forms = _forms(t)
        for f in forms:
            for words, trig in self.multi.get(f, ()):
                j = i + 1
                ok = True
                for w in words[1:]:
                    if j >= len(tokens) or tokens[j].norm != w:
                        ok = False
                        break
                    j += 1
                if ok:
                    return trig, len(words)
        for f in forms:
            if f in self.exact:
                return self.exact[f][0], 1
        for f in forms:
            for k in range(min(len(f), self.max_prefix), 2, -1):
                hit = self.prefix.get(f[:k])
                if hit:
                    return hit[0], 1
        return None


def _forms(t: Token) -> tuple[str, ...]:
    b = bare_form(t)
    out = [t.norm, b]
    if b.startswith("ال"):
        out.append(b[2:])
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

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.lexicon, self.roles = _lexicon()

    def __call__(self, art: Article) -> Article:
        rels: list[Relation] = []
        mentions = sorted(art.mentions, key=lambda m: m.token_start)
        mi = 0
        for si, sent in enumerate(art.sentences):
            sm: list[Mention] = []
            while mi < len(mentions) and mentions[mi].token_start < sent.last_token:
                if mentions[mi].token_start >= sent.first_token:
                    sm.append(mentions[mi])
                mi += 1
            if len({m.actor_id for m in sm}) < 2:
                continue
            rels.extend(self._sentence(art, si, sent, sm))
        return art.with_(relations=tuple(_dedupe(rels)))

    # -- one sentence -------------------------------------------------------
    def _sentence(self, art: Article, si: int, sent: Sentence, sm: list[Mention]) -> list[Relation]:
        tokens = art.tokens
        by_token: dict[int, Mention] = {}
        for m in sm:
            for k in range(m.token_start, m.token_end):
                by_token[k] = m
        out: list[Relation] = []
        i = sent.first_token
        while i < sent.last_token:
            if i in by_token:
                i = by_token[i].token_end
                continue
            hit = self.lexicon.match(tokens, i)
            if hit is None:
                i += 1
                continue
            trig, length = hit
            pairs = self._frame(tokens, sent, sm, i, i + length, trig)
            for src, tgt, rule in pairs:
                out.append(self._relation(art, si, sent, src, tgt, trig, (i, i + length), rule))
            i += length
        out.extend(self._roles(art, si, sent, sm, by_token))
        return out

    def _frame(
        self, tokens: tuple[Token, ...], sent: Sentence, sm: list[Mention], ti: int, tj: int, trig: Trigger
    ) -> list[tuple[Mention, Mention, str]]:
        lo, hi = _clause(tokens, sent, ti, tj)
        before = [m for m in sm if lo <= m.token_start and m.token_end <= ti and ti - m.token_end <= _BEFORE]
        after = [m for m in sm if tj <= m.token_start < hi and m.token_start - tj <= _AFTER]
        args_after = [_Arg(m, _prep(tokens, m, sent)) for m in after]
        args_before = [_Arg(m, _prep(tokens, m, sent)) for m in before]
        name = f"{trig.frame}:{trig.type}:{trig.form}"
        # ``بين A و B``
        k = tj if tj < sent.last_token and tokens[tj].norm == "بين" else tj + 1
        if k < sent.last_token and tokens[k].norm == "بين":
            between = [m for m in sm if k < m.token_start <= k + 8]
            distinct = _distinct(between)
            if len(distinct) >= 2:
                return [(distinct[0], distinct[1], f"between:{name}")]
        bare_before = [a.mention for a in sorted(args_before, key=lambda x: -x.mention.token_start) if a.prep in ("", "و")]
        if trig.frame == "sym":
            left = _distinct(bare_before)[:2]
            right_args = [a for a in args_after if a.prep in ("with", "against", "on", "ل", "to", "", "و")]
            if not left and right_args and not right_args[0].prep and _close(tokens, tj, right_args[0].mention):
                left = [right_args[0].mention]  # VSO: the subject follows the verb
                right_args = right_args[1:]
            right = _chain(tokens, [a.mention for a in right_args if a.prep != "و" or True])
            pairs = [(a, b, name) for a in left for b in right if a.actor_id != b.actor_id]
            if not pairs and len(right) >= 2 and right[0].actor_id != right[1].actor_id and _joined(tokens, right[0], right[1]):
                pairs.append((right[0], right[1], f"conj:{name}"))
            return pairs
        subj = _subject(tokens, args_before, args_after, ti, tj)
        if trig.frame in ("give", "sway", "member"):
            if subj is None:
                # nominal ``دعم A لـ B``: genitive source, ل/على target
                if args_after and not args_after[0].prep and args_after[0].mention.token_start - tj <= 1:
                    src = args_after[0].mention
                    for a in args_after[1:]:
                        if a.prep in ("ل", "on", "to") and a.mention.actor_id != src.actor_id:
                            return [(src, a.mention, f"genitive:{name}")]
                return []
            want = {"give": ("ل", "", "to", "ب", "with"), "sway": ("on", "ب", "ل", "in", ""), "member": ("", "ل", "to", "in", "with")}[trig.frame]
            for a in args_after:
                if a.mention is subj or a.mention.actor_id == subj.actor_id:
                    continue
                if a.prep in want:
                    return [(subj, a.mention, name)]
            return []
        if trig.frame == "receive":
            if subj is None:
                return []
            relying = trig.form.startswith(("يعتمد", "تعتمد", "ستعتمد", "سيعتمد", "اعتمد", "الاعتماد"))
            for a in args_after:
                if a.mention.actor_id == subj.actor_id:
                    continue
                if (relying and a.prep == "on") or (not relying and a.prep in ("from", "on")):
                    return [(a.mention, subj, name)]
            return []
        return []

    def _roles(
        self, art: Article, si: int, sent: Sentence, sm: list[Mention], by_token: dict[int, Mention]
    ) -> list[Relation]:
        """Affiliations stated by role nouns and titles."""
        tokens = art.tokens
        out = []
        persons = [m for m in sm if self._kind(m.actor_id) == "person"]
        if not persons:
            return out
        for p in persons:
            # TITLE + state adjective + PERSON: ``الرئيس الأفغاني أشرف غني``
            prev = [m for m in sm if m.token_end <= p.token_start and p.token_start - m.token_end <= 1 and m is not p]
            for m in prev:
                if m.rule in ("organ", "nisba", "alias", "anaphora") and self._kind(m.actor_id) != "person" and self._role_before(tokens, m, sent):
                    out.append(self._relation(art, si, sent, p, m, _ROLE_TRIGGER, (m.token_start, m.token_end), "role-title:affiliate"))
            # ROLE ORG PERSON: ``زعيم حركة طالبان الملا محمد عمر``
            # PERSON ، ROLE ORG: ``الملا عبد الغني برادر، وهو أحد قادة طالبان``
            for m in sm:
                if m is p or self._kind(m.actor_id) == "person" or m.actor_id == p.actor_id:
                    continue
                if m.token_end <= p.token_start and p.token_start - m.token_end <= 3 and self._role_before(tokens, m, sent, gap=4):
                    if not any(x.token_start >= m.token_end and x.token_end <= p.token_start for x in sm):
                        out.append(self._relation(art, si, sent, p, m, _ROLE_TRIGGER, (m.token_start, m.token_end), "role-before:affiliate"))
                elif p.token_end <= m.token_start and m.token_start - p.token_end <= 6 and self._role_between(tokens, p.token_end, m.token_start):
                    if not any(x.token_start >= p.token_end and x.token_end <= m.token_start and x.actor_id != m.actor_id for x in sm):
                        out.append(self._relation(art, si, sent, p, m, _ROLE_TRIGGER, (p.token_start, m.token_end), "role-after:affiliate"))
        return out

    def _role_before(self, tokens: tuple[Token, ...], m: Mention, sent: Sentence, gap: int = 2) -> bool:
        """A role noun ends within ``gap`` tokens before mention ``m`` (or starts it)."""
        lo = max(sent.first_token, m.token_start - gap - 3)
        for j in range(m.token_start, lo - 1, -1):
            for role in self.roles:
                k = len(role)
                if j - k < lo - 1:
                    continue
                words = tokens[j - k + 1 : j + 1] if j < m.token_start else tokens[j : j + k]
                if len(words) == k and tuple(_norm_word(w, idx == 0) for idx, w in enumerate(words)) == role:
                    if j >= m.token_start or m.token_start - j - 1 <= gap:
                        return True
        return False

    def _role_between(self, tokens: tuple[Token, ...], a: int, b: int) -> bool:
        span = tokens[a:b]
        words = [_norm_word(t, True) for t in span if t.is_word]
        for role in self.roles:
            k = len(role)
            for s in range(len(words) - k + 1):
                if tuple(words[s : s + k]) == role:
                    return True
        return False

    def _kind(self, aid: str) -> str:
        e = self.kb.get(aid)
        return e.kind if e else ("person" if aid.startswith("prov-per") else "other")

    def _relation(
        self, art: Article, si: int, sent: Sentence, a: Mention, b: Mention, trig: Trigger,
        tspan: tuple[int, int], rule: str,
    ) -> Relation:
        tokens = art.tokens
        lo = min(a.token_start, b.token_start, tspan[0])
        hi = max(a.token_end, b.token_end, tspan[1])
        s, e = tokens[lo].start, tokens[hi - 1].end
        modality, mcue = modality_of(tokens, sent, tspan[0], lo)
        attributed = attribution_of(tokens, sent, art.mentions, lo, self.kb)
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
            place=place_of(art.text, sent, tokens, art.mentions, self.kb),
            evidence=Evidence(s, e, art.text[s:e]),
            confidence=round(max(0.1, min(0.95, conf)), 3),
            rule=rule + (f"|{mcue}" if mcue else ""),
            trigger=(tokens[tspan[0]].start, tokens[tspan[1] - 1].end),
            sentence=si,
        )


_ROLE_TRIGGER = Trigger("affiliate", None, "role", "role")


def _norm_word(t: Token, strip: bool) -> str:
    b = bare_form(t) if strip else t.norm
    return b


def _prep(tokens: tuple[Token, ...], m: Mention, sent: Sentence) -> str:
    """The preposition governing a mention: a glued ل/ب or the word before it."""
    c = m.clitic
    if c.endswith("لل") or c in ("ل", "ول", "فل"):
        return "ل"
    if c in ("ب", "وب", "فب") or c.endswith("بال"):
        return "ب"
    k = m.token_start - 1
    # skip fillers (مقاتلي داعش, عناصر التنظيم)
    while k >= sent.first_token and tokens[k].is_word and bare_form(tokens[k]) in _FILLERS:
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


def _subject(
    tokens: tuple[Token, ...], before: list[_Arg], after: list[_Arg], ti: int, tj: int
) -> Mention | None:
    """VSO subject right after the trigger (fillers allowed), else the nearest bare mention before."""
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
_CLAUSE_PUNCT = frozenset(",;:()[]\"'«»-–—")


def _clause(tokens: tuple[Token, ...], sent: Sentence, ti: int, tj: int) -> tuple[int, int]:
    """Token range of the clause around a trigger: cut at punctuation and
    clause-opening words (إن، الذي، حيث …)."""
    lo = ti
    while lo > sent.first_token:
        t = tokens[lo - 1]
        if (not t.is_word and t.norm in _CLAUSE_PUNCT) or t.norm in _CLAUSE_WORDS:
            break
        lo -= 1
    hi = tj
    while hi < sent.last_token:
        t = tokens[hi]
        if hi > tj and ((not t.is_word and t.norm in _CLAUSE_PUNCT) or t.norm in _CLAUSE_WORDS):
            break
        hi += 1
    return lo, hi


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


def _joined(tokens: tuple[Token, ...], a: Mention, b: Mention) -> bool:
    gap = tokens[a.token_end : b.token_start]
    return b.clitic.startswith("و") and not [t for t in gap if t.is_word]


_SPACE = re.compile(r"\s+")


def _dedupe(rels: list[Relation]) -> list[Relation]:
    """One relation per (source, type, target, evidence)."""
    seen: dict[tuple[str, str, str, int, int], Relation] = {}
    for r in rels:
        if r.source == r.target:
            continue
        k = (*r.key(), r.evidence.start, r.evidence.end)
        if k not in seen or seen[k].confidence < r.confidence:
            seen[k] = r
    return list(seen.values())
