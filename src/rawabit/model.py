"""Frozen data objects of the pipeline; ``as_dict()`` gives the JSON of SPEC.md §2.

An :class:`Article` owns its cleaned ``text``; every other object only holds
``(start, end)`` character offsets into it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from typing import Any, Literal, NamedTuple

Kind = Literal["armed_group", "state", "political_org", "person", "international_org", "coalition", "other"]
RelType = Literal["ally", "support", "fight", "hostile", "influence", "affiliate"]
Modality = Literal["asserted", "hedged", "negated"]

RELATION_TYPES: tuple[str, ...] = ("ally", "support", "fight", "hostile", "influence", "affiliate")
SYMMETRIC_TYPES: frozenset[str] = frozenset({"ally", "fight", "hostile"})
# SPEC §2 allows these kinds in output; richer KB kinds are folded into them.
SPEC_KINDS: frozenset[str] = frozenset({"armed_group", "state", "political_org", "person", "other"})


def relation_key(source: str, type_: str, target: str) -> tuple[str, str, str]:
    """The ``(source, type, target)`` triple of a relation, its two actors in order for a
    symmetric type (``ally`` of a and b is ``ally`` of b and a)."""
    if type_ in SYMMETRIC_TYPES and target < source:
        return (target, type_, source)
    return (source, type_, target)

@dataclass(frozen=True, slots=True)
class Span:
    """Character offsets ``[start, end)`` into an article's text."""

    start: int
    end: int


class Token(NamedTuple):
    """A word or punctuation token.

    ``norm`` is the matching form (see :mod:`rawabit.text.normalise`), ``stem``
    the normalised form with proclitics removed (``وطالبان`` -> ``طالبان``) and
    ``clitic`` the removed prefix. A named tuple rather than a dataclass: an
    article has thousands of tokens and tuples are built several times faster.
    """

    start: int
    end: int
    norm: str
    stem: str
    clitic: str = ""
    is_word: bool = True


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence span and the index range of its tokens."""

    start: int
    end: int
    first_token: int
    last_token: int  # exclusive


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of text that refers to an actor, and the rule that found it."""

    start: int
    end: int
    actor_id: str
    rule: str  # gazetteer | nisba | organ | fuzzy | anaphora | ner
    surface: str = ""
    token_start: int = -1
    token_end: int = -1  # exclusive
    clitic: str = ""  # proclitics glued to the first word (ل in لطالبان)


@dataclass(frozen=True, slots=True)
class Actor:
    """An actor as it appears in one article."""

    id: str
    name_en: str
    name_ar: str
    kind: str
    wikidata: str | None = None
    mentions: tuple[tuple[int, int], ...] = ()
    provisional: bool = False

    def as_dict(self) -> dict[str, Any]:
        kind = self.kind if self.kind in SPEC_KINDS else ("other" if self.kind != "coalition" else "other")
        d: dict[str, Any] = {
            "id": self.id,
            "name_en": self.name_en,
            "name_ar": self.name_ar,
            "kind": kind,
            "wikidata": self.wikidata,
            "mentions": [list(m) for m in self.mentions],
        }
        if kind != self.kind:
            d["kb_kind"] = self.kind
        if self.provisional:
            d["provisional"] = True
        return d


@dataclass(frozen=True, slots=True)
class Evidence:
    """The span of text that carries a relation."""

    start: int
    end: int
    text: str

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed relation between two actors with its evidence and provenance."""

    source: str
    target: str
    type: str
    evidence: Evidence
    subtype: str | None = None
    modality: str = "asserted"
    attributed_to: str | None = None
    time: str | None = None
    place: str | None = None
    confidence: float = 0.5
    rule: str = ""
    trigger: tuple[int, int] | None = None
    sentence: int = -1

    def key(self) -> tuple[str, str, str]:
        """The (source, type, target) triple, ordered for symmetric types."""
        return relation_key(self.source, self.type, self.target)

    def as_dict(self, explain: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {
            "source": self.source,
            "target": self.target,
            "type": self.type,
            "subtype": self.subtype,
            "modality": self.modality,
            "attributed_to": self.attributed_to,
            "time": self.time,
            "place": self.place,
            "evidence": self.evidence.as_dict(),
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
        }
        if explain and self.trigger is not None:
            d["trigger"] = list(self.trigger)
        return d


@dataclass(frozen=True, slots=True)
class Article:
    """One article: metadata, cleaned text and everything found in it."""

    text: str
    id: str = ""
    source: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    outlet: str | None = None
    tokens: tuple[Token, ...] = ()
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    actors: tuple[Actor, ...] = ()
    relations: tuple[Relation, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def with_(self, **changes: Any) -> Article:
        """A copy with some fields changed (stages enrich articles this way)."""
        return replace(self, **changes)

    def as_dict(self, explain: bool = False) -> dict[str, Any]:
        """The SPEC.md §2 JSON object."""
        d: dict[str, Any] = {
            "id": self.id or text_id(self.text),
            "source": self.source,
            "title": self.title,
            "published": self.published,
            "author": self.author,
            "text": self.text,
            "actors": [a.as_dict() for a in self.actors],
            "relations": [r.as_dict(explain) for r in self.relations],
        }
        if self.url:
            d["url"] = self.url
        if self.outlet:
            d["outlet"] = self.outlet
        return d


def text_id(text: str) -> str:
    """A stable id derived from the text: same text -> same id."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class RawArticle:
    """What a reader produces: cleaned body text and the metadata found with it."""

    text: str
    source: str | None = None
    id: str | None = None
    title: str | None = None
    published: str | None = None
    author: str | None = None
    url: str | None = None
    outlet: str | None = None
