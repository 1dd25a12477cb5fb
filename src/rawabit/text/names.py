"""Arabic given names (``data/given_names.yaml``): what tells a person's name from a word."""

from __future__ import annotations

from functools import cache

from rawabit.data import load_yaml
from rawabit.text.normalise import normalise


@cache
def given_names() -> frozenset[str]:
    """The common given names, normalised (``محمد``, ``عبد الله``)."""
    return frozenset(normalise(n) for n in load_yaml("given_names.yaml")["names"])
