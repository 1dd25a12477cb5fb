"""The packaged data files are valid: triggers, organs, places, chrome, given names, model."""

import json

from rawabit.data import data_path, load_yaml
from rawabit.model import RELATION_TYPES
from rawabit.text.normalise import normalise

FRAMES = {"sym", "give", "receive", "sway", "member", "led"}


def test_triggers_are_well_formed():
    d = load_yaml("triggers.yaml")
    seen: dict[str, str] = {}
    for e in d["triggers"]:
        assert e["type"] in RELATION_TYPES
        assert e["frame"] in FRAMES
        assert e["forms"], e
        for f in e["forms"]:
            assert normalise(str(f).rstrip("*")), f
            key = normalise(str(f))
            # a form may appear once per (type, frame); across types it would be ambiguous
            assert seen.get(key, e["type"]) == e["type"] or key in {"ضد"}, (f, seen.get(key), e["type"])
            seen[key] = e["type"]
    for k in ("hedge", "negation"):
        assert d["modality"][k]
    assert d["attribution"]["verbs"] and d["roles"]


def test_organs_places_chrome_given_names():
    assert load_yaml("organs.yaml")["organs"] and load_yaml("organs.yaml")["titles"]
    heads = load_yaml("organs.yaml")["quoted_name_heads"]
    # the kinds a provisional actor can have; one word each, none under two kinds
    assert set(heads) == {"armed_group", "political_org", "other"}
    words = [w for ws in heads.values() for w in ws]
    assert words and all(isinstance(w, str) and w and " " not in w for w in words)
    assert len(words) == len(set(words))
    assert all(isinstance(p, str) and p.strip() for p in load_yaml("organs.yaml")["quoted_name_links"])
    links = load_yaml("organs.yaml")["inner_name_links"]  # one word each: matched against one token
    assert links and all(isinstance(w, str) and w and " " not in w for w in links)
    places = load_yaml("places.yaml")["places"]
    assert all(isinstance(v, list) and v for v in places.values())
    chrome = load_yaml("chrome.yaml")
    assert {"lines", "stop_after", "prefixes"} <= set(chrome)
    names = load_yaml("given_names.yaml")
    assert "محمد" in names["names"]
    assert all(isinstance(w, str) and w.strip() and " " not in w.strip() for key in (
        "name_breaks", "name_titles", "name_epithets", "institution_adjectives", "title_surnames") for w in names[key])
    assert all(len(p.split()) >= 2 for p in names["not_names"])  # phrases: one word is a break, not a phrase
    # a given name is never a title or a byname: it would be cut off the names that begin with it
    given = {normalise(n) for n in names["names"]}
    assert not given & {normalise(w) for key in ("name_titles", "name_epithets", "institution_adjectives")
                        for w in names[key]}
    loc = load_yaml("places.yaml")["locative_words"]
    assert loc and all(isinstance(w, str) and " " not in w.strip() for w in loc)
    city = load_yaml("places.yaml")["place_of_city_words"]  # one word before a city's name
    assert city and all(isinstance(w, str) and w.strip() and " " not in w.strip() for w in city)


def test_learned_model_files():
    """The shipped pair model, listing model and priors: their versions, labels, thresholds, and the
    word clusters the pair model was trained with are the ones the NER tagger ships."""
    from rawabit.extraction.pairs import DIRECTED, FEATURES_VERSION, SYMMETRIC, word_clusters

    d = json.loads(data_path("pair_model.json").read_text(encoding="utf-8"))
    assert d["version"] == FEATURES_VERSION
    assert tuple(d["symmetric"]["labels"]) == SYMMETRIC and tuple(d["directed"]["labels"]) == DIRECTED
    assert set(d["thresholds"]) == {*SYMMETRIC, *DIRECTED} and all(0 < t < 1 for t in d["thresholds"].values())
    assert d["meta"]["clusters"] == word_clusters()[1]
    s = json.loads(data_path("salience_model.json").read_text(encoding="utf-8"))
    assert s["model"]["labels"] == ["listed"] and 0 < s["threshold"] < 1
    p = json.loads(data_path("pair_priors.json").read_text(encoding="utf-8"))
    assert p["corpus"]["meta"]["articles"] > 30000 and p["corpus"]["cooccur"] and p["gold"]["symmetric"]
    assert all(v >= p["corpus"]["meta"]["min_cooccur"] for v in p["corpus"]["cooccur"].values())


def test_annotated_corpus_sets_are_well_formed():
    """bench/heldout*: every gold file names its article, and every evidence is the article's text."""
    import json
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "bench"
    golds = sorted(root.glob("heldout*/*.gold.json"))
    assert len(golds) >= 14
    for g in golds:
        gold = json.loads(g.read_text(encoding="utf-8"))
        art = json.loads((g.parent / gold["document"]).read_text(encoding="utf-8"))
        text = (art.get("title") or "") + "\n" + art["text"]
        for r in gold["relations"]:
            assert r["type"] in {"ally", "support", "fight", "hostile", "influence", "affiliate"}, (g.name, r)
            assert r["evidence"] in text, (g.name, r["evidence"])
            listed = {alt for a in gold["actors"] for alt in a.split("|")}
            for side in (r["source"], r["target"]):
                assert any(alt in listed for alt in side.split("|")), (g.name, side, "not among the actors")
