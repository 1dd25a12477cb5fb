"""Silver NER data: gold forms projected onto the tagger's tokens (rawabit.learn.silver)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import SHARED, needs_ner_data

from rawabit.cli import main
from rawabit.learn.silver import (
    TypeIndex,
    describe,
    entity_type,
    name_tokens,
    project,
    read_silver,
    silver_sentences,
)
from rawabit.model import RawArticle
from rawabit.ner.tagger import chunks

TEXT = ("قال الرئيس الأمريكي دونالد ترامب إن حركة طالبان لن تنتصر. "
        "وأضاف ترامب أن الحركة تتلقى دعما من باكستان.\n"
        "وحضر الاجتماع وزير الخارجية الإيراني محمد جواد ظريف في طهران.\n"
        "والتقى زاغروس برانكو ممثلي الزينبيات.\n"
        "وهطل المطر.")
GOLD = {
    "actors": ["Donald Trump", "Taliban", "Pakistan", "Mohammad Javad Zarif", "Iran", "Zagros Branko",
               "Zainabiyat"],
    "arabic": {
        "Donald Trump": ["الرئيس الأمريكي دونالد ترامب", "ترامب"],
        "Taliban": ["حركة طالبان", "طالبان", "الحركة"],
        "Pakistan": ["باكستان"],
        "Mohammad Javad Zarif": ["وزير الخارجية الإيراني محمد جواد ظريف"],
        "Iran": ["طهران", "الإيراني"],
        "Zagros Branko": ["زاغروس برانكو"],
        "Zainabiyat": ["الزينبيات"],
    },
    "relations": [],
}
# What the knowledge base would say: a hand-made index, no KB loaded.
INDEX = TypeIndex(kind_by_name={"taliban": "armed_group", "pakistan": "state", "iran": "state"},
                  kind_by_form={}, nisba=frozenset({"الايراني", "ايراني"}), places=frozenset(),
                  metonyms=frozenset({"طهران"}))


def _spans(art) -> list[tuple[str, str]]:
    out = []
    for toks, tags in art.sentences:
        out += [(typ, " ".join(toks[i:j])) for typ, i, j in chunks(tags)]
    return out


def test_projection_longest_match_titles_and_generic_forms() -> None:
    art = project(TEXT, GOLD, INDEX, "t")
    assert _spans(art) == [
        ("PERS", "دونالد ترامب"),  # the title and the adjective stay outside the name
        ("ORG", "حركة طالبان"),  # the longest form wins over طالبان
        ("PERS", "ترامب"),  # a proclitic-free short form (وأضاف is not in it)
        ("LOC", "باكستان"),
        ("PERS", "محمد جواد ظريف"),
        ("LOC", "طهران"),  # a capital standing for its state is a place
        ("PERS", "زاغروس برانكو"),
    ]
    # الحركة (anaphora) and الإيراني (an adjective) are no names: left O
    toks, tags = art.sentences[1]
    assert tags[toks.index("الحركة")] == "O"
    toks, tags = art.sentences[2]
    assert tags[toks.index("الإيراني")] == "O"


def test_projection_tokens_are_the_taggers_and_proclitics_stay_in_the_token() -> None:
    gold = {"actors": ["Pakistan", "Donald Trump"],
            "arabic": {"Pakistan": ["باكستان"], "Donald Trump": ["دونالد ترامب"]}}
    art = project("زار ولباكستان #دونالد_ترامب، ثم عاد.", gold, INDEX)
    toks, tags = art.sentences[0]
    assert toks == ["زار", "ولباكستان", "#", "دونالد", "ترامب", "،", "ثم", "عاد", "."]
    assert tags == ["O", "B-LOC", "O", "B-PERS", "I-PERS", "O", "O", "O", "O"]


def test_types_inferred_without_the_knowledge_base() -> None:
    assert entity_type("Zagros Branko", ["زاغروس برانكو"], INDEX) == ("PERS", "name-shape")
    assert entity_type("Khalid al-Attiyah", ["خالد العطية"], INDEX) == ("PERS", "given-name")
    assert entity_type("Al-Watan Party", ["حزب الوطن"], INDEX) == ("ORG", "head")
    assert entity_type("Anadolu Agency", ["الأناضول"], INDEX) == ("ORG", "head")
    assert entity_type("Taliban", ["طالبان"], INDEX) == ("ORG", "kb")
    assert entity_type("Pakistan", ["باكستان"], INDEX) == ("LOC", "kb")
    assert entity_type("Zainabiyat", ["الزينبيات"], INDEX) == (None, "unsure")


@pytest.mark.parametrize(
    ("form", "typ", "name"),
    [
        ("أبو براق", "PERS", ("ابو", "براق")),  # أبو opens a name, it is no title
        ("الشيخ صقر بن محمد القاسمي", "PERS", ("صقر", "بن", "محمد", "القاسمي")),
        ("القس برونسون", "PERS", ("برونسون",)),
        ("الضالعي", "PERS", ("الضالعي",)),  # a family name with ال is a name
        ("النازيون", "PERS", None),  # a people
        ("الحكومة اليمنية", "ORG", None),  # a state's organ
        ("الفصائل المعارضة", "ORG", None),  # a side
        ("القبرصى التركى", "ORG", None),  # adjectives
        ("التحالف الذي تقوده السعودية", "ORG", None),  # a description
        ("مقاتلي داعش", "ORG", ("داعش",)),
        ("الاتحاد الأوروبي", "ORG", ("الاتحاد", "الاوروبي")),
        ("مجلس الأمن", "ORG", ("مجلس", "الامن")),
        ("وزارة الخزانة الأميركية", "LOC", None),  # an organ listed under its state
        ("الدولة الفارسية", "LOC", None),  # an epithet of a state
        ("المملكة", "LOC", None),  # anaphora
    ],
)
def test_name_tokens(form: str, typ: str, name: tuple[str, ...] | None) -> None:
    assert name_tokens(form, typ, INDEX) == name


def test_a_title_before_a_place_is_no_person() -> None:
    index = TypeIndex({}, {"قطر": "state"}, frozenset(), frozenset())
    assert name_tokens("أمير قطر", "PERS", index) is None
    gold = {"actors": ["Tamim", "Qatar"], "arabic": {"Tamim": ["أمير قطر", "تميم"], "Qatar": ["قطر"]}}
    assert project("التقى أمير قطر تميم", gold, index).sentences[0][1] == ["O", "O", "B-LOC", "B-PERS"]


def test_sentences_of_unsure_actors_are_left_out_and_negatives_are_a_fixed_share() -> None:
    art = project(TEXT, GOLD, INDEX, "t")
    assert art.unsure == [False, False, False, True, False]  # الزينبيات: no type
    assert art.has_span == [True, True, True, True, False]
    assert len(silver_sentences([art])) == 3
    assert len(silver_sentences([art], negatives=1.0)) == 4
    assert len(silver_sentences([art], repeat=2)) == 6
    assert silver_sentences([art], negatives=0.5) == silver_sentences([art], negatives=0.5)
    d = describe([art])
    assert d["spans"]["PERS"] == 4 and d["sentences_unsure"] == 1


def _silver_folder(tmp: Path) -> Path:
    folder = tmp / "silver"
    folder.mkdir(parents=True)
    for k in range(3):
        name = f"t{k:03d}"
        rec = {"id": name, "text": TEXT}
        (folder / f"{name}.jsonl").write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
        (folder / f"{name}.gold.json").write_text(json.dumps({**GOLD, "document": f"{name}.jsonl"},
                                                             ensure_ascii=False), encoding="utf-8")
    return folder


@needs_ner_data
def test_train_ner_with_silver_writes_a_model_that_loads_and_tags(tmp_path: Path) -> None:
    from rawabit.ner.tagger import Tagger
    from rawabit.pipeline import Pipeline

    out = tmp_path / "silver.crfsuite"
    r = CliRunner().invoke(main, ["train-ner", "--out", str(out), "--limit-sentences", "100", "--iterations", "10",
                                  "--clusters", "none", "--no-dev", "--shared", str(SHARED),
                                  "--silver", str(_silver_folder(tmp_path)), "--silver-repeat", "2"])
    assert r.exit_code == 0, r.output
    meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    # the sentences with a span of 3 articles (how many depends on which actors the KB types), twice
    per_copy = len(silver_sentences(read_silver(_silver_folder(tmp_path / "again"))))
    assert per_copy >= 3 * 3
    assert meta["training_data"]["sentences"]["silver"] == 2 * per_copy
    assert meta["training_data"]["silver"]["repeat"] == 2
    tagger = Tagger(out)
    assert len(tagger.tag(["قال", "دونالد", "ترامب"])) == 3
    art = Pipeline(ner=out).run_raw(RawArticle(text=TEXT))
    assert art.actors  # the pipeline runs with that tagger


def test_train_ner_rejects_an_unknown_fill_type(tmp_path: Path) -> None:
    r = CliRunner().invoke(main, ["train-ner", "--out", str(tmp_path / "m.crfsuite"), "--silver", str(tmp_path),
                                  "--silver-fill", "LOC,CITY"])
    assert r.exit_code != 0
    assert "--silver-fill" in r.output
    assert not (tmp_path / "m.crfsuite").exists()
