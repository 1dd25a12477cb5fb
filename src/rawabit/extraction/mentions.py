"""Actor mentions: gazetteer aliases, state adjectives and organs, near-miss
typos, short forms and anaphora, each with the rule that found it.

Matching runs one Aho-Corasick automaton over the normalised article text; the
automaton's keys are every alias with every proclitic sequence (و ف ب ل ك لل …)
glued in front, so ``لطالبان`` and ``للقاعدة`` match as whole words and the
mention keeps exact offsets into the original text.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import ahocorasick

from rawabit.data import load_yaml
from rawabit.extraction import provisional
from rawabit.extraction.disambiguate import Keywords
from rawabit.extraction.disambiguate import rules as ambiguity_rules
from rawabit.kb.loader import ActorEntry, KnowledgeBase
from rawabit.model import Article, Mention, Token
from rawabit.native import speedups
from rawabit.text.names import given_names
from rawabit.text.normalise import NormText, normalise, normalise_text, normalised_words
from rawabit.text.segment import bare_form, split_clitics

_PLAIN_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل")
_ARTICLE_CLITICS = ("", "و", "ف", "ب", "ك", "وب", "فب", "وك")
_LIL = ("لل", "ولل", "فلل")
# ل before a name that begins with a hamza on alef and lam (``لألمانيا``, ``لآل سعود``): the
# alef stays, where ل before the article drops it (``للسعودية``)
_LAM_KEEPS_ALEF = ("ل", "ول", "فل")

# Actors whose names are mentions of their parent: a state's regular army is named by its
# state (ANNOTATION.md: state organs collapse to the state; ``الجيش الإسرائيلي`` is Israel).
NAMED_BY_PARENT = frozenset({"armed_forces"})

# Rule priority when two readings cover the same span (higher wins).
_PRIORITY = {"alias": 5, "organ": 5, "metonym": 4, "nisba": 3, "people": 3, "short": 2}

_Cand = tuple[int, int, int, str, str, str]  # a reading of a span: start, end, priority, actor, rule, clitic


@dataclass(frozen=True, slots=True)
class _Key:
    actor_id: str
    rule: str  # alias | nisba | metonym | short
    clitic: str


def nisba_forms(base: str) -> tuple[list[str], list[str]]:
    """Inflected forms of a state adjective: (qualifying forms, plural forms naming people).

    أمريكي -> (أمريكي، الأمريكية، …), (أمريكيون، الأمريكيين، …)
    """
    b = normalise(base)
    adj = [b + "ه", b, b + "تين", b + "ان"]
    people = [b + "ون", b + "ين"]
    return adj + ["ال" + s for s in adj], people + ["ال" + s for s in people]


def _variants(form: str) -> Iterable[tuple[str, str]]:
    """(clitic, key) pairs for one normalised form."""
    if form.startswith("ال"):
        for c in _ARTICLE_CLITICS:
            yield c, c + form
        for c in _LIL:
            yield c, c + form[2:]
        for c in _LAM_KEEPS_ALEF:
            yield c, c + form
    else:
        for c in _PLAIN_CLITICS:
            yield c, c + form


@cache
def _named_after() -> frozenset[str]:
    return frozenset(normalise(n) for n in load_yaml("organs.yaml")["named_after"])


@cache
def _place_of_city() -> frozenset[str]:
    return normalised_words("places.yaml", "place_of_city_words")


@cache
def _home_organs() -> dict[str, list[tuple[str, ...]]]:
    """Organ phrases of ``organs.yaml`` ``home_organs`` by their first word, longest first."""
    phrases = {tuple(normalise(p).split()) for p in load_yaml("organs.yaml").get("home_organs", ())}
    out: dict[str, list[tuple[str, ...]]] = {}
    for words in sorted(phrases, key=len, reverse=True):
        out.setdefault(words[0], []).append(words)
    return out


_NASAB = frozenset(("بن", "ابن", "بنت"))


@cache
def _home_organ_stems() -> frozenset[str]:
    """Stems (and و/ف/ب/ل-glued forms) of the first words of ``home_organs``."""
    firsts = set(_home_organs())
    out = {split_clitics(w)[1] for w in firsts} | {w[2:] for w in firsts if w.startswith("ال")}
    return frozenset(out | {c + w for w in firsts for c in "وفبل"} | firsts)


@cache
def _organs() -> tuple[frozenset[str], int]:
    d = load_yaml("organs.yaml")
    titles = frozenset(normalise(x) for x in d["titles"])
    organs = frozenset(normalise(x) for x in d["organs"]) | titles
    longest = max(len(x.split()) for x in organs)
    return organs, longest


class ActorMatcher:
    """An automaton over every alias of the knowledge base."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.automaton = ahocorasick.Automaton()
        table: dict[str, list[_Key]] = {}

        def add(form: str, aid: str, rule: str) -> None:
            n = normalise(form)
            if len(n) < 2:
                return
            for clitic, key in _variants(n):
                lst = table.setdefault(key, [])
                if not any(k.actor_id == aid and k.rule == rule for k in lst):
                    lst.append(_Key(aid, rule, clitic))

        # descriptor -> {actor id: rank of the descriptor in the actor's list}
        self.descriptor_index: dict[str, dict[str, int]] = {}
        given = given_names()
        for a in kb.actors.values():
            if a.parent_rel in NAMED_BY_PARENT and a.parent:
                # a state's regular army is named by its state (ANNOTATION.md: organs collapse);
                # its descriptors (``جيش``) are not read: they would make every army the state
                for form in (a.name_ar, *a.aliases_ar):
                    add(form, a.parent, "organ")
                for form in a.metonyms:
                    add(form, a.parent, "metonym")
                for form in a.short_ar:
                    add(form, a.parent, "short")
                continue
            for form in (a.name_ar, *a.aliases_ar):
                # a person's alias that is only a given name (صالح، عمر) is a short form
                short = a.kind == "person" and normalise(form) in given
                add(form, a.id, "short" if short else "alias")
            for form in a.metonyms:
                add(form, a.id, "metonym")
            for form in a.short_ar:
                add(form, a.id, "short")
            for base in a.nisba:
                adj, people = nisba_forms(base)
                for f in adj:
                    add(f, a.id, "nisba")
                for f in people:
                    add(f, a.id, "people")
            for pl in a.nisba_plural:
                add(pl, a.id, "people")
                add("ال" + normalise(pl), a.id, "people")
            for rank, d in enumerate(a.descriptors):
                self.descriptor_index.setdefault(normalise(d), {})[a.id] = rank
        self.descriptors_of: dict[str, list[tuple[str, int]]] = {}
        for d, ids in self.descriptor_index.items():
            for aid, rank in ids.items():
                self.descriptors_of.setdefault(aid, []).append((d, rank))
        for key, vals in table.items():
            self.automaton.add_word(key, (key, tuple(vals)))
        self.automaton.make_automaton()

    def raw_matches(self, nt: NormText) -> list[tuple[int, int, tuple[_Key, ...]]]:
        """Whole-word matches ``(start, end, keys)`` in normalised coordinates."""
        s = nt.norm
        n = len(s)
        out = []
        for end_idx, (key, vals) in self.automaton.iter(s):
            start = end_idx - len(key) + 1
            end = end_idx + 1
            if start > 0 and s[start - 1].isalnum():
                continue
            if end < n and s[end].isalnum():
                continue
            out.append((start, end, vals))
        return out


def _token_index(tokens: tuple[Token, ...]) -> tuple[dict[int, int], dict[int, int]]:
    """``{start: index}`` and ``{end: index}`` of the tokens."""
    if speedups is not None:
        return speedups.token_index(tokens)
    return _token_index_python(tokens)


def _token_index_python(tokens: tuple[Token, ...]) -> tuple[dict[int, int], dict[int, int]]:
    """:func:`_token_index` in Python (the definition its compiled twin follows)."""
    starts = {t.start: i for i, t in enumerate(tokens)}
    ends = {t.end: i for i, t in enumerate(tokens)}
    return starts, ends


class MentionsStage:
    """Pipeline stage: adds actor mentions (needs tokens)."""

    def __init__(self, kb: KnowledgeBase, ner: bool | str | Path = True) -> None:
        """``ner``: the shipped tagger (True), none (False) or a tagger model file."""
        self.kb = kb
        self.matcher = ActorMatcher(kb)
        self.ner = ner is not False
        self.ner_model = None if isinstance(ner, bool) else Path(ner)
        if self.ner_model is not None:
            provisional.tagger(self.ner_model)  # a missing or broken model file fails here, not mid-run
        self._fuzzy = _FuzzyIndex(kb)

    def __call__(self, art: Article) -> Article:
        text = art.text
        nt = normalise_text(text)
        tokens = art.tokens
        starts, ends = _token_index(tokens)
        cands: list[_Cand] = []
        rules = ambiguity_rules()
        article = nt.norm
        hits: dict[Keywords, int] = {}  # the ambiguity rules' keyword counts in this article
        firsts = {x.first_token for x in art.sentences}
        for ns, ne, keys in self.matcher.raw_matches(nt):
            s, e = nt.to_original(ns, ne)
            if s not in starts or e not in ends:
                continue  # must cover whole tokens
            if any(k in firsts for k in range(starts[s] + 1, ends[e] + 1)):
                continue  # a form that runs over a sentence end (a user's ``بي.بي.سي``, split at its dots)
            clitic = keys[0].clitic
            form = nt.norm[ns + len(clitic):ne]
            if clitic in _LIL:
                form = "ال" + form
            rule = rules.get(form)
            if rule is not None:
                prev = nt.norm[max(0, ns - 40):ns].rstrip()
                nxt = nt.norm[ne:ne + 40].lstrip()
                aid = rule.decide(keys[0].actor_id, _bare_clitic(clitic), prev, nxt, article, hits)
                if not aid:
                    continue
                cands.append((s, e, 6, aid, keys[0].rule if keys[0].rule != "short" else "alias", clitic))
                continue
            for k in keys:
                cands.append((s, e, _PRIORITY[k.rule], k.actor_id, k.rule, k.clitic))
        chosen = _inner_names(_longest_non_overlapping(cands), cands, tokens, starts, ends)
        full = {c[3] for c in chosen if c[4] != "short"}
        mentions: list[Mention] = []
        by_span: dict[tuple[int, int], list[_Cand]] = {}
        for c in chosen:
            by_span.setdefault((c[0], c[1]), []).append(c)
        recent: dict[str, int] = {}  # actor -> index of its latest mention so far
        done = 0
        for (s, e), group in sorted(by_span.items()):
            while done < len(mentions):  # the mentions added since the last span
                recent[mentions[done].actor_id] = done
                done += 1
            pick = self._resolve(group, full, recent)
            if pick is None:
                continue
            _, _, _, aid, rule, clitic = pick
            ts, te = starts[s], ends[e] + 1
            if rule in ("alias", "metonym", "short") and ts > 0 and self._named_after(tokens[ts - 1], aid):
                continue
            if rule == "metonym" and ts > 0 and bare_form(tokens[ts - 1]) in _place_of_city():
                continue  # ``شرق دمشق``, ``ريف دمشق``: the city as a place, not its government
            if ts > 0 and tokens[ts - 1].norm in _NASAB and self._is_person(aid):
                continue  # ``فيصل بن عبدالله بن عبدالعزيز``: a father's name inside another man's name
            if rule in ("nisba", "people"):
                m = self._organ(text, tokens, ts, te, aid, clitic)
                if m is not None:
                    mentions.append(m)
                    continue
            mentions.append(Mention(s, e, aid, rule, text[s:e], ts, te, clitic))
        mentions = self._leader_groups(text, tokens, mentions)
        mentions = self._home_organs(text, tokens, mentions)
        mentions = self._fuzzy.add_typos(text, tokens, mentions)
        extra = art.extra
        if self.ner:
            found, actors, replaced = provisional.find(art, tokens, mentions, model=self.ner_model,
                                                       kind_of=self._kind_of)
            if replaced:
                mentions = [m for m in mentions if m not in replaced]
            if found:
                mentions.extend(found)
                extra = {**extra, "provisional": {pid: {"name_ar": p.name_ar, "name_en": p.name_en, "kind": p.kind}
                                                  for pid, p in actors.items()}}
        mentions = self._anaphora(text, tokens, mentions)
        mentions = self._regime(text, tokens, mentions)
        mentions.sort(key=lambda m: (m.start, m.end))
        return art.with_(mentions=tuple(mentions), extra=extra)

    def _home_organs(self, text: str, tokens: tuple[Token, ...], mentions: list[Mention]) -> list[Mention]:
        """``الجيش``, ``قوات النظام`` with no state named: the story's own state, when one dominates."""
        counts: dict[str, int] = {}
        for m in mentions:
            entry = self.kb.get(m.actor_id)
            if entry is not None and entry.kind == "state" and m.rule != "people":
                counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
        ranked = sorted(counts.items(), key=lambda x: -x[1])
        if not ranked or ranked[0][1] < 2 or (len(ranked) > 1 and ranked[0][1] < 2 * ranked[1][1]):
            return mentions
        home = ranked[0][0]
        covered = {k for m in mentions for k in range(m.token_start, m.token_end)}
        by_first = _home_organs()
        stems = _home_organ_stems()
        out = list(mentions)
        nxt_free = 0
        for i in [k for k, t in enumerate(tokens) if t.stem in stems]:  # the few tokens that can open one
            if i < nxt_free:
                continue
            first = tokens[i]
            cands = by_first.get(bare_form(first)) or (
                by_first.get(first.norm[1:]) if first.norm[:1] in "وفبل" else None)
            hit = 0
            for words in cands or ():
                n = len(words)
                if i + n <= len(tokens) and all(j not in covered for j in range(i, i + n)) \
                        and all(tokens[i + k].norm == words[k] for k in range(1, n)):
                    nxt = tokens[i + n] if i + n < len(tokens) else None
                    if nxt is not None and nxt.is_word and (nxt.clitic == "ال" or i + n in covered):
                        continue  # ``الجيش الوطني``, ``الجيش الأمريكي``: not ours
                    hit = n
                    break
            if hit:
                s, e = tokens[i].start, tokens[i + hit - 1].end
                clitic = _bare_clitic(tokens[i].clitic)
                out.append(Mention(s, e, home, "organ-home", text[s:e], i, i + hit, clitic))
                nxt_free = i + hit
        return out

    def _is_person(self, aid: str) -> bool:
        return self._kind_of(aid) == "person"

    def _kind_of(self, aid: str) -> str | None:
        e = self.kb.get(aid)
        return None if e is None else e.kind

    def _named_after(self, prev: Token, aid: str) -> bool:
        """``مركز الملك سلمان``, ``ريال مدريد``: a person or a city inside an institution's name."""
        e = self.kb.get(aid)
        if e is None or e.kind not in ("person", "state"):
            return False
        return bare_form(prev) in _named_after()  # construct state: no ال on the noun

    @staticmethod
    def _resolve(group, full: set[str], recent: dict[str, int]):
        """Choose one actor for a span; short forms need a full mention in the article
        (``recent``: each actor's latest mention so far)."""
        group = [g for g in group if g[4] != "short" or g[3] in full]
        if not group:
            return None
        if len(group) == 1:
            return group[0]
        return max(group, key=lambda g: (g[2], g[3] in full, recent.get(g[3], -1)))

    def _organ(
        self, text: str, tokens: tuple[Token, ...], ts: int, te: int, aid: str, clitic: str
    ) -> Mention | None:
        """Extend a state adjective over the organ noun before it (القوات الأمريكية)."""
        organs, longest = _organs()
        for width in range(longest, 0, -1):
            i = ts - width
            if i < 0:
                continue
            words = [tokens[k] for k in range(i, ts)]
            if not all(w.is_word for w in words):
                continue
            first = words[0]
            phrase = " ".join([bare_form(first), *[w.norm for w in words[1:]]])
            # a feminine title (السفيرة، المتحدثة) is its masculine form + ة
            if phrase in organs or (width == 1 and phrase.endswith("ه") and phrase[:-1] in organs):
                s, e = first.start, tokens[te - 1].end
                return Mention(s, e, aid, "organ", text[s:e], i, te, first.clitic)
        return None

    def _leader_groups(self, text: str, tokens: tuple[Token, ...], mentions: list[Mention]) -> list[Mention]:
        """``تنظيم أسامة بن لادن``: a group noun before its leader's name names the group."""
        out = []
        index = self.matcher.descriptor_index
        for m in mentions:
            e = self.kb.get(m.actor_id)
            i = m.token_start - 1
            if (e is not None and e.kind == "person" and e.parent and i >= 0 and tokens[i].is_word
                    and m.clitic == "" and e.parent_rel in ("leader", "founder", "commander", "emir")):
                noun = tokens[i]
                stem = noun.norm if not noun.clitic else (noun.stem if not noun.clitic.endswith(("ال", "لل")) else "")
                if stem and e.parent in index.get(stem, {}):
                    out.append(Mention(noun.start, m.end, e.parent, "leader-group", text[noun.start:m.end],
                                       i, m.token_end, noun.clitic))
                    continue
            out.append(m)
        return out

    def _anaphora(self, text: str, tokens: tuple[Token, ...], mentions: list[Mention]) -> list[Mention]:
        """``الحركة``/``التنظيم``/``الجماعة`` -> the most recent fitting actor.

        Actors whose first descriptor is the word (طالبان is a حركة first) win
        over more recent ones that only sometimes carry it (حركة القاعدة).
        """
        index = self.matcher.descriptor_index
        covered: set[int] = set()
        for m in mentions:
            covered.update(range(m.token_start, m.token_end))
        ordered = sorted(mentions, key=lambda m: m.start)
        out = list(mentions)
        j = 0
        last_by_desc: dict[str, dict[int, str]] = {}  # descriptor -> rank -> latest actor
        adjectives = normalised_words("organs.yaml", "anaphor_adjectives")
        # only a definite descriptor can refer back: pick those tokens first (few), then
        # replay the mentions before each of them
        picks = [i for i, t in enumerate(tokens) if t.stem in index and t.clitic.endswith(("ال", "لل"))]
        for i in picks:
            t = tokens[i]
            while j < len(ordered) and ordered[j].start < t.start:
                m = ordered[j]
                for d, rank in self.matcher.descriptors_of.get(m.actor_id, ()):
                    last_by_desc.setdefault(d, {})[min(rank, 1)] = m.actor_id
                j += 1
            if i in covered or not t.is_word:
                continue
            stem = t.stem
            # ``الحركة الإسلامية`` names another group (``التنظيم المتطرف`` still refers back)
            if i + 1 not in covered and _own_adjective(tokens, i, adjectives):
                continue
            seen = last_by_desc.get(stem, {})
            aid = seen.get(0) or seen.get(1)
            if aid:
                out.append(Mention(t.start, t.end, aid, "anaphora", text[t.start:t.end], i, i + 1, t.clitic))
        return out

    def _regime(self, text: str, tokens: tuple[Token, ...], mentions: list[Mention]) -> list[Mention]:
        """``النظام`` alone, once the article has named a state's regime (``النظام السوري``,
        ``قوات النظام السوري``, ``نظام الأسد``): the latest such state. Before that, or followed
        by an adjective of its own (``النظام الدولي``), it is a system, not a regime."""
        regimes = sorted((m.token_start, m.actor_id) for m in mentions
                         if any(tokens[k].stem == _REGIME for k in range(m.token_start, m.token_end))
                         and (e := self.kb.get(m.actor_id)) is not None and e.kind == "state")
        if not regimes:
            return mentions
        covered = {k for m in mentions for k in range(m.token_start, m.token_end)}
        adjectives = normalised_words("organs.yaml", "anaphor_adjectives")
        out = list(mentions)
        for i in range(regimes[0][0] + 1, len(tokens)):
            t = tokens[i]
            if (t.stem != _REGIME or not t.clitic.endswith(("ال", "لل")) or i in covered
                    or _own_adjective(tokens, i, adjectives)):
                continue
            state = regimes[bisect_right(regimes, (i, "")) - 1][1]
            out.append(Mention(t.start, t.end, state, "anaphora", text[t.start:t.end], i, i + 1, t.clitic))
        return out


_REGIME = "نظام"


def _own_adjective(tokens: tuple[Token, ...], i: int, adjectives: frozenset[str]) -> bool:
    """Whether a definite adjective of its own follows the noun at ``i`` (``الحركة الإسلامية``,
    ``النظام الدولي``), other than those an anaphor carries (``التنظيم المتطرف``); a word
    after و (``النظام والمعارضة``) is none."""
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    return nxt is not None and nxt.is_word and nxt.clitic == "ال" and nxt.norm not in adjectives


def _bare_clitic(clitic: str) -> str:
    """The prepositions and conjunctions of a clitic, without the article (لل -> ل)."""
    if clitic in _LIL:
        return clitic[:-1]
    return clitic[:-2] if clitic.endswith("ال") else clitic


def _longest_non_overlapping(cands: list[_Cand]) -> list[_Cand]:
    """Keep the longest spans; equal spans are all kept (resolved later)."""
    cands.sort(key=lambda c: (-(c[1] - c[0]), c[0], -c[2]))
    # the spans taken are disjoint (equal ones aside), so each character has at most one
    # owner, and a span overlaps another taken one exactly when one of its characters is
    # owned by a different span: a look-up per character, not a scan of all spans taken
    owner: dict[int, tuple[int, int]] = {}
    out = []
    for c in cands:
        span = (c[0], c[1])
        if any(owner.get(k, span) != span for k in range(c[0], c[1])):
            continue
        owner.update(dict.fromkeys(range(c[0], c[1]), span))
        out.append(c)
    return out


@cache
def _inner_links() -> frozenset[str]:
    return normalised_words("organs.yaml", "inner_name_links")


_RELATIVES = frozenset({"الذي", "التي"})


def _inner_names(chosen: list[_Cand], cands: list[_Cand], tokens: tuple[Token, ...], starts: dict[int, int],
                 ends: dict[int, int]) -> list[_Cand]:
    """``التحالف العربي بقيادة السعودية``: a name that names another actor after a link word
    (``organs.yaml`` ``inner_name_links``) is cut before the word, and the longest known name
    after it becomes a mention of its own."""
    links = _inner_links()
    out: list[_Cand] = []
    for c in chosen:
        ts, te = starts[c[0]], ends[c[1]] + 1
        k = next((i for i in range(ts + 1, te - 1) if tokens[i].norm in links), None)
        if k is None:
            out.append(c)
            continue
        head = k - 1 if tokens[k - 1].norm in _RELATIVES else k
        after = tokens[k + 1].start
        inner = [x for x in cands if after <= x[0] and x[1] <= c[1] and x[3] != c[3]]
        if not inner or head <= ts:
            out.append(c)
            continue
        longest = max(x[1] - x[0] for x in inner)
        span = min((x[0], x[1]) for x in inner if x[1] - x[0] == longest)
        out.append((c[0], tokens[head - 1].end, *c[2:]))
        out.extend(x for x in inner if (x[0], x[1]) == span)
    return out


class _FuzzyIndex:
    """Near-misses of single-word names (``طالبات`` for ``طالبان``).

    A typo is accepted only where the context supports it: the article names
    the same actor exactly at least twice elsewhere, the word is long enough,
    and it differs from the name by one substitution that keeps the first
    two letters.
    """

    def __init__(self, kb: KnowledgeBase) -> None:
        self.by_key: dict[tuple[int, str], list[tuple[str, str]]] = {}  # (length, first two letters)
        for a in kb.actors.values():
            if a.kind == "person":
                continue
            for form in _single_words(a):
                self.by_key.setdefault((len(form), form[:2]), []).append((form, a.id))
        # actor -> (rank in by_key order, key, form): an article selects its few actors, not the whole index
        self.by_actor: dict[str, list[tuple[int, tuple[int, str], str]]] = {}
        # form with one letter after the first two masked -> (rank, form, actor), by rank: the forms
        # one substitution from a word, found without a scan of its (long) key list
        self.masked: dict[str, list[tuple[int, str, str]]] = {}
        rank = 0
        for key, forms in self.by_key.items():
            for form, aid in forms:
                self.by_actor.setdefault(aid, []).append((rank, key, form))
                for i in range(2, len(form)):
                    self.masked.setdefault(form[:i] + "\0" + form[i + 1:], []).append((rank, form, aid))
                rank += 1

    def add_typos(self, text: str, tokens: tuple[Token, ...], mentions: list[Mention]) -> list[Mention]:
        counts: dict[str, int] = {}
        for m in mentions:
            counts[m.actor_id] = counts.get(m.actor_id, 0) + 1
        # only names the article already uses twice can be misspelt here
        keys: dict[tuple[int, str], list[tuple[str, str]]] = {}
        picked = sorted((r, key, form, aid) for aid, n in counts.items() if n >= 2
                        for r, key, form in self.by_actor.get(aid, ()))
        for _, key, form, aid in picked:  # in by_key order, as _near takes the first fit
            keys.setdefault(key, []).append((form, aid))
        if not keys:
            return mentions
        covered: set[int] = set()
        for m in mentions:
            covered.update(range(m.token_start, m.token_end))
        out = list(mentions)
        heads = {k[1] for k in keys}  # a word can only be near a form that shares its first two letters
        # words of five letters or more (stem) that share their first two letters with a form
        near = [i for i, t in enumerate(tokens) if len(t.stem) >= 5 and (t.norm[:2] in heads or t.stem[:2] in heads)]
        allowed = {aid for aid, n in counts.items() if n >= 2}
        for i in near:
            t = tokens[i]
            if i in covered or not t.is_word:
                continue
            for word, clitic in ((t.norm, ""), (t.stem, t.clitic)):
                forms = keys.get((len(word), word[:2]))
                if not forms:
                    continue
                hit = _near(word, forms) if len(forms) <= _SCAN_FORMS else self._near_masked(word, allowed)
                if hit:
                    out.append(Mention(t.start, t.end, hit, "fuzzy", text[t.start:t.end], i, i + 1, clitic))
                    break
        return out


    def _near_masked(self, word: str, allowed: set[str]) -> str | None:
        """:func:`_near` over the forms of the ``allowed`` actors, by the masked index."""
        best: tuple[int, str] | None = None
        masked = self.masked
        for i in range(2, len(word)):
            for rank, form, aid in masked.get(word[:i] + "\0" + word[i + 1:], ()):
                if aid in allowed and form != word:
                    if best is None or rank < best[0]:
                        best = (rank, aid)
                    break
        return best[1] if best else None


# A word is compared with a key's forms one by one up to this many; a longer list (a long
# article names many actors) is searched by the masked index.
_SCAN_FORMS = 8


def _near(word: str, forms: Iterable[tuple[str, str]]) -> str | None:
    """The actor of a form one substitution away from ``word``."""
    for form, aid in forms:
        if form != word and sum(1 for a, b in zip(form, word, strict=True) if a != b) == 1:
            return aid
    return None


def _single_words(a: ActorEntry) -> set[str]:
    forms = set()
    for f in (a.name_ar, *a.aliases_ar):
        n = normalise(f)
        if " " not in n and len(n) >= 5:
            forms.add(n)
    return forms
