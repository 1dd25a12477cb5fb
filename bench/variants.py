"""Variants of the learned parts that were tried and not shipped, measured out of fold.

    python bench/variants.py [--variants shipped,tag-named,...] [--folds 5] [FOLDER ...]

The annotated articles (default: ../shared/data/train and dev) are read as
``rawabit train`` reads them: each extracted with the knowledge base learned from
the other articles' gold (cross-fitted). The pair model is trained and scored
5-fold by article, the thresholds are chosen on those out-of-fold scores (so the
figures are a little above ``rawabit eval --folds``, which chooses them inside
each fold; the differences between variants are what this measures), and the
actor-listing model is trained and scored 5-fold the same way. For each variant
it prints relations and actors P/R/F1 and the candidate-actor recall (gold actors
matched by any actor found, before the listing model).

Variants:

- ``shipped``: as shipped;
- ``tag-roles`` / ``tag-named`` / ``tag-all``: the NER tagger reads the sentences with a role
  word and those that name a known actor and hold a trigger / every sentence that names a known
  actor / every sentence (shipped: those that name a known actor and hold a trigger or role
  word; ``extraction.provisional.TAGGED_SENTENCES``);
- ``context-words``: the listing model also reads the stems of the three words before and after
  each of an actor's mentions (``salience.CONTEXT = 3``; shipped: 0);
- ``city-places``: a city's metonym after a word of place (``شرق دمشق``) is still its state
  (``places.yaml`` ``place_of_city_words`` not read);
- ``c-X``: the pair model's regularisation ``C = X`` (shipped: 0.2);
- ``max-contexts``: beside the context features averaged over a pair's contexts, an
  indicator of each trigger, mention-role and word-order feature seen in any of them;
- ``stacked``: a second logistic regression per label over the first model's
  out-of-fold probabilities and the article's other pairs (the pair's rank in its
  article, the two actors' best probabilities elsewhere, whether each is the other's
  best partner, how many pairs and actors the article has), scored 5-fold;
- ``no-related-override``: actors listed by the listing model alone, not also
  whenever an accepted relation names them;
- ``window-2``: candidate pairs also two sentences apart (shipped: one, ``pairs.WINDOW``);
- ``class-weight-2``: positive instances weigh twice the negatives in the pair model's fit;
- ``no-vectors``: the trees without the word-vector features (``pairs.pair_vectors``);
- ``split-names``: person names the tagger splits are left split (``provisional._joined``
  not applied: ``والتر سوزا`` + ``براغا نيتو``, ``تشوي سون`` + ``هوي``);
- ``no-quoted``: no provisional actors from names in quotes after an organisation noun
  (``provisional._quoted_names``: ``صحيفة "كيهان"``, ``تحالف "الفتح"``);
- ``no-kingdom``: ``المملكة`` alone is Saudi Arabia only after the article named it in full
  (without its rule in ``ambiguity.yaml``, which reads it by the article's context);
- ``armies-apart``: a state's regular army (``parent_rel: armed_forces``, ``الجيش الإسرائيلي``)
  is an actor of its own, not a mention of its state (``mentions.NAMED_BY_PARENT`` empty);
- ``no-regime``: ``النظام`` alone is never read as the regime the article named
  (``MentionsStage._regime`` not applied);
- ``small-trees``: the trees of 0.2.6 (150 of at most 15 leaves, learning rate 0.1, at
  least 10 pairs a leaf; shipped: 200 of 31 leaves, 0.07, 20);
- ``no-trees``: the pair model's logistic regressions alone, without the trees averaged with
  them over the likely pairs (:mod:`rawabit.learn.trees`);
- ``lightgbm-average``: the regressions alone averaged over every pair with gradient-boosted
  trees over all their features, words included (:func:`rawabit.learn.learners.fit_lightgbm`),
  each 5-fold; it also prints what scoring costs per article, the shipped scorer against those
  trees' (LightGBM reads the feature dictionaries the fast scorer never builds).
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from rawabit.evaluate import Counts
from rawabit.extraction import mentions, provisional, salience
from rawabit.extraction import pairs as P
from rawabit.gold import GoldActors
from rawabit.kb import load as load_kb
from rawabit.learn import pairs as L
from rawabit.learn.corpora import corpus_path
from rawabit.learn.folds import kb_learned_from

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
VARIANTS = ("shipped", "tag-roles", "tag-named", "tag-all", "context-words", "city-places", "c-0.1", "c-0.4",
            "max-contexts", "stacked", "no-related-override", "window-2", "class-weight-2", "no-vectors",
            "split-names", "no-quoted", "no-kingdom", "armies-apart", "no-regime", "small-trees", "no-trees",
            "lightgbm-average")
LABELS = (*P.SYMMETRIC, *P.DIRECTED)


def read(files: Sequence[tuple[Path, Path]], corpus: P.PairPriors) -> list[L.Doc]:
    return L.cross_fitted(files, kb_learned_from(corpus_path()), corpus)


def candidate_recall(docs: Sequence[L.Doc]) -> float:
    total = found = 0
    for d in docs:
        entries = set(GoldActors(d.gold).entries)
        total += len(entries)
        found += len(entries & {e for es in d.matches.values() for e in es})
    return found / max(1, total)


def listed_actors(docs: Sequence[L.Doc], scored: Sequence[Sequence[P.Scored]], thr: dict[str, float],
                  corpus: P.PairPriors, k: int, override: bool = True) -> Counts:
    """Actor counts of the listing model trained and scored ``k``-fold, threshold on its scores."""
    counts = L.GoldCounts(docs)
    rows = L.salience_rows(docs, scored, thr, counts.priors(corpus), counts)
    probs = L.listing_out_of_fold(docs, rows, k)
    best = Counts()
    for t in L.THRESHOLD_GRID:
        c = L.actor_counts(docs, [r for r, p in zip(rows, probs, strict=True) if p >= t or (override and r.related)])
        if c.f1 > best.f1:
            best = c
    return best


def max_contexts() -> Callable[[], None]:
    """Patch :meth:`PairFeatures.article` to add any-context indicators to its rows; returns the undo."""
    original = P.PairFeatures.article

    def article(self: P.PairFeatures, art: Any) -> list[tuple[P.Pair, P.Features, P.Features, P.Features]]:
        rows = original(self, art)
        v = P._ArticleView(art, self.kb, self.clusters)
        for p, shared, ab, ba in rows:
            for c in p.contexts[:P.MAX_CONTEXTS]:
                parts = (P.context_shared(v, c), P.context_oriented(v, c, p.a), P.context_oriented(v, c, p.b))
                for into, part in zip((shared, ab, ba), parts, strict=True):
                    into.update({"any:" + k: 1.0 for k in part if k.startswith(("tr", "mx:", "my:", "ord"))})
        return rows

    P.PairFeatures.article = article  # type: ignore[method-assign]

    def undo() -> None:
        P.PairFeatures.article = original  # type: ignore[method-assign]

    return undo


def class_weight(w: float) -> Callable[[], None]:
    """Make the pair model's logistic regressions weigh positive instances ``w`` times; returns the undo."""
    import sklearn.linear_model as lm

    original = lm.LogisticRegression

    class Weighted(original):  # type: ignore[misc, valid-type]
        def __init__(self, **kw: Any) -> None:
            kw.setdefault("class_weight", {0: 1.0, 1: w})
            super().__init__(**kw)

    lm.LogisticRegression = Weighted

    def undo() -> None:
        lm.LogisticRegression = original

    return undo


def replaced(module: Any, name: str, by: Any) -> Callable[[], None]:
    """Replace ``module.name`` by ``by`` (a function, a setting); returns the undo."""
    original = getattr(module, name)
    setattr(module, name, by)

    def undo() -> None:
        setattr(module, name, original)

    return undo


def without_kingdom() -> Callable[[], None]:
    """Drop ``ambiguity.yaml``'s rule for ``المملكة`` (back to a short name of Saudi Arabia); returns the undo."""
    from rawabit.text.normalise import normalise

    rules = {k: v for k, v in mentions.ambiguity_rules().items() if k != normalise("المملكة")}
    return replaced(mentions, "ambiguity_rules", lambda: rules)


def small_trees() -> Callable[[], None]:
    """The pair model's trees as 0.2.6 grew them; returns the undo."""
    from rawabit.learn import trees

    return replaced(trees, "TREE_PARAMS", {**trees.TREE_PARAMS, "n_estimators": 150, "learning_rate": 0.1,
                                           "num_leaves": 15, "min_child_samples": 10})


def window(w: int) -> Callable[[], None]:
    """Pair actors up to ``w`` sentences apart when features are built; returns the undo."""
    original = P.PairFeatures.__init__.__defaults__
    P.PairFeatures.__init__.__defaults__ = (None, w)

    def undo() -> None:
        P.PairFeatures.__init__.__defaults__ = original

    return undo


def averaged(first: Sequence[Sequence[P.Scored]], second: Sequence[Sequence[P.Scored]]) -> list[list[P.Scored]]:
    """The mean of two models' probabilities, pair by pair."""
    def mean(x: Sequence[float], y: Sequence[float]) -> tuple[float, ...]:
        return tuple((a + b) / 2 for a, b in zip(x, y, strict=True))

    return [[P.Scored(a.pair, mean(a.symmetric, b.symmetric), mean(a.forward, b.forward), mean(a.backward, b.backward))
             for a, b in zip(sa, sb, strict=True)] for sa, sb in zip(first, second, strict=True)]


def scoring_cost(docs: Sequence[L.Doc], corpus: P.PairPriors) -> str:
    """CPU ms per article of scoring the pairs: the shipped fast scorer, and LightGBM from the
    feature dictionaries (both fitted on every article; timed over the first 200, once warm)."""
    from rawabit.learn.learners import fit_lightgbm

    model, priors = L.fit_pairs(docs, corpus)
    trees, tree_priors = fit_lightgbm(docs, corpus)
    scorer = P.PairScorer(model, P.PairFeatures(load_kb(), priors))
    arts = [d.art for d in docs[:200]]
    for a in arts:
        scorer.score(a)
    t0 = time.process_time()
    for a in arts:
        scorer.score(a)
    t1 = time.process_time()
    for a in arts:
        trees.score(scorer.features.article(a), tree_priors)
    t2 = time.process_time()
    return f"scoring, CPU ms per article: shipped scorer {1000 * (t1 - t0) / len(arts):.2f}, " \
           f"LightGBM {1000 * (t2 - t1) / len(arts):.2f}"


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _stack_features(scored: Sequence[P.Scored]) -> list[tuple[str, int, int, dict[str, float]]]:
    """``(label, pair index, side, features)``: side 0 symmetric, 1 a->b, 2 b->a."""
    best: dict[tuple[str, str], tuple[str | None, float]] = defaultdict(lambda: (None, 0.0))
    by_label: dict[str, list[float]] = defaultdict(list)
    items = []
    for i, s in enumerate(scored):
        a, b = s.pair.a, s.pair.b
        for li, lab in enumerate(P.SYMMETRIC):
            items.append((lab, i, 0, s.symmetric[li], a, b))
        for li, lab in enumerate(P.DIRECTED):
            items += [(lab, i, 1, s.forward[li], a, b), (lab, i, 2, s.backward[li], b, a)]
    for lab, _, side, v, x, y in items:
        by_label[lab].append(v)
        for who, other, role in ((x, y, "x"), (y, x, "y")):
            key = (lab, who + ("" if side == 0 else role))
            if v > best[key][1]:
                best[key] = (other, v)
    ranked = {lab: sorted(v, reverse=True) for lab, v in by_label.items()}
    n_pairs, n_actors = len(scored), len({x for s in scored for x in (s.pair.a, s.pair.b)})
    out = []
    for lab, i, side, v, x, y in items:
        kx, ky = (x, y) if side == 0 else (x + "x", y + "y")
        bx, by = best[(lab, kx)], best[(lab, ky)]
        f = {"bias": 1.0, "p": _logit(v), f"rank{min(sum(u > v for u in ranked[lab]), 5)}": 1.0,
             "rel": v / max(ranked[lab][0], 1e-6), f"pairs{min(n_pairs // 10, 5)}": 1.0,
             f"actors{min(n_actors // 4, 5)}": 1.0, "bx": _logit(bx[1]), "by": _logit(by[1]),
             "x_best": float(bx[0] == y), "y_best": float(by[0] == x)}
        f["both_best"] = f["x_best"] * f["y_best"]
        out.append((lab, i, side, f))
    return out


def stacked(docs: Sequence[L.Doc], scored: Sequence[Sequence[P.Scored]], k: int) -> list[list[P.Scored]]:
    """The first model's out-of-fold probabilities re-scored by a second model, ``k``-fold."""
    from sklearn.linear_model import LogisticRegression

    feats = [_stack_features(sc) for sc in scored]
    names = sorted({n for fs in feats for *_, f in fs for n in f})
    col = {n: j for j, n in enumerate(names)}
    folds = L.fold_of([d.name for d in docs], k, L.SEED + 7)
    new = [[[list(s.symmetric), list(s.forward), list(s.backward)] for s in sc] for sc in scored]
    for lab in LABELS:
        X, y, fold, where = [], [], [], []
        for di, (d, fs) in enumerate(zip(docs, feats, strict=True)):
            for lb, i, side, f in fs:
                if lb != lab:
                    continue
                labels = d.labels[i]
                if side == 0:
                    yv = None if lab in labels.masked else int(lab in labels.symmetric)
                else:
                    mark, got = (">", labels.forward) if side == 1 else ("<", labels.backward)
                    yv = None if lab + mark in labels.masked else int(lab in got)
                row = np.zeros(len(names))
                for n, val in f.items():
                    row[col[n]] = val
                X.append(row)
                y.append(yv)
                fold.append(folds[d.name])
                where.append((di, i, side))
        M, F = np.array(X), np.array(fold)
        for f_ in range(k):
            train = [j for j in range(len(y)) if F[j] != f_ and y[j] is not None]
            test = np.flatnonzero(F == f_)
            clf = LogisticRegression(C=1.0, max_iter=2000).fit(M[train], np.array([y[j] for j in train]))
            li = (P.SYMMETRIC if lab in P.SYMMETRIC else P.DIRECTED).index(lab)
            for j, pr in zip(test, clf.predict_proba(M[test])[:, 1], strict=True):
                di, i, side = where[j]
                new[di][i][side][li] = float(pr)
    return [[P.Scored(s.pair, tuple(n[0]), tuple(n[1]), tuple(n[2])) for s, n in zip(sc, ns, strict=True)]
            for sc, ns in zip(scored, new, strict=True)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="*", type=Path, default=[SHARED / "train", SHARED / "dev"])
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    args = ap.parse_args()
    corpus = P.load_priors().corpus_part()
    files = L.annotated_files(args.folders)
    shipped_docs: list[L.Doc] | None = None
    print(f"{len(files)} articles, {args.folds} folds; thresholds chosen out of fold")
    print("variant               relations P / R / F1      actors P / R / F1      candidate recall")
    for name in args.variants.split(","):
        t0 = time.perf_counter()
        c = L.C_PAIRS
        if name.startswith("tag-"):
            undo = replaced(provisional, "TAGGED_SENTENCES", name[4:])
            docs = read(files, corpus)
            undo()
        elif name in ("max-contexts", "window-2", "no-vectors", "split-names", "no-quoted", "no-kingdom",
                      "armies-apart", "no-regime", "city-places"):
            undo = {"max-contexts": max_contexts, "window-2": lambda: window(2),
                    "no-vectors": lambda: replaced(P, "pair_vectors", lambda v, pairs: (
                        np.zeros((len(pairs), 0)), np.zeros((len(pairs), 2), dtype=bool))),
                    "split-names": lambda: replaced(provisional, "_joined", lambda text, tokens, lo, hi, spans: spans),
                    "no-quoted": lambda: replaced(provisional, "_quoted_names", lambda text, tokens, lo, hi, taken: []),
                    "no-kingdom": without_kingdom,
                    "armies-apart": lambda: replaced(mentions, "NAMED_BY_PARENT", frozenset()),
                    "no-regime": lambda: replaced(mentions.MentionsStage, "_regime",
                                                  lambda self, text, tokens, found: found),
                    "city-places": lambda: replaced(mentions, "_place_of_city", frozenset),
                    }[name]()
            docs = read(files, corpus)
            undo()
        else:
            shipped_docs = shipped_docs or read(files, corpus)
            docs = shipped_docs
            if name.startswith("c-"):
                c = float(name[2:])
        refit = class_weight(2.0) if name == "class-weight-2" else small_trees() if name == "small-trees" else None
        alone = name in ("no-trees", "lightgbm-average")
        scored = L.out_of_fold(docs, corpus, args.folds, c, fit=partial(L.fit_pairs, trees=False) if alone else None)
        if refit is not None:  # undo the fit's change
            refit()
        if name == "lightgbm-average":
            from rawabit.learn.learners import fit_lightgbm

            scored = averaged(scored, L.out_of_fold(docs, corpus, args.folds, fit=fit_lightgbm))
        if name == "stacked":
            scored = stacked(docs, scored, args.folds)
        thr = L.tune_thresholds(docs, scored)
        rel = L.relation_counts(docs, [L.decide(s, thr) for s in scored])
        undo = replaced(salience, "CONTEXT", 3) if name == "context-words" else None
        act = listed_actors(docs, scored, thr, corpus, args.folds, override=name != "no-related-override")
        if undo is not None:
            undo()
        print(f"{name:20s}  {rel.precision:.3f} / {rel.recall:.3f} / {rel.f1:.3f}     "
              f"{act.precision:.3f} / {act.recall:.3f} / {act.f1:.3f}     {candidate_recall(docs):.4f}"
              f"   ({time.perf_counter() - t0:.0f} s)", flush=True)
        if name == "lightgbm-average":
            print("    " + scoring_cost(docs, corpus), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
