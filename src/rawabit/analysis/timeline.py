"""``rawabit relations A [B]``: the timeline of an actor's or a pair's relations, newest first."""

from __future__ import annotations

import sqlite3
from typing import Any

from rawabit.analysis.edges import date_filters
from rawabit.analysis.resolve import resolve_actor
from rawabit.errors import QueryError
from rawabit.model import RELATION_TYPES

__all__ = ["TIMELINE_COLUMNS", "relations"]

TIMELINE_COLUMNS = (
    "date", "source", "source_name", "type", "target", "target_name", "subtype", "modality", "attributed_to",
    "time", "place", "outlet", "published", "title", "article_id", "cluster_id", "evidence_start",
    "evidence_end", "evidence", "sentence", "confidence", "rule",
)
MODALITIES = ("asserted", "hedged", "negated")


def relations(
    conn: sqlite3.Connection,
    a: str,
    b: str | None = None,
    *,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Relation evidence of actor ``a`` (with ``b``: between the two), newest first.

    Names are resolved in Arabic or English (:func:`resolve_actor`). ``date``
    is the relation's own time, else the article's date; ``since``/``until``
    (YYYY, YYYY-MM or YYYY-MM-DD) filter on it. ``sentence`` is the evidence
    sentence.
    """
    if type and type not in RELATION_TYPES:
        raise QueryError(f"unknown relation type {type!r}; use one of {', '.join(RELATION_TYPES)}")
    if modality and modality not in MODALITIES:
        raise QueryError(f"unknown modality {modality!r}; use one of {', '.join(MODALITIES)}")
    ida = resolve_actor(conn, a)
    where = []
    params: list[Any] = []
    if b is not None:
        idb = resolve_actor(conn, b)
        where.append("((r.source = ? AND r.target = ?) OR (r.source = ? AND r.target = ?))")
        params += [ida, idb, idb, ida]
    else:
        where.append("(r.source = ? OR r.target = ?)")
        params += [ida, ida]
    if type:
        where.append("r.type = ?")
        params.append(type)
    if modality:
        where.append("r.modality = ?")
        params.append(modality)
    date = "coalesce(r.time_end, substr(a.published, 1, 10))"
    w, p = date_filters(since, until, "coalesce(r.time_start, a.published)", date)
    where += w
    params += p
    sql = f"""
        SELECT {date} AS date, r.source, coalesce(s.name_ar, r.source), r.type, r.target,
               coalesce(t.name_ar, r.target), r.subtype, r.modality, r.attributed_to, r.time, r.place,
               a.outlet, a.published, a.title, a.id, a.cluster_id, r.evidence_start, r.evidence_end,
               r.evidence_text,
               CASE WHEN se.idx IS NULL THEN r.evidence_text
                    ELSE substr(a.text, se.start_char + 1, se.end_char - se.start_char) END,
               r.confidence, r.rule
        FROM relations r
        JOIN articles a ON a.id = r.article_id
        LEFT JOIN actors s ON s.id = r.source
        LEFT JOIN actors t ON t.id = r.target
        LEFT JOIN sentences se ON se.article_id = r.article_id AND se.idx = r.sentence_idx
        WHERE {' AND '.join(where)}
        ORDER BY date DESC, a.published DESC, a.seq DESC, r.idx
    """
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [dict(zip(TIMELINE_COLUMNS, row, strict=True)) for row in conn.execute(sql, params)]
