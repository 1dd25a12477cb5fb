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
def _chrome() -> tuple[frozenset[str], tuple[str, ...]]:
    d = load_yaml("chrome.yaml")
    return (
        frozenset(normalise(x) for x in d["lines"]),
        tuple(normalise(x) for x in d["stop_after"]),
    )


def is_chrome(line: str) -> bool:
    """A line that is only site chrome (``طباعة``, ``شارك``...)."""
    lines, _ = _chrome()
    n = normalise(line).strip(" :-|•")
    return n in lines


def starts_related_block(line: str) -> bool:
    """A line that opens a 'read also' block of links to other articles."""
    _, stop_after = _chrome()
    n = normalise(line).strip(" :-|•")
    return any(n == s or (n.startswith(s) and len(n) < len(s) + 3) for s in stop_after)


def strip_glued_chrome(line: str) -> str:
    """Drop a chrome word glued to the end of a paragraph (``…الدول.شارك``)."""
    for word in _glued():
        if line.endswith(word) and len(line) > len(word) and not line[-len(word) - 1].isalpha():
            return line[: -len(word)].rstrip()
    return line


@cache
def _glued() -> tuple[str, ...]:
    return tuple(load_yaml("chrome.yaml")["prefixes"])


@cache
def _tag_list_re() -> re.Pattern[str]:
    labels = sorted(load_yaml("chrome.yaml").get("tag_labels", ()), key=len, reverse=True)
    alt = "|".join(re.escape(x) for x in labels)
    # the label opens the line or follows a sentence end; what follows is a short run of words, no sentence
    return re.compile(rf"(?:^|(?<=[.!?؟»”\"]))\s*(?:{alt})\s*[:：]?\s+[^.!?؟\n]{{1,200}}$")


def strip_tag_list(text: str) -> str:
    """Drop a keyword/tag list that ends an article (``… قتلوا. سمات أشرف غني أفغانستان``)."""
    tail_start = text.rfind("\n") + 1
    m = _tag_list_re().search(text[tail_start:])
    if m is None or len(m.group(0).split()) > 16:
        return text
    return text[: tail_start + m.start()].rstrip()
