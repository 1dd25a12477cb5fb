"""``rawabit eval``: score extraction against gold files (:mod:`rawabit.gold`) exactly as SPEC.md §4 says."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rawabit.errors import ReadError
from rawabit.gold import GoldActors, gold_article, gold_pairs, gold_triples, read_gold, triple
from rawabit.model import Article

INTERVAL_ROUNDS = 1000  # bootstrap resamples of the articles
INTERVAL_LEVEL = 0.95
_RESAMPLED_PER_BATCH = 1 << 20  # articles drawn per batch of resamples (24 MB of counts)


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self, interval: tuple[float, float] | None = None) -> dict[str, Any]:
        """The counts and scores; with ``interval``, also F1's bootstrap interval (``f1_interval_95``)."""
        d: dict[str, Any] = {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.tp + self.fn,
        }
        if interval is not None:
            d["f1_interval_95"] = list(interval)
        return d


def f1_interval(per_doc: Sequence[Counts], rounds: int = INTERVAL_ROUNDS, level: float = INTERVAL_LEVEL,
                seed: int = 0) -> tuple[float, float]:
    """How far micro F1 moves with the articles drawn: the central ``level`` interval of the
    F1 of ``rounds`` resamples of the articles with replacement (percentile bootstrap,
    fixed seed). A test set of as many articles, drawn like these, scores inside it that often."""
    import numpy as np

    if not per_doc:
        return 0.0, 0.0
    counts = np.array([(c.tp, c.fp, c.fn) for c in per_doc], dtype=np.int64)
    n = len(per_doc)
    rng = np.random.default_rng(seed)
    step = max(1, _RESAMPLED_PER_BATCH // n)  # resamples drawn at once: memory stays bounded
    sums = [counts[rng.integers(0, n, size=(min(step, rounds - r), n))].sum(axis=1)
            for r in range(0, rounds, step)]
    tp, fp, fn = np.concatenate(sums).T
    denom = 2 * tp + fp + fn
    f1 = np.divide(2 * tp, denom, out=np.zeros(rounds), where=denom > 0)
    lo, hi = np.quantile(f1, [(1 - level) / 2, (1 + level) / 2])
    return round(float(lo), 4), round(float(hi), 4)


@dataclass
class DocScore:
    """Scores of one document."""

    name: str
    actors: Counts
    relations: Counts
    meta: dict[str, bool | None] = field(default_factory=dict)
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)


def f1_intervals(docs: Sequence[DocScore]) -> dict[str, tuple[float, float]]:
    """The bootstrap interval of actors and relations F1 over scored documents (:func:`f1_interval`)."""
    return {"actors": f1_interval([d.actors for d in docs]), "relations": f1_interval([d.relations for d in docs])}


def score_document(name: str, art: Article | dict[str, Any], gold: dict[str, Any]) -> DocScore:
    """Score one predicted article against its gold annotation."""
    d = art.as_dict() if isinstance(art, Article) else art
    ga = GoldActors(gold)
    # actors: predicted set of name_en; each matches at most one gold entry
    pred_map: dict[str, list[str]] = {}
    for a in d["actors"]:
        pred_map[a["id"]] = ga.match(a["name_en"], a.get("name_ar", ""))
    matched_gold = {e for hits in pred_map.values() for e in hits}
    unmatched_pred = {a["name_en"] for a in d["actors"] if not pred_map[a["id"]]}
    actors = Counts(tp=len(matched_gold), fp=len(unmatched_pred), fn=len(set(ga.entries) - matched_gold))
    gold_pos, gold_opt = gold_triples(gold, ga)
    pred = [(pred_map.get(r["source"], ()), r["type"], pred_map.get(r["target"], ()), r["source"], r["target"])
            for r in d["relations"] if r.get("modality") != "negated"]
    rels, missed, spurious = score_relations(pred, gold_pos, gold_opt)
    meta: dict[str, bool | None] = {}
    for k in ("title", "published", "author"):
        if k in gold:
            meta[k] = _meta_equal(k, d.get(k), gold[k])
    return DocScore(name, actors, rels, meta, missed, spurious)


PredictedTriple = tuple[Sequence[str], str, Sequence[str], str, str]


def score_relations(
    pred: Iterable[PredictedTriple], gold_pos: set[tuple[str, str, str]], gold_opt: set[tuple[str, str, str]]
) -> tuple[Counts, list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """Counts, missed and spurious triples of predicted relations (``(gold entries the source
    matches, type, gold entries the target matches, source id, target id)``) against the gold
    triples: unique triples, optional ones neither counted nor punished."""
    uniq = {(tuple(s) or (f"?{sid}",), typ, tuple(t) or (f"?{tid}",)) for s, typ, t, sid, tid in pred}
    tp_set: set[tuple[str, str, str]] = set()
    spurious: list[tuple[str, str, str]] = []
    seen_pred: set[tuple[str, str, str]] = set()
    for srcs, typ, tgts in uniq:
        options = {triple(s, t, typ) for s in srcs for t in tgts}
        hit = options & gold_pos
        if hit:
            tp_set |= hit
            continue
        if options & gold_opt:
            continue
        key = sorted(options)[0]
        if key in seen_pred:
            continue
        seen_pred.add(key)
        spurious.append(key)
    counts = Counts(tp=len(tp_set), fp=len(spurious), fn=len(gold_pos - tp_set))
    return counts, sorted(gold_pos - tp_set), spurious


def _meta_equal(key: str, pred: Any, gold: Any) -> bool:
    if gold is None or pred is None:
        return pred is None and gold is None
    if key == "published":
        return str(pred)[:16] == str(gold)[:16]
    return " ".join(str(pred).split()) == " ".join(str(gold).split())


@dataclass
class EvalResult:
    """Per-document and total scores."""

    docs: list[DocScore]
    actors: Counts
    relations: Counts
    meta: dict[str, tuple[int, int]]

    @classmethod
    def merge(cls, results: Sequence[EvalResult]) -> EvalResult:
        """One result over the documents of several."""
        docs = [d for r in results for d in r.docs]
        actors, relations = Counts(), Counts()
        meta: dict[str, tuple[int, int]] = {}
        for r in results:
            actors.add(r.actors)
            relations.add(r.relations)
            for k, (c, n) in r.meta.items():
                c0, n0 = meta.get(k, (0, 0))
                meta[k] = (c0 + c, n0 + n)
        return cls(docs, actors, relations, meta)

    def as_dict(self) -> dict[str, Any]:
        ci = f1_intervals(self.docs)
        return {
            "documents": [{"document": d.name, "actors": d.actors.as_dict(), "relations": d.relations.as_dict(), "meta": d.meta}
                          for d in self.docs],
            "total": {"actors": self.actors.as_dict(ci["actors"]), "relations": self.relations.as_dict(ci["relations"]),
                      "meta": {k: {"correct": v[0], "of": v[1]} for k, v in self.meta.items()}},
        }


def evaluate(folder: str | Path, pipeline: Any = None, articles: Iterable[Article] | None = None) -> EvalResult:
    """Run extraction on every article of ``folder`` that has a gold file and score it."""
    from rawabit.pipeline import default_pipeline

    p = pipeline or default_pipeline()
    docs: list[DocScore] = []
    tot_a, tot_r = Counts(), Counts()
    meta: dict[str, list[int]] = {}
    for art_path, gold_path in gold_pairs(Path(folder)):
        gold = read_gold(gold_path)
        raw = gold_article(art_path)
        if raw is None:
            raise ReadError(str(art_path), "no readable article for this gold file")
        art = p.run_raw(raw)
        ds = score_document(art_path.name, art, gold)
        docs.append(ds)
        tot_a.add(ds.actors)
        tot_r.add(ds.relations)
        for k, ok in ds.meta.items():
            m = meta.setdefault(k, [0, 0])
            m[0] += int(bool(ok))
            m[1] += 1
    return EvalResult(docs, tot_a, tot_r, {k: (v[0], v[1]) for k, v in meta.items()})
