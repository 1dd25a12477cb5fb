"""``rawabit eval``: score extraction against gold files (:mod:`rawabit.gold`) exactly as SPEC.md §4 says."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rawabit.errors import ReadError
from rawabit.gold import GoldActors, gold_article, gold_pairs, read_gold
from rawabit.model import SYMMETRIC_TYPES, Article


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

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.tp + self.fn,
        }


@dataclass
class DocScore:
    """Scores of one document."""

    name: str
    actors: Counts
    relations: Counts
    meta: dict[str, bool | None] = field(default_factory=dict)
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)


def _triple(s: str, t: str, typ: str) -> tuple[str, str, str]:
    if typ in SYMMETRIC_TYPES and t < s:
        s, t = t, s
    return (s, typ, t)


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
    # relations
    gold_pos: set[tuple[str, str, str]] = set()
    gold_opt: set[tuple[str, str, str]] = set()
    for r in gold.get("relations", []):
        s, t = ga.entry_of_name(r["source"]), ga.entry_of_name(r["target"])
        if s is None or t is None:
            continue
        trip = _triple(s, t, r["type"])
        if r.get("modality") == "negated":
            continue
        (gold_opt if r.get("optional") else gold_pos).add(trip)
    gold_opt -= gold_pos
    pred: set[tuple[tuple[str, ...], str, tuple[str, ...]]] = set()
    for r in d["relations"]:
        if r.get("modality") == "negated":
            continue
        pred.add((tuple(pred_map.get(r["source"], ())) or (f"?{r['source']}",), r["type"],
                  tuple(pred_map.get(r["target"], ())) or (f"?{r['target']}",)))
    tp_set: set[tuple[str, str, str]] = set()
    fp = 0
    spurious = []
    seen_pred: set[tuple[str, str, str]] = set()
    for srcs, typ, tgts in pred:
        options = {_triple(s, t, typ) for s in srcs for t in tgts}
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
        fp += 1
        spurious.append(key)
    rels = Counts(tp=len(tp_set), fp=fp, fn=len(gold_pos - tp_set))
    meta: dict[str, bool | None] = {}
    for k in ("title", "published", "author"):
        if k in gold:
            meta[k] = _meta_equal(k, d.get(k), gold[k])
    return DocScore(name, actors, rels, meta, sorted(gold_pos - tp_set), spurious)


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

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": [{"document": d.name, "actors": d.actors.as_dict(), "relations": d.relations.as_dict(), "meta": d.meta}
                          for d in self.docs],
            "total": {"actors": self.actors.as_dict(), "relations": self.relations.as_dict(),
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
