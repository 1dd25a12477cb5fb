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
