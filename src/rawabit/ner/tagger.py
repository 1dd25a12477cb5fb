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
from itertools import accumulate, compress
from pathlib import Path
from typing import Any

import numpy as np
import pycrfsuite

from rawabit.caches import forget_older_half
from rawabit.errors import DataError
from rawabit.model import Token
from rawabit.native import add_rows, found, speedups
from rawabit.ner import crf
from rawabit.ner.crf import CRFWeights, read_model
from rawabit.ner.features import (
    FEATURES_VERSION,
    OFFSETS,
    FeatureExtractor,
    Resources,
    add_features,
    doc_features,
    kb_gazetteer,
    load_clusters,
    load_gazetteer,
    load_vectors,
    vector_feature,
)
from rawabit.text.segment import sentences, tokenize

log = logging.getLogger(__name__)
PACKAGED_MODEL = Path(__file__).with_name("model.crfsuite")
# Label propagation (chosen on the dev slice): a CoNLL file has no document
# breaks, so a document is taken as ±DOC_WINDOW sentences there; an article is
# one document.
DOC_WINDOW = 20
MIN_NAME_CHARS = 3
PROPAGATED_DISCOUNT = 0.9
# Distinct words whose scores the NumPy tagger keeps (360 bytes each with 9 labels).
TABLE_WORDS = 100_000
_OFFSET_INDEX = {str(o): k for k, o in enumerate(OFFSETS)}  # "-2" -> 0, ..., "2" -> 3


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


def chunks(tags: Sequence[str]) -> list[tuple[str, int, int]]:
    """``(type, start, end)`` chunks of an IOB tag sequence (end exclusive), read the way
    ``conlleval`` reads them: a chunk starts at ``B-X``, or at ``I-X`` when the previous tag
    is ``O`` or of another type, and ends before the next start, ``O`` or type change."""
    out: list[tuple[str, int, int]] = []
    cur_type: str | None = None
    start = 0
    for i, tag in enumerate(tags):
        if tag == "O" or not tag or len(tag) < 3 or tag[1] != "-":
            prefix, typ = "O", None
        else:
            prefix, typ = tag[0], tag[2:]
        begins = typ is not None and (prefix in ("B", "S", "U") or typ != cur_type)
        if cur_type is not None and (typ is None or begins):
            out.append((cur_type, start, i))
            cur_type = None
        if begins:
            cur_type, start = typ, i
    if cur_type is not None:
        out.append((cur_type, start, len(tags)))
    return out


def metadata_path(model: Path) -> Path:
    """``model.crfsuite`` -> ``model.json`` (the metadata written beside it)."""
    return model.with_suffix(".json")


def gazetteer_path(model: Path) -> Path:
    """``model.crfsuite`` -> ``model.gazetteer.json`` (the gazetteer snapshot of a model)."""
    return model.with_name(model.stem + ".gazetteer.json")


def stage1_path(model: Path) -> Path:
    """``model.crfsuite`` -> ``model.stage1.crfsuite`` (the first CRF of a stacked model)."""
    return model.with_name(model.stem + ".stage1.crfsuite")


def _open_crf(path: Path) -> pycrfsuite.Tagger:
    crf = pycrfsuite.Tagger()
    try:
        crf.open(str(path))
    except Exception as exc:  # crfsuite raises a bare ValueError/OSError
        raise DataError(str(path), f"not a crfsuite model ({exc})") from exc
    return crf


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
    vectors = feats.get("vectors_file")
    if vectors:
        p = (model.parent / vectors) if not Path(vectors).is_absolute() else Path(vectors)
        if not p.exists():
            raise DataError(str(p), "word vectors of the NER model are missing; retrain with `rawabit train-ner`")
        try:
            res.vectors = load_vectors(p, res.clusters, res.clusters_id)
        except ValueError as exc:
            raise DataError(str(p), str(exc)) from exc
    if feats.get("gazetteer") == "package":
        p = model.parent / feats.get("gazetteer_file", gazetteer_path(model).name)
        if not p.exists():
            raise DataError(str(p), "gazetteer of the NER model is missing; retrain with `rawabit train-ner`")
        res.gazetteer, res.gazetteer_id = load_gazetteer(p)
    elif feats.get("gazetteer") == "kb":
        res.gazetteer, res.gazetteer_id = kb_gazetteer()
        trained = feats.get("gazetteer_id")
        if trained and res.gazetteer_id != trained:
            log.info("NER model was trained with KB %s, tagging with KB %s", trained, res.gazetteer_id)
    return res


class Tagger:
    """Tags token sequences and finds entities in text with a CRF model."""

    def __init__(
        self, model: str | Path, resources: Resources | None = None, stage1: str | Path | None = None
    ) -> None:
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
        # A stacked model: a first CRF tags the document, the second (``model``)
        # sees the first one's tags of each name's occurrences as features.
        s1 = stage1 if stage1 is not None else self.meta.get("features", {}).get("stage1")
        self.stage1: Path | None = None
        if s1:
            p = Path(s1)
            self.stage1 = p if p.is_absolute() else self.path.parent / p
            if not self.stage1.exists():
                raise DataError(str(self.stage1), "first-stage NER model missing; retrain with `rawabit train-ner`")
        # One CRF: decoded in NumPy from the model's weights (crf.py), batched over an article's
        # sentences. A stacked model's second stage needs the first one's tags: crfsuite runs both.
        self._weights: CRFWeights | None = read_model(self.path) if self.stage1 is None else None
        if self._weights is not None:
            known = frozenset(self._weights.attrs)
        else:
            known = self._known_attributes(self._crf) | self._known_attributes(self._crf1)
        self.features = FeatureExtractor(resources or resources_from_metadata(self.meta, self.path), known=known)
        # the NumPy path's score table: a row of (5, labels) per distinct word, see _rows
        self._rowof: dict[str, int] = {}
        self._free: list[int] = []
        self._norms: list[str] = []
        self._stems: list[str] = []
        self._lock = threading.Lock()
        if self._weights is not None:
            w = self._weights
            # the weights of a sentence's first, second, last and second-last token for its edges
            self._edge_rows = np.array([w.state[w.attrs[a]] if a in w.attrs else np.zeros(len(w.labels))
                                        for a in ("-1:BOS", "-2:BOS", "1:EOS", "2:EOS")])
            self._bigrams = _pair_rows(w.attrs, "bg")
            self._stem_bigrams = _pair_rows(w.attrs, "sb")
            self._views = _view_rows(w.attrs)
            vec = self.features.res.vectors
            self._vector_rows = _vector_rows(w.attrs, vec.buckets.shape[1]) if vec is not None else None
            self._dims = np.arange(vec.buckets.shape[1] if vec is not None else 0)
            # all TABLE_WORDS rows at once: zeroed pages are only resident once written, and
            # the table never has to be copied into a larger one as it fills
            self._table = np.zeros((TABLE_WORDS, 5, len(w.labels)))

    @staticmethod
    def _known_attributes(crf: pycrfsuite.Tagger) -> frozenset[str]:
        """Attributes that carry a weight in the model (read once from its dump)."""
        return frozenset(attr for attr, _ in crf.info().state_features)

    @property
    def _crf(self) -> pycrfsuite.Tagger:
        crf = getattr(self._local, "crf", None)
        if crf is None:
            crf = self._local.crf = _open_crf(self.path)
        return crf

    @property
    def _crf1(self) -> pycrfsuite.Tagger:
        """The first-stage CRF of a stacked model (the only one otherwise)."""
        if self.stage1 is None:
            return self._crf
        crf = getattr(self._local, "crf1", None)
        if crf is None:
            crf = self._local.crf1 = _open_crf(self.stage1)
        return crf

    # -- NumPy decoding of a single CRF ------------------------------------------
    def _rows(self, words: Sequence[str]) -> list[int]:
        """Rows of ``words`` in the score table, adding the words not in it yet (in one NumPy pass)."""
        rowof = self._rowof
        rows = [rowof.get(x, -1) for x in words]
        if -1 not in rows:
            return rows
        new = list(dict.fromkeys(x for x, r in zip(words, rows, strict=True) if r < 0))
        if len(rowof) + len(new) > TABLE_WORDS:
            self._free += forget_older_half(rowof, keep=set(words))  # the words of this call stay
        w = self._weights
        assert w is not None
        slots: list[int] = []  # (row * 5 + group) of each weight row in ``ids``
        ids: list[int] = []
        fresh: list[int] = []
        vector_rows = self._vector_rows
        vectors = self.features.res.vectors
        # the weight rows of FeatureExtractor.strings(x), in its order, found without building
        # the offset-prefixed and vector strings (a test checks the two agree)
        parts = [self.features.parts(x) for x in new]
        with_vector = [p[4] for p in parts if p[4] is not None]
        vector_ids: list[list[int]] = []
        if with_vector:  # the vector features' weight rows of all new words, in one NumPy lookup
            assert vector_rows is not None and vectors is not None
            vector_ids = vector_rows[self._dims, vectors.buckets[with_vector]].tolist()
        next_vector = iter(vector_ids)
        add = speedups.word_rows if speedups is not None else _word_rows_python
        for x, (own, base, norm, stem, vrow) in zip(new, parts, strict=True):
            r = self._free.pop() if self._free else self._grow()
            self._norms[r] = norm
            self._stems[r] = stem
            rowof[x] = r
            fresh.append(r)
            add(w.attrs, self._views, own, base, next(next_vector) if vrow is not None else None, r * 5, slots, ids)
        table = self._table
        table[fresh] = 0.0
        # added in feature order, as ``state[ids].sum(axis=0)`` would (same floating-point result;
        # np.add.reduceat over the runs of ``slots`` would not be)
        add_rows(table.reshape(-1, table.shape[2]), slots, ids, w.state)
        return [rowof[x] for x in words]

    def _grow(self) -> int:
        """A new row at the end of the score table (enlarged only for a call with more new words
        than it holds)."""
        r = len(self._norms)
        if r == len(self._table):
            self._table = np.concatenate([self._table, np.zeros((max(1024, r // 2), *self._table.shape[1:]))])
        self._norms.append("")
        self._stems.append("")
        return r

    def _emissions(self, sents: Sequence[Sequence[str]]) -> tuple[np.ndarray, list[int], list[list[str]]]:
        """Emission scores ``(tokens, labels)`` of non-empty sentences, one after the other (the sum of
        their features' weights), the sentences' lengths and their stems.

        A word's own score and what it adds to its neighbours at -2, -1, +1 and +2
        are one table row (``_rows``); the sentences are scored as one array
        and added to in the order crfsuite's feature lists would give.
        """
        w = self._weights
        assert w is not None
        lens = [len(s) for s in sents]
        with self._lock:
            rows = self._rows([x for s in sents for x in s])
            norms = [self._norms[r] for r in rows]
            stems = [self._stems[r] for r in rows]
            em = np.empty((len(rows), len(w.labels)))
            if speedups is not None:
                speedups.emissions(em, self._table, rows, lens, self._edge_rows)
            else:
                self._neighbour_scores(em, rows, lens)
        pos: list[int] = []
        ids: list[int] = []
        # a word with "|" makes a bigram feature string _pair_rows could not split
        bars = any("|" in x for x in norms) or any("|" in x for x in stems)
        bounds = list(zip(accumulate(lens, initial=0), accumulate(lens), strict=False))
        for s0, s1 in bounds:
            # bigram features (FeatureExtractor.pair_features) looked up by word pair, no strings built
            for kind, words, pairs in (("bg", norms, self._bigrams), ("sb", stems, self._stem_bigrams)):
                got = list(map(pairs.get, zip(words[s0:s1 - 1], words[s0 + 1:s1], strict=True)))
                for i in range(s0 + 1, s1) if bars else compress(range(s0 + 1, s1), got):
                    hit = got[i - s0 - 1]
                    if hit is None:
                        if "|" not in words[i - 1] and "|" not in words[i]:
                            continue
                        # a feature string _pair_rows could not split: looked up as a string
                        hit = (w.attrs.get(f"{kind}-={words[i - 1]}|{words[i]}", -1),
                               w.attrs.get(f"{kind}+={words[i - 1]}|{words[i]}", -1))
                    if hit[0] >= 0:
                        pos.append(i)
                        ids.append(hit[0])
                    if hit[1] >= 0:
                        pos.append(i - 1)
                        ids.append(hit[1])
            for i, f in self.features.gazetteer_hits(stems[s0:s1]):
                pos.append(s0 + i)
                ids.append(w.attrs[f])
        if ids:
            add_rows(em, pos, ids, w.state)
        return em, lens, [stems[a:b] for a, b in bounds]

    def _neighbour_scores(self, em: np.ndarray, rows: list[int], lens: list[int]) -> None:
        """Fill ``em`` with each token's own row plus its neighbours' and the sentence edges'
        (the definition ``speedups.emissions`` follows, sum for sum)."""
        t = self._table[rows]  # (tokens, 5, labels)
        n = np.array(lens)
        ends = np.cumsum(n)
        starts = ends - n
        at = np.arange(len(rows)) - np.repeat(starts, n)  # position in its sentence
        left = np.repeat(n, n) - at - 1  # tokens after it in its sentence
        em[:] = t[:, 0]
        # a neighbour's view: token j adds t[j, 1] two to its right, t[j, 2] one to its right, ...
        for group, (shift, room) in enumerate(((-2, at), (-1, at), (1, left), (2, left)), start=1):
            dst = np.flatnonzero(room >= abs(shift))
            em[dst] += t[dst + shift, group]
        bos1, bos2, eos1, eos2 = self._edge_rows
        em[starts] += bos1
        em[ends - 1] += eos1
        multi = n > 1
        em[starts[multi] + 1] += bos2
        em[ends[multi] - 2] += eos2

    def _decode(self, sents: Sequence[Sequence[str]], want_marginals: bool = False
                ) -> tuple[list[list[str]], dict[int, np.ndarray], list[list[str]]]:
        """Tags of each sentence (NumPy path), per-token label marginals of those with a name,
        and each sentence's stems."""
        w = self._weights
        assert w is not None
        tags: list[list[str]] = [[] for _ in sents]
        stems: list[list[str]] = [[] for _ in sents]
        full = [i for i, s in enumerate(sents) if s]
        marg: dict[int, np.ndarray] = {}
        if not full:
            return tags, marg, stems
        em, lens, full_stems = self._emissions([sents[i] for i in full])
        for i, st in zip(full, full_stems, strict=True):
            stems[i] = st
        labels = w.labels
        if speedups is not None and not want_marginals:
            for i, path in zip(full, speedups.viterbi(em, lens, w.trans), strict=True):
                tags[i] = [labels[k] for k in path]
            return tags, marg, stems
        ends = list(accumulate(lens))
        bt = crf.batch([em[b - n:b] for n, b in zip(lens, ends, strict=True)])
        for r, path in enumerate(crf.viterbi(bt, w.trans)):
            tags[full[bt.order[r]]] = [labels[k] for k in path]
        if want_marginals:  # only the sentences with a name need them
            named = [r for r in range(len(bt.order)) if any(t != "O" for t in tags[full[bt.order[r]]])]
            if named:
                sub = crf.batch([bt.em[r, :bt.lens[r]] for r in named])
                m = crf.marginals(sub, w.trans)
                for q, j in enumerate(sub.order):
                    marg[full[bt.order[named[j]]]] = m[q, :sub.lens[q]]
        return tags, marg, stems

    def _tag_doc(
        self, sents: Sequence[Sequence[str]], window: int | None
    ) -> tuple[list[list[str]], list[list[str]]]:
        """``(tags, stems)`` of consecutive sentences of one document, without propagation."""
        if self._weights is not None:
            tags, _, stems = self._decode(sents)
            return tags, stems
        stems = [[self.features.token(t)[3] for t in s] for s in sents]
        return self._tag_stacked(sents, stems, window)[0], stems

    def _tag_stacked(
        self, sents: Sequence[Sequence[str]], stems: list[list[str]], window: int | None
    ) -> tuple[list[list[str]], dict[tuple[int, str, int, int], float]]:
        """Tags of a stacked model's document (its first stage seeing ``window`` sentences around each),
        and ``(sentence, label, i, j) -> mean marginal`` of its chunks."""
        feats = [self.features.sentence(s) for s in sents]
        crf1 = self._crf1
        first = [list(crf1.tag(f)) if f else [] for f in feats]
        for f, d in zip(feats, doc_features(stems, first, window), strict=True):
            for a, b in zip(f, d, strict=True):
                add_features(a, b)
        crf = self._crf
        all_tags: list[list[str]] = []
        found: dict[tuple[int, str, int, int], float] = {}
        for n, f in enumerate(feats):
            tags = list(crf.tag(f)) if f else []  # marginals refer to the sequence tagged last
            for label, i, j in chunks(tags):
                found[(n, label, i, j)] = sum(crf.marginal(tags[k], k) for k in range(i, j)) / (j - i)
            all_tags.append(tags)
        return all_tags, found

    @property
    def labels(self) -> list[str]:
        return list(self._crf.labels())

    def tag(self, tokens: Sequence[str]) -> list[str]:
        """IOB2 tags of one sentence's tokens (``["B-PERS", "I-PERS", "O"]``)."""
        if not tokens:
            return []
        if self.stage1 is not None:  # the sentence is the whole document
            return self._tag_doc([tokens], None)[0][0]
        return self._decode([tokens])[0][0]

    def tag_many(self, sents: Sequence[Sequence[str]]) -> list[list[str]]:
        """Tags of independent sentences (no label propagation between them), decoded as one batch."""
        if self._weights is None:
            return [self.tag(s) for s in sents]
        return self._decode(sents)[0]

    def tag_sents(self, sents: Sequence[Sequence[str]], window: int | None = DOC_WINDOW) -> list[list[str]]:
        """Tags of consecutive sentences of one document, with label propagation.

        A name the CRF tagged somewhere in the document (within ``window``
        sentences; ``None``: the whole document) is given the same type where
        it recurs untagged, as news repeats names (``أولمرت`` ... ``وأولمرت``).
        """
        tags, stems = self._tag_doc(sents, window)
        return propagate(stems, tags, window)

    def entities(self, text: str, tokens: Sequence[Token] | None = None) -> list[Entity]:
        """Entities of ``text``, tagged sentence by sentence.

        ``tokens`` are the article's tokens from :func:`rawabit.text.segment.tokenize`
        when the pipeline already has them.
        """
        toks = list(tokens) if tokens is not None else tokenize(text)
        fx = self.features
        spans: list[Sequence[Token]] = []
        surfaces: list[list[str]] = []
        for sent in sentences(text, toks):
            span = toks[sent.first_token:sent.last_token]
            if span:
                spans.append(span)
                surfaces.append([text[t.start:t.end] for t in span])
        if self._weights is not None:
            all_tags, marg, stems = self._decode(surfaces, want_marginals=True)
            index = {x: i for i, x in enumerate(self._weights.labels)}
            found = {(n, label, i, j): float(sum(marg[n][k, index[tags[k]]] for k in range(i, j)) / (j - i))
                     for n, tags in enumerate(all_tags) for label, i, j in chunks(tags)}
        else:
            stems = [[fx.token(x)[3] for x in s] for s in surfaces]
            all_tags, found = self._tag_stacked(surfaces, stems, None)
        by_name: dict[tuple[str, ...], list[float]] = {}
        for (n, _, i, j), p in found.items():
            by_name.setdefault(tuple(stems[n][i:j]), []).append(p)
        out: list[Entity] = []
        for n, tags in enumerate(propagate(stems, all_tags, None)):
            sent_toks = spans[n]
            for label, i, j in chunks(tags):
                prob = found.get((n, label, i, j))
                if prob is None:  # propagated from another mention of the same name
                    scores = by_name.get(tuple(stems[n][i:j]), [0.5])
                    prob = PROPAGATED_DISCOUNT * sum(scores) / len(scores)
                start, end = sent_toks[i].start, sent_toks[j - 1].end
                out.append(Entity(start, end, label, text[start:end], round(prob, 4)))
        return out


def _word_rows_python(
    attrs: dict[str, int], views: dict[str, tuple[int, int, int, int]], own: list[str], base: list[str],
    vector_ids: list[int] | None, slot: int, slots: list[int], ids: list[int],
) -> None:
    """Append the weight rows of one new word to ``ids`` and their places in the score table
    (``slot`` = its row * 5, + 1 + offset group for what it adds to a neighbour) to ``slots``:
    its own features', its vector features' (``vector_ids``, -1 where the model has none),
    then per neighbour offset those of the views in ``base``. The definition the compiled
    ``word_rows`` follows."""
    got = found(attrs, own)
    if vector_ids is not None:
        got += [i for i in vector_ids if i >= 0]
    ids += got
    slots += [slot] * len(got)
    seen = found(views, base)
    for g in range(4):
        got = [v[g] for v in seen if v[g] >= 0]
        ids += got
        slots += [slot + 1 + g] * len(got)


def _view_rows(attrs: dict[str, int]) -> dict[str, tuple[int, int, int, int]]:
    """``view -> (row of "-2:view", "-1:view", "1:view", "2:view")``, -1 where the model has no weight:
    what a neighbour at each offset adds, looked up by the unprefixed view string."""
    out: dict[str, list[int]] = {}
    for attr, row in attrs.items():
        head, sep, view = attr.partition(":")
        if sep and head in _OFFSET_INDEX:
            out.setdefault(view, [-1, -1, -1, -1])[_OFFSET_INDEX[head]] = row
    return {view: (v[0], v[1], v[2], v[3]) for view, v in out.items()}


def _vector_rows(attrs: dict[str, int], dims: int) -> np.ndarray:
    """``(dims, 256)`` rows of the features ``e{dim}={bucket}`` (:func:`vector_feature`), -1 where the
    model has none, indexed by dimension and the bucket as an int8 (a negative one from the end)."""
    out = np.full((dims, 256), -1, np.int64)
    for j in range(dims):
        for b in range(-128, 128):
            row = attrs.get(vector_feature(j, b))
            if row is not None:
                out[j, b] = row
    return out


def _pair_rows(attrs: dict[str, int], kind: str) -> dict[tuple[str, str], tuple[int, int]]:
    """``(word before, word) -> (row of "<kind>-=before|word" seen by the word, row of "<kind>+=..." seen
    by the word before)``, -1 where the model has no weight. Pairs whose words contain "|" are left
    out (their feature string is ambiguous): :meth:`Tagger._emissions` looks those up by string."""
    out: dict[tuple[str, str], list[int]] = {}
    for side, k in (("-", 0), ("+", 1)):
        prefix = f"{kind}{side}="
        for attr, row in attrs.items():
            if attr.startswith(prefix) and attr.count("|") == 1:
                a, b = attr[len(prefix):].split("|")
                out.setdefault((a, b), [-1, -1])[k] = row
    return {key: (v[0], v[1]) for key, v in out.items()}


def propagate(stems: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], window: int | None) -> list[list[str]]:
    """Give untagged recurrences of a tagged name the name's (majority) type.

    ``stems`` are the clitic-stripped forms of each sentence's tokens; a name
    is the stem sequence of a tagged chunk, at least :data:`MIN_NAME_CHARS`
    letters long. Only runs of ``O`` tags are changed, longest names first.
    """
    out = [list(t) for t in tags]
    names = [[(tuple(st[a:b]), typ) for typ, a, b in chunks(tg)] for st, tg in zip(stems, tags, strict=True)]
    n = len(stems)
    whole = _lexicon(names) if window is None else None  # the same for every sentence
    for i in range(n):
        lex, longest = whole or _lexicon(names[max(0, i - window):i + window + 1])  # type: ignore[operator]
        if not lex:
            continue
        s, row = stems[i], out[i]
        k = 0
        while k < len(s):
            step = 1
            for m in range(min(longest.get(s[k], 0), len(s) - k), 0, -1):
                key = tuple(s[k:k + m])
                counts = lex.get(key)
                if counts and all(t == "O" for t in row[k:k + m]):
                    typ = max(sorted(counts), key=lambda x: counts[x])
                    row[k] = "B-" + typ
                    for q in range(k + 1, k + m):
                        row[q] = "I-" + typ
                    step = m
                    break
            k += step
    return out


def _lexicon(names: Sequence[Sequence[tuple[tuple[str, ...], str]]]
             ) -> tuple[dict[tuple[str, ...], dict[str, int]], dict[str, int]]:
    """Type counts of the names (of 3+ letters) of some sentences, and the longest name per first word."""
    lex: dict[tuple[str, ...], dict[str, int]] = {}
    longest: dict[str, int] = {}
    for sent in names:
        for key, typ in sent:
            if sum(map(len, key)) >= MIN_NAME_CHARS:
                c = lex.setdefault(key, {})
                c[typ] = c.get(typ, 0) + 1
                if len(key) > longest.get(key[0], 0):
                    longest[key[0]] = len(key)
    return lex, longest


@lru_cache(maxsize=8)
def _load(path: str) -> Tagger:
    return Tagger(path)


def load_tagger(path: str | Path | None = None) -> Tagger:
    """The tagger of ``path`` (the packaged model by default), loaded once per process."""
    return _load(str(Path(path).resolve()) if path else str(PACKAGED_MODEL))
