"""``rawabit network``: the signed actor graph and what structural balance says about it.

Ties are signed: ``ally`` and ``support`` are positive, ``fight`` and
``hostile`` negative (``influence`` and ``affiliate`` carry no sign and are
left out of balance). Where a pair has both, the sign with more independent
articles wins; a tie of counts makes the pair "mixed" and keeps it out of the
triads. A triad is unbalanced when the product of its signs is negative:
``+ + −`` (my ally's ally is my enemy) or ``− − −`` (the enemy of my enemy who
is also my enemy).
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterable
from typing import Any

import networkx as nx

from rawabit.analysis.edges import edges
from rawabit.analysis.resolve import resolve_actor

__all__ = ["POSITIVE", "NEGATIVE", "network", "signed_graph"]

POSITIVE = frozenset({"ally", "support"})
NEGATIVE = frozenset({"fight", "hostile"})


def signed_graph(
    conn: sqlite3.Connection,
    *,
    types: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    min_articles: int = 1,
) -> nx.Graph:
    """Undirected graph of actors; edge attribute ``sign`` is +1, -1 or 0 (mixed), ``weight`` its articles."""
    g = nx.Graph()
    score: dict[tuple[str, str], list[int]] = {}
    for e in edges(conn, types=types, since=since, until=until, min_articles=min_articles, include_negated=False):
        if e["type"] not in POSITIVE | NEGATIVE or e["source"] == e["target"]:
            continue
        k = (min(e["source"], e["target"]), max(e["source"], e["target"]))
        s = score.setdefault(k, [0, 0])
        s[0 if e["type"] in POSITIVE else 1] += e["n_articles"]
    names = {r[0]: (r[1], r[2], r[3]) for r in conn.execute("SELECT id, name_en, name_ar, kind FROM actors")}
    for (u, v), (pos, neg) in score.items():
        for n in (u, v):
            if n not in g:
                en, ar, kind = names.get(n, (n, n, "other"))
                g.add_node(n, name_en=en, name_ar=ar, kind=kind)
        sign = 1 if pos > neg else -1 if neg > pos else 0
        g.add_edge(u, v, sign=sign, positive=pos, negative=neg, weight=pos + neg)
    return g


def _label(g: nx.Graph, n: str) -> str:
    return str(g.nodes[n].get("name_en") or n)


def network(
    conn: sqlite3.Connection,
    pair: tuple[str, str] | None = None,
    *,
    types: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    min_articles: int = 1,
    top: int = 20,
) -> dict[str, Any]:
    """Common allies and enemies of ``pair``, unbalanced triads, centrality and communities."""
    g = signed_graph(conn, types=types, since=since, until=until, min_articles=min_articles)
    out: dict[str, Any] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    triads = []
    for u, v, w in _triangles(g):
        signs = (g[u][v]["sign"], g[v][w]["sign"], g[u][w]["sign"])
        if 0 in signs:
            continue
        if signs[0] * signs[1] * signs[2] < 0:
            triads.append({"actors": [u, v, w], "names": [_label(g, x) for x in (u, v, w)],
                           "signs": {f"{u}|{v}": signs[0], f"{v}|{w}": signs[1], f"{u}|{w}": signs[2]}})
    if pair:
        a, b = resolve_actor(conn, pair[0]), resolve_actor(conn, pair[1])
        na = set(g[a]) if a in g else set()
        nb = set(g[b]) if b in g else set()
        common = sorted((na & nb) - {a, b})

        def entry(c: str) -> dict[str, Any]:
            return {"actor": c, "name": _label(g, c), "sign_a": g[a][c]["sign"], "sign_b": g[b][c]["sign"],
                    "articles": g[a][c]["weight"] + g[b][c]["weight"]}

        out["pair"] = [a, b]
        out["pair_sign"] = g[a][b]["sign"] if g.has_edge(a, b) else None
        out["common_allies"] = [entry(c) for c in common if g[a][c]["sign"] > 0 and g[b][c]["sign"] > 0]
        out["common_enemies"] = [entry(c) for c in common if g[a][c]["sign"] < 0 and g[b][c]["sign"] < 0]
        out["split"] = [entry(c) for c in common if g[a][c]["sign"] * g[b][c]["sign"] < 0]
        triads = [t for t in triads if a in t["actors"] or b in t["actors"]]
    out["unbalanced_triads"] = triads
    if g.number_of_nodes():
        deg = nx.degree_centrality(g)
        btw = nx.betweenness_centrality(g)
        out["centrality"] = [
            {"actor": n, "name": _label(g, n), "degree": round(deg[n], 4), "betweenness": round(btw[n], 4),
             "allies": sum(1 for m in g[n] if g[n][m]["sign"] > 0),
             "enemies": sum(1 for m in g[n] if g[n][m]["sign"] < 0)}
            for n in sorted(g, key=lambda n: (-btw[n], -deg[n], n))[:top]
        ]
        pos = nx.Graph((u, v, d) for u, v, d in g.edges(data=True) if d["sign"] > 0)
        comms = nx.community.greedy_modularity_communities(pos, weight="weight") if pos.number_of_edges() else []
        out["communities"] = [
            {"id": i, "actors": sorted(c), "names": [_label(g, x) for x in sorted(c)]}
            for i, c in enumerate(comms)
            if len(c) > 1
        ]
    else:
        out["centrality"], out["communities"] = [], []
    return out


def _triangles(g: nx.Graph) -> Iterable[tuple[str, str, str]]:
    order = {n: i for i, n in enumerate(sorted(g))}
    for u in sorted(g):
        for v, w in itertools.combinations(sorted((x for x in g[u] if order[x] > order[u]), key=lambda x: order[x]), 2):
            if g.has_edge(v, w):
                yield u, v, w
