"""Corpus priors for the pair model: how often the trigger rules relate two actors over the
unlabelled corpus (``../shared/data/corpus``), and how often two actors share a sentence.

Relations are counted once per article; a pair's co-occurrence is the number of
articles with a sentence that names both. Pairs that share a sentence in only one
article are left out (their count reads as 0), which keeps the file small.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rawabit.extraction.pairs import sentence_index, sym_key
from rawabit.learn.corpora import corpus_records
from rawabit.model import Article, RawArticle
from rawabit.pipeline import Pipeline

Progress = Callable[[str, int, int], None]
MIN_COOCCUR = 2


def corpus_articles(path: str | Path, limit: int | None = None) -> Iterator[RawArticle]:
    """The articles of a JSON Lines corpus (gzipped or not) that have text."""
    for rec in corpus_records(path, limit):
        if rec.get("text"):
            yield RawArticle(text=rec["text"], title=rec.get("title"), id=rec.get("id"))


def count_article(art: Article, cooccur: Counter[str], relations: Counter[str], docs: Counter[str]) -> None:
    """Add one article (as the rules leave it) to the counts."""
    sent = sentence_index(art)
    by_sent: dict[int, set[str]] = {}
    for m in art.mentions:
        by_sent.setdefault(sent(m.token_start), set()).add(m.actor_id)
    pairs = set()
    for ids in by_sent.values():
        ordered = sorted(ids)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                pairs.add(sym_key(a, b))
    cooccur.update(pairs)
    docs.update({m.actor_id for m in art.mentions})
    relations.update({f"{r.source}|{r.type}|{r.target}" for r in art.relations})


def build_corpus_priors(corpus: str | Path, rules: Pipeline | None = None, limit: int | None = None,
                        progress: Progress | None = None, total: int | None = None) -> dict[str, Any]:
    """The corpus part of ``data/pair_priors.json`` (``rules``: a pipeline without learned models)."""
    rules = rules or Pipeline(relation_model=False)
    cooccur: Counter[str] = Counter()
    relations: Counter[str] = Counter()
    docs: Counter[str] = Counter()
    n = 0
    for raw in corpus_articles(corpus, limit):
        count_article(rules.run_raw(raw, until="salience"), cooccur, relations, docs)
        n += 1
        if progress and n % 200 == 0:
            progress("corpus priors", n, total or 0)
    return {
        "meta": {"source": Path(corpus).name, "articles": n, "min_cooccur": MIN_COOCCUR},
        "cooccur": {k: v for k, v in sorted(cooccur.items()) if v >= MIN_COOCCUR},
        "relations": dict(sorted(relations.items())),
        "actor_docs": dict(sorted(docs.items())),
    }
