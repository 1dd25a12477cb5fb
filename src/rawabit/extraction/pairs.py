"""Which pairs of actors an article relates, and how: a model learned from annotated articles.

Annotators record a relation once per article, often stated across a clause or a
sentence boundary, in wordings no trigger lexicon lists. This stage reads every
pair of actors named in one sentence or in two adjacent ones and scores it for
each relation type with linear models over

- the words between and around the two mentions, their clitics, the preposition
  governing each mention and the trigger words of the sentence (:mod:`.lexicon`);
- the trigger rules' own verdicts for the pair (:mod:`.relations`), as features,
  not gates;
- the actors: kinds, how often and how early they are named, by which rule, their
  knowledge-base facts (parent, countries);
- priors: how often the two are related by the rules over the unlabelled corpus,
  and how often annotators related them in the training articles
  (``data/pair_priors.json``, built by ``rawabit train``).

Symmetric types (ally, fight, hostile) are scored once per pair; directed types
(support, influence, affiliate) once per direction. Where the linear models find a
pair likely (:data:`TREE_GATE`), their probabilities are averaged with those of
gradient-boosted trees over the features that name no word and the mean word vectors
of the words between and around the two mentions (:mod:`rawabit.forest`).
A pair and type above the model's threshold becomes a relation: the rule relations
that state it, with their own evidence, or else one relation whose evidence is the
context that names the two. Weights and trees are plain JSON
(``data/pair_model.json``), scored with NumPy and a compiled kernel: no pickle, no
scikit-learn or LightGBM at run time.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from rawabit.caches import WORDS_REMEMBERED, forget_older_half
from rawabit.data import data_path
from rawabit.extraction.context import attribution_of, modality_of, place_of, time_of
from rawabit.extraction.frames import mention_flags
from rawabit.extraction.lexicon import Trigger, trigger_lexicon
from rawabit.forest import PairTrees
from rawabit.kb.loader import KnowledgeBase
from rawabit.linear import Features, LinearModel, read_json, read_model_file, sigmoid
from rawabit.model import Article, Evidence, Mention, Relation, relation_key
from rawabit.ner.features import Vectors
from rawabit.text.segment import bare_form

MODEL_FILE = "pair_model.json"
PRIORS_FILE = "pair_priors.json"
FEATURES_VERSION = 4
SYMMETRIC = ("ally", "fight", "hostile")
DIRECTED = ("support", "influence", "affiliate")
WINDOW = 1  # sentences between two mentions of a candidate pair
REACH = 8  # mentions a mention is paired with, after it in its sentence or across a sentence end
MAX_CONTEXTS = 4  # contexts of a pair whose features are averaged
TREE_GATE = 0.05  # the trees score a pair whose highest regression probability reaches this
HIGH = 0.25  # a probability counted as high in the scores left for salience
VECTOR_REACH = 4  # words before the first mention and after the second read by the vector features
VECTOR_TEMPLATES = frozenset({"vecb", "vecw"})  # dense features the trees read, the regressions not


@dataclass(frozen=True, slots=True)
class Context:
    """Two mentions of a pair's actors, ``distance`` sentences apart (``a`` names ``Pair.a``)."""

    distance: int
    sentence: int  # of the earlier mention
    a: Mention
    b: Mention


@dataclass(frozen=True, slots=True)
class Pair:
    """Two actors named near each other; ``a`` is the one the article names first."""

    a: str
    b: str
    contexts: tuple[Context, ...]

    @property
    def distance(self) -> int:
        return self.contexts[0].distance


def sentence_index(art: Article) -> Callable[[int], int]:
    """Token index -> index of its sentence."""
    firsts = [s.first_token for s in art.sentences]
    return lambda tok: max(0, bisect_right(firsts, tok) - 1)


def candidate_pairs(art: Article, window: int = WINDOW, reach: int = REACH) -> list[Pair]:
    """Every pair of actors named in one sentence or ``window`` sentences apart, with the
    closest two mentions per sentence (same-sentence contexts first). A mention is paired with
    the ``reach`` mentions after it in its sentence and, across a sentence end, the last
    ``reach`` mentions of a sentence with the first ``reach`` of the next: a sentence that lists
    forty states gives no 780 pairs, and the cost stays linear in the article's length."""
    sent = sentence_index(art)
    first: dict[str, int] = {}
    by_sent: dict[int, list[Mention]] = {}
    for m in sorted(art.mentions, key=lambda m: m.token_start):
        first.setdefault(m.actor_id, m.token_start)
        by_sent.setdefault(sent(m.token_start), []).append(m)
    best: dict[tuple[str, str], dict[tuple[int, int], tuple[int, Mention, Mention]]] = {}

    def consider(m1: Mention, m2: Mention, d: int, s: int) -> None:
        if m1.actor_id == m2.actor_id:
            return
        if first[m1.actor_id] > first[m2.actor_id]:
            m1, m2 = m2, m1
        ctx = best.setdefault((m1.actor_id, m2.actor_id), {})
        gap = abs(m1.token_start - m2.token_start)
        cur = ctx.get((d, s))
        if cur is None or gap < cur[0]:
            ctx[(d, s)] = (gap, m1, m2)

    for s, ms in by_sent.items():
        for i, m1 in enumerate(ms):
            for m2 in ms[i + 1:i + 1 + reach]:
                consider(m1, m2, 0, s)
        tail = ms[-reach:]
        for d in range(1, window + 1):
            for m2 in by_sent.get(s + d, ())[:reach]:
                for m1 in tail:
                    consider(m1, m2, d, s)
    out = []
    for (a, b), ctx in best.items():
        contexts = tuple(Context(d, s, ma, mb) for (d, s), (_, ma, mb) in sorted(ctx.items()))
        out.append(Pair(a, b, contexts))
    out.sort(key=lambda p: (first[p.a], first[p.b]))
    return out


def _bucket(n: int, edges: Sequence[int] = (0, 1, 2, 3, 5, 8, 13)) -> str:
    for e in edges:
        if n <= e:
            return str(e)
    return f"{edges[-1]}+"


_GAPS = (0, 1, 2, 3, 5, 8, 12, 20)
_FEW = (0, 1, 2, 4)


@cache
def word_clusters() -> tuple[dict[str, str], str | None]:
    """Stem -> its word cluster at 1,024 clusters, and the clusters' id: the word clusters of the
    unlabelled corpus that the shipped NER tagger reads (:mod:`rawabit.ner.features`)."""
    from rawabit.ner.tagger import load_tagger

    res = load_tagger().features.res
    return {w: c.split("/")[2] for w, c in res.clusters.items()}, res.clusters_id


@cache
def word_vectors() -> Vectors | None:
    """The word vectors beside those clusters (stem -> row, int8 codes), None if the tagger has none."""
    from rawabit.ner.tagger import load_tagger

    vectors: Vectors | None = load_tagger().features.res.vectors
    return vectors if vectors is not None and vectors.codes is not None else None


class _ArticleView:
    """What the features read of one article, computed once for all its pairs."""

    def __init__(self, art: Article, kb: KnowledgeBase, clusters: dict[str, str]) -> None:
        self.art = art
        self.clusters = clusters
        self.kinds = {a.id: a.kind for a in art.actors}
        self.provisional = {a.id for a in art.actors if a.provisional}
        self.counts: Counter[str] = Counter()
        self.rules: dict[str, set[str]] = {}
        self.first: dict[str, int] = {}
        for m in art.mentions:
            self.counts[m.actor_id] += 1
            self.rules.setdefault(m.actor_id, set()).add(m.rule)
            if m.token_start < self.first.get(m.actor_id, 1 << 30):
                self.first[m.actor_id] = m.token_start
        self.rank = {a: i for i, (a, _) in enumerate(self.counts.most_common())}
        self.ntok = max(1, len(art.tokens))
        self.sent = sentence_index(art)
        self.verdicts: dict[frozenset[str], list[Relation]] = {}
        self.in_rel: Counter[str] = Counter()
        for r in art.relations:
            self.verdicts.setdefault(frozenset((r.source, r.target)), []).append(r)
            self.in_rel[r.source] += 1
            self.in_rel[r.target] += 1
        self.ruled_out: frozenset[tuple[int, frozenset[str]]] = art.extra.get("ruled_out", frozenset())
        self.starts = sorted(m.token_start for m in art.mentions)
        self.ends = {m.token_end: m for m in art.mentions}
        self.kb = kb
        self._words: dict[int, str] = {}
        self._triggers: dict[int, list[tuple[int, Trigger]]] = {}
        self._flags: dict[tuple[int, int, str], tuple[str, ...]] = {}
        self._actor_feats: dict[tuple[str, str], list[str]] = {}

    def kind(self, aid: str) -> str:
        return self.kinds.get(aid, "other")

    def word(self, k: int) -> str:
        w = self._words.get(k)
        if w is None:
            w = bare_form(self.art.tokens[k])
            if w.startswith("ال") and len(w) > 4:
                w = w[2:]
            self._words[k] = w
        return w

    def triggers(self, si: int) -> list[tuple[int, Trigger]]:
        """(token, trigger) of every trigger word of sentence ``si``."""
        got = self._triggers.get(si)
        if got is None:
            s = self.art.sentences[si]
            hits = trigger_lexicon().sentence_triggers(self.art.tokens, s.first_token, s.last_token)
            got = self._triggers[si] = [(s.first_token + k, h[0]) for k, h in enumerate(hits) if h]
        return got

    def cluster(self, k: int) -> str:
        return self.clusters.get(self.art.tokens[k].stem) or "?"

    def vector_sums(self, vectors: Vectors, lo: int, hi: int) -> tuple[np.ndarray, np.ndarray]:
        """Prefix sums over tokens ``lo`` to ``hi`` of the int8 vector codes of the words that
        have one (exact integers: row ``k`` sums tokens ``lo`` to ``lo + k - 1``), and of how
        many words have one."""
        index = vectors.index
        rows = np.array([index.get(t.stem, -1) if t.is_word else -1 for t in self.art.tokens[lo:hi]],
                        dtype=np.int64)
        has = rows >= 0
        codes = np.zeros((len(rows) + 1, vectors.codes.shape[1]), dtype=np.int32)
        codes[1:][has] = vectors.codes[rows[has]]
        known = np.zeros(len(rows) + 1, dtype=np.int32)
        known[1:] = has
        return np.cumsum(codes, axis=0), np.cumsum(known)

    def mention_keys(self, m: Mention) -> tuple[str, ...]:
        """A mention's clitics, rule, governing preposition and frame roles (:func:`mention_flags`)."""
        key = (m.token_start, m.token_end, m.actor_id)
        got = self._flags.get(key)
        if got is None:
            s = self.art.sentences[self.sent(m.token_start)]
            got = self._flags[key] = (f"cl:{m.clitic}", f"mr:{m.rule}",
                                      *mention_flags(self.art.tokens, s, m, self.ends, self.kind))
        return got

    def actor_features(self, aid: str, side: str) -> list[str]:
        """The features of one actor as ``x`` or ``y`` of a pair."""
        key = (aid, side)
        got = self._actor_feats.get(key)
        if got is None:
            got = [f"r{side}:{r}" for r in sorted(self.rules.get(aid, ()))]
            got += [f"n{side}:{_bucket(self.counts[aid])}", f"rank{side}:{min(self.rank.get(aid, 4), 4)}",
                    f"pos{side}:{min(4, int(5 * self.first.get(aid, 0) / self.ntok))}",
                    f"inrel{side}:{_bucket(self.in_rel[aid], _FEW)}"]
            if aid in self.provisional:
                got.append(f"prov{side}")
            self._actor_feats[key] = got
        return got



class PairFeatures:
    """Sparse features of an article's candidate pairs (the definition; :class:`PairScorer`
    computes the same sums faster for a trained model): the part the two directions share, and
    the part that depends on which actor is ``x`` (the source, for directed types).

    Pair-level features describe the two actors and what the rules and the priors say of
    them; context features (words, clusters, triggers, the two mentions' roles) are counted
    in each of the pair's first :data:`MAX_CONTEXTS` contexts and averaged over them.
    """

    def __init__(self, kb: KnowledgeBase, priors: PairPriors | None = None, window: int = WINDOW) -> None:
        self.kb = kb
        self.priors = priors or PairPriors.empty()
        self.window = window
        self.clusters, self.clusters_id = word_clusters()

    def article(self, art: Article) -> list[tuple[Pair, Features, Features, Features]]:
        """``(pair, shared, oriented a->b, oriented b->a)`` for every candidate pair."""
        v = _ArticleView(art, self.kb, self.clusters)
        out = []
        pairs = candidate_pairs(art, self.window)
        values, found = pair_vectors(v, pairs)
        dims = values.shape[1] // 2
        names = vector_names(dims)
        kinds = ((names[:dims], slice(0, dims)), (names[dims:], slice(dims, 2 * dims)))
        for p, row, has in zip(pairs, values.tolist(), found.tolist(), strict=True):
            ctx = p.contexts[:MAX_CONTEXTS]
            w = 1.0 / len(ctx)
            shared = self.pair_shared(v, p)
            ab = self.pair_oriented(v, p.a, p.b)
            ba = self.pair_oriented(v, p.b, p.a)
            for c in ctx:
                _add(shared, context_shared(v, c), w)
                _add(ab, context_oriented(v, c, p.a), w)
                _add(ba, context_oriented(v, c, p.b), w)
            for (kind_names, part), kind_found in zip(kinds, has, strict=True):
                if kind_found:
                    shared.update(zip(kind_names, row[part], strict=True))
            out.append((p, shared, ab, ba))
        return out

    def pair_shared(self, v: _ArticleView, p: Pair) -> Features:
        """Pair-level features whoever is ``x``: how the two are named together, then
        :meth:`pair_facts`."""
        f = {name: 1.0 for name in pair_common(p)}
        f.update(self.pair_facts(v, p))
        return f

    def pair_facts(self, v: _ArticleView, p: Pair) -> Features:
        """What the knowledge base, the trigger rules and the corpus say of the pair."""
        f: Features = {}
        ea, eb = self.kb.get(p.a), self.kb.get(p.b)
        if ea is not None and eb is not None:
            if ea.parent and ea.parent == eb.parent:
                f["kbsib"] = 1.0
            if set(ea.countries) & set(eb.countries):
                f["kbcountry"] = 1.0
        for r in v.verdicts.get(frozenset((p.a, p.b)), ()):
            if r.type in SYMMETRIC:
                _add(f, {f"rv:{r.type}": 1.0})
                f[f"rvf:{_family(r.rule)}:{r.type}"] = 1.0
                f[f"rvm:{r.type}:{r.modality}"] = 1.0
        if v.ruled_out and any((c.sentence, frozenset((p.a, p.b))) in v.ruled_out for c in p.contexts):
            f["ruled_out"] = 1.0
        f.update(self.priors.corpus_shared(p.a, p.b))
        return f

    def pair_oriented(self, v: _ArticleView, x: str, y: str) -> Features:
        """Pair-level features with ``x`` as the source: the two actors, then :meth:`oriented_facts`."""
        f: Features = dict.fromkeys(oriented_names(v, x, y), 1.0)
        f.update(self.oriented_facts(v, x, y))
        return f

    def oriented_facts(self, v: _ArticleView, x: str, y: str) -> Features:
        """What the knowledge base, the trigger rules and the corpus say of ``x`` towards ``y``."""
        f: Features = {}
        ex, ey = self.kb.get(x), self.kb.get(y)
        if ex is not None and ey is not None:
            if ex.parent == y:
                f[f"kbpar:{ex.parent_rel}"] = 1.0
            if ey.parent == x:
                f[f"kbchild:{ey.parent_rel}"] = 1.0
        for r in v.verdicts.get(frozenset((x, y)), ()):
            if r.type in DIRECTED:
                lab = r.type + (">" if r.source == x else "<")
                _add(f, {f"rv:{lab}": 1.0})
                f[f"rvf:{_family(r.rule)}:{lab}"] = 1.0
                f[f"rvm:{lab}:{r.modality}"] = 1.0
        f.update(self.priors.corpus_oriented(x, y))
        return f


def pair_vectors(v: _ArticleView, pairs: Sequence[Pair]) -> tuple[np.ndarray, np.ndarray]:
    """The trees' dense features of ``pairs`` (:data:`VECTOR_TEMPLATES`), one row per pair:
    ``vecb:{d}``, the mean word vector of the words between the two mentions, averaged over the
    pair's contexts in one sentence, then ``vecw:{d}``, that of the :data:`VECTOR_REACH` words
    before the first mention and after the second, over all its contexts; rounded to 3 decimals.
    Also, per pair, whether each of the two was found (a context has words with vectors there).
    A pair's row is the same whichever other pairs are scored with it."""
    vectors = word_vectors()
    dims = vectors.codes.shape[1] if vectors is not None else 0
    if vectors is None or not pairs:
        return np.zeros((len(pairs), 2 * dims)), np.zeros((len(pairs), 2), dtype=bool)
    lo: list[int] = []
    hi: list[int] = []
    owner: list[int] = []  # 2 * pair (between) or 2 * pair + 1 (around)
    for k, p in enumerate(pairs):
        for c in p.contexts[:MAX_CONTEXTS]:
            first, second = (c.a, c.b) if c.a.token_start <= c.b.token_start else (c.b, c.a)
            if not c.distance:
                lo.append(first.token_end)
                hi.append(second.token_start)
                owner.append(2 * k)
            lo += (first.token_start - VECTOR_REACH, second.token_end)
            hi += (first.token_start, second.token_end + VECTOR_REACH)
            owner += (2 * k + 1, 2 * k + 1)
    # only the tokens the ranges reach: pairs scored by the trees often lie in a part of the article
    start = max(0, min(lo))
    sums, known = v.vector_sums(vectors, start, min(len(v.art.tokens), max(hi)))
    i = np.clip(np.asarray(lo) - start, 0, len(known) - 1)
    j = np.clip(np.asarray(hi) - start, 0, len(known) - 1)
    n = known[j] - known[i]
    ok = n > 0  # the range holds words with vectors
    own = np.asarray(owner)[ok]
    total = np.zeros((2 * len(pairs), dims))
    np.add.at(total, own, (sums[j[ok]] - sums[i[ok]]) * (vectors.unit / n[ok])[:, None])
    count = np.bincount(own, minlength=2 * len(pairs))
    found = count > 0
    total[found] /= count[found][:, None]
    return np.round(total, 3).reshape(len(pairs), 2 * dims), found.reshape(len(pairs), 2)


@cache
def vector_names(dims: int) -> tuple[str, ...]:
    """The names of :func:`pair_vectors`' columns."""
    return (*(f"vecb:{d}" for d in range(dims)), *(f"vecw:{d}" for d in range(dims)))


def oriented_names(v: _ArticleView, x: str, y: str) -> tuple[str, ...]:
    """The pair-level features of value 1 with ``x`` as the source: the two actors' kinds, their
    own features, and whether ``x`` is named first."""
    names = (f"k:{v.kind(x)}|{v.kind(y)}", *v.actor_features(x, "x"), *v.actor_features(y, "y"))
    return (*names, "xfirst") if v.first.get(x, 0) < v.first.get(y, 0) else names


def pair_common(p: Pair) -> tuple[str, ...]:
    """How the two actors of a pair are named together: sentences apart, in how many contexts,
    how close."""
    return common_names(common_key(p))


def common_key(p: Pair) -> tuple[int, int, int, int]:
    same = sum(1 for c in p.contexts if c.distance == 0)
    gap = min(abs(c.b.token_start - c.a.token_start) for c in p.contexts)
    return p.distance, min(same, 14), min(len(p.contexts), 14), min(gap, 21)


@cache
def common_names(key: tuple[int, int, int, int]) -> tuple[str, ...]:
    dist, same, nctx, gap = key
    return ("bias", f"dist:{dist}", f"nsame:{_bucket(same)}", f"nctx:{_bucket(nctx)}", f"gap:{_bucket(gap, _GAPS)}")


def _add(into: Features, f: Features, w: float = 1.0) -> None:
    for k, val in f.items():
        into[k] = into.get(k, 0.0) + w * val


def context_shared(v: _ArticleView, c: Context) -> Features:
    """The words, clusters, punctuation and triggers of one context, whoever is ``x``."""
    f: Features = {}
    if c.distance:
        for si in sorted({v.sent(c.a.token_start), v.sent(c.b.token_start)}):
            for _, trig in v.triggers(si):
                _add(f, {"tr1:" + trig.type: 1.0})
        return f
    toks = v.art.tokens
    first, second = (c.a, c.b) if c.a.token_start <= c.b.token_start else (c.b, c.a)
    lo, hi = first.token_end, second.token_start
    s = v.art.sentences[v.sent(first.token_start)]
    words = []
    for k in range(lo, hi):
        if toks[k].is_word:
            words.append(k)
            _add(f, {"btw:" + v.word(k): 1.0, "btwc:" + v.cluster(k): 1.0})
        else:
            _add(f, {"punct:" + toks[k].norm: 1.0})
    if words:
        _add(f, {"btw1:" + v.word(words[0]): 1.0, "btwN:" + v.word(words[-1]): 1.0})
    for k in range(max(s.first_token, first.token_start - 3), first.token_start):
        if toks[k].is_word:
            _add(f, {"prec:" + v.cluster(k): 1.0})
    others = bisect_left(v.starts, hi) - bisect_left(v.starts, lo)
    _add(f, {f"others:{min(others, 3)}": 1.0})
    for ti, trig in v.triggers(v.sent(first.token_start)):
        where = _where(ti, first, second)
        if where:
            _add(f, {f"tr{where}:{trig.type}": 1.0})
            if where == "b":
                _add(f, {"trw:" + trig.form: 1.0})
    return f


def context_oriented(v: _ArticleView, c: Context, x: str) -> Features:
    """What of one context depends on which of its actors is ``x``: word order, the words
    around the two mentions and the mentions' own roles."""
    mx, my = (c.a, c.b) if c.a.actor_id == x else (c.b, c.a)
    f: Features = {}
    for side, m in (("x", mx), ("y", my)):
        for key in v.mention_keys(m):
            _add(f, {f"m{side}:{key}": 1.0})
    if c.distance:
        return f
    toks = v.art.tokens
    first, second = (mx, my) if mx.token_start <= my.token_start else (my, mx)
    o = "XY" if first is mx else "YX"
    f["ord:" + o] = 1.0
    s = v.art.sentences[v.sent(first.token_start)]
    for k in range(first.token_end, second.token_start):
        if toks[k].is_word:
            _add(f, {f"btw{o}:" + v.word(k): 1.0})
    for k in range(max(s.first_token, first.token_start - 3), first.token_start):
        if toks[k].is_word:
            _add(f, {f"pre{o}:" + v.word(k): 1.0})
    for k in range(second.token_end, min(s.last_token, second.token_end + 3)):
        if toks[k].is_word:
            _add(f, {f"post{o}:" + v.word(k): 1.0})
    for ti, trig in v.triggers(v.sent(first.token_start)):
        where = _where(ti, first, second)
        if where:
            _add(f, {f"trf{where}:{trig.type}:{trig.frame}:{o}": 1.0})
    return f


def _where(ti: int, first: Mention, second: Mention) -> str:
    """A trigger's place in a context: ``l`` before the first mention, ``b`` between, ``r``
    after the second ("" inside a mention)."""
    if ti < first.token_start:
        return "l"
    if first.token_end <= ti < second.token_start:
        return "b"
    if ti >= second.token_end:
        return "r"
    return ""


def _family(rule: str) -> str:
    """``between:sym:ally:التحالف*|سوف`` -> ``between``."""
    return rule.split(":", 1)[0].split("|", 1)[0]


# -- priors -------------------------------------------------------------------

class PairPriors:
    """How often two actors are related: by the trigger rules over the unlabelled corpus
    (``corpus``), and by annotators in the training articles (``gold``)."""

    def __init__(self, corpus: dict[str, Any], gold: dict[str, Any]) -> None:
        self.cooccur: dict[str, int] = corpus.get("cooccur", {})
        self.rules: dict[str, int] = corpus.get("relations", {})
        self.rules_of: dict[str, dict[tuple[str, str], int]] = {}  # pair -> (source, type) -> count
        for key, c in self.rules.items():
            src, typ, tgt = key.split("|")
            self.rules_of.setdefault(sym_key(src, tgt), {})[(src, typ)] = c
        self.gold_sym: dict[str, list[Any]] = gold.get("symmetric", {})
        self.gold_dir: dict[str, list[Any]] = gold.get("directed", {})
        self.actor_docs: dict[str, int] = corpus.get("actor_docs", {})
        self.gold_actors: dict[str, list[int]] = gold.get("actors", {})
        self.meta = {"corpus": corpus.get("meta", {}), "gold": gold.get("meta", {})}

    @classmethod
    def empty(cls) -> PairPriors:
        return cls({}, {})

    def corpus_part(self) -> PairPriors:
        """These priors without their gold part (what annotators related): the corpus counts only."""
        return PairPriors({"cooccur": self.cooccur, "relations": self.rules, "actor_docs": self.actor_docs}, {})

    def corpus_shared(self, a: str, b: str) -> Features:
        key = sym_key(a, b)
        co = self.cooccur.get(key, 0)
        f: Features = {"cp_co": math.log1p(co)} if co else {"cp_co": 0.0, "cp_none": 1.0}
        rules = self.rules_of.get(key)
        if rules:
            for t in SYMMETRIC:
                c = rules.get((a, t), 0) + rules.get((b, t), 0)
                if c:
                    f["cp_" + t] = math.log1p(c)
                    f["cpr_" + t] = c / (co + 2)
        return f

    def corpus_oriented(self, x: str, y: str) -> Features:
        key = sym_key(x, y)
        rules = self.rules_of.get(key)
        if not rules:
            return {}
        co = self.cooccur.get(key, 0)
        f: Features = {}
        for t in DIRECTED:
            c1, c2 = rules.get((x, t), 0), rules.get((y, t), 0)
            if c1:
                f[f"cp_{t}>"] = math.log1p(c1)
                f[f"cpr_{t}>"] = c1 / (co + 2)
            if c2:
                f[f"cp_{t}<"] = math.log1p(c2)
        return f

    def gold_symmetric(self, a: str, b: str, minus: tuple[int, Counter[str]] | None = None) -> Features:
        """How often annotators related the two by each symmetric type (``minus``: the counts
        of the article being trained on, left out)."""
        return _gold_features(self.gold_sym.get(sym_key(a, b)), SYMMETRIC, minus, "gs")

    def gold_directed(self, x: str, y: str, minus: tuple[int, Counter[str]] | None = None) -> Features:
        return _gold_features(self.gold_dir.get(f"{x}>{y}"), DIRECTED, minus, "gd")


    def gold_actor(self, aid: str, minus: tuple[int, int] | None = None) -> Features:
        """How often annotators listed the actor in the training articles that name it."""
        entry = self.gold_actors.get(aid)
        if entry is None:
            return {"ap_none": 1.0}
        n, listed = entry[0] - (minus[0] if minus else 0), entry[1] - (minus[1] if minus else 0)
        if n <= 0:
            return {"ap_none": 1.0}
        return {"ap": (listed + 0.5) / (n + 1.0), "ap_n": math.log1p(n)}


def sym_key(a: str, b: str) -> str:
    return f"{a}|{b}" if a < b else f"{b}|{a}"


def _gold_features(entry: list[Any] | None, labels: Sequence[str],
                   minus: tuple[int, Counter[str]] | None, prefix: str) -> Features:
    if entry is None:
        return {}
    n, pos = entry[0], entry[1]
    if minus is not None:
        n -= minus[0]
    f: Features = {f"{prefix}_n": math.log1p(max(0, n))}
    if n <= 0:
        return f
    for lab in labels:
        p = pos.get(lab, 0) - (minus[1].get(lab, 0) if minus is not None else 0)
        f[f"{prefix}_{lab}"] = (p + 0.1) / (n + 1.0)
        if p:
            f[f"{prefix}c_{lab}"] = math.log1p(p)
    return f


@cache
def load_priors(path: str | None = None) -> PairPriors:
    """The shipped priors (or those at ``path``); empty when there are none."""
    p = Path(path) if path else data_path(PRIORS_FILE)
    if not p.exists():
        return PairPriors.empty()
    d = read_json(p)
    return PairPriors(d.get("corpus", {}), d.get("gold", {}))


# -- the model ------------------------------------------------------------------

class PairModel:
    """The symmetric and the directed models with the thresholds chosen out of fold, and the
    trees averaged with them over the likely pairs (None: the regressions alone)."""

    def __init__(self, symmetric: LinearModel, directed: LinearModel, thresholds: dict[str, float],
                 meta: dict[str, Any] | None = None, trees: PairTrees | None = None) -> None:
        self.symmetric = symmetric
        self.directed = directed
        self.thresholds = thresholds
        self.meta = meta or {}
        self.trees = trees

    def to_json(self) -> dict[str, Any]:
        d = {"version": FEATURES_VERSION, "symmetric": self.symmetric.to_json(),
             "directed": self.directed.to_json(), "thresholds": self.thresholds, "meta": self.meta}
        if self.trees is not None:
            d["trees"] = self.trees.to_json()
        return d

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PairModel:
        trees = PairTrees.from_json(d["trees"]) if d.get("trees") else None
        return cls(LinearModel.from_json(d["symmetric"]), LinearModel.from_json(d["directed"]),
                   {k: float(v) for k, v in d["thresholds"].items()}, d.get("meta"), trees)

    def blend(self, ps: np.ndarray, pf: np.ndarray, pb: np.ndarray,
              matrices: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]) -> None:
        """Average, in place, the regressions' probabilities (symmetric, a->b, b->a; a row per
        pair) with the trees' over the pairs whose highest probability reaches the gate
        (``matrices``: the trees' rows of those pairs, symmetric, and directed a->b then b->a
        for each). A label without trees keeps the regressions' probability."""
        trees = self.trees
        if trees is None or not len(ps):
            return
        top = np.maximum(ps.max(axis=1), np.maximum(pf.max(axis=1), pb.max(axis=1)))
        gated = np.flatnonzero(top >= trees.gate)
        if not len(gated):
            return
        sym, dire = matrices(gated)
        for forest, X, cols in ((trees.symmetric, sym, ((ps, 0),)), (trees.directed, dire, ((pf, 0), (pb, 1)))):
            has = forest.fitted
            if not len(has):
                continue
            pt = sigmoid(forest.logits(X))
            for arr, k in cols:
                part = pt[k::len(cols)]
                arr[np.ix_(gated, has)] = (arr[np.ix_(gated, has)] + part[:, has]) / 2

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@cache
def load_model(path: str | None = None) -> PairModel | None:
    """The shipped model (or the one at ``path``); None when there is none."""
    d = read_model_file(path, MODEL_FILE, FEATURES_VERSION)
    return None if d is None else PairModel.from_json(d)


@dataclass(frozen=True, slots=True)
class Scored:
    """A pair's probabilities: symmetric labels, directed labels a->b and b->a."""

    pair: Pair
    symmetric: tuple[float, ...]
    forward: tuple[float, ...]
    backward: tuple[float, ...]

    def decisions(self, thresholds: dict[str, float]) -> list[tuple[str, str, str, float]]:
        """``(source, type, target, probability)`` above the thresholds (a directed type may hold
        both ways: ``وفرت طالبان ملاذا للقاعدة`` beside ``دعم القاعدة للحركة``)."""
        out = []
        p = self.pair
        for lab, pr in zip(SYMMETRIC, self.symmetric, strict=True):
            if pr >= thresholds.get(lab, 1.0):
                out.append((p.a, lab, p.b, pr))
        for lab, pf, pb in zip(DIRECTED, self.forward, self.backward, strict=True):
            t = thresholds.get(lab, 1.0)
            if pf >= t:
                out.append((p.a, lab, p.b, pf))
            if pb >= t:
                out.append((p.b, lab, p.a, pb))
        return out


def score_pairs(rows: list[tuple[Pair, Features, Features, Features]], model: PairModel, priors: PairPriors,
                minus: Callable[[Pair, str], Any] | None = None) -> list[Scored]:
    """The model's probabilities for every candidate pair (``minus``: training only, the
    article's own counts to leave out of the gold priors)."""
    sym_inst, dir_inst = [], []
    for p, shared, ab, ba in rows:
        sym_inst.append((shared, ab, priors.gold_symmetric(p.a, p.b, minus(p, "s") if minus else None)))
        dir_inst.append((shared, ab, priors.gold_directed(p.a, p.b, minus(p, ">") if minus else None)))
        dir_inst.append((shared, ba, priors.gold_directed(p.b, p.a, minus(p, "<") if minus else None)))
    ps = model.symmetric.probabilities(sym_inst)
    pd = model.directed.probabilities(dir_inst)
    pf, pb = pd[0::2].copy(), pd[1::2].copy()
    trees = model.trees
    if trees is not None:
        model.blend(ps, pf, pb, lambda gated: (trees.matrix([sym_inst[i] for i in gated]),
                                               trees.matrix([dir_inst[2 * i + k] for i in gated for k in (0, 1)])))
    return [Scored(row[0], tuple(ps[i].tolist()), tuple(pf[i].tolist()), tuple(pb[i].tolist()))
            for i, row in enumerate(rows)]


# -- the fast scorer -----------------------------------------------------------------

# Per-token feature templates of the fast scorer, and the groups their prefix sums are read in.
_WORD_TEMPLATES = ("btw:", "btwXY:", "btwYX:", "preXY:", "preYX:", "postXY:", "postYX:", "btw1:", "btwN:")
_CLUSTER_TEMPLATES = ("btwc:", "prec:")
# The templates of the features that name a word, a cluster or a punctuation mark of a context
LEXICAL_TEMPLATES = frozenset({t.rstrip(":") for t in (*_WORD_TEMPLATES, *_CLUSTER_TEMPLATES)} | {"punct", "trw"})
_GROUPS = {  # group -> its columns; each group is read over one range of a context
    "between": ("btw", "btwc", "punct", "trb", "trw"), "betweenXY": ("btwXY", "trfbXY"),
    "betweenYX": ("btwYX", "trfbYX"), "pre": ("prec",), "preXY": ("preXY",), "preYX": ("preYX",),
    "postXY": ("postXY",), "postYX": ("postYX",), "left": ("trl",), "leftXY": ("trflXY",),
    "leftYX": ("trflYX",), "right": ("trr",), "rightXY": ("trfrXY",), "rightYX": ("trfrYX",),
}
# the columns of a token's weight rows: each group's columns side by side, then two read alone
_COLUMNS = (*(c for cols in _GROUPS.values() for c in cols), "btw1", "btwN")
_GROUP_NAMES = tuple(_GROUPS)
_GROUP_STARTS = np.cumsum([0, *(len(c) for c in _GROUPS.values())])[:-1]
_GROUPED = sum(len(c) for c in _GROUPS.values())
_G = {g: i for i, g in enumerate(_GROUP_NAMES)}
_C = {c: i for i, c in enumerate(_COLUMNS)}
_TRIGGER_COLUMNS = np.array([_C[c] for c in ("trl", "trb", "trr", "trw", "trflXY", "trflYX", "trfbXY", "trfbYX",
                                             "trfrXY", "trfrYX")])


def _by_key(rows: dict[str, int], templates: Sequence[str]) -> dict[str, tuple[tuple[int, int], ...]]:
    """``key -> ((column, weight row), …)`` of the features ``template + key`` among ``rows`` (each
    template is a name and one ``:``), in one pass over the model's features."""
    column = {name[:-1]: _C[name[:-1]] for name in templates}
    out: dict[str, list[tuple[int, int]]] = {}
    for feat, r in rows.items():
        name, colon, key = feat.partition(":")
        col = column.get(name)
        if colon and col is not None:
            out.setdefault(key, []).append((col, r))
    return {k: tuple(v) for k, v in out.items()}


class PairScorer:
    """The pair model's probabilities for an article's pairs, as :func:`score_pairs` computes
    them from :class:`PairFeatures`, with the context features summed from per-token prefix
    sums (NumPy) instead of feature strings: the same numbers, several times faster."""

    def __init__(self, model: PairModel, features: PairFeatures) -> None:
        self.model = model
        self.features = features
        labels = (*SYMMETRIC, *DIRECTED)
        rows: dict[str, int] = {}
        for lm in (model.symmetric, model.directed):
            for lab in lm.labels:
                for feat in lm.weights.get(lab, {}):
                    rows.setdefault(feat, len(rows))
        self.row = rows
        self.none = len(rows)
        self.W = np.zeros((len(rows) + 1, len(labels)))
        for lm, offset in ((model.symmetric, 0), (model.directed, len(SYMMETRIC))):
            for li, lab in enumerate(lm.labels):
                for feat, w in lm.weights.get(lab, {}).items():
                    self.W[rows[feat], offset + li] = w
        self.bias = np.array([model.symmetric.bias.get(t, 0.0) for t in SYMMETRIC]
                             + [model.directed.bias.get(t, 0.0) for t in DIRECTED])
        self._tokens: dict[str, int] = {}  # a token's normalised form -> its row of self._table
        self._table = np.zeros((0, len(_COLUMNS) + 1), dtype=np.int32)  # weight rows per column, is_word
        self._table_rows: list[tuple[int, ...]] = []  # rows not yet in self._table
        self._filled = 0  # rows of self._table in use
        self._triggers: dict[Trigger, tuple[int, ...]] = {}
        self._cached_rows: dict[tuple[str, ...], tuple[int, ...]] = {}
        self._common: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
        self._kinds: dict[tuple[str, str], int] = {}
        self._mentions: dict[tuple[str, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._ord = (self.rid("ord:XY"), self.rid("ord:YX"))
        # word -> (column, weight row) of the word and cluster templates the model has weights for
        self._by_word = _by_key(rows, _WORD_TEMPLATES)
        self._by_cluster = _by_key(rows, _CLUSTER_TEMPLATES)
        self._others: dict[int, int] = {}
        self.trees = _TreeColumns(model.trees) if model.trees is not None else None

    def _others_row(self, others: int) -> int:
        """The weight row of ``others:N``, N the actors named between two mentions (at most 3)."""
        got = self._others.get(others)
        if got is None:
            got = self._others[others] = self.rid(f"others:{min(others, 3)}")
        return got

    def rid(self, name: str) -> int:
        """The weight row of a feature (the zero row when the model has none)."""
        return self.row.get(name, self.none)

    def sums(self, segments: Sequence[Sequence[tuple[int, float]]]) -> np.ndarray:
        """The weighted sum of the weight rows of each segment (one row of output per segment)."""
        rows: list[int] = []
        vals: list[float] = []
        bounds: list[int] = []
        none = self.none
        for seg in segments:
            bounds.append(len(rows))
            rows.append(none)
            vals.append(0.0)
            for r, val in seg:
                rows.append(r)
                vals.append(val)
        if not bounds:
            return np.zeros((0, self.W.shape[1]))
        return np.add.reduceat(self.W[rows] * np.asarray(vals)[:, None], bounds, axis=0)

    def _rows(self, names: Sequence[str]) -> tuple[int, ...]:
        key = tuple(names)
        got = self._cached_rows.get(key)
        if got is None:
            if len(self._cached_rows) >= WORDS_REMEMBERED:
                forget_older_half(self._cached_rows)
            got = self._cached_rows[key] = tuple(self.rid(n) for n in key)
        return got

    def _common_rows(self, key: tuple[int, int, int, int]) -> tuple[int, ...]:
        got = self._common.get(key)
        if got is None:
            got = self._common[key] = tuple(self.rid(n) for n in common_names(key))
        return got

    def _kind_row(self, kx: str, ky: str) -> int:
        got = self._kinds.get((kx, ky))
        if got is None:
            got = self._kinds[(kx, ky)] = self.rid(f"k:{kx}|{ky}")
        return got

    def row_sums(self, segments: Sequence[Sequence[int]]) -> np.ndarray:
        """The sum of the weight rows of each segment (unit values)."""
        rows: list[int] = []
        bounds: list[int] = []
        for seg in segments:
            bounds.append(len(rows))
            rows.append(self.none)
            rows.extend(seg)
        if not bounds:
            return np.zeros((0, self.W.shape[1]))
        return np.add.reduceat(self.W[rows], bounds, axis=0)

    def items(self, feats: Features) -> list[tuple[int, float]]:
        row = self.row
        return [(row[k], val) for k, val in feats.items() if k in row]

    def _token_id(self, v: _ArticleView, k: int) -> int:
        """A token's row in the token table: its weight rows for every column and whether it
        is a word (the normalised form decides the stem, the clitics and whether it is a word:
        it is the key)."""
        t = v.art.tokens[k]
        got = self._tokens.get(t.norm)
        if got is None:
            none = self.none
            cols = [none] * len(_COLUMNS)
            if t.is_word:
                for c, r in self._by_word.get(v.word(k), ()):
                    cols[c] = r
                for c, r in self._by_cluster.get(v.cluster(k), ()):
                    cols[c] = r
            else:
                cols[_C["punct"]] = self.rid("punct:" + t.norm)
            got = self._tokens[t.norm] = self._filled + len(self._table_rows)
            self._table_rows.append((*cols, int(t.is_word)))
        return got

    def _token_table(self) -> np.ndarray:
        """The token table with every row added so far (its capacity doubles as it fills)."""
        if self._table_rows:
            n, add = self._filled, len(self._table_rows)
            if n + add > len(self._table):
                grown = np.zeros((max(2 * len(self._table), n + add, 1024), self._table.shape[1]), dtype=np.int32)
                grown[:n] = self._table[:n]
                self._table = grown
            self._table[n:n + add] = self._table_rows
            self._filled = n + add
            self._table_rows.clear()
        return self._table

    def _trigger_rows(self, trig: Trigger) -> tuple[int, ...]:
        got = self._triggers.get(trig)
        if got is None:
            got = self._triggers[trig] = (
                self.rid("trl:" + trig.type), self.rid("trb:" + trig.type), self.rid("trr:" + trig.type),
                self.rid("trw:" + trig.form),
                *(self.rid(f"trf{w}:{trig.type}:{trig.frame}:{o}") for w in "lbr" for o in ("XY", "YX")))
        return got

    def score(self, art: Article, minus: Callable[[Pair, str], Any] | None = None) -> list[Scored]:
        """:func:`score_pairs` of ``PairFeatures.article(art)``, computed fast."""
        fz = self.features
        v = _ArticleView(art, fz.kb, fz.clusters)
        pairs = candidate_pairs(art, fz.window)
        if not pairs:
            return []
        ncol = self.W.shape[1]
        priors = fz.priors
        # pair-level features: the common ones and the actors' by row, the sparse facts by dict
        W = self.W
        common = np.array([self._common_rows(common_key(p)) for p in pairs], dtype=np.int64)
        shared = W[common].sum(axis=1)
        actors = sorted({x for p in pairs for x in (p.a, p.b)})
        at = {a: i for i, a in enumerate(actors)}
        side = self.row_sums([self._rows(v.actor_features(a, s_)) for a in actors for s_ in "xy"])
        as_x, as_y = side[0::2], side[1::2]
        ia = np.array([at[p.a] for p in pairs], dtype=np.int64)
        ib = np.array([at[p.b] for p in pairs], dtype=np.int64)
        kind_ab = np.array([self._kind_row(v.kind(p.a), v.kind(p.b)) for p in pairs], dtype=np.int64)
        kind_ba = np.array([self._kind_row(v.kind(p.b), v.kind(p.a)) for p in pairs], dtype=np.int64)
        xfirst = self.rid("xfirst")
        x_ab = np.array([xfirst if v.first.get(p.a, 0) < v.first.get(p.b, 0) else self.none for p in pairs])
        x_ba = np.array([xfirst if v.first.get(p.b, 0) < v.first.get(p.a, 0) else self.none for p in pairs])
        ab = as_x[ia] + as_y[ib] + W[kind_ab] + W[x_ab]
        ba = as_x[ib] + as_y[ia] + W[kind_ba] + W[x_ba]
        facts: list[Features] = []
        for p in pairs:
            facts += [fz.pair_facts(v, p), fz.oriented_facts(v, p.a, p.b), fz.oriented_facts(v, p.b, p.a),
                      priors.gold_symmetric(p.a, p.b, minus(p, "s") if minus else None),
                      priors.gold_directed(p.a, p.b, minus(p, ">") if minus else None),
                      priors.gold_directed(p.b, p.a, minus(p, "<") if minus else None)]
        z = self.sums([self.items(f) for f in facts]).reshape(len(pairs), 6, ncol)
        shared = shared + z[:, 0]
        ab = ab + z[:, 1]
        ba = ba + z[:, 2]
        gs, gab, gba = z[:, 3], z[:, 4], z[:, 5]
        ctx_s, ctx_ab, ctx_ba = self._contexts(v, pairs, ncol)
        zs = shared + ab + gs + ctx_s + ctx_ab
        zf = shared + ab + gab + ctx_s + ctx_ab
        zb = shared + ba + gba + ctx_s + ctx_ba
        k = len(SYMMETRIC)
        ps = sigmoid(zs[:, :k] + self.bias[:k])
        pf = sigmoid(zf[:, k:] + self.bias[k:])
        pb = sigmoid(zb[:, k:] + self.bias[k:])
        trees = self.trees
        if trees is not None:
            self.model.blend(ps, pf, pb, lambda gated: trees.matrices(v, [pairs[i] for i in gated],
                                                                     [facts[6 * i:6 * i + 6] for i in gated]))
        return [Scored(p, tuple(a), tuple(f), tuple(b))
                for p, a, f, b in zip(pairs, ps.tolist(), pf.tolist(), pb.tolist(), strict=True)]

    def _contexts(self, v: _ArticleView, pairs: list[Pair], ncol: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Context features of every pair, averaged over its contexts: shared, x = a, x = b."""
        art = v.art
        W = self.W
        none = self.none
        contexts = [(pi, c) for pi, p in enumerate(pairs) for c in p.contexts[:MAX_CONTEXTS]]
        nctx = len(contexts)
        # the sentences a same-sentence context lies in, laid end to end
        if len(self._tokens) >= WORDS_REMEMBERED:  # start over, between articles: rows are positions
            self._tokens.clear()
            self._filled = 0
            self._table_rows.clear()
        base: dict[int, int] = {}
        ids: list[int] = []
        trig_cols: dict[int, tuple[int, ...]] = {}
        n = 0
        toks = art.tokens
        known = self._tokens
        for _, c in contexts:
            if c.distance or c.sentence in base:
                continue
            s = art.sentences[c.sentence]
            base[c.sentence] = n - s.first_token
            got = [known.get(t.norm, -1) for t in toks[s.first_token:s.last_token]]
            if -1 in got:
                got = [i if i >= 0 else self._token_id(v, s.first_token + j) for j, i in enumerate(got)]
            ids += got
            for ti, trig in v.triggers(c.sentence):
                trig_cols[n + ti - s.first_token] = self._trigger_rows(trig)
            n += s.last_token - s.first_token
        prefix = np.zeros((n + 1, len(_GROUP_NAMES), ncol))
        table = self._token_table()[np.array(ids, dtype=np.int64)] if n else self._table[:0]
        idx = table[:, :-1]
        if n:
            if trig_cols:
                at = np.fromiter(trig_cols, dtype=np.int64, count=len(trig_cols))
                idx[at[:, None], _TRIGGER_COLUMNS[None, :]] = np.array(list(trig_cols.values()), dtype=np.int64)
            per_token = np.add.reduceat(W[idx[:, :_GROUPED]], _GROUP_STARTS, axis=1)  # (tokens, groups, labels)
            np.cumsum(per_token, axis=0, out=prefix[1:])
        # next word at or after each position, last word before it
        is_word = table[:, -1].astype(bool)
        pos = np.arange(n)
        nxt = np.append(np.minimum.accumulate(np.where(is_word, pos, n)[::-1])[::-1], n)
        prv = np.concatenate(([-1], np.maximum.accumulate(np.where(is_word, pos, -1))))
        # the mentions' rows as x and as y
        mentions: dict[Mention, int] = {}
        for _, c in contexts:
            mentions.setdefault(c.a, len(mentions))
            mentions.setdefault(c.b, len(mentions))
        mrows = self.row_sums([rows for m in mentions for rows in self._mention_rows(v, m)])
        mx, my = mrows[0::2], mrows[1::2]
        ma = np.array([mentions[c.a] for _, c in contexts], dtype=np.int64)
        mb = np.array([mentions[c.b] for _, c in contexts], dtype=np.int64)
        S = np.zeros((nctx, ncol))
        AB = mx[ma] + my[mb]
        BA = mx[mb] + my[ma]
        same = [(ci, c) for ci, (_, c) in enumerate(contexts) if not c.distance]
        if same:
            q = np.zeros((len(same), 11), dtype=np.int64)
            for j, (ci, c) in enumerate(same):
                a_first = c.a.token_start <= c.b.token_start
                first, second = (c.a, c.b) if a_first else (c.b, c.a)
                sent = art.sentences[c.sentence]
                off = base[c.sentence]
                # nested mentions (الأمريكية inside مشاة البحرية الأمريكية) have nothing between them,
                # and fewer than no actors: the definition's "others:-1"
                others = bisect_left(v.starts, second.token_start) - bisect_left(v.starts, first.token_end)
                q[j] = (ci, first.token_end + off, max(second.token_start, first.token_end) + off,
                        max(sent.first_token, first.token_start - 3) + off, first.token_start + off,
                        second.token_end + off, min(sent.last_token, second.token_end + 3) + off,
                        sent.first_token + off, sent.last_token + off, int(a_first), self._others_row(others))
            rows_of, lo, hi, pre, f, se, post, s0, s1, xy, others_rows = q.T
            xy_first = xy.astype(bool)[:, None]  # a's mention comes first

            def rng(g: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
                return prefix[b, _G[g]] - prefix[a, _G[g]]

            first_word, last_word = nxt[lo], prv[hi]
            has = first_word < hi
            b1 = np.where(has, idx[np.minimum(first_word, max(n - 1, 0)), _C["btw1"]] if n else none, none)
            bn = np.where(has, idx[np.maximum(last_word, 0), _C["btwN"]] if n else none, none)
            S[rows_of] = (rng("between", lo, hi) + rng("pre", pre, f) + rng("left", s0, f) + rng("right", se, s1)
                           + W[b1] + W[bn] + W[others_rows])
            xy = (rng("betweenXY", lo, hi) + rng("preXY", pre, f) + rng("postXY", se, post)
                  + rng("leftXY", s0, f) + rng("rightXY", se, s1) + W[self._ord[0]])
            yx = (rng("betweenYX", lo, hi) + rng("preYX", pre, f) + rng("postYX", se, post)
                  + rng("leftYX", s0, f) + rng("rightYX", se, s1) + W[self._ord[1]])
            AB[rows_of] += np.where(xy_first, xy, yx)
            BA[rows_of] += np.where(xy_first, yx, xy)
        tr1: dict[int, np.ndarray] = {}
        for ci, (_, c) in enumerate(contexts):
            if not c.distance:
                continue
            for si in {v.sent(c.a.token_start), v.sent(c.b.token_start)}:
                vec = tr1.get(si)
                if vec is None:
                    trig_rows = [self.rid("tr1:" + t.type) for _, t in v.triggers(si)]
                    vec = tr1[si] = W[trig_rows].sum(axis=0) if trig_rows else np.zeros(ncol)
                S[ci] += vec
        owner = np.array([pi for pi, _ in contexts], dtype=np.int64)
        bounds = np.flatnonzero(np.r_[True, np.diff(owner) != 0])
        counts = np.diff(np.r_[bounds, nctx])[:, None]
        return (np.add.reduceat(S, bounds, axis=0) / counts, np.add.reduceat(AB, bounds, axis=0) / counts,
                np.add.reduceat(BA, bounds, axis=0) / counts)

    def _mention_rows(self, v: _ArticleView, m: Mention) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Weight rows of a mention's features as ``x`` and as ``y``."""
        keys = v.mention_keys(m)
        got = self._mentions.get(keys)
        if got is None:
            got = self._mentions[keys] = (tuple(self.rid("mx:" + k) for k in keys),
                                          tuple(self.rid("my:" + k) for k in keys))
        return got


_WHERE = {"l": 0, "b": 1, "r": 2}  # a trigger's place in a context (:func:`_where`)


class _TreeColumns:
    """The trees' rows of an article's pairs, as ``PairTrees.matrix`` of the pairs' instances
    gives them, built from cached column numbers instead of feature dictionaries (the features
    of :meth:`PairFeatures.article` that name no word: the pair's, the contexts' triggers,
    mention roles and word order, averaged over the contexts, and :func:`pair_vectors`)."""

    def __init__(self, trees: PairTrees) -> None:
        self.col = trees.column
        # caches with few keys: how two actors are named together, a mention's roles, a trigger
        self._common: dict[tuple[int, int, int, int], tuple[int, ...]] = {}
        self._mentions: dict[tuple[str, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._triggers: dict[Trigger, tuple[int, ...]] = {}
        self._others: dict[int, int] = {}  # actors between two mentions -> column of others:N
        self._ord = (self.col.get("ord:XY", -1), self.col.get("ord:YX", -1))
        # pair_vectors' columns the trees read, and theirs
        vectors = word_vectors()
        names = vector_names(vectors.codes.shape[1]) if vectors is not None else ()
        have = [k for k, name in enumerate(names) if name in self.col]
        self._vector_cols = (have, [self.col[names[k]] for k in have]) if have else None

    def cols(self, names: Iterable[str]) -> tuple[int, ...]:
        """The columns of those of ``names`` the trees read."""
        col = self.col
        return tuple(col[n] for n in names if n in col)

    def _common_cols(self, p: Pair) -> tuple[int, ...]:
        key = common_key(p)
        got = self._common.get(key)
        if got is None:
            got = self._common[key] = self.cols(common_names(key))
        return got

    def matrices(self, v: _ArticleView, pairs: list[Pair], facts: list[list[Features]]) -> tuple[np.ndarray, np.ndarray]:
        """The symmetric rows of ``pairs`` and their directed rows (a->b, b->a per pair);
        ``facts``: per pair, its pair facts, oriented facts a->b and b->a, and gold priors
        symmetric, a->b and b->a."""
        col = self.col
        rows: tuple[list[int], list[int]] = ([], [])  # symmetric, directed
        cols: tuple[list[int], list[int]] = ([], [])
        vals: tuple[list[float], list[float]] = ([], [])

        def put(which: int, row: int, part: dict[int, float]) -> None:
            rows[which].extend([row] * len(part))
            cols[which].extend(part)
            vals[which].extend(part.values())

        for i, (p, fs) in enumerate(zip(pairs, facts, strict=True)):
            shared = dict.fromkeys(self._common_cols(p), 1.0)
            ab = dict.fromkeys(self.cols(oriented_names(v, p.a, p.b)), 1.0)
            ba = dict.fromkeys(self.cols(oriented_names(v, p.b, p.a)), 1.0)
            parts = [shared, ab, ba, {}, {}, {}]
            for part, f in zip(parts, fs, strict=True):
                for k, val in f.items():
                    j = col.get(k)
                    if j is not None:
                        part[j] = val
            # a context feature's value: its count over the contexts over their number (the
            # definition adds each context's share in turn; the sums round to the same float32)
            ctx = p.contexts[:MAX_CONTEXTS]
            w = 1.0 / len(ctx)
            in_shared: list[int] = []
            in_ab: list[int] = []
            in_ba: list[int] = []
            for c in ctx:
                in_shared += self._shared(v, c)
                in_ab += self._oriented(v, c, p.a)
                in_ba += self._oriented(v, c, p.b)
            for part, found in ((shared, in_shared), (ab, in_ab), (ba, in_ba)):
                for j, n in Counter(found).items():
                    if j >= 0:
                        part[j] = w * n
            for which, row, oriented, gold in ((0, i, ab, parts[3]), (1, 2 * i, ab, parts[4]),
                                               (1, 2 * i + 1, ba, parts[5])):
                put(which, row, shared)
                put(which, row, oriented)
                put(which, row, gold)
        out = []
        for which, n in ((0, len(pairs)), (1, 2 * len(pairs))):
            X = np.zeros((n, len(col)), dtype=np.float32)
            X[rows[which], cols[which]] = vals[which]
            out.append(X)
        if self._vector_cols is not None:  # a kind not found is 0, as the definition leaves it out
            have, at = self._vector_cols
            values = pair_vectors(v, pairs)[0]
            out[0][:, at] = values[:, have]
            out[1][:, at] = np.repeat(values[:, have], 2, axis=0)
        return out[0].astype(np.float64), out[1].astype(np.float64)

    def _trigger(self, trig: Trigger) -> tuple[int, ...]:
        """A trigger's columns (-1: none): ``tr1``, ``tr{l,b,r}``, then ``trf{l,b,r}`` in word
        order XY and YX."""
        got = self._triggers.get(trig)
        if got is None:
            col = self.col
            names = (f"tr1:{trig.type}", *(f"tr{w}:{trig.type}" for w in "lbr"),
                     *(f"trf{w}:{trig.type}:{trig.frame}:{o}" for w in "lbr" for o in ("XY", "YX")))
            got = self._triggers[trig] = tuple(col.get(n, -1) for n in names)
        return got

    def _shared(self, v: _ArticleView, c: Context) -> list[int]:
        """The columns of :func:`context_shared`'s features without the lexical ones (a column
        as often as the feature counts)."""
        out: list[int] = []
        if c.distance:
            for si in sorted({v.sent(c.a.token_start), v.sent(c.b.token_start)}):
                out += [self._trigger(trig)[0] for _, trig in v.triggers(si)]
            return out
        first, second = (c.a, c.b) if c.a.token_start <= c.b.token_start else (c.b, c.a)
        others = bisect_left(v.starts, second.token_start) - bisect_left(v.starts, first.token_end)
        got = self._others.get(others)
        if got is None:
            got = self._others[others] = self.col.get(f"others:{min(others, 3)}", -1)
        out.append(got)
        for ti, trig in v.triggers(v.sent(first.token_start)):
            where = _where(ti, first, second)
            if where:
                out.append(self._trigger(trig)[1 + _WHERE[where]])
        return out

    def _oriented(self, v: _ArticleView, c: Context, x: str) -> list[int]:
        """The columns of :func:`context_oriented`'s features without the lexical ones."""
        mx, my = (c.a, c.b) if c.a.actor_id == x else (c.b, c.a)
        out = [*self._mention(v.mention_keys(mx))[0], *self._mention(v.mention_keys(my))[1]]
        if not c.distance:
            first, second = (mx, my) if mx.token_start <= my.token_start else (my, mx)
            xy = first is mx
            out.append(self._ord[0 if xy else 1])
            for ti, trig in v.triggers(v.sent(first.token_start)):
                where = _where(ti, first, second)
                if where:
                    out.append(self._trigger(trig)[4 + 2 * _WHERE[where] + (0 if xy else 1)])
        return out

    def _mention(self, keys: tuple[str, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The columns of a mention's features as ``x`` and as ``y``."""
        got = self._mentions.get(keys)
        if got is None:
            if len(self._mentions) >= WORDS_REMEMBERED:
                forget_older_half(self._mentions)
            got = self._mentions[keys] = (self.cols("mx:" + k for k in keys), self.cols("my:" + k for k in keys))
        return got


# -- the stage ------------------------------------------------------------------

class PairsStage:
    """Pipeline stage: the article's relations as the pair model decides them (needs the
    rule relations of :mod:`.relations`). Leaves each actor's highest pair probability in
    ``art.extra["pair_scores"]`` for :mod:`.salience`."""

    def __init__(self, kb: KnowledgeBase, model: PairModel, priors: PairPriors | None = None) -> None:
        self.kb = kb
        self.model = model
        self.priors = priors if priors is not None else load_priors()
        self.features = PairFeatures(kb, self.priors)
        self.scorer = PairScorer(model, self.features)

    def __call__(self, art: Article) -> Article:
        return relations_from(art, self.scorer.score(art), self.model.thresholds)


def relations_from(art: Article, scored: list[Scored], thresholds: dict[str, float]) -> Article:
    """The relations of ``art`` given its scored pairs: rule relations whose pair and type the
    model accepts, a model relation for each accepted pair and type no rule states, and the rule
    relations the text negates."""
    by_key: dict[tuple[str, str, str], list[Relation]] = {}
    for r in art.relations:
        by_key.setdefault(r.key(), []).append(r)
    out: list[Relation] = []
    actor_scores: dict[str, tuple[float, float, int]] = {}
    sent = sentence_index(art)
    for sc in scored:
        probs = (*sc.symmetric, *sc.forward, *sc.backward)
        top, total, high = max(probs), sum(probs), sum(1 for x in probs if x >= HIGH)
        for aid in (sc.pair.a, sc.pair.b):
            t0, s0, h0 = actor_scores.get(aid, (0.0, 0.0, 0))
            actor_scores[aid] = (max(t0, top), s0 + total, h0 + high)
        for src, typ, tgt, pr in sc.decisions(thresholds):
            stated = by_key.get(relation_key(src, typ, tgt))
            if stated:
                out.extend(replace(r, confidence=round(max(r.confidence, pr), 3)) for r in stated)
            else:
                out.append(_model_relation(art, sent, sc.pair, src, typ, tgt, pr))
    # what the text denies is no relation the model is asked about, but analysts want it kept
    # (rawabit contradictions): the rules' negated relations stay, whatever the model says
    accepted = {r.key() for r in out}
    out.extend(r for r in art.relations if r.modality == "negated" and r.key() not in accepted)
    in_rules = Counter(x for r in art.relations for x in (r.source, r.target))
    extra = dict(art.extra, pair_scores=actor_scores, rule_relations=in_rules)
    return art.with_(relations=tuple(out), extra=extra)


def _model_relation(art: Article, sent: Callable[[int], int], pair: Pair, src: str, typ: str, tgt: str,
                    pr: float) -> Relation:
    """A relation the model reads in ``pair``: its evidence is the context with a trigger of the
    type between the two mentions, else the closest one (``sent``: token -> its sentence)."""
    toks = art.tokens
    lex = trigger_lexicon()

    def trigger_between(c: Context) -> int | None:
        lo = min(c.a.token_end, c.b.token_end)
        hi = max(c.a.token_start, c.b.token_start)
        s = art.sentences[sent(lo)]
        hits = lex.sentence_triggers(toks, s.first_token, s.last_token)
        for k in range(lo, min(hi, s.last_token)):
            h = hits[k - s.first_token]
            if h is not None and h[0].type == typ:
                return k
        return None

    best, trig = pair.contexts[0], None
    for c in pair.contexts:
        k = trigger_between(c)
        if k is not None:
            best, trig = c, k
            break
    lo = min(best.a.token_start, best.b.token_start)
    hi = max(best.a.token_end, best.b.token_end)
    si = sent(lo)
    s = art.sentences[si]
    cue = trig if trig is not None else max(best.a.token_start, best.b.token_start)
    modality, mcue = modality_of(toks, s, cue, lo)
    start, end = toks[lo].start, toks[hi - 1].end
    return Relation(
        source=src, target=tgt, type=typ, evidence=Evidence(start, end, art.text[start:end]),
        modality=modality, attributed_to=attribution_of(toks, s, art.mentions, lo),
        time=time_of(art.text, s, toks, cue), place=place_of(s, toks, lo), confidence=round(pr, 3),
        rule=f"model:{typ}" + (f"|{mcue}" if mcue else ""),
        trigger=(toks[trig].start, toks[trig].end) if trig is not None else None, sentence=si,
    )
