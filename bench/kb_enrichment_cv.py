"""Out-of-fold estimate of what the training-set actor file (``data/actors/60-train-gold.yaml``,
``rawabit.learn.kb``) adds on articles it was not built from.

The training articles are split in 5 folds by article (the sorted names shuffled with seed 13,
article i of the shuffled order in fold i % 5). For fold k the actor file is built from the gold
files of the other folds only, and extraction runs on fold k's articles with the packaged
knowledge base without ``60-train-gold.yaml`` plus that build. Three conditions:

- baseline:     the packaged knowledge base without ``60-train-gold.yaml``
- out-of-fold:  + the file built from the other folds (the honest figure)
- in-sample:    + the file built from every training article (the gap to out-of-fold is what
                the file knows only because it saw the article)

Per condition: candidate actors (every actor found before the salience stage drops the passing
ones: gold entries matched by some found actor, found actors matching no gold entry, with
``GoldActors.match``), then the full pipeline's actors and relations P/R/F1 as ``rawabit eval``
scores them (``rawabit.evaluate.score_document``).

    python bench/kb_enrichment_cv.py [--train DIR] [--corpus FILE] [--folds 5] [--seed 13]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rawabit.evaluate import Counts, score_document
from rawabit.gold import GoldActors
from rawabit.kb import load
from rawabit.learn.corpora import shared_dir
from rawabit.learn.kb import GoldDoc, build, corpus_texts, read_docs
from rawabit.pipeline import Pipeline

SHARED = shared_dir() / "data"
OUT_NAME = "60-train-gold.yaml"


def folds_of(names: Sequence[str], k: int = 5, seed: int = 13) -> dict[str, int]:
    """Article name -> fold: the sorted names shuffled with ``seed``, the i-th in fold i % k."""
    order = sorted(names)
    random.Random(seed).shuffle(order)
    return {name: i % k for i, name in enumerate(order)}


@dataclass
class Scores:
    candidates: Counts = field(default_factory=Counts)
    actors: Counts = field(default_factory=Counts)
    relations: Counts = field(default_factory=Counts)


def candidate_counts(actors: Sequence[Any], gold: dict[str, Any]) -> Counts:
    """Gold entries some found actor matches (tp), found actors matching none (fp), entries missed (fn)."""
    ga = GoldActors(gold)
    matched: set[str] = set()
    fp = 0
    for a in actors:
        hits = ga.match(a.name_en, a.name_ar)
        matched.update(hits)
        fp += not hits
    return Counts(tp=len(matched), fp=fp, fn=len(set(ga.entries) - matched))


def score(pipeline: Pipeline, docs: Sequence[GoldDoc], into: Scores) -> None:
    salience = pipeline.stage("salience")
    for doc in docs:
        assert doc.article is not None
        art = pipeline.run_raw(doc.article, until="salience")
        into.candidates.add(candidate_counts(art.actors, doc.gold))
        s = score_document(doc.name, salience(art), doc.gold)
        into.actors.add(s.actors)
        into.relations.add(s.relations)


def enriched(entries: list[dict[str, Any]], tmp: Path, name: str) -> Pipeline:
    path = tmp / f"{name}.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return Pipeline(kb=load([path], exclude=[OUT_NAME]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--train", type=Path, default=SHARED / "train")
    ap.add_argument("--corpus", type=Path, default=SHARED / "corpus" / "saudinewsnet-2015.jsonl.gz")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    docs = read_docs(sorted(args.train.glob("*.gold.json")))
    fold = folds_of([d.name for d in docs], args.folds, args.seed)
    corpus = list(corpus_texts(args.corpus))
    base_kb = load(exclude=[OUT_NAME])
    results = {c: Scores() for c in ("baseline", "out-of-fold", "in-sample")}
    with tempfile.TemporaryDirectory() as tmpdir:
        tmp = Path(tmpdir)
        baseline = Pipeline(kb=base_kb)
        everything = build(docs, base_kb, corpus)
        in_sample = enriched(everything.entries, tmp, "all")
        for k in range(args.folds):
            test = [d for d in docs if fold[d.name] == k]
            train = [d for d in docs if fold[d.name] != k]
            b = build(train, base_kb, corpus)
            score(baseline, test, results["baseline"])
            score(enriched(b.entries, tmp, f"fold{k}"), test, results["out-of-fold"])
            score(in_sample, test, results["in-sample"])
            print(f"fold {k + 1}/{args.folds}: {len(test)} articles, built from {len(train)}: "
                  f"{b.report.new_actors} new actors, {b.report.new_forms + b.report.added_forms} names "
                  f"({time.perf_counter() - t0:.0f} s)", file=sys.stderr)

    def prf(c: Counts) -> str:
        return f"{c.precision:.3f} | {c.recall:.3f} | {c.f1:.3f}"

    r = everything.report
    print(f"{len(docs)} training articles, {args.folds} folds by article (seed {args.seed}); the all-article "
          f"build: {r.new_actors} new actors, {r.new_forms + r.added_forms} names\n")
    print("| condition | candidate actors P | R | F1 | actors P | R | F1 | relations P | R | F1 |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name, s in results.items():
        print(f"| {name} | {prf(s.candidates)} | {prf(s.actors)} | {prf(s.relations)} |")
    print()
    for name, s in results.items():
        c, a, r = s.candidates, s.actors, s.relations
        print(f"{name}: candidates tp={c.tp} fp={c.fp} fn={c.fn}; actors tp={a.tp} fp={a.fp} fn={a.fn}; "
              f"relations tp={r.tp} fp={r.fp} fn={r.fn}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
