"""Review of provisional actors (found by NER, unknown to the knowledge base)."""

from __future__ import annotations

from typing import Any

from rawabit.store.db import connect_ro


def provisional_actors(db: str, *, min_articles: int = 1, limit: int | None = 100) -> list[dict[str, Any]]:
    """Provisional actors of a database with the number of articles and mentions, most frequent first."""
    conn = connect_ro(db)
    try:
        rows = conn.execute(
            """
            SELECT a.id, a.name_ar, a.name_en, a.kind,
                   COUNT(DISTINCT m.article_id) AS articles, COUNT(m.article_id) AS mentions
            FROM actors a LEFT JOIN mentions m ON m.actor_id = a.id
            WHERE a.provisional = 1
            GROUP BY a.id
            HAVING articles >= ?
            ORDER BY articles DESC, mentions DESC, a.id
            LIMIT ?
            """,
            (min_articles, limit if limit is not None else -1),
        ).fetchall()
    finally:
        conn.close()
    keys = ("id", "name_ar", "name_en", "kind", "articles", "mentions")
    return [dict(zip(keys, r, strict=True)) for r in rows]
