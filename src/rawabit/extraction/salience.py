"""Which actors an article is about: the actors an annotator would list.

Many actors are named in passing (a place, an adjective, a state in a list); the
gold files list the organisations, states and people that take part in the
story. Every actor that takes part in a relation is listed. Of the others, a
learned model (``data/salience_model.json``, trained by ``rawabit train``) keeps
those it scores above its threshold, from how often, how early and by which rule
the actor is named, its kind, how it is named in the sentence (after a word of
place, ``في سوريا``, or in a list that follows one, ``في اليمن، والعراق، وليبيا``;
in a list of three or more; with which proclitic), the pair model's highest probability
for it (:mod:`.pairs`), how often annotators listed it in the training articles, and in
how many corpus articles it is named. Without a model, a rule decides: an actor
is kept when it is named by a full alias at least twice or is a person or a
non-state group, and a provisional actor (found by NER only) never.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from rawabit.extraction.pairs import PairPriors, load_priors, sentence_index
from rawabit.linear import Features, LinearModel, read_model_file
from rawabit.model import Actor, Article
from rawabit.text.normalise import normalised_words

MODEL_FILE = "salience_model.json"
FEATURES_VERSION = 4
# Words each side of a mention whose stems would describe how the actor is named (0: none).
# Three lift actors F1 out of fold (``python bench/variants.py --variants shipped,context-words``)
# but add a wrong actor on the held-out corpus articles, below their pinned floor: not shipped.
CONTEXT = 0
_PASSING = frozenset({"nisba", "people", "anaphora", "metonym"})
_ALWAYS = frozenset({"person", "armed_group", "political_org"})
_COMMAS = frozenset({"،", ","})


class SalienceModel:
    """A logistic regression: is an actor listed? With the threshold chosen out of fold."""

    def __init__(self, linear: LinearModel, threshold: float, meta: dict[str, Any] | None = None) -> None:
        self.linear = linear
        self.threshold = threshold
        self.meta = meta or {}

    def to_json(self) -> dict[str, Any]:
        return {"version": FEATURES_VERSION, "model": self.linear.to_json(), "threshold": self.threshold,
                "meta": self.meta}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> SalienceModel:
        return cls(LinearModel.from_json(d["model"]), float(d["threshold"]), d.get("meta"))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@cache
def load_model(path: str | None = None) -> SalienceModel | None:
    """The shipped model (or the one at ``path``); None when there is none."""
    d = read_model_file(path, MODEL_FILE, FEATURES_VERSION)
    return None if d is None else SalienceModel.from_json(d)


def coordinated(art: Article, loc: frozenset[str]) -> list[tuple[bool, int]]:
    """For each mention of ``art`` (in order): whether it names a place, and the length of the
    list it stands in (1: none).

    A mention names a place after a word of place (``في سوريا``, ``loc``) or with the proclitic
    ب. A list is mentions side by side, each joined to the one before by و or a comma
    (``تونس والسودان واليمن``, ``في اليمن، والعراق، وليبيا``); a list that follows a word of place
    names places all along.
    """
    tokens = art.tokens
    ms = art.mentions
    head = list(range(len(ms)))
    place: list[bool] = []
    for i, m in enumerate(ms):
        here = m.clitic.lstrip("وف") == "ب" or (m.token_start > 0 and tokens[m.token_start - 1].norm in loc)
        if i:
            p = ms[i - 1]
            gap = tokens[p.token_end:m.token_start]
            if m.token_start >= p.token_end and len(gap) <= 1 and not any(t.is_word for t in gap) and (
                    m.clitic.startswith("و") or (gap and gap[0].norm in _COMMAS)):
                head[i] = head[i - 1]
                here = here or place[i - 1]
        place.append(here)
    size = Counter(head)
    return [(here, size[h]) for here, h in zip(place, head, strict=True)]


def actor_features(art: Article, priors: PairPriors) -> list[tuple[Actor, Features]]:
    """The features of every actor of ``art`` (after :mod:`.pairs`, which leaves the pair
    probabilities in ``art.extra["pair_scores"]``)."""
    sent = sentence_index(art)
    first: dict[str, int] = {}
    sentences: dict[str, set[int]] = {}
    rules: dict[str, Counter[str]] = {}
    # how each is named: as a place (``loc``), in a list of two or more (``list2``) or of three or
    # more (``list3``), with which proclitic but و/ف (``cl:ب``)
    naming: dict[str, Counter[str]] = {}
    loc = normalised_words("places.yaml", "locative_words")
    tokens = art.tokens
    around: dict[str, Counter[str]] = {}  # the stems before (``wb:``) and after (``wa:``) its mentions
    for m, (place, listed) in zip(art.mentions, coordinated(art, loc), strict=True):
        if CONTEXT:
            words = around.setdefault(m.actor_id, Counter())
            for t in tokens[max(0, m.token_start - CONTEXT):m.token_start]:
                if t.is_word:
                    words["wb:" + t.stem] += 1
            for t in tokens[m.token_end:m.token_end + CONTEXT]:
                if t.is_word:
                    words["wa:" + t.stem] += 1
        if m.token_start < first.get(m.actor_id, 1 << 30):
            first[m.actor_id] = m.token_start
        sentences.setdefault(m.actor_id, set()).add(sent(m.token_start))
        rules.setdefault(m.actor_id, Counter())[m.rule] += 1
        named = naming.setdefault(m.actor_id, Counter())
        clitic = m.clitic.lstrip("وف")
        named["cl:" + clitic] += 1
        if place:
            named["loc"] += 1
        if listed >= 2:
            named["list2"] += 1
        if listed >= 3:
            named["list3"] += 1
    scores: dict[str, Sequence[float]] = art.extra.get("pair_scores", {})
    stated: Counter[str] = art.extra.get("rule_relations", Counter())
    ntok = max(1, len(art.tokens))
    title = art.title or ""
    out = []
    for a in art.actors:
        rs = rules.get(a.id, Counter())
        n = sum(rs.values())
        f: Features = {"bias": 1.0, f"kind:{a.kind}": 1.0, f"n:{min(n, 6)}": 1.0, "logn": math.log1p(n)}
        if a.provisional:
            f["prov"] = 1.0
        for rule, c in rs.items():
            f["r:" + rule] = 1.0
            f["rl:" + rule] = math.log1p(c)
        strong = sum(c for rule, c in rs.items() if rule not in _PASSING)
        f[f"strong:{min(strong, 3)}"] = 1.0
        f[f"pos:{min(4, int(5 * first.get(a.id, 0) / ntok))}"] = 1.0
        f[f"ns:{min(len(sentences.get(a.id, ())), 4)}"] = 1.0
        top, total, high = scores.get(a.id, (0.0, 0.0, 0))
        f["maxp"] = top
        f["sump"] = min(3.0, total)
        f[f"nhi:{min(int(high), 3)}"] = 1.0
        f["maxp:" + a.kind] = top
        f[f"inrel:{min(stated[a.id], 3)}"] = 1.0
        f["cdocs"] = math.log1p(priors.actor_docs.get(a.id, 0))
        if a.name_ar and a.name_ar in title:
            f["intitle"] = 1.0
        for name, c in naming.get(a.id, Counter()).items():  # shares of its mentions, also by kind
            f[name] = c / n
            if name != "list2":
                f[f"{name}|{a.kind}"] = c / n
        for name, c in around.get(a.id, Counter()).items():
            f[name] = c / n
        out.append((a, f))
    return out


class SalienceStage:
    """Pipeline stage: keeps in ``actors`` those an annotator would list (mentions stay)."""

    def __init__(self, model: SalienceModel | None = None, priors: PairPriors | None = None) -> None:
        self.model = model
        self.priors = priors if priors is not None else load_priors()

    def __call__(self, art: Article) -> Article:
        related = {r.source for r in art.relations} | {r.target for r in art.relations}
        if self.model is None:
            keep = _by_rule(art, related)
        else:
            feats = actor_features(art, self.priors)
            probs = self.model.linear.probabilities([(f, self.priors.gold_actor(a.id)) for a, f in feats])
            keep = {a.id for (a, _), p in zip(feats, probs[:, 0], strict=True) if p >= self.model.threshold}
        return art.with_(actors=tuple(a for a in art.actors if a.id in related or a.id in keep))


def _by_rule(art: Article, related: set[str]) -> set[str]:
    """Named by a full alias twice, or a person or non-state group (provisional actors: never)."""
    strong: Counter[str] = Counter(m.actor_id for m in art.mentions if m.rule not in _PASSING)
    return {a.id for a in art.actors
            if a.id in related or (not a.provisional and (a.kind in _ALWAYS or strong[a.id] >= 2))}
