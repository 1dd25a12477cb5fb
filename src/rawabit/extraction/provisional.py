"""Actors the knowledge base does not know, found by the NER tagger.

Person and organisation entities that overlap no known actor become
*provisional* actors: ``name_ar`` is the surface form without proclitics,
``name_en`` a readable romanisation, the kind comes from the tag and the head
noun (``حركة``/``جماعة`` -> armed group, ``حزب`` -> political organisation),
and the id (``prov-…``) is derived from the normalised name, so the same name
merges across articles. Places are never actors. The particles, verbs of saying
and time words the tagger takes in at a span's edges (``محمود قال``) are left out
of the name (``given_names.yaml``'s ``name_breaks``), and so are a person's titles,
ranks and bynames (``الكولونيل روب مانينغ``, ``حسين النقعي المكنى``); a phrase that
only looks like a name (``حسن الجوار``, ``رحمه الله``: ``not_names``) is none. A
name the tagger splits is joined again: two person chunks side by side, a name
going on after a hyphen written without spaces (``تشوي سون-هوي``), a kunya word
before it (``أم سعد حبيب``). A person's name that ends in a known actor's name or adjective
is the person's (``أبو خليل السوداني`` is no mention of Sudan, ``أحمد علي عبدالله صالح`` none of
his father), and that adjective alone later in the article is the person too (``مقتل السوداني``).
"""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rawabit.data import load_yaml
from rawabit.extraction.lexicon import role_nouns, trigger_lexicon
from rawabit.model import Article, Mention, Token
from rawabit.text.names import given_names
from rawabit.text.normalise import normalise, normalised_words
from rawabit.text.segment import bare_form

log = logging.getLogger(__name__)

_ARMED_HEADS = frozenset(normalise(w) for w in (
    "حركة تنظيم جماعة جبهة كتائب كتيبة لواء ألوية سرايا ميليشيا مليشيا ميليشيات جيش فيلق قوات فصيل "
    "تجمع أنصار عصائب").split())
_POLITICAL_HEADS = frozenset(normalise(w) for w in "حزب ائتلاف تيار مجلس حركة اتحاد منظمة جمعية هيئة".split())


# The sentences the tagger reads: those that name a known actor and hold a trigger or role word
# ("stating"); those with a role word (``المتحدث باسم``, ``وزير``: where a person is introduced)
# and those that name a known actor and hold a trigger ("roles"); every one that names a known
# actor ("named"), or all ("all"). Out of fold the wider choices find more candidate actors
# (0.890, 0.894, 0.905 for stating, roles, all) but list no better actors or relations
# (``python bench/variants.py --variants shipped,tag-roles,tag-all``), at the tagger's cost: 15 %
# and 34 % more extraction time for "roles" and "all" (``python bench/stages.py``).
TAGGED_SENTENCES = "stating"


def _tagged(tokens: tuple[Token, ...], lo: int, hi: int, busy: list[int], lexicon: Any, role_words: set[str]) -> bool:
    """Whether the tagger reads the sentence of tokens ``lo..hi`` (:data:`TAGGED_SENTENCES`);
    ``busy``: the sorted first tokens of the known actors' mentions."""
    b = bisect_left(busy, lo)
    named = b < len(busy) and busy[b] < hi
    if TAGGED_SENTENCES == "roles" and _has_role_word(tokens, lo, hi, role_words):
        return True
    if not named or TAGGED_SENTENCES == "named":
        return named  # a sentence that names no known actor is not read (speed, precision)
    # elsewhere, only where a relation could be stated: a provisional actor is listed mostly
    # when it takes part in one
    return any(lexicon.sentence_triggers(tokens, lo, hi)) or (
        TAGGED_SENTENCES == "stating" and _has_role_word(tokens, lo, hi, role_words))


def _has_role_word(tokens: tuple[Token, ...], lo: int, hi: int, role_words: set[str]) -> bool:
    return any(bare_form(tokens[k]) in role_words for k in range(lo, hi))


@dataclass(frozen=True, slots=True)
class Provisional:
    """What the pipeline records for a provisional actor."""

    id: str
    name_ar: str
    name_en: str
    kind: str


@cache
def tagger(model: Path | None = None) -> Any:
    """The tagger of ``model``, loaded once; None: the shipped one, or None when none is shipped.

    A model named by the caller that cannot be loaded raises :class:`~rawabit.errors.DataError`.
    """
    from rawabit.ner.tagger import load_tagger

    if model is not None:
        return load_tagger(model)
    try:
        return load_tagger()
    except Exception as exc:  # noqa: BLE001 - no model shipped: NER is simply off
        log.warning("NER tagger unavailable (%s); only knowledge-base actors are found", exc)
        return None


@cache
def _stop_words() -> frozenset[str]:
    d = load_yaml("organs.yaml")
    words = set(d["organs"]) | set(d["titles"]) | set(d["named_after"])
    return frozenset(normalise(w) for w in words)


@cache
def _names() -> tuple[frozenset[str], frozenset[str]]:
    """(common given names, foreign names beginning with و), normalised."""
    waw = load_yaml("given_names.yaml").get("waw_initial", ())
    return given_names(), frozenset(normalise(n) for n in waw)


# Proclitics a name can carry, longest first: و/ف "and", ب/ل "with/to".
_NAME_CLITICS = ("وب", "ول", "فب", "فل", "و", "ف", "ب", "ل")
_NAME_STARTS = ("ابو", "عبد", "ام")


def _conjunction(t: Token) -> str:
    """The proclitic glued to the first word of a name (``وأبو حازم`` -> ``و``), or "".

    Only ``و`` is split off on its own: a name beginning with ف ب ل ك is far
    more often the name itself (``فريدريك``, ``بوتين``, ``كارلوس``) than a
    proclitic, so those are split off only before a known given name or a
    ``أبو``/``عبد`` name (``لمحمد``, ``فأبو``).
    """
    n = t.norm
    given, waw_names = _names()
    if n in given or n in waw_names:
        return ""
    for c in _NAME_CLITICS:
        rest = n[len(c):]
        if n.startswith(c) and len(rest) >= 3 and (rest in given or rest.startswith(_NAME_STARTS)):
            return c
    if len(n) >= 5 and n[0] == "و":
        return "و"
    return ""


def _kind(label: str, words: list[str]) -> str | None:
    if label.startswith("PER"):
        return "person"
    if label.startswith("ORG-quoted:"):
        return label.split(":", 1)[1]
    if label == "ORG":
        head = words[0]
        if head in _ARMED_HEADS:
            return "armed_group"
        if head in _POLITICAL_HEADS:
            return "political_org"
        return "other"
    return None


@cache
def _given_with_alef_maqsura() -> frozenset[str]:
    """Given names written with a final ى (مصطفى، يحيى): the only ones a final ى may spell."""
    return frozenset(normalise(n) for n in load_yaml("given_names.yaml")["names"] if n.endswith("ى"))


def _listed(key: str) -> frozenset[str]:
    """A word list of ``given_names.yaml``, normalised."""
    return normalised_words("given_names.yaml", key)


def _name_breaks() -> frozenset[str]:
    return _listed("name_breaks")


@cache
def _person_breaks() -> tuple[frozenset[str], frozenset[str]]:
    """What is left out before a person's name and after it: the name breaks and bynames
    (``المكنى``) at either edge; titles and one-word role nouns before it, and after it the role
    nouns that are not also family names (``سمير الحاج``)."""
    roles = {r[0] for r in role_nouns() if len(r) == 1}
    edges = _name_breaks() | _listed("name_epithets")
    return (edges | roles | _listed("name_titles"),
            edges | _listed("institution_adjectives") | (roles - _listed("title_surnames")))


def _spells_given_name(text: str, t: Token, norm: str) -> bool:
    """Whether token ``t``, read as ``norm``, is a given name as written: ``على`` normalises to
    علي but is "on"; a final ى spells only the names written with one (مصطفى، يحيى)."""
    return norm in given_names() and (text[t.end - 1] != "ى" or norm in _given_with_alef_maqsura())


def _given_name_spans(
    text: str, tokens: tuple[Token, ...], lo: int, hi: int, covered: set[int], role_words: set[str],
    tagged: list[tuple[str, int, int]],
) -> list[tuple[str, int, int]]:
    """People the tagger missed: a given name and one to three more words next to a role.

    ``قاسم غني الناصري من قيادات … تنظيم داعش``, ``… الرئيس أشرف عبد الغني``: a
    known given name (``given_names.yaml``) opens the name, a particle, verb or
    punctuation ends it, and a role noun must stand within three words before
    it or two after it, so a name is only taken where it can hold an office.
    """
    given = given_names()
    breaks = _name_breaks()
    # ``covered`` spans the whole article: only this sentence's part of it is copied
    taken = {k for _, i, j in tagged for k in range(i, j)} | {k for k in range(lo, hi) if k in covered}
    out: list[tuple[str, int, int]] = []
    k = lo
    while k < hi:
        t = tokens[k]
        first = t.norm[1:] if t.norm.startswith("و") and t.norm[1:] in given else t.norm
        if k in taken or not t.is_word or not _spells_given_name(text, t, first):
            k += 1  # ``على`` is "on", not علي
            continue
        j = k + 1
        while (j < hi and j - k < 4 and j not in taken and tokens[j].is_word
               and (tokens[j].norm not in breaks or _spells_given_name(text, tokens[j], tokens[j].norm))
               and bare_form(tokens[j]) not in role_words):
            j += 1  # علي the name goes on, على "on" ends it
        words = [x for x in range(max(lo, k - 3), k) if tokens[x].is_word]
        after = [x for x in range(j, min(hi, j + 4)) if tokens[x].is_word][:2]
        near_role = any(bare_form(tokens[x]) in role_words for x in (*words, *after))
        last = tokens[j - 1].norm
        family = (last.startswith("ال") and last.endswith("ي") and len(last) > 4) or last in given or (
            j - k >= 3 and tokens[j - 2].norm in ("عبد", "ابو", "بن"))
        if j - k >= 2 and near_role and family:
            out.append(("PERS-given", k, j))
        k = j
    return out


_OPEN_QUOTES = frozenset('"«“”„\'')
_CLOSE_QUOTES = frozenset('"»”“\'')


@cache
def _quoted_heads() -> tuple[dict[str, str], tuple[tuple[str, ...], ...]]:
    """``organs.yaml``'s nouns that introduce a quoted name (normalised) -> the actor kind, and
    the linking phrases that may follow them, as word tuples."""
    d = load_yaml("organs.yaml")
    heads = {normalise(w): kind for kind, words in d["quoted_name_heads"].items() for w in words}
    links = tuple(tuple(normalise(w) for w in phrase.split()) for phrase in d["quoted_name_links"])
    return heads, links


def _scare_quoted(words: list[str]) -> bool:
    """Whether one quoted word is an adjective in scare quotes (``"إرهابية"``), not a name."""
    return len(words) == 1 and not words[0].startswith("ال") and words[0].endswith(("يه", "يين", "يون"))


def _quoted_names(text: str, tokens: tuple[Token, ...], lo: int, hi: int,
                  taken: set[int]) -> list[tuple[str, int, int]]:
    """Organisations named in quotes after a noun of their kind (``صحيفة "كيهان"``,
    ``حزب «الشعوب الديمقراطي»``, ``حركة ما يسمى "البشائر"``): one to four words between
    the quotes, none of them already an actor's. The label is ``ORG-quoted:{kind}``."""
    heads, links = _quoted_heads()
    out: list[tuple[str, int, int]] = []
    for k in range(lo, hi - 3):
        t = tokens[k]
        kind = heads.get(bare_form(t)) if t.is_word else None
        if kind is None:
            continue
        q = k + 1
        for link in links:
            if tuple(x.norm for x in tokens[q:q + len(link)]) == link:
                q += len(link)
                break
        if q >= hi or text[tokens[q].start:tokens[q].end] not in _OPEN_QUOTES:
            continue
        j = q + 1
        while j < hi and j - q <= 5 and text[tokens[j].start:tokens[j].end] not in _CLOSE_QUOTES:
            j += 1
        if not (j < hi and 1 <= j - q - 1 <= 4) or any(x in taken for x in range(q + 1, j)):
            continue
        if not all(tokens[x].is_word or _glued_hyphen(text, tokens, x, j) for x in range(q + 1, j)):
            continue
        if _scare_quoted([x.norm for x in tokens[q + 1:j]]):
            continue
        out.append((f"ORG-quoted:{kind}", q + 1, j))
    return out


_KUNYA = frozenset({"ابو", "ام"})


def _glued_hyphen(text: str, tokens: tuple[Token, ...], k: int, hi: int) -> bool:
    """Whether token ``k`` is a hyphen written between two words without spaces (``سون-هوي``)."""
    if not 0 < k < hi - 1:
        return False
    t = tokens[k]
    return (text[t.start:t.end] in ("-", "‐", "‑") and tokens[k - 1].end == t.start
            and tokens[k + 1].start == t.end and tokens[k - 1].is_word and tokens[k + 1].is_word)


def _joined(text: str, tokens: tuple[Token, ...], lo: int, hi: int,
            spans: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The tagger's chunks with the names it split joined again: two person chunks side by side
    (``والتر سوزا`` + ``براغا نيتو``), a name going on after a hyphen written without spaces
    (``تشوي سون-هوي``, ``رانكين-غالواي``), and a person's kunya word before it (``أم سعد حبيب``)."""
    out: list[tuple[str, int, int]] = []
    for label, i, j in spans:
        if label.startswith("PER"):
            if i > lo and tokens[i - 1].norm in _KUNYA and not (out and out[-1][2] >= i):
                i -= 1
            # side by side, or already taken in by the previous name going on after a hyphen
            if out and out[-1][0].startswith("PER") and out[-1][2] >= i:
                _, i, before = out.pop()
                j = max(j, before)
            while _glued_hyphen(text, tokens, j, hi):
                j += 2
        out.append((label, i, j))
    return out


def _trimmed(text: str, tokens: tuple[Token, ...], ti: int, tj: int, person: bool = False) -> tuple[int, int]:
    """A tagged span without the particles, verbs of saying and time words at its edges
    (``محمود قال`` -> ``محمود``, ``على زنجبار`` -> ``زنجبار``; ``علي`` the name stays), nor,
    for a person, the titles and bynames (``الكولونيل روب مانينغ`` -> ``روب مانينغ``) or the
    adjective of a body named after one (``خالد الدولي`` -> ``خالد``)."""
    before, after = _person_breaks() if person else (_name_breaks(), _name_breaks())

    def is_break(t: Token, breaks: frozenset[str]) -> bool:
        bare = bare_form(t)
        return (t.norm in breaks or bare in breaks) and not (
            _spells_given_name(text, t, t.norm) or (bare != t.norm and _spells_given_name(text, t, bare)))

    while ti < tj and is_break(tokens[ti], before):
        ti += 1
    while tj > ti and is_break(tokens[tj - 1], after):
        tj -= 1
    return ti, tj


_FAMILY_RULES = frozenset({"alias", "short"})


def _family_name(text: str, tokens: tuple[Token, ...], ti: int, tj: int, by_token: dict[int, Mention],
                 kind_of: Callable[[str], str | None]) -> tuple[Mention, int] | None:
    """The known mention a person's name ends with, and where the name ends, when the name opens
    with a given name or a kunya and has words of its own before it: the adjective of a state
    (``منصور التركي``; after a kunya or ``عبد`` and one word the tagger may stop before it:
    ``أبو خليل`` ``السوداني``, ``عبد الرحيم`` ``الباكستاني``) or another person's name (``أحمد علي
    عبدالله صالح``, ``علاء مبارك``). None when the name holds no such mention or holds another."""
    if tj - ti < 2:
        return None
    first = tokens[ti]
    clitic = _conjunction(first)
    norm = first.norm[len(clitic):]
    if not (norm in _KUNYA or norm.startswith(("ابو", "عبد")) or _spells_given_name(text, first, norm)):
        return None
    m = by_token.get(tj - 1)
    after = by_token.get(tj)
    if (m is None and (norm in _KUNYA or norm == "عبد") and tj - ti == 2 and after is not None
            and after.token_start == tj and after.rule == "nisba" and kind_of(after.actor_id) == "state"):
        m, tj = after, after.token_end  # ``أبو خليل`` + ``السوداني``
    if (m is None or m.token_end != tj or m.token_start <= ti or m.clitic
            or not (m.rule == "nisba" or (m.rule in _FAMILY_RULES and kind_of(m.actor_id) == "person"))):
        return None
    if any(k in by_token for k in range(ti, m.token_start)) or not tokens[m.token_start - 1].is_word:
        return None
    return m, tj


def _family_references(tokens: tuple[Token, ...], known: list[Mention], taken: list[tuple[Mention, str]],
                       dropped: set[Mention], kind_of: Callable[[str], str | None]) -> list[Mention]:
    """The state adjectives that, standing alone, refer back to a person whose name ends in one
    (``مقتل السوداني`` after ``أبو خليل السوداني``): the same word, definite, with no definite
    noun before it for it to describe (``الجيش السوداني`` stays Sudan's). The person is one the
    tagger found (``taken``: the adjective its name took, and its id) or a known one named in
    full. Only a state's adjective: a group's name after a noun is the group's (``ميليشيا
    الحوثي`` beside ``عبد الملك الحوثي``)."""
    family = {w: pid for m, pid in taken if m.rule == "nisba" and (w := normalise(m.surface)).startswith("ال")}
    for m in known:
        last = tokens[m.token_end - 1]
        if m.token_end - m.token_start >= 2 and last.norm.startswith("ال") and kind_of(m.actor_id) == "person":
            family.setdefault(last.norm, m.actor_id)
    if not family:
        return []
    out: list[Mention] = []
    for m in known:
        pid = family.get(normalise(m.surface)) if (
            m.rule == "nisba" and not m.clitic and kind_of(m.actor_id) == "state") else None
        if pid is None or m in dropped:
            continue
        before = tokens[m.token_start - 1] if m.token_start else None
        if before is not None and before.is_word and (before.norm.startswith("ال") or before.clitic.endswith("ال")):
            continue
        dropped.add(m)
        out.append(Mention(m.start, m.end, pid, "short", m.surface, m.token_start, m.token_end, ""))
    return out


def find(
    art: Article, tokens: tuple[Token, ...], known: list[Mention], model: Path | None = None,
    kind_of: Callable[[str], str | None] = lambda _: None,
) -> tuple[list[Mention], dict[str, Provisional], set[Mention]]:
    """Mentions of provisional actors in sentences that already name an actor, tagged by the
    tagger of ``model`` (None: the shipped one), and the known mentions they replace (a name
    ending in a state adjective or another person's name: :func:`_family_name`).
    ``kind_of``: a known actor's kind (None: not known)."""
    ner = tagger(model)
    if ner is None:
        return [], {}, set()
    from rawabit.ner.romanise import provisional_id, romanise
    from rawabit.ner.tagger import chunks

    covered: set[int] = set()
    by_token: dict[int, Mention] = {}
    for m in known:
        covered.update(range(m.token_start, m.token_end))
        by_token.update(dict.fromkeys(range(m.token_start, m.token_end), m))
    dropped: set[Mention] = set()
    taken: list[tuple[Mention, str]] = []  # the known mentions a person's name took, and the person
    busy = sorted({m.token_start for m in known})
    out: list[Mention] = []
    found: dict[str, Provisional] = {}
    stop = _stop_words()
    lexicon = trigger_lexicon()
    role_words = {r[0] for r in role_nouns()}
    candidates = []
    for sent in art.sentences:
        lo, hi = sent.first_token, sent.last_token
        if TAGGED_SENTENCES != "all" and not _tagged(tokens, lo, hi, busy, lexicon, role_words):
            continue
        candidates.append(sent)
    # one tagging call for the article's candidate sentences (decoded as one batch)
    all_tags = ner.tag_many([[art.text[t.start:t.end] for t in tokens[s.first_token:s.last_token]]
                                for s in candidates])
    for sent, tags in zip(candidates, all_tags, strict=True):
        spans = _joined(art.text, tokens, sent.first_token, sent.last_token,
                        [(label, sent.first_token + i, sent.first_token + j) for label, i, j in chunks(tags)])
        spans += _given_name_spans(art.text, tokens, sent.first_token, sent.last_token, covered, role_words, spans)
        in_quotes = _quoted_names(art.text, tokens, sent.first_token, sent.last_token, covered)
        # a quoted name replaces the tagger's chunks it overlaps (they cut it or run past the quotes)
        spans = [x for x in spans if not any(x[1] < j and i < x[2] for _, i, j in in_quotes)] + in_quotes
        for label, ti, tj in spans:
            quoted = label.startswith("ORG-quoted:")
            if not quoted:  # the quotes already mark where a quoted name ends
                ti, tj = _trimmed(art.text, tokens, ti, tj, person=label.startswith("PER"))
            family = _family_name(art.text, tokens, ti, tj, by_token, kind_of) if label.startswith("PER") else None
            inner = None
            if family is not None and family[0] not in dropped:
                inner, tj = family
            if tj <= ti or any(k in covered for k in range(ti, inner.token_start if inner else tj)):
                continue
            first, last = tokens[ti], tokens[tj - 1]
            clitic = _conjunction(first)
            words = [t.norm for t in tokens[ti:tj]]
            words[0] = words[0][len(clitic):]
            kind = _kind(label, words)
            if kind is None or (kind == "other" and not quoted) or not all(
                    t.is_word or _glued_hyphen(art.text, tokens, k, tj) for k, t in enumerate(tokens[ti:tj], ti)):
                continue  # organisations without a group noun are too often media or places
            if kind == "person" and (tj - ti < 2 or words[0] in stop):
                continue  # a lone given name, or a title the tagger swallowed
            if kind != "person" and tj - ti < 2 and not quoted:
                continue
            if " ".join(words) in _listed("not_names"):
                continue  # a formula or a phrase that only looks like a name (``حسن الجوار``)
            surface = art.text[first.start:last.end]
            name_ar = surface[len(clitic):] if clitic and surface.startswith(clitic) else surface
            pid = provisional_id(name_ar)
            if pid not in found:
                found[pid] = Provisional(pid, name_ar, romanise(name_ar), kind)
            rule = "given-name" if label == "PERS-given" else "quoted" if quoted else "ner"
            out.append(Mention(first.start, last.end, pid, rule, surface, ti, tj, clitic))
            covered.update(range(ti, tj))
            if inner is not None:
                dropped.add(inner)
                taken.append((inner, pid))
    out += _family_references(tokens, known, taken, dropped, kind_of)
    return out, found, dropped
