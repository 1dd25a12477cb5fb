"""JSON Lines input (SPEC §1): one article per line, optionally gzip-compressed."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

from rawabit.errors import EmptyInput, ReadError
from rawabit.model import RawArticle
from rawabit.readers.clean import clean_line, strip_tag_list
from rawabit.readers.encoding import looks_like_html
from rawabit.readers.limits import within_limit


def _clean_text(text: str) -> str:
    lines = (clean_line(x) for x in text.splitlines())
    return strip_tag_list("\n".join(x for x in lines if x))


def _opt(d: dict[str, object], key: str) -> str | None:
    v = d.get(key)
    return str(v) if v not in (None, "") else None


_ISO_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?")
_SPACED_RE = re.compile(r"(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}(?::\d{2})?)")


def iso_published(value: str | None) -> str | None:
    """``published`` as ISO 8601 (SPEC §2): ``2015-08-11 13:46:18`` -> ``2015-08-11T13:46:18``.

    ISO values are kept as they are; other dates (``الإثنين 13/سبتمبر/2021 - 03:45 م``,
    RFC 822) are parsed; a value no parser reads is kept as given.
    """
    if value is None or _ISO_RE.fullmatch(value):
        return value
    m = _SPACED_RE.fullmatch(value.strip())
    if m:
        return f"{m.group(1)}T{m.group(2)}"
    from rawabit.text.dates import parse_date

    return parse_date(value) or value


def parse_record(d: object, where: str, *, keep_text: bool = False) -> RawArticle:
    """One JSON object or table row -> RawArticle, or ReadError naming ``where``.

    ``keep_text`` keeps the text and the ``source`` as stored (rows written by
    ``rawabit spark-extract``, whose offsets point into that text).
    """
    if not isinstance(d, dict):
        raise ReadError(where, "a line must be a JSON object")
    text = d.get("text")
    if text is None or (isinstance(text, str) and not text.strip()):
        raise EmptyInput(where, "missing or empty 'text'")
    if not isinstance(text, str):
        raise ReadError(where, f"'text' must be a string, not {type(text).__name__}")
    page = None
    if not keep_text and looks_like_html(text):
        from rawabit.readers.html import parse_html

        page = parse_html(text, source=where)  # a saved page in the text field: its text, not its markup
    return RawArticle(
        text=text if keep_text else page.text if page else _clean_text(text),
        source=(_opt(d, "source") if keep_text else None) or _opt(d, "url") or where,
        id=_opt(d, "id"),
        title=_opt(d, "title") or (page.title if page else None),
        published=iso_published(_opt(d, "published")) or (page.published if page else None),
        author=_opt(d, "author") or (page.author if page else None),
        url=_opt(d, "url"),
        outlet=_opt(d, "outlet"),
    )


def iter_jsonl(path: Path) -> Iterator[RawArticle | ReadError]:
    """Articles of a ``.jsonl`` / ``.jsonl.gz`` file; a bad line yields a ReadError."""
    opener = gzip.open if path.name.endswith(".gz") else open
    try:
        fh = opener(path, "rt", encoding="utf-8-sig", errors="strict")
    except OSError as exc:
        yield ReadError(str(path), f"cannot open: {exc.strerror or exc}")
        return
    with fh:
        lineno = 0
        while True:
            try:
                line = fh.readline()
            except (UnicodeDecodeError, OSError, EOFError) as exc:
                yield ReadError(f"{path}:{lineno + 1}", f"unreadable: {exc}")
                return
            if not line:
                break
            lineno += 1
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                raw = parse_record(json.loads(line), where)
            except json.JSONDecodeError as exc:
                # ("Unterminated string starting at" ends with its own "at")
                yield ReadError(where, f"invalid JSON: {exc.msg.removesuffix(' at')} at column {exc.colno}")
                continue
            except ReadError as exc:
                yield exc
                continue
            yield from within_limit(raw, where)
