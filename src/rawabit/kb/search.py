"""Find actors by id, name or alias (Arabic or English), fuzzily; show their lineage."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from rapidfuzz import fuzz, process

from rawabit.errors import QueryError
from rawabit.kb.loader import ActorEntry, KnowledgeBase
from rawabit.text.normalise import normalise


@dataclass(frozen=True)
class Hit:
    """One search result: the actor, the form that matched best, and its score (0-100)."""

    actor: ActorEntry
    form: str
    score: float


def _key(s: str) -> str:
    """Comparison key: Arabic matching-normalisation, English lowercased without punctuation."""
    n = normalise(s)
    return " ".join("".join(c if c.isalnum() else " " for c in n).split())


def _forms(e: ActorEntry) -> list[str]:
    return [e.id, e.name_en, e.name_ar, *e.aliases_en, *e.aliases_ar, *e.short_ar, *e.metonyms]


_INDEXES: dict[int, tuple[KnowledgeBase, list[str], list[tuple[str, str]]]] = {}


def _index(kb: KnowledgeBase) -> tuple[list[str], list[tuple[str, str]]]:
    # A KnowledgeBase holds a dict, so it is not hashable: cache by identity (keeping it alive).
    hit = _INDEXES.get(id(kb))
    if hit is not None and hit[0] is kb:
        return hit[1], hit[2]
    keys: list[str] = []
    owners: list[tuple[str, str]] = []  # (actor id, original form)
    for aid, e in kb.actors.items():
        seen = set()
        for f in _forms(e):
            k = _key(f)
            if k and k not in seen:
                seen.add(k)
                keys.append(k)
                owners.append((aid, f))
    if len(_INDEXES) > 8:
        _INDEXES.clear()
    _INDEXES[id(kb)] = (kb, keys, owners)
    return keys, owners


def list_actors(kb: KnowledgeBase, kind: str | None = None) -> list[ActorEntry]:
    """Actors sorted by id, optionally of one kind."""
    return sorted((e for e in kb.actors.values() if kind is None or e.kind == kind), key=lambda e: e.id)


def search(kb: KnowledgeBase, query: str, limit: int = 10, min_score: float = 60.0) -> list[Hit]:
    """Actors whose names or aliases resemble ``query``, best first (one hit per actor).

    Exact matches of a form rank first, then prefix matches, then rapidfuzz WRatio.
    """
    q = _key(query)
    if not q:
        return []
    keys, owners = _index(kb)
    best: dict[str, Hit] = {}
    for key, score, i in process.extract(q, keys, scorer=fuzz.WRatio, limit=max(limit * 8, 50)):
        if key == q:
            score = 100.0 + 2
        elif key.startswith(q) or q.startswith(key):
            score = min(score + 1, 101.0)
        if score < min_score:
            continue
        aid, form = owners[i]
        if aid not in best or score > best[aid].score:
            best[aid] = Hit(kb.actors[aid], form, float(score))
    return sorted(best.values(), key=lambda h: (-h.score, len(h.form), h.actor.id))[:limit]


def resolve(kb: KnowledgeBase, name: str) -> ActorEntry:
    """The actor named exactly by an id, English name or Arabic alias (case, punctuation and
    Arabic spelling variants aside). Raises QueryError when nothing or several fit: fuzzy
    matches are offered as suggestions, never taken (``foo`` is no World Food Programme)."""
    if name in kb.actors:
        return kb.actors[name]
    q = _key(name)
    exact = sorted({aid for aid, e in kb.actors.items() if any(_key(f) == q for f in _forms(e))})
    if len(exact) == 1:
        return kb.actors[exact[0]]
    if len(exact) > 1:
        raise QueryError(f"{name!r} names several actors: {', '.join(exact)}; give an id")
    hits = search(kb, name, limit=5)
    sugg = (" did you mean " + ", ".join(f"{h.actor.name_en} ({h.actor.id})" for h in hits) + "?") if hits else \
        " `rawabit actors search` finds names by their parts"
    raise QueryError(f"no actor named {name!r};{sugg}")


def parents(kb: KnowledgeBase, e: ActorEntry) -> list[tuple[ActorEntry, str | None]]:
    """The parent chain, nearest first, as (parent, relation of the child to it)."""
    out: list[tuple[ActorEntry, str | None]] = []
    seen = {e.id}
    cur = e
    while cur.parent and cur.parent in kb.actors and cur.parent not in seen:
        rel = cur.parent_rel
        cur = kb.actors[cur.parent]
        seen.add(cur.id)
        out.append((cur, rel))
    return out


def successors(kb: KnowledgeBase, e: ActorEntry) -> list[dict[str, Any]]:
    """Forward succession chain: renames and mergers after ``e``, in order."""
    out: list[dict[str, Any]] = []
    seen = {e.id}
    cur = e
    while True:
        nxt = [s for s in cur.successors if isinstance(s, dict) and s.get("id") in kb.actors]
        if not nxt or nxt[0]["id"] in seen:
            return out
        s = nxt[0]
        out.append({"id": s["id"], "name_en": kb.actors[s["id"]].name_en, "year": s.get("year"), "how": s.get("how")})
        seen.add(s["id"])
        cur = kb.actors[s["id"]]


def predecessors(kb: KnowledgeBase, e: ActorEntry) -> list[dict[str, Any]]:
    """Actors that became ``e`` (directly or through a chain), nearest first."""
    out: list[dict[str, Any]] = []
    frontier, seen = [e.id], {e.id}
    while frontier:
        target = frontier.pop(0)
        for a in kb.actors.values():
            for s in a.successors:
                if isinstance(s, dict) and s.get("id") == target and a.id not in seen:
                    seen.add(a.id)
                    frontier.append(a.id)
                    out.append({"id": a.id, "name_en": a.name_en, "year": s.get("year"), "how": s.get("how")})
    return out


def children(kb: KnowledgeBase, e: ActorEntry) -> list[ActorEntry]:
    """Actors whose parent is ``e`` (branches, organs, members, office holders)."""
    return sorted((a for a in kb.actors.values() if a.parent == e.id), key=lambda a: a.id)


def describe(kb: KnowledgeBase, e: ActorEntry) -> dict[str, Any]:
    """Everything ``rawabit actors show`` prints, as a JSON-ready dict."""
    d = {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(e).items()}
    d["parents"] = [{"id": p.id, "name_en": p.name_en, "rel": rel} for p, rel in parents(kb, e)]
    d["successor_chain"] = successors(kb, e)
    d["predecessors"] = predecessors(kb, e)
    d["children"] = [{"id": c.id, "name_en": c.name_en, "rel": c.parent_rel} for c in children(kb, e)]
    return d


def summary(e: ActorEntry) -> dict[str, Any]:
    """The short form used by ``rawabit actors list --format json``."""
    return {"id": e.id, "name_en": e.name_en, "name_ar": e.name_ar, "kind": e.kind, "wikidata": e.wikidata,
            "parent": e.parent, "parent_rel": e.parent_rel}
