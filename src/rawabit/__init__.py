"""Rawabit (روابط): an evidence-linked, time-aware graph of actors from raw Arabic news.

>>> import rawabit
>>> art = rawabit.extract("ساعد مقاتلو القاعدة طالبان في اشتباكات مع مقاتلي داعش")
>>> sorted({(r.source, r.type, r.target) for r in art.relations})  # doctest: +SKIP
"""

from __future__ import annotations

__version__ = "0.2.12"

from rawabit.errors import DataError, QueryError, RawabitError, ReadError, StoreError
from rawabit.model import Actor, Article, Evidence, Mention, Relation, Sentence, Token
from rawabit.pipeline import extract, extract_article, extract_many

__all__ = [
    "Actor",
    "Article",
    "DataError",
    "Evidence",
    "Mention",
    "QueryError",
    "RawabitError",
    "ReadError",
    "Relation",
    "Sentence",
    "StoreError",
    "Token",
    "__version__",
    "extract",
    "extract_article",
    "extract_many",
]
