"""Packaged data files: actor gazetteer, trigger lexicons, month names, character maps."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from rawabit.errors import DataError

try:  # the C loader is several times faster on the large gazetteer files
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _Loader = yaml.SafeLoader


def data_path(name: str) -> Path:
    """Path of a packaged data file (``actors/core.yaml``, ``triggers.yaml``...)."""
    return Path(str(resources.files("rawabit.data").joinpath(name)))


def load_yaml_file(path: str | Path) -> Any:
    """Load one YAML file, raising :class:`DataError` that names the file."""
    p = Path(path)
    try:
        with p.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_Loader)
    except OSError as exc:
        raise DataError(str(p), f"cannot read: {exc.strerror or exc}") from exc
    except yaml.YAMLError as exc:
        raise DataError(str(p), f"invalid YAML: {exc}") from exc


@cache
def load_yaml(name: str) -> Any:
    """Load a packaged YAML data file once per process."""
    return load_yaml_file(data_path(name))
