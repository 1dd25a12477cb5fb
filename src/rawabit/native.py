"""The compiled kernels (``rawabit._speedups``), or ``None`` where they are not built.

Setting ``RAWABIT_PURE_PYTHON=1`` before Rawabit is imported makes it run the
pure-Python twin of every kernel: the same results (tests compare the two), slower.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Mapping
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported by the twins that need it: tokenizing alone does not load NumPy
    import numpy as np


def _load() -> ModuleType | None:
    if os.environ.get("RAWABIT_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        return importlib.import_module("rawabit._speedups")
    except ImportError:  # installed without a C compiler: the twins run instead
        return None


speedups: ModuleType | None = _load()


def _found_python(mapping: Mapping[Any, Any], keys: Iterable[Any]) -> list[Any]:
    """The values of the ``keys`` that ``mapping`` holds, in order (its values are never None)."""
    return [v for v in map(mapping.get, keys) if v is not None]


found: Callable[[Mapping[Any, Any], Iterable[Any]], list[Any]] = (
    speedups.found if speedups is not None else _found_python)


def _add_rows_python(out: np.ndarray, pos: list[int], ids: list[int], weights: np.ndarray) -> None:
    """``out[pos[k]] += weights[ids[k]]`` for each ``k`` in turn."""
    import numpy as np

    np.add.at(out, pos, weights[ids])


add_rows: Callable[[np.ndarray, list[int], list[int], np.ndarray], None] = (
    speedups.add_rows if speedups is not None else _add_rows_python)


def _forest_sum_python(out: np.ndarray, X: np.ndarray, feature: np.ndarray, threshold: np.ndarray,
                       left: np.ndarray, right: np.ndarray, leaf: np.ndarray, roots: np.ndarray,
                       outputs: np.ndarray) -> None:
    """``out[i, outputs[t]] += `` the leaf that row ``i`` of ``X`` reaches in tree ``t`` (nodes
    from ``roots[t]``: left when ``X[i, feature[n]] <= threshold[n]``, a child below zero is
    leaf ``-child - 1``), every row walked through all the trees at once."""
    import numpy as np

    node = np.broadcast_to(roots, (X.shape[0], len(roots))).copy()
    inner = node >= 0
    while inner.any():
        r, c = np.nonzero(inner)
        n = node[r, c]
        node[r, c] = np.where(X[r, feature[n]] <= threshold[n], left[n], right[n])
        inner[r, c] = node[r, c] >= 0
    for t in range(len(roots)):  # tree by tree, in the kernel's order of additions
        out[:, outputs[t]] += leaf[-node[:, t] - 1]


forest_sum: Callable[..., None] = (speedups.forest_sum if speedups is not None else _forest_sum_python)
