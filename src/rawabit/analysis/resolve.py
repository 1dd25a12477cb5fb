"""Actor names in queries -> actor ids, from the database's actors table and the KB.

``القاعدة``, ``تنظيم القاعدة``, ``al-Qaeda``, ``AL QAEDA`` and ``al-qaeda`` (the id)
all resolve to one actor; a name that fits several actors is an error that
lists them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from rawabit.errors import QueryError
from rawabit.text.normalise import normalise

__all__ = ["name_key", "resolve_actor", "actor_names"]

_EN_PREFIX = re.compile(r"^(the|al)[\s-]+")
_PARENS = re.compile(r"\s*\([^)]*\)\s*$")


def name_key(name: str) -> str:
    """A matching key: Arabic normalised, ASCII lower-cased, punctuation and "the"/"al-" dropped."""
    s = normalise(_PARENS.sub("", name.strip()))
    s = _EN_PREFIX.sub("", s)
    s = re.sub(r"[^\w\s]", " ", s)
    return " ".join(s.split())


def _ar_variants(key: str) -> set[str]:
    """A key and the key without a leading ال / proclitic (القاعده ~ قاعده)."""
    out = {key}
    if key.startswith("ال") and len(key) > 4:
        out.add(key[2:])
    return out


def _kb_names() -> Iterable[tuple[str, str]]:
    try:
        from rawabit.kb import load

        kb = load()
    except Exception:  # noqa: BLE001 - the KB is a help for names, not required to query
        return []
    out = []
    for e in kb.actors.values():
        for n in (e.id, e.name_en, e.name_ar, *e.aliases_ar, *e.aliases_en, *e.short_ar):
            if n:
                out.append((e.id, n))
    return out


def actor_names(conn: sqlite3.Connection) -> list[tuple[str, str]]:
    """(actor id, name) pairs from the database and the knowledge base."""
    rows = conn.execute("SELECT id, name_en, name_ar FROM actors").fetchall()
    out = [(r[0], n) for r in rows for n in (r[0], r[1], r[2]) if n]
    out += list(_kb_names())
    return out


def resolve_actor(conn: sqlite3.Connection, name: str) -> str:
    """The id of the actor ``name`` designates.

    Raises :class:`QueryError` when no actor or several actors fit, naming them.
    An id or a name of an actor in the database wins over KB-only actors.
    """
    if not name or not name.strip():
        raise QueryError("empty actor name")
    in_db = {r[0] for r in conn.execute("SELECT id FROM actors")}
    if name in in_db:
        return name
    keys = _ar_variants(name_key(name))
    pairs = actor_names(conn)
    hits: dict[str, set[str]] = {}
    for aid, n in pairs:
        if _ar_variants(name_key(n)) & keys:
            hits.setdefault(aid, set()).add(n)
    if len(hits) > 1:
        stored = {a: ns for a, ns in hits.items() if a in in_db}
        if len(stored) == 1:
            hits = stored
    if len(hits) == 1:
        return next(iter(hits))
    if hits:
        listing = "; ".join(f"{aid} ({', '.join(sorted(ns)[:3])})" for aid, ns in sorted(hits.items()))
        raise QueryError(f"actor name {name!r} is ambiguous: it fits {listing}. Use one of these ids.")
    hint = ""
    try:
        from rapidfuzz import process

        names = {n: aid for aid, n in pairs}
        best = process.extract(name, list(names), limit=3, score_cutoff=60)
        if best:
            hint = " Did you mean " + ", ".join(f"{b[0]!r} ({names[b[0]]})" for b in best) + "?"
    except ImportError:  # pragma: no cover
        pass
    raise QueryError(f"unknown actor {name!r}: no actor in the database or the knowledge base has this name.{hint}")
