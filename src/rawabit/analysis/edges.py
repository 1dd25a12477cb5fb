"""Edges: one per (source, type, target), aggregated from the relation rows.

Symmetric types (ally, fight, hostile) are stored with ``source < target``.
An edge counts evidence rows, independent articles (near-duplicate clusters),
raw articles and outlets, its modality mix, the dates it was reported
(``first_seen``/``last_seen``) and the span of time its evidence gives
(the relation's ``time``, else the article's date).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from datetime import date
from typing import Any

from rawabit.errors import QueryError
from rawabit.model import relation_key

__all__ = ["EDGE_COLUMNS", "date_bound", "edge_key", "edges", "recompute_edges"]

EDGE_COLUMNS = (
    "source", "type", "target", "symmetric", "n_evidence", "n_articles", "n_rows", "n_outlets",
    "n_asserted", "n_hedged", "n_negated", "first_seen", "last_seen", "time_start", "time_end",
)

_SELECT = """
SELECT r.edge_source, r.type, r.edge_target,
       r.type IN ('ally', 'fight', 'hostile'),
       count(*),
       count(DISTINCT a.cluster_id),
       count(DISTINCT r.article_id),
       count(DISTINCT a.outlet),
       sum(r.modality = 'asserted'),
       sum(r.modality = 'hedged'),
       sum(r.modality = 'negated'),
       min(a.published),
       max(a.published),
       min(r.time_start),
       max(r.time_end)
"""
_AGGREGATE = _SELECT + "FROM relations r JOIN articles a ON a.id = r.article_id\n"
# Only the touched edges' rows: CROSS JOIN keeps temp.touched the outer loop, so each key is
# looked up in relations_edge (left to itself the planner scans every relation for its GROUP BY).
_AGGREGATE_TOUCHED = _SELECT + (
    "FROM temp.touched t CROSS JOIN relations r "
    "ON r.edge_source = t.source AND r.type = t.type AND r.edge_target = t.target "
    "JOIN articles a ON a.id = r.article_id\n"
)


def edge_key(source: str, type: str, target: str) -> tuple[str, str, str]:
    """The stored (source, type, target): sorted ends for symmetric types."""
    return relation_key(source, type, target)


def recompute_edges(conn: sqlite3.Connection, keys: Iterable[tuple[str, str, str]] | None = None) -> int:
    """Rebuild the edges of ``keys`` (every edge when ``None``) from the relations table.

    Runs inside the caller's transaction, so edges always agree with the
    relations committed with them.
    """
    if keys is None:
        conn.execute("DELETE FROM edges")
        conn.execute(f"INSERT INTO edges {_AGGREGATE} GROUP BY r.edge_source, r.type, r.edge_target")
        return int(conn.execute("SELECT count(*) FROM edges").fetchone()[0])
    keys = sorted(set(keys))
    if not keys:
        return 0
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS touched (source TEXT, type TEXT, target TEXT)")
    conn.execute("DELETE FROM temp.touched")
    conn.executemany("INSERT INTO temp.touched VALUES (?, ?, ?)", keys)
    # a row-value IN looks each key up by the primary key (EXISTS scanned the whole table)
    conn.execute("DELETE FROM edges WHERE (source, type, target) IN (SELECT source, type, target FROM temp.touched)")
    conn.execute(f"INSERT INTO edges {_AGGREGATE_TOUCHED} GROUP BY r.edge_source, r.type, r.edge_target")
    conn.execute("DELETE FROM temp.touched")
    return len(keys)


_DATE_BOUND = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def date_bound(value: str | None) -> str | None:
    """A ``since``/``until`` value checked: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, a real date.

    Raises :class:`QueryError` for anything else (``abc``, ``2019-99-99``): compared as text, it
    would filter silently and wrongly.
    """
    if value is None or value == "":
        return None
    m = _DATE_BOUND.fullmatch(value.strip())
    try:
        if m is None:
            raise ValueError
        date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        raise QueryError(f"invalid date {value!r}: give YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2019, 2019-07, "
                         "2019-07-31)") from None
    return value.strip()


def date_filters(since: str | None, until: str | None, start: str, end: str) -> tuple[list[str], list[Any]]:
    """SQL conditions keeping rows whose span ``[start, end]`` meets the ``since``/``until`` window
    (each checked by :func:`date_bound`)."""
    since, until = date_bound(since), date_bound(until)
    where: list[str] = []
    params: list[Any] = []
    if since:
        where.append(f"{end} >= ?")
        params.append(str(since))
    if until:
        where.append(f"substr({start}, 1, {len(str(until))}) <= ?")
        params.append(str(until))
    return where, params


def edges(
    conn: sqlite3.Connection,
    *,
    actor: str | None = None,
    types: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    min_articles: int = 1,
    include_negated: bool = True,
) -> list[dict[str, Any]]:
    """Edges as dicts, filtered; ``since``/``until`` (YYYY or YYYY-MM-DD) test the evidence time span.

    With ``include_negated=False`` only edges with asserted or hedged evidence are kept.
    """
    where = ["n_articles >= ?"]
    params: list[Any] = [min_articles]
    if actor:
        where.append("(source = ? OR target = ?)")
        params += [actor, actor]
    ts = list(types or [])
    if ts:
        where.append(f"type IN ({','.join('?' * len(ts))})")
        params += ts
    w, p = date_filters(since, until, "time_start", "time_end")
    where += w
    params += p
    if not include_negated:
        where.append("n_asserted + n_hedged > 0")
    rows = conn.execute(
        f"SELECT {', '.join(EDGE_COLUMNS)} FROM edges WHERE {' AND '.join(where)} "
        "ORDER BY n_articles DESC, source, type, target",
        params,
    ).fetchall()
    return [dict(zip(EDGE_COLUMNS, r, strict=True)) for r in rows]
