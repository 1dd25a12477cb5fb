"""Line-level cleaning of scraped text: invisible characters, site chrome."""

from __future__ import annotations

import re
from functools import cache

from rawabit.data import load_yaml
from rawabit.text.normalise import normalise

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\ufeff\u00ad]")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000\t]")


def clean_line(line: str) -> str:
    """Remove bidi/zero-width controls, make every space a plain space, trim ends."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


@cache
def _chrome() -> tuple[frozenset[str], tuple[str, ...], tuple[str, ...]]:
    d = load_yaml("chrome.yaml")
    return (
        frozenset(normalise(x) for x in d["lines"]),
        tuple(normalise(x) for x in d["stop_after"]),
        tuple(normalise(x) for x in d["prefixes"]),
    )


def is_chrome(line: str) -> bool:
    """A line that is only site chrome (``طباعة``, ``شارك``...)."""
    lines, _, _ = _chrome()
    n = normalise(line).strip(" :-|•")
    return n in lines


def starts_related_block(line: str) -> bool:
    """A line that opens a 'read also' block of links to other articles."""
    _, stop_after, _ = _chrome()
    n = normalise(line).strip(" :-|•")
    return any(n == s or (n.startswith(s) and len(n) < len(s) + 3) for s in stop_after)


def strip_chrome_prefix(line: str) -> str:
    """Remove a leading chrome word glued to a line (``شارك`` + text)."""
    _, _, prefixes = _chrome()
    n = normalise(line)
    for p in prefixes:
        if n.startswith(p + " "):
            return line.split(None, len(p.split()))[-1] if len(line.split()) > len(p.split()) else ""
    return line
