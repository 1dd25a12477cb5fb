"""Which actors are listed: the features of how an actor is named."""

from __future__ import annotations

from rawabit.extraction.pairs import PairPriors
from rawabit.extraction.salience import actor_features
from rawabit.model import RawArticle
from rawabit.pipeline import Pipeline

RULES = Pipeline(relation_model=False)


def test_an_actor_named_as_a_place_and_as_an_agent() -> None:
    text = ("قصفت طائرات التحالف مواقع في سوريا يوم الأحد. وقالت سوريا إن القصف طال مدنيين. "
            "واتهمت إيران الولايات المتحدة بدعم المعارضة.")
    art = RULES.run_raw(RawArticle(text=text), until="salience")
    feats = {a.id: f for a, f in actor_features(art, PairPriors.empty())}
    syria = feats["syria"]
    assert syria["loc"] == 0.5 and syria["loc|state"] == 0.5  # في سوريا, then سوريا says
    assert syria["cl:"] == 1.0  # no proclitic on either
    iran = feats["iran"]
    assert "loc" not in iran and iran["cl:"] == 1.0  # واتهمت إيران: named, not a place
    assert "loc" not in feats["united-states"]


def test_a_place_named_with_bi() -> None:
    art = RULES.run_raw(RawArticle(text="وقع انفجار بالعراق أمس، وأعلن تنظيم داعش مسؤوليته."), until="salience")
    feats = {a.id: f for a, f in actor_features(art, PairPriors.empty())}
    assert feats["iraq"]["loc"] == 1.0 and feats["iraq"]["cl:ب"] == 1.0


def test_a_list_of_places_and_a_list_of_actors() -> None:
    text = ("وتشهد المنطقة نزاعات في اليمن، والعراق، وليبيا. "
            "وأعلنت مصر والأردن والسعودية دعمها للحكومة، واتهمت إيران قطر بدعم الإرهاب.")
    art = RULES.run_raw(RawArticle(text=text), until="salience")
    feats = {a.id: f for a, f in actor_features(art, PairPriors.empty())}
    for place in ("yemen", "iraq", "libya"):  # the list after في names places all along
        assert feats[place]["loc"] == 1.0 and feats[place]["list3"] == 1.0, place
    for state in ("egypt", "jordan", "saudi-arabia"):  # a list of three that act: no place
        assert "loc" not in feats[state] and feats[state]["list3|state"] == 1.0, state
    # إيران and قطر stand side by side but not joined by و or a comma: no list
    assert not {"list2", "list3"} & (feats["iran"].keys() | feats["qatar"].keys())


def test_the_words_around_an_actors_mentions(monkeypatch) -> None:  # noqa: ANN001
    from rawabit.extraction import salience

    text = "قصفت طائرات التحالف مواقع في سوريا يوم الأحد. وقالت سوريا إن القصف طال مدنيين."
    art = RULES.run_raw(RawArticle(text=text), until="salience")
    assert not any(k.startswith("wb:") for _, f in actor_features(art, PairPriors.empty()) for k in f)  # as shipped
    monkeypatch.setattr(salience, "CONTEXT", 3)
    syria = {a.id: f for a, f in actor_features(art, PairPriors.empty())}["syria"]
    words = {k: v for k, v in syria.items() if k.startswith(("wb:", "wa:"))}
    # three words each side of each of its two mentions (within the text), as shares of its mentions
    assert words["wb:مواقع"] == 0.5 and words["wa:يوم"] == 0.5  # ... مواقع في سوريا يوم ...
    assert words["wb:في"] == 0.5 and words["wb:قالت"] == 0.5 and words["wa:ان"] == 0.5  # وقالت سوريا إن: stems
    assert not any(k.endswith(".") for k in words)  # punctuation is no word
