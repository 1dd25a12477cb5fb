"""The trigger lexicon and the role nouns of ``data/triggers.yaml``.

A trigger is a word or phrase that states a relation (``تحالف``, ``دعم``,
``اشتباكات مع``) and names the frame whose slots its actors fill
(:mod:`rawabit.extraction.frames`); a role noun (``زعيم``, ``المتحدث باسم``)
ties a person to an organisation (:mod:`rawabit.extraction.roles`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rawabit.caches import WORDS_REMEMBERED, forget_older_half
from rawabit.data import load_yaml
from rawabit.model import Token
from rawabit.native import speedups
from rawabit.text.normalise import normalise
from rawabit.text.segment import bare_form


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
        if len(self._cache) > WORDS_REMEMBERED:
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
def trigger_lexicon() -> Lexicon:
    """The lexicon of ``triggers.yaml``, built once per process (its word cache is shared by the
    NER candidate sentences, the rules and the pair model)."""
    return Lexicon(load_yaml("triggers.yaml")["triggers"])


@cache
def role_nouns() -> list[tuple[str, ...]]:
    """The role nouns of ``triggers.yaml`` as normalised words, longest first."""
    return sorted({tuple(normalise(r).split()) for r in load_yaml("triggers.yaml")["roles"]}, key=len, reverse=True)
