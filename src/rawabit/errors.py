"""One exception tree for Rawabit: every user-facing error is a ``RawabitError``."""

from __future__ import annotations


class RawabitError(Exception):
    """Base class of every error Rawabit raises on purpose."""


class ReadError(RawabitError):
    """An input file could not be read or decoded.

    Carries the path and the reason so that a batch run can report it and go on.
    """

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class EmptyInput(ReadError):
    """An input holds no article text (an empty file, a record without ``text``).

    Batch runs skip and count these rather than fail on them (``--strict`` makes them errors).
    """


class DataError(RawabitError):
    """A packaged or user data file (gazetteer, lexicon) is invalid."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class StoreError(RawabitError):
    """The database cannot be opened, migrated or written."""


class QueryError(RawabitError):
    """A query names an unknown actor or has invalid arguments."""


class ArticleTimeout(RawabitError):
    """Extracting one article took longer than its time budget (``rawabit ingest --article-timeout``)."""
