"""Silver NER data: the gold ``arabic`` forms of annotated articles projected onto their text.

A gold file lists, for every actor, the forms the article writes it in
(SPEC.md §4). Each form becomes a name of one ANERcorp type and is matched on
the tokens the tagger sees at extraction time (:func:`rawabit.text.segment.tokenize`,
sentence by sentence, each token a whole surface word with its proclitics), so
the silver sentences read exactly like the sentences the tagger will tag:

- **Type** (:func:`entity_type`): the kind the hand-made knowledge base gives
  the actor by English name or Arabic form (person -> ``PERS``, state -> ``LOC``,
  groups, parties, organisations, coalitions -> ``ORG``; the actor file learned
  from the training gold is left out); otherwise the forms' head noun (``حزب``,
  ``وكالة`` -> ``ORG``; ``مدينة`` -> ``LOC``), a place the package knows, a
  given name (``محمد``, ``أبو``), the English name's shape, last an English
  acronym (``CNN``). An actor none of these types is *unsure*: its sentences
  are left out.
- **Name span** (:func:`name_tokens`): what a name is in ANERcorp's sense. A
  person's titles and office words are stripped from the front
  (``الرئيس الأمريكي دونالد ترامب`` -> ``دونالد ترامب``); generic forms are not
  names and are skipped: anaphora (``الحركة``, ``الرئيس``), state adjectives
  (``الإيراني``, ``أميركي``) and organs made of a head noun and an adjective
  (``الحكومة اليمنية``).
- **Projection** (:func:`project`): the longest name first, no two overlapping,
  a form matching a whole number of tokens within a sentence; its first token
  may carry proclitics (``وترمب``, ``للولايات المتحدة``).
- **What the gold leaves out**: annotators list the actors of the relations,
  not the cities a story happens in (``عدن``, ``الحديدة``) nor the bodies and
  people it only names in passing (``CNN``); left O they would be taught as no
  name. A *teacher* tagger trained on ANERcorp alone fills those tokens with
  its own entities; where a gold form is, the gold form wins.
- **Sentences** (:func:`silver_sentences`): those with a gold span; a share of
  the others as negatives; none naming an actor of unknown type.

>>> gold = {"actors": ["Donald Trump"], "arabic": {"Donald Trump": ["الرئيس دونالد ترامب"]}}
>>> art = project("وقال الرئيس دونالد ترامب إن", gold, TypeIndex.empty())
>>> art.sentences[0]
(['وقال', 'الرئيس', 'دونالد', 'ترامب', 'إن'], ['O', 'O', 'B-PERS', 'I-PERS', 'O'])
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from rawabit.data import load_yaml
from rawabit.extraction.lexicon import role_nouns
from rawabit.extraction.mentions import nisba_forms
from rawabit.gold import gold_article, gold_pairs, norm_ar, norm_name, read_gold
from rawabit.learn.corpora import Sentence
from rawabit.model import Token
from rawabit.ner.features import LOC_HEADS, ORG_HEADS, PERSON_TITLES
from rawabit.text.names import given_names
from rawabit.text.normalise import normalise
from rawabit.text.segment import sentences, tokenize

# The knowledge base's actor kinds as ANERcorp types (states and countries are LOC there).
KIND_TYPES = {"person": "PERS", "state": "LOC", "armed_group": "ORG", "political_org": "ORG",
              "international_org": "ORG", "coalition": "ORG"}
# ``other`` actors are mostly agencies, media and forces, a few unrecognised territories: typed
# by their forms like an unknown actor, ORG when the forms say nothing.
# Head nouns of organisations beyond those of the tagger's features, normalised and without ال.
_MORE_ORG_HEADS = frozenset(normalise(w) for w in """
مجموعه قياده صندوق مرصد قائمه اداره حكومه جهاز رئاسه خليه حلف منتدى موقع وكاله هيئه المعارضه معارضه
المحكمه محكمه الامانه امانه بعثه قوه سلاح الاتحاد شرطه مخابرات استخبارات
""".split())
# Plural head nouns (``اللجان الشعبية``), normalised, without ال.
_PLURAL_ORG_HEADS = frozenset(normalise(w) for w in "لجان احزاب فصائل كتائب قوات ميليشيات مليشيات حركات".split())
_MORE_LOC_HEADS = frozenset(normalise(w) for w in "راس ميناء".split())  # رأس الخيمة
# Seats of government that stand for a state, typed as ANERcorp types them (normalised);
# other metonyms of a state are its capital (LOC), or a palace (قصر بعبدا: ORG).
_SEATS = {"البيت الابيض": "MISC", "الكرملين": "ORG", "البنتاغون": "ORG", "البنتاجون": "ORG",
          "الاليزيه": "ORG", "داوننغ ستريت": "ORG", "داونينغ ستريت": "ORG", "الديوان الملكي السعودي": "ORG",
          "السراي الحكومي": "ORG", "المقاطعه": "ORG", "فيلا صوماليا": "ORG"}
# Plural nouns that describe a side, not name one (المتمردين، الفصائل المعارضة), normalised, without ال.
_SIDE_NOUNS = frozenset(normalise(w) for w in """
متمردين متمردون مسلحين مسلحون انقلابيين انقلابيون انفصاليين انفصاليون ثوار معارضه معارضين معارضون فصائل
ميليشيات مليشيات جماعات تنظيمات متطرفين متطرفون ارهابيين ارهابيون
""".split())
# Nouns of a group's members before its name (مقاتلي داعش), normalised.
_MEMBER_NOUNS = frozenset(normalise(w) for w in "مسلحي مسلحو مقاتلي مقاتلو عناصر افراد اعضاء جنود".split())
_RELATIVES = frozenset(normalise(w) for w in "الذي التي الذين اللذين اللتين اللواتي بقيادة تقوده تقودها".split())
# Name parts that are not a title though the tagger's feature lexicon lists them with titles.
_NAME_PARTS = frozenset(normalise(w) for w in "ابو ام ابن بن بنت عبد".split())
# English words of organisation names (``Anadolu Agency``, ``Al-Watan Party``).
_ORG_WORDS = frozenset("""
party movement front agency council ministry organization organisation committee court university
company inc corporation corp group foundation brigade brigades army forces force police guard guards
union league association network news tv television channel radio times post press command
coalition alliance bank fund institute institution center centre commission authority office
department parliament assembly senate congress government administration club team militia
battalion division regiment service services federation society initiative campaign forum board
bureau directorate nations cabinet opposition rebels observatory unit units cell flotilla mission
school academy airlines airways bloc trust watch international media newspaper magazine house
ltd llc co tribe clan family dynasty secretariat program programme platform rights list
""".split())
_LOC_WORDS = frozenset("""
city province governorate region island islands district county state territory peninsula valley
sea river mountains desert camp village town strait gulf
""".split())
_NAME_PARTICLES = frozenset("al el bin ibn bint abu abd abdul de da di van von der den del dos das le la du ben ould"
                            .split())
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’.\-]*")
_NISBA_ENDINGS = ("ي", "يه", "يين", "يون", "يان", "يتين")
# What a teacher tagger fills in by default: the names the gold forms leave untagged (places, and
# people and bodies no relation involves); where a gold form is, it is the word.
FILL_TYPES = ("LOC", "ORG", "PERS")
# Sentences without a silver span kept as negatives: a fixed seed picks them.
NEGATIVES_SEED = 13


@dataclass(frozen=True)
class TypeIndex:
    """What the package knows that types an actor: the knowledge base's kinds by English name and
    Arabic form, its state adjectives, the given names and the places."""

    kind_by_name: dict[str, str]
    kind_by_form: dict[str, str]
    nisba: frozenset[str]
    places: frozenset[str]
    metonyms: frozenset[str] = frozenset()

    @classmethod
    def empty(cls) -> TypeIndex:
        """No knowledge base (for small tests): types come from the forms and names alone."""
        return cls({}, {}, frozenset(), frozenset())

    @classmethod
    def from_package(cls) -> TypeIndex:
        """The index of the hand-made packaged knowledge base and place list: the actor file
        learned from the training gold (``rawabit.learn.kb.OUT_NAME``) is left out, so no type
        comes from the gold being projected (nor, out of fold, from a held-out fold's gold)."""
        from rawabit.learn.kb import base_kb

        kb = base_kb()
        by_name: dict[str, str] = {}
        by_form: dict[str, str] = {}
        nisba: set[str] = set()
        metonyms: set[str] = set()
        for a in sorted(kb.actors.values(), key=lambda x: x.id):
            for n in (a.name_en, *a.aliases_en):
                by_name.setdefault(norm_name(n), a.kind)
            for f in (a.name_ar, *a.aliases_ar):
                by_form.setdefault(norm_ar(f), a.kind)
            for base in a.nisba:
                adj, people = nisba_forms(base)
                nisba.update(adj)
                nisba.update(people)
            nisba.update(normalise(x) for x in a.nisba_plural)
            metonyms.update(normalise(x) for x in a.metonyms)
        places = {normalise(f) for forms in load_yaml("places.yaml").get("places", {}).values() for f in forms}
        return cls(by_name, by_form, frozenset(nisba), frozenset(places), frozenset(metonyms))


@cache
def _title_words() -> frozenset[str]:
    """Words that open a person's form without being the name: titles, offices, role nouns."""
    organs = load_yaml("organs.yaml")
    words = {w for t in organs["titles"] for w in normalise(t).split()}
    words |= {w for r in role_nouns() for w in r}
    words |= set(PERSON_TITLES) - _NAME_PARTS
    words |= {normalise(w) for w in "القس الكاهن الاعلامي الصحفي الناشط المحامي الداعية الرئيسان".split()}
    return frozenset(_bare(w) for w in words) | frozenset(words)


@cache
def _generic_words() -> frozenset[str]:
    """Words that alone are no name: head nouns, organs, titles, anaphoric adjectives
    (``الحركة``, ``الحكومة``, ``المتطرفة``), without ال."""
    organs = load_yaml("organs.yaml")
    words = set(_organ_words())
    words |= {normalise(w) for w in organs.get("anaphor_adjectives", ())}
    words |= _org_heads() | set(LOC_HEADS) | _title_words() | _SIDE_NOUNS | {"مملكه", "جمهوريه"}  # المملكة
    return frozenset(_bare(w) for w in words)


@cache
def _organ_words() -> frozenset[str]:
    """Words of a state's organs (``organs.yaml``: الحكومة، القوات، وزارة الخارجية), without ال:
    with a state adjective they name the state's organ, not an organisation."""
    organs = load_yaml("organs.yaml")
    return frozenset(_bare(w) for o in organs["organs"] for w in normalise(o).split())


@cache
def _org_heads() -> frozenset[str]:
    return ORG_HEADS | _MORE_ORG_HEADS | _PLURAL_ORG_HEADS


def _bare(word: str) -> str:
    """A normalised word without a leading ال (``الحركه`` -> ``حركه``)."""
    return word[2:] if word.startswith("ال") and len(word) > 3 else word


def form_tokens(form: str) -> tuple[str, ...]:
    """The normalised tokens of a gold form as the tagger's tokeniser cuts it, without the
    punctuation at its edges (``#ميليشيات_الحوثي`` -> ``('ميليشيات', 'الحوثي')``)."""
    toks = [t for t in tokenize(form)]
    while toks and not toks[0].is_word:
        toks.pop(0)
    while toks and not toks[-1].is_word:
        toks.pop()
    return tuple(t.norm for t in toks)


def _is_nisba(word: str, index: TypeIndex) -> bool:
    """A state adjective or people's plural: one the KB lists (``اميركي``, ``الافغان``) or a word
    with ال and an adjective's ending (``الايراني``, ``اليمنيه``)."""
    if word in index.nisba:
        return True
    b = _bare(word)
    return b != word and len(b) > 3 and b.endswith(_NISBA_ENDINGS) and word not in given_names()


def name_tokens(form: str, typ: str, index: TypeIndex) -> tuple[str, ...] | None:
    """The name inside a gold form, as normalised tokens, or None when the form is no name.

    >>> name_tokens("الرئيس الأمريكي دونالد ترامب", "PERS", TypeIndex.empty())
    ('دونالد', 'ترامب')
    >>> name_tokens("الحركة", "ORG", TypeIndex.empty()) is None
    True
    """
    toks = form_tokens(form)
    if not toks:
        return None
    generic = _generic_words()
    if typ == "PERS":
        titles = _title_words()
        given = given_names()
        k = 0
        # titles, offices and adjectives before the name: الرئيس الأمريكي، وزير الخارجية الإيراني
        while k < len(toks) - 1 and toks[k + 1] not in _NAME_PARTS and (
            toks[k] in titles or _bare(toks[k]) in titles or _is_nisba(toks[k], index)
            or (toks[k] not in given and _bare(toks[k]) in generic)
        ):
            k += 1
        if k and index.kind_by_form.get(" ".join(toks[k:]), "person") != "person":
            return None  # أمير قطر: what follows the title is a place, not the emir
        toks = toks[k:]
        if len(toks) == 1 and (toks[0] in titles or _bare(toks[0]) in generic or toks[0] in index.nisba
                               or (toks[0].startswith("ال") and toks[0].endswith(("يون", "يين")))):
            return None  # الرئيس، الوزير; a people: النازيون
        return toks
    if typ == "LOC" and (_bare(toks[0]) in _org_heads() | _organ_words() | _title_words() or (
            _bare(toks[0]) in LOC_HEADS and len(toks) > 1 and _is_nisba(toks[1], index))):
        return None  # a state's organ, regime or epithet: وزارة الخزانة الأميركية، نظام الأسد، الدولة الفارسية
    if any(w in _RELATIVES for w in toks):
        return None  # a description: التحالف الذي تقوده السعودية
    while len(toks) > 1 and toks[0] in _MEMBER_NOUNS:
        toks = toks[1:]  # مقاتلي داعش -> داعش
    if len(toks) == 1:
        w = toks[0]
        if _bare(w) in generic or _is_nisba(w, index):
            return None  # الحركة، التنظيم; a lone adjective: الإيراني، أميركي، العربية (Al Arabiya)
        return toks
    organ = _organ_words() | _SIDE_NOUNS
    if all(_bare(w) in organ or _is_nisba(w, index) for w in toks):
        # a state's organ, a side or adjectives: الحكومة اليمنية، الفصائل المعارضة، القبرصي التركي
        return None
    if len(toks) == 2 and _bare(toks[0]) in _org_heads() and toks[1] in index.nisba:
        return None  # a description by a people's adjective: الميليشيات الحوثية
    return toks


def form_type(form: str, entry_type: str | None, index: TypeIndex) -> str | None:
    """The type of one form of an actor of type ``entry_type``: the knowledge base's where it
    knows the form itself (``قطر`` listed under Qatar's emir is still a place), a seat of
    government as ANERcorp tags it (``الكرملين`` ORG, ``البيت الأبيض`` MISC), a capital as a place."""
    kind = index.kind_by_form.get(norm_ar(form))
    if kind in KIND_TYPES:
        return KIND_TYPES[kind]
    n = " ".join(form_tokens(form))
    if n in index.metonyms:
        return _SEATS.get(n, "ORG" if n.startswith("قصر ") else "LOC")
    return entry_type


def entity_type(
    entry: str, forms: Sequence[str], index: TypeIndex, roles: Iterable[str] = ()
) -> tuple[str | None, str]:
    """``(PERS | LOC | ORG | None, why)`` of a gold actor entry.

    ``roles``: how the entry takes part in the gold relations (``affiliate-source``, …).
    """
    names = [norm_name(n) for n in entry.split("|")]
    kinds = [index.kind_by_name[n] for n in names if n in index.kind_by_name]
    kinds += [index.kind_by_form[norm_ar(f)] for f in forms if norm_ar(f) in index.kind_by_form]
    for kind in kinds:
        if kind in KIND_TYPES:
            return KIND_TYPES[kind], "kb"
    toks = [t for t in (form_tokens(f) for f in forms) if t]
    heads = {_bare(t[0]) for t in toks}
    words = {w.lower().strip(".'’-") for n in entry.split("|") for w in _EN_WORD.findall(n)}
    words |= {w[:-1] for w in words if w.endswith("s")}  # committees, forces
    given = given_names()
    firsts = {t[0] for t in toks} | {_bare(t[0]) for t in toks}
    personal = _person_shaped(entry) and bool(firsts & given)  # أيمن جمعة beside منظمة أيمن جمعة
    if words & _ORG_WORDS or (heads & _org_heads() and not personal):
        return "ORG", "head"
    if heads & (LOC_HEADS | _MORE_LOC_HEADS) or any(" ".join(t) in index.places for t in toks) or words & _LOC_WORDS:
        return "LOC", "place"
    if kinds:  # a KB actor of kind other: an organisation unless its forms said a place
        return "ORG", "kb-other"
    if firsts & given or any(t[0] in ("ابو", "ام", "عبد") or (len(t) > 1 and "بن" in t) for t in toks):
        return "PERS", "given-name"
    roles = set(roles)
    described = all(len(t) > 1 and t[0].startswith("ال") and _is_nisba(t[-1], index) for t in toks)
    if _person_shaped(entry) and not described and (
            "affiliate-source" in roles or not heads & (_org_heads() | LOC_HEADS | _MORE_LOC_HEADS)):
        return "PERS", "name-shape"
    if any(n.isupper() and n.isalpha() and 2 <= len(n) <= 6 for n in entry.split("|")):
        return "ORG", "acronym"  # CNN, BBC
    return None, "unsure"


def _person_shaped(entry: str) -> bool:
    """An English name like a person's: two to six words, each capitalised or a name particle
    (``Muammar al-Eryani``, ``Dion van den Berg``), no digit."""
    for name in entry.split("|"):
        words = name.split()
        if not 2 <= len(words) <= 6 or any(ch.isdigit() for ch in name) or words[0].lower() in ("the", "our"):
            continue
        if all(w[:1].isupper() or w.lower().strip(".") in _NAME_PARTICLES
               or w.split("-")[0].lower() in _NAME_PARTICLES or w.startswith("d'") for w in words):
            return True
    return False


@dataclass
class SilverArticle:
    """The silver sentences of one article and what was projected."""

    name: str
    sentences: list[Sentence]
    has_span: list[bool]
    unsure: list[bool]  # a sentence naming an actor of unknown type (left out of training)
    types: dict[str, tuple[str | None, str]] = field(default_factory=dict)  # entry -> (type, why)
    spans: list[tuple[int, str, str, str]] = field(default_factory=list)  # (sentence, type, entry, surface)


def _first_variants(t: Token) -> set[str]:
    """The forms a name's first token may stand for: itself, without a proclitic
    (``وترمب`` -> ``ترمب``, ``بالولايات`` -> ``الولايات``, ``للولايات`` -> ``الولايات``)."""
    n = t.norm
    out = {n}
    for c in ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك"):
        if n.startswith(c) and len(n) - len(c) >= 2:
            out.add(n[len(c):])
    for c in ("ولل", "فلل", "لل"):
        if n.startswith(c) and len(n) - len(c) >= 2:
            out.add("ال" + n[len(c):])
    return out


def _relation_roles(gold: dict[str, Any]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for r in gold.get("relations", []):
        out.setdefault(r.get("source", ""), set()).add(f"{r.get('type')}-source")
        out.setdefault(r.get("target", ""), set()).add(f"{r.get('type')}-target")
    return out


def project(
    text: str, gold: dict[str, Any], index: TypeIndex, name: str = "", teacher: Any = None,
    fill: Sequence[str] = FILL_TYPES,
) -> SilverArticle:
    """Silver IOB2 tags of every sentence of ``text`` from the gold forms of ``gold``.

    ``teacher``: a tagger (:class:`rawabit.ner.tagger.Tagger`) whose entities of the types
    ``fill`` fill the tokens the gold forms leave untagged: annotators list actors, never
    the cities a story happens in (``عدن``, ``الحديدة``), which would otherwise be taught
    as no name.
    """
    tokens = tokenize(text)
    sents = [s for s in sentences(text, tokens) if s.last_token > s.first_token]
    arabic = gold.get("arabic", {}) or {}
    roles = _relation_roles(gold)
    # (first token, all tokens, entry, type | None): None = an actor of unknown type
    by_first: dict[str, list[tuple[tuple[str, ...], str, str | None]]] = {}
    types: dict[str, tuple[str | None, str]] = {}
    for entry in gold.get("actors", []):
        forms = list(dict.fromkeys(arabic.get(entry, [])))
        if not forms:
            continue
        er = roles.get(entry, set())
        for alt in entry.split("|"):
            er |= roles.get(alt, set())
        typ, why = entity_type(entry, forms, index, er)
        types[entry] = (typ, why)
        found: dict[tuple[str, ...], str | None] = {}
        # a form with a name in parentheses is two: حركة المقاومة الإسلامية (حماس)
        for f in (part for form in forms for part in re.split(r"[()]", form) if part.strip()):
            ft = form_type(f, typ, index)
            n = name_tokens(f, ft or "PERS", index)
            if n is not None and found.get(n) is None:
                found[n] = ft
        for n, ft in sorted(found.items(), key=lambda x: x[0]):
            by_first.setdefault(n[0], []).append((n, entry, ft))
    # every match, then the longest first, no overlaps (ties: earlier start, then entry order)
    order = {e: k for k, e in enumerate(gold.get("actors", []))}
    matches: list[tuple[int, int, str, str | None]] = []
    for s in sents:
        for i in range(s.first_token, s.last_token):
            for v in _first_variants(tokens[i]):
                for seq, entry, typ in by_first.get(v, ()):
                    j = i + len(seq)
                    if j <= s.last_token and all(tokens[i + k].norm == seq[k] for k in range(1, len(seq))):
                        matches.append((i, j, entry, typ))
    matches.sort(key=lambda m: (-(m[1] - m[0]), m[0], order.get(m[2], 0)))
    taken: set[int] = set()
    chosen: list[tuple[int, int, str, str | None]] = []
    for m in matches:
        if not taken.intersection(range(m[0], m[1])):
            taken.update(range(m[0], m[1]))
            chosen.append(m)
    tags = ["O"] * len(tokens)
    unsure_tok: set[int] = set()
    for i, j, _, typ in chosen:
        if typ is None:
            unsure_tok.update(range(i, j))
            continue
        tags[i] = "B-" + typ
        for k in range(i + 1, j):
            tags[k] = "I-" + typ
    gold_tok = {k for i, j, _, typ in chosen if typ is not None for k in range(i, j)}
    if teacher is not None:
        _fill(teacher, fill, text, tokens, sents, tags, unsure_tok, chosen)
    out = SilverArticle(name, [], [], [], types)
    sent_of: dict[int, int] = {}
    for si, s in enumerate(sents):
        toks = [text[t.start:t.end] for t in tokens[s.first_token:s.last_token]]
        out.sentences.append((toks, tags[s.first_token:s.last_token]))
        # a sentence "has a span" for a gold form's, not for a place the teacher filled in
        out.has_span.append(any(k in gold_tok for k in range(s.first_token, s.last_token)))
        out.unsure.append(any(k in unsure_tok for k in range(s.first_token, s.last_token)))
        for k in range(s.first_token, s.last_token):
            sent_of[k] = si
    for i, j, entry, typ in sorted(chosen):
        if typ is not None:
            out.spans.append((sent_of[i], typ, entry, text[tokens[i].start:tokens[j - 1].end]))
    return out


def _fill(teacher: Any, fill: Sequence[str], text: str, tokens: Sequence[Token], sents: Sequence[Any], tags: list[str],
          unsure: set[int], chosen: list[tuple[int, int, str, str | None]]) -> None:
    """Add the teacher's entities of the types ``fill`` on tokens no gold form covers (``tags``
    changed in place; each added span joins ``chosen`` as entry ``""``)."""
    from rawabit.ner.tagger import chunks

    pred = teacher.tag_many([[text[t.start:t.end] for t in tokens[s.first_token:s.last_token]] for s in sents])
    for s, row in zip(sents, pred, strict=True):
        for label, a, b in chunks(row):
            i, j = s.first_token + a, s.first_token + b
            if label in fill and all(tags[k] == "O" and k not in unsure for k in range(i, j)):
                tags[i] = "B-" + label
                for k in range(i + 1, j):
                    tags[k] = "I-" + label
                chosen.append((i, j, "", label))


def read_silver(
    folder: str | Path, names: Iterable[str] | None = None, index: TypeIndex | None = None, teacher: Any = None,
    fill: Sequence[str] = FILL_TYPES,
) -> list[SilverArticle]:
    """The silver articles of an annotated folder (``names``: only the articles of these file stems;
    ``teacher``: a tagger whose entities fill what the gold leaves untagged, see :func:`project`)."""
    index = index or TypeIndex.from_package()
    keep = set(names) if names is not None else None
    out = []
    for art_path, gold_path in gold_pairs(Path(folder)):
        stem = gold_path.name[: -len(".gold.json")]
        if keep is not None and stem not in keep:
            continue
        raw = gold_article(art_path)
        if raw is None:
            continue
        out.append(project(raw.text, read_gold(gold_path), index, stem, teacher, fill))
    return out


def silver_sentences(
    articles: Sequence[SilverArticle], negatives: float = 0.0, repeat: int = 1
) -> list[Sentence]:
    """Training sentences of silver articles: every sentence with a span, a share ``negatives``
    of those without (picked with a fixed seed), never one naming an actor of unknown type;
    the whole repeated ``repeat`` times (a weight against ANERcorp)."""
    out: list[Sentence] = []
    for art in articles:
        rng = random.Random(f"{NEGATIVES_SEED}:{art.name}")  # an article's pick is the same in any fold
        for sent, span, unsure in zip(art.sentences, art.has_span, art.unsure, strict=True):
            draw = rng.random()  # drawn for every sentence: a pick depends on nothing else
            if not unsure and (span or draw < negatives):
                out.append(sent)
    return out * max(1, repeat)


def describe(articles: Sequence[SilverArticle]) -> dict[str, Any]:
    """Counts of a silver corpus: sentences, tokens, spans by type, actor types by how they were found."""
    spans = Counter(t if e else f"{t} (teacher)" for a in articles for _, t, e, _ in a.spans)
    why = Counter(f"{t or 'unsure'}:{w}" for a in articles for t, w in a.types.values())
    return {
        "articles": len(articles),
        "sentences": sum(len(a.sentences) for a in articles),
        "sentences_with_spans": sum(sum(a.has_span) for a in articles),
        "sentences_unsure": sum(sum(a.unsure) for a in articles),
        "tokens_in_span_sentences": sum(len(s[0]) for a in articles
                                        for s, h in zip(a.sentences, a.has_span, strict=True) if h),
        "spans": dict(sorted(spans.items())),
        "actor_types": dict(sorted(why.items())),
    }
