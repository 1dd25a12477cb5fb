"""The stages in order: segment -> mentions -> actors -> relations -> pairs -> salience.

A stage is a callable ``Article -> Article``; the pipeline builds the stages
once (gazetteer automaton, lexicons) and runs them on one article or a stream.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rawabit.errors import ReadError
from rawabit.model import Article, RawArticle, text_id

if TYPE_CHECKING:
    from rawabit.kb.loader import KnowledgeBase

Stage = Callable[[Article], Article]


class Pipeline:
    """The extraction stages, built once per process."""

    def __init__(
        self, actor_files: Sequence[str | Path] = (), ner: bool | str | Path = True,
        relation_model: bool | str = True, salience_model: bool | str = True, priors: str | None = None,
        kb: KnowledgeBase | None = None,
    ) -> None:
        """``ner``: the shipped NER tagger (True), none (False), or a tagger model file
        (``model.crfsuite`` with its ``model.json`` beside it).
        ``relation_model``/``salience_model``: the shipped learned model (True), none (False:
        the rules alone decide), or a model file; ``priors``: a pair-priors file instead of the
        shipped one. ``actor_files`` are merged over the packaged knowledge base; ``kb`` is one
        already loaded (``rawabit.kb.load(extra, exclude=...)``) and takes the place of both."""
        from rawabit.extraction import pairs, salience
        from rawabit.extraction.actors import ActorsStage
        from rawabit.extraction.mentions import MentionsStage
        from rawabit.extraction.relations import RelationsStage
        from rawabit.kb import load
        from rawabit.text.segment import SegmentStage

        if kb is not None and actor_files:
            raise ValueError("give actor_files or kb, not both: load the files into the kb")
        self.kb = kb if kb is not None else load(actor_files)
        self.stages: list[tuple[str, Stage]] = [
            ("segment", SegmentStage()),
            ("mentions", MentionsStage(self.kb, ner=ner)),
            ("actors", ActorsStage(self.kb)),
            ("relations", RelationsStage(self.kb)),
        ]
        pair_model = _model(relation_model, pairs.load_model)
        pair_priors = pairs.load_priors(priors)
        if pair_model is not None:
            self.stages.append(("pairs", pairs.PairsStage(self.kb, pair_model, pair_priors)))
            self.stages.append(("salience", salience.SalienceStage(_model(salience_model, salience.load_model),
                                                                   pair_priors)))
        else:
            self.stages.append(("salience", salience.SalienceStage(None, pair_priors)))

    def __call__(self, art: Article, until: str | None = None) -> Article:
        for name, stage in self.stages:
            if name == until:
                break
            art = stage(art)
        return art

    def stage(self, name: str) -> Stage:
        """The stage called ``name``."""
        return dict(self.stages)[name]

    def run_raw(self, raw: RawArticle, until: str | None = None) -> Article:
        """Extract one RawArticle from a reader (stopping before stage ``until``)."""
        art = Article(
            text=raw.text,
            id=raw.id or text_id(raw.text),
            source=raw.source,
            title=raw.title,
            published=raw.published,
            author=raw.author,
            url=raw.url,
            outlet=raw.outlet,
        )
        return self(art, until)


def _model(choice: bool | str, load: Callable[[str | None], Any]) -> Any:
    """A learned model: the shipped one (True), none (False), or a file."""
    if choice is False:
        return None
    return load(None if choice is True else str(choice))


@cache
def default_pipeline() -> Pipeline:
    """The pipeline over the packaged knowledge base (built on first use)."""
    return Pipeline()


def extract(
    text: str,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
    pipeline: Pipeline | None = None,
) -> Article:
    """Extract actors and relations from one article's text.

    >>> art = extract("وفرت طالبان ملاذا آمنا للقاعدة عام 2001")  # doctest: +SKIP
    """
    raw = RawArticle(text=text, title=title, published=published, source=source)
    return (pipeline or default_pipeline()).run_raw(raw)


def extract_article(raw: RawArticle, pipeline: Pipeline | None = None) -> Article:
    """Extract one article produced by a reader."""
    return (pipeline or default_pipeline()).run_raw(raw)


def extract_many(
    items: Iterable[RawArticle | ReadError], pipeline: Pipeline | None = None
) -> Iterator[Article | ReadError]:
    """Extract a stream of reader output; ReadErrors pass through unchanged."""
    p = pipeline or default_pipeline()
    for item in items:
        yield item if isinstance(item, ReadError) else p.run_raw(item)
