"""Which actors an article is about: states and bodies named only in passing
(a place, an adjective) are mentions, not actors of the story.

An actor is kept when it takes part in a relation, or is named by a full
alias at least twice, or is a person or a non-state group (those are named
because they act). A provisional actor (found by NER only) is kept only
when it takes part in a relation. ANNOTATION.md: "places … are not actors".
"""

from __future__ import annotations

from rawabit.model import Article

_PASSING = frozenset({"nisba", "people", "anaphora", "metonym"})
_ALWAYS = frozenset({"person", "armed_group", "political_org"})


class SalienceStage:
    """Pipeline stage: drops passing state mentions from ``actors`` (mentions stay)."""

    def __call__(self, art: Article) -> Article:
        related = {r.source for r in art.relations} | {r.target for r in art.relations}
        strong: dict[str, int] = {}
        for m in art.mentions:
            if m.rule not in _PASSING:
                strong[m.actor_id] = strong.get(m.actor_id, 0) + 1
        keep = tuple(
            a for a in art.actors
            if a.id in related or (not a.provisional and (a.kind in _ALWAYS or strong.get(a.id, 0) >= 2))
        )
        return art.with_(actors=keep)
