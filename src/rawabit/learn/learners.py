"""Other learners for the pair model, measured against the shipped one.

The shipped model is :func:`rawabit.learn.pairs.fit_pairs`: logistic regressions over
every feature, averaged over the likely pairs with gradient-boosted trees over the
features that name no word (:mod:`rawabit.learn.trees`), both scored from JSON. The
learners here replace it, reading the same features, and are compared out of fold by
``python bench/ablation.py --variants full,lightgbm,mlp``: gradient-boosted trees
(LightGBM) over every feature or over those that name no word, and a small neural
network (scikit-learn's multi-layer perceptron). ``docs/learning.md`` gives the figures.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import numpy as np

from rawabit.extraction.pairs import DIRECTED, SYMMETRIC, Pair, PairPriors, Scored
from rawabit.learn.pairs import MIN_COUNT, SEED, Doc, instances, training_set
from rawabit.learn.trees import is_lexical, lightgbm_classifier
from rawabit.linear import Features


class EstimatorPairModel:
    """Any scikit-learn-style estimator per label over the pair model's features."""

    def __init__(self, vec: Any, keep: np.ndarray, sym: dict[str, Any], dire: dict[str, Any]) -> None:
        self.vec, self.keep, self.sym, self.dire = vec, keep, sym, dire

    def _proba(self, models: dict[str, Any], X: Any, labels: Sequence[str]) -> np.ndarray:
        out = np.zeros((X.shape[0], len(labels)))
        for j, lab in enumerate(labels):
            m = models.get(lab)
            if m is not None and X.shape[0]:
                out[:, j] = m.predict_proba(X)[:, 1]
        return out

    def score(self, rows: list[tuple[Pair, Features, Features, Features]], priors: PairPriors,
              minus: Callable[[Pair, str], Any] | None = None) -> list[Scored]:
        sym, dire = instances(rows, priors, minus)
        if not rows:
            return []
        ps = self._proba(self.sym, self._matrix(sym), SYMMETRIC)
        pd = self._proba(self.dire, self._matrix(dire), DIRECTED)
        return [Scored(r[0], tuple(ps[i].tolist()), tuple(pd[2 * i].tolist()), tuple(pd[2 * i + 1].tolist()))
                for i, r in enumerate(rows)]

    def _matrix(self, X: list[Features]) -> Any:
        return self.vec.transform(X)[:, self.keep].tocsr().astype(np.float32)


def _fit(docs: Sequence[Doc], corpus: PairPriors, make: Callable[[], Any],
         dense: bool = False) -> tuple[EstimatorPairModel, PairPriors]:
    from sklearn.feature_extraction import DictVectorizer

    ts = training_set(docs, corpus)
    priors, Xs, Xd, Ys, Yd = ts.priors, ts.Xs, ts.Xd, ts.Ys, ts.Yd
    vec = DictVectorizer().fit(Xs + Xd)
    seen: Counter[str] = Counter(k for x in (*Xs, *Xd) for k in x)
    keep = np.array([seen[f] >= MIN_COUNT and not (dense and is_lexical(f)) for f in vec.get_feature_names_out()])
    model = EstimatorPairModel(vec, keep, {}, {})
    for X, Y, store in ((Xs, Ys, model.sym), (Xd, Yd, model.dire)):
        M = model._matrix(X)
        for lab, ys in Y.items():
            use = np.array([y is not None for y in ys])
            y = np.array([bool(v) for v in ys])[use]
            if 3 <= y.sum() < len(y):
                store[lab] = make().fit(M[use], y)
    return model, priors


def fit_lightgbm(docs: Sequence[Doc], corpus: PairPriors, c: float = 0.0) -> tuple[EstimatorPairModel, PairPriors]:
    """Gradient-boosted trees (LightGBM), one per label."""
    return _fit(docs, corpus, partial(lightgbm_classifier, SEED))


def fit_lightgbm_dense(docs: Sequence[Doc], corpus: PairPriors, c: float = 0.0) -> tuple[EstimatorPairModel, PairPriors]:
    """:func:`fit_lightgbm` over the features that name no word (:func:`is_lexical`)."""
    return _fit(docs, corpus, partial(lightgbm_classifier, SEED), dense=True)


def fit_mlp(docs: Sequence[Doc], corpus: PairPriors, c: float = 0.0) -> tuple[EstimatorPairModel, PairPriors]:
    """A small neural network (one hidden layer of 64 units), one per label."""
    from sklearn.neural_network import MLPClassifier

    return _fit(docs, corpus, lambda: MLPClassifier(
        hidden_layer_sizes=(64,), alpha=1e-3, max_iter=60, early_stopping=True, random_state=SEED))


FITS = {"lightgbm": fit_lightgbm, "lightgbm-dense": fit_lightgbm_dense, "mlp": fit_mlp}
