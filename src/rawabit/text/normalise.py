"""Matching-normalisation of Arabic text that keeps a map back to the original.

``normalise("وطالبانَ")`` folds diacritics, tatweel, alef/hamza/yaa/taa-marbuta
variants, Arabic-Indic digits and exotic spaces. :class:`NormText` remembers,
for every character of the normalised string, where it came from, so a match in
the normalised string maps back to exact offsets in the original text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from rawabit.data import load_yaml
from rawabit.native import speedups


@cache
def _tables() -> tuple[dict[int, str], re.Pattern[str], dict[int, None]]:
    cm = load_yaml("charmap.yaml")
    one = {ord(k): v for k, v in cm["one_to_one"].items()}
    deletes = "".join(cm["delete"])
    # Deletable characters, or a run of 2+ spaces (collapsed to one: the group keeps the first).
    pattern = re.compile(f"[{re.escape(deletes)}]+|( ) +")
    return one, pattern, {ord(c): None for c in deletes}


@cache
def _folder() -> Callable[[str], str]:
    """``str.translate`` of the one-to-one map, for long texts: ``re.sub`` finds the few
    characters to change in C, where ``translate`` looks every character up in a dict."""
    changed = {chr(k): v for k, v in _tables()[0].items() if chr(k) != v}
    if not changed:
        return lambda s: s
    sub = re.compile("[" + re.escape("".join(changed)) + "]").sub
    get = changed.__getitem__

    def fold(s: str) -> str:
        return sub(lambda m: get(m[0]), s)

    return fold


_BMP = 0x10000  # the Basic Multilingual Plane: the code points the kernels' tables cover


@cache
def _kernel_tables() -> tuple[str, bytes] | None:
    """The one-to-one map and the deletable characters as tables over the Basic Multilingual
    Plane, for the compiled ``fold`` and ``collapse``; None where the kernels cannot run
    (not built, or a map entry outside what they handle)."""
    if speedups is None:
        return None
    one, _, deletes = _tables()
    if any(k >= _BMP or len(v) != 1 or ord(v) >= _BMP for k, v in one.items()) or any(k >= _BMP for k in deletes):
        return None
    table = [chr(i) for i in range(_BMP)]
    for k, v in one.items():
        table[k] = v
    gone = bytearray(_BMP)
    for k in deletes:
        gone[k] = 1
    return "".join(table), bytes(gone)


def _fold(s: str) -> str:
    """``s`` with the one-to-one replacements of ``charmap.yaml`` made."""
    kernel = _kernel_tables()
    if kernel is not None:
        assert speedups is not None
        return speedups.fold(s, kernel[0])
    return _fold_python(s)


def _fold_python(s: str) -> str:
    """:func:`_fold` in Python (the definition its compiled twin follows)."""
    return _folder()(s) if len(s) > 64 else s.translate(_tables()[0])


@dataclass(frozen=True, slots=True)
class NormText:
    """A normalised string with ``offsets[i]`` = index in the original of ``norm[i]``."""

    norm: str
    offsets: list[int]
    original_length: int

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of ``norm`` to the original text."""
        if end <= start:
            pos = self.offsets[start] if start < len(self.offsets) else self.original_length
            return pos, pos
        return self.offsets[start], self.offsets[end - 1] + 1


# (text, normalise(text)) of the last text normalise_text folded: the article just extracted is
# normalised again for its dedup signature (store.ingest.prepare), which then costs nothing
_LAST: tuple[str, str] = ("", "")


def normalise(s: str) -> str:
    """Normalised form of a short string (a name, a token); no offset map."""
    last = _LAST
    if last[0] is s:
        return last[1]
    t = _fold(s).lower()
    pattern = _tables()[1]
    if pattern.search(t) is None:  # most words: nothing to delete, no space run (no re.sub set-up)
        return t.strip()
    return pattern.sub(_keep_space, t).strip()


@cache
def normalised_words(file: str, key: str) -> frozenset[str]:
    """The normalised words of the list ``key`` of a YAML data file (none when it has no such list)."""
    return frozenset(normalise(w) for w in load_yaml(file).get(key, ()))


def _keep_space(m: re.Match[str]) -> str:
    """A match of the deletion pattern's replacement: its one kept space, or nothing."""
    return m[1] or ""


def normalise_text(text: str) -> NormText:
    """Normalise a whole text and keep the offset map back into it.

    Every 1:1 replacement keeps positions; deletions and space runs are cut
    in one pass (compiled ``collapse``, or :func:`_collapse_python`) that keeps
    each character's index.
    """
    one, pattern, _ = _tables()
    t = _fold(text).lower()
    as_normalise = len(t) == len(text)
    if not as_normalise:  # a 1:1 map must keep length; lower() could expand (e.g. 'İ')
        t = "".join(c.translate(one).lower()[:1] or c for c in text)
    kernel = _kernel_tables()
    if kernel is not None:
        assert speedups is not None
        norm, offsets = speedups.collapse(t, kernel[1])
    else:
        norm, offsets = _collapse_python(t, pattern)
    if as_normalise:  # what normalise(text) gives: the same folding and deletions, stripped
        global _LAST
        _LAST = (text, norm.strip())
    return NormText(norm, offsets, len(text))


def _collapse_python(t: str, pattern: re.Pattern[str]) -> tuple[str, list[int]]:
    """``t`` less the deletion pattern's matches (a run of spaces keeps its first), and the index
    in ``t`` of each character kept: the definition the compiled ``collapse`` follows."""
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in pattern.finditer(t):
        s, e = m.span()
        if s > pos:
            parts.append(t[pos:s])
            offsets.extend(range(pos, s))
        if t[s] == " ":  # keep one space of a run
            parts.append(" ")
            offsets.append(s)
        pos = e
    if pos < len(t):
        parts.append(t[pos:])
        offsets.extend(range(pos, len(t)))
    return "".join(parts), offsets


def strip_diacritics(s: str) -> str:
    """Remove diacritics, tatweel and invisible controls only (no letter folding)."""
    return s.translate(_tables()[2])
