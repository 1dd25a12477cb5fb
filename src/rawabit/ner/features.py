"""CRF features of Arabic tokens.

Features are plain strings (binary features for crfsuite). A token's own
features and the short summaries its neighbours see depend only on its surface
form, so :class:`FeatureExtractor` computes them once per distinct token and
caches them; a sentence's feature lists are then assembled from the cache with
a ±2 window and two bigrams.

The lexicons below are part of the feature definition: the trained weights
are tied to them, so changing one means bumping :data:`FEATURES_VERSION` and
retraining. The optional resources (word clusters, word vectors, a
gazetteer) are files beside the model, recorded in its metadata.
:func:`doc_features` adds the second stage's features of a stacked model.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from sys import intern
from typing import Any

from rawabit.caches import forget_older_half
from rawabit.text.normalise import normalise
from rawabit.text.segment import split_clitics

FEATURES_VERSION = 4
log = logging.getLogger(__name__)
# (own features, neighbour views per offset, norm, stem)
TokenInfo = tuple[list[str], tuple[list[str], ...], str, str]

# Words just before (or being the head of) a name. Normalised (ة -> ه, أ -> ا),
# without ال: the stem of a token is looked up.
PERSON_TITLES = frozenset(normalise(w) for w in """
رئيس الرئيس نائب زعيم قائد امير ملك الملك سلطان شيخ الشيخ ملا الملا مولوي امام الامام
وزير الوزير وزيره متحدث المتحدث الناطق ناطق سفير مبعوث مستشار مدير محافظ حاكم عمده
السيد سيد السيده سيده الدكتور دكتور الدكتوره البروفيسور بروفيسور المهندس الجنرال جنرال
العقيد عقيد اللواء لواء العميد عميد المشير الرائد النقيب الفريق الاميرال القاضي قاضي
المفتي مفتي الحاخام البابا الكاردينال المطران الاب الاخ الحاج حاج المستشاره المستشار
نجم اللاعب لاعب المدرب مدرب الفنان الفنانه الكاتب الكاتبه الشاعر المخرج الممثل الممثله
المرشح مرشح النائب عضو السناتور السيناتور الامين امين مراسل المراسل المحلل الخبير
ابو ام ابن بن بنت
""".split())
ORG_HEADS = frozenset(normalise(w) for w in """
حركه تنظيم جماعه حزب جبهه وزاره شركه مجلس منظمه هيئه جمعيه اتحاد مؤسسه وكاله صحيفه
جريده مجله اذاعه قناه تلفزيون جامعه معهد مركز بنك مصرف نادي فريق منتخب لجنه مكتب محكمه
برلمان الكونغرس الكونجرس البنتاغون البنتاجون جيش قوات كتائب كتيبه لواء فيلق ميليشيا مليشيا
سرايا شبكه تحالف ائتلاف رابطه نقابه هيئه سلطه ديوان دائره مديريه
""".split())
LOC_HEADS = frozenset(normalise(w) for w in """
مدينه ولايه محافظه اقليم منطقه بلده قريه جزيره جزر نهر بحر خليج جبل جبال صحراء وادي
عاصمه العاصمه دوله مقاطعه ضاحيه حي شارع ميناء مطار قاعده معبر مخيم بحيره محيط قاره
شمال جنوب شرق غرب وسط شمالي جنوبي شرقي غربي
""".split())
# Verbs and nouns of saying/reporting that precede a speaker's name.
SPEECH_CUES = frozenset(normalise(w) for w in """
قال قالت اكد اكدت اعلن اعلنت اضاف اضافت صرح صرحت اوضح اوضحت ذكر ذكرت اشار اشارت
نقل نقلت افاد افادت قال اعتبر اعتبرت
""".split())

_TRIGGERS = (("tP", PERSON_TITLES), ("tO", ORG_HEADS), ("tL", LOC_HEADS), ("tS", SPEECH_CUES))
_NISBA = (("يين", "nis=yin"), ("يون", "nis=yun"), ("يه", "nis=iya"), ("ي", "nis=i"))
OFFSETS = (-2, -1, 1, 2)
# Views of the positions just outside a sentence, per offset (see FeatureExtractor.sentence).
_NOTHING: tuple[list[str], ...] = ([], [], [], [])
_BOS: tuple[list[str], ...] = (["-2:BOS"], ["-1:BOS"], [], [])
_EOS: tuple[list[str], ...] = ([], [], ["1:EOS"], ["2:EOS"])


_ARABIC_BLOCKS = ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFEFF))
# letters of the Arabic blocks: a word of these alone is "AR" (most words; no loop over its letters)
_ARABIC_WORD = re.compile("[{}]+".format("".join(
    re.escape(chr(o)) for a, b in _ARABIC_BLOCKS for o in range(a, b + 1)
    if chr(o).isalpha() and not chr(o).isdigit())))


def shape(tok: str) -> str:
    """Coarse shape class of a surface token."""
    if _ARABIC_WORD.fullmatch(tok):
        return "AR"
    has_ar = has_lat = has_dig = has_oth = False
    for ch in tok:
        o = ord(ch)
        if 0x0600 <= o <= 0x06FF or 0x0750 <= o <= 0x077F or 0xFB50 <= o <= 0xFEFF:
            if ch.isdigit():
                has_dig = True
            elif ch.isalpha():
                has_ar = True
            else:
                has_oth = True
        elif ch.isdigit():
            has_dig = True
        elif ch.isalpha():
            has_lat = True
        else:
            has_oth = True
    if has_ar and not (has_lat or has_dig):
        return "AR-" if has_oth else "AR"
    if has_dig and not (has_ar or has_lat):
        return "D-" if has_oth else "D"
    if has_lat and not (has_ar or has_dig):
        return ("Lc" if tok[:1].isupper() else "l") + ("-" if has_oth else "")
    if not (has_ar or has_lat or has_dig):
        return "P"
    return "MIX"


@dataclass
class Vectors:
    """Word vectors as features ``e{dim}={bucket}``: each standardised value rounded to -2..2."""

    index: Mapping[str, int]  # stem -> row
    buckets: Any  # numpy int8 array (words, dims)
    id: str
    codes: Any = None  # numpy int8 array (words, dims): the quantised standardised values
    unit: float = 1.0  # a code's value (standardised value = code * unit)


def vector_feature(dim: int, bucket: int) -> str:
    """The feature of one dimension of a word's vector: each (dimension, bucket) is a binary
    feature, so no per-position cost and no float dicts."""
    return f"e{dim}={bucket}"


def vector_strings(buckets: Sequence[int]) -> list[str]:
    """Features of a word's vector buckets (:func:`vector_feature` of each dimension)."""
    return [vector_feature(j, b) for j, b in enumerate(buckets)]


def vector_buckets(vec: Any) -> Any:
    """Buckets of standardised vector values (numpy array): rounded, clipped to -2..2."""
    import numpy as np

    return np.clip(np.rint(vec), -2, 2).astype(np.int8)


@dataclass
class Resources:
    """Optional feature resources: word clusters, word vectors and a gazetteer of name sequences."""

    clusters: Mapping[str, str] = field(default_factory=dict)  # stem -> "k64/k256/k1024/k2048" cluster ids
    gazetteer: Mapping[str, Sequence[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    gazetteer_id: str | None = None
    clusters_id: str | None = None
    vectors: Vectors | None = None

    def describe(self) -> dict[str, object]:
        return {
            "clusters": self.clusters_id,
            "cluster_words": len(self.clusters),
            "gazetteer": self.gazetteer_id,
            "gazetteer_names": sum(len(v) for v in self.gazetteer.values()),
            "vectors": self.vectors.id if self.vectors else None,
        }


def gazetteer_from_names(names: Iterable[tuple[str, str]]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Index ``(arabic name, kind)`` pairs by the stem of their first word.

    Names are compared on token stems, so ``وطالبان`` and ``لحركة طالبان``
    match ``طالبان`` and ``حركة طالبان``.
    """
    index: dict[str, set[tuple[tuple[str, ...], str]]] = {}
    for name, kind in names:
        stems = tuple(split_clitics(w)[1] for w in normalise(name).split() if w)
        if stems:
            index.setdefault(stems[0], set()).add((stems, kind))
    # longest first so a sentence takes the longest match; ties in a fixed order
    # (a set's order changes with the hash seed, and so would the features)
    return {k: sorted(v, key=lambda x: (-len(x[0]), x)) for k, v in index.items()}


def kb_gazetteer() -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], str | None]:
    """Gazetteer of the actor knowledge base (``aliases_ar`` and ``name_ar``).

    The KB grows while the project evolves; a model trained with this feature
    depends on the KB version recorded in its metadata. Any failure to load
    the KB disables the feature instead of breaking tagging.
    """
    try:
        from rawabit.kb.loader import load_files, packaged_files

        kb = load_files(packaged_files())
        names: list[tuple[str, str]] = []
        for a in kb.actors.values():
            for n in (a.name_ar, *a.aliases_ar):
                if n:
                    names.append((n, a.kind))
    except Exception as exc:  # noqa: BLE001 - the KB is optional for NER
        log.warning("NER gazetteer disabled: cannot load the actor KB (%s)", exc)
        return {}, None
    digest = hashlib.sha1("\n".join(sorted(f"{n}\t{k}" for n, k in names)).encode()).hexdigest()[:12]
    return gazetteer_from_names(names), f"kb:{len(kb.actors)}:{digest}"


def load_clusters(path: str | Path) -> tuple[dict[str, str], str]:
    """Word clusters written by :func:`rawabit.learn.clusters.build_clusters`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["clusters"], data.get("id", Path(path).name)


def load_vectors(path: str | Path, clusters: Mapping[str, str], clusters_id: str | None) -> Vectors:
    """Word vectors written with the clusters (rows in the clusters' word order)."""
    import base64

    import numpy as np

    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if data["clusters_id"] != clusters_id or data["words"] != len(clusters):
        raise ValueError(f"{path}: vectors of clusters {data['clusters_id']}, not of {clusters_id}")
    codes = np.frombuffer(base64.b64decode(data["int8_b64"]), dtype=np.int8).reshape(data["words"], data["dims"])
    unit = float(data["quant"]) / float(data["scale"])
    std = codes.astype(np.float32) * unit
    return Vectors({w: i for i, w in enumerate(clusters)}, vector_buckets(std), data["id"], codes, unit)


_GazetteerEntry = tuple[tuple[int, ...], dict[tuple[str, ...], tuple[int, int, str]]]


class FeatureExtractor:
    """Turns token sequences into crfsuite feature lists, caching per token."""

    def __init__(
        self, resources: Resources | None = None, cache_size: int = 50_000, known: frozenset[str] | None = None
    ) -> None:
        self.res = resources or Resources()
        self.cache_size = cache_size
        # At tagging time, the attributes the model has weights for: the rest
        # cost time in crfsuite and change nothing, so they are dropped here.
        self.known = known
        self._cache: dict[str, TokenInfo] = {}
        self._gaz: tuple[Mapping[str, Sequence[tuple[tuple[str, ...], str]]], dict[str, _GazetteerEntry]] = ({}, {})

    # -- one token ---------------------------------------------------------
    def token(self, tok: str) -> TokenInfo:
        """``(own features, neighbour features per offset, norm, stem)`` of ``tok``."""
        hit = self._cache.get(tok)
        if hit is not None:
            return hit
        if len(self._cache) >= self.cache_size:
            forget_older_half(self._cache)
        hit = self._compute(tok)
        self._cache[tok] = hit
        return hit

    def _compute(self, tok: str) -> TokenInfo:
        own, views, norm, stem = self.strings(tok)
        known = self.known
        if known is not None:
            own = [x for x in own if x in known]
            views = tuple([x for x in v if x in known] for v in views)
        # shared strings: the cache holds thousands of words with the same prefixes and shapes
        return [intern(x) for x in own], tuple([intern(x) for x in v] for v in views), norm, stem

    def strings(self, tok: str) -> TokenInfo:
        """``(own features, neighbour views per offset, norm, stem)`` of ``tok``: every feature
        string, whether the model knows it or not, uncached."""
        own, base, norm, stem, row = self.parts(tok)
        ctx = tuple([f"{o}:{x}" for x in base] for o in OFFSETS)
        vectors = self.res.vectors
        if row is not None and vectors is not None:
            own.extend(vector_strings(vectors.buckets[row].tolist()))
        return own, ctx, norm, stem

    def parts(self, tok: str) -> tuple[list[str], list[str], str, str, int | None]:
        """What :meth:`strings` is made of: the own features but the vector ones, the view a
        neighbour sees (each string prefixed ``{offset}:`` there), norm, stem, and the stem's row
        in the word vectors (its ``e{dim}={bucket}`` features follow the own ones). The NumPy
        tagger maps these to weight rows through tables, without building the prefixed strings."""
        norm = normalise(tok) or tok
        sh = shape(tok)
        if sh in ("AR", "AR-"):
            clitic, stem = split_clitics(norm)
        else:
            clitic, stem = "", norm
        f = ["b", "w=" + norm, "st=" + stem, "sh=" + sh]
        if clitic:
            f.append("cl=" + clitic)
            if clitic.endswith("ال") or clitic.endswith("لل"):
                f.append("al")
        n = len(stem)
        f.append("len=" + (str(n) if n < 6 else "6+" if n < 9 else "9+"))
        for k in (1, 2, 3, 4):
            if n > k:
                f.append(f"p{k}={stem[:k]}")
                f.append(f"s{k}={stem[-k:]}")
        if sh in ("AR", "AR-"):
            for suf, name in _NISBA:
                if stem.endswith(suf) and n > len(suf) + 2:
                    f.append(name)
                    break
        if tok != norm:
            f.append("diff")  # hamza/ta marbuta/diacritics written out
        # the stem, or the word itself when a clitic-like first letter is its own (ولاية)
        keys = (stem, norm[2:] if norm.startswith("ال") else norm)
        trig = [name for name, lex in _TRIGGERS if keys[0] in lex or keys[1] in lex]
        f.extend(trig)
        cl = self.res.clusters.get(stem)
        cfeats: list[str] = []
        if cl is not None:
            cfeats = [f"c{j}={c}" for j, c in enumerate(cl.split("/"))]
        elif self.res.clusters and sh in ("AR", "AR-"):
            cfeats.append("c=unk")
        f.extend(cfeats)
        # what a neighbour at each offset sees of this token
        base = ["w=" + norm, "st=" + stem, "sh=" + sh, *trig, *cfeats]
        if n > 2:
            base.append("s2=" + stem[-2:])
        if clitic:
            base.append("cl=" + clitic)
        vectors = self.res.vectors
        return f, base, norm, stem, vectors.index.get(stem) if vectors is not None else None

    # -- a sentence --------------------------------------------------------
    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """Feature lists of every token of one sentence."""
        info = [self.token(t) for t in tokens]
        n = len(info)
        # what offsets -2, -1, +1, +2 see: neighbours' views, BOS/EOS just outside the sentence
        ctx = [_NOTHING, _BOS, *(x[1] for x in info), _EOS, _NOTHING]
        extras = self.pair_features(info)
        out: list[list[str]] = []
        for i in range(n):
            feats = info[i][0] + ctx[i][0] + ctx[i + 1][1] + ctx[i + 3][2] + ctx[i + 4][3]
            feats.extend(extras[i])
            out.append(feats)
        return out

    def pair_features(self, info: Sequence[TokenInfo]) -> list[list[str]]:
        """The features of each token that depend on its neighbours' words: bigrams and gazetteer tags."""
        n = len(info)
        norms = [x[2] for x in info]
        stems = [x[3] for x in info]
        gaz = self.gazetteer_features(stems)
        known = self.known
        out: list[list[str]] = []
        for i in range(n):
            extra = []
            if i > 0:
                extra.append(f"bg-={norms[i - 1]}|{norms[i]}")
                extra.append(f"sb-={stems[i - 1]}|{stems[i]}")
            if i + 1 < n:
                extra.append(f"bg+={norms[i]}|{norms[i + 1]}")
                extra.append(f"sb+={stems[i]}|{stems[i + 1]}")
            if known is not None:
                extra = [x for x in extra if x in known]
            out.append(extra + gaz[i])
        return out

    def gazetteer_features(self, stems: list[str]) -> list[list[str]]:
        """Per token: the gazetteer tag of the name it is in, and that of the token before."""
        out: list[list[str]] = [[] for _ in stems]
        for i, f in self.gazetteer_hits(stems):
            out[i].append(f)
        return out

    def gazetteer_hits(self, stems: list[str]) -> list[tuple[int, str]]:
        """:meth:`gazetteer_features` as ``(token, feature)`` pairs in token order (most tokens have none)."""
        if not self.res.gazetteer:
            return []
        known = self.known
        out: list[tuple[int, str]] = []
        tags = self._gazetteer_tags(stems)
        for i, g in tags.items():
            if known is None or g in known:
                out.append((i, g))
            prev = tags.get(i - 1)
            if prev and (known is None or "-1:" + prev in known):
                out.append((i, "-1:" + prev))
        return out

    def _gazetteer_tags(self, stems: list[str]) -> dict[int, str]:
        """``{token: gzB=kind or gzI=kind}`` of the tokens in a gazetteer name, the longest from
        the left, in token order (the other tokens have no tag)."""
        tags: dict[int, str] = {}
        found = list(map(self._gazetteer_index().get, stems))
        free = 0  # the first token not inside a name already tagged
        n = len(stems)
        for i in compress(range(n), found):
            if i < free:
                continue
            lengths, names = found[i]  # type: ignore[misc]
            # the name listed first among those that start here (the gazetteer lists the longest first)
            hits = [hit for m in lengths if i + m <= n and (hit := names.get(tuple(stems[i:i + m])))]
            if hits:
                _, m, kind = min(hits)
                tags[i] = "gzB=" + kind
                for k in range(i + 1, i + m):
                    tags[k] = "gzI=" + kind
                free = i + m
        return tags

    def _gazetteer_index(self) -> dict[str, _GazetteerEntry]:
        """The gazetteer by first stem as ``(name lengths, {name: (place in the list, length,
        kind)})``, a name listed twice keeping its first place: one lookup per length, not per name."""
        gazetteer = self.res.gazetteer
        if self._gaz[0] is not gazetteer:
            index: dict[str, _GazetteerEntry] = {}
            for first, listed in gazetteer.items():
                names: dict[tuple[str, ...], tuple[int, int, str]] = {}
                for place, (seq, kind) in enumerate(listed):
                    names.setdefault(tuple(seq), (place, len(seq), kind))
                index[first] = (tuple({len(seq) for seq in names}), names)
            self._gaz = (gazetteer, index)
        return self._gaz[1]


# -- document features of the second stage (stacking) -------------------------

def add_features(item: list[str] | dict[str, float], extra: Sequence[str]) -> None:
    """Append binary attributes to one token's features (a list, or a dict with dense values)."""
    if isinstance(item, dict):
        for x in extra:
            item[x] = 1.0
    else:
        item.extend(extra)


def _doc_counts_add(agg: dict[str, dict[str, int]], sent: list[tuple[str, str]], sign: int) -> None:
    for stem, typ in sent:
        c = agg.get(stem)
        if c is None:
            c = agg[stem] = {}
        c[typ] = c.get(typ, 0) + sign


def _doc_keys(stems: Sequence[str], tags: Sequence[str]) -> list[tuple[str, str]]:
    """``(stem, entity type or O)`` of the tokens that can be names (3+ letters)."""
    out = []
    for s, t in zip(stems, tags, strict=True):
        if len(s) >= MIN_DOC_STEM and s not in _DOC_STOP:
            out.append((s, t[2:] if len(t) > 2 else "O"))
    return out


MIN_DOC_STEM = 3
# Frequent function words never carry a name: skipping them saves time.
_DOC_STOP = frozenset(normalise(w) for w in """
في من الى على عن مع ان او ثم قد لا ما هذا هذه ذلك التي الذي الذين بعد قبل بين حتى كان كانت
""".split())


def doc_features(
    stems: Sequence[Sequence[str]], tags: Sequence[Sequence[str]], window: int | None
) -> list[list[list[str]]]:
    """Second-stage features of every token: what the first stage said of it and of its name elsewhere.

    ``stems`` and ``tags`` are the clitic-stripped tokens and first-stage tags of
    consecutive sentences of one document; the document is the ±``window``
    sentences around each sentence (``None``: all of them). A token gets its own
    first-stage tag and its neighbours', and, when the same stem occurs
    elsewhere in the document, the majority type the first stage gave those
    other occurrences and how often they were tagged at all (Krishnan & Manning 2006).
    """
    keys = [_doc_keys(s, t) for s, t in zip(stems, tags, strict=True)]
    n = len(stems)
    agg: dict[str, dict[str, int]] = {}
    if window is None:
        for k in keys:
            _doc_counts_add(agg, k, 1)
        lo_in, hi_in = 0, n
    else:
        lo_in, hi_in = 0, min(n, window + 1)
        for j in range(lo_in, hi_in):
            _doc_counts_add(agg, keys[j], 1)
    out: list[list[list[str]]] = []
    for i in range(n):
        if window is not None:
            lo, hi = max(0, i - window), min(n, i + window + 1)
            while hi_in < hi:
                _doc_counts_add(agg, keys[hi_in], 1)
                hi_in += 1
            while lo_in < lo:
                _doc_counts_add(agg, keys[lo_in], -1)
                lo_in += 1
        st, tg = stems[i], tags[i]
        m = len(st)
        rows: list[list[str]] = []
        for q in range(m):
            t = tg[q]
            f = ["s1=" + t]
            if q > 0:
                f.append("-1:s1=" + tg[q - 1])
            if q + 1 < m:
                f.append("1:s1=" + tg[q + 1])
            s = st[q]
            c = agg.get(s) if len(s) >= MIN_DOC_STEM else None
            if c is not None:
                own = t[2:] if len(t) > 2 else "O"
                best, best_n, ent, tot = "", 0, 0, 0
                for typ, v in c.items():
                    if typ == own:
                        v -= 1
                    if v <= 0:
                        continue
                    tot += v
                    if typ != "O":
                        ent += v
                        if v > best_n or (v == best_n and typ < best):
                            best, best_n = typ, v
                if tot:
                    if ent:
                        f.append("dT=" + best)
                        f.append("dR=" + ("all" if ent == tot else "most" if 2 * ent >= tot else "some"))
                        f.append(f"dT={best}|{own}")
                    else:
                        f.append("dR=none")
            rows.append(f)
        out.append(rows)
    return out


# -- a gazetteer snapshot shipped beside the model ----------------------------

# Actor kinds of the KB -> the coarse classes the gazetteer feature names.
_KB_CLASS = {"person": "PER", "state": "LOC", "armed_group": "ORG", "political_org": "ORG",
             "international_org": "ORG", "coalition": "ORG"}


def package_names() -> list[tuple[str, str]]:
    """``(arabic name, class)`` of the package's data: actor KB, given names, places.

    Classes: PER, LOC, ORG, OTH (other KB actors), GN (a common given name).
    """
    from rawabit.data import load_yaml
    from rawabit.kb.loader import load_files, packaged_files

    names: set[tuple[str, str]] = set()
    try:
        kb = load_files(packaged_files())
    except Exception as exc:  # noqa: BLE001 - the KB is optional for NER
        log.warning("NER gazetteer without the actor KB: cannot load it (%s)", exc)
    else:
        for a in kb.actors.values():
            cls = _KB_CLASS.get(a.kind, "OTH")
            for n in (a.name_ar, *a.aliases_ar):
                if n:
                    names.add((n, cls))
    given = load_yaml("given_names.yaml")
    for n in (*given.get("names", []), *given.get("waw_initial", [])):
        names.add((n, "GN"))
    for forms in load_yaml("places.yaml").get("places", {}).values():
        for n in forms:
            names.add((n, "LOC"))
    return sorted(names)


def save_gazetteer(names: Sequence[tuple[str, str]], path: str | Path) -> str:
    """Write a gazetteer snapshot (used at tagging time instead of the live KB); returns its id."""
    digest = hashlib.sha1("\n".join(f"{n}\t{k}" for n, k in names).encode()).hexdigest()[:12]
    gid = f"package-names:{len(names)}:{digest}"
    data = {"id": gid, "names": [list(x) for x in names]}
    Path(path).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return gid


def load_gazetteer(path: str | Path) -> tuple[dict[str, list[tuple[tuple[str, ...], str]]], str]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return gazetteer_from_names((n, k) for n, k in data["names"]), data["id"]
