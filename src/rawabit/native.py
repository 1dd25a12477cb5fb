"""The compiled kernels (``rawabit._speedups``), or ``None`` where they are not built.

Setting ``RAWABIT_PURE_PYTHON=1`` before Rawabit is imported makes it run the
pure-Python twin of every kernel: the same results (tests compare the two), slower.
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType


def _load() -> ModuleType | None:
    if os.environ.get("RAWABIT_PURE_PYTHON", "") not in ("", "0"):
        return None
    try:
        return importlib.import_module("rawabit._speedups")
    except ImportError:  # installed without a C compiler: the twins run instead
        return None


speedups: ModuleType | None = _load()
