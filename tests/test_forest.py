"""The pair model's trees: LightGBM's trees exported to JSON score as LightGBM scores them,
the compiled kernel equals its NumPy twin, and malformed trees are refused with the file named."""

from __future__ import annotations

import json

import numpy as np
import pytest

from rawabit import native
from rawabit.errors import DataError
from rawabit.forest import Forest, PairTrees
from rawabit.learn.trees import export, fit_trees, tree_columns
from rawabit.native import speedups

needs_speedups = pytest.mark.skipif(
    speedups is None, reason="rawabit._speedups is not built here (no C compiler, or RAWABIT_PURE_PYTHON=1)")


def _data(seed: int = 1, n: int = 600, width: int = 12) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    X = np.where(rng.random((n, width)) < 0.6, 0.0, rng.choice([0.25, 1 / 3, 0.5, 1.0, 2.0], (n, width)))
    y = (X[:, 0] + X[:, 3] * X[:, 5] + rng.normal(0, 0.3, n)) > 0.6
    return X.astype(np.float32).astype(np.float64), y


def test_exported_trees_score_as_lightgbm() -> None:
    from rawabit.learn.trees import lightgbm_classifier

    X, y = _data()
    clf = lightgbm_classifier(13).fit(X, y)
    trees = export(clf.booster_)
    forest = Forest(["ally"], {"ally": json.loads(json.dumps(trees))}, X.shape[1])
    raw = clf.booster_.predict(X, raw_score=True)
    assert np.allclose(forest.logits(X)[:, 0], raw, atol=1e-9)
    assert len(trees["roots"]) == clf.n_estimators


def _random_forest(rng: np.random.Generator, width: int) -> list[np.ndarray]:
    """Random trees with nodes in pre-order: feature, threshold, left, right, leaf, roots."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    leaf: list[float] = []

    def grow(depth: int) -> int:
        if depth >= 4 or rng.random() < 0.2:
            leaf.append(float(rng.normal()))
            return -len(leaf)
        i = len(feature)
        feature.append(int(rng.integers(0, width)))
        threshold.append(float(rng.choice([0.0, 0.3, 0.5, 1.0])))
        left.append(0)
        right.append(0)
        left[i] = grow(depth + 1)
        right[i] = grow(depth + 1)
        return i

    roots = [grow(0) for _ in range(int(rng.integers(1, 30)))]
    return [np.array(feature, dtype=np.int64), np.array(threshold), np.array(left, dtype=np.int64),
            np.array(right, dtype=np.int64), np.array(leaf), np.array(roots, dtype=np.int64)]


def test_compiled_forest_equals_its_numpy_twin() -> None:
    rng = np.random.default_rng(7)
    X, _ = _data(3, 50)
    for _ in range(20):
        args = _random_forest(rng, X.shape[1])
        outputs = rng.integers(0, 3, len(args[-1])).astype(np.int64)
        want = np.zeros((len(X), 3))
        native._forest_sum_python(want, X, *args, outputs)
        got = np.zeros((len(X), 3))
        native.forest_sum(got, X, *args, outputs)
        assert np.array_equal(got, want)


@needs_speedups
def test_compiled_forest_refuses_bad_arrays() -> None:
    assert speedups is not None
    X = np.zeros((2, 3))
    out = np.zeros((2, 1))
    one = np.array([0], dtype=np.int64)
    ok = (np.array([0], dtype=np.int64), np.array([0.5]), np.array([-1], dtype=np.int64),
          np.array([-2], dtype=np.int64), np.array([1.0, 2.0]), one, np.array([0], dtype=np.int64))
    speedups.forest_sum(out, X, *ok)
    assert out[:, 0].tolist() == [1.0, 1.0]  # 0 <= 0.5: left, leaf 0
    loop = (ok[0], ok[1], np.array([0], dtype=np.int64), *ok[3:])  # a node its own child: refused
    with pytest.raises(ValueError, match="node 0"):
        speedups.forest_sum(out, X, *loop)
    column = (np.array([3], dtype=np.int64), *ok[1:])
    with pytest.raises(ValueError, match="node 0"):
        speedups.forest_sum(out, X, *column)
    with pytest.raises(TypeError, match="int64"):
        speedups.forest_sum(out, X, ok[0].astype(np.int32), *ok[1:])


def test_malformed_trees_name_the_model() -> None:
    good = {"feature": [0], "threshold": [0.5], "left": [-1], "right": [-2], "leaf": [1.0, 2.0], "roots": [0]}
    Forest(["ally"], {"ally": good}, 1)
    for bad, why in ((dict(good, left=[0]), "out of order"), (dict(good, feature=[4]), "column 4"),
                     ({k: v for k, v in good.items() if k != "leaf"}, "without leaf"),
                     (dict(good, roots=[5]), "root")):
        with pytest.raises(DataError, match=why) as e:
            PairTrees.from_json({"features": ["a"], "gate": 0.1, "symmetric": {"labels": ["ally"], "trees": {"ally": bad}},
                                 "directed": {"labels": [], "trees": {}}}, "pair_model.json")
        assert "pair_model.json" in str(e.value)


def test_fitted_trees_read_no_word_and_round_trip() -> None:
    rng = np.random.default_rng(2)
    Xs = [{"bias": 1.0, "tr1:ally": float(rng.random() < 0.3), "btw:حليف": 1.0, "cp_co": float(rng.random())}
          for _ in range(300)]
    Xd = [dict(x, **{"mx:subj": 1.0}) for x in Xs for _ in (0, 1)]
    Ys = {t: [int(x["tr1:ally"] > 0 and t == "ally") for x in Xs] for t in ("ally", "fight", "hostile")}
    Yd = {t: [int(x["cp_co"] > 0.5 and t == "support") for x in Xd] for t in ("support", "influence", "affiliate")}
    trees = fit_trees(Xs, Xd, Ys, Yd, 13, 2)
    assert trees.features == tuple(tree_columns([*Xs, *Xd], 2)) and "btw:حليف" not in trees.features
    assert set(trees.symmetric.trees) == {"ally"} and set(trees.directed.trees) == {"support"}
    assert trees.symmetric.fitted.tolist() == [0] and trees.directed.fitted.tolist() == [0]
    back = PairTrees.from_json(json.loads(json.dumps(trees.to_json())))
    p1 = trees.symmetric.logits(trees.matrix([(x,) for x in Xs]))
    p2 = back.symmetric.logits(back.matrix([(x,) for x in Xs]))
    assert np.array_equal(p1, p2)
    ally = p1[:, 0]
    on = np.array([x["tr1:ally"] > 0 for x in Xs])
    assert ally[on].min() > ally[~on].max()  # the trees learned the rule
