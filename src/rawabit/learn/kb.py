"""Actors of annotated articles that the knowledge base lacks, as actor-file entries.

:func:`train_actors` (and :func:`build`, which also reports what it left out) reads gold
files (SPEC.md §4) with their articles and returns YAML-ready entries
(``data/actors/README.md``):

- a gold actor whose English name (any ``|`` alternative, compared as
  :func:`rawabit.gold.norm_name` does, also against ``aliases_en``) is in the knowledge base
  gets only the Arabic forms the knowledge base does not find yet, as ``aliases_ar`` (or
  ``short_ar``) of its id; so does one whose full Arabic name the knowledge base gives one
  actor of its sort (``Jim Mattis`` = ``james-mattis``), with its English names as
  ``aliases_en``;
- any other gold actor is a new entry: a slug ``id``, ``name_en`` the first ``|``
  alternative (the English Wikipedia title; spellings that one Arabic name joins are one
  actor), ``name_ar`` its most used name, ``kind`` from :func:`infer_kind`, for a person the
  known state or group the gold ties him to (``parent``, ``official``/``member``), and
  ``sources: [train-gold]``.

A form must be a name. In order, a form is left out or demoted to ``short_ar`` (matched
only after a full name in the same article) when it is:

1. generic (``الحركة``, ``القوات المشتركة``: only descriptor, organ, title, trigger or
   :data:`GENERIC` words), a state's adjective (``إيرانياً``: the matcher derives those from
   ``nisba``), a title or a role (``ولي العهد``, ``المتحدث باسم …``), a given name alone
   (``محمد``); a person's one name (``خاشقجي``, ``بن دغر``) is a short form;
2. found already (nothing to add), another actor's form (a conflict), or a description
   around another actor the article names (``التحالف بقيادة السعودية``, ``حكومة هادي``);
3. given by the gold to two actors;
4. a two-word reduction of an organisation's longer name (``مجلس الشورى``): short;
5. two letters spelled out (``آر تي``): short;
6. a common word or phrase by the unlabelled corpus: a person's one name that seldom follows
   a given name, title or state adjective there (``خلف``, behind); an organisation's one
   word that is frequent, of four letters or fewer, or an adjective (short where it has a
   full name); another actor's name with only frequent words (``اليمن اليوم``);
7. a full form that fires in training articles mostly where the gold does not list its
   actor (``وكالة فرانس برس``, cited but no actor of the story).

Nothing is keyed to an article: the same rules run over whatever gold files are given,
so an out-of-fold build (``bench/kb_enrichment_cv.py``) uses only the training folds.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rawabit.data import load_yaml
from rawabit.extraction.mentions import ActorMatcher, MentionsStage
from rawabit.gold import GoldActors, gold_article, norm_name, read_gold
from rawabit.kb.loader import ActorEntry, KnowledgeBase
from rawabit.kb.validate import slugify
from rawabit.learn.corpora import corpus_records
from rawabit.model import Article, RawArticle
from rawabit.text.names import given_names
from rawabit.text.normalise import normalise, normalise_text
from rawabit.text.segment import SegmentStage, split_clitics

SOURCE = "train-gold"

# Words before a person's name that are not part of it (besides the titles of organs.yaml).
HONORIFICS = (
    "الشيخ", "الشيخة", "السيد", "السيدة", "الدكتور", "الدكتورة", "د", "د.", "القس", "الأب", "البابا", "الملا",
    "الإمام", "الحاج", "الأستاذ", "المهندس", "المحامي", "الفريق", "الفريق أول", "العميد", "العماد", "المشير",
    "الركن", "ركن", "النائب", "القاضي", "الأميرة", "الملكة", "السلطان", "الرئيسة", "الوزيرة", "الكاتب",
    "الصحفي", "الصحافي", "الناشط", "الناشطة", "المعارض", "الداعية", "الرقيب", "النقيب", "الرائد", "المقدم",
    "الجنرال", "الأدميرال", "الأميرال", "المستشارة",
    "خادم الحرمين الشريفين",  # the Saudi king's title, whoever reigns
)
# Particles inside Arabic names: بن/ابن/بنت (son/daughter of), أبو/أم (kunya), آل (house of).
NAME_PARTICLES = ("بن", "ابن", "بنت", "أبو", "ابو", "أم", "آل", "عبد")
# Generic nouns and adjectives that never name an actor alone (besides the knowledge base's
# descriptors and organ words): a form made only of these is a description.
GENERIC = (
    "المعارضة", "معارضة", "الشرعية", "المقاومة", "الوطن", "الاتحاد", "المجلس", "مجلس", "الحزب", "الجماعة",
    "الحركة", "التنظيم", "المنظمة", "منظمة", "الهيئة", "اللجنة", "المفوضية", "الوكالة", "وكالة", "المؤسسة",
    "الرابطة", "الجمعية", "النقابة", "المركز", "المرصد", "الجامعة", "الحلف", "الائتلاف", "الفصائل", "فصائل",
    "الميليشيات", "ميليشيات", "الميليشيا", "المليشيات", "المسلحين", "المسلحون", "مسلحين", "المتمردين",
    "المتمردون", "الانقلابيين", "الانقلابيون", "الثوار", "الانفصاليين", "الانفصاليون", "الإرهابيين", "الدول",
    "دول", "الدولة", "دولة", "القوى", "قوى", "الأطراف", "الطرف", "الجانب", "الشعب", "الأمة", "المملكة",
    "الجمهورية", "الإمارة", "الولاية", "الإقليم", "المنطقة", "البلاد", "العاصمة", "القيادة", "الرئاسة", "الإدارة",
    "المحكمة", "البنك", "الشركة", "الصحيفة", "القناة", "الوطني", "الوطنية", "الشعبي", "الشعبية", "المشتركة",
    "المشترك", "الحكومية", "الحكومي", "المسلحة", "المسلح", "العسكري", "العسكرية", "السياسي", "السياسية",
    "الدولي", "الدولية", "العليا", "الأعلى", "العام", "العامة", "الكبرى", "الكبير", "المركزية", "المركزي",
    "الرئاسي", "الخاصة", "الخارجية", "الداخلية", "الإسلامي", "الإسلامية", "العربي", "العربية", "الموالية",
    "الموالي", "الحاكم", "الحاكمة", "المعتدلة", "الإرهابية", "الإرهابي", "الخليجي", "الخليجية", "الست", "السبع",
    "الخمس", "الثلاث", "الأربع", "الكبار", "الغربية", "الغربي", "الأجنبية", "الانتقالي", "الانتقالية",
)
# First words of an organisation's Arabic name that tell its kind (written with or without ال).
KIND_HEADS: dict[str, tuple[str, ...]] = {
    "armed_group": (
        "جيش", "ميليشيا", "مليشيا", "ميليشيات", "مليشيات", "ميلشيا", "لواء", "ألوية", "كتيبة", "كتائب", "فيلق",
        "سرايا", "عصائب", "فصيل", "فصائل", "قوات", "قوة", "حرس", "جبهة", "تنظيم",
    ),
    "political_org": ("حزب", "تيار", "حركة", "تكتل", "كتلة", "قائمة", "جماعة", "المؤتمر"),
    "coalition": ("تحالف", "ائتلاف", "الرباعية"),
    "other": (
        "وكالة", "صحيفة", "جريدة", "قناة", "تلفزيون", "شبكة", "إذاعة", "موقع", "مجلة", "محطة", "شركة", "شركات",
        "بنك", "مصرف", "وزارة", "مجلس", "هيئة", "لجنة", "مفوضية", "إدارة", "قيادة", "محكمة", "برلمان", "مكتب",
        "جهاز", "مديرية", "مؤسسة", "مركز", "منظمة", "رابطة", "جمعية", "اتحاد", "نقابة", "مرصد", "معهد", "نادي",
        "بعثة", "شرطة", "سلطة", "الهلال", "الصليب", "مجموعة", "الادعاء", "النيابة", "جامعة", "غرفة", "سلاح",
        "فرقة", "منتدى", "مبادرة",
    ),
    # a state only where the English name says so too (الجمهورية إلى الأمام is a party)
    "state": ("مملكة", "جمهورية", "سلطنة", "دولة"),
}
# English words that tell an organisation's kind, tried in this order (the name is an English
# Wikipedia title: its head word is informative).
EN_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((k, re.compile(p, re.I)) for k, p in (
    ("international_org", r"\b(united nations|unesco|unicef|unrwa|european (union|parliament|commission|council|court)|"
                          r"council of europe|african union|arab league|opec|nato|osce|"
                          r"organi[sz]ation (for|of) (security|islamic|the))\b"),
    ("other", r"\b(news|tv|television|radio|times|post|press|journal|magazine|channel|media|newspaper|agence|agency|"
              r"inc|company|companies|corporation|bank|airlines?|club|university|hospital|ministry|police|navy|"
              r"air force|marines?|division|council|committee|commission|court|parliament|assembly|congress|"
              r"senate|duma|bureau|office|centre|center|institute|foundation|association|society|syndicate|authority)\b"),
    ("political_org", r"\b(party|movement|rally|opposition|bloc)\b"),
    ("armed_group", r"\b(brigades?|battalions?|army|militia|legion|corps|forces|front|resistance|jaish|jaysh|"
                    r"lashkar|liwa|kata'?ib|saraya|ajnad|faylaq|ansar|jund|tehrik)\b"),
    ("coalition", r"\b(coalition|alliance|quartet|p5\+1|g\d+)\b"),
    ("state", r"^(kingdom|republic|sultanate|empire|state) of\b|\b(caliphate|empire)\b"),
))
# English words of organisations: a name with none of them, of 2-7 capitalised words, is a person's.
_EN_ORG = re.compile(
    r"\b(union|league|group|organi[sz]ation|network|authority|administration|service|command|government|"
    r"state|republic|kingdom|emirate|watch|international|fund|program|programme|mission|observatory|"
    r"initiative|directorate|tribe|clan|family|revolutionaries|rebels|separatists|school|nations|house|"
    r"guard|in|of|for|and|the)\b",
)
_ARABIC = re.compile(r"[\u0621-\u064a]")
_QUOTES = re.compile(r"[\"«»“”„‟'`]")
_PAREN = re.compile(r"\(([^)]*)\)")
_EDGE = re.compile(r"^[\s.,:;!?\-–—ـ/]+|[\s.,:;!?\-–—ـ/]+$")
# A name fires in the training articles mostly where the gold lists its actor: at least this share.
MIN_PRECISION = 0.5
# A one-word form (or a name of given names only) is common when the unlabelled corpus has it at
# least this many times (31,013 articles) ...
COMMON_MIN = 30
# ... and a person's one-word form is a common word when fewer than this share of its corpus
# occurrences follow a given name, a title, a state adjective or a word of the person's full name.
NAMED_SHARE = 0.2
# A form made of another actor's name and words the corpus has at least this often each
# (``اليمن اليوم``: Yemen + today) is a phrase of the text, not a name.
COMMON_PHRASE_WORD = 1000


@dataclass(frozen=True)
class GoldDoc:
    """One annotated article: its name, its gold annotation and its text (and the article as read)."""

    name: str
    gold: dict[str, Any]
    text: str
    article: RawArticle | None = field(default=None, compare=False)


def read_docs(gold_files: Iterable[Path]) -> list[GoldDoc]:
    """The annotated articles of some gold files (the article is the file the gold names,
    beside it); gold files without a readable article are skipped."""
    out = []
    for g in sorted(Path(p) for p in gold_files):
        gold = read_gold(g)
        stem = g.name[: -len(".gold.json")]
        cands = [g.parent / gold["document"]] if gold.get("document") else []
        cands += [g.parent / f"{stem}{s}" for s in (".jsonl", ".txt", ".html", ".htm")]
        path = next((c for c in cands if c.exists()), None)
        raw = gold_article(path) if path is not None else None
        if raw is not None:
            out.append(GoldDoc(stem, gold, raw.text, raw))
    return out


def corpus_texts(path: Path) -> Iterator[str]:
    """The article texts of a JSONL corpus, gzipped or not (``saudinewsnet-2015.jsonl.gz``)."""
    for rec in corpus_records(path):
        yield rec.get("text") or ""


@dataclass(frozen=True)
class Dropped:
    """A form left out, and why (``conflict`` names the actor that has it)."""

    actor: str
    form: str
    reason: str
    other: str | None = None
    detail: str = ""


@dataclass
class Report:
    """What a build did: counts, and every form it left out with the reason."""

    new_actors: int = 0
    extended_actors: int = 0
    new_forms: int = 0
    added_forms: int = 0
    short_forms: int = 0
    skipped_actors: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    linked: list[tuple[str, str]] = field(default_factory=list)  # (gold name, kb id): one actor, two spellings
    dropped: list[Dropped] = field(default_factory=list)

    def reasons(self) -> Counter[str]:
        """How many forms each reason left out."""
        return Counter(d.reason for d in self.dropped)


@dataclass
class Build:
    """The entries of a build and its report."""

    entries: list[dict[str, Any]]
    report: Report


def train_actors(gold_files: Sequence[Path], kb: KnowledgeBase, corpus: Iterable[str] = ()) -> list[dict[str, Any]]:
    """YAML-ready actor entries for the actors of ``gold_files`` that ``kb`` lacks or knows by
    fewer forms; ``corpus`` (unlabelled article texts) tells common words from names."""
    return build(read_docs(gold_files), kb, corpus).entries


OUT_NAME = "60-train-gold.yaml"
HEADER = (
    "# Actors of the annotated training set (../shared/data/train: real news articles with gold files,\n"
    "# annotations CC BY 4.0) that the other actor files lack, and the Arabic forms its articles give\n"
    "# actors they know. Generated by `rawabit train --step kb` (rawabit.learn.kb), do not edit by\n"
    "# hand: fix a wrong entry in the hand-made files or in the builder's rules.\n# version: 1\n"
)


def base_kb() -> KnowledgeBase:
    """The packaged knowledge base without the file this module writes."""
    from rawabit.kb import load

    return load(exclude=[OUT_NAME])


def write_actor_file(result: Build, out: Path) -> None:
    """The entries of a build as an actor file (written whole, or not at all)."""
    import yaml

    text = yaml.safe_dump(result.entries, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10000)
    tmp = out.with_suffix(".yaml.tmp")
    tmp.write_text(HEADER + text, encoding="utf-8")
    tmp.replace(out)


def summary(docs: int, r: Report) -> str:
    """One line on what a build did."""
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(r.reasons().items(), key=lambda x: -x[1]))
    return (f"{docs} articles; {r.new_actors} new actors ({r.new_forms} names), {r.added_forms} names added to "
            f"{r.extended_actors} known actors, {r.short_forms} short forms; {len(r.linked)} gold names linked to "
            f"known actors, {len(r.skipped_actors)} actors skipped; forms left out: {reasons}")


# --------------------------------------------------------------------------- word lists


@cache
def _titles() -> tuple[tuple[str, ...], ...]:
    """Title phrases (normalised words) that may open a person's form, longest first."""
    titles = {tuple(normalise(t).split()) for t in load_yaml("organs.yaml")["titles"]}
    titles |= {tuple(normalise(t).split()) for t in HONORIFICS}
    return tuple(sorted(titles, key=lambda t: (-len(t), t)))


@cache
def _role_words() -> frozenset[str]:
    """Words that make a form a description of an office, not a name."""
    words = {normalise(t) for t in load_yaml("organs.yaml")["titles"] if " " not in t}
    words |= {w[2:] for w in words if w.startswith("ال")}
    return frozenset(words | {"باسم", "مؤسس", "متحدث", "المتحدث", "الناطق", "ناطق"})


def _bare(word: str) -> str:
    """A normalised word without its article (``الحكومه`` -> ``حكومه``)."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def generic_words(kb: KnowledgeBase) -> frozenset[str]:
    """Bare normalised words that describe rather than name: the knowledge base's descriptors,
    the organ and title words of ``organs.yaml``, the trigger words, :data:`GENERIC`."""
    words = {normalise(w) for w in GENERIC}
    for e in kb.actors.values():
        words.update(normalise(d) for d in e.descriptors)
    organs = load_yaml("organs.yaml")
    for key in ("organs", "titles", "topic_nouns"):
        for phrase in organs.get(key, ()):
            words.update(normalise(phrase).split())
    for trig in load_yaml("triggers.yaml").get("triggers", ()):
        for f in trig.get("forms", ()):
            if isinstance(f, str) and " " not in f and not f.endswith("*"):
                words.add(normalise(f))
    return frozenset(_bare(w) for w in words)


# --------------------------------------------------------------------------- forms


def clean_forms(form: str) -> list[str]:
    """The forms a gold form stands for, as a text would write them: ``#`` and quotes
    dropped, ``_`` read as a space, a parenthesised part its own form
    (``حركة المقاومة الإسلامية (حماس)`` -> ``حركة المقاومة الإسلامية``, ``حماس``)."""
    s = form.replace("#", " ").replace("_", " ").replace("\xa0", " ")
    s = _QUOTES.sub("", s)
    parts = [_PAREN.sub(" ", s), *_PAREN.findall(s)]
    out = []
    for p in parts:
        p = _EDGE.sub("", " ".join(p.replace("(", " ").replace(")", " ").split()))
        if p and _ARABIC.search(p) and p not in out:
            out.append(p)
    return out


def _strip_titles(words: list[str]) -> list[str]:
    """A person's form without the titles before the name (``الأمير خالد الفيصل`` -> ``خالد الفيصل``)."""
    changed = True
    while changed and words:
        changed = False
        for t in _titles():
            if tuple(words[: len(t)]) == t:
                words = words[len(t):]
                changed = True
                break
    return words


def _name_units(words: list[str]) -> list[str]:
    """Words of a name joined into units: a particle with its noun (``بن سلمان``, ``عبد الله``),
    a noun with ``الدين``/``الله`` (``بدر الدين``, ``هيبة الله``: one name, not two)."""
    particles = {normalise(p) for p in NAME_PARTICLES}
    units: list[str] = []
    i = 0
    while i < len(words):
        if words[i] in particles and i + 1 < len(words):
            units.append(words[i] + " " + words[i + 1])
            i += 2
        elif units and words[i] in ("الدين", "الله") and " " not in units[-1]:
            units[-1] += " " + words[i]
            i += 1
        else:
            units.append(words[i])
            i += 1
    return units


def _is_given(unit: str) -> bool:
    given = given_names()
    return unit in given or unit.replace(" ", "") in given


# --------------------------------------------------------------------------- gathering


@dataclass
class _Actor:
    """A gold actor gathered over the documents."""

    key: str
    kb_id: str | None
    names: Counter[str] = field(default_factory=Counter)  # first alternatives
    alts: set[str] = field(default_factory=set)
    forms: Counter[str] = field(default_factory=Counter)  # cleaned form -> documents
    form_docs: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    docs: set[str] = field(default_factory=set)
    affiliate_to: Counter[str] = field(default_factory=Counter)  # kb ids it is affiliated to (gold relations)
    has_members: int = 0  # gold affiliate relations to it: a body or group, not a person
    kind: str = "other"
    linked_names: set[str] = field(default_factory=set)  # English names of a gold actor linked to this kb id


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


_QUALIFIER = re.compile(r"\(([^)]*)\)\s*$")


def _qualifier(name: str) -> str | None:
    m = _QUALIFIER.search(name)
    return m.group(1).strip().casefold() if m else None


def _english_index(kb: KnowledgeBase) -> dict[str, list[tuple[str | None, str]]]:
    """:func:`norm_name` of every English name and alias -> ``(qualifier, actor id)``."""
    out: dict[str, list[tuple[str | None, str]]] = defaultdict(list)
    for aid, e in kb.actors.items():
        for n in (e.name_en, *e.aliases_en):
            out[norm_name(n)].append((_qualifier(n), aid))
    return out


def known_id(name: str, index: dict[str, list[tuple[str | None, str]]], places: frozenset[str] = frozenset()) -> str | None:
    """The actor an English name is, compared as :func:`norm_name` does, except that qualifiers
    naming two different places differ (``House of Representatives (Egypt)`` is not ``… (Libya)``)."""
    q = _qualifier(name)
    for qk, aid in index.get(norm_name(name), ()):
        if q is None or qk is None or q == qk or not (q in places and qk in places):
            return aid
    return None


def _gather(docs: Sequence[GoldDoc], kb: KnowledgeBase) -> dict[str, _Actor]:
    """The gold actors of the documents with their forms and affiliations: a known one under
    ``kb:<id>``, a new one under ``new:<name>`` (the ``|`` alternatives of an entry join names)."""
    by_en = _english_index(kb)
    places = frozenset({e.name_en.casefold() for e in kb.actors.values() if e.kind == "state"} | {"uk", "us", "usa"})
    uf = _Union()
    known: dict[str, str] = {}  # gold entry -> kb id

    def kb_id(entry: str) -> str | None:
        for alt in entry.split("|"):
            aid = known_id(alt.strip(), by_en, places)
            if aid:
                return aid
        return None

    for d in docs:
        for entry in d.gold.get("actors", []):
            aid = kb_id(entry)
            if aid:
                known[entry] = aid
                continue
            alts = [norm_name(x) for x in entry.split("|") if norm_name(x)]
            for alt in alts[1:]:
                uf.union(alts[0], alt)
    actors: dict[str, _Actor] = {}

    def actor_of(entry: str) -> _Actor | None:
        aid = known.get(entry)
        if aid is None:
            first = norm_name(entry.split("|")[0])
            if not first:
                return None
            key = "new:" + uf.find(first)
        else:
            key = "kb:" + aid
        if key not in actors:
            actors[key] = _Actor(key, aid)
        return actors[key]

    for d in docs:
        arabic = d.gold.get("arabic", {}) or {}
        entry_actor: dict[str, _Actor] = {}
        for entry in d.gold.get("actors", []):
            a = actor_of(entry)
            if a is None:
                continue
            entry_actor[entry] = a
            a.docs.add(d.name)
            a.names[entry.split("|")[0].strip()] += 1
            a.alts.update(x.strip() for x in entry.split("|") if x.strip())
            seen: set[str] = set()
            for f in arabic.get(entry, []):
                for c in clean_forms(f):
                    if c not in seen:
                        seen.add(c)
                        a.forms[c] += 1
                        a.form_docs[c].add(d.name)
        ga = GoldActors(d.gold)
        for r in d.gold.get("relations", []):
            if r.get("type") != "affiliate":
                continue
            s_entry, t_entry = ga.entry_of_name(r.get("source", "")), ga.entry_of_name(r.get("target", ""))
            src = entry_actor.get(s_entry) if s_entry else None
            tgt = entry_actor.get(t_entry) if t_entry else None
            if src is None or tgt is None or src is tgt:
                continue
            tgt.has_members += 1
            if tgt.kb_id:
                src.affiliate_to[tgt.kb_id] += 1
    return actors


# --------------------------------------------------------------------------- kind


@cache
def _heads() -> dict[str, str]:
    out: dict[str, str] = {}
    for kind, heads in KIND_HEADS.items():
        for h in heads:
            out.setdefault(_bare(normalise(h)), kind)
    return out


def person_shaped(name: str) -> bool:
    """``Heather Nauert``, ``Khalid bin Ahmed Al Khalifa``: 2-7 capitalised words (name particles
    aside) and no word of an organisation's name."""
    words = [w.lstrip("'‘’`") for w in re.sub(r"\s*\([^)]*\)\s*$", "", name).replace(",", " ").split()]
    words = [w for w in words if w]
    if not 2 <= len(words) <= 7 or re.search(r"\d", name) or any(k != "state" and rx.search(name) for k, rx in EN_KINDS):
        return False
    if _EN_ORG.search(name.lower().replace("-", " ")):
        return False
    small = {"al", "bin", "ibn", "bint", "de", "da", "del", "dos", "van", "von", "der", "den", "le", "la", "el",
             "abu", "abd", "ben", "ould", "ag", "y", "di", "du", "mac", "d", "us", "ul", "ad", "ud"}
    return all(w[0].isupper() or re.split(r"[-']", w)[0].lower() in small for w in words)


def _person_evidence(words: list[str], en_person: bool) -> bool:
    """A title before a name (``الأمير``, ``اللواء`` + a name), a given name first, a kunya or ``بن``."""
    rest = _strip_titles(words)
    if 0 < len(rest) < len(words):
        head = _heads().get(_bare(words[0]))
        return head is None or en_person or _is_given(rest[0])  # ``اللواء الخامس عشر`` is a brigade
    units = _name_units(words)
    first = units[0].split()[0] if units else ""
    return len(units) >= 2 and (_is_given(units[0]) or _is_given(first) or first in ("ابو", "ام") or "بن" in words)


def english_kind(name: str) -> str | None:
    """The kind an English title's head word tells: the last kind word before ``of``/``for``/…
    (``Movement for a Democratic Society`` is a movement, ``Saba News Agency`` an agency)."""
    head = re.split(r"\s(?:of|for|in|towards|to|against|on)\s", re.sub(r"\s*\([^)]*\)\s*$", "", name), maxsplit=1)[0]
    best: tuple[int, str] | None = None
    for kind, rx in EN_KINDS:
        for m in rx.finditer(head):
            if best is None or m.end() > best[0]:
                best = (m.end(), kind)
    return best[1] if best else None


def infer_kind(names: Iterable[str], forms: Iterable[str], *, is_parent: bool = False,
               state_names: Iterable[str] = ()) -> str:
    """The kind of an actor from its English names (the title first), its Arabic forms and its
    gold relations.

    A person: an English title person-shaped and an Arabic form that looks like a person's
    (a title before a name, a given name first, a kunya, ``بن``) or no organisation noun
    first; never an actor that others are affiliated to. Otherwise the English head word
    (``Party``, ``Brigade``, ``News Agency``), then the first Arabic noun (``حزب``, ``لواء``,
    ``وكالة``); a state's military (``United States Forces Korea``) is ``other``, as are
    media, companies and bodies.
    """
    names, forms = list(names), list(forms)
    words_of = [normalise(f).split() for f in forms if f.strip()]
    en_person = bool(names) and person_shaped(names[0])
    votes: Counter[str] = Counter()
    evidence = 0
    for words in words_of:
        if _person_evidence(words, en_person):
            evidence += 1
        elif _heads().get(_bare(words[0])):
            votes[_heads()[_bare(words[0])]] += 1
    if any("الامم المتحده" in " ".join(w) for w in words_of):
        return "international_org"
    if not is_parent and en_person and (evidence or not votes):
        return "person"
    state_prefix = any(n.startswith(s + " ") for n in names for s in state_names)
    kind = english_kind(names[0] if names else "")
    if kind:
        return "other" if kind == "armed_group" and state_prefix else kind
    votes.pop("state", None)
    if votes:
        return max(sorted(votes), key=lambda k: votes[k])
    if evidence and not is_parent:
        return "person"
    return "other"


# --------------------------------------------------------------------------- build

_ADJECTIVE_END = re.compile(r"..(?:ي|يه|يين|يون)$")
_ADJECTIVE_WORD = re.compile(r"^...+(?:ي|يه|يين|يون)$")
# Words of a description, not of a name (``التحالف الذي تقوده السعودية``, ``حزب اليسار الكردي في سوريا``).
_FUNCTION_WORDS = frozenset(normalise(w) for w in (
    "في", "من", "على", "إلى", "عن", "مع", "ضد", "الذي", "التي", "الذين", "بها", "له", "لها", "و", "أو", "بين",
    "لدى", "ذات", "غير", "بقيادة", "تقوده", "يقوده", "تقودها", "يقودها", "التابعة", "التابع", "حول", "الموالية",
    "الموالي", "المدعومة", "المدعوم",
))


@dataclass
class _Cand:
    """One form of one actor on its way into the file."""

    actor: _Actor
    form: str  # as written (a person's without the title)
    norm: str
    slot: str  # "alias" | "short"
    count: int  # articles whose gold gives it
    gold_form: str  # the cleaned gold form it came from
    around: list[str] | None = None  # the words besides another actor's name inside it (``اليمن اليوم``)


def state_adjectives(kb: KnowledgeBase) -> re.Pattern[str]:
    """One word that inflects a state's adjective (``أفغانياً``, ``الأمريكان``, ``فرنسيون``) or is
    one of its irregular plurals: the matcher derives these from ``nisba``, never from an alias."""
    stems: set[str] = set()
    plurals: set[str] = set()
    for e in kb.actors.values():
        if e.kind != "state":
            continue
        for base in e.nisba:
            b = normalise(base)
            if b.endswith("ي") and len(b) > 3:
                stems.add(re.escape(b[:-1]))
        plurals.update(re.escape(normalise(x)) for x in e.nisba_plural)
    alt = "|".join(sorted(stems, key=len, reverse=True))
    pl = "|".join(sorted(plurals, key=len, reverse=True)) or "(?!)"
    return re.compile(f"^(ال)?(?:(?:{alt})(?:ي|يه|يا|يين|يون|يان|يو|يتين|ان)|{pl})$")


def _shape(a: _Actor, form: str, generic: frozenset[str], adjective: re.Pattern[str]) -> tuple[str | None, str, str]:
    """``(slot, form, reason)``: where a cleaned gold form goes (``alias``, ``short``, or None and why)."""
    written = form.split()
    words = [normalise(w) for w in written]
    content = [w for w in words if w not in _FUNCTION_WORDS]
    if not content or all(_is_generic(w, generic) for w in content):
        return None, form, "generic"
    if len(words) == 1 and (adjective.match(words[0]) or a.kind == "state" and _ADJECTIVE_END.search(words[0])):
        return None, form, "state adjective"  # (``الفارسي`` for Iran too: a state's adjective is nisba)
    if a.kind != "person":
        return "alias", form, ""
    rest = _strip_titles(words)
    written, words = written[len(words) - len(rest):], rest
    if not words:
        return None, form, "title"
    roles = _role_words()
    if any(w in roles or _bare(w) in roles for w in words):
        return None, form, "role"
    units = _name_units(words)
    form = " ".join(written)
    if len(units) == 1:
        u = units[0]
        if _is_given(u) or _is_given(_bare(u)):
            return None, form, "given name"
        if _bare(u) in generic:
            return None, form, "generic"
        return "short", form, ""
    if len(units) == 2 and all(_is_given(u) or _is_given(u.split()[-1]) for u in units):
        return "given-only", form, ""  # ``محمد علي``: decided by how common it is
    return "alias", form, ""


def _stage_mentions(kb: KnowledgeBase, texts: Sequence[str]) -> list[list[tuple[int, int, str, str]]]:
    """``(start, end, actor id, rule)`` of the mentions the knowledge base finds in each text
    (gazetteer and rules only, no tagger)."""
    seg, men = SegmentStage(), MentionsStage(kb, ner=False)
    out = []
    for t in texts:
        art = men(seg(Article(text=t)))
        out.append([(m.start, m.end, m.actor_id, m.rule) for m in art.mentions])
    return out


def _owners(kb: KnowledgeBase) -> dict[str, set[str]]:
    """Normalised form -> the actors that have it (names, aliases, short forms, metonyms, nisba bases)."""
    out: dict[str, set[str]] = defaultdict(set)
    for aid, e in kb.actors.items():
        for f in (e.name_ar, *e.aliases_ar, *e.short_ar, *e.metonyms, *e.nisba, *e.nisba_plural):
            if f:
                out[normalise(f)].add(aid)
    return out


@dataclass
class _Usage:
    """How an unlabelled corpus uses some forms."""

    total: Counter[str] = field(default_factory=Counter)
    named: Counter[str] = field(default_factory=Counter)  # right after a given name, title or name word


def _corpus_usage(texts: Iterable[str], forms: Iterable[str], name_words: dict[str, set[str]],
                  kb: KnowledgeBase) -> _Usage:
    """Occurrences of each normalised form in ``texts`` (whole words, proclitics allowed), and how
    many follow a word that opens or qualifies a name: a given name, a title, a state adjective
    (``المستشارة الألمانية ميركل``), or one of the words of the form's own actor's full names."""
    usage = _Usage()
    forms = sorted(set(forms))
    if not forms:
        return usage
    pseudo = {f"f{i}": ActorEntry(id=f"f{i}", name_en=f, name_ar=f, kind="other") for i, f in enumerate(forms)}
    matcher = ActorMatcher(KnowledgeBase(pseudo, ()))
    before = set(given_names()) | {w for t in _titles() for w in t if len(t) == 1}
    before |= {_bare(w) for w in before}
    for e in kb.actors.values():
        if e.kind == "state":
            for base in e.nisba:
                b = normalise(base)
                before.update((b, b + "ه", "ال" + b, "ال" + b + "ه"))
    for text in texts:
        nt = normalise_text(text)
        s = nt.norm
        for start, _, keys in matcher.raw_matches(nt):
            form = pseudo[keys[0].actor_id].name_en
            usage.total[form] += 1
            j = s.rfind(" ", 0, max(0, start - 1))
            prev = s[j + 1:start].strip()
            if prev in before or prev in name_words.get(form, ()):
                usage.named[form] += 1
    return usage


def _full_forms(a: _Actor) -> set[str]:
    """A person's gold forms of two name units or more, normalised, titles dropped."""
    out = set()
    for f in a.forms:
        words = _strip_titles([normalise(w) for w in f.split()])
        if len(_name_units(words)) >= 2:
            out.add(" ".join(words))
    return out


def _absorb(into: _Actor, a: _Actor) -> None:
    into.names.update(a.names)
    into.alts |= a.alts
    into.forms.update(a.forms)
    for f, ds in a.form_docs.items():
        into.form_docs[f] |= ds
    into.docs |= a.docs
    into.affiliate_to.update(a.affiliate_to)
    into.has_members += a.has_members


def _merge_new(actors: dict[str, _Actor]) -> dict[str, _Actor]:
    """New actors that two English spellings name but the Arabic joins are one: people that share
    a full name (``بهرام قاسمي`` for ``Bahram Ghasemi`` and ``Bahram Qasemi``) or a one-word name
    and their English surname (``Rob Manning``, ``Robert Manning``); organisations that share two
    forms or more (``سانا`` and ``وكالة الأنباء السورية الرسمية`` for ``SANA`` and ``Syrian Arab News Agency``)."""
    uf = _Union()
    first: dict[tuple[str, str], str] = {}
    keys = sorted(k for k, a in actors.items() if not a.kb_id)
    for key in keys:
        a = actors[key]
        if a.kind == "person":
            links = [("full", f) for f in _full_forms(a)]
            surnames = {n.split()[-1].lower() for n in a.alts if n.split()}
            links += [("one:" + s, normalise(f)) for f in a.forms if " " not in f.strip() for s in surnames]
        else:
            links = []
        for link in links:
            if link in first:
                uf.union(first[link], key)
            else:
                first[link] = key
    orgs = [k for k in keys if actors[k].kind != "person"]
    norm_forms = {k: {normalise(f) for f in actors[k].forms} for k in orgs}
    for i, k in enumerate(orgs):
        for k2 in orgs[i + 1:]:
            if len(norm_forms[k] & norm_forms[k2]) >= 2:
                uf.union(k, k2)
    out: dict[str, _Actor] = {}
    for key in sorted(actors):
        root = uf.find(key) if key in keys else key
        if root == key:
            out[key] = actors[key]
    for key in keys:
        root = uf.find(key)
        if root != key:
            _absorb(out[root], actors[key])
    return out


def _link_known(actors: dict[str, _Actor], kb: KnowledgeBase, report: Report) -> dict[str, _Actor]:
    """A new actor whose full Arabic name the knowledge base gives one actor of its sort (a person
    for a person) is that actor under another English spelling (``Jim Mattis`` = ``james-mattis``):
    its forms go to that id and its English names become ``aliases_en``. Organisations only link
    by a name of three words or more (``حزب العمال`` is not enough)."""
    owners: dict[str, set[str]] = defaultdict(set)  # full names: the knowledge base's and the gold's
    for aid, e in kb.actors.items():
        for f in (e.name_ar, *e.aliases_ar):
            owners[normalise(f)].add(aid)
    for a in actors.values():
        if a.kb_id and a.kind == "person":
            for f in _full_forms(a):
                owners[f].add(a.kb_id)
    out: dict[str, _Actor] = {}
    for key in sorted(actors):
        a = actors[key]
        if a.kb_id:
            out.setdefault(key, a)
            continue
        if a.kind == "person":
            forms = _full_forms(a)
        else:
            forms = {normalise(f) for f in a.forms if len(f.split()) >= 3}
        hits = {aid for f in forms for aid in owners.get(f, ())
                if (kb.actors[aid].kind == "person") == (a.kind == "person")}
        if len(hits) != 1:
            out.setdefault(key, a)
            continue
        aid = hits.pop()
        report.linked.append((_label(a), aid))
        target = out.setdefault("kb:" + aid, actors.get("kb:" + aid) or _Actor("kb:" + aid, aid))
        target.kind = kb.actors[aid].kind
        target.linked_names |= a.alts
        _absorb(target, a)
    return out


def _order(forms: Iterable[tuple[str, int]]) -> list[str]:
    """Forms by how many articles give them, then longest first."""
    return list(dict.fromkeys(f for f, _ in sorted(forms, key=lambda x: (-x[1], -len(x[0]), x[0]))))


def build(docs: Sequence[GoldDoc], kb: KnowledgeBase, corpus: Iterable[str] = ()) -> Build:
    """The entries for the gold actors of ``docs`` that ``kb`` lacks or knows by fewer forms."""
    report = Report()
    actors = _gather(docs, kb)
    states = sorted({e.name_en for e in kb.actors.values() if e.kind == "state"})

    def kinds() -> None:
        for a in actors.values():
            a.kind = kb.actors[a.kb_id].kind if a.kb_id else infer_kind(
                [_label(a), *sorted(a.alts - {_label(a)})], sorted(a.forms), is_parent=a.has_members > 0,
                state_names=states)

    kinds()
    actors = _merge_new(actors)
    kinds()
    owners = _owners(kb)
    actors = _link_known(actors, kb, report)
    generic = generic_words(kb)
    adjective = state_adjectives(kb)
    doc_ids: dict[str, set[str]] = defaultdict(set)  # document -> the kb ids its gold lists
    for a in actors.values():
        if a.kb_id:
            for d in a.docs:
                doc_ids[d].add(a.kb_id)

    def drop(c: _Cand | tuple[_Actor, str], reason: str, other: str | None = None, detail: str = "") -> None:
        a, form = (c.actor, c.form) if isinstance(c, _Cand) else c
        report.dropped.append(Dropped(_label(a), form, reason, other, detail))

    # 1. names only: no generic noun, title, role or given name alone
    cands: list[_Cand] = []
    for key in sorted(actors):
        a = actors[key]
        for form in sorted(a.forms):
            slot, written, why = _shape(a, form, generic, adjective)
            if slot is None:
                drop((a, form), why)
            else:
                cands.append(_Cand(a, written, normalise(written), slot, a.forms[form], form))
    # 2. against the knowledge base: known, another actor's, or hiding one the article names
    kept: list[_Cand] = []
    for c, ms in zip(cands, _stage_mentions(kb, [c.form for c in cands]), strict=True):
        a = c.actor
        if a.kb_id and (a.kb_id in owners.get(c.norm, ()) or any(aid == a.kb_id for _, _, aid, _ in ms)):
            continue  # the knowledge base finds it already
        other = sorted(owners.get(c.norm, set()) - {a.kb_id}) or sorted(
            {aid for s, e, aid, _ in ms if s == 0 and e == len(c.form) and aid != a.kb_id})
        if other:
            drop(c, "conflict", other[0])
            continue
        listed = set().union(*(doc_ids[d] for d in a.form_docs[c.gold_form]))
        hidden = sorted({aid for s, e, aid, rule in ms if rule in ("alias", "metonym", "short")
                         and aid != a.kb_id and aid in listed and _describes(c.form, s, e, generic)})
        if hidden and a.kind != "person":
            drop(c, "hides", hidden[0])
            continue
        inside = [(s, e) for s, e, aid, rule in ms if rule in ("alias", "metonym") and aid != a.kb_id
                  and (a.kind != "person" or kb.actors[aid].kind != "person")]  # a son's name has his father's
        if len(inside) == 1:
            s, e = inside[0]
            rest_words = [normalise(w) for w in (c.form[:s] + " " + c.form[e:]).split()]
            c.around = [w for w in rest_words if w not in _FUNCTION_WORDS and not _is_generic(w, generic)]
        kept.append(c)
    # 3. a form that two gold actors share names neither
    claim: dict[str, set[str]] = defaultdict(set)
    for c in kept:
        claim[c.norm].add(c.actor.key)
    rest = []
    for c in kept:
        if len(claim[c.norm]) > 1:
            drop(c, "ambiguous", _label(actors[sorted(claim[c.norm] - {c.actor.key})[0]]))
        else:
            rest.append(c)
    kept = rest
    # 4. a two-word reduction of an organisation's longer name is ambiguous alone (``مجلس الشورى``
    #    for ``مجلس شورى حزب الله``): only after the full name
    longer: dict[str, list[set[str]]] = defaultdict(list)
    for a in actors.values():
        for f in (*a.forms, *_kb_forms(kb, a.kb_id)):
            stems = _stems(f)
            if len(stems) >= 3:
                longer[a.key].append(stems)
    for c in kept:
        stems = _stems(c.form)
        if c.actor.kind != "person" and c.slot == "alias" and len(stems) == 2 and any(
                stems < s for s in longer[c.actor.key]):
            c.slot = "short"
    # 5. letters spelled out (``آر تي``): two such short words are no sure name
    for c in kept:
        words = c.norm.split()
        if c.actor.kind != "person" and c.slot == "alias" and len(words) == 2 and all(len(w) <= 2 for w in words):
            c.slot = "short"
    # 6. common words: a one-word form the corpus mostly uses outside a name
    single = {id(c) for c in kept if c.slot == "given-only" or len(_name_units(c.norm.split())) == 1}
    name_words: dict[str, set[str]] = defaultdict(set)
    has_full: set[str] = set()
    for c in kept:
        if c.actor.kb_id or (c.slot == "alias" and len(c.norm.split()) > 1):
            has_full.add(c.actor.key)  # a known actor has its names in the knowledge base
        if id(c) in single:
            own = [f for f in c.actor.forms] + list(_kb_forms(kb, c.actor.kb_id))
            name_words[c.norm] |= {w for f in own for w in normalise(f).split() if w != c.norm}
    around = [w for c in kept for w in c.around or ()]
    usage = _corpus_usage(corpus, [c.norm for c in kept if id(c) in single] + around, name_words, kb)
    rest = []
    for c in kept:
        if c.around and all(usage.total[w] >= COMMON_PHRASE_WORD for w in c.around):
            drop(c, "common phrase", detail="another actor's name and common words")
            continue
        if id(c) in single:
            n, named = usage.total[c.norm], usage.named[c.norm]
            common = n >= COMMON_MIN
            if c.slot == "given-only":
                # two given names (``محمد علي``): a name where several articles use it for the actor
                # (``رامي عبد الرحمن``) and the training texts do not mostly use it for others (step 7),
                # else only after a fuller name
                c.slot = "alias" if len(c.actor.form_docs[c.gold_form]) >= 2 else "short"
            elif c.actor.kind == "person":
                if common and named < NAMED_SHARE * n:
                    drop(c, "common word", detail=f"{named} of {n} corpus uses after a name")
                    continue
            elif common or len(c.norm) <= 4 or _ADJECTIVE_WORD.match(c.norm):
                # an organisation's one word that is common, short (``راند`` in ``براند``) or an
                # adjective (``القوميين``, ``أممية``, which the typo finder would also read in
                # ``الأمنية``): only after its full name
                if c.actor.key not in has_full:
                    drop(c, "common word", detail=f"{n} corpus uses, {len(c.norm)} letters, no full name")
                    continue
                c.slot = "short"
        rest.append(c)
    kept = rest
    # 7. training precision: where a full form fires, the gold should list its actor
    aliases = sorted({c.norm for c in kept if c.slot == "alias"})
    fired = _fired(docs, kb, aliases, {c.norm: c.actor.kind for c in kept})
    rest = []
    for c in kept:
        where = fired.get(c.norm, set()) if c.slot == "alias" else set()
        hit = len(where & c.actor.docs)
        if where and hit < MIN_PRECISION * len(where):
            drop(c, "fires elsewhere", detail=f"{hit} of {len(where)} training articles list it")
            continue
        rest.append(c)
    return Build(_entries(actors, rest, kb, report), report)


def _is_generic(word: str, generic: frozenset[str]) -> bool:
    """A normalised word that is generic with or without its article and proclitics (``للشرعية``)."""
    return word in generic or _bare(word) in generic or split_clitics(word)[1] in generic


def _stems(form: str) -> set[str]:
    """The content words of a form without proclitics and article (``للانتخابات`` -> ``انتخابات``)."""
    return {split_clitics(w)[1] for w in normalise(form).split() if w not in _FUNCTION_WORDS}


def _describes(form: str, start: int, end: int, generic: frozenset[str]) -> bool:
    """Whether the actor named at ``form[start:end]`` takes part in a description
    (``التحالف بقيادة السعودية``, ``ميليشيات إيران``, ``حكومة الرئيس هادي``) rather than being
    a word of a name (``حزب مصر القوية``, ``إخوة إيطاليا``)."""
    before = [normalise(w) for w in form[:start].split()]
    others = before + [normalise(w) for w in form[end:].split()]
    return any(w in _FUNCTION_WORDS for w in before) or all(_is_generic(w, generic) for w in others)


def _kb_forms(kb: KnowledgeBase, aid: str | None) -> tuple[str, ...]:
    e = kb.get(aid) if aid else None
    return (e.name_ar, *e.aliases_ar) if e is not None else ()


def _fired(docs: Sequence[GoldDoc], kb: KnowledgeBase, forms: Sequence[str], kinds: dict[str, str]) -> dict[str, set[str]]:
    """The documents where each form would be a mention: the knowledge base plus the forms,
    each as an actor of its own, run over the documents' texts."""
    if not forms:
        return {}
    pseudo = {f"train-form-{i}": ActorEntry(id=f"train-form-{i}", name_en=f, name_ar=f, kind=kinds.get(f, "other"))
              for i, f in enumerate(forms)}
    aug = KnowledgeBase({**kb.actors, **pseudo}, kb.files)
    out: dict[str, set[str]] = defaultdict(set)
    for d, ms in zip(docs, _stage_mentions(aug, [d.text for d in docs]), strict=True):
        for _, _, aid, _ in ms:
            if aid in pseudo:
                out[pseudo[aid].name_en].add(d.name)
    return out


def _label(a: _Actor) -> str:
    return a.kb_id or (max(sorted(a.names), key=lambda n: a.names[n]) if a.names else a.key)


def _entries(actors: dict[str, _Actor], cands: list[_Cand], kb: KnowledgeBase, report: Report) -> list[dict[str, Any]]:
    by_actor: dict[str, list[_Cand]] = defaultdict(list)
    for c in cands:
        by_actor[c.actor.key].append(c)
    known: list[dict[str, Any]] = []
    new: list[dict[str, Any]] = []
    taken = set(kb.actors)
    for key in sorted(actors):
        a = actors[key]
        cs = by_actor.get(key, [])
        aliases = _order((c.form, c.count) for c in cs if c.slot == "alias")
        shorts = [s for s in _order((c.form, c.count) for c in cs if c.slot == "short") if s not in aliases]
        if a.kb_id:
            e = kb.actors[a.kb_id]
            have = {norm_name(n) for n in (e.name_en, *e.aliases_en)}
            names_en = sorted(n for n in a.linked_names if norm_name(n) not in have)
            if not aliases and not shorts and not names_en:
                continue
            known.append(_with_lists({"id": a.kb_id}, aliases_ar=aliases, aliases_en=names_en, short_ar=shorts))
            report.extended_actors += 1
            report.added_forms += len(aliases)
            report.short_forms += len(shorts)
            continue
        name_en = _label(a)
        if not aliases:
            report.skipped_actors.append((name_en, "only short forms" if shorts else "no specific form"))
            continue
        aid = slugify(name_en) or "actor"
        base, i = aid, 2
        while aid in taken:
            aid, i = f"{base}-{i}", i + 1
        taken.add(aid)
        entry: dict[str, Any] = {"id": aid, "name_en": name_en, "name_ar": aliases[0], "kind": a.kind}
        if a.kind == "person" and a.affiliate_to:
            parent = max(sorted(a.affiliate_to), key=lambda p: a.affiliate_to[p])
            pe = kb.actors[parent]
            entry["parent"] = parent
            entry["parent_rel"] = "official" if pe.kind == "state" else "member"
            if pe.kind == "state" and pe.countries:
                entry["countries"] = [pe.countries[0]]
        others = sorted(n for n in a.alts if norm_name(n) != norm_name(name_en))
        new.append(_with_lists(entry, aliases_ar=aliases[1:], aliases_en=others, short_ar=shorts))
        report.new_actors += 1
        report.new_forms += len(aliases)
        report.short_forms += len(shorts)
    return known + sorted(new, key=lambda e: e["id"])


def _with_lists(entry: dict[str, Any], **lists: list[str]) -> dict[str, Any]:
    """``entry`` with its non-empty lists (in the order given) and the source."""
    entry.update({k: v for k, v in lists.items() if v})
    entry["sources"] = [SOURCE]
    return entry
