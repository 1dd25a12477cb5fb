"""CRF features of Arabic tokens.

Features are plain strings (binary features for crfsuite). A token's own
features and the short summaries its neighbours see depend only on its surface
form, so :class:`FeatureExtractor` computes them once per distinct token and
caches them; a sentence's feature lists are then assembled from the cache with
a ±2 window and two bigrams.

The lexicons below are part of the feature definition: the trained weights
are tied to them, so changing one means bumping :data:`FEATURES_VERSION` and
retraining. The optional resources (word clusters, gazetteer) are recorded in
the model's metadata.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from sys import intern

from rawabit.text.normalise import normalise
from rawabit.text.segment import split_clitics

FEATURES_VERSION = 3
log = logging.getLogger(__name__)

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
_OFFSETS = (-2, -1, 1, 2)
# Views of the positions just outside a sentence, per offset (see FeatureExtractor.sentence).
_NOTHING: tuple[list[str], ...] = ([], [], [], [])
_BOS: tuple[list[str], ...] = (["-2:BOS"], ["-1:BOS"], [], [])
_EOS: tuple[list[str], ...] = ([], [], ["1:EOS"], ["2:EOS"])


def shape(tok: str) -> str:
    """Coarse shape class of a surface token."""
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
class Resources:
    """Optional feature resources: word clusters and a gazetteer of name sequences."""

    clusters: Mapping[str, str] = field(default_factory=dict)  # stem -> "k64/k256/k1024/k2048" cluster ids
    gazetteer: Mapping[str, Sequence[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    gazetteer_id: str | None = None
    clusters_id: str | None = None

    def describe(self) -> dict[str, object]:
        return {
            "clusters": self.clusters_id,
            "cluster_words": len(self.clusters),
            "gazetteer": self.gazetteer_id,
            "gazetteer_names": sum(len(v) for v in self.gazetteer.values()),
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
    # longest first so a sentence takes the longest match
    return {k: sorted(v, key=lambda x: -len(x[0])) for k, v in index.items()}


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
    """Word clusters written by :func:`rawabit.ner.clusters.build_clusters`."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return data["clusters"], data.get("id", Path(path).name)


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
        self._cache: dict[str, tuple[list[str], tuple[list[str], ...], str, str]] = {}

    # -- one token ---------------------------------------------------------
    def token(self, tok: str) -> tuple[list[str], tuple[list[str], ...], str, str]:
        """``(own features, neighbour features per offset, norm, stem)`` of ``tok``."""
        hit = self._cache.get(tok)
        if hit is not None:
            return hit
        if len(self._cache) >= self.cache_size:
            # drop the older half (dicts keep insertion order): frequent words come back at once
            for k in list(islice(self._cache, len(self._cache) // 2)):
                del self._cache[k]
        hit = self._compute(tok)
        self._cache[tok] = hit
        return hit

    def _compute(self, tok: str) -> tuple[list[str], tuple[list[str], ...], str, str]:
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
        known = self.known
        if known is None:
            ctx = tuple([f"{o}:{x}" for x in base] for o in _OFFSETS)
        else:
            f = [x for x in f if x in known]
            ctx = tuple([y for x in base if (y := f"{o}:{x}") in known] for o in _OFFSETS)
        # shared strings: the cache holds thousands of words with the same prefixes and shapes
        return [intern(x) for x in f], tuple([intern(x) for x in c] for c in ctx), norm, stem

    # -- a sentence --------------------------------------------------------
    def sentence(self, tokens: Sequence[str]) -> list[list[str]]:
        """Feature lists of every token of one sentence."""
        info = [self.token(t) for t in tokens]
        n = len(info)
        gaz = self._gazetteer_tags([x[3] for x in info]) if self.res.gazetteer else None
        # what offsets -2, -1, +1, +2 see: neighbours' views, BOS/EOS just outside the sentence
        ctx = [_NOTHING, _BOS, *(x[1] for x in info), _EOS, _NOTHING]
        norms = [x[2] for x in info]
        stems = [x[3] for x in info]
        known = self.known
        out: list[list[str]] = []
        for i in range(n):
            feats = info[i][0] + ctx[i][0] + ctx[i + 1][1] + ctx[i + 3][2] + ctx[i + 4][3]
            extra = []
            if i > 0:
                extra.append(f"bg-={norms[i - 1]}|{norms[i]}")
                extra.append(f"sb-={stems[i - 1]}|{stems[i]}")
            if i + 1 < n:
                extra.append(f"bg+={norms[i]}|{norms[i + 1]}")
                extra.append(f"sb+={stems[i]}|{stems[i + 1]}")
            if gaz is not None and gaz[i]:
                extra.append(gaz[i])
                if i > 0 and gaz[i - 1]:
                    extra.append("-1:" + gaz[i - 1])
            if known is not None:
                extra = [x for x in extra if x in known]
            feats.extend(extra)
            out.append(feats)
        return out

    def _gazetteer_tags(self, stems: list[str]) -> list[str]:
        tags = [""] * len(stems)
        i = 0
        n = len(stems)
        while i < n:
            cands = self.res.gazetteer.get(stems[i])
            step = 1
            if cands:
                for seq, kind in cands:
                    m = len(seq)
                    if tuple(stems[i:i + m]) == seq:
                        tags[i] = "gzB=" + kind
                        for k in range(i + 1, i + m):
                            tags[k] = "gzI=" + kind
                        step = m
                        break
            i += step
        return tags
