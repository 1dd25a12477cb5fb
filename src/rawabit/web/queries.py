"""Read-only queries the web API needs and ``rawabit.analysis`` does not (yet) offer.

Everything here runs on a connection from :func:`rawabit.store.db.connect_ro`.
Where an analysis function exists (edges, relations, why, contradictions,
actor name resolution) the app calls it; this module adds what the screens
need on top: a cached actor-name index for search, the network as nodes and
edges, the actor page, timeline buckets, evidence offsets relative to their
sentence, and articles.
"""

from __future__ import annotations

import bisect
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rawabit.analysis.edges import edges as stored_edges
from rawabit.analysis.resolve import actor_names, name_key
from rawabit.analysis.timeline import relations as pair_relations
from rawabit.errors import QueryError
from rawabit.model import RELATION_TYPES, SYMMETRIC_TYPES

__all__ = [
    "ActorIndex",
    "MODALITIES",
    "actor_page",
    "article",
    "network",
    "pair_evidence",
    "pair_timeline",
]

MODALITIES = ("asserted", "hedged", "negated")


# -- actor names ------------------------------------------------------------


def _variants(key: str) -> set[str]:
    """A name key and the key without its article (القاعده ~ قاعده)."""
    out = {key}
    if key.startswith("ال") and len(key) > 4:
        out.add(key[2:])
    return out


@dataclass(frozen=True)
class _Entry:
    id: str
    name_en: str
    name_ar: str
    kind: str
    keys: tuple[tuple[str, str], ...]  # (name key, name as written)


class ActorIndex:
    """Actor names of one database (its actors plus their knowledge-base aliases), for search.

    Built once and rebuilt when the actors table changes (``rawabit ingest``
    running beside the server adds actors).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._entries: list[_Entry] = []
        self._degree: dict[str, int] = {}

    def _fresh(self, conn: sqlite3.Connection) -> list[_Entry]:
        count, top = conn.execute("SELECT count(*), coalesce(max(rowid), 0) FROM actors").fetchone()
        stamp = (int(count), int(top))
        with self._lock:
            if stamp != self._stamp:
                rows = conn.execute("SELECT id, name_en, name_ar, kind FROM actors").fetchall()
                stored = {r[0]: r for r in rows}
                names: dict[str, dict[str, str]] = {aid: {} for aid in stored}
                for aid, n in actor_names(conn):
                    if aid in names and n:
                        k = name_key(n)
                        if k:
                            names[aid].setdefault(k, n)
                self._entries = [
                    _Entry(aid, r[1], r[2], r[3], tuple(names[aid].items())) for aid, r in sorted(stored.items())
                ]
                self._degree = {}
                for a, b, n in conn.execute(
                    "SELECT source, target, count(*) FROM edges GROUP BY source, target"
                ):
                    self._degree[a] = self._degree.get(a, 0) + n
                    self._degree[b] = self._degree.get(b, 0) + n
                self._stamp = stamp
            return self._entries

    def search(self, conn: sqlite3.Connection, q: str, limit: int = 20) -> list[dict[str, Any]]:
        """Actors whose Arabic or English names contain ``q`` (normalised), best first.

        Exact names rank before prefixes, prefixes before other matches; then
        actors with more edges first.
        """
        key = name_key(q or "")
        if not key:
            return []
        wanted = _variants(key)
        hits: list[tuple[int, int, str, _Entry, str]] = []
        for e in self._fresh(conn):
            best: tuple[int, str] | None = None
            for k, written in e.keys:
                for v in _variants(k):
                    for w in wanted:
                        rank = 0 if v == w else 1 if v.startswith(w) else 2 if w in v else 3
                        if rank < 3 and (best is None or rank < best[0]):
                            best = (rank, written)
            if best is not None:
                hits.append((best[0], -self._degree.get(e.id, 0), e.id, e, best[1]))
        hits.sort(key=lambda h: h[:3])
        return [
            {"id": e.id, "name_en": e.name_en, "name_ar": e.name_ar, "kind": e.kind, "matched": written,
             "degree": -neg}
            for _rank, neg, _id, e, written in hits[:limit]
        ]

    def ids(self, conn: sqlite3.Connection, q: str, limit: int = 50) -> list[str]:
        return [h["id"] for h in self.search(conn, q, limit)]


# -- network ----------------------------------------------------------------


def _names(conn: sqlite3.Connection, ids: Iterable[str]) -> dict[str, tuple[str, str, str]]:
    ids = sorted(set(ids))
    out: dict[str, tuple[str, str, str]] = {}
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        for r in conn.execute(
            f"SELECT id, name_en, name_ar, kind FROM actors WHERE id IN ({','.join('?' * len(chunk))})", chunk
        ):
            out[r[0]] = (r[1], r[2], r[3])
    return out


def network(
    conn: sqlite3.Connection,
    *,
    types: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    modality: str | None = None,
    min_sources: int = 1,
    actors: Sequence[str] | None = None,
    limit: int = 300,
) -> dict[str, Any]:
    """The graph for the network view: the ``limit`` edges with most independent sources.

    ``modality`` keeps edges that have at least one piece of evidence of that
    modality; ``actors`` (ids) keeps edges touching them.
    """
    bad = [t for t in types if t not in RELATION_TYPES]
    if bad:
        raise QueryError(f"unknown relation type {bad[0]!r}; use one of {', '.join(RELATION_TYPES)}")
    if modality and modality not in MODALITIES:
        raise QueryError(f"unknown modality {modality!r}; use one of {', '.join(MODALITIES)}")
    kw: dict[str, Any] = {"types": types or None, "since": since, "until": until, "min_articles": max(1, min_sources)}
    if actors is not None:
        seen: dict[tuple[str, str, str], dict[str, Any]] = {}
        for aid in actors:
            for e in stored_edges(conn, actor=aid, **kw):
                seen[(e["source"], e["type"], e["target"])] = e
        rows = sorted(seen.values(), key=lambda e: (-e["n_articles"], e["source"], e["type"], e["target"]))
    else:
        rows = stored_edges(conn, **kw)
    if modality:
        rows = [e for e in rows if e[f"n_{modality}"] > 0]
    total = len(rows)
    rows = rows[: max(0, limit)]
    names = _names(conn, [x for e in rows for x in (e["source"], e["target"])] + list(actors or []))
    degree: dict[str, int] = {}
    out_edges = []
    for e in rows:
        for x in {e["source"], e["target"]}:
            degree[x] = degree.get(x, 0) + 1
        out_edges.append({
            "id": f"{e['source']}|{e['type']}|{e['target']}",
            "source": e["source"],
            "target": e["target"],
            "type": e["type"],
            "directed": e["type"] not in SYMMETRIC_TYPES,
            "weight": e["n_articles"],
            "n_articles": e["n_articles"],
            "n_outlets": e["n_outlets"],
            "n_evidence": e["n_evidence"],
            "first": e["first_seen"],
            "last": e["last_seen"],
            "time_start": e["time_start"],
            "time_end": e["time_end"],
            "modality": {m: e[f"n_{m}"] for m in MODALITIES},
        })
    node_ids = set(degree) | set(actors or [])
    nodes = []
    for n in sorted(node_ids, key=lambda x: (-degree.get(x, 0), x)):
        en, ar, kind = names.get(n, (n, n, "other"))
        nodes.append({"id": n, "name_en": en, "name_ar": ar, "kind": kind, "degree": degree.get(n, 0)})
    return {"nodes": nodes, "edges": out_edges, "total_edges": total, "truncated": total > len(out_edges)}


# -- actor page ---------------------------------------------------------------


def _kb() -> Any:
    try:
        from rawabit.kb import load

        return load()
    except Exception:  # noqa: BLE001 - the page still shows what the database knows
        return None


def _successor(s: Any) -> dict[str, Any]:
    if isinstance(s, dict):
        return {"id": s.get("id"), "year": s.get("year"), "how": s.get("how")}
    return {"id": str(s), "year": None, "how": None}


def actor_page(conn: sqlite3.Connection, actor_id: str) -> dict[str, Any] | None:
    """Names, aliases, parent and lineage (knowledge base) and relations grouped by type."""
    row = conn.execute(
        "SELECT id, name_en, name_ar, kind, wikidata, provisional FROM actors WHERE id = ?", (actor_id,)
    ).fetchone()
    kb = _kb()
    entry = kb.get(actor_id) if kb is not None else None
    if row is not None:
        name_en, name_ar, kind = row[1], row[2], row[3]
    elif entry is not None:
        name_en, name_ar, kind = entry.name_en, entry.name_ar, entry.kind
    else:
        return None
    out: dict[str, Any] = {
        "id": actor_id,
        "name_en": name_en,
        "name_ar": name_ar,
        "kind": kind,
        "wikidata": (row[4] if row else None) or (entry.wikidata if entry else None),
        "provisional": bool(row[5]) if row else False,
        "in_database": row is not None,
        "aliases_ar": list(entry.aliases_ar) if entry else [],
        "aliases_en": list(entry.aliases_en) if entry else [],
        "active": entry.active if entry else None,
        "parent": None,
        "parent_rel": entry.parent_rel if entry else None,
        "parents": [],
        "children": [],
        "successors": [],
        "predecessors": [],
    }

    def ref(aid: str | None) -> dict[str, Any] | None:
        if not aid:
            return None
        e = kb.get(aid) if kb is not None else None
        r = conn.execute("SELECT name_en, name_ar, kind FROM actors WHERE id = ?", (aid,)).fetchone()
        en, ar, kind = (r[0], r[1], r[2]) if r else ((e.name_en, e.name_ar, e.kind) if e else (aid, aid, "other"))
        return {"id": aid, "name_en": en, "name_ar": ar, "kind": kind, "in_database": r is not None}

    if entry is not None and kb is not None:
        out["parent"] = ref(entry.parent)
        chain, seen, cur, rel = [], {actor_id}, entry.parent, entry.parent_rel
        while cur and cur not in seen:  # the parents chain, guarded against cycles in user data
            seen.add(cur)
            p = ref(cur)
            if p is not None:
                p["rel"] = rel  # how the previous link belongs to this one
                chain.append(p)
            pe = kb.get(cur)
            cur, rel = (pe.parent, pe.parent_rel) if pe else (None, None)
        out["parents"] = chain
        for other in kb.actors.values():
            if other.parent == actor_id:
                c = ref(other.id)
                if c is not None:
                    c["rel"] = other.parent_rel
                    out["children"].append(c)
            for s in other.successors:
                s = _successor(s)
                if s["id"] == actor_id:
                    out["predecessors"].append({**(ref(other.id) or {}), "year": s["year"], "how": s["how"]})
        for s in entry.successors:
            s = _successor(s)
            out["successors"].append({**(ref(s["id"]) or {"id": s["id"]}), "year": s["year"], "how": s["how"]})
        out["children"].sort(key=lambda c: (not c["in_database"], c["name_en"]))
    groups: dict[str, list[dict[str, Any]]] = {t: [] for t in RELATION_TYPES}
    rows = stored_edges(conn, actor=actor_id) if row is not None else []
    names = _names(conn, [x for e in rows for x in (e["source"], e["target"])])
    for e in rows:
        other = e["target"] if e["source"] == actor_id else e["source"]
        en, ar, kind = names.get(other, (other, other, "other"))
        direction = "both" if e["type"] in SYMMETRIC_TYPES else ("out" if e["source"] == actor_id else "in")
        groups[e["type"]].append({
            "other": other, "name_en": en, "name_ar": ar, "kind": kind, "direction": direction,
            "n_articles": e["n_articles"], "n_outlets": e["n_outlets"], "n_evidence": e["n_evidence"],
            "first": e["first_seen"], "last": e["last_seen"],
            "modality": {m: e[f"n_{m}"] for m in MODALITIES},
        })
    out["relations"] = {t: v for t, v in groups.items() if v}
    return out


# -- pair -------------------------------------------------------------------


def _date_sql() -> str:
    # the same date as rawabit.analysis.timeline.relations: the relation's own time, else the article's
    return "coalesce(r.time_end, substr(a.published, 1, 10))"


def pair_timeline(conn: sqlite3.Connection, a: str, b: str, bucket: str = "auto") -> dict[str, Any]:
    """Evidence of the pair counted by period (year or month), type and modality."""
    rows = conn.execute(
        f"""
        SELECT {_date_sql()} AS date, r.type, r.modality, count(*), count(DISTINCT a.cluster_id)
        FROM relations r JOIN articles a ON a.id = r.article_id
        WHERE (r.source = ? AND r.target = ?) OR (r.source = ? AND r.target = ?)
        GROUP BY date, r.type, r.modality
        """,
        (a, b, b, a),
    ).fetchall()
    dated = [r for r in rows if r[0]]
    years = sorted({str(r[0])[:4] for r in dated})
    if bucket == "auto":
        bucket = "month" if len(years) <= 2 else "year"
    width = 7 if bucket == "month" else 4
    agg: dict[tuple[str, str, str], list[int]] = {}
    for date, typ, mod, n, n_art in rows:
        period = str(date)[:width] if date else "?"
        if bucket == "month" and len(period) < 7 and period != "?":
            period = period[:4]  # a date given only as a year stays a year
        cur = agg.setdefault((period, typ, mod), [0, 0])
        cur[0] += n
        cur[1] += n_art
    buckets = [
        {"period": p, "type": t, "modality": m, "n": v[0], "n_articles": v[1]}
        for (p, t, m), v in sorted(agg.items())
    ]
    return {"bucket": bucket, "buckets": buckets}


def _sentence_spans(conn: sqlite3.Connection, article_ids: Iterable[str]) -> dict[str, list[tuple[int, int]]]:
    out: dict[str, list[tuple[int, int]]] = {}
    for aid in set(article_ids):
        out[aid] = [
            (s, e)
            for s, e in conn.execute(
                "SELECT start_char, end_char FROM sentences WHERE article_id = ? ORDER BY start_char", (aid,)
            )
        ]
    return out


def pair_evidence(
    conn: sqlite3.Connection,
    a: str,
    b: str,
    *,
    type: str | None = None,
    since: str | None = None,
    until: str | None = None,
    modality: str | None = None,
    limit: int = 200,
) -> list[dict[str, Any]]:
    """The pair's evidence, newest first, each with its sentence and the span's offsets in that sentence."""
    rows = pair_relations(conn, a, b, type=type, since=since, until=until, modality=modality, limit=limit)
    spans = _sentence_spans(conn, (r["article_id"] for r in rows))
    out = []
    for r in rows:
        sentence, ev = r["sentence"] or r["evidence"], r["evidence"]
        rel_start, rel_end = 0, len(ev)
        sents = spans.get(r["article_id"], [])
        i = bisect.bisect_right([s for s, _ in sents], r["evidence_start"]) - 1
        if i >= 0:
            s_start = sents[i][0]
            rs, re_ = r["evidence_start"] - s_start, r["evidence_end"] - s_start
            if 0 <= rs <= re_ <= len(sentence) and sentence[rs:re_] == ev:
                rel_start, rel_end = rs, re_
            else:
                sentence = ev  # the span crosses a sentence boundary: show the span alone
        elif sentence[rel_start:rel_end] != ev:
            sentence = ev
        out.append({
            "article_id": r["article_id"],
            "cluster_id": r["cluster_id"],
            "date": r["date"],
            "published": r["published"],
            "title": r["title"],
            "outlet": r["outlet"],
            "source": r["source"],
            "source_name": r["source_name"],
            "target": r["target"],
            "target_name": r["target_name"],
            "type": r["type"],
            "subtype": r["subtype"],
            "modality": r["modality"],
            "attributed_to": r["attributed_to"],
            "time": r["time"],
            "place": r["place"],
            "confidence": r["confidence"],
            "rule": r["rule"],
            "sentence": sentence,
            "evidence": {"start": rel_start, "end": rel_end, "text": ev},
            "article_span": {"start": r["evidence_start"], "end": r["evidence_end"]},
        })
    return out


def attribution_names(conn: sqlite3.Connection, values: Iterable[str | None]) -> dict[str, dict[str, str]]:
    """``attributed_to`` values that are actor ids -> their names (others are free text)."""
    names = _names(conn, [v for v in values if v])
    return {k: {"name_en": v[0], "name_ar": v[1]} for k, v in names.items()}


# -- articles ---------------------------------------------------------------


def article(conn: sqlite3.Connection, article_id: str) -> dict[str, Any] | None:
    """An article's text and metadata, with its relations' evidence spans."""
    row = conn.execute(
        "SELECT id, source, url, outlet, title, published, author, text, cluster_id, similarity "
        "FROM articles WHERE id = ?",
        (article_id,),
    ).fetchone()
    if row is None:
        return None
    keys = ("id", "source", "url", "outlet", "title", "published", "author", "text", "cluster_id", "similarity")
    out = dict(zip(keys, row, strict=True))
    out["duplicates"] = conn.execute(
        "SELECT count(*) - 1 FROM articles WHERE cluster_id = ?", (out["cluster_id"],)
    ).fetchone()[0]
    rels = conn.execute(
        """SELECT r.idx, r.source, coalesce(s.name_ar, r.source), coalesce(s.name_en, r.source), r.type,
                  r.target, coalesce(t.name_ar, r.target), coalesce(t.name_en, r.target), r.modality,
                  r.attributed_to, r.evidence_start, r.evidence_end
           FROM relations r LEFT JOIN actors s ON s.id = r.source LEFT JOIN actors t ON t.id = r.target
           WHERE r.article_id = ? ORDER BY r.evidence_start, r.idx""",
        (article_id,),
    ).fetchall()
    out["relations"] = [
        {"idx": r[0], "source": r[1], "source_ar": r[2], "source_en": r[3], "type": r[4], "target": r[5],
         "target_ar": r[6], "target_en": r[7], "modality": r[8], "attributed_to": r[9],
         "start": r[10], "end": r[11]}
        for r in rels
    ]
    return out
