"""The actor knowledge base: packaged data, ambiguity rules, validation, search, CLI."""

from __future__ import annotations

import importlib.util
import json
import sys
from collections import Counter
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

import rawabit
from rawabit.errors import DataError
from rawabit.kb.cli import register
from rawabit.kb.loader import load, load_files, packaged_files
from rawabit.kb.search import describe, resolve, search
from rawabit.kb.validate import load_rules, slugify, validate
from rawabit.pipeline import Pipeline
from rawabit.text.normalise import normalise

UN_MEMBERS = (
    "AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD CL CN "
    "CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY "
    "HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT "
    "MH MR MU MX FM MD MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW "
    "KN LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV "
    "UG UA AE GB US UY UZ VU VE VN YE ZM ZW"
).split()


@pytest.fixture(scope="module")
def kb():
    return load()


@pytest.fixture(scope="module")
def rules():
    return load_rules()


# --------------------------------------------------------------------------- packaged data

def test_packaged_data_validates():
    problems = validate()
    assert problems == [], "\n".join(map(str, problems))


def test_counts(kb):
    kinds = Counter(e.kind for e in kb.actors.values())
    assert len(kb) >= 1000
    assert kinds["armed_group"] + kinds["political_org"] >= 300
    assert kinds["person"] >= 300
    assert kinds["international_org"] + kinds["coalition"] >= 40
    # the hand-made organisations (the training-set file gives an actor only the names its articles use)
    orgs = [e for e in kb.actors.values() if e.kind in ("armed_group", "political_org")
            and not all(o.endswith("60-train-gold.yaml") for o in e.origin)]
    assert sum(len(e.aliases_ar) for e in orgs) / len(orgs) >= 4


def test_load_can_leave_out_a_packaged_file_and_the_pipeline_takes_a_loaded_kb(tmp_path):
    full, without = load(), load(exclude=["50-un-sanctions-individuals.yaml"])
    assert len(without) < len(full)
    assert all("50-un-sanctions-individuals.yaml" not in o for e in without.actors.values() for o in e.origin)
    with pytest.raises(DataError, match="no packaged actor file"):
        load(exclude=["61-nothing.yaml"])
    assert Pipeline(kb=without, ner=False, relation_model=False).kb is without
    with pytest.raises(ValueError):
        Pipeline(actor_files=[tmp_path / "x.yaml"], kb=without)


def test_all_un_members_and_observers(kb):
    assert len(set(UN_MEMBERS)) == 193
    current = {c for e in kb.actors.values() if e.kind == "state" and not e.active for c in e.countries}
    assert set(UN_MEMBERS) <= current, sorted(set(UN_MEMBERS) - current)
    for aid in ("palestine", "holy-see", "kosovo", "taiwan", "soviet-union", "ba-athist-iraq", "yugoslavia"):
        assert aid in kb.actors


def test_ids_follow_the_slug_convention(kb):
    assert slugify("Hay'at Tahrir al-Sham") == "hay-at-tahrir-al-sham"
    assert slugify("The Gambia") == "gambia"
    assert slugify("Recep Tayyip Erdoğan") == "recep-tayyip-erdogan"
    for e in kb.actors.values():
        assert e.name_en and e.name_ar, e.id


@pytest.mark.parametrize(("form", "actor"), [
    ("طالبان", "taliban"), ("حركة طالبان", "taliban"), ("داعش", "islamic-state"), ("تنظيم الدولة", "islamic-state"),
    ("دولة الخلافة", "islamic-state"), ("أنصار الله", "houthis"), ("الحوثيين", "houthis"), ("تنظيم القاعدة", "al-qaeda"),
    ("جماعة بوكو حرام", "boko-haram"), ("جبهة النصرة", "al-nusra-front"), ("ولاية خراسان", "islamic-state-khorasan-province"),
    ("الحرس الثوري", "islamic-revolutionary-guard-corps"), ("فيلق القدس", "quds-force"), ("الحشد الشعبي", "popular-mobilization-forces"),
    ("جماعة نصرة الإسلام والمسلمين", "jama-at-nasr-al-islam-wal-muslimin"), ("البنتاغون", "united-states"), ("الكرملين", "russia"),
])
def test_key_forms_name_one_actor(kb, form, actor):
    owners = {a for a, e in kb.actors.items() if normalise(form) in {normalise(f) for f in (*e.aliases_ar, *e.metonyms)}}
    assert owners == {actor}


def test_lineage(kb):
    nusra = kb.actors["al-nusra-front"]
    assert nusra.parent == "al-qaeda" and nusra.parent_rel == "branch"
    d = describe(kb, nusra)
    assert [s["id"] for s in d["successor_chain"]] == ["jabhat-fatah-al-sham", "hay-at-tahrir-al-sham"]
    assert {p["id"] for p in describe(kb, kb.actors["islamic-state"])["predecessors"]} >= {"islamic-state-of-iraq"}
    assert [p["id"] for p in describe(kb, kb.actors["quds-force"])["parents"]] == ["islamic-revolutionary-guard-corps", "iran"]
    aqim = describe(kb, kb.actors["al-qaeda-in-the-islamic-maghreb"])
    assert "salafist-group-for-preaching-and-combat" in {p["id"] for p in aqim["predecessors"]}
    assert kb.actors["izz-ad-din-al-qassam-brigades"].parent_rel == "wing"
    assert kb.actors["hassan-nasrallah"].parent == "hezbollah"


def test_un_sanctions_individuals_are_tied_to_groups(kb):
    un = [e for e in kb.actors.values() if e.kind == "person" and any(s.startswith("un-sanctions:QDi") for s in e.sources)]
    assert len(un) >= 100
    assert sum(1 for e in un if e.parent) >= 40
    assert "un-sanctions:QDi.001" in kb.actors["saif-al-adel"].sources  # merged, not duplicated


# --------------------------------------------------------------------------- ambiguity rules

def _rule(rules, form, candidate=None):
    found = [r for r in rules.for_form(form) if candidate is None or candidate in r["candidates"]]
    assert found, f"no rule for {form}"
    return found[0]


def _words(xs):
    return {normalise(x) for x in xs}


def test_rules_reference_existing_actors(kb, rules):
    for r in rules.rules:
        for a in r["candidates"]:
            assert a in kb.actors, a


def test_rule_qaeda_versus_base(rules):
    r = _rule(rules, "القاعدة", "al-qaeda")
    assert {normalise("العسكرية"), normalise("الجوية"), normalise("حميميم"), normalise("الشعبية")} <= _words(r["cancel_next"])
    assert normalise("هذه") in _words(r["cancel_prev"])


def test_rule_coalition_by_context(rules):
    r = _rule(rules, "التحالف")
    by_actor = {g["actor"]: _words(g["keywords"]) for g in r["context"]}
    assert normalise("الحوثيين") in by_actor["saudi-led-coalition"]
    assert normalise("داعش") in by_actor["combined-joint-task-force-operation-inherent-resolve"]
    assert r["default"] is None


@pytest.mark.parametrize(
    ("text", "kingdom"),
    [
        # the Saudi press: "the Kingdom" without the full name anywhere in the article
        ("وأكدت المملكة وقوفها مع الشعب اليمني في مواجهة الحوثيين.", "saudi-arabia"),
        ("قال العاهل الأردني إن الأردن لن يقبل بذلك. وأكد أن المملكة ستواصل دعم العراق.", "jordan"),
        ("وأعلنت البحرين والمنامة أن المملكة ستشارك في التحالف.", "bahrain"),
        ("وصل وزير الخارجية البريطاني إلى المملكة المتحدة أمس.", None),  # a longer name
    ],
)
def test_rule_the_kingdom_by_context(text, kingdom):
    import rawabit

    art = rawabit.extract(text)
    read = [m.actor_id for m in art.mentions if m.surface.endswith("المملكة")]
    assert read == ([kingdom] if kingdom else [])


def test_rule_longest_match_hezbollah(rules, kb):
    assert rules.longest_match
    pair = next(c for c in rules.contains if c["short"] == "حزب الله")
    assert "كتائب حزب الله" in pair["longer"] and "حزب الله الحجاز" in pair["longer"]
    assert normalise("كتائب حزب الله") in _words(kb.actors["kata-ib-hezbollah"].aliases_ar)
    assert normalise("حزب الله الحجاز") in _words(kb.actors["hezbollah-al-hejaz"].aliases_ar)


def test_rule_blocked_and_conditional_forms(rules):
    assert _rule(rules, "الدولة")["candidates"] == []
    assert _rule(rules, "أنصار")["candidates"] == []
    shabab = _rule(rules, "الشباب", "al-shabaab-militant-group")
    assert normalise("حركة") in _words(shabab["require_prev"]) and normalise("الصومال") in _words(shabab["require_context"])
    jihad = _rule(rules, "الجهاد", "palestinian-islamic-jihad")
    assert normalise("الجهاد الإسلامي") in _words(jihad["require_context"])
    ikhwan = _rule(rules, "الإخوان", "muslim-brotherhood")
    assert ikhwan["default"] == "muslim-brotherhood" and ikhwan["require_context"]
    sharia = _rule(rules, "أنصار الشريعة")
    assert set(sharia["candidates"]) == {"ansar-al-sharia-libya", "ansar-al-sharia-tunisia", "ansar-al-sharia-yemen"}


def test_rule_person_versus_word_or_place(rules):
    saleh = _rule(rules, "صالح", "ali-abdullah-saleh")
    assert saleh["cancel_proclitic"] == ["ل"]
    assert normalise("عين") in _words(_rule(rules, "الأسد")["cancel_prev"])
    oman = _rule(rules, "عمان")
    assert set(oman["candidates"]) == {"oman", "jordan"}
    assert normalise("دعم") in _words(_rule(rules, "مالي", "mali")["cancel_prev"])


# --------------------------------------------------------------------------- user files and errors

def test_user_file_overrides_and_adds(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text(yaml.safe_dump([
        {"id": "taliban", "name_en": "Taliban", "aliases_ar": ["طالبانيون"], "active": "1994-2099"},
        {"id": "my-new-group", "name_en": "My New Group", "name_ar": "جماعتي الجديدة", "kind": "armed_group",
         "parent": "al-qaeda", "parent_rel": "branch"},
    ], allow_unicode=True), encoding="utf-8")
    kb2 = load([user])
    assert kb2.actors["taliban"].active == "1994-2099"
    assert "طالبانيون" in kb2.actors["taliban"].aliases_ar and "حركة طالبان" in kb2.actors["taliban"].aliases_ar
    assert kb2.actors["my-new-group"].parent == "al-qaeda"
    assert validate([user]) == []


def test_bad_file_is_named(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(yaml.safe_dump([
        {"id": "Bad Id", "name_en": "X", "name_ar": "س", "kind": "armed_group"},
        {"id": "orphan", "name_en": "Orphan", "name_ar": "يتيم", "kind": "armed_group", "parent": "nobody",
         "parent_rel": "branch", "wikidata": "X12"},
        {"id": "copycat", "name_en": "Copycat", "name_ar": "طالبان", "kind": "armed_group"},
        {"id": "loop-a", "name_en": "Loop A", "name_ar": "حلقة أ", "kind": "other", "parent": "loop-b"},
        {"id": "loop-b", "name_en": "Loop B", "name_ar": "حلقة ب", "kind": "other", "parent": "loop-a"},
    ], allow_unicode=True), encoding="utf-8")
    lines = [str(p) for p in validate([bad])]
    text = "\n".join(lines)
    assert all(str(bad) in ln or "core.yaml" in ln or "20-jihadist" in ln for ln in lines)
    assert "'Bad Id'" in text and "slug" in text
    assert "parent 'nobody' does not exist" in text
    assert "wikidata 'X12'" in text
    assert "'copycat'" in text and "طالبان" in text
    assert "cycle of parents" in text
    broken = tmp_path / "broken.yaml"
    broken.write_text("- id: [unclosed\n", encoding="utf-8")
    assert any(str(broken) in str(p) for p in validate([broken]))
    with pytest.raises(DataError, match="broken.yaml"):
        load_files([*packaged_files(), broken])


# --------------------------------------------------------------------------- search

def test_search_and_resolve(kb):
    assert search(kb, "الظواهرى")[0].actor.id == "ayman-al-zawahiri"  # ى/ي folded
    assert search(kb, "Nusra")[0].actor.id == "al-nusra-front"
    assert search(kb, "حزب الله")[0].actor.id == "hezbollah"
    assert resolve(kb, "داعش").id == "islamic-state"
    assert resolve(kb, "al-Qaeda").id == "al-qaeda"
    assert resolve(kb, "hay-at-tahrir-al-sham").name_en == "Hay'at Tahrir al-Sham"


# --------------------------------------------------------------------------- CLI

def _group() -> click.Group:
    try:  # the real main group, when the rest of the package imports cleanly
        from rawabit.cli import main
        if "actors" in main.commands:
            return main
    except Exception:  # noqa: BLE001 - another part of the package may be mid-change; test ours alone
        pass

    @click.group()
    def g() -> None:
        pass

    register(g)
    return g


def test_cli_commands(tmp_path):
    g, r = _group(), CliRunner()
    res = r.invoke(g, ["actors", "list", "--kind", "coalition", "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "saudi-led-coalition" in {a["id"] for a in json.loads(res.output)}
    res = r.invoke(g, ["actors", "show", "جبهة النصرة"])
    assert res.exit_code == 0 and "Hay'at Tahrir al-Sham" in res.output and "al-Qaeda (branch)" in res.output
    res = r.invoke(g, ["actors", "search", "zawahiri"])
    assert res.exit_code == 0 and "ayman-al-zawahiri" in res.output
    res = r.invoke(g, ["actors", "validate"])
    assert res.exit_code == 0, res.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("- {id: x, name_en: X, name_ar: س, kind: armed_group, parent: nobody}\n", encoding="utf-8")
    res = r.invoke(g, ["actors", "validate", "--actors", str(bad)])
    assert res.exit_code == 1 and "bad.yaml" in res.output and "nobody" in res.output
    res = r.invoke(g, ["actors", "show", "no such actor at all xyz"])
    assert res.exit_code != 0


def test_un_generator_is_reproducible(tmp_path):
    tool = Path(__file__).resolve().parents[1] / "tools" / "build_un_actors.py"
    gaz = Path("/work/shared/data/gazetteers")
    if not gaz.exists():
        pytest.skip("shared gazetteers not present")
    spec = importlib.util.spec_from_file_location("build_un_actors", tool)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_un_actors"] = mod
    spec.loader.exec_module(mod)
    out = tmp_path / "un.yaml"
    assert mod.main(["--gazetteers", str(gaz), "--out", str(out)]) == 0
    fresh = yaml.safe_load(out.read_text(encoding="utf-8"))
    shipped = yaml.safe_load((packaged_files()[0].parent / mod.OUT_NAME).read_text(encoding="utf-8"))
    assert fresh == shipped
    assert mod.variants("عبدالحليم زيدان") == ["عبدالحليم زيدان", "عبد الحليم زيدان"]


def test_alias_with_a_role_and_a_group_name_is_a_problem(tmp_path):
    """"X, spokesman of the Taliban" as an alias would swallow the Taliban mention and the affiliate relation."""
    f = tmp_path / "mine.yaml"
    f.write_text(yaml.safe_dump([
        {"id": "spokesman-x", "name_en": "Spokesman X", "name_ar": "سامي خالد", "kind": "person",
         "aliases_ar": ["سامي خالد المتحدث باسم طالبان"]},
        {"id": "lisa-x", "name_en": "Lisa X", "name_ar": "ليزا موناكو تست", "kind": "person"},
    ], allow_unicode=True), encoding="utf-8")
    problems = [p for p in validate([f]) if p.actor in ("spokesman-x", "lisa-x")]
    assert [p.actor for p in problems] == ["spokesman-x"]
    assert "taliban" in problems[0].message


def test_keyword_counts_skip_the_regex_only_when_no_keyword_occurs():
    """Keywords.count looks for its forms before running its regex: the same counts as the regex
    alone, on texts with and without the keywords (glued proclitics, words that merely contain one)."""
    from rawabit.extraction.disambiguate import rules
    from rawabit.text.normalise import normalise_text

    kws = {id(k): k for r in rules().values() for k in (r.require_context, *(c for c, _ in r.context)) if k}
    assert kws
    sample = Path(rawabit.__file__).parent / "data" / "sample" / "2021-09-13-aq-taliban.txt"
    texts = [normalise_text(sample.read_text(encoding="utf-8")).norm, ""]
    for k in kws.values():
        texts.append(" ".join(f"و{f} {f}x ب{f}." for f in k.forms))
    nonzero = 0
    for k in kws.values():
        for t in texts:
            assert k.count(t) == len(k.rx.findall(t)), (k.forms, t[:80])
            nonzero += k.count(t) > 0
    assert nonzero >= len(kws)


def test_a_name_that_matches_nothing_exactly_is_an_error_with_suggestions(kb):
    """``foo`` is not the World Food Programme, nor ``qwerty asdf`` the SDF: offered, never taken."""
    from rawabit.errors import QueryError

    for name in ("foo", "qwerty asdf"):
        with pytest.raises(QueryError, match=rf"no actor named '{name}'; did you mean "):
            resolve(kb, name)
    g, r = _group(), CliRunner()
    res = r.invoke(g, ["actors", "show", "foo"])
    assert res.exit_code == 1 and "did you mean" in res.output and "World Food Programme |" not in res.output
    res = r.invoke(g, ["actors", "show", "حزب", "الله"])  # unquoted words: one name
    assert res.exit_code == 0 and res.output.startswith("Hezbollah |"), res.output
    res = r.invoke(g, ["actors", "search", "حزب", "الله"])
    assert res.exit_code == 0 and "hezbollah" in res.output


@pytest.mark.parametrize(
    ("text", "surface", "actor"),
    [
        # a state's regular army is named by its state (ANNOTATION.md: state organs collapse)
        ("قال الجيش الإسرائيلي إنه قصف مواقع لحركة حماس في غزة.", "الجيش الإسرائيلي", "israel"),
        ("وأعلن جيش الدفاع الإسرائيلي اعتقال عشرة أشخاص.", "جيش الدفاع الإسرائيلي", "israel"),
        ("وتقدم الجيش العربي السوري نحو البلدة.", "الجيش العربي السوري", "syria"),
        ("وانتشر الجيش اللبناني على الحدود.", "الجيش اللبناني", "lebanon"),
        # a named body of the state stays itself
        ("وقال الحرس الثوري الإيراني إنه أسقط طائرة.", "الحرس الثوري الإيراني", "islamic-revolutionary-guard-corps"),
        # the regime named after its leader is the state
        ("وقصفت قوات الأسد مدينة دوما.", "قوات الأسد", "syria"),
    ],
)
def test_a_states_army_is_the_state(text, surface, actor):
    import rawabit

    art = rawabit.extract(text)
    assert [m.actor_id for m in art.mentions if m.surface == surface] == [actor]


def test_armies_that_collapse_name_a_state_as_parent(kb):
    armies = [e for e in kb.actors.values() if e.parent_rel == "armed_forces"]
    assert {"israel-defense-forces", "syrian-arab-army", "lebanese-armed-forces"} <= {e.id for e in armies}
    assert all(kb.actors[e.parent].kind == "state" for e in armies)


def test_a_user_army_is_read_as_its_state_by_all_its_names(tmp_path):
    """A user file's army (``parent_rel: armed_forces``): its names, metonyms and short forms
    are mentions of its state, as the shipped armies' names are."""
    import rawabit
    from rawabit.pipeline import Pipeline

    extra = tmp_path / "mine.yaml"
    extra.write_text(
        "- id: jordan-armed-forces-test\n  name_en: Jordan Armed Forces Test\n  name_ar: القوات المسلحة الأردنية\n"
        "  kind: other\n  parent: jordan\n  parent_rel: armed_forces\n  metonyms: [الجيش العربي]\n"
        "  short_ar: [الجيش الأردني]\n", encoding="utf-8")
    pipe = Pipeline(actor_files=[extra], relation_model=False)
    art = rawabit.extract("أعلنت القوات المسلحة الأردنية أن الجيش العربي صد هجوما، وقال الجيش الأردني إن حدوده آمنة.",
                          pipeline=pipe)
    got = {(m.surface, m.actor_id, m.rule) for m in art.mentions}
    assert {("القوات المسلحة الأردنية", "jordan", "organ"), ("الجيش العربي", "jordan", "metonym"),
            ("الجيش الأردني", "jordan", "short")} <= got, got
    assert "jordan-armed-forces-test" not in {a.id for a in art.actors}


def test_the_rebels_in_a_houthi_story_are_the_houthis():
    import rawabit

    art = rawabit.extract("سيطر الحوثيون على صنعاء. وقال مسؤول إن المتمردين قصفوا مدينة تعز.")
    assert [m.actor_id for m in art.mentions if m.surface == "المتمردين"] == ["houthis"]
    # without the Houthis named before, the word is no actor
    art = rawabit.extract("وقال مسؤول إن المتمردين قصفوا المدينة.")
    assert not [m for m in art.mentions if m.surface == "المتمردين"]


def test_a_news_agency_quoted_is_no_person():
    import rawabit

    art = rawabit.extract("وقال المتحدث باسم حركة طالبان لوكالة فرانس برس إن الحركة تقاتل الحكومة الأفغانية.")
    agencies = [m.actor_id for m in art.mentions if "فرانس" in m.surface]
    assert agencies == ["agence-france-presse"]
    assert not any(a.kind == "person" and "فرانس" in a.name_ar for a in art.actors)


def test_the_regime_alone_after_a_states_regime_is_named():
    import rawabit

    art = rawabit.extract("قصفت قوات النظام السوري بلدة دوما. وقال المرصد إن النظام استهدف المدنيين، وإن النظام الدولي عاجز.")
    regimes = [(m.surface, m.actor_id) for m in art.mentions if m.surface.startswith("النظام")]
    assert regimes == [("النظام السوري", "syria"), ("النظام", "syria")]  # not النظام الدولي
    # "between the regime and the opposition": a word after و is no adjective of النظام
    art = rawabit.extract("قصفت قوات النظام السوري بلدة دوما. واندلعت اشتباكات بين النظام والمعارضة في حلب.")
    assert [m.actor_id for m in art.mentions if m.surface == "النظام"] == ["syria"]
    # before any regime is named, النظام is a system
    art = rawabit.extract("يحدد النظام الداخلي للحزب شروط العضوية. وقال الرئيس السوري إن النظام الجديد سيطبق.")
    assert not [m for m in art.mentions if m.surface == "النظام"]


def test_a_form_split_by_the_sentence_splitter_is_no_mention(tmp_path):
    """A user's alias with dots (``بي.بي.سي``) that the segmenter cuts into sentences names
    nothing: a mention never runs over a sentence end (the pair scorer's ranges rely on it)."""
    import rawabit
    from rawabit.pipeline import Pipeline

    extra = tmp_path / "mine.yaml"
    extra.write_text("- id: bbc\n  aliases_ar: [بي.بي.سي]\n", encoding="utf-8")
    pipe = Pipeline(actor_files=[extra])
    text = ("قال زعيم حركة طالبان لقناة بي.بي.سي. إن الحركة تقاتل الحكومة الأفغانية. "
            "وأضاف أن تنظيم القاعدة حليف لطالبان منذ سنوات.")
    art = rawabit.extract(text, pipeline=pipe)  # the pair model runs over every pair
    firsts = {s.first_token for s in art.sentences}
    dots = text.index("بي.بي.سي")
    assert any(art.tokens[k].start > dots and art.tokens[k].start < dots + 8 for k in firsts)  # it is cut
    assert all(not any(k in firsts for k in range(m.token_start + 1, m.token_end)) for m in art.mentions)


def test_a_city_after_a_word_of_place_is_a_place_not_its_government():
    import rawabit

    text = "قصفت الطائرات مواقع شرق دمشق وفي ريف دمشق. وقالت دمشق إنها سترد على الغارات."
    art = rawabit.extract(text)
    by_city = [(m.start, m.actor_id) for m in art.mentions if "دمشق" in m.surface]
    assert by_city == [(text.index("وقالت دمشق") + len("وقالت "), "syria")]  # only the one that speaks


def test_the_boycott_is_no_palestinian_authority():
    import rawabit

    art = rawabit.extract("واتهمت الدول المقاطعة لقطر الدوحة بدعم الجماعات الإرهابية.")
    assert "palestine" not in {m.actor_id for m in art.mentions}
