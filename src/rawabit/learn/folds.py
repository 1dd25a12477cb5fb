"""Out-of-fold evaluation: ``rawabit eval --folds K DIR…`` and the learning curve.

The annotated articles are split into K folds by article (sorted names, shuffled
with a fixed seed). Each fold is extracted by models trained on the other folds
only (pair model, thresholds and actor-listing model, see :mod:`.pairs`; knowledge
base entries learned from the training articles' gold, when ``kb_from_gold`` is
given, come from the other folds' gold only) and scored exactly as ``rawabit eval``
scores (SPEC §4). Nothing a fold is scored on was seen by the models that extract it.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rawabit.evaluate import Counts, DocScore, f1_intervals, score_document, score_relations
from rawabit.extraction.pairs import PairFeatures, PairPriors, load_priors
from rawabit.gold import GoldActors, gold_triples
from rawabit.kb.loader import KnowledgeBase
from rawabit.learn.pairs import (
    Doc,
    annotated_files,
    cross_fitted,
    fold_of,
    predict,
    prepare,
    read_annotated,
    reading_pipeline,
    train_models,
)
from rawabit.model import RELATION_TYPES, Article

Progress = Callable[[str, int, int], None]
FRACTIONS = (0.1, 0.25, 0.5, 1.0)
INNER_FOLDS = 3  # folds within a fold's training articles, for its thresholds and listing model


@dataclass
class FoldReport:
    """Out-of-fold scores: relations in total and per type, actors, per fold."""

    k: int
    documents: int
    relations: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in RELATION_TYPES})
    folds: list[dict[str, Any]] = field(default_factory=list)
    scores: list[DocScore] = field(default_factory=list)  # each article's

    def add(self, name: str, art: Article, gold: dict[str, Any]) -> None:
        ds = score_document(name, art, gold)
        self.relations.add(ds.relations)
        self.actors.add(ds.actors)
        self.scores.append(ds)
        for t, c in type_counts(art, gold).items():
            self.by_type[t].add(c)

    def as_dict(self) -> dict[str, Any]:
        ci = f1_intervals(self.scores)
        return {"folds": self.k, "documents": self.documents, "relations": self.relations.as_dict(ci["relations"]),
                "actors": self.actors.as_dict(ci["actors"]),
                "by_type": {t: c.as_dict() for t, c in self.by_type.items()}, "per_fold": self.folds}


def type_counts(art: Article, gold: dict[str, Any]) -> dict[str, Counts]:
    """SPEC §4 relation counts of one article, type by type."""
    ga = GoldActors(gold)
    pos, opt = gold_triples(gold, ga)
    matches = {a.id: ga.match(a.name_en, a.name_ar) for a in art.actors}
    out = {}
    for t in RELATION_TYPES:
        pred = [(matches.get(r.source, ()), r.type, matches.get(r.target, ()), r.source, r.target)
                for r in art.relations if r.type == t and r.modality != "negated"]
        out[t] = score_relations(pred, {x for x in pos if x[1] == t}, {x for x in opt if x[1] == t})[0]
    return out


KbForFold = Callable[[Sequence[Path]], KnowledgeBase]


def kb_learned_from(corpus: Path | None) -> KbForFold:
    """The knowledge base a fold's models may know: the packaged actor files without the one
    learned from the training set's gold (``60-train-gold.yaml``), with that file built anew
    from the fold's training gold files only (:mod:`.kb`)."""
    import tempfile

    from rawabit.kb import load
    from rawabit.learn import kb

    texts = list(kb.corpus_texts(corpus)) if corpus is not None and corpus.exists() else []
    base = kb.base_kb()

    def for_fold(gold_files: Sequence[Path]) -> KnowledgeBase:
        built = kb.build(kb.read_docs(gold_files), base, texts)
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / kb.OUT_NAME
            kb.write_actor_file(built, path)
            return load(extra=[path], exclude=[kb.OUT_NAME])

    return for_fold


class Folds:
    """The annotated articles of some folders, ready to be extracted fold by fold."""

    def __init__(self, folders: Sequence[str | Path], k: int, kb_from_gold: KbForFold | None = None,
                 corpus: PairPriors | None = None, progress: Progress | None = None) -> None:
        self.folders = [Path(f) for f in folders]
        self.files = annotated_files(self.folders)
        self.k = k
        self.kb_from_gold = kb_from_gold
        shipped = corpus if corpus is not None else load_priors()
        self.corpus = shipped.corpus_part()  # never the shipped gold part
        self.progress = progress

    def split(self, f: int) -> tuple[list[Doc], list[Doc]]:
        """Fold ``f``'s training articles (each extracted with the actors learned from the other
        training articles, :func:`cross_fitted`) and its test articles (with the actors learned
        from all the training articles)."""
        fold = fold_of([a.name for a, _ in self.files], self.k)
        train = [x for x in self.files if fold[x[0].name] != f]
        test = [x for x in self.files if fold[x[0].name] == f]
        train_docs = cross_fitted(train, self.kb_from_gold, self.corpus, progress=self.progress)
        kb = self.kb_from_gold([g for _, g in train]) if self.kb_from_gold else None
        rules = reading_pipeline(kb)
        return train_docs, prepare(read_annotated(test, rules), PairFeatures(rules.kb, self.corpus))


def cross_validate(folds: Folds, fractions: Sequence[float] = (1.0,), seed: int = 13) -> dict[float, FoldReport]:
    """Out-of-fold reports, one per share of each fold's training articles used (the learning
    curve; 1.0 is the headline figure)."""
    reports = {fr: FoldReport(folds.k, len(folds.files)) for fr in fractions}
    for f in range(folds.k):
        train, test = folds.split(f)
        for fr in fractions:
            part = _share(train, fr, seed + f)
            trained = train_models(part, folds.corpus, INNER_FOLDS)
            before = (reports[fr].relations.tp, reports[fr].relations.fp, reports[fr].relations.fn)
            for d in test:
                reports[fr].add(d.name, predict(d, trained), d.gold)
            after = reports[fr].relations
            tp, fp, fn = after.tp - before[0], after.fp - before[1], after.fn - before[2]
            reports[fr].folds.append({"fold": f, "train": len(part), "test": len(test),
                                      "relations_f1": round(Counts(tp, fp, fn).f1, 4)})
            if folds.progress:
                folds.progress(f"fold {f + 1} of {folds.k}, {fr:.0%} of its training articles", f + 1, folds.k)
    return reports


def _share(docs: list[Doc], fraction: float, seed: int) -> list[Doc]:
    if fraction >= 1.0:
        return docs
    order = sorted(docs, key=lambda d: d.name)
    random.Random(seed).shuffle(order)
    return order[: max(2 * INNER_FOLDS, round(len(order) * fraction))]


def plot_curve(reports: dict[float, FoldReport], out: str | Path, title: str) -> None:
    """The learning curve (relation and actor F1 against training articles) as a PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shares = sorted(reports)
    n_train = [sum(f["train"] for f in reports[s].folds) / max(1, len(reports[s].folds)) for s in shares]
    fig, ax = plt.subplots(figsize=(6, 4), dpi=120)
    ax.plot(n_train, [reports[s].relations.f1 for s in shares], "o-", label="relations F1")
    ax.plot(n_train, [reports[s].actors.f1 for s in shares], "s--", label="actors F1")
    for x, s in zip(n_train, shares, strict=True):
        ax.annotate(f"{reports[s].relations.f1:.3f}", (x, reports[s].relations.f1), textcoords="offset points",
                    xytext=(0, 6), ha="center", fontsize=8)
    ax.set_xscale("log")
    ax.set_xlabel("training articles per fold (log scale)")
    ax.set_ylabel("out-of-fold F1")
    ax.set_ylim(0, 1)
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right")
    ax.set_title(title, fontsize=9)
    fig.tight_layout()
    fig.savefig(out)
    plt.close(fig)
