"""Fitting the pair model's trees (LightGBM) and writing them as :class:`rawabit.forest.Forest` JSON.

The trees read the pair features that name no word (:func:`is_lexical`): the pair's facts,
the priors, the two actors, the triggers, the mentions' roles and the word order, a few
hundred columns. Averaged with the logistic regressions over the pairs the regressions find
likely (:data:`rawabit.extraction.pairs.TREE_GATE`), they lift the out-of-fold relation F1
(``docs/learning.md``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import numpy as np

from rawabit.extraction.pairs import DIRECTED, LEXICAL_TEMPLATES, SYMMETRIC, TREE_GATE
from rawabit.forest import TREE_KEYS, Forest, PairTrees, dense_rows
from rawabit.linear import Features


def is_lexical(feature: str) -> bool:
    """Whether a feature names a word, a cluster or a punctuation mark of a context."""
    return feature.split(":", 1)[0] in LEXICAL_TEMPLATES


# LightGBM's settings for the trees of one label (chosen out of fold, docs/learning.md)
TREE_PARAMS: dict[str, Any] = {
    "n_estimators": 200, "learning_rate": 0.07, "num_leaves": 31, "min_child_samples": 20, "colsample_bytree": 0.5,
    "subsample": 0.8, "subsample_freq": 1, "reg_lambda": 1.0, "n_jobs": 2, "deterministic": True,
    "force_row_wise": True, "verbose": -1,
}


def lightgbm_classifier(seed: int) -> Any:
    """The gradient-boosted trees of one label (deterministic for a given input and seed)."""
    from lightgbm import LGBMClassifier

    return LGBMClassifier(random_state=seed, **TREE_PARAMS)


def tree_columns(X: Sequence[Features], min_count: int) -> list[str]:
    """The features the trees read: seen in ``min_count`` instances and naming no word."""
    seen: Counter[str] = Counter(k for x in X for k in x)
    return sorted(f for f, n in seen.items() if n >= min_count and not is_lexical(f))


def export(booster: Any) -> dict[str, list[Any]]:
    """A fitted LightGBM booster's trees as flat pre-order arrays (see :class:`Forest`)."""
    t: dict[str, list[Any]] = {k: [] for k in TREE_KEYS}

    def walk(node: dict[str, Any]) -> int:
        if "leaf_value" in node:
            t["leaf"].append(float(node["leaf_value"]))
            return -len(t["leaf"])
        if node.get("decision_type") != "<=" or node.get("missing_type") not in ("None", None):
            raise ValueError(f"a split the forest cannot read: {node.get('decision_type')}, "
                             f"missing {node.get('missing_type')}")
        i = len(t["feature"])
        t["feature"].append(int(node["split_feature"]))
        t["threshold"].append(float(node["threshold"]))
        t["left"].append(0)
        t["right"].append(0)
        t["left"][i] = walk(node["left_child"])
        t["right"][i] = walk(node["right_child"])
        return i

    for tree in booster.dump_model()["tree_info"]:
        t["roots"].append(walk(tree["tree_structure"]))
    return t


def _forest(labels: Sequence[str], X: Sequence[Features], Y: dict[str, list[int | None]],
            column: dict[str, int], seed: int) -> Forest:
    M = dense_rows(column, [(x,) for x in X])
    out: dict[str, dict[str, list[Any]]] = {}
    for lab in labels:
        ys = Y[lab]
        use = np.array([y is not None for y in ys])
        y = np.array([bool(v) for v in ys])[use]
        if 3 <= y.sum() < len(y):
            out[lab] = export(lightgbm_classifier(seed).fit(M[use], y).booster_)
    return Forest(labels, out, len(column))


def fit_trees(Xs: Sequence[Features], Xd: Sequence[Features], Ys: dict[str, list[int | None]],
              Yd: dict[str, list[int | None]], seed: int, min_count: int) -> PairTrees:
    """The trees of the symmetric and the directed labels over the training instances (a
    feature seen in fewer than ``min_count`` of them is no column)."""
    features = tree_columns([*Xs, *Xd], min_count)
    column = {f: i for i, f in enumerate(features)}
    return PairTrees(features, _forest(SYMMETRIC, Xs, Ys, column, seed), _forest(DIRECTED, Xd, Yd, column, seed),
                     TREE_GATE)
