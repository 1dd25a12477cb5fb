"""Gold files (SPEC §4): names and Arabic forms matched as the SPEC says, gold files found beside their articles."""

from pathlib import Path

from conftest import DEV, needs_shared

from rawabit.gold import GoldActors, gold_article, gold_pairs, norm_ar, norm_name, read_gold


def test_name_normalisation():
    assert norm_name("Al-Shabaab (militant group)") == norm_name("al-Shabaab") == norm_name("Shabaab")
    assert norm_name("The Taliban") == norm_name("taliban")
    assert norm_name("Recep Tayyip Erdoğan") == norm_name("recep tayyip erdogan")


def test_arabic_forms_and_alternatives():
    assert norm_ar("الحَرَكة") == norm_ar("الحركه") and norm_ar("إيران") == norm_ar("ايران")
    ga = GoldActors({"actors": ["Islamic State – Khorasan Province|Islamic State", "Mohammad Naeem"],
                     "arabic": {"Mohammad Naeem": ["محمد نعيم"]}})
    assert ga.match("Islamic State", "") == ["Islamic State – Khorasan Province|Islamic State"]
    assert ga.match("M. Naeem", "ومحمد نعيم") == ["Mohammad Naeem"]  # one leading و dropped
    assert ga.match("Sudan", "السودان") == []
    assert ga.entry_of_name("Islamic State") == "Islamic State – Khorasan Province|Islamic State"


@needs_shared
def test_gold_files_beside_their_articles(tmp_path: Path):
    pairs = gold_pairs(DEV)
    assert len(pairs) == 23 and all(g.name.endswith(".gold.json") for _, g in pairs)
    art, gold = pairs[0]
    assert gold_article(art) is not None and read_gold(gold)["actors"]
    (tmp_path / "lone.gold.json").write_text("{}", encoding="utf-8")  # no article beside it
    assert gold_pairs(tmp_path) == []
