"""Scraped pages saved as text: title line, date line, author line, body, chrome."""

from __future__ import annotations

import re

from rawabit.model import RawArticle
from rawabit.readers.clean import (
    clean_line,
    is_chrome,
    starts_related_block,
    strip_glued_chrome,
    strip_tag_list,
)
from rawabit.text.dates import parse_date
from rawabit.text.normalise import normalise

# Bylines: ``كتب: علي رجب``, ``بقلم علي رجب``, ``إعداد - …``
_BYLINE = re.compile(r"^\s*(?:كتب|كتبت|بقلم|إعداد|اعداد|تحرير|الكاتب|الكاتبة|المحرر|بواسطة)\s*[:\-–]?\s*(.{2,60})$")
_HEADER_LINES = 8  # metadata lives within the first lines of a page


def _author_from_print_line(line: str, title: str) -> str | None:
    """``طباعة <truncated title> <author>``: the words after the title prefix."""
    words = line.split()
    if not words or normalise(words[0]) != "طباعه":
        return None
    rest = words[1:]
    tnorm = [normalise(w) for w in title.split()]
    i = 0
    # the print line repeats a prefix of the title, possibly cut inside a word
    while i < len(rest) and i < len(tnorm) and normalise(rest[i]) == tnorm[i]:
        i += 1
    if i < len(rest) and i < len(tnorm) and tnorm[i].startswith(normalise(rest[i])):
        i += 1
    if i == 0:
        # glued tokens ("مصالح..لماذا"): compare against the joined title
        joined = normalise(" ".join(title.split()))
        acc = ""
        for j, w in enumerate(rest):
            acc = (acc + " " + normalise(w)).strip()
            if joined.startswith(acc):
                i = j + 1
    author = " ".join(rest[i:]).strip(" -–:|")
    return author if 0 < len(author.split()) <= 5 else None


def _byline(line: str) -> str | None:
    m = _BYLINE.match(line)
    if m and len(m.group(1).split()) <= 5:
        return m.group(1).strip(" -–:|")
    return None


def parse_txt(raw: str, source: str | None = None) -> RawArticle:
    """Split a scraped page into title, published, author and cleaned body text."""
    lines = [clean_line(x) for x in raw.splitlines()]
    title: str | None = None
    published: str | None = None
    author: str | None = None
    body: list[str] = []
    header_seen = 0
    for line in lines:
        if not line:
            continue
        if title is None:
            title = line
            continue
        if header_seen < _HEADER_LINES and not body:
            header_seen += 1
            if published is None and len(line) <= 60:
                d = parse_date(line)
                if d:
                    published = d
                    continue
            if author is None:
                a = _author_from_print_line(line, title) or _byline(line)
                if a:
                    author = a
                    continue
        if starts_related_block(line):
            break
        if is_chrome(line):
            continue
        if author is None and len(body) < 3:
            a = _byline(line)
            if a:
                author = a
                continue
        body.append(strip_glued_chrome(line))
    text = strip_tag_list("\n".join(x for x in body if x))
    return RawArticle(text=text, source=source, title=title, published=published, author=author)

