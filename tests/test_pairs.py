"""The learned relation typer: the shipped model loads and runs (its training: test_learn.py)."""

from pathlib import Path

import rawabit
from rawabit.extraction.pairs import load_model, predict
from rawabit.pipeline import Pipeline


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
