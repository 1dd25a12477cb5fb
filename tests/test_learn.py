"""Training and measuring (rawabit.learn): the pair and listing models, the NER tagger's corpora, training and scoring."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEV, NER_DATA, SHARED, needs_ner_data, needs_shared

import rawabit
import rawabit.extraction.pairs
from rawabit.cli import main
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

# -- the pair and listing models ---------------------------------------------------

SLICE = ("2021-09-13-aq-taliban", "03_bbc_20180304", "06_bbc_20180904", "09_aawsat_20150810",
         "12_france24_20180615", "15_france24_20180607")


def _slice(tmp_path: Path) -> Path:
    for name in SLICE:
        for f in DEV.glob(name + ".*"):
            shutil.copy(f, tmp_path / f.name)
    return tmp_path


def test_pair_labels_and_masks():
    from rawabit.extraction.pairs import Context, Pair
    from rawabit.learn.pairs import pair_labels
    from rawabit.model import Mention

    m = Mention(0, 1, "x", "alias")
    p = Pair("a", "b", (Context(0, 0, m, m),))
    matches = {"a": ["A"], "b": ["B|B2"]}
    pos = {("A", "fight", "B|B2"), ("B|B2", "support", "A")}
    opt = {("A", "support", "B|B2"), ("A", "ally", "B|B2")}
    lab = pair_labels(p, matches, pos, opt)
    assert lab.symmetric == {"fight"} and lab.backward == {"support"} and not lab.forward
    assert lab.masked == {"support>", "ally"}


def test_gold_counts_leave_the_article_out():
    from rawabit.extraction.pairs import Context, Pair
    from rawabit.learn.pairs import Doc, GoldCounts, Labels
    from rawabit.model import Actor, Mention

    m = Mention(0, 1, "x", "alias")
    p = Pair("iran", "houthis", (Context(0, 0, m, m),))
    art = rawabit.Article(text="x", actors=(Actor("iran", "Iran", "إيران", "state"),))

    def doc(name: str, sym: set[str]) -> Doc:
        return Doc(name, art, {"actors": ["Iran"]}, [(p, {}, {}, {})], [Labels(symmetric=sym, forward={"support"})],
                   {"iran": ["Iran"]}, set(), set())

    counts = GoldCounts([doc("d1", {"hostile"}), doc("d2", set())])
    assert counts.sym["houthis|iran"] == [2, {"hostile": 1}]
    assert counts.dir["iran>houthis"] == [2, {"support": 2}] and counts.dir["houthis>iran"] == [2, {}]
    assert counts.minus("d1")(p, "s") == (1, {"hostile": 1})
    priors = counts.priors(rawabit.extraction.pairs.PairPriors.empty())
    assert priors.gold_symmetric("iran", "houthis", counts.minus("d1")(p, "s"))["gs_hostile"] == pytest.approx(0.1 / 2)
    assert counts.actors["iran"] == [2, 2] and counts.own_actors["d2"]["iran"] == (1, 1)


def test_folds_are_deterministic_and_balanced():
    from rawabit.learn.pairs import fold_of

    names = [f"t{i:03d}" for i in range(23)]
    f1, f2 = fold_of(names, 5), fold_of(list(reversed(names)), 5)
    assert f1 == f2
    sizes = sorted(list(f1.values()).count(k) for k in range(5))
    assert sizes == [4, 4, 5, 5, 5]


@needs_shared
def test_train_on_a_slice_writes_models_that_load_and_predict(tmp_path):
    (tmp_path / "gold").mkdir()
    folder = _slice(tmp_path / "gold")
    out = tmp_path / "models"
    out.mkdir()
    from rawabit.data import data_path

    shutil.copy(data_path("pair_priors.json"), out / "pair_priors.json")  # the corpus part is reused
    res = CliRunner().invoke(main, ["train", str(folder), "--step", "models", "--out-dir", str(out)])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output[res.output.index("{"):])
    assert report["models"]["documents"] == len(SLICE)
    model = rawabit.extraction.pairs.load_model(str(out / "pair_model.json"))
    assert model is not None and model.symmetric.weights["fight"]
    assert model.trees is not None and "fight" in model.trees.symmetric.trees  # the trees ship with it
    priors = json.loads((out / "pair_priors.json").read_text(encoding="utf-8"))
    assert priors["gold"]["symmetric"] and priors["corpus"]["cooccur"]
    p = Pipeline(relation_model=str(out / "pair_model.json"), salience_model=str(out / "salience_model.json"),
                 priors=str(out / "pair_priors.json"))
    art = p.run_raw(rawabit.model.RawArticle(text="ساعد مقاتلو القاعدة طالبان في اشتباكات مع مقاتلي داعش."))
    assert {a.id for a in art.actors} >= {r.source for r in art.relations}
    # deterministic: a second run writes the same model; into a folder without priors, the models
    # step reads the packaged corpus priors (not none)
    out2 = tmp_path / "models2"
    res = CliRunner().invoke(main, ["train", str(folder), "--step", "models", "--out-dir", str(out2)])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output[res.output.index("{"):])["models"]["corpus_priors_from"] == str(
        data_path("pair_priors.json"))
    assert (out / "pair_model.json").read_bytes() == (out2 / "pair_model.json").read_bytes()
    assert (out / "pair_priors.json").read_bytes() == (out2 / "pair_priors.json").read_bytes()


@needs_shared
def test_train_creates_its_output_folder_or_says_why_not(tmp_path):
    out = tmp_path / "new" / "models"
    res = CliRunner().invoke(main, ["train", "--step", "kb", "--out-dir", str(out)])
    assert res.exit_code == 0, res.output
    assert (out / "60-train-gold.yaml").exists()
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    res = CliRunner().invoke(main, ["train", "--step", "kb", "--out-dir", str(blocker / "models")])
    assert res.exit_code != 0
    assert str(blocker / "models") in res.output and "cannot create the output folder" in res.output


@needs_shared
def test_eval_folds_on_a_slice(tmp_path):
    folder = _slice(tmp_path)
    res = CliRunner().invoke(main, ["eval", "--folds", "2", str(folder), "--format", "json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.output)["1.0"]
    assert report["documents"] == len(SLICE) and report["folds"] == 2
    assert sum(f["test"] for f in report["per_fold"]) == len(SLICE)
    assert set(report["by_type"]) == {"ally", "support", "fight", "hostile", "influence", "affiliate"}
    assert 0.0 <= report["relations"]["f1"] <= 1.0
    lo, hi = report["relations"]["f1_interval_95"]
    assert 0.0 <= lo <= report["relations"]["f1"] <= hi <= 1.0
    assert CliRunner().invoke(main, ["eval", "--folds", "1", str(folder)]).exit_code != 0


@needs_shared
def test_learning_curve_plot(tmp_path):
    folder = _slice(tmp_path)
    png = tmp_path / "curve.png"
    res = CliRunner().invoke(main, ["eval", "--folds", "2", "--learning-curve", "--plot", str(png), str(folder)])
    assert res.exit_code == 0, res.output
    assert "learning curve" in res.output and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_train_steps_named_in_the_cli_are_the_steps():
    from rawabit.learn import cli, train

    assert cli.STEPS == train.STEPS


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


@needs_shared
def test_cross_fitting_never_gives_an_article_its_own_actors(tmp_path):
    """Each training article is extracted with the knowledge base learned from the other articles'
    gold files only (as a new article is: its people unknown unless another article named them)."""
    from rawabit.extraction.pairs import PairPriors
    from rawabit.kb import load
    from rawabit.learn.pairs import annotated_files, cross_fitted

    files = annotated_files([_slice(tmp_path)])
    seen: list[set[str]] = []

    def kb_for(golds):
        seen.append({g.name for g in golds})
        return load()

    docs = cross_fitted(files, kb_for, PairPriors.empty(), k=3)
    assert [d.name for d in docs] == [a.name for a, _ in files]
    assert len(seen) == 3
    for d in docs:
        own = d.name.rsplit(".", 1)[0] + ".gold.json"
        assert sum(own not in s for s in seen) == 1  # exactly one build left it out: the one it was read with


@pytest.mark.parametrize("args", [["--learning-curve"], ["--folds", "2", "--plot", "x.png"], ["--folds", "1"]])
def test_eval_fold_options_that_cannot_go_together_are_usage_errors(args: list[str], tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["eval", *args, str(tmp_path)])
    assert res.exit_code == 2, res.output
    assert "--" in res.output.splitlines()[-1]  # the message names the option to give


def test_annotated_articles_are_read_with_a_tagger_that_learnt_none_of_their_names():
    """Training and eval --folds read the annotated articles with the shipped tagger: it must
    not have learnt their names (a silver tagger would need a held-out tagger for reading)."""
    import json

    from rawabit.learn.pairs import reading_pipeline
    from rawabit.ner.tagger import PACKAGED_MODEL

    meta = json.loads(PACKAGED_MODEL.with_suffix(".json").read_text(encoding="utf-8"))
    assert "silver" not in meta["training_data"]  # ANERcorp alone
    # nor its gazetteer: no name the knowledge base knows only from the training gold
    from rawabit.kb import load
    from rawabit.learn.kb import OUT_NAME

    gazetteer = json.loads((PACKAGED_MODEL.parent / meta["features"]["gazetteer_file"]).read_text(encoding="utf-8"))
    names = {n for n, _ in gazetteer["names"]}
    full, hand_made = load(), load(exclude=[OUT_NAME])
    learnt = {n for aid, a in full.actors.items() if aid not in hand_made.actors for n in (a.name_ar, *a.aliases_ar)}
    assert len(names) > 1000 and len(learnt) > 100
    assert not names & learnt
    pipe = reading_pipeline()
    assert pipe.stage("mentions").ner_model is None  # the shipped tagger
    assert [name for name, _ in pipe.stages][-1] == "salience"  # rules only: no pair model
    assert "pairs" not in [name for name, _ in pipe.stages]


@needs_shared
@pytest.mark.parametrize("learner", ["lightgbm", "lightgbm-dense", "mlp"])
def test_other_learners_train_and_score_on_a_slice(learner: str, tmp_path: Path) -> None:
    pytest.importorskip("lightgbm" if learner.startswith("lightgbm") else "sklearn")
    from rawabit.extraction.pairs import PairFeatures, PairPriors
    from rawabit.learn.learners import FITS
    from rawabit.learn.pairs import prepare, read_annotated, reading_pipeline

    rules = reading_pipeline()
    docs = prepare(read_annotated([_slice(tmp_path)], rules), PairFeatures(rules.kb, PairPriors.empty()))
    model, priors = FITS[learner](docs, PairPriors.empty())
    scored = model.score(docs[0].rows, priors)
    assert len(scored) == len(docs[0].rows) > 0
    assert all(0.0 <= p <= 1.0 for s in scored for p in (*s.symmetric, *s.forward, *s.backward))
    if learner == "lightgbm-dense":  # trees over the features that name no word
        from rawabit.learn.learners import is_lexical

        used = model.vec.get_feature_names_out()[model.keep]
        assert len(used) and not any(is_lexical(f) for f in used)
        assert any(is_lexical(f) for f in model.vec.get_feature_names_out())


def test_thresholds_sit_on_a_plateau_not_a_lone_peak():
    from rawabit.learn.pairs import plateau

    # a lone peak at index 1, a broad optimum around index 5: the broad one is chosen
    f1 = [0.50, 0.64, 0.50, 0.55, 0.62, 0.63, 0.62, 0.40]
    assert plateau(f1) == 5
    assert plateau(f1, reach=0) == 1  # the highest point alone
    assert plateau([0.6]) == 0 and plateau([0.6, 0.6, 0.6]) == 0  # the first of equals
    assert plateau([0.70, 0.69, 0.30]) == 0  # the edges average over the neighbours they have
