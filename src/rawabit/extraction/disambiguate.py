"""Ambiguous names: the rules of ``data/ambiguity.yaml`` decide, per mention,
whether a form names an actor here and which one (``القاعدة العسكرية`` is a
base; ``التحالف`` in a Yemen story is the Saudi-led coalition)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from rawabit.data import load_yaml
from rawabit.text.normalise import normalise

_BLOCK = ""  # decision: no actor here


@dataclass(frozen=True, eq=False)
class Keywords:
    """Keywords of a rule's context, counted as whole words (a proclitic allowed) in an article."""

    forms: tuple[str, ...]  # normalised, longest first
    rx: re.Pattern[str]

    def count(self, article: str) -> int:
        """How often a keyword occurs in ``article`` (``len(self.rx.findall(article))``).

        A match starts at a form or at most two letters (a proclitic) before one, so the
        regex is tried only there, in order, as ``findall`` would reach them: the cost
        follows the forms' occurrences, not the article's length times the alternatives.
        """
        starts: set[int] = set()
        for f in self.forms:
            i = article.find(f)
            while i >= 0:
                starts.update((i, i - 1, i - 2))
                i = article.find(f, i + 1)
        n = end = 0
        for pos in sorted(starts):
            if pos < end:
                continue
            m = self.rx.match(article, pos) if pos >= 0 else None
            if m is not None:
                n += 1
                end = m.end()
        return n


def _keywords(words: list[str]) -> Keywords | None:
    forms = tuple(sorted({normalise(w) for w in words if normalise(w)}, key=len, reverse=True))
    if not forms:
        return None
    alt = "|".join(re.escape(f) for f in forms)
    return Keywords(forms, re.compile(rf"(?<!\w)(?:و|ف|ب|ل|ك|وب|ول)?(?:{alt})(?!\w)"))


@dataclass(frozen=True)
class Rule:
    """One rule of ambiguity.yaml, normalised."""

    candidates: tuple[str, ...]
    cancel_next: tuple[str, ...]
    cancel_prev: tuple[str, ...]
    cancel_proclitic: frozenset[str]
    require_prev: frozenset[str]
    require_next: frozenset[str]
    require_context: Keywords | None
    has_require: bool
    context: tuple[tuple[Keywords | None, str | None], ...]
    default: str | None
    has_default: bool

    def decide(self, matched: str, clitic: str, prev: str, nxt: str, article: str,
               hits: dict[Keywords, int] | None = None) -> str:
        """The actor id this mention names, or ``""`` when it names none.

        ``hits`` caches keyword counts in ``article``: pass one dict per article so
        its ambiguous names share one count per rule.
        """
        hits = {} if hits is None else hits
        if not self.candidates:
            return _BLOCK
        if clitic and clitic in self.cancel_proclitic:
            return _BLOCK
        if any(nxt.startswith(w) for w in self.cancel_next) or any(prev.endswith(w) for w in self.cancel_prev):
            return _BLOCK
        if self.has_require:
            p_last = prev.split()[-1] if prev else ""
            n_first = nxt.split()[0] if nxt else ""
            ok = p_last in self.require_prev or n_first in self.require_next
            if not ok and self.require_context is not None:
                ok = _hits(self.require_context, article, hits) > 0
            if not ok:
                return _BLOCK
        if self.context:
            best, best_hits = None, 0
            for rx, actor in self.context:
                n = _hits(rx, article, hits) if rx is not None else 0
                if n > best_hits:
                    best, best_hits = actor, n
            if best_hits:
                return best or _BLOCK
            if self.has_default:
                return self.default or _BLOCK
        if matched in self.candidates:
            return matched
        return self.candidates[0]


def _hits(kw: Keywords, article: str, cache: dict[Keywords, int]) -> int:
    """How often ``kw`` occurs in ``article``, counted once per ``cache`` (one per article)."""
    n = cache.get(kw)
    if n is None:
        n = cache[kw] = kw.count(article)
    return n


def _rule(d: dict[str, Any]) -> Rule:
    def norm_list(key: str) -> tuple[str, ...]:
        return tuple(normalise(w) for w in d.get(key) or [])

    req_ctx = d.get("require_context") or []
    return Rule(
        candidates=tuple(d.get("candidates") or []),
        cancel_next=norm_list("cancel_next"),
        cancel_prev=norm_list("cancel_prev"),
        cancel_proclitic=frozenset(d.get("cancel_proclitic") or []),
        require_prev=frozenset(norm_list("require_prev")),
        require_next=frozenset(norm_list("require_next")),
        require_context=_keywords(req_ctx),
        has_require=any(k in d for k in ("require_prev", "require_next", "require_context")),
        context=tuple((_keywords(g.get("keywords") or []), g.get("actor")) for g in d.get("context") or []),
        default=d.get("default"),
        has_default="default" in d,
    )


@cache
def rules() -> dict[str, Rule]:
    """Normalised form -> rule."""
    try:
        data = load_yaml("ambiguity.yaml") or {}
    except Exception:  # noqa: BLE001 - without the file no rule applies
        return {}
    out: dict[str, Rule] = {}
    for d in data.get("rules", []):
        r = _rule(d)
        for f in d.get("forms", []):
            out[normalise(f)] = r
    return out
