"""SPEC §4 scoring, and the gates: F1 on annotated articles may only rise."""

from pathlib import Path

from conftest import DEV, needs_shared

from rawabit.evaluate import Counts, EvalResult, evaluate, f1_interval, score_document

# Pinned floors: raise them when extraction improves; never lower them below what noise alone moves.
ACTORS_F1_FLOOR = 0.90  # the dev set, with the shipped models (trained on it: a regression gate, not a score)
RELATIONS_F1_FLOOR = 0.82
RULES_ONLY_F1_FLOOR = 0.49  # the rules alone
# bench/heldout*: 22 corpus articles no shipped model was trained on. They hold 78 relations:
# one more or one less moves F1 by about 0.013, and retraining after a change that moved
# nothing out of fold has moved it by 0.025 (0.738 to 0.713), so the relations floor keeps
# that margin below the figures measured (0.707 to 0.738). They hold 145 actors: one right
# actor more or less moves F1 by about 0.0035, and changes that moved actors F1 out of fold by
# less than 0.01 have moved it by one or two actors either way (0.897 to 0.907), so the actors
# floor keeps three actors' margin below the figures measured (0.897 to 0.907)
HELDOUT = sorted((Path(__file__).resolve().parents[1] / "bench").glob("heldout*"))
HELDOUT_ACTORS_F1_FLOOR = 0.89
HELDOUT_RELATIONS_F1_FLOOR = 0.70


def _pred(actors, relations):
    return {"actors": [{"id": i, "name_en": n, "name_ar": a} for i, n, a in actors],
            "relations": [{"source": s, "type": t, "target": o, "modality": m} for s, t, o, m in relations]}


GOLD = {
    "actors": ["al-Qaeda", "Taliban", "Islamic State – Khorasan Province|Islamic State", "Mohammad Naeem"],
    "arabic": {"Mohammad Naeem": ["محمد نعيم"]},
    "relations": [
        {"source": "al-Qaeda", "target": "Taliban", "type": "ally", "optional": False},
        {"source": "Taliban", "target": "al-Qaeda", "type": "support", "optional": False},
        {"source": "Taliban", "target": "Islamic State – Khorasan Province|Islamic State", "type": "fight", "optional": False},
        {"source": "al-Qaeda", "target": "Islamic State", "type": "hostile", "optional": True},
        {"source": "Taliban", "target": "al-Qaeda", "type": "hostile", "modality": "negated", "optional": False},
    ],
}


def test_scoring_rules():
    pred = _pred(
        [("aq", "al-Qaeda", "القاعدة"), ("tb", "The Taliban", "طالبان"), ("is", "Islamic State", "داعش"),
         ("p1", "M. Naeem", "ومحمد نعيم"), ("x", "Sudan", "السودان")],
        [("tb", "ally", "aq", "asserted"),       # symmetric: order ignored -> tp
         ("tb", "support", "aq", "hedged"),      # hedged counts
         ("aq", "hostile", "is", "asserted"),    # optional -> ignored
         ("is", "fight", "tb", "negated"),       # negated predictions are left out
         ("tb", "hostile", "aq", "asserted"),    # gold negated -> a false positive
         ("aq", "support", "tb", "asserted")],   # wrong direction -> fp
    )
    ds = score_document("d", pred, GOLD)
    assert (ds.actors.tp, ds.actors.fp, ds.actors.fn) == (4, 1, 0)  # Naeem matched by Arabic form
    assert (ds.relations.tp, ds.relations.fp, ds.relations.fn) == (2, 2, 1)


def test_f1_interval_resamples_articles():
    # forty articles: half all right, half all wrong (micro F1 2/3)
    docs = [Counts(tp=4) for _ in range(20)] + [Counts(fp=2, fn=2) for _ in range(20)]
    total = Counts()
    for d in docs:
        total.add(d)
    lo, hi = f1_interval(docs)
    assert lo < total.f1 < hi and 0.5 < lo and hi < 0.8
    assert f1_interval(docs) == (lo, hi)  # a fixed seed: the same interval every run
    lo4, hi4 = f1_interval(docs[:2] + docs[20:22])  # four articles drawn the same way: wider
    assert hi4 - lo4 > hi - lo
    assert f1_interval([Counts(tp=3, fp=1, fn=1)] * 10) == (0.75, 0.75)  # alike articles: no spread
    assert f1_interval([]) == (0.0, 0.0)
    assert f1_interval([Counts()] * 3) == (0.0, 0.0)  # nothing predicted, nothing to find


def test_f1_interval_in_small_batches_is_the_same_interval(monkeypatch):
    import rawabit.evaluate as ev

    docs = [Counts(tp=k % 7, fp=k % 3, fn=k % 5) for k in range(300)]
    whole = f1_interval(docs)
    monkeypatch.setattr(ev, "_RESAMPLED_PER_BATCH", 1000)  # three resamples a batch
    assert f1_interval(docs) == whole


@needs_shared
def test_dev_set_gate():
    res = evaluate(DEV)
    assert len(res.docs) == 23
    assert res.actors.f1 >= ACTORS_F1_FLOOR, res.actors
    assert res.relations.f1 >= RELATIONS_F1_FLOOR, res.relations
    assert res.meta["published"] == (1, 1) and res.meta["author"] == (1, 1) and res.meta["title"] == (1, 1)


def test_held_out_gate():
    """The corpus articles of bench/heldout* are annotated like the training set and no learned
    model is trained on them (``rawabit train`` reads ../shared/data/train and dev)."""
    res = EvalResult.merge([evaluate(f) for f in HELDOUT])
    assert len(res.docs) == 22
    assert res.actors.f1 >= HELDOUT_ACTORS_F1_FLOOR, res.actors
    assert res.relations.f1 >= HELDOUT_RELATIONS_F1_FLOOR, res.relations


@needs_shared
def test_dev_set_gate_rules_only():
    from rawabit.pipeline import Pipeline

    res = evaluate(DEV, Pipeline(relation_model=False))
    assert res.relations.f1 >= RULES_ONLY_F1_FLOOR, res.relations


def test_eval_of_a_folder_without_gold_files_is_an_error(tmp_path):
    from click.testing import CliRunner

    from rawabit.cli import main

    (tmp_path / "a.txt").write_text("عنوان\nقالت حركة طالبان إن التحالف مع القاعدة مستمر.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert res.exit_code == 1 and "no article with a NAME.gold.json" in res.output
    assert "total" not in res.output  # no table of zeros


@needs_shared
def test_eval_prints_how_far_f1_moves_with_the_articles(tmp_path):
    import json
    import shutil

    from click.testing import CliRunner

    from rawabit.cli import main

    for gold in sorted(DEV.glob("*.gold.json"))[:4]:
        shutil.copy(gold, tmp_path)
        for article in DEV.glob(gold.name.replace(".gold.json", ".*")):
            shutil.copy(article, tmp_path)
    res = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "95 % interval of F1 over 4 articles resampled 1,000 times" in res.output
    res = CliRunner().invoke(main, ["eval", str(tmp_path), "--format", "json"])
    total = json.loads(res.output)["total"]
    for part in ("actors", "relations"):
        lo, hi = total[part]["f1_interval_95"]
        assert 0.0 <= lo <= total[part]["f1"] <= hi <= 1.0
