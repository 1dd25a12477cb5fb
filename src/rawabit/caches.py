"""Bounded per-process caches: dicts that forget their older half when full."""

from __future__ import annotations

from collections.abc import Container
from itertools import islice
from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")

# Distinct words a per-process word cache keeps (it forgets its older half when full).
WORDS_REMEMBERED = 100_000


def forget_older_half(cache: dict[K, V], keep: Container[K] = ()) -> list[V]:
    """Drop the older half of ``cache`` (dicts keep insertion order), except keys in ``keep``.

    Frequent words come straight back, so the cache stays useful without
    growing with the corpus. Returns the dropped values.
    """
    dropped: list[V] = []
    for k in list(islice(cache, len(cache) // 2)):
        if k not in keep:
            dropped.append(cache.pop(k))
    return dropped
