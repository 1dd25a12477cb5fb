"""The pair model: candidate pairs, their features, the linear scorer and the stage (its
training: test_learn.py)."""

from __future__ import annotations

import json
import math
from collections import Counter

import pytest

import rawabit
from rawabit.errors import DataError
from rawabit.extraction.pairs import (
    DIRECTED,
    SYMMETRIC,
    PairFeatures,
    PairModel,
    PairPriors,
    Scored,
    candidate_pairs,
    load_model,
    relations_from,
    score_pairs,
)
from rawabit.forest import Forest, PairTrees
from rawabit.linear import LinearModel
from rawabit.model import RawArticle
from rawabit.pipeline import Pipeline, default_pipeline

RULES = Pipeline(relation_model=False)
TEXT = ("قالت باكستان إن الهند عدو لها. وأعلنت حركة طالبان أن تنظيم القاعدة حليف قديم لها. "
        "وفي خبر آخر، زار وفد من اليمن العاصمة.")


def _rules(text: str) -> rawabit.Article:
    return RULES.run_raw(RawArticle(text=text), until="salience")


def test_candidate_pairs_same_and_next_sentence():
    art = _rules(TEXT)
    pairs = {(p.a, p.b): p for p in candidate_pairs(art)}
    assert ("pakistan", "india") in pairs and pairs[("pakistan", "india")].distance == 0
    # India (sentence 1) and the Taliban (sentence 2) are one sentence apart; Pakistan and Yemen two
    assert pairs[("india", "taliban")].distance == 1
    assert not any({"pakistan", "yemen"} == {a, b} for a, b in pairs)
    for p in pairs.values():
        assert p.a != p.b
        for c in p.contexts:
            assert c.a.actor_id == p.a and c.b.actor_id == p.b
        assert [c.distance for c in p.contexts] == sorted(c.distance for c in p.contexts)


def test_features_orientation():
    art = _rules(TEXT)
    feats = PairFeatures(RULES.kb, PairPriors.empty())
    rows = {(p.a, p.b): (s, ab, ba) for p, s, ab, ba in feats.article(art)}
    shared, ab, ba = rows[("taliban", "al-qaeda")]
    assert shared["bias"] == 1.0 and shared["btw:ان"] == 1.0
    assert ab["ord:XY"] == 1.0 and ba["ord:YX"] == 1.0
    assert ab["k:armed_group|armed_group"] == 1.0 and ab["xfirst"] == 1.0 and "xfirst" not in ba
    # the preposition governing each mention goes to its side
    assert any(k.startswith("mx:prep:") for k in ab) and any(k.startswith("my:prep:") for k in ba)
    # context features are averaged over a pair's contexts
    multi = next((r for r in rows.values() if len([c for c in r[0] if c.startswith("btw:")]) > 0), None)
    assert multi is not None


def test_linear_model_is_a_logistic_regression():
    m = LinearModel(["a", "b"], {"a": {"x": 1.0, "y": -2.0}, "b": {"y": 0.5}}, {"a": 0.1, "b": -0.3})
    probs = m.probabilities([({"x": 1.0}, {"y": 2.0, "unknown": 5.0}), ({},)])
    z = [0.1 + 1.0 - 4.0, -0.3 + 1.0]
    assert probs[0].tolist() == pytest.approx([1 / (1 + math.exp(-v)) for v in z])
    assert probs[1].tolist() == pytest.approx([1 / (1 + math.exp(-0.1)), 1 / (1 + math.exp(0.3))])
    assert m.probabilities([]).shape == (0, 2)


def test_model_json_round_trip_and_version(tmp_path):
    sym = LinearModel(SYMMETRIC, {"fight": {"bias": 1.0}}, {"fight": -1.0})
    dire = LinearModel(DIRECTED, {}, {})
    model = PairModel(sym, dire, {t: 0.5 for t in (*SYMMETRIC, *DIRECTED)}, {"note": 1})
    path = tmp_path / "m.json"
    model.save(path)
    back = load_model(str(path))
    assert back is not None and back.to_json() == model.to_json()
    d = json.loads(path.read_text(encoding="utf-8"))
    d["version"] = 0
    path.write_text(json.dumps(d), encoding="utf-8")
    load_model.cache_clear()
    with pytest.raises(DataError, match="retrain"):
        load_model(str(path))
    with pytest.raises(DataError, match="no such"):
        load_model(str(tmp_path / "missing.json"))


def test_decisions_may_take_both_directions():
    art = _rules(TEXT)
    p = candidate_pairs(art)[0]
    sc = Scored(p, (0.9, 0.1, 0.2), (0.7, 0.0, 0.1), (0.8, 0.0, 0.6))
    thr = {t: 0.5 for t in (*SYMMETRIC, *DIRECTED)}
    got = {(s, t, g) for s, t, g, _ in sc.decisions(thr)}
    assert got == {(p.a, "ally", p.b), (p.a, "support", p.b), (p.b, "support", p.a), (p.b, "affiliate", p.a)}


def test_gold_priors_leave_an_article_out():
    priors = PairPriors({}, {"symmetric": {"a|b": [3, {"fight": 2}]}})
    full = priors.gold_symmetric("b", "a")
    assert full["gs_fight"] == pytest.approx(2.1 / 4) and full["gs_ally"] == pytest.approx(0.1 / 4)
    left = priors.gold_symmetric("a", "b", (1, Counter({"fight": 1})))
    assert left["gs_fight"] == pytest.approx(1.1 / 3)
    assert priors.gold_symmetric("a", "b", (3, Counter({"fight": 2}))) == {"gs_n": 0.0}
    assert priors.gold_symmetric("a", "c") == {}


def test_relations_from_keeps_accepted_rule_relations_and_adds_the_rest():
    art = _rules("ساعد مقاتلو القاعدة طالبان في اشتباكات مع مقاتلي داعش في ولاية ننجرهار.")
    rows = PairFeatures(RULES.kb, PairPriors.empty()).article(art)
    stated = {r.key() for r in art.relations}
    assert ("al-qaeda", "support", "taliban") in stated
    scored = []
    for p, *_ in rows:
        sym = (0.0, 0.9 if {p.a, p.b} == {"taliban", "islamic-state"} else 0.0, 0.0)
        scored.append(Scored(p, sym, (0.0, 0.0, 0.0), (0.0, 0.0, 0.0)))
    out = relations_from(art, scored, {t: 0.5 for t in (*SYMMETRIC, *DIRECTED)})
    keys = {r.key() for r in out.relations}
    assert ("islamic-state", "fight", "taliban") in keys or ("taliban", "fight", "islamic-state") in keys
    assert ("al-qaeda", "support", "taliban") not in keys  # the model did not accept it
    for r in out.relations:
        assert out.text[r.evidence.start:r.evidence.end] == r.evidence.text
        assert r.rule.startswith(("model:", "sym", "between", "cooccur"))
    assert out.extra["pair_scores"]["taliban"][0] == pytest.approx(0.9)


def test_shipped_models_run_on_the_sample():
    model = load_model()
    if model is None:
        pytest.skip("no shipped pair model (run `rawabit train`)")
    from rawabit.data import data_path

    art = default_pipeline().run_raw(RawArticle(text=data_path("sample/2021-09-13-aq-taliban.txt").read_text(encoding="utf-8")))
    keys = {r.key() for r in art.relations}
    assert ("al-qaeda", "ally", "taliban") in keys
    listed = {a.id for a in art.actors}
    assert {r.source for r in art.relations} | {r.target for r in art.relations} <= listed
    rows = PairFeatures(RULES.kb).article(RULES.run_raw(RawArticle(text=TEXT), until="salience"))
    for sc in score_pairs(rows, model, PairPriors.empty()):
        assert all(0.0 <= x <= 1.0 for x in (*sc.symmetric, *sc.forward, *sc.backward))


def test_rules_only_pipeline_has_no_model_relations():
    art = Pipeline(relation_model=False).run_raw(RawArticle(text="قالت باكستان إن الهند عدو لها."))
    assert all(not r.rule.startswith("model:") for r in art.relations)


def test_word_vector_features_are_the_mean_vectors_of_the_words_between_and_around():
    """vecb: the mean vector of the words between the two mentions that have one; vecw: the
    mean over the windows before the first and after the second; the regressions never read them."""
    import numpy as np

    from rawabit.extraction.pairs import VECTOR_REACH, VECTOR_TEMPLATES, word_vectors

    vectors = word_vectors()
    assert vectors is not None
    art = _rules("وقال مسؤول كبير إن حركة طالبان تلقت أموالا كثيرة وأسلحة من تنظيم القاعدة في العام الماضي.")
    (pair, shared, _, _), = PairFeatures(RULES.kb).article(art)
    (c,) = pair.contexts
    first, second = sorted((c.a, c.b), key=lambda m: m.token_start)

    def mean(i: int, j: int) -> np.ndarray:
        rows = [vectors.index[t.stem] for t in art.tokens[max(i, 0):j] if t.is_word and t.stem in vectors.index]
        return vectors.codes[rows].astype(float).mean(axis=0) * vectors.unit

    between = mean(first.token_end, second.token_start)
    around = (mean(first.token_start - VECTOR_REACH, first.token_start)
              + mean(second.token_end, second.token_end + VECTOR_REACH)) / 2
    dims = vectors.codes.shape[1]
    assert [shared[f"vecb:{d}"] for d in range(dims)] == pytest.approx(between.tolist(), abs=6e-4)
    assert [shared[f"vecw:{d}"] for d in range(dims)] == pytest.approx(around.tolist(), abs=6e-4)
    assert np.abs(between).max() > 0.05  # words with vectors stand between
    model = load_model()
    assert model is not None and model.trees is not None
    assert not [f for f in model.symmetric.row if f.split(":")[0] in VECTOR_TEMPLATES]
    assert any(f.startswith("vecb:") for f in model.trees.features)


def _random_model(rows, seed: int = 3) -> PairModel:
    """A model with a random weight for every feature the rows have (and a few they lack) but the
    word vectors, which only the trees read (the regressions' fit leaves them out)."""
    import random

    from rawabit.extraction.pairs import VECTOR_TEMPLATES

    rng = random.Random(seed)
    names = sorted({k for _, s, ab, ba in rows for k in (*s, *ab, *ba) if k.split(":")[0] not in VECTOR_TEMPLATES}
                   | {"gs_n", "gd_n", "unseen"})
    sym = LinearModel(SYMMETRIC, {t: {n: rng.uniform(-1, 1) for n in names} for t in SYMMETRIC},
                      {t: rng.uniform(-1, 1) for t in SYMMETRIC})
    dire = LinearModel(DIRECTED, {t: {n: rng.uniform(-1, 1) for n in names} for t in DIRECTED},
                       {t: rng.uniform(-1, 1) for t in DIRECTED})
    return PairModel(sym, dire, {t: 0.5 for t in (*SYMMETRIC, *DIRECTED)})


def _random_trees(rows, seed: int = 5, gate: float = 0.3) -> PairTrees:
    """Random trees of depth 3 over the features the rows have that name no word (support has
    none: its label keeps the regressions' probability)."""
    import random

    from rawabit.learn.trees import export, is_lexical

    rng = random.Random(seed)
    names = sorted({k for _, s, ab, ba in rows for k in (*s, *ab, *ba) if not is_lexical(k)} | {"gs_n", "gd_n"})
    assert any(n.startswith("vecb:") for n in names) and any(n.startswith("vecw:") for n in names)

    def node(depth: int) -> dict:
        if depth == 3:
            return {"leaf_value": rng.uniform(-2, 2)}
        return {"split_feature": rng.randrange(len(names)), "threshold": rng.choice([-0.3, 0.0, 0.2, 0.5, 1.0]),
                "decision_type": "<=", "missing_type": "None", "left_child": node(depth + 1),
                "right_child": node(depth + 1)}

    class Booster:
        def dump_model(self) -> dict:
            return {"tree_info": [{"tree_structure": node(0)} for _ in range(20)]}

    sym = Forest(SYMMETRIC, {t: export(Booster()) for t in SYMMETRIC}, len(names))
    dire = Forest(DIRECTED, {t: export(Booster()) for t in ("influence", "affiliate")}, len(names))
    return PairTrees(names, sym, dire, gate)


def _texts() -> list[str]:
    from conftest import DEV

    from rawabit.data import data_path

    texts = [TEXT, data_path("sample/2021-09-13-aq-taliban.txt").read_text(encoding="utf-8"),
             "ساعد مقاتلو القاعدة طالبان في اشتباكات مع مقاتلي داعش في ولاية ننجرهار. وقالت باكستان إن الهند عدو.",
             # overlapping mentions (مشاة البحرية, البحرية الأمريكية): nothing between, others:-1
             "قال متحدث باسم مشاة البحرية الأمريكية إن قوات مشاة البحرية الأمريكية قاتلت تنظيم داعش في سوريا."]
    if DEV.is_dir():
        texts += [json.loads(p.read_text(encoding="utf-8").splitlines()[0])["text"] for p in sorted(DEV.glob("*.jsonl"))]
    return texts


@pytest.mark.parametrize(("remembered", "trees"), [(100_000, False), (40, False), (100_000, True)])
def test_fast_scorer_equals_the_feature_definition(remembered: int, trees: bool, monkeypatch: pytest.MonkeyPatch):
    """PairScorer sums the context features from prefix sums and gives the trees the features
    of the gated pairs alone; PairFeatures + score_pairs is the definition: the probabilities
    must agree on every pair, also when its word table fills up and starts over between articles."""
    from rawabit.extraction import pairs
    from rawabit.extraction.pairs import PairScorer

    monkeypatch.setattr(pairs, "WORDS_REMEMBERED", remembered)

    priors = PairPriors({"cooccur": {"al-qaeda|taliban": 5}, "relations": {"al-qaeda|ally|taliban": 3}},
                        {"symmetric": {"al-qaeda|taliban": [4, {"ally": 3}]}, "directed": {"taliban>al-qaeda": [4, {"support": 1}]}})
    feats = PairFeatures(RULES.kb, priors)
    arts = [_rules(t) for t in _texts()]
    rows = [r for a in arts for r in feats.article(a)]
    model = _random_model(rows)
    if trees:  # the gate at the median of the regressions' top probabilities: half the pairs pass
        tops = sorted(max(*s.symmetric, *s.forward, *s.backward)
                      for art in arts for s in score_pairs(feats.article(art), model, priors))
        model.trees = _random_trees(rows, gate=tops[len(tops) // 2])
    scorer = PairScorer(model, feats)
    n = blended = 0
    for art in arts:
        slow = score_pairs(feats.article(art), model, priors)
        fast = scorer.score(art)
        assert [(s.pair.a, s.pair.b) for s in slow] == [(s.pair.a, s.pair.b) for s in fast]
        for s, f in zip(slow, fast, strict=True):
            assert f.symmetric == pytest.approx(s.symmetric, abs=1e-9)
            assert f.forward == pytest.approx(s.forward, abs=1e-9)
            assert f.backward == pytest.approx(s.backward, abs=1e-9)
            n += 1
        if trees:
            alone = score_pairs(feats.article(art), PairModel(model.symmetric, model.directed, model.thresholds), priors)
            blended += sum(1 for s, a in zip(slow, alone, strict=True) if s.symmetric != a.symmetric)
    assert n > 100
    assert not trees or 0 < blended < n  # some pairs pass the gate, not all
