"""Provisional (NER) actors: names keep their first letter, proclitics go."""

from __future__ import annotations

import pytest

from rawabit.extraction.provisional import _conjunction
from rawabit.text.segment import tokenize


@pytest.mark.parametrize(
    ("word", "clitic"),
    [
        ("كارلوس", ""),  # a name beginning with ك is not "like" + name
        ("فريديريك", ""),
        ("بوتين", ""),
        ("فولفغانغ", ""),
        ("وليام", ""),  # a foreign name beginning with و
        ("وليد", ""),  # a given name beginning with و
        ("فيصل", ""),
        ("ومحمد", "و"),
        ("لمحمد", "ل"),
        ("وأبو", "و"),
        ("فأبو", "ف"),
        ("والكولونيل", "و"),
        ("وبوتين", "و"),
    ],
)
def test_proclitic_of_a_name(word: str, clitic: str) -> None:
    assert _conjunction(tokenize(word)[0]) == clitic


def test_person_the_tagger_missed_is_found_by_given_name_and_role() -> None:
    import rawabit

    art = rawabit.extract("شملت قائمة القتلى قاسم غني الناصري من قيادات الخط الأول في تنظيم داعش.")
    people = [m for m in art.mentions if m.surface == "قاسم غني الناصري"]
    assert people, [(m.surface, m.rule) for m in art.mentions]
    assert (people[0].actor_id, "affiliate", "islamic-state") in {(r.source, r.type, r.target) for r in art.relations}


@pytest.mark.parametrize(
    "sentence",
    [
        "وحصل على تفويض من الرئيس الأميركي للتحرك ضد تنظيم داعش.",  # على is "on", not علي
        "وقال إن عمر أفضل من الممثل الفرنسي في فيلم عن تنظيم داعش.",  # no family name: not a person
    ],
)
def test_given_name_finder_keeps_to_names(sentence: str) -> None:
    import rawabit

    art = rawabit.extract(sentence)
    assert not [m for m in art.mentions if m.rule == "given-name"]


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        ("محمود قال", "محمود"),  # a verb of saying the tagger took into the name
        ("على زنجبار", "زنجبار"),  # على "on", not the name علي
        ("علي باردير", "علي باردير"),  # علي the name stays
        ("في الرئاسة", "الرئاسة"),
        ("قال إن", ""),
    ],
)
def test_tagged_span_loses_particles_and_verbs_at_its_edges(words: str, kept: str) -> None:
    from rawabit.extraction.provisional import _trimmed

    toks = tuple(tokenize(words))
    ti, tj = _trimmed(words, toks, 0, len(toks))
    assert (words[toks[ti].start:toks[tj - 1].end] if tj > ti else "") == kept


@pytest.mark.parametrize(
    ("words", "kept"),
    [
        ("الكولونيل روب مانينغ", "روب مانينغ"),  # a rank before the name
        ("الرقيب أول سيف الفلاسي", "سيف الفلاسي"),  # a two-word rank
        ("كاروان أنور القيادي", "كاروان أنور"),  # a role noun after it
        ("حسين النقعي المكنى", "حسين النقعي"),  # a byname follows
        ("سمير الحاج", "سمير الحاج"),  # a title that is also a family name stays at the end
        ("إبراهيم أمين السيد", "إبراهيم أمين السيد"),
        ("وامين المعمري", "وامين المعمري"),  # و + the given name أمين, not the role noun امين
        ("خالد الدولي", "خالد"),  # a body named after a king (مطار الملك خالد الدولي)
    ],
)
def test_person_span_loses_titles_and_bynames_at_its_edges(words: str, kept: str) -> None:
    from rawabit.extraction.provisional import _trimmed

    toks = tuple(tokenize(words))
    ti, tj = _trimmed(words, toks, 0, len(toks), person=True)
    assert (words[toks[ti].start:toks[tj - 1].end] if tj > ti else "") == kept


def test_titles_stay_in_an_organisation_span() -> None:
    from rawabit.extraction.provisional import _trimmed

    words = "مجلس الشيخ زايد"
    toks = tuple(tokenize(words))
    assert _trimmed(words, toks, 0, len(toks)) == (0, 3)


@pytest.mark.parametrize("sentence", [
    "وكان وزير الخارجية السعودي الأمير سعود الفيصل - رحمه الله - الذي دعم اليمن طوال مسيرته صوتا قويا.",
    "وقال ابن مساعد إن الخاتم هدية من الملك سلمان- حفظه الله- لأبي -رحمه الله- الذي أهداني إياه.",
])
def test_formulas_are_no_people(sentence: str) -> None:
    import rawabit

    art = rawabit.extract(sentence)
    names = {a.name_ar for a in art.actors if a.provisional} | {
        m.surface for m in art.mentions if m.actor_id.startswith("prov-")}
    assert not names & {"رحمه الله", "حفظه الله"}, names


@pytest.mark.parametrize(
    ("sentence", "names"),
    [
        ("قال القيادي محمد علي الحوثي إن", ["محمد علي الحوثي"]),  # علي the name inside a name
        ("وقال القيادي محمد على الفضائية إن", []),  # على "on" ends it: a lone given name, no person
    ],
)
def test_given_name_finder_reads_ali_as_a_name_and_ala_as_on(sentence: str, names: list[str]) -> None:
    from rawabit.extraction.lexicon import role_nouns
    from rawabit.extraction.provisional import _given_name_spans

    toks = tuple(tokenize(sentence))
    spans = _given_name_spans(sentence, toks, 0, len(toks), set(), {r[0] for r in role_nouns()}, [])
    assert [sentence[toks[i].start:toks[j - 1].end] for _, i, j in spans] == names


@pytest.mark.parametrize(
    ("text", "chunks", "joined"),
    [
        # two person chunks side by side are one name
        ("الجنرال والتر سوزا براغا نيتو قائد", [("PERS", 1, 3), ("PERS", 3, 5)], ["والتر سوزا براغا نيتو"]),
        # a hyphen written without spaces goes on with the name, tagged or not
        ("التقى تشوي سون-هوي مع", [("PERS", 1, 3), ("PERS", 4, 5)], ["تشوي سون-هوي"]),
        ("الميجور آدريان رانكين-غالواي إن", [("PERS", 1, 3)], ["آدريان رانكين-غالواي"]),
        # the kunya before a person's name is part of it
        ("وأوردت أم سعد حبيب أن", [("PERS", 2, 4)], ["أم سعد حبيب"]),
        # a hyphen with spaces, a comma or a word between: two names stay two
        ("التقى تشوي سون - هوي مع", [("PERS", 1, 3), ("PERS", 4, 5)], ["تشوي سون", "هوي"]),
        ("التقى زيد عمرو ، خالد بكر", [("PERS", 1, 3), ("PERS", 4, 6)], ["زيد عمرو", "خالد بكر"]),
        ("التقى زيد عمرو مع خالد بكر", [("PERS", 1, 3), ("PERS", 4, 6)], ["زيد عمرو", "خالد بكر"]),
        # an organisation beside a person is not joined to it
        ("قال حزب العمال زيد عمرو", [("ORG", 1, 3), ("PERS", 3, 5)], ["حزب العمال", "زيد عمرو"]),
    ],
)
def test_names_the_tagger_split_are_joined(text: str, chunks: list[tuple[str, int, int]], joined: list[str]) -> None:
    from rawabit.extraction.provisional import _joined

    tokens = tuple(tokenize(text))
    spans = _joined(text, tokens, 0, len(tokens), chunks)
    assert [text[tokens[i].start:tokens[j - 1].end] for _, i, j in spans] == joined


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ('وكتبت صحيفة "جوان" القريبة من الحرس', [("ORG-quoted:other", "جوان")]),
        ("وقال حزب «الشعوب الديمقراطي» إن", [("ORG-quoted:political_org", "الشعوب الديمقراطي")]),
        ("وقاد تحالف “الفتح” الحملة", [("ORG-quoted:political_org", "الفتح")]),
        ('مقر حركة ما يسمى "البشائر" التابعة', [("ORG-quoted:political_org", "البشائر")]),  # a linking phrase
        ('ونقلت لصحيفة "حرييت" أن', [("ORG-quoted:other", "حرييت")]),  # a proclitic on the noun
        ('وأعلنت جماعة "إرهابية" أن', []),  # scare quotes around an adjective
        ('وقال حزب "إن الحكومة لن تقبل بالتدخل في الشؤون الداخلية" أمس', []),  # a quotation, not a name
        ('وقال الوزير "الفتح" قريب', []),  # no noun of an organisation before the quotes
        ('وكتبت صحيفة "جوان', []),  # the quotes never close
    ],
)
def test_organisations_named_in_quotes(text: str, names: list[tuple[str, str]]) -> None:
    from rawabit.extraction.provisional import _quoted_names

    tokens = tuple(tokenize(text))
    spans = _quoted_names(text, tokens, 0, len(tokens), set())
    assert [(label, text[tokens[i].start:tokens[j - 1].end]) for label, i, j in spans] == names


def test_a_quoted_name_holding_a_known_actor_is_left_to_the_knowledge_base() -> None:
    from rawabit.extraction.provisional import _quoted_names

    text = 'وقال تنظيم "الدولة الإسلامية" إنه'
    tokens = tuple(tokenize(text))
    assert _quoted_names(text, tokens, 0, len(tokens), {3, 4}) == []


def test_quoted_organisation_becomes_a_provisional_actor() -> None:
    import rawabit

    art = rawabit.extract('وكتبت صحيفة "زيتونيا" القريبة من الحرس الثوري أن إيران تدعم الحوثيين في اليمن.')
    quoted = [m for m in art.mentions if m.rule == "quoted"]
    assert [m.surface for m in quoted] == ["زيتونيا"]
    assert quoted[0].actor_id.startswith("prov-")


def test_a_person_introduced_by_a_role_where_no_known_actor_is_named() -> None:
    """With ``TAGGED_SENTENCES = "roles"`` the tagger also reads sentences with a role word that
    name no known actor; as shipped ("stating") it reads only sentences that name one."""
    from rawabit.extraction import provisional
    from rawabit.model import RawArticle
    from rawabit.pipeline import Pipeline

    raw = RawArticle(text="وقال المتحدث باسم خفر السواحل، كريم الهنتاتي، إن الدورية انتشلت عشرات المهاجرين.")
    pipe = Pipeline(relation_model=False)
    assert provisional.TAGGED_SENTENCES == "stating"
    assert not pipe.run_raw(raw, until="actors").mentions  # no known actor named: not read
    try:
        provisional.TAGGED_SENTENCES = "roles"
        names = [m.surface for m in pipe.run_raw(raw, until="actors").mentions]
        assert names == ["كريم الهنتاتي"], names
    finally:
        provisional.TAGGED_SENTENCES = "stating"


def test_a_name_that_ends_in_a_state_adjective_is_a_person() -> None:
    import rawabit

    art = rawabit.extract(
        "قال المتحدث باسم تنظيم داعش أبو حمدان الليبي إن التنظيم سيواصل القتال ضد الجيش العراقي. "
        "وأضاف الليبي أن التنظيم يسيطر على الموصل، فيما دعا الجيش الليبي إلى الحوار.")
    person = next(m.actor_id for m in art.mentions if m.surface == "أبو حمدان الليبي")
    assert person.startswith("prov-")
    by_surface = {(m.surface, m.actor_id) for m in art.mentions}
    assert ("الليبي", person) in by_surface  # وأضاف الليبي: the man, said again by his family name
    assert not any(m.actor_id == person and m.surface.startswith("الجيش") for m in art.mentions)
    assert "libya" not in {a.id for a in art.actors}  # no mention of Libya is left
    assert (person, "affiliate", "islamic-state") in {(r.source, r.type, r.target) for r in art.relations}


def test_a_kunya_and_one_name_take_the_adjective_after_them() -> None:
    import rawabit

    art = rawabit.extract(
        "أعلن الجيش الأفغاني مقتل القيادي في حركة طالبان عبد الرحيم الباكستاني في غارة جوية. "
        "وكان الباكستاني يقود هجمات ضد القوات الأفغانية، بحسب الحكومة الباكستانية.")
    person = next(m.actor_id for m in art.mentions if m.surface == "عبد الرحيم الباكستاني")
    refs = {m.actor_id for m in art.mentions if m.surface == "الباكستاني"}
    assert refs == {person}
    # a definite noun before the adjective: the state's, not the man's
    assert any(m.surface == "الحكومة الباكستانية" and m.actor_id == "pakistan" for m in art.mentions)
