"""Actor names in queries -> actor ids, from the database's actors table and the KB.

``القاعدة``, ``تنظيم القاعدة``, ``al-Qaeda``, ``AL QAEDA`` and ``al-qaeda`` (the id)
all resolve to one actor; a name that fits several actors is an error that
lists them.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Sequence

from rawabit.errors import QueryError
from rawabit.text.normalise import normalise

__all__ = ["name_key", "resolve_actor", "resolve_words", "actor_names"]

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


def resolve_words(conn: sqlite3.Connection, words: Sequence[str], most: int = 2, least: int = 1,
                  command: str = "rawabit") -> list[str]:
    """Actor ids of the names a command line gives as ``words`` (an unquoted ``حزب الله`` arrives
    as two words): each way of grouping the words, in order, into ``least`` to ``most`` names is
    a reading; the one reading whose every name fits one actor is taken. Several readings, or
    none, are a :class:`QueryError` that shows how to quote a name of several words. Once a
    name is quoted (a word holds a space), each word is taken as one name.
    """
    words = [w for w in words if w.strip()]
    if not words:
        raise QueryError("no actor name given")
    readings: list[tuple[list[str], list[str]]] = []  # (names, ids)
    first_error: QueryError | None = None
    # a word with a space in it was quoted: the user has grouped the words, nothing is guessed
    quoted = any(len(w.split()) > 1 for w in words)
    for names in [words] if quoted and least <= len(words) <= most else _groupings(words, least, most):
        try:
            readings.append((names, [resolve_actor(conn, n) for n in names]))
        except QueryError as exc:
            if names == words:
                first_error = exc  # each word a name: the error of the words as given
    if len(readings) == 1:
        return readings[0][1]
    if readings:
        shown = "; ".join(" + ".join(repr(n) for n in names) for names, _ in readings)
        raise QueryError(f"{' '.join(words)!r} can be read as different actors: {shown}. "
                         f"Quote a name of several words: {_quoted(command, readings[0][0])}")
    if first_error is not None and len(words) <= most:
        raise first_error
    raise QueryError(f"no actor fits {' '.join(words)!r} read as {least} to {most} name(s). Quote a name of "
                     f"several words, e.g. {command} \"حزب الله\"; `rawabit actors search` finds names")


def _groupings(words: list[str], least: int, most: int) -> list[list[str]]:
    """The ways to cut ``words`` into ``least`` to ``most`` consecutive names (at most two)."""
    out = []
    if least <= 1 <= most:
        out.append([" ".join(words)])
    if least <= 2 <= most:
        out += [[" ".join(words[:i]), " ".join(words[i:])] for i in range(1, len(words))]
    return out


def _quoted(command: str, names: list[str]) -> str:
    return " ".join([command, *(f'"{n}"' if " " in n else n for n in names)])
