"""Training and measuring (rawabit.learn): the relation typer, the NER tagger's corpora, training and scoring."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEV, NER_DATA, SHARED, needs_ner_data, needs_shared

import rawabit
from rawabit.cli import main
from rawabit.extraction.pairs import load_model
from rawabit.learn.corpora import (
    read_anercorp,
    read_conll,
    read_newsfane,
    repair_iob,
    sentence_key,
    write_conll,
)
from rawabit.learn.ner_eval import score
from rawabit.pipeline import Pipeline

# -- the relation typer --------------------------------------------------------

@needs_shared
def test_train_relations_on_a_slice(tmp_path):
    for name in ("2021-09-13-aq-taliban", "03_bbc_20180304", "06_bbc_20180904", "09_aawsat_20150810"):
        for f in DEV.glob(name + ".*"):
            shutil.copy(f, tmp_path / f.name)
    out = tmp_path / "model.json"
    res = CliRunner().invoke(main, ["train-relations", str(tmp_path), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "trained on 4 articles" in res.output
    model = load_model(str(out))
    assert model is not None and model.weights
    p = Pipeline(relation_model=str(out))
    art = p.run_raw(rawabit.model.RawArticle(text="ساعد مقاتلو القاعدة طالبان في اشتباكات مع مقاتلي داعش."))
    assert art.relations


# -- NER: scorer ---------------------------------------------------------------

def test_score_exact_match_only() -> None:
    gold = [["B-PERS", "I-PERS", "O", "B-LOC"], ["B-ORG", "I-ORG", "O"]]
    pred = [["B-PERS", "I-PERS", "O", "B-ORG"], ["B-ORG", "O", "O"]]
    s = score(gold, pred)
    # PERS right; LOC typed wrong (1 fn LOC + 1 fp ORG); ORG boundary wrong (1 fp + 1 fn)
    assert (s.overall.tp, s.overall.fp, s.overall.fn) == (1, 2, 2)
    assert s.by_type["PERS"].f1 == 1.0
    assert s.by_type["LOC"].recall == 0.0 and s.by_type["LOC"].fp == 0
    assert s.by_type["ORG"].fp == 2 and s.by_type["ORG"].fn == 1
    assert s.overall.precision == pytest.approx(1 / 3)
    assert s.overall.recall == pytest.approx(1 / 3)
    assert s.tokens == 7


def test_score_perfect_and_empty() -> None:
    g = [["B-LOC", "O", "B-PERS", "I-PERS"]]
    assert score(g, g).overall.f1 == 1.0
    empty = score([["O", "O"]], [["O", "O"]])
    assert empty.overall.f1 == 0.0 and empty.overall.tp == 0
    with pytest.raises(ValueError):
        score([["O"]], [["O", "O"]])


# -- NER: corpus readers ------------------------------------------------------------------

def test_repair_iob() -> None:
    assert repair_iob(["O", "I-LOC", "I-LOC", "I-PERS"]) == ["O", "B-LOC", "I-LOC", "B-PERS"]


def test_read_and_write_conll(tmp_path: Path) -> None:
    sents = [(["قال", "محمد", "نعيم"], ["O", "B-PERS", "I-PERS"]), (["في", "باكستان"], ["O", "B-LOC"])]
    p = tmp_path / "x.txt"
    write_conll(sents, p)
    assert read_anercorp(p) == sents
    assert read_conll(p) == sents


def test_newsfane_format_and_test_exclusion(tmp_path: Path) -> None:
    # BOM, CRLF, TAB, U+200E before tokens, clitics split off, fine-grained classes
    raw = ("\ufeff\u200eقال\tO\r\n\u200eمحمد\tB-Politician\r\n\u200eنعيم\tI-Politician\r\n\u200eفي\tO\r\n"
           "\u200eباكستان\tB-Nation\r\n.\tO\r\n\t\r\n"
           "\u200eو\tO\r\n\u200eزار\tO\r\n\u200eالصينيون\tB-Group\r\n\u200eبكين\tB-Population-Center\r\n"
           "\u200eامس\tO\r\n\u200eمع\tO\r\n\u200eوفد\tO\r\n\u200eكبير\tO\r\n.\tO\r\n\t\r\n")
    p = tmp_path / "nf.txt"
    p.write_bytes(raw.encode("utf-8"))
    sents = read_newsfane(p)
    assert sents[0] == (["قال", "محمد", "نعيم", "في", "باكستان", "."], ["O", "B-PERS", "I-PERS", "O", "B-LOC", "O"])
    assert sents[1][1][2:4] == ["O", "B-LOC"]  # nationality groups are not ANERcorp entities
    # the same text in ANERcorp tokenisation (clitic attached) is held out
    held = [(["وزار", "الصينيون", "بكين", "أمس", "مع", "وفد", "كبير", "."], ["O"] * 8)]
    assert sentence_key(held[0][0]) == sentence_key(sents[1][0])
    kept = read_newsfane(p, exclude=held)
    assert [s[0][0] for s in kept] == ["قال"]


@needs_ner_data
def test_anercorp_split_sizes() -> None:
    train = read_anercorp(NER_DATA / "anercorp" / "ANERCorp_CamelLab_train.txt")
    test = read_anercorp(NER_DATA / "anercorp" / "ANERCorp_CamelLab_test.txt")
    assert sum(len(t) for t, _ in train) == 125_102
    assert sum(len(t) for t, _ in test) == 25_008


# -- NER: training and ner-eval ---------------------------------------------

@needs_ner_data
def test_train_ner_and_ner_eval_cli(tmp_path: Path) -> None:
    out = tmp_path / "small.crfsuite"
    runner = CliRunner()
    r = runner.invoke(main, ["train-ner", "--out", str(out), "--limit-sentences", "300", "--iterations", "15",
                             "--clusters", "none", "--shared", str(SHARED)])
    assert r.exit_code == 0, r.output
    assert "dev: P" in r.output and "test: P" in r.output
    assert out.exists()
    meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["training_data"]["limit_sentences"] == 300
    assert 0 <= meta["scores"]["test"]["overall"]["f1"] <= 1
    gold = tmp_path / "gold.txt"
    write_conll([(["قال", "محمد", "نعيم", "في", "باكستان"], ["O", "B-PERS", "I-PERS", "O", "B-LOC"])], gold)
    r = runner.invoke(main, ["ner-eval", str(gold), "--model", str(out)])
    assert r.exit_code == 0, r.output
    assert "overall" in r.output and "tokens/s" in r.output


@needs_ner_data
def test_train_ner_stacked_with_gazetteer(tmp_path: Path) -> None:
    from rawabit.ner.tagger import Tagger

    out = tmp_path / "stacked.crfsuite"
    r = CliRunner().invoke(main, ["train-ner", "--out", str(out), "--limit-sentences", "200", "--iterations", "10",
                                  "--clusters", "none", "--gazetteer", "package", "--stack-folds", "2",
                                  "--no-dev", "--shared", str(SHARED)])
    assert r.exit_code == 0, r.output
    meta = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert meta["features"]["stage1"] == "stacked.stage1.crfsuite"
    assert meta["features"]["gazetteer_file"] == "stacked.gazetteer.json"
    assert (tmp_path / "stacked.stage1.crfsuite").exists() and (tmp_path / "stacked.gazetteer.json").exists()
    tagger = Tagger(out)
    assert tagger.stage1 is not None and tagger.features.res.gazetteer
    text = "قال المتحدث محمد نعيم في باكستان. ثم زار نعيم كابل."
    for e in tagger.entities(text):
        assert text[e.start:e.end] == e.text
    assert len(tagger.tag(["قال", "محمد", "نعيم"])) == 3
    assert [len(t) for t in tagger.tag_sents([["قال", "محمد"], [], ["في", "كابل"]])] == [2, 0, 2]


def test_ner_eval_reports_missing_model(tmp_path: Path) -> None:
    gold = tmp_path / "gold.txt"
    write_conll([(["في", "باكستان"], ["O", "B-LOC"])], gold)
    bad = tmp_path / "bad.crfsuite"
    bad.write_text("not a model")
    r = CliRunner().invoke(main, ["ner-eval", str(gold), "--model", str(bad)])
    assert r.exit_code == 1
    assert "not a crfsuite model" in r.output
