"""Parquet input: article tables, and the extracted articles ``rawabit spark-extract`` writes.

Two kinds of table are read:

* **article tables** with the JSONL columns (``text`` required; ``title``,
  ``published``, ``author``, ``url``, ``id``, ``outlet`` optional): each row is
  cleaned like a JSONL line and becomes a :class:`~rawabit.model.RawArticle`;
* **extracted tables** that also carry ``actors`` and ``relations`` (the SPEC
  §2 lists as JSON strings, see :mod:`rawabit.spark.job`): their ``text`` is the
  cleaned body the offsets point into, so it is kept verbatim, and
  :func:`iter_parquet_articles` gives the SPEC §2 dicts themselves so that
  ``rawabit ingest`` can store them without extracting again.

Rows are read in record batches, so memory does not grow with the file.
Reading needs ``pyarrow`` (``pip install rawabit[export]``); without it every
file is reported as a :class:`~rawabit.errors.ReadError`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rawabit.errors import ReadError
from rawabit.model import RawArticle
from rawabit.readers.jsonl import parse_record
from rawabit.readers.limits import within_limit

__all__ = ["ARTICLE_COLUMNS", "EXTRACTED_COLUMNS", "has_extraction", "iter_parquet", "iter_parquet_articles",
           "raw_from_row"]

ARTICLE_COLUMNS = ("id", "text", "title", "published", "author", "url", "outlet", "source")
EXTRACTED_COLUMNS = ("actors", "relations")
_BATCH = 512


def raw_from_row(row: dict[str, Any], where: str, *, extracted: bool = False) -> RawArticle:
    """One table row -> RawArticle, or ReadError naming ``where``.

    An article row is cleaned exactly like a JSONL line. An ``extracted`` row
    keeps its text, id and source as stored (the offsets of its actors and
    relations point into that text).
    """
    if extracted and row.get("error"):
        raise ReadError(str(row.get("source") or where), str(row["error"]))
    return parse_record(row, where, keep_text=extracted)


def _open(path: Path) -> Any:
    """A ``pyarrow.parquet.ParquetFile``; raises ReadError when it cannot be opened."""
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ReadError(str(path), "reading Parquet needs pyarrow: pip install 'rawabit[export]'") from exc
    try:
        return pq.ParquetFile(path)
    except Exception as exc:  # noqa: BLE001 - pyarrow raises several unrelated types for a bad file
        raise ReadError(str(path), f"not a readable Parquet file: {exc}") from exc


def _columns(pf: Any) -> list[str]:
    return list(pf.schema_arrow.names)


def has_extraction(path: str | Path) -> bool:
    """Whether a Parquet file carries ``actors`` and ``relations`` (written by ``rawabit spark-extract``)."""
    try:
        cols = _columns(_open(Path(path)))
    except ReadError:
        return False
    return all(c in cols for c in EXTRACTED_COLUMNS)


def _rows(pf: Any, path: Path, columns: list[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    n = 0
    for batch in pf.iter_batches(batch_size=_BATCH, columns=columns):
        for row in batch.to_pylist():
            n += 1
            yield f"{path}:{n}", row


def iter_parquet(path: Path) -> Iterator[RawArticle | ReadError]:
    """Articles of a Parquet file, one per row; a bad row or file yields a ReadError."""
    try:
        pf = _open(path)
    except ReadError as exc:
        yield exc
        return
    cols = _columns(pf)
    if "text" not in cols:
        yield ReadError(str(path), f"no 'text' column (columns: {', '.join(cols)})")
        return
    extracted = all(c in cols for c in EXTRACTED_COLUMNS)
    wanted = [c for c in (*ARTICLE_COLUMNS, "error") if c in cols]
    try:
        for where, row in _rows(pf, path, wanted):
            try:
                raw = raw_from_row(row, where, extracted=extracted)
            except ReadError as exc:
                yield exc
                continue
            # an extracted row is stored as it is: its offsets point into its whole text
            yield from [raw] if extracted else within_limit(raw, where)
    except Exception as exc:  # noqa: BLE001 - a corrupt row group ends the file, not the run
        yield ReadError(str(path), f"unreadable Parquet data: {exc}")


def iter_parquet_articles(path: Path) -> Iterator[dict[str, Any] | ReadError]:
    """SPEC §2 article dicts (``actors`` and ``relations`` as lists) of an extracted Parquet file.

    Each dict has the keys of ``Article.as_dict()`` (``url`` and ``outlet``
    when set) and can go straight to :func:`rawabit.store.ingest.prepare`.
    A file without ``actors``/``relations`` columns yields one ReadError;
    read it with :func:`iter_parquet` and extract instead.
    """
    try:
        pf = _open(path)
    except ReadError as exc:
        yield exc
        return
    cols = _columns(pf)
    missing = [c for c in ("text", *EXTRACTED_COLUMNS) if c not in cols]
    if missing:
        yield ReadError(str(path), f"not an extracted article table: no {', '.join(missing)} column")
        return
    wanted = [c for c in (*ARTICLE_COLUMNS, *EXTRACTED_COLUMNS, "error") if c in cols]
    try:
        for where, row in _rows(pf, path, wanted):
            try:
                raw = raw_from_row(row, where, extracted=True)
                actors = json.loads(row["actors"] or "[]")
                relations = json.loads(row["relations"] or "[]")
            except ReadError as exc:
                yield exc
                continue
            except (TypeError, json.JSONDecodeError) as exc:
                yield ReadError(where, f"invalid actors/relations JSON: {exc}")
                continue
            d: dict[str, Any] = {
                "id": raw.id,
                "source": raw.source,
                "title": raw.title,
                "published": raw.published,
                "author": raw.author,
                "text": raw.text,
                "actors": actors,
                "relations": relations,
            }
            if raw.url:
                d["url"] = raw.url
            if raw.outlet:
                d["outlet"] = raw.outlet
            yield d
    except Exception as exc:  # noqa: BLE001 - a corrupt row group ends the file, not the run
        yield ReadError(str(path), f"unreadable Parquet data: {exc}")
