"""The training-set actor builder (rawabit.learn.kb) on small hand-made gold annotations, and the
committed ``60-train-gold.yaml`` against a fresh build."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SHARED

from rawabit.kb.loader import load, packaged_files
from rawabit.learn.kb import GoldDoc, build, clean_forms, infer_kind

TRAIN = SHARED / "data" / "train"
CORPUS = SHARED / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz"
OUT_NAME = "60-train-gold.yaml"


@pytest.fixture(scope="module")
def kb():
    return load(exclude=[OUT_NAME])


def doc(name: str, text: str, arabic: dict[str, list[str]], relations: list[dict] | None = None) -> GoldDoc:
    return GoldDoc(name, {"actors": list(arabic), "arabic": arabic, "relations": relations or []}, text)


def by_id(entries):
    return {e["id"]: e for e in entries}


def test_clean_forms_drop_hashtags_quotes_and_split_parentheses():
    assert clean_forms("دونالد #ترمب") == ["دونالد ترمب"]
    assert clean_forms("تحالف_دعم_الشرعية") == ["تحالف دعم الشرعية"]
    assert clean_forms('تنظيم "الدولة الإسلامية"') == ["تنظيم الدولة الإسلامية"]
    assert clean_forms("حركة المقاومة الإسلامية (حماس)") == ["حركة المقاومة الإسلامية", "حماس"]
    assert clean_forms("FBI") == []


def test_new_actors_keep_names_and_drop_generic_forms_titles_and_given_names(kb):
    docs = [doc("a1", "قال الرئيس خالد تستنامي إن جبهة تحرير تستلاند تقاتل. وأضاف تستنامي أن الجبهة قوية.", {
        "Khalid Testnami": ["خالد تستنامي", "تستنامي", "خالد", "الرئيس", "الرئيس خالد تستنامي"],
        "Testland Liberation Front": ["جبهة تحرير تستلاند", "الجبهة", "الحركة"],
    })]
    b = build(docs, kb)
    got = by_id(b.entries)
    person = got["khalid-testnami"]
    assert person["name_en"] == "Khalid Testnami" and person["kind"] == "person"
    assert person["name_ar"] == "خالد تستنامي" and "aliases_ar" not in person  # the title form is the same name
    assert person["short_ar"] == ["تستنامي"]  # a surname alone: only after the full name
    assert person["sources"] == ["train-gold"]
    front = got["testland-liberation-front"]
    assert front["kind"] == "armed_group" and front["name_ar"] == "جبهة تحرير تستلاند"
    dropped = {(d.form, d.reason) for d in b.report.dropped}
    assert {("خالد", "given name"), ("الرئيس", "generic"), ("الجبهة", "generic"), ("الحركة", "generic")} <= dropped


def test_a_known_actor_gets_only_the_forms_it_lacks(kb):
    taliban = kb.actors["taliban"]
    docs = [doc("a1", "قالت حركة طالبان إن جماعة الملا المجهولة ...", {
        "Taliban": ["طالبان", "حركة طالبان", "جماعة الملا المجهولة", "الحركة"],
    })]
    entries = build(docs, kb).entries
    assert entries == [{"id": "taliban", "aliases_ar": ["جماعة الملا المجهولة"], "sources": ["train-gold"]}]
    assert "حركة طالبان" in taliban.aliases_ar


def test_forms_of_another_actor_and_forms_two_actors_share_are_left_out(kb):
    docs = [
        doc("a1", "...", {"Testgroup Alpha": ["القاعدة", "كتيبة ألفا المجهولة", "كتيبة الفجر المشتركة"]}),
        doc("a2", "...", {"Testgroup Beta": ["كتيبة بيتا المجهولة", "كتيبة الفجر المشتركة"]}),
    ]
    b = build(docs, kb)
    got = {e["name_en"]: e for e in b.entries}
    assert got["Testgroup Alpha"]["name_ar"] == "كتيبة ألفا المجهولة" and "aliases_ar" not in got["Testgroup Alpha"]
    assert got["Testgroup Beta"]["name_ar"] == "كتيبة بيتا المجهولة"
    reasons = {(d.form, d.reason, d.other) for d in b.report.dropped}
    assert ("القاعدة", "conflict", "al-qaeda") in reasons
    assert ("كتيبة الفجر المشتركة", "ambiguous", "Testgroup Beta") in reasons


def test_state_adjectives_are_left_to_nisba(kb):
    b = build([doc("a1", "...", {"Iran": ["إيرانياً", "الإيرانيين", "الدولة الفارسية المجهولة"]})], kb)
    assert b.entries == [{"id": "iran", "aliases_ar": ["الدولة الفارسية المجهولة"], "sources": ["train-gold"]}]
    assert {d.form for d in b.report.dropped if d.reason == "state adjective"} == {"إيرانياً", "الإيرانيين"}


def test_a_common_word_is_no_short_form(kb):
    """``خلف`` (behind) as Rima Khalaf's surname: the corpus uses it mostly outside her name."""
    gold = {"Rima Testkhalaf": ["ريما خلف", "خلف"]}
    common = ["وقف خلف السيارة ثم عاد"] * 40
    named = ["قالت ريما خلف إن ..."] * 40
    b = build([doc("a1", "قالت ريما خلف ...", gold)], kb, common)
    assert "short_ar" not in b.entries[0]
    assert [d.reason for d in b.report.dropped] == ["common word"]
    b = build([doc("a1", "قالت ريما خلف ...", gold)], kb, named)
    assert b.entries[0]["short_ar"] == ["خلف"]


def test_one_person_under_two_english_spellings_is_one_actor(kb):
    docs = [
        doc("a1", "...", {"Bahram Testghasemi": ["بهرام تستقاسمي"]}),
        doc("a2", "...", {"Bahram Testqasemi": ["بهرام تستقاسمي", "باهرام تستقاسمي"]}),
    ]
    entries = build(docs, kb).entries
    assert len(entries) == 1
    e = entries[0]
    assert e["name_ar"] == "بهرام تستقاسمي" and e["aliases_ar"] == ["باهرام تستقاسمي"]
    assert {e["name_en"], *e["aliases_en"]} == {"Bahram Testghasemi", "Bahram Testqasemi"}


def test_a_person_affiliated_to_a_known_state_gets_it_as_parent(kb):
    rel = [{"source": "Salem Testofficial", "target": "Yemen", "type": "affiliate", "evidence": "..."}]
    b = build([doc("a1", "...", {"Salem Testofficial": ["سالم تستوفيشل"], "Yemen": ["اليمن"]}, rel)], kb)
    e = by_id(b.entries)["salem-testofficial"]
    assert (e["parent"], e["parent_rel"], e["countries"]) == ("yemen", "official", ["YE"])


def test_kind_is_inferred_from_the_names_forms_and_relations():
    assert infer_kind(["Heather Nauert"], ["هيذر ناورت"]) == "person"
    assert infer_kind(["Abbas Kamel"], ["اللواء عباس كامل"]) == "person"
    assert infer_kind(["15th Brigade (Yemen)"], ["اللواء الخامس عشر"]) == "armed_group"
    assert infer_kind(["Saba News Agency"], ["وكالة سبأ للأنباء"]) == "other"
    assert infer_kind(["Strong Egypt Party"], ["حزب مصر القوية"]) == "political_org"
    assert infer_kind(["Movement for a Democratic Society"], ["حركة المجتمع الديمقراطي"]) == "political_org"
    assert infer_kind(["Arab Quartet"], ["الرباعية العربية"]) == "coalition"
    assert infer_kind(["European Parliament"], ["البرلمان الأوروبي"]) == "international_org"
    assert infer_kind(["United States Forces Korea"], ["القوات الأميركية في كوريا"],
                      state_names=["United States"]) == "other"
    assert infer_kind(["Le Testpoint"], ["لوتستبوان"], is_parent=True) == "other"  # others belong to it


def test_the_build_is_deterministic(kb):
    docs = [
        doc("a1", "قال خالد تستنامي ...", {"Khalid Testnami": ["خالد تستنامي", "تستنامي"], "Taliban": ["طالبان"]}),
        doc("a2", "...", {"Testland Liberation Front": ["جبهة تحرير تستلاند"], "Khalid Testnami": ["خالد تستنامي"]}),
    ]
    first = build(docs, kb).entries
    assert build(list(reversed(docs)), kb).entries == first
    assert yaml.safe_dump(first, allow_unicode=True) == yaml.safe_dump(build(docs, kb).entries, allow_unicode=True)


@pytest.mark.skipif(not (TRAIN.is_dir() and CORPUS.exists()),
                    reason="../shared/data/train or the corpus is absent: the committed file cannot be rebuilt")
def test_committed_train_actor_file_equals_a_fresh_build(tmp_path):
    tool = Path(__file__).resolve().parents[1] / "tools" / "build_train_actors.py"
    spec = importlib.util.spec_from_file_location("build_train_actors", tool)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules["build_train_actors"] = mod
    spec.loader.exec_module(mod)
    out = tmp_path / OUT_NAME
    assert mod.main(["--train", str(TRAIN), "--corpus", str(CORPUS), "--out", str(out)]) == 0
    fresh = out.read_text(encoding="utf-8")
    shipped = (packaged_files()[0].parent / OUT_NAME).read_text(encoding="utf-8")
    assert fresh == shipped, "run: python tools/build_train_actors.py"


def test_another_actors_name_with_common_words_is_a_phrase_not_a_name(kb):
    """``اليمن اليوم`` (a channel's name) is mostly "Yemen today"; ``إيفانكا ترامب`` is a name."""
    corpus = ["قال اليوم إن " * 1000]
    docs = [doc("a1", "...", {"Yemen Testtoday": ["اليمن اليوم"], "Ivanka Testtrump": ["إيفانكا ترامب"]})]
    b = build(docs, kb, corpus)
    assert [e["name_en"] for e in b.entries] == ["Ivanka Testtrump"]
    assert [(d.form, d.reason) for d in b.report.dropped] == [("اليمن اليوم", "common phrase")]


def test_a_known_person_under_another_english_spelling_is_linked_not_repeated(kb):
    """``Jim Mattis`` (the gold's title) is ``james-mattis``: his full Arabic name says so."""
    b = build([doc("a1", "...", {"Jim Mattis": ["جيمس ماتيس", "جيم ماتيس"]})], kb)
    assert b.entries == [{"id": "james-mattis", "aliases_ar": ["جيم ماتيس"], "aliases_en": ["Jim Mattis"],
                          "sources": ["train-gold"]}]
    assert b.report.linked == [("Jim Mattis", "james-mattis")]
