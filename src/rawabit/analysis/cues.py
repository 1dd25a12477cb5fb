"""The cue lexicons of ``data/why.yaml``, normalised once, and matching over tokens."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rawabit.data import data_path, load_yaml_file
from rawabit.errors import DataError
from rawabit.model import Token
from rawabit.text.normalise import normalise

__all__ = ["Cue", "CueMatch", "cues", "match_at", "find_cues"]


@dataclass(frozen=True, slots=True)
class Cue:
    """A cue: its words (normalised), its group (list, cause, purpose...) and the form in the file."""

    words: tuple[str, ...]
    group: str
    form: str


@dataclass(frozen=True, slots=True)
class CueMatch:
    cue: Cue
    first: int  # index of the first matched word token
    last: int  # exclusive
    start: int  # character offsets in the text
    end: int


def _words(form: str) -> tuple[str, ...]:
    return tuple(normalise(form.replace("ـ", "")).split())


@cache
def cues(path: str | None = None) -> dict[str, dict[str, tuple[Cue, ...]]]:
    """``{"cues": {group: cues}, "claims": {group: cues}}`` from ``why.yaml`` (or ``path``)."""
    p = Path(path) if path else data_path("why.yaml")
    data = load_yaml_file(p)
    out: dict[str, dict[str, tuple[Cue, ...]]] = {}
    for section in ("cues", "claims"):
        groups = data.get(section) if isinstance(data, dict) else None
        if not isinstance(groups, dict):
            raise DataError(str(p), f"needs a '{section}' mapping of lists")
        out[section] = {}
        for group, forms in groups.items():
            if not isinstance(forms, list) or not all(isinstance(f, str) and f.strip() for f in forms):
                raise DataError(str(p), f"{section}.{group}: must be a list of non-empty strings")
            seen: dict[tuple[str, ...], Cue] = {}
            for f in forms:
                w = _words(f)
                if w and w not in seen:
                    seen[w] = Cue(w, group, f)
            # longest first, so "بسبب أن" wins over "بسبب"
            out[section][group] = tuple(sorted(seen.values(), key=lambda c: -len(c.words)))
    return out


def _strip(norm: str) -> str:
    return norm[1:] if len(norm) > 2 and norm[0] in "وف" else norm


def match_at(words: Sequence[Token], i: int, cue: Cue) -> int:
    """Number of tokens ``cue`` covers at word index ``i`` (0 if it does not match).

    The first word may carry a proclitic و/ف (a one-word cue also matches a token's
    stem: ``لتجنيد`` ~ ``تجنيد``); a final ``ل`` may be attached to the next word.
    """
    n = len(cue.words)
    j = i
    for k, w in enumerate(cue.words):
        if j >= len(words):
            return 0
        tok = words[j].norm
        if k == 0 and tok != w and _strip(tok) != w and not (n == 1 and words[j].stem == w):
            return 0
        if k > 0:
            if k == n - 1 and w == "ل":
                if not tok.startswith("ل"):
                    return 0
                return j - i + 1
            if tok != w:
                return 0
        j += 1
    return j - i


_INDEXES: dict[tuple[int, ...], tuple[tuple[object, ...], dict[str, list[tuple[int, Cue]]]]] = {}


def _by_first(groups: dict[str, tuple[Cue, ...]]) -> dict[str, list[tuple[int, Cue]]]:
    """Cues by their first word, with their longest-first rank.

    Callers build small dicts on the fly, but the cue tuples inside them come
    from the cached ``cues()``: the index is keyed by those tuples, so it stays
    as small as the lexicon.
    """
    values = tuple(groups.values())
    key = tuple(map(id, values))
    hit = _INDEXES.get(key)
    if hit is not None:
        return hit[1]
    ranked = sorted((c for cs in values for c in cs), key=lambda c: -len(c.words))
    index: dict[str, list[tuple[int, Cue]]] = {}
    for rank, c in enumerate(ranked):
        index.setdefault(c.words[0], []).append((rank, c))
    _INDEXES[key] = (values, index)  # keeps the tuples alive, so their ids stay theirs
    return index


def find_cues(words: Sequence[Token], groups: dict[str, tuple[Cue, ...]], only_start: bool = False) -> list[CueMatch]:
    """Every cue match among word tokens, leftmost-longest, not overlapping."""
    index = _by_first(groups)
    out: list[CueMatch] = []
    i = 0
    get = index.get
    while i < len(words):
        t = words[i]
        norm = t.norm
        # the common case first: no cue begins with this word (``_strip`` inlined)
        if norm in index or t.stem in index or (len(norm) > 2 and norm[0] in "وف" and norm[1:] in index):
            found = [hits for k in {norm, _strip(norm), t.stem} if (hits := get(k))]
        else:
            found = None
        if not found:
            i += 1
            if only_start:
                break
            continue
        cands = sorted((rc for hits in found for rc in hits), key=lambda rc: rc[0])
        hit = None
        for _rank, c in cands:
            n = match_at(words, i, c)
            if n:
                hit = CueMatch(c, i, i + n, words[i].start, words[i + n - 1].end)
                break
        if hit:
            out.append(hit)
            i = hit.last
        else:
            i += 1
        if only_start:
            break
    return out
