"""Actors the knowledge base does not know, found by the NER tagger.

Person and organisation entities that overlap no known actor become
*provisional* actors: ``name_ar`` is the surface form without proclitics,
``name_en`` a readable romanisation, the kind comes from the tag and the head
noun (``حركة``/``جماعة`` -> armed group, ``حزب`` -> political organisation),
and the id (``prov-…``) is derived from the normalised name, so the same name
merges across articles. Places are never actors.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Any

from rawabit.data import load_yaml
from rawabit.model import Article, Mention, Token
from rawabit.text.normalise import normalise

log = logging.getLogger(__name__)

_ARMED_HEADS = frozenset(normalise(w) for w in (
    "حركة تنظيم جماعة جبهة كتائب كتيبة لواء ألوية سرايا ميليشيا مليشيا ميليشيات جيش فيلق قوات فصيل "
    "تجمع أنصار عصائب").split())
_POLITICAL_HEADS = frozenset(normalise(w) for w in "حزب ائتلاف تيار مجلس حركة اتحاد منظمة جمعية هيئة".split())


@dataclass(frozen=True, slots=True)
class Provisional:
    """What the pipeline records for a provisional actor."""

    id: str
    name_ar: str
    name_en: str
    kind: str


@cache
def _tagger() -> Any:
    try:
        from rawabit.ner.tagger import load_tagger

        return load_tagger()
    except Exception as exc:  # noqa: BLE001 - no model shipped: NER is simply off
        log.warning("NER tagger unavailable (%s); only knowledge-base actors are found", exc)
        return None


@cache
def _stop_words() -> frozenset[str]:
    d = load_yaml("organs.yaml")
    words = set(d["organs"]) | set(d["titles"]) | set(d["named_after"])
    return frozenset(normalise(w) for w in words)


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    """(common given names, foreign names beginning with و), normalised."""
    d = load_yaml("given_names.yaml")
    return frozenset(normalise(n) for n in d["names"]), frozenset(normalise(n) for n in d.get("waw_initial", ()))


# Proclitics a name can carry, longest first: و/ف "and", ب/ل "with/to".
_NAME_CLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")
_NAME_STARTS = ("ابو", "عبد", "ام")


def _conjunction(t: Token) -> str:
    """The proclitic glued to the first word of a name (``وأبو حازم`` -> ``و``), or "".

    Only ``و`` is split off on its own: a name beginning with ف ب ل ك is far
    more often the name itself (``فريدريك``, ``بوتين``, ``كارلوس``) than a
    proclitic, so those are split off only before a known given name or a
    ``أبو``/``عبد`` name (``لمحمد``, ``فأبو``).
    """
    n = t.norm
    given, waw_names = _names()
    if n in given or n in waw_names:
        return ""
    for c in _NAME_CLITICS:
        rest = n[len(c):]
        if n.startswith(c) and len(rest) >= 3 and (rest in given or rest.startswith(_NAME_STARTS)):
            return c
    if len(n) >= 5 and n[0] == "و":
        return "و"
    return ""


def _kind(label: str, words: list[str]) -> str | None:
    if label.startswith("PER"):
        return "person"
    if label == "ORG":
        head = words[0]
        if head in _ARMED_HEADS:
            return "armed_group"
        if head in _POLITICAL_HEADS:
            return "political_org"
        return "other"
    return None


def find(art: Article, tokens: tuple[Token, ...], known: list[Mention]) -> tuple[list[Mention], dict[str, Provisional]]:
    """Mentions of provisional actors in sentences that already name an actor."""
    tagger = _tagger()
    if tagger is None:
        return [], {}
    from rawabit.ner.evaluate import chunks
    from rawabit.ner.romanise import provisional_id, romanise

    covered: set[int] = set()
    for m in known:
        covered.update(range(m.token_start, m.token_end))
    busy = {m.token_start for m in known}
    out: list[Mention] = []
    found: dict[str, Provisional] = {}
    stop = _stop_words()
    from rawabit.extraction.mentions import bare_form
    from rawabit.extraction.relations import _lexicon

    lexicon, roles = _lexicon()
    role_words = {r[0] for r in roles}
    for sent in art.sentences:
        if not any(sent.first_token <= k < sent.last_token for k in busy):
            continue  # NER only where the story names actors (speed, precision)
        # ... and only where a relation could be stated: a provisional actor is
        # listed only when it takes part in one
        if not any(
            lexicon.match(tokens, k) or bare_form(tokens[k]) in role_words
            for k in range(sent.first_token, sent.last_token)
        ):
            continue
        span = tokens[sent.first_token:sent.last_token]
        tags = tagger.tag([art.text[t.start:t.end] for t in span])
        for label, i, j in chunks(tags):
            ti, tj = sent.first_token + i, sent.first_token + j
            if any(k in covered for k in range(ti, tj)):
                continue
            first, last = tokens[ti], tokens[tj - 1]
            clitic = _conjunction(first)
            words = [t.norm for t in tokens[ti:tj]]
            words[0] = words[0][len(clitic):]
            kind = _kind(label, words)
            if kind is None or kind == "other" or not all(t.is_word for t in tokens[ti:tj]):
                continue  # organisations without a group noun are too often media or places
            if kind == "person" and (tj - ti < 2 or words[0] in stop):
                continue  # a lone given name, or a title the tagger swallowed
            if kind != "person" and tj - ti < 2:
                continue
            surface = art.text[first.start:last.end]
            name_ar = surface[len(clitic):] if clitic and surface.startswith(clitic) else surface
            pid = provisional_id(name_ar)
            found.setdefault(pid, Provisional(pid, name_ar, romanise(name_ar), kind))
            out.append(Mention(first.start, last.end, pid, "ner", surface, ti, tj, clitic))
            covered.update(range(ti, tj))
    return out, found
