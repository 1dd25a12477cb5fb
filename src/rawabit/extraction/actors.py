"""Actors of an article: one per actor id, with all its mention offsets."""

from __future__ import annotations

from rawabit.kb.loader import KnowledgeBase
from rawabit.model import Actor, Article


class ActorsStage:
    """Pipeline stage: groups mentions into actors (in order of first mention)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    def __call__(self, art: Article) -> Article:
        spans: dict[str, list[tuple[int, int]]] = {}
        for m in art.mentions:
            spans.setdefault(m.actor_id, []).append((m.start, m.end))
        actors = []
        for aid, ms in spans.items():
            e = self.kb.get(aid)
            provisional = e is None
            info = art.extra.get("provisional", {}).get(aid, {}) if provisional else {}
            actors.append(
                Actor(
                    id=aid,
                    name_en=e.name_en if e else info.get("name_en", aid),
                    name_ar=e.name_ar if e else info.get("name_ar", ""),
                    kind=e.kind if e else info.get("kind", "other"),
                    wikidata=e.wikidata if e else None,
                    mentions=tuple(sorted(set(ms))),
                    provisional=provisional,
                )
            )
        return art.with_(actors=tuple(actors))
