"""Gradient-boosted trees over dense features, stored as plain JSON and scored without LightGBM.

:mod:`rawabit.learn.trees` fits the trees with LightGBM and writes each label's trees as
flat arrays (nodes in pre-order, a child below zero is a leaf); this module reads them back
and sums them, with the compiled kernel ``forest`` of :mod:`rawabit.native` or its NumPy
twin. Scoring needs no pickle and no LightGBM.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from rawabit.errors import DataError
from rawabit.linear import Features
from rawabit.native import forest_sum

TREE_KEYS = ("feature", "threshold", "left", "right", "leaf", "roots")


class Forest:
    """Per label, a sum of regression trees (logits) over the columns of a dense matrix: a
    value goes to the left child when it is at most the node's threshold (LightGBM's rule)."""

    def __init__(self, labels: Sequence[str], trees: dict[str, dict[str, list[Any]]], width: int,
                 source: str = "forest") -> None:
        self.labels = tuple(labels)
        self.trees = trees
        feat: list[int] = []
        thr: list[float] = []
        left: list[int] = []
        right: list[int] = []
        leaf: list[float] = []
        roots: list[int] = []
        outputs: list[int] = []
        fitted: list[int] = []
        for li, lab in enumerate(self.labels):
            t = trees.get(lab)
            if not t:
                continue
            fitted.append(li)
            _check(t, width, f"{source}: {lab}")
            n0, l0 = len(feat), len(leaf)

            def moved(child: int, n0: int = n0, l0: int = l0) -> int:
                return child + n0 if child >= 0 else child - l0

            feat += t["feature"]
            thr += t["threshold"]
            left += [moved(c) for c in t["left"]]
            right += [moved(c) for c in t["right"]]
            leaf += t["leaf"]
            roots += [moved(r) for r in t["roots"]]
            outputs += [li] * len(t["roots"])
        self.feature = np.array(feat, dtype=np.int64)
        self.threshold = np.array(thr, dtype=np.float64)
        self.left = np.array(left, dtype=np.int64)
        self.right = np.array(right, dtype=np.int64)
        self.leaf = np.array(leaf, dtype=np.float64)
        self.roots = np.array(roots, dtype=np.int64)
        self.outputs = np.array(outputs, dtype=np.int64)
        self.fitted = np.array(fitted, dtype=np.int64)  # the labels that have trees

    def logits(self, X: np.ndarray) -> np.ndarray:
        """One row of label logits per row of ``X`` (float64, C order)."""
        out = np.zeros((X.shape[0], len(self.labels)))
        if X.shape[0] and len(self.roots):
            forest_sum(out, X, self.feature, self.threshold, self.left, self.right, self.leaf, self.roots,
                       self.outputs)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"labels": list(self.labels), "trees": self.trees}

    @classmethod
    def from_json(cls, d: dict[str, Any], width: int, source: str = "forest") -> Forest:
        return cls(d["labels"], d["trees"], width, source)


def _check(t: dict[str, list[Any]], width: int, where: str) -> None:
    """A label's trees are well formed: every node's feature is a column, its children come
    after it (so every walk ends) and every leaf exists; a DataError that says where otherwise."""
    missing = [k for k in TREE_KEYS if not isinstance(t.get(k), list)]
    if missing:
        raise DataError(where, f"trees without {', '.join(missing)}")
    n, nl = len(t["feature"]), len(t["leaf"])
    if not (len(t["threshold"]) == len(t["left"]) == len(t["right"]) == n):
        raise DataError(where, "trees whose node arrays differ in length")
    for i in range(n):
        if not 0 <= t["feature"][i] < width:
            raise DataError(where, f"node {i} reads column {t['feature'][i]} of {width}")
        for c in (t["left"][i], t["right"][i]):
            if not (i < c < n or -nl <= c < 0):
                raise DataError(where, f"node {i} has a child {c} out of order or range")
    for r in t["roots"]:
        if not (0 <= r < n or -nl <= r < 0):
            raise DataError(where, f"a tree root {r} out of range")


def dense_rows(column: dict[str, int], instances: Sequence[Sequence[Features]]) -> np.ndarray:
    """The dense rows of ``instances`` over ``column`` (feature -> column; an instance: feature
    dicts merged in order, as the training instances are), through float32 as LightGBM read
    them in training."""
    X = np.zeros((len(instances), len(column)), dtype=np.float32)
    for i, parts in enumerate(instances):
        for feats in parts:
            for k, val in feats.items():
                j = column.get(k)
                if j is not None:
                    X[i, j] = val
    return X.astype(np.float64)


class PairTrees:
    """Trees beside the pair model's logistic regressions: over the pair features that name no
    word (``features``), one forest for the symmetric and one for the directed labels. A pair
    whose highest regression probability reaches ``gate`` gets, per label, the mean of the two
    models' probabilities; the others keep the regressions' alone."""

    def __init__(self, features: Sequence[str], symmetric: Forest, directed: Forest, gate: float) -> None:
        self.features = tuple(features)
        self.column = {f: i for i, f in enumerate(self.features)}
        self.symmetric = symmetric
        self.directed = directed
        self.gate = gate

    def matrix(self, instances: Sequence[Sequence[Features]]) -> np.ndarray:
        """:func:`dense_rows` over these trees' columns."""
        return dense_rows(self.column, instances)

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "gate": self.gate, "symmetric": self.symmetric.to_json(),
                "directed": self.directed.to_json()}

    @classmethod
    def from_json(cls, d: dict[str, Any], source: str = "pair model") -> PairTrees:
        width = len(d["features"])
        return cls(d["features"], Forest.from_json(d["symmetric"], width, f"{source}: trees"),
                   Forest.from_json(d["directed"], width, f"{source}: trees"), float(d["gate"]))
