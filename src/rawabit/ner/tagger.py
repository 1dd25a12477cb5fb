"""The runtime NER tagger: a CRF model file plus the features it was trained with.

>>> tagger = load_tagger()                                  # doctest: +SKIP
>>> [(e.label, e.text) for e in tagger.entities("قال المتحدث محمد نعيم في باكستان")]  # doctest: +SKIP
[('PERS', 'محمد نعيم'), ('LOC', 'باكستان')]
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pycrfsuite

from rawabit.errors import DataError
from rawabit.model import Token
from rawabit.ner.evaluate import chunks
from rawabit.ner.features import (
    FEATURES_VERSION,
    FeatureExtractor,
    Resources,
    kb_gazetteer,
    load_clusters,
)
from rawabit.text.segment import sentences, tokenize

log = logging.getLogger(__name__)
PACKAGED_MODEL = Path(__file__).with_name("model.crfsuite")


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity: character offsets ``[start, end)`` into the tagged text."""

    start: int
    end: int
    label: str  # PERS | LOC | ORG | MISC
    text: str
    score: float  # mean marginal probability of the entity's tags

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def metadata_path(model: Path) -> Path:
    """``model.crfsuite`` -> ``model.json`` (the metadata written beside it)."""
    return model.with_suffix(".json")


def resources_from_metadata(meta: dict[str, Any], model: Path) -> Resources:
    """Rebuild the feature resources a model was trained with."""
    res = Resources()
    feats = meta.get("features", {})
    clusters = feats.get("clusters_file")
    if clusters:
        p = (model.parent / clusters) if not Path(clusters).is_absolute() else Path(clusters)
        if not p.exists():
            raise DataError(str(p), "word clusters of the NER model are missing; retrain with `rawabit train-ner`")
        res.clusters, res.clusters_id = load_clusters(p)
    if feats.get("gazetteer") == "kb":
        res.gazetteer, res.gazetteer_id = kb_gazetteer()
        trained = feats.get("gazetteer_id")
        if trained and res.gazetteer_id != trained:
            log.info("NER model was trained with KB %s, tagging with KB %s", trained, res.gazetteer_id)
    return res


class Tagger:
    """Tags token sequences and finds entities in text with a CRF model."""

    def __init__(self, model: str | Path, resources: Resources | None = None) -> None:
        self.path = Path(model)
        if not self.path.exists():
            raise DataError(str(self.path), "NER model file not found; build one with `rawabit train-ner`")
        mp = metadata_path(self.path)
        self.meta: dict[str, Any] = json.loads(mp.read_text(encoding="utf-8")) if mp.exists() else {}
        version = self.meta.get("features", {}).get("version", FEATURES_VERSION)
        if version != FEATURES_VERSION:
            raise DataError(
                str(self.path),
                f"model uses NER features v{version}, this Rawabit computes v{FEATURES_VERSION}; "
                "retrain it with `rawabit train-ner`",
            )
        self._local = threading.local()  # a crfsuite Tagger is not thread-safe
        self.features = FeatureExtractor(
            resources or resources_from_metadata(self.meta, self.path), known=self._known_attributes()
        )

    def _known_attributes(self) -> frozenset[str]:
        """Attributes that carry a weight in the model (read once from its dump)."""
        info = self._crf.info()
        return frozenset(attr for attr, _ in info.state_features)

    @property
    def _crf(self) -> pycrfsuite.Tagger:
        crf = getattr(self._local, "crf", None)
        if crf is None:
            crf = pycrfsuite.Tagger()
            try:
                crf.open(str(self.path))
            except Exception as exc:  # crfsuite raises a bare ValueError/OSError
                raise DataError(str(self.path), f"not a crfsuite model ({exc})") from exc
            self._local.crf = crf
        return crf

    @property
    def labels(self) -> list[str]:
        return list(self._crf.labels())

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 tags of one sentence's tokens (``["B-PERS", "I-PERS", "O"]``)."""
        if not tokens:
            return []
        return list(self._crf.tag(self.features.sentence(tokens)))

    def tag_sents(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        return [self.tag(s) for s in sents]

    def entities(self, text: str, tokens: Sequence[Token] | None = None) -> list[Entity]:
        """Entities of ``text``, tagged sentence by sentence.

        ``tokens`` are the article's tokens from :func:`rawabit.text.segment.tokenize`
        when the pipeline already has them.
        """
        toks = list(tokens) if tokens is not None else tokenize(text)
        out: list[Entity] = []
        crf = self._crf
        for sent in sentences(text, toks):
            span = toks[sent.first_token:sent.last_token]
            if not span:
                continue
            surfaces = [text[t.start:t.end] for t in span]
            tags = crf.tag(self.features.sentence(surfaces))
            for label, i, j in chunks(tags):
                prob = sum(crf.marginal(tags[k], k) for k in range(i, j)) / (j - i)
                start, end = span[i].start, span[j - 1].end
                out.append(Entity(start, end, label, text[start:end], round(prob, 4)))
        return out


@lru_cache(maxsize=8)
def _load(path: str) -> Tagger:
    return Tagger(path)


def load_tagger(path: str | Path | None = None) -> Tagger:
    """The tagger of ``path`` (the packaged model by default), loaded once per process."""
    return _load(str(Path(path).resolve()) if path else str(PACKAGED_MODEL))
