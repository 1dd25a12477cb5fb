"""Logistic regressions over sparse features, stored as plain JSON and scored with NumPy.

The learned parts of extraction (:mod:`rawabit.extraction.pairs`,
:mod:`rawabit.extraction.salience`) are trained with scikit-learn
(:mod:`rawabit.learn`) and written as ``{label: {feature: weight}}``; scoring needs
no pickle and no scikit-learn.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rawabit.errors import DataError

Features = dict[str, float]


def sigmoid(z: np.ndarray) -> np.ndarray:
    """The logistic function, clipped so that no score overflows."""
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


class LinearModel:
    """Logistic regressions over sparse features: ``labels`` share one weight matrix."""

    def __init__(self, labels: Sequence[str], weights: dict[str, dict[str, float]], bias: dict[str, float]) -> None:
        self.labels = tuple(labels)
        self.weights = weights
        self.bias = bias
        self.row: dict[str, int] = {}
        for lab in self.labels:
            for feat in weights.get(lab, {}):
                self.row.setdefault(feat, len(self.row))
        self.matrix = np.zeros((len(self.row) + 1, len(self.labels)))
        for li, lab in enumerate(self.labels):
            for feat, w in weights.get(lab, {}).items():
                self.matrix[self.row[feat], li] = w
        self.intercept = np.array([bias.get(lab, 0.0) for lab in self.labels])

    def probabilities(self, instances: Sequence[Sequence[Features]]) -> np.ndarray:
        """One row of label probabilities per instance; an instance is a list of feature dicts
        whose features are summed."""
        if not instances:
            return np.zeros((0, len(self.labels)))
        rows: list[int] = []
        values: list[float] = []
        bounds: list[int] = []
        row, none = self.row, len(self.row)
        for parts in instances:
            bounds.append(len(rows))
            rows.append(none)  # a zero row: every instance has at least one
            values.append(0.0)
            for feats in parts:
                for k, val in feats.items():
                    i = row.get(k)
                    if i is not None:
                        rows.append(i)
                        values.append(val)
        contrib = self.matrix[rows] * np.asarray(values)[:, None]
        return sigmoid(np.add.reduceat(contrib, bounds, axis=0) + self.intercept)

    def to_json(self) -> dict[str, Any]:
        return {"labels": list(self.labels), "bias": self.bias, "weights": self.weights}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> LinearModel:
        return cls(d["labels"], d["weights"], d["bias"])


def read_json(p: Path) -> Any:
    """A JSON data file, or a DataError that names it."""
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(str(p), f"cannot read: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise DataError(str(p), f"invalid JSON: {exc}") from exc


def read_model_file(path: str | None, default_name: str, version: int) -> dict[str, Any] | None:
    """A learned model's JSON: the file at ``path``, or the shipped data file ``default_name``
    (None when none is shipped); a DataError when it is missing or of another features version."""
    from rawabit.data import data_path

    p = Path(path) if path else data_path(default_name)
    if not p.exists():
        if path:
            raise DataError(path, "no such model file")
        return None
    d = read_json(p)
    if d.get("version") != version:
        raise DataError(str(p), f"a model of features version {d.get('version')}, this code reads "
                                f"{version}: retrain it with `rawabit train`")
    return dict(d)
