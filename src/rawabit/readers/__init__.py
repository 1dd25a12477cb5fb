"""Readers: files and folders of ``.txt``, ``.jsonl(.gz)`` and ``.html`` -> RawArticle.

Readers never raise for a bad file: they yield a :class:`ReadError` in its place
so a batch run reports it and goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from rawabit.errors import EmptyInput, ReadError
from rawabit.model import RawArticle
from rawabit.readers.encoding import decode, looks_like_html
from rawabit.readers.jsonl import iter_jsonl
from rawabit.readers.limits import MAX_ARTICLE_CHARS, MAX_PAGE_CHARS, within_limit
from rawabit.readers.txt import parse_txt

SUFFIXES = (".txt", ".jsonl", ".jsonl.gz", ".html", ".htm", ".parquet")
_SKIP = (".gold.json", ".meta.json")
_LONG_TITLE = 1000  # characters: a first line this long is no title

__all__ = ["MAX_ARTICLE_CHARS", "MAX_PAGE_CHARS", "SUFFIXES", "iter_articles", "iter_files", "read_file"]


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(_SKIP):
        return None
    for s in SUFFIXES:
        if name.endswith(s):
            return s
    return None


def iter_files(paths: Iterable[str | Path] | str | Path) -> Iterator[Path | ReadError]:
    """Input files: the given files, and every readable file inside given folders.

    One path may be given alone (a string is one path, not a sequence of one-letter ones).
    """
    for p in [paths] if isinstance(paths, str | Path) else paths:
        path = Path(p)
        if path.is_dir():
            for f in sorted(path.rglob("*")):
                if f.is_file() and _kind(f):
                    yield f
        elif path.is_file():
            yield path
        else:
            yield ReadError(str(path), "no such file or folder")


def read_file(path: Path) -> Iterator[RawArticle | ReadError]:
    """Articles of one file (a JSONL file holds many)."""
    kind = _kind(path)
    if kind in (".jsonl", ".jsonl.gz"):
        yield from iter_jsonl(path)
        return
    if kind == ".parquet":
        from rawabit.readers.parquet import iter_parquet

        yield from iter_parquet(path)
        return
    try:
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(str(path), f"cannot read: {exc.strerror or exc}")
        return
    try:
        text = decode(data, str(path))
    except ReadError as exc:
        yield exc
        return
    if not text.strip():
        yield EmptyInput(str(path), "empty file")
        return
    if kind in (".html", ".htm") or looks_like_html(text) or (kind is None and text.lstrip().startswith("<")):
        # a page is a page whatever its name (a saved page named .txt keeps its markup otherwise)
        if len(text) > MAX_PAGE_CHARS:
            yield ReadError(str(path), f"HTML page of {len(text):,} characters is over the limit of "
                                       f"{MAX_PAGE_CHARS:,} for one page")
            return
        from rawabit.readers.html import parse_html

        try:
            art = parse_html(text, source=str(path))
        except ReadError as exc:
            yield exc
            return
        yield from within_limit(art, str(path))
        return
    art = parse_txt(text, source=str(path))
    if not art.text.strip():
        if art.title and len(art.title) > _LONG_TITLE:
            yield ReadError(str(path), f"the first line, read as the title, has {len(art.title):,} characters "
                                       "and no text follows it: a .txt page has its title on the first line and "
                                       "its text on the lines below")
        else:
            yield ReadError(str(path), "no article text after removing the title and site chrome")
        return
    yield from within_limit(art, str(path))


def iter_articles(paths: Iterable[str | Path] | str | Path) -> Iterator[RawArticle | ReadError]:
    """Every article of every input, in order, with ReadErrors in place of bad files."""
    for f in iter_files(paths):
        if isinstance(f, ReadError):
            yield f
        else:
            yield from read_file(f)
