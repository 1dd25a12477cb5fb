"""The context of a relation: modality, who says so, time and place."""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import cache

from rawabit.data import load_yaml
from rawabit.extraction.frames import governing_prep
from rawabit.model import Mention, Sentence, Token
from rawabit.text.normalise import normalise
from rawabit.text.segment import bare_form

_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_CUE_WINDOW = 8  # tokens before a trigger searched for hedges and negations
_DEMAND_WINDOW = 14  # a demand verb opens the sentence, its addressee and request follow
_DENIAL_WINDOW = 14  # نفى [subject, adverbs] الاتهامات أن …: the denial before what it denies


@cache
def _cues() -> tuple[frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    d = load_yaml("triggers.yaml")
    hedge = frozenset(normalise(x) for x in d["modality"]["hedge"])
    neg = frozenset(normalise(x) for x in d["modality"]["negation"])
    verbs = frozenset(normalise(x) for x in d["attribution"]["verbs"])
    generic = frozenset(normalise(x) for x in d["attribution"]["generic"])
    return hedge, neg, verbs, generic


_DENIAL = frozenset(normalise(x) for x in ("نفى نفت ينفي تنفي نفي النفي ينفون نفوا ينكر تنكر أنكر إنكار نفيه نفيها").split())
_STRONG_NEG = frozenset(normalise(x) for x in ("لا لم لن ليس ليست ليسوا عدم ولا ولم ولن").split())
# ``لا يزال``, ``لم تزل``: "still", no negation (``لا يزال الشباب يكثفون عملياتهم ضد … اميصوم``)
_STILL = frozenset(normalise(x) for x in ("يزال تزال يزالون تزالان يزالان نزال ازال يزل تزل يزلن").split())


def modality_of(tokens: tuple[Token, ...], sent: Sentence, trigger: int, lo: int) -> tuple[str, str]:
    """``(modality, cue)``: negated when a negation or a denial governs the trigger,
    hedged when a hedge or a future verb does, else asserted."""
    hedge, neg, _verbs, _generic = _cues()
    start = max(sent.first_token, min(lo, trigger) - _CUE_WINDOW)
    words = tokens[start:trigger]
    for k in range(trigger - 1, max(start, trigger - 3) - 1, -1):
        t = tokens[k]
        if t.norm in _STRONG_NEG and not (k + 1 < trigger and tokens[k + 1].norm in _STILL):
            return "negated", t.norm
    for t in words:
        if _denies(t):
            return "negated", t.norm
    said = _allegation(tokens, sent, start, trigger)
    if said is not None:
        return said
    trig = tokens[trigger]
    for t in words:
        if t.norm in hedge or t.stem in hedge:
            return "hedged", t.norm
    n = trig.norm[1:] if trig.norm[:1] in ("و", "ف") else trig.norm
    if len(n) > 4 and n[0] == "س" and n[1] in "يتن":
        return "hedged", "future"
    return "asserted", ""


def _in(t: Token, words: frozenset[str]) -> bool:
    """``t`` is one of ``words``, also with a glued و/ف the segmenter left on a short word (ونفى، ودعا)."""
    return t.norm in words or (t.norm[:1] in ("و", "ف") and t.norm[1:] in words)


def _denies(t: Token) -> bool:
    """A denial verb or noun, also after a conjunction or ب (بنفي)."""
    return _in(t, _DENIAL) or (t.stem in _DENIAL and t.clitic in ("و", "ف", "ب"))


@cache
def _allegations() -> frozenset[str]:
    return frozenset(normalise(x) for x in load_yaml("triggers.yaml")["modality"].get("allegation", ()))


def _allegation(tokens: tuple[Token, ...], sent: Sentence, start: int, trigger: int) -> tuple[str, str] | None:
    """The trigger is what an accusation says (``الاتهامات أن تركيا تساعد داعش``): hedged, or
    negated when a denial verb governs the accusation noun (its subject may stand between them)."""
    nouns = _allegations()
    for k in range(trigger - 1, start - 1, -1):
        t = tokens[k]
        if bare_form(t) not in nouns:
            continue
        if not any(x.norm in ("ان", "بان") for x in tokens[k + 1:min(k + 3, trigger)]):
            return None  # an accusation against someone (اتهامات لتركيا بدعم …): kept as the sentence says
        before = tokens[max(sent.first_token, k - _DENIAL_WINDOW):k]
        for x in before:
            if _denies(x):
                return "negated", x.norm
        return "hedged", t.norm
    return None


@cache
def _demands() -> frozenset[str]:
    return frozenset(normalise(x) for x in load_yaml("triggers.yaml")["modality"].get("demand", ()))


def demanded(tokens: tuple[Token, ...], sent: Sentence, trigger: int) -> bool:
    """The trigger names what someone is urged to do (``طالب … باكستان بالتصدي لطالبان``,
    ``دعا … إلى محاربة داعش``): a masdar with ب/إلى/على after a demand verb."""
    t = tokens[trigger]
    prev = tokens[trigger - 1].norm if trigger > sent.first_token else ""
    if not (t.norm[:1] in ("ب", "ل") or t.clitic.startswith(("ب", "ل")) or prev in ("الى", "على")):
        return False
    demands = _demands()
    start = max(sent.first_token, trigger - _DEMAND_WINDOW)
    return any(_in(x, demands) for x in tokens[start:trigger])


def attribution_of(tokens: tuple[Token, ...], sent: Sentence, mentions: tuple[Mention, ...], lo: int) -> str | None:
    """Who says so: the actor next to a reporting verb before the relation, or a
    generic source (``مراقبون``) as text."""
    _hedge, _neg, verbs, generic = _cues()
    sm = _in_sentence(mentions, sent)
    for k in range(sent.first_token, lo):
        t = tokens[k]
        w = t.norm[1:] if t.norm[:1] in ("و", "ف") and t.norm[1:] in verbs else t.norm
        if w not in verbs:
            continue
        # VSO: the mention right after the verb, not governed by a preposition (``أكد على وجوده
        # في أفغانستان``: where, not who); SVO: the one right before it
        for m in sm:
            if 0 <= m.token_start - (k + 1) <= 3 and m.token_start < lo and governing_prep(tokens, m, sent) in ("", "و"):
                return m.actor_id
        for m in sm:
            if 0 <= k - m.token_end <= 1:
                return m.actor_id
        for j in range(k + 1, min(k + 4, sent.last_token)):
            g = tokens[j].norm
            if g in generic or tokens[j].stem in generic:
                return tokens[j].norm if tokens[j].norm[:1] not in ("و", "ف") else tokens[j].norm[1:]
    for k in range(sent.first_token, lo):
        if tokens[k].norm in generic and k + 1 < lo and tokens[k + 1].norm in verbs:
            return tokens[k].norm
    return None


# The mentions last asked about (by identity), their indices by first token, and those tokens:
# one sort per article instead of a scan of all its mentions per relation.
_BY_TOKEN: tuple[tuple[Mention, ...], list[int], list[int]] = ((), [], [])


def _in_sentence(mentions: tuple[Mention, ...], sent: Sentence) -> list[Mention]:
    """The mentions that start in ``sent``, in the order of ``mentions``."""
    global _BY_TOKEN
    if _BY_TOKEN[0] is not mentions:
        order = sorted(range(len(mentions)), key=lambda i: mentions[i].token_start)
        _BY_TOKEN = (mentions, order, [mentions[i].token_start for i in order])
    _, order, starts = _BY_TOKEN
    lo = bisect_left(starts, sent.first_token)
    hi = bisect_left(starts, sent.last_token, lo)
    return [mentions[i] for i in sorted(order[lo:hi])]


@cache
def _months() -> dict[str, int]:
    """Normalised month name (one or two words) -> month number, from ``months.yaml``."""
    d = load_yaml("months.yaml")
    return {normalise(str(name)): int(num) for num, names in d["months"].items() for name in names}


def time_of(text: str, sent: Sentence, tokens: tuple[Token, ...], trigger: int) -> str | None:
    """The year (and month) the sentence gives, nearest the trigger: ``2019``, ``2016-07``."""
    best: tuple[int, str] | None = None
    months = _months()
    for k in range(sent.first_token, sent.last_token):
        t = tokens[k]
        m = _YEAR.fullmatch(t.norm)
        if not m:
            continue
        year = m.group(1)
        month = None
        for back in range(1, 5):
            if k - back < sent.first_token:
                break
            w = tokens[k - back].norm
            two = f"{tokens[k - back - 1].norm} {w}" if k - back - 1 >= sent.first_token else ""
            if two in months or w in months:
                month = months.get(two) or months[w]
                break
            if not tokens[k - back].is_word and w not in ("/", "-"):
                break
        value = f"{year}-{month:02d}" if month else year
        d = abs(k - trigger)
        if best is None or d < best[0]:
            best = (d, value)
    return best[1] if best else None


@cache
def _places() -> dict[str, str]:
    d = load_yaml("places.yaml")
    return {normalise(f): name for name, forms in d["places"].items() for f in forms}


def place_of(sent: Sentence, tokens: tuple[Token, ...], start: int | None = None) -> str | None:
    """The first known place named from the evidence on (``ولاية ننجرهار`` -> Nangarhar);
    a place before the evidence belongs to another clause of the sentence."""
    places = _places()
    for k in range(sent.first_token if start is None else start, sent.last_token):
        t = tokens[k]
        for cand in (t.norm, t.stem, bare_form(t)):
            if k + 1 < sent.last_token:
                two = cand + " " + tokens[k + 1].norm
                if two in places:
                    return places[two]
            if cand in places:
                return places[cand]
    return None

