"""The limit on one article's length: longer texts are cut at paragraph breaks, or refused.

Extraction time grows in proportion to an article's length, but a news article
is rarely over 50,000 characters: a longer "article" is a dump of many, or a
page saved wrong. Its text is cut at line breaks into parts of at most
:data:`MAX_ARTICLE_CHARS` characters, each extracted as an article of its own
(id ``ID-part2`` where the record has an id); a text with one paragraph over
the limit has nowhere to be cut and is refused with a :class:`ReadError`
naming the record.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace

from rawabit.errors import ReadError
from rawabit.model import RawArticle

__all__ = ["MAX_ARTICLE_CHARS", "MAX_PAGE_CHARS", "within_limit"]

MAX_ARTICLE_CHARS = 2_000_000
# An HTML page is parsed whole before its text is known (about 2.5 s per million characters):
# a page over this is refused unread.
MAX_PAGE_CHARS = 4 * MAX_ARTICLE_CHARS

log = logging.getLogger(__name__)


def _parts(text: str, limit: int) -> list[str] | None:
    """``text`` cut at line breaks into parts of at most ``limit`` characters; None when a line is longer."""
    parts: list[str] = []
    cur: list[str] = []
    size = 0
    for line in text.split("\n"):
        if len(line) > limit:
            return None
        if cur and size + 1 + len(line) > limit:
            parts.append("\n".join(cur))
            cur, size = [], 0
        size += len(line) + (1 if cur else 0)
        cur.append(line)
    if cur:
        parts.append("\n".join(cur))
    return [p for p in parts if p.strip()]


def within_limit(raw: RawArticle, where: str, limit: int = MAX_ARTICLE_CHARS) -> Iterator[RawArticle | ReadError]:
    """``raw`` itself when its text is within ``limit`` characters, else its parts, or a
    :class:`ReadError` naming ``where`` (the file, or ``file:line``) when it cannot be cut."""
    n = len(raw.text)
    if n <= limit:
        yield raw
        return
    parts = _parts(raw.text, limit)
    if parts is None:
        yield ReadError(where, f"article text of {n:,} characters is over the limit of {limit:,} and has a "
                               f"paragraph longer than that, so it cannot be cut into articles: split it "
                               f"at line breaks, or into several records")
        return
    log.warning("%s: article text of %s characters is over the limit of %s: extracted as %d parts cut at "
                "paragraph breaks", where, f"{n:,}", f"{limit:,}", len(parts))
    for k, part in enumerate(parts, 1):
        yield replace(raw, text=part, id=f"{raw.id}-part{k}" if raw.id else None)
