"""Roles: affiliations stated by role nouns and titles (rules ``role-*`` and ``nationality*``).

- ROLE ORG … PERSON: ``زعيم حركة طالبان الملا محمد عمر``
- PERSON ، ROLE ORG: ``جيمس كومي، مدير «إف بي آي»``
- ORG و ROLE+pronoun PERSON: ``تنظيم داعش وزعيمه البغدادي``
- STATE-ADJECTIVE PERSON: ``الرئيس الأفغاني أشرف غني``, ``المصري عبدالفتاح السيسي``
- a title that names no body (``وزير الخارجية عادل الجبير``): the state the knowledge base gives him
"""

from __future__ import annotations

from collections.abc import Callable

from rawabit.caches import WORDS_REMEMBERED, forget_older_half
from rawabit.extraction.lexicon import Trigger, role_nouns
from rawabit.kb.loader import KnowledgeBase
from rawabit.model import Mention, Sentence, Token
from rawabit.text.names import given_names
from rawabit.text.normalise import normalise
from rawabit.text.segment import bare_form

# The nationality of a person only the tagger found (``البرتغالي جوزيه مورينيو``): decided like
# the others, so that nothing else pairs the two, then left out of the output.
UNLISTED = "nationality-unlisted:affiliate"

ROLE_TRIGGER = Trigger("affiliate", None, "role", "role")

_POSTED_TO = frozenset(normalise(w) for w in "إلى الى لدى".split())  # ``الموفد الدولي إلى اليمن``
_POSTED_AT = frozenset(normalise(w) for w in "لدى في الى إلى ب".split())  # ``السفير الإسرائيلي لدى الأمم المتحدة``

Affiliation = tuple[Mention, Mention, int, str]  # person, organisation, the role's token, rule


class Roles:
    """The role nouns of ``triggers.yaml`` and the rules that read them."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        nouns = role_nouns()
        self.words = frozenset(r[0] for r in nouns if len(r) == 1)  # the one-word role nouns
        self._by_first: dict[str, list[tuple[str, ...]]] = {}
        for r in nouns:  # longest first, as role_nouns() gives them
            self._by_first.setdefault(r[0], []).append(r)
        self._inflected: dict[str, int] = {}  # word -> _inflected_role(word), per process

    def affiliations(
        self, tokens: tuple[Token, ...], sent: Sentence, sm: list[Mention], by_token: dict[int, Mention],
        kind: Callable[[str], str],
    ) -> tuple[list[Affiliation], list[frozenset[str]]]:
        """The affiliations the role nouns and titles of a sentence state (the forms above), and
        the pairs a role rules out (an envoy and the state he is sent to: no relation joins them)."""
        out: list[Affiliation] = []
        ruled_out: list[frozenset[str]] = []  # pairs the model may not join either
        if not any(kind(m.actor_id) == "person" for m in sm):
            return out, ruled_out
        ordered = sorted(sm, key=lambda m: m.token_start)
        words = [k for k in range(sent.first_token, sent.last_token) if tokens[k].is_word]

        def next_mention(after: int, limit: int, person: bool | None) -> Mention | None:
            """First mention starting at or after token ``after`` within ``limit`` words."""
            for m in ordered:
                if m.token_start < after:
                    continue
                n = sum(1 for k in words if after <= k < m.token_start)
                if n > limit:
                    return None
                is_person = kind(m.actor_id) == "person"
                if person is None or is_person == person:
                    return m
                if not person and is_person:
                    return None
            return None

        def add(p: Mention, org: Mention, lo: int, rule: str) -> None:
            if p.actor_id != org.actor_id and kind(org.actor_id) != "person":
                out.append((p, org, lo, rule))

        for pos, k in enumerate(words):
            if k in by_token:
                continue
            role_len = self._role_at(tokens, words, pos)
            if not role_len:
                continue
            end = words[pos + role_len - 1] + 1
            t = tokens[k]
            possessive = role_len == 1 and bare_form(t) not in self.words
            if possessive:
                p = next_mention(end, 2, True)
                org = next((m for m in reversed(ordered) if m.token_end <= k and kind(m.actor_id) != "person"
                            and k - m.token_end <= 6), None)
                if p is not None and org is not None:
                    add(p, org, k, "role-possessive:affiliate")
                continue
            org = next_mention(end, 3, False)
            if org is not None and org.token_start > 0 and tokens[org.token_start - 1].norm in _POSTED_TO:
                # ``الموفد الدولي إلى اليمن إسماعيل ولد الشيخ أحمد``: sent to the state, not its man
                envoy = next_mention(org.token_end, 4, True)
                if envoy is not None:
                    ruled_out.append(frozenset((envoy.actor_id, org.actor_id)))
                continue
            if org is not None:
                p = next_mention(org.token_end, 4, True)
                if p is not None and (any(
                    org.token_end <= m.token_start < p.token_start and m.rule == "organ"
                    and titled_person(tokens, m, ordered, kind) is p for m in ordered
                ) or any(self._role_at(tokens, words, q) and q > 0 and _joins(tokens[words[q - 1]], tokens[w])
                         for q, w in enumerate(words) if org.token_end <= w < p.token_start)):
                    # ``قوات الحرس الموالية للرئيس اليمني صالح``, ``وزير الدفاع السعودي، مع الرئيس قاديروف``:
                    # the person has his own title
                    p = None
                if p is not None:
                    add(p, org, k, "role-before:affiliate")
                    continue
                # PERSON ، ROLE ORG
                prev_person = next((m for m in reversed(ordered) if m.token_end <= k), None)
                if (prev_person is not None and kind(prev_person.actor_id) == "person"
                        and sum(1 for w in words if prev_person.token_end <= w < k) <= 2):
                    add(prev_person, org, k, "role-after:affiliate")
            else:
                # ``وزير الخارجية عادل الجبير``: the title names no body; the knowledge base
                # knows whose minister he is, and the story names that state
                p = next_mention(end, 2, True)
                state = self.story_state(p.actor_id, kind) if p is not None and _full_name(p) else None
                if p is not None and state is not None:
                    parent = Mention(p.start, p.end, state, "kb-parent", p.surface, p.token_start, p.token_end)
                    add(p, parent, k, "role-kb:affiliate")
        # STATE-ADJECTIVE (or TITLE + ADJECTIVE) right before a person
        for i, m in enumerate(ordered):
            if m.rule not in ("nisba", "organ", "people") or kind(m.actor_id) != "state":
                continue
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            if nxt is not None and kind(nxt.actor_id) == "person":
                gap = [t for t in tokens[m.token_end : nxt.token_start] if t.is_word]
                if len(gap) <= 1:
                    # a bare adjective (``الألماني``) before someone only the tagger found is mostly
                    # a coach, player or writer's nationality: it still ties the two (no other
                    # relation between them) but is not listed; before a known figure (``الفرنسي
                    # ماكرون``) or after a title (``الرئيس الأمريكي``) it is his state
                    plain = m.rule == "nisba" and nxt.actor_id not in self.kb.actors
                    add(nxt, m, m.token_start, UNLISTED if plain else "nationality:affiliate")
            # ``السفير الإسرائيلي لدى الأمم المتحدة داني دانون``: the post's place sits between
            after = [x for x in ordered[i + 1 :] if kind(x.actor_id) == "person"]
            if m.rule == "organ" and after and m.token_end < len(tokens) and tokens[m.token_end].norm in _POSTED_AT:
                p = after[0]
                gap = [t for t in tokens[m.token_end : p.token_start] if t.is_word]
                if len(gap) <= 5:
                    add(p, m, m.token_start, "nationality-posted:affiliate")
        return out, ruled_out

    def story_state(self, aid: str, kind: Callable[[str], str]) -> str | None:
        """The state the knowledge base places this person in, when the story names it
        (offices of state only: group ties change)."""
        e = self.kb.get(aid)
        if e is None or e.kind != "person" or not e.parent or kind(e.parent) != "state":
            return None
        return e.parent

    def _role_at(self, tokens: tuple[Token, ...], words: list[int], pos: int) -> int:
        """Length in words of a role noun starting at word ``pos`` (0 if none)."""
        first = bare_form(tokens[words[pos]])
        for role in self._by_first.get(first, ()):
            k = len(role)
            if pos + k <= len(words) and all(tokens[words[pos + j]].norm == role[j] for j in range(1, k)):
                return k
        inflected = self._inflected.get(first)
        if inflected is None:  # a word met for the first time: remembered, it recurs
            if len(self._inflected) >= WORDS_REMEMBERED:
                forget_older_half(self._inflected)
            inflected = self._inflected[first] = _inflected_role(first, self.words)
        return inflected


def titled_person(
    tokens: tuple[Token, ...], title: Mention, sm: list[Mention], kind: Callable[[str], str]
) -> Mention | None:
    """The person a state title names (``الرئيس اليمني [السابق] علي عبد الله صالح``), if one follows."""
    for m in sm:
        if m.token_start >= title.token_end and kind(m.actor_id) == "person":
            gap = [t for t in tokens[title.token_end : m.token_start] if t.is_word]
            return m if len(gap) <= 1 else None
    return None


def _full_name(m: Mention) -> bool:
    """A person named in full (``عادل الجبير``), not by a short or given name (``صالح``, ``عبد الله``)."""
    name = normalise(m.surface[len(m.clitic):] if m.clitic and m.surface.startswith(m.clitic) else m.surface)
    return len(name.split()) >= 2 and name not in given_names()


def _inflected_role(word: str, role_words: frozenset[str]) -> int:
    """1 when ``word`` is a one-word role noun in the feminine or with a possessive pronoun, else 0."""
    if word.endswith("ه") and word[:-1] in role_words:
        return 1  # السفيرة، المتحدثة
    stripped = _strip_pronoun(word)
    if stripped != word and stripped in role_words:
        return 1  # زعيمه، رئيسها
    return 0


def _strip_pronoun(w: str) -> str:
    """``زعيمه`` -> ``زعيم``; ``رئيسها`` -> ``رئيس``."""
    for suf in ("هما", "هم", "ها", "ه"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            return w[: -len(suf)]
    return w


def _joins(prev: Token, role: Token) -> bool:
    """A role that opens another party: ``مع الرئيس``, ``والرئيس`` (not a rank or honorific: ``الشيخ``, ``العقيد``)."""
    return prev.norm in ("مع", "و") or role.norm.startswith("و") or role.clitic.startswith("و")

