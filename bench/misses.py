"""Why the pair model misses the relations it misses, out of fold.

    python bench/misses.py [FOLDER ...]

The annotated articles (default: ../shared/data/train and dev) are read as
``rawabit train`` reads them: each extracted with the knowledge base learned
from the other articles' gold (cross-fitted, so an article's own actors are as
unknown as a new article's). Each article's pairs are scored by a pair model
trained on the other folds (5 folds by article), thresholds chosen on those
scores, and every missed gold relation is put in the first class it fits:

- *actor not found*: one of its two gold actors matches no actor of the article;
- *too far*: both are found but never named within two adjacent sentences;
- *wrong direction*: the same type is given the other way round;
- *other type*: the pair is given a relation, of another type;
- *below threshold*: the pair is a candidate, scored under its type's threshold.

It prints the counts by class and by type, and the relation counts of the same
decisions. The thresholds are chosen on the scores they are applied to, so the
F1 is a little above ``rawabit eval --folds``; the classes are what this is for.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from rawabit.extraction.pairs import SYMMETRIC, load_priors
from rawabit.gold import triple
from rawabit.learn.corpora import corpus_path
from rawabit.learn.folds import kb_learned_from
from rawabit.learn.pairs import (
    annotated_files,
    cross_fitted,
    decide,
    out_of_fold,
    relation_counts,
    tune_thresholds,
)
from rawabit.model import RELATION_TYPES

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
CLASSES = ("actor not found", "too far", "wrong direction", "other type", "below threshold")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[SHARED / "train", SHARED / "dev"])
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    shipped = load_priors()
    corpus = shipped.corpus_part()
    kb_for = kb_learned_from(corpus_path())
    docs = cross_fitted(annotated_files(args.folders), kb_for, corpus)
    scored = out_of_fold(docs, corpus, args.folds)
    thresholds = tune_thresholds(docs, scored)
    decisions = [decide(s, thresholds) for s in scored]
    by_class: Counter[str] = Counter()
    by_type: Counter[tuple[str, str]] = Counter()
    for d, sc, dec in zip(docs, scored, decisions, strict=True):
        given = {triple(e1, e2, typ) for s, typ, t, _ in dec
                 for e1 in d.matches.get(s, ()) for e2 in d.matches.get(t, ())}
        given_pairs = {frozenset((a, b)) for a, _, b in given}
        found = {e for entries in d.matches.values() for e in entries}
        candidates = {frozenset((e1, e2)) for x in sc
                      for e1 in d.matches.get(x.pair.a, ()) for e2 in d.matches.get(x.pair.b, ())}
        for g in d.positive:
            if g in given:
                continue
            s, typ, t = g
            if s not in found or t not in found:
                cls = "actor not found"
            elif frozenset((s, t)) not in candidates:
                cls = "too far"
            elif typ not in SYMMETRIC and (t, typ, s) in given:
                cls = "wrong direction"
            elif frozenset((s, t)) in given_pairs:
                cls = "other type"
            else:
                cls = "below threshold"
            by_class[cls] += 1
            by_type[(typ, cls)] += 1
    c = relation_counts(docs, decisions)
    print(f"{len(docs)} articles, {args.folds} folds; relations P {c.precision:.3f} R {c.recall:.3f} F1 {c.f1:.3f} "
          f"(tp {c.tp}, fp {c.fp}, fn {c.fn})")
    total = sum(by_class.values())
    print(f"{'missed, by class':22s} {'all':>6s} " + " ".join(f"{t:>9s}" for t in RELATION_TYPES))
    for cls in CLASSES:
        print(f"{cls:22s} {by_class[cls]:6d} " + " ".join(f"{by_type[(t, cls)]:9d}" for t in RELATION_TYPES)
              + f"   {by_class[cls] / max(1, total):.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
