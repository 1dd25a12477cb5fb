"""The export writers; :func:`export` picks one by format name."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from rawabit.analysis.edges import EDGE_COLUMNS, edges
from rawabit.errors import QueryError

__all__ = ["FORMATS", "export", "graph", "select"]

FORMATS = ("gexf", "graphml", "csv", "jsonl", "parquet")
NODE_COLUMNS = ("id", "name_en", "name_ar", "kind", "wikidata", "provisional")
EVIDENCE_COLUMNS = (
    "source", "type", "target", "article_id", "idx", "modality", "attributed_to", "time", "place", "published",
    "outlet", "url", "evidence_start", "evidence_end", "evidence_text", "confidence", "rule",
)


def select(
    conn: sqlite3.Connection,
    *,
    types: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    min_sources: int = 1,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(nodes, edges) after the filters; ``min_sources`` counts independent articles."""
    es = edges(conn, types=types, since=since, until=until, min_articles=min_sources)
    ids = sorted({e["source"] for e in es} | {e["target"] for e in es})
    nodes = []
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        rows = conn.execute(
            f"SELECT {', '.join(NODE_COLUMNS)} FROM actors WHERE id IN ({','.join('?' * len(part))})", part
        ).fetchall()
        nodes += [dict(zip(NODE_COLUMNS, r, strict=True)) for r in rows]
    known = {n["id"] for n in nodes}
    nodes += [{"id": x, "name_en": x, "name_ar": x, "kind": "other", "wikidata": None, "provisional": 1}
              for x in ids if x not in known]
    nodes.sort(key=lambda n: n["id"])
    return nodes, es


def _evidence(conn: sqlite3.Connection, es: list[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    cols = ", ".join(
        f"a.{c}" if c in ("published", "outlet", "url") else f"r.{c}"
        for c in EVIDENCE_COLUMNS
    )
    for e in es:
        for r in conn.execute(
            f"SELECT {cols} FROM relations r JOIN articles a ON a.id = r.article_id "
            "WHERE r.edge_source = ? AND r.type = ? AND r.edge_target = ? ORDER BY a.seq, r.idx",
            (e["source"], e["type"], e["target"]),
        ):
            yield dict(zip(EVIDENCE_COLUMNS, r, strict=True))


def _clean(d: dict[str, Any]) -> dict[str, Any]:
    """GEXF/GraphML attributes cannot be None."""
    return {k: ("" if v is None else v) for k, v in d.items()}


def graph(nodes: list[dict[str, Any]], es: list[dict[str, Any]]) -> nx.MultiDiGraph:
    """A networkx graph: one node per actor, one keyed edge per (source, type, target)."""
    g = nx.MultiDiGraph()
    for n in nodes:
        attrs = _clean({k: v for k, v in n.items() if k != "id"})
        attrs["label"] = n["name_en"] or n["id"]
        g.add_node(n["id"], **attrs)
    for e in es:
        # GEXF reserves an edge's "type" (directed/undirected): the relation type is "relation"
        attrs = _clean({k: v for k, v in e.items() if k not in ("source", "target", "type")})
        attrs["relation"] = attrs["label"] = e["type"]
        attrs["weight"] = e["n_articles"]
        attrs["symmetric"] = int(e["symmetric"])
        g.add_edge(e["source"], e["target"], key=e["type"], **attrs)
    return g


def _write_csv(path: Path, columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns))
        w.writeheader()
        for r in rows:
            w.writerow(r)
            n += 1
    return n


def _write_parquet(path: Path, columns: Iterable[str], rows: Iterable[dict[str, Any]]) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise QueryError("Parquet export needs pyarrow: pip install 'rawabit[export]'") from exc
    cols = list(columns)
    data = list(rows)
    table = pa.Table.from_pydict({c: [r[c] for r in data] for c in cols})
    pq.write_table(table, path)


def export(
    conn: sqlite3.Connection,
    fmt: str,
    out: str | Path,
    *,
    types: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    min_sources: int = 1,
) -> list[Path]:
    """Write the graph in ``fmt`` to ``out`` (a file, or a folder for csv and parquet); returns the files."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    out = Path(out)
    folder = fmt in ("csv", "parquet")
    if folder and out.exists() and not out.is_dir():
        raise QueryError(f"{out}: a file of that name exists, and {fmt} export writes a folder "
                         f"(nodes.{fmt}, edges.{fmt}, evidence.{fmt}): give --out a folder")
    if not folder and out.is_dir():
        raise QueryError(f"{out}: a folder of that name exists, and {fmt} export writes one file: "
                         f"give --out a file name")
    nodes, es = select(conn, types=types, since=since, until=until, min_sources=min_sources)
    if fmt in ("gexf", "graphml"):
        out.parent.mkdir(parents=True, exist_ok=True)
        g = graph(nodes, es)
        (nx.write_gexf if fmt == "gexf" else nx.write_graphml)(g, out)
        return [out]
    if fmt == "jsonl":
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("w", encoding="utf-8") as fh:
            for n in nodes:
                fh.write(json.dumps({"element": "node", **n}, ensure_ascii=False) + "\n")
            for e in es:
                fh.write(json.dumps({"element": "edge", **e}, ensure_ascii=False) + "\n")
        return [out]
    out.mkdir(parents=True, exist_ok=True)
    tables = (("nodes", NODE_COLUMNS, nodes), ("edges", EDGE_COLUMNS, es), ("evidence", EVIDENCE_COLUMNS, None))
    files = []
    for name, cols, rows in tables:
        data = rows if rows is not None else _evidence(conn, es)
        path = out / f"{name}.{fmt}"
        if fmt == "csv":
            _write_csv(path, cols, data)
        else:
            _write_parquet(path, cols, data)
        files.append(path)
    return files
