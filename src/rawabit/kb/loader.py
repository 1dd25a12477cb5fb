"""Load the actor knowledge base from packaged and user YAML files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rawabit.data import data_path, load_yaml_file
from rawabit.errors import DataError

KINDS = frozenset({"armed_group", "state", "political_org", "person", "international_org", "coalition", "other"})
LIST_FIELDS = (
    "aliases_ar", "aliases_en", "short_ar", "metonyms", "nisba", "nisba_plural", "descriptors",
    "countries", "successors", "sources",
)
SCALAR_FIELDS = ("name_en", "name_ar", "kind", "wikidata", "parent", "parent_rel", "active")


@dataclass(frozen=True)
class ActorEntry:
    """One actor of the knowledge base (schema in ``data/actors/README.md``)."""

    id: str
    name_en: str
    name_ar: str
    kind: str
    wikidata: str | None = None
    parent: str | None = None
    parent_rel: str | None = None
    active: str | None = None
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    short_ar: tuple[str, ...] = ()
    metonyms: tuple[str, ...] = ()
    nisba: tuple[str, ...] = ()
    nisba_plural: tuple[str, ...] = ()
    descriptors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    successors: tuple[Any, ...] = ()
    sources: tuple[str, ...] = ()
    origin: tuple[str, ...] = field(default=(), compare=False)  # files that defined it


@dataclass(frozen=True)
class KnowledgeBase:
    """All actors by id."""

    actors: dict[str, ActorEntry]
    files: tuple[str, ...]

    def get(self, actor_id: str) -> ActorEntry | None:
        return self.actors.get(actor_id)

    def __len__(self) -> int:
        return len(self.actors)


def packaged_files() -> list[Path]:
    """The packaged actor files in load order."""
    return sorted(data_path("actors").glob("*.yaml"))


def _merge(raw: dict[str, dict[str, Any]], entry: dict[str, Any], path: str, index: int) -> None:
    if not isinstance(entry, dict) or not entry.get("id"):
        raise DataError(path, f"entry {index}: every actor needs an 'id'")
    aid = str(entry["id"])
    cur = raw.setdefault(aid, {"id": aid, "origin": []})
    for key, value in entry.items():
        if key in LIST_FIELDS:
            if value is None:
                continue
            if not isinstance(value, list):
                raise DataError(path, f"actor {aid!r}: '{key}' must be a list")
            lst = cur.setdefault(key, [])
            for v in value:
                if v not in lst:
                    lst.append(v)
        elif key in SCALAR_FIELDS or key == "id":
            cur[key] = value
        # unknown keys (notes, comments) are kept out of the entry on purpose
    cur["origin"].append(path)


def load_files(paths: Iterable[Path | str]) -> KnowledgeBase:
    """Load and merge actor files in order; later files override earlier ones."""
    raw: dict[str, dict[str, Any]] = {}
    files: list[str] = []
    for p in paths:
        path = str(p)
        files.append(path)
        data = load_yaml_file(p)
        if data is None:
            continue
        if not isinstance(data, list):
            raise DataError(path, "an actor file must be a YAML list of actors")
        for i, entry in enumerate(data):
            _merge(raw, entry, path, i)
    actors: dict[str, ActorEntry] = {}
    for aid, d in raw.items():
        missing = [k for k in ("name_en", "name_ar", "kind") if not d.get(k)]
        if missing:
            raise DataError(d["origin"][-1], f"actor {aid!r} lacks {', '.join(missing)}")
        if d["kind"] not in KINDS:
            raise DataError(d["origin"][-1], f"actor {aid!r}: unknown kind {d['kind']!r}")
        kwargs: dict[str, Any] = {k: d.get(k) for k in SCALAR_FIELDS}
        kwargs.update({k: tuple(d.get(k, ())) for k in LIST_FIELDS})
        actors[aid] = ActorEntry(id=aid, origin=tuple(d["origin"]), **kwargs)
    return KnowledgeBase(actors, tuple(files))


@cache
def _default() -> KnowledgeBase:
    return load_files(packaged_files())


def load(extra: Iterable[Path | str] = (), exclude: Iterable[str] = ()) -> KnowledgeBase:
    """The packaged knowledge base, with user files merged over it.

    ``exclude`` names packaged files to leave out (``load(exclude=["60-train-gold.yaml"])``):
    measuring what one file adds needs the others without it. A name that is not a packaged
    file is an error, so a typo cannot silently measure the full knowledge base.
    """
    extra, skip = tuple(extra), frozenset(exclude)
    if not extra and not skip:
        return _default()
    files = packaged_files()
    unknown = sorted(skip - {p.name for p in files})
    if unknown:
        raise DataError(str(files[0].parent), f"no packaged actor file {', '.join(map(repr, unknown))} to exclude")
    return load_files([*(p for p in files if p.name not in skip), *extra])
