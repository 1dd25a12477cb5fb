"""What each part of the pair model adds: out-of-fold relation F1 with one part left out.

    python bench/ablation.py [--folds 5] [--variants full,no-priors,...] [FOLDER ...]

Each variant is trained and scored 5-fold by article over the annotated folders
(default: ../shared/data/train and dev), with the thresholds chosen on those
out-of-fold scores (so the figures are a little above ``rawabit eval --folds``,
which chooses them inside each fold; the differences between variants are what
this measures). Variants:

- ``full``: as shipped;
- ``no-gold-priors`` / ``no-corpus-priors`` / ``no-priors``: without how often
  annotators (or the rules over the corpus) related the two actors;
- ``no-rule-verdicts``: without the trigger rules' verdicts as features;
- ``same-sentence``: candidates only where the two actors share a sentence;
- ``lightgbm``, ``mlp``: gradient-boosted trees or a small neural network on the same
  features instead of logistic regressions (:mod:`rawabit.learn.learners`; not shipped,
  see docs/learning.md).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from rawabit.extraction.pairs import PairFeatures, PairPriors, load_priors
from rawabit.learn import learners
from rawabit.learn import pairs as learn
from rawabit.linear import Features

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
VARIANTS = ("full", "no-gold-priors", "no-corpus-priors", "no-priors", "no-rule-verdicts", "same-sentence",
            "lightgbm", "mlp")


def _drop(prefixes: tuple[str, ...]) -> Callable[[Features], Features]:
    return lambda f: {k: v for k, v in f.items() if not k.startswith(prefixes)}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[SHARED / "train", SHARED / "dev"])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    args = ap.parse_args()
    rules = learn.reading_pipeline()
    shipped = load_priors()
    corpus = shipped.corpus_part()
    annotated = learn.read_annotated(args.folders, rules)
    print(f"{len(annotated)} articles, {args.folds} folds")
    print("variant            P      R      F1     (thresholds chosen out of fold)")
    for name in args.variants.split(","):
        t0 = time.perf_counter()
        window = 0 if name == "same-sentence" else 1
        prior = PairPriors.empty() if name in ("no-corpus-priors", "no-priors") else corpus
        docs = learn.prepare(annotated, PairFeatures(rules.kb, prior, window=window))
        fit = learners.FITS.get(name, learn.fit_pairs)
        if name in ("no-gold-priors", "no-priors"):
            learn.GoldCounts.priors = lambda self, c: c  # type: ignore[method-assign]  # no gold part
        if name == "no-rule-verdicts":
            strip = _drop(("rv:", "rvf:", "rvm:"))
            for d in docs:
                d.rows = [(p, strip(s), strip(ab), strip(ba)) for p, s, ab, ba in d.rows]
        scored = learn.out_of_fold(docs, prior, args.folds, fit=fit)
        thr = learn.tune_thresholds(docs, scored)
        c = learn.relation_counts(docs, [learn.decide(s, thr) for s in scored])
        learn.GoldCounts.priors = _GOLD_PRIORS  # type: ignore[method-assign]
        print(f"{name:18s} {c.precision:.3f}  {c.recall:.3f}  {c.f1:.3f}   ({time.perf_counter() - t0:.0f} s)")
    return 0


_GOLD_PRIORS = learn.GoldCounts.priors


if __name__ == "__main__":
    sys.exit(main())
