"""How the pair model's thresholds are best chosen: the highest point of the F1 curve, or the
middle of its best plateau, measured on articles the thresholds were not chosen on.

    python bench/thresholds.py [--folds 5] [--reach 0,1,2] [FOLDER ...]

The annotated articles (default: ../shared/data/train and dev) are read as ``rawabit train``
reads them (cross-fitted) and scored by pair models trained 5-fold by article. Then, for each
outer fold, the thresholds are chosen on the other folds' out-of-fold scores
(:func:`rawabit.learn.pairs.tune_thresholds` with the given ``reach`` of
:func:`~rawabit.learn.pairs.plateau`: 0 is the highest point alone, 1 the mean with one
neighbour on each side, as shipped) and applied to the fold. It prints the relations P/R/F1 of each reach and the
thresholds each fold chose.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import rawabit.learn.pairs as L
from rawabit.evaluate import Counts
from rawabit.extraction.pairs import load_priors
from rawabit.learn.corpora import corpus_path
from rawabit.learn.folds import kb_learned_from

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[SHARED / "train", SHARED / "dev"])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--reach", default="0,1,2")
    args = ap.parse_args()
    corpus = load_priors().corpus_part()
    docs = L.cross_fitted(L.annotated_files(args.folders), kb_learned_from(corpus_path()), corpus)
    scored = L.out_of_fold(docs, corpus, args.folds)
    outer = L.fold_of([d.name for d in docs], args.folds, L.SEED + 7)  # not the folds the models used
    print(f"{len(docs)} articles; thresholds chosen on {args.folds - 1} folds' scores, applied to the one left")
    for reach in (int(r) for r in args.reach.split(",")):
        total = Counts()
        chosen = []
        for f in range(args.folds):
            inside = [i for i, d in enumerate(docs) if outer[d.name] != f]
            held = [i for i, d in enumerate(docs) if outer[d.name] == f]
            thr = L.tune_thresholds([docs[i] for i in inside], [scored[i] for i in inside], reach=reach)
            total.add(L.relation_counts([docs[i] for i in held], [L.decide(scored[i], thr) for i in held]))
            chosen.append(" ".join(f"{t} {float(v):.2f}" for t, v in thr.items()))
        print(f"reach {reach}: relations P {total.precision:.3f} R {total.recall:.3f} F1 {total.f1:.4f}")
        for f, c in enumerate(chosen):
            print(f"    fold {f}: {c}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
