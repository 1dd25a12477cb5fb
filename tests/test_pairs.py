"""The learned relation typer: training works, and the shipped model loads and runs."""

import shutil
from pathlib import Path

from click.testing import CliRunner
from conftest import DEV, needs_shared

import rawabit
from rawabit.cli import main
from rawabit.extraction.pairs import load_model, predict
from rawabit.pipeline import Pipeline


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


def test_shipped_model_scores_pairs():
    model = load_model()
    assert model is not None
    art = rawabit.extract("أعلنت حركة طالبان أن تنظيم القاعدة حليف قديم لها.")
    kinds = {a.id: a.kind for a in art.actors}
    scored = predict(art, model, kinds, threshold=0.0)
    assert scored and all(0.0 <= p <= 1.0 for _, _, p in scored)


def test_rules_only_pipeline_has_no_model_relations():
    art = Pipeline(relation_model=False).run_raw(rawabit.model.RawArticle(text="قالت باكستان إن الهند عدو لها."))
    assert all(not r.rule.startswith("model:") for r in art.relations)


def test_a_shared_article_view_gives_the_same_features():
    """features() reads words and mention counts through a view shared by an article's pairs:
    the same features as a view of its own, and third-party mentions counted as a scan counts them."""
    from rawabit.extraction.pairs import _ArticleView, candidates, features, rule_verdicts, triggers_by_token

    sample = Path(rawabit.__file__).parent / "data" / "sample" / "2021-09-13-aq-taliban.txt"
    arts = [rawabit.extract(sample.read_text(encoding="utf-8")),
            rawabit.extract("قالت باكستان إن الهند وإيران والصين عدو لطالبان، وإن القاعدة حليف قديم لها.")]
    pairs = 0
    for art in arts:
        kinds = {a.id: a.kind for a in art.actors}
        verdicts, trig = rule_verdicts(art), triggers_by_token(art)
        view = _ArticleView(art)
        for c in candidates(art):
            rt = {(c.a.actor_id, c.b.actor_id): verdicts.get((c.sentence, c.a.actor_id, c.b.actor_id), set())}
            shared = features(art, c, kinds, rt, trig, view)
            assert list(shared.items()) == list(features(art, c, kinds, rt, trig).items())  # same keys, same order
            scan = sum(1 for m in art.mentions if c.a.token_end <= m.token_start < c.b.token_start
                       and m.actor_id not in (c.a.actor_id, c.b.actor_id))
            assert f"others:{min(scan, 3)}" in shared and view.others_between(c) == scan
            pairs += 1
    assert pairs >= 3
