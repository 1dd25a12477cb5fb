"""Frames: the slots a trigger opens, filled with the actor mentions of its clause.

A trigger of ``data/triggers.yaml`` names its frame: ``sym`` relates the actors
before it to those after it (``اشتباكات بين A و B``, ``A تحالف مع B``);
``give``, ``sway`` and ``member`` take a subject and an object governed by the
right preposition (``دعم A لـ B``, ``X فرع Y``); ``led`` and ``receive`` turn the
pair around (``يتزعمه``, ``المدعومة من``). Subjects stand before the trigger
(SVO) or right after a verb (VSO); clauses end at punctuation and clause words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from rawabit.data import load_yaml
from rawabit.extraction.lexicon import Trigger
from rawabit.extraction.roles import titled_person
from rawabit.model import Mention, Sentence, Token
from rawabit.text.normalise import normalise
from rawabit.text.segment import bare_form

_BEFORE = 9  # tokens looked at before a trigger
_AFTER = 12  # and after it
_PREPS = {"مع": "with", "ضد": "against", "علي": "on", "الي": "to", "من": "from", "في": "in", "عن": "about", "بين": "between", "لدي": "at"}
_FILLERS = frozenset(
    normalise(w)
    for w in (
        "مقاتلو مقاتلي مقاتلين عناصر مسلحو مسلحي قوات جنود أفراد ميليشيات مليشيات تنظيم حركة جماعة "
        "عدد العشرات المئات آلاف مئات عشرات زعيم قادة قائد أنصار مؤيدو مؤيدي كوادر خلايا فصائل وحدات "
        "متمردي متمردو متمردين متشددي متشددو متشددين مواقع معاقل معقل قواعد قيادات قياديي "
        "مقاتلات طائرات طيران قاذفات مدفعية بوارج"
    ).split()
)


_SKIP_BEFORE_ARG = _FILLERS | frozenset(
    normalise(w)
    for w in "دعم الدعم مساعده المساعده مساعدات تمويل التمويل اسلحه الاسلحه حمايه الحمايه خبرات خبراء مدربي مدربين".split()
)


@dataclass
class _Arg:
    mention: Mention
    prep: str  # '', 'ل', 'ب', or a preposition word from _PREPS


def frame_arguments(
    tokens: tuple[Token, ...], sent: Sentence, sm: list[Mention], kind: Callable[[str], str]
) -> list[Mention]:
    """The mentions of a sentence that may fill a frame's slots: not a place's or a topic's
    adjective, not a people's home state, not the source a medium reports, not an adjective
    describing the actor before it."""
    # a plural adjective (الفلسطينيين، الأفغان) names people of a state, not the
    # state acting: it takes no part in relations except as a nationality
    ends = {m.token_end: m for m in sm}
    return [m for m in sm if m.rule != "people" and not _place_adjective(tokens, m) and not _of_people(tokens, m)
            and not (kind(m.actor_id) == "other" and _reporter(tokens, sent, m))
            and not _describes(m, ends, kind)]


def mention_flags(
    tokens: tuple[Token, ...], sent: Sentence, m: Mention, ends: dict[int, Mention], kind: Callable[[str], str]
) -> tuple[str, ...]:
    """Why :func:`frame_arguments` would leave a mention out (``place-adjective``, ``of-people``,
    ``reporter``, ``describes``) and the preposition governing it (``prep:on``): what the
    learned pair model reads of a mention's role in its sentence."""
    flags = [f"prep:{governing_prep(tokens, m, sent)}"]
    if _place_adjective(tokens, m):
        flags.append("place-adjective")
    if _of_people(tokens, m):
        flags.append("of-people")
    if _reporter(tokens, sent, m):
        flags.append("reporter")
    if _describes(m, ends, kind):
        flags.append("describes")
    return tuple(flags)


def fill_frame(
    tokens: tuple[Token, ...], sent: Sentence, sm: list[Mention], ti: int, tj: int, trig: Trigger,
    kind: Callable[[str], str],
) -> list[tuple[Mention, Mention, str]]:
    """The pairs the frame of the trigger at tokens ``ti:tj`` relates, ``(source, target, rule)``,
    its slots filled with the mentions ``sm`` of its clause (see :func:`frame_arguments`)."""
    lo, hi = _clause(tokens, sent, ti, tj, sm)
    before = [m for m in sm if lo <= m.token_start and m.token_end <= ti and ti - m.token_end <= _BEFORE]
    after = [m for m in sm if tj <= m.token_start < hi and m.token_start - tj <= _AFTER]
    args_after = _inherit_preps(tokens, [_Arg(m, governing_prep(tokens, m, sent)) for m in after])
    if (trig.frame == "member" and tj - ti > 1 and tokens[tj - 1].norm in _PREPS and args_after
            and args_after[0].mention.token_start == tj):
        # ``العضو في الحلف``, ``جزء من التنظيم``: the trigger's own preposition governs its object
        args_after[0] = _Arg(args_after[0].mention, "")
    args_before = [_Arg(m, governing_prep(tokens, m, sent)) for m in before]
    name = f"{trig.frame}:{trig.type}:{trig.form}"
    # ``بين A و B``
    k = next((j for j in range(tj, min(tj + 6, hi)) if tokens[j].norm == "بين"), -1)
    if k >= 0 and not any(tj <= m.token_start < k for m in sm):
        between = [m for m in sm if k < m.token_start <= k + 8]
        distinct = distinct_actors(between)
        second = _second_party(tokens, sm, distinct[0], sent.last_token) if distinct else None
        if second is not None:
            return [(distinct[0], second, f"between:{name}")]
        if len(distinct) >= 2:
            return [(distinct[0], distinct[1], f"between:{name}")]
        return []  # ``بين`` names the parties; with one of them unknown there is no pair
    bare_before = [a.mention for a in sorted(args_before, key=lambda x: -x.mention.token_start) if a.prep in ("", "و")]
    if trig.frame == "sym":
        left = distinct_actors(bare_before)[:2]
        allowed = ("with", "against", "on", "ل", "to", "", "و") + (("from",) if trig.type == "fight" else ())
        right_args = [a for a in args_after if a.prep in allowed]
        if not left and right_args and not right_args[0].prep and _close(tokens, tj, right_args[0].mention):
            # VSO: the subject follows the verb, with those joined to it by و (هجمات داعش والقاعدة على …)
            left = _chain(tokens, [a.mention for a in right_args])
            right_args = [a for a in right_args[1:] if a.mention not in left]
        right = _chain(tokens, [a.mention for a in right_args])
        # two actors joined after the trigger are not paired with each other: after a verb or
        # a masdar they are its objects, on one side (``قصف مواقع الحوثيين وصالح``,
        # ``تحريرها من مليشيات الحوثي وصالح``); ``بين`` above names two sides
        return [(a, b, name) for a in left for b in right if a.actor_id != b.actor_id]
    subj = _subject(tokens, args_before, args_after, ti, tj)
    if trig.frame == "member":
        # ``X فرع/ذراع/جناح Y``, ``X المرتبطة بـ Y``: the member stands before the trigger
        bare_b = [a.mention for a in sorted(args_before, key=lambda x: -x.mention.token_start) if a.prep in ("", "و")]
        subj = bare_b[0] if bare_b else subj
        if subj is not None and trig.form.startswith(_PARTICIPLES) and not _adjacent(tokens, sm, subj, ti):
            # ``جماعة الحوثي والقوات الموالية لصالح``: the participle qualifies القوات, not the Houthis
            return []
        args_after = [a for a in args_after if a.mention.rule != "nisba"]
    if trig.frame == "give" and _purpose(tokens[ti]):
        # ``وصلت أسلحة من دول التحالف لدعم الجيش اليمني``: "(from) A … to support B";
        # the actor right after a purpose masdar is its object, never a VSO subject
        giver = next((a.mention for a in sorted(args_before, key=lambda x: -x.mention.token_start)
                      if a.prep in ("from", "", "و")), None)
        first = next((a for a in args_after if a.prep in ("", "ل", "to") and a.mention.token_start - tj <= 1), None)
        if giver is None or first is None:
            return []
        objs = [first.mention, *_joined_after(tokens, args_after, first)]  # ``لدعم الجيش والمقاومة``
        return [(giver, o, f"purpose:{name}") for o in objs if o.actor_id != giver.actor_id]
    if trig.frame in ("give", "sway", "member"):
        if subj is None:
            # nominal ``دعم A لـ B``: genitive source, ل/على target
            if args_after and not args_after[0].prep and args_after[0].mention.token_start - tj <= 1:
                src = args_after[0].mention
                for a in args_after[1:]:
                    if a.prep in ("ل", "on", "to") and a.mention.actor_id != src.actor_id:
                        return [(src, a.mention, f"genitive:{name}")]
            return []
        want = {"give": ("ل", "", "to", "ب", "with"), "sway": ("on", "ب", "ل", "in", ""),
                "member": ("", "ل", "to", "with", "ب", "from")}[trig.frame]
        anchor = max(tj, subj.token_end)
        for a in args_after:
            if a.mention is subj or a.mention.actor_id == subj.actor_id:
                continue
            # a bare object is the direct object: right after the verb and its subject
            if a.prep == "" and a.mention.token_start - anchor > 2:
                continue
            if a.prep in want:
                if trig.form in _LEAD_VERBS and a.prep:
                    continue  # ``يقود X شبكة مقربة من باكستان``: one leads a direct object
                obj = a.mention
                if trig.frame == "member" and kind(subj.actor_id) == "state" and \
                        kind(obj.actor_id) == "person":
                    return []  # ``الجيش اليمني الموالي للرئيس هادي``: a state is no man's member
                if trig.frame == "member" and obj.rule == "organ":
                    # ``الموالية للرئيس اليمني السابق علي عبد الله صالح``: loyal to the man, not the state
                    obj = titled_person(tokens, obj, sm, kind) or obj
                return [(subj, obj, name)]
        return []
    if trig.frame == "led":
        leader = next((a.mention for a in args_after if not a.prep and a.mention.token_start - tj <= 2
                       and a.mention.rule not in ("nisba", "people")), None)  # ``يتزعمه اليمني``: a man
        led = next((a.mention for a in sorted(args_before, key=lambda x: -x.mention.token_start)), None)
        if leader is not None and led is not None and leader.actor_id != led.actor_id:
            return [(leader, led, name)]
        return []
    if trig.frame == "receive":
        if trig.form.startswith(("مدعوم", "المدعوم")):
            # the participle qualifies the actor right before it, whatever governs that actor
            # (``بين المقاومة الشعبية المدعومة بقوات الجيش``)
            before_it = next((a for a in args_before if a.mention.token_end == ti), None)
            if before_it is not None and before_it.prep not in ("in", "at", "on", "to"):
                subj = before_it.mention
            elif before_it is not None:
                return []  # ``الميليشيات في اليمن المدعومة من إيران``: a place, not what is backed
        if subj is None:
            return []
        relying = trig.form.startswith(("يعتمد", "تعتمد", "ستعتمد", "سيعتمد", "اعتمد", "الاعتماد"))
        for a in args_after:
            if a.mention.actor_id == subj.actor_id:
                continue
            backed = trig.form.startswith(("مدعوم", "المدعوم")) and a.prep == "ب"  # المدعومة بقوات X
            if (relying and a.prep == "on") or (not relying and a.prep in ("from", "on")) or backed:
                out = [(a.mention, subj, name)]
                # ``المدعومة بقوات الجيش وطائرات التحالف``: givers joined by و
                last = a.mention
                for b in args_after[args_after.index(a) + 1:] if backed else ():
                    gap = tokens[last.token_end:b.mention.token_start]
                    joined = b.prep == "و" or (gap and gap[0].norm.startswith("و") and gap[0].is_word)
                    if not joined or len(gap) > 2:
                        break  # ``… بقوات الجيش الوطني وطائرات التحالف``: و joins the givers
                    if b.mention.actor_id != subj.actor_id:
                        out.append((b.mention, subj, name))
                    last = b.mention
                return out
        return []
    return []


def _second_party(tokens: tuple[Token, ...], sm: list[Mention], first: Mention, hi: int) -> Mention | None:
    """``بين A المدعومة بـ C و D، و B``: after a long first party, the second follows "، و"."""
    for c in range(first.token_end, min(hi, first.token_end + 16)):
        if tokens[c].norm in ("،", ",") and c + 1 < hi and tokens[c + 1].norm.startswith("و"):
            return next((m for m in sm if c < m.token_start <= c + 4 and m.actor_id != first.actor_id), None)
    return None


def _glued_prep(clitic: str) -> str:
    """``ل`` or ``ب`` when a proclitic carries one (``للقوات``, ``وبالقاعدة``), else ""."""
    if clitic.endswith("لل") or clitic in ("ل", "ول", "فل"):
        return "ل"
    if clitic in ("ب", "وب", "فب") or clitic.endswith("بال"):
        return "ب"
    return ""


def governing_prep(tokens: tuple[Token, ...], m: Mention, sent: Sentence) -> str:
    """The preposition governing a mention: a glued ل/ب or the word before it (``in``, ``on``…),
    ``و`` for a conjunction, "" for none."""
    c = m.clitic
    glued = _glued_prep(c)
    if glued:
        return glued
    k = m.token_start - 1
    # skip fillers (مقاتلي داعش, عناصر التنظيم) and the thing given (على دعم القاعدة)
    while k >= sent.first_token and tokens[k].is_word and bare_form(tokens[k]) in _SKIP_BEFORE_ARG:
        glued = _glued_prep(tokens[k].clitic)
        if glued:
            return glued  # ``بقوات الجيش الوطني``, ``لعناصر التنظيم``
        k -= 1
    if k >= sent.first_token:
        w = tokens[k].norm
        w2 = w[1:] if w[:1] in ("و", "ف") and w[1:] in _PREPS else w
        if w2 in _PREPS:
            return _PREPS[w2]
        if w == "جانب" or w.endswith("جانب"):
            return "with"
        if w in ("و",) or c.startswith("و"):
            return "و"
    if c.startswith("و"):
        return "و"
    return ""


_PLACE_HEADS = frozenset(normalise(w) for w in (
    "منطقة مدينة محافظة بلدة قرية ولاية إقليم مقاطعة ناحية قضاء حي مخيم ريف شمال جنوب شرق غرب وسط "
    "شمالي جنوبي شرقي غربي العاصمة").split())


def _place_adjective(tokens: tuple[Token, ...], m: Mention) -> bool:
    """A state adjective that qualifies a place or a topic (``من منطقة عفرين السورية``,
    ``الملف العراقي``): where or what, not who."""
    if m.rule != "nisba" or m.token_start < 1:
        return False
    before = _no_article(bare_form(tokens[m.token_start - 1]))
    if before in _PLACE_HEADS or before in _topic_nouns():
        return True  # ``الملف العراقي``, ``الأراضي الباكستانية``
    return m.token_start >= 2 and _no_article(bare_form(tokens[m.token_start - 2])) in _PLACE_HEADS


def _describes(m: Mention, ends: dict[int, Mention], kind: Callable[[str], str]) -> bool:
    """A state adjective right after the name of an actor that is no state describes that actor
    (``ميليشيات الحوثي الإيرانية``, ``حزب الله اللبناني``): no party of its own to a trigger.
    After a state both qualify the noun before them (``العلاقات السعودية الروسية``)."""
    other = ends.get(m.token_start)
    return (m.rule == "nisba" and other is not None and other.actor_id != m.actor_id
            and kind(other.actor_id) != "state")


def _no_article(w: str) -> str:
    return w[2:] if w.startswith("ال") and len(w) > 3 else w


@cache
def _topic_nouns() -> frozenset[str]:
    return frozenset(_no_article(normalise(x)) for x in load_yaml("organs.yaml").get("topic_nouns", ()))


_PEOPLE_NOUNS = frozenset(normalise(w) for w in (
    "أكراد اكراد عرب سنة شيعة مسيحيو مسيحيي مسيحيين لاجئو لاجئي لاجئين مواطنو مواطني سكان شعب أهالي اهالي "
    "أبناء ابناء نازحي نازحو مهاجري مهاجرو عمال جالية الجالية دروز الدروز علويي علويو تركمان التركمان "
    "إيزيديي إيزيديو يزيديي مسلمي مسلمو يهود").split())


_REPORTING = frozenset(normalise(w) for w in (
    "أفاد أفادت يفيد تفيد قال قالت يقول تقول ذكر ذكرت يذكر تذكر أعلن أعلنت وثق وثقت يوثق رصد رصدت نقل نقلت "
    "بحسب حسب حسبما وفق وفقا أكد أكدت أشار أشارت أوضح أوضحت").split())


def _reporter(tokens: tuple[Token, ...], sent: Sentence, m: Mention) -> bool:
    """A monitor or medium named as the source (``أفاد المرصد``, ``بحسب المرصد``): it reports, it takes no part."""
    for k in range(max(sent.first_token, m.token_start - 2), m.token_start):
        w = tokens[k].norm
        if w in _REPORTING or (w[:1] in ("و", "ف", "ك", "ل") and w[1:] in _REPORTING):
            return True
    return False


def _of_people(tokens: tuple[Token, ...], m: Mention) -> bool:
    """A state named as the home of a people (``أكراد سوريا``, ``لاجئي سوريا``): not the state acting."""
    return m.token_start > 0 and not m.clitic and bare_form(tokens[m.token_start - 1]) in _PEOPLE_NOUNS


def _inherit_preps(tokens: tuple[Token, ...], args: list[_Arg]) -> list[_Arg]:
    """``في العراق وسوريا``: an actor joined by و keeps the preposition of the one before it."""
    for k in range(1, len(args)):
        prev, cur = args[k - 1], args[k]
        if cur.prep == "و" and prev.prep not in ("", "و") and cur.mention.token_start - prev.mention.token_end <= 1:
            args[k] = _Arg(cur.mention, prev.prep)
    return args


# Words between a subject and its verb: ``ما تزال``, ``لا يزال``, ``قد``, ``كانت``.
_AUXILIARIES = frozenset(normalise(w) for w in (
    "ما لا لم قد لقد تزال يزال زالت زال تظل يظل ظلت ظل كانت كان تكون يكون باتت بات أصبحت أصبح "
    "عادت عاد ستظل سيظل").split())


def _joined_after(tokens: tuple[Token, ...], args: list[_Arg], first: _Arg) -> list[Mention]:
    """Actors joined to ``first`` by و right after it (``الجيش اليمني الشرعي والمقاومة``)."""
    out: list[Mention] = []
    last = first.mention
    for b in args[args.index(first) + 1:]:
        gap = [t for t in tokens[last.token_end:b.mention.token_start] if t.is_word]
        if not (b.prep == "و" and len(gap) <= 1):
            break
        out.append(b.mention)
        last = b.mention
    return out


# Participles that qualify the noun right before them (``القوات الموالية لـ``, ``الجماعة التابعة لـ``).
_PARTICIPLES = tuple(normalise(w) for w in ("موال", "الموال", "تابع", "التابع", "مرتبط", "المرتبط"))


def _adjacent(tokens: tuple[Token, ...], sm: list[Mention], m: Mention, ti: int) -> bool:
    """Nothing but other mentions (a state adjective, a quote mark) between ``m`` and token ``ti``."""
    covered = {k for x in sm for k in range(x.token_start, x.token_end)}
    return all(k in covered or not tokens[k].is_word for k in range(m.token_end, ti))


def _purpose(t: Token) -> bool:
    """A trigger with the purpose ``ل`` glued on (``لدعم``, ``ولمساعدة``)."""
    return t.clitic in ("ل", "ول", "فل") or (t.norm.startswith(("ل", "ول", "فل")) and not t.norm.startswith(("ال", "لل")))


def _subject(
    tokens: tuple[Token, ...], before: list[_Arg], after: list[_Arg], ti: int, tj: int
) -> Mention | None:
    """The subject: an actor right before the verb (SVO, ``إيران ما تزال تساعد الأسد``), else
    the VSO subject right after it (fillers allowed), else the nearest bare mention before."""
    verb = tokens[ti]
    nominal = verb.norm.endswith("ه") or verb.clitic.endswith(("ال", "لل"))  # ``ومساندة التحالف``: a masdar
    for a in sorted(before, key=lambda x: -x.mention.token_start) if not nominal else ():
        gap = [t for t in tokens[a.mention.token_end : ti] if t.is_word]
        if a.prep in ("", "و") and len(gap) <= 2 and all(t.norm in _AUXILIARIES for t in gap):
            return a.mention
        break
    for a in after:
        gap = [t for t in tokens[tj : a.mention.token_start] if t.is_word]
        if all(bare_form(t) in _FILLERS for t in gap) and len(gap) <= 2 and a.prep in ("", "و"):
            return a.mention
        break
    for a in sorted(before, key=lambda x: -x.mention.token_start):
        if a.prep in ("", "و"):
            return a.mention
    return None


_CLAUSE_WORDS = frozenset(
    normalise(w)
    for w in "ان أن إن انه انها بان بأن الذي التي الذين حيث بينما لكن ولكن فيما كما عندما بعدما قبل بعد لان لأن رغم".split()
)
_CLAUSE_PUNCT = frozenset(",;:()[]")


def _clause(
    tokens: tuple[Token, ...], sent: Sentence, ti: int, tj: int, mentions: Sequence[Mention] = ()
) -> tuple[int, int]:
    """Token range of the clause around a trigger: cut at punctuation and
    clause-opening words (إن، الذي، حيث …)."""
    lo = ti
    while lo > sent.first_token:
        t = tokens[lo - 1]
        if (not t.is_word and t.norm in _CLAUSE_PUNCT) or t.norm in _CLAUSE_WORDS:
            # an apposition continues the clause: ``النصرة، وهي فرع القاعدة``
            if not t.is_word and lo < ti and tokens[lo].norm in _APPOSITION:
                lo -= 1
                continue
            if t.norm in _RELATIVE and ti - lo <= 1:
                # ``السعودية التي تقود التحالف``: the antecedent actor is the verb's subject
                lo = next((m.token_start for m in mentions if m.token_end == lo - 1), lo)
            break
        lo -= 1
    hi = tj
    while hi < sent.last_token:
        t = tokens[hi]
        if (not t.is_word and t.norm in _CLAUSE_PUNCT) or t.norm in _CLAUSE_WORDS:
            break
        hi += 1
    return lo, hi


_RELATIVE = frozenset(normalise(w) for w in "الذي التي".split())  # الذين: people, rarely an actor's name
_LEAD_VERBS = frozenset(normalise(w) for w in "يقود تقود قاد قادت يتزعم تتزعم تزعم".split())
_APPOSITION = frozenset(normalise(w) for w in "وهو وهي هو هي وهم وهما".split())


def _close(tokens: tuple[Token, ...], tj: int, m: Mention) -> bool:
    gap = [t for t in tokens[tj : m.token_start] if t.is_word]
    return len(gap) <= 2 and all(bare_form(t) in _FILLERS for t in gap)


def _chain(tokens: tuple[Token, ...], ms: list[Mention]) -> list[Mention]:
    """The first mention and those joined to it by و (A و B), distinct actors, at most 3."""
    if not ms:
        return []
    out = [ms[0]]
    for m in ms[1:]:
        prev = out[-1]
        a, b = (prev, m) if prev.token_start < m.token_start else (m, prev)
        gap = [t for t in tokens[a.token_end : b.token_start] if t.is_word and bare_form(t) not in _FILLERS]
        joined = (b.clitic.startswith("و") and not gap) or (len(gap) == 1 and gap[0].norm == "و")
        if not joined:
            break
        out.append(m)
    return distinct_actors(out)[:3]


def distinct_actors(ms: list[Mention]) -> list[Mention]:
    """The first mention of each actor, in order."""
    seen: set[str] = set()
    out = []
    for m in ms:
        if m.actor_id not in seen:
            seen.add(m.actor_id)
            out.append(m)
    return out
