"""Queries over the store: name resolution, timelines, why, contradictions, network."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from rawabit.analysis import contradictions, network, relations, resolve_actor, why
from rawabit.errors import QueryError
from rawabit.store.cli import cli_group
from rawabit.store.db import connect_ro, connect_writer
from rawabit.store.ingest import write_articles

sys.path.insert(0, str(Path(__file__).parent))
from storefixtures import article, find_all  # noqa: E402

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "data" / "dev" / "2021-09-13-aq-taliban.txt"
SEED_GOLD = SHARED / "data" / "dev" / "2021-09-13-aq-taliban.gold.json"

A1 = "أكدت مصادر أن التحالف بين القاعدة وطالبان مستمر. ووقعت اشتباكات بين طالبان وداعش في ننجرهار."
A2 = "نفى المتحدث وجود أي تحالف بين القاعدة وطالبان في الوقت الحالي، وقال إن الحركة مستقلة تماما عن أي تنظيم."
A3 = "تحتفظ باكستان بنفوذ كبير على طالبان. وتشكل داعش عدوا مشتركا للقاعدة وطالبان. وتتصاعد المنافسة بين باكستان والهند."


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "q.db"
    conn = connect_writer(path)
    write_articles(conn, [
        article("a1", A1, [("al-qaeda", "ally", "taliban", "التحالف بين القاعدة وطالبان"),
                           ("taliban", "fight", "isis", "اشتباكات بين طالبان وداعش")],
                published="2021-09-13", outlet="A", time_1="2019"),
        article("a2", A2, [("al-qaeda", "ally", "taliban", "تحالف بين القاعدة وطالبان|negated")],
                published="2021-09-20", outlet="B", attr_0="taliban"),
        article("a3", A3, [("pakistan", "influence", "taliban", "تحتفظ باكستان بنفوذ كبير على طالبان"),
                           ("isis", "hostile", "al-qaeda", "داعش عدوا مشتركا للقاعدة"),
                           ("isis", "hostile", "taliban", "داعش عدوا مشتركا للقاعدة وطالبان"),
                           ("pakistan", "hostile", "india", "المنافسة بين باكستان والهند")],
                published="2022-01-05", outlet="A"),
    ])
    conn.close()
    return path


def test_resolve_names_in_arabic_and_english(db: Path) -> None:
    ro = connect_ro(db)
    assert resolve_actor(ro, "القاعدة") == "al-qaeda"
    assert resolve_actor(ro, "تنظيم القاعدة") == "al-qaeda"
    assert resolve_actor(ro, "AL-QAEDA") == "al-qaeda"
    assert resolve_actor(ro, "al-qaeda") == "al-qaeda"
    assert resolve_actor(ro, "طالبان") == "taliban"
    with pytest.raises(QueryError, match="unknown actor"):
        resolve_actor(ro, "جبهة لا وجود لها")


def test_ambiguous_name_lists_candidates(tmp_path: Path) -> None:
    conn = connect_writer(tmp_path / "x.db")
    text = "قالت الجبهة إن التحالف مستمر."
    write_articles(conn, [{"id": "x", "text": text, "actors": [
        {"id": "front-1", "name_en": "Front One", "name_ar": "الجبهة", "kind": "armed_group", "mentions": [[5, 11]]},
        {"id": "front-2", "name_en": "Front Two", "name_ar": "الجبهة", "kind": "armed_group", "mentions": []},
    ], "relations": []}])
    with pytest.raises(QueryError, match=r"ambiguous.*front-1.*front-2"):
        resolve_actor(connect_ro(tmp_path / "x.db"), "الجبهة")


def test_relations_timeline_newest_first_and_filters(db: Path) -> None:
    ro = connect_ro(db)
    rows = relations(ro, "القاعدة", "Taliban")
    assert [r["article_id"] for r in rows] == ["a2", "a1"]
    assert rows[0]["modality"] == "negated" and rows[0]["attributed_to"] == "taliban"
    assert rows[0]["sentence"].startswith("نفى المتحدث")
    assert [r["article_id"] for r in relations(ro, "طالبان", type="fight")] == ["a1"]
    assert relations(ro, "طالبان", type="fight")[0]["date"] == "2019"
    assert {r["article_id"] for r in relations(ro, "طالبان", since="2022")} == {"a3"}
    assert {r["date"] for r in relations(ro, "طالبان", until="2020")} == {"2019"}
    assert [r["article_id"] for r in relations(ro, "القاعدة", "طالبان", modality="asserted")] == ["a1"]
    with pytest.raises(QueryError, match="unknown relation type"):
        relations(ro, "طالبان", type="friend")


def test_cli_relations_formats(db: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(cli_group(), ["relations", "القاعدة", "طالبان", "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert [r["article_id"] for r in json.loads(res.output)] == ["a2", "a1"]
    res = runner.invoke(cli_group(), ["relations", "طالبان", "--db", str(db), "--format", "csv"])
    assert res.output.splitlines()[0].startswith("date,source,")
    res = runner.invoke(cli_group(), ["relations", "لا أحد", "--db", str(db)])
    assert res.exit_code == 1 and "unknown actor" in res.output


def test_contradictions_across_articles_not_within_a_cluster(db: Path, tmp_path: Path) -> None:
    found = contradictions(connect_ro(db))
    assert [(c.subject, c.predicate, c.object) for c in found] == [("al-qaeda", "ally", "taliban")]
    assert [s.article_id for s in found[0].asserted] == ["a1"]
    assert [s.article_id for s in found[0].negated] == ["a2"]
    # a near-copy that negates what its own story asserts is no second source
    conn = connect_writer(tmp_path / "c.db")
    write_articles(conn, [
        article("c1", A1, [("al-qaeda", "ally", "taliban", "التحالف بين القاعدة وطالبان")]),
        article("c2", A1 + " ", [("al-qaeda", "ally", "taliban", "التحالف بين القاعدة وطالبان|negated")]),
    ])
    assert contradictions(connect_ro(tmp_path / "c.db")) == []


def test_contradiction_within_one_article_by_attribution(tmp_path: Path) -> None:
    text = "قال مسؤول إن التحالف بين القاعدة وطالبان قائم. ونفت طالبان أي تحالف مع القاعدة."
    conn = connect_writer(tmp_path / "c.db")
    write_articles(conn, [article("x", text, [
        ("al-qaeda", "ally", "taliban", "التحالف بين القاعدة وطالبان"),
        ("taliban", "ally", "al-qaeda", "أي تحالف مع القاعدة|negated"),
    ], attr_1="taliban")])
    found = contradictions(connect_ro(tmp_path / "c.db"))
    assert len(found) == 1 and found[0].negated[0].attributed_to == "taliban"


def _seed_fixture() -> dict:
    from rawabit.readers import iter_articles

    raw = next(iter(iter_articles([SEED])))
    text = raw.text

    def spans(*forms: str) -> list[list[int]]:
        return sorted(s for f in forms for s in find_all(text, f))

    actors = [
        ("al-qaeda", "al-Qaeda", "تنظيم القاعدة", "armed_group", spans("القاعدة", "تنظم القاعدة")),
        ("taliban", "Taliban", "طالبان", "armed_group", spans("طالبان", "طالبات", "الحركة")),
        ("afghanistan", "Afghanistan", "أفغانستان", "state", spans("أفغانستان")),
        ("mohammad-naeem", "Mohammad Naeem", "محمد نعيم", "person", spans("محمد نعيم")),
        ("osama-bin-laden", "Osama bin Laden", "أسامة بن لادن", "person", spans("اسامة بن لادن", "أسامة بن لادن")),
    ]
    ev = "تنظيم اسامة بن لادن"
    s = text.index(ev)
    return {"id": "seed", "text": text, "title": raw.title, "published": raw.published, "source": str(SEED),
            "actors": [{"id": i, "name_en": en, "name_ar": ar, "kind": k, "mentions": m} for i, en, ar, k, m in actors],
            "relations": [{"source": "osama-bin-laden", "target": "al-qaeda", "type": "affiliate",
                           "modality": "asserted", "evidence": {"start": s, "end": s + len(ev), "text": ev}}]}


def _gold_hits(text: str, reasons: list) -> int:
    gold = json.loads(SEED_GOLD.read_text(encoding="utf-8"))["why"]["reasons"]
    hits = 0
    for g in gold:
        m = re.search(r"\s*".join(re.escape(w) for w in g.split()), text)
        assert m, g
        hits += any(r.start < m.end() and m.start() < r.end for r in reasons)
    return hits


@pytest.mark.skipif(not SEED_GOLD.is_file(), reason=f"seed article not found at {SEED}")
def test_why_seed_fixture_finds_the_gold_reasons(tmp_path: Path) -> None:
    art = _seed_fixture()
    conn = connect_writer(tmp_path / "s.db")
    write_articles(conn, [art])
    ro = connect_ro(tmp_path / "s.db")
    reasons = why(ro, "القاعدة", "طالبان")
    assert _gold_hits(art["text"], reasons) >= 5
    for r in reasons:
        assert art["text"][r.start : r.end] == r.text
    # the presence the spokesman denies and al-Qaeda confirms
    found = contradictions(ro)
    pres = [c for c in found if c.kind == "presence"]
    assert [(c.subject, c.object) for c in pres] == [("al-qaeda", "afghanistan")]
    assert pres[0].negated[0].attributed_to == "taliban" and pres[0].asserted[0].attributed_to == "al-qaeda"


@pytest.mark.skipif(not SEED_GOLD.is_file(), reason=f"seed article not found at {SEED}")
def test_why_seed_with_the_real_extractor(tmp_path: Path) -> None:
    from rawabit.store.ingest import ingest

    try:
        rep = ingest([SEED], tmp_path / "r.db")
    except ImportError as exc:
        pytest.skip(f"extraction stages not available: {exc}")
    assert rep.written == 1 and not rep.errors
    ro = connect_ro(tmp_path / "r.db")
    text = ro.execute("SELECT text FROM articles").fetchone()[0]
    res = CliRunner().invoke(cli_group(), ["why", "القاعدة", "طالبان", "--db", str(tmp_path / "r.db"), "--format", "json"])
    assert res.exit_code == 0, res.output
    reasons = [type("R", (), r) for r in json.loads(res.output)]
    assert _gold_hits(text, reasons) >= 5
    # the seed's contradiction: a Taliban spokesman denies al-Qaeda's presence that al-Qaeda confirms
    res = CliRunner().invoke(cli_group(), ["contradictions", "--db", str(tmp_path / "r.db"), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "al-qaeda" in res.output and "negated" in res.output and "asserted" in res.output


def test_why_general_cues_and_heading_passages(tmp_path: Path) -> None:
    text = (
        "تقارب متزايد بين باكستان وطالبان\n"
        "عززت باكستان علاقاتها مع طالبان بسبب مخاوفها من نفوذ الهند في كابل.\n"
        "وفي خبر آخر، أعلنت الهند عن خطة اقتصادية جديدة بسبب التضخم.\n"
        "ما أسباب دعم باكستان لطالبان؟\n"
        "تسعى باكستان إلى عمق استراتيجي في أفغانستان.\n"
        "كما تخشى باكستان من تمدد داعش على حدودها.\n"
        "وعقدت طالبان اجتماعا في كابل أمس.\n"
    )
    conn = connect_writer(tmp_path / "g.db")
    write_articles(conn, [article("g", text, [("pakistan", "support", "taliban", "عززت باكستان علاقاتها مع طالبان")])])
    reasons = why(connect_ro(tmp_path / "g.db"), "باكستان", "طالبان")
    got = [r.text for r in reasons]
    assert any(t.startswith("عززت باكستان") for t in got)  # cue in a sentence about the pair
    assert any(t.startswith("تسعى باكستان") for t in got)  # first paragraph after the question heading
    assert any(t.startswith("كما تخشى") for t in got)  # continues the list
    assert not any("التضخم" in t for t in got)  # a cue about something else
    assert not any("اجتماعا" in t for t in got)  # no cue, no continuation


def test_network_common_enemies_triads_centrality(tmp_path: Path) -> None:
    text = "التحالف بين القاعدة وطالبان. اشتباكات بين طالبان وداعش. اشتباكات بين القاعدة وداعش. تحالف بين باكستان وطالبان. اشتباكات بين باكستان والقاعدة."
    conn = connect_writer(tmp_path / "n.db")
    write_articles(conn, [article("n", text, [
        ("al-qaeda", "ally", "taliban", "التحالف بين القاعدة وطالبان"),
        ("taliban", "fight", "isis", "اشتباكات بين طالبان وداعش"),
        ("al-qaeda", "fight", "isis", "اشتباكات بين القاعدة وداعش"),
        ("pakistan", "ally", "taliban", "تحالف بين باكستان وطالبان"),
        ("pakistan", "fight", "al-qaeda", "اشتباكات بين باكستان والقاعدة"),
    ])])
    res = network(connect_ro(tmp_path / "n.db"), ("القاعدة", "طالبان"))
    assert res["pair_sign"] == 1
    assert [c["actor"] for c in res["common_enemies"]] == ["isis"]
    assert [c["actor"] for c in res["split"]] == ["pakistan"]
    # al-Qaeda + Taliban, Taliban + Pakistan, Pakistan - al-Qaeda: my ally's ally is my enemy
    assert [t["actors"] for t in res["unbalanced_triads"]] == [["al-qaeda", "pakistan", "taliban"]]
    assert res["centrality"][0]["actor"] in ("al-qaeda", "taliban")
    assert any(set(c["actors"]) >= {"al-qaeda", "taliban"} for c in res["communities"])
    out = CliRunner().invoke(cli_group(), ["network", "--pair", "القاعدة", "طالبان", "--db", str(tmp_path / "n.db"),
                                           "--format", "csv"])
    assert out.exit_code == 0 and "common_enemies,isis" in out.output


# -- hard inputs (issue 21) ------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["relations", "القاعدة", "--since", "abc"],
    ["relations", "القاعدة", "--until", "2019-99-99"],
    ["network", "--since", "2019-13"],
    ["export", "--format", "jsonl", "--until", "yesterday"],
])
def test_invalid_dates_are_usage_errors(db: Path, args: list[str]) -> None:
    """A date compared as text would filter silently and wrongly ("(nothing found)"): exit 2."""
    res = CliRunner().invoke(cli_group(), [*args, "--db", str(db)])
    assert res.exit_code == 2, res.output
    assert "invalid date" in res.output
    with pytest.raises(QueryError, match="invalid date"):
        relations(connect_ro(db), "القاعدة", since="2019-02-30")
    assert relations(connect_ro(db), "القاعدة", since="2019-02")  # the forms that are dates still work


def test_several_words_are_one_name_where_that_is_the_only_reading(db: Path) -> None:
    from rawabit.analysis.resolve import resolve_words

    conn = connect_ro(db)
    assert resolve_words(conn, ["شبكة", "حقاني"]) == ["haqqani-network"]  # one actor, not شبكة and حقاني
    assert resolve_words(conn, ["القاعدة", "طالبان"]) == ["al-qaeda", "taliban"]
    assert resolve_words(conn, ["شبكة", "حقاني", "باكستان"], least=2) == ["haqqani-network", "pakistan"]
    res = CliRunner().invoke(cli_group(), ["relations", "شبكة", "حقاني", "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    with pytest.raises(QueryError, match="Quote a name of several words"):
        resolve_words(conn, ["foo", "bar", "baz"], command="rawabit why")


def test_several_readings_are_an_error_that_shows_how_to_quote(tmp_path: Path) -> None:
    from rawabit.analysis.resolve import resolve_words

    path = tmp_path / "w.db"
    conn = connect_writer(path)
    text = "جبهة الأمل وجبهة الأمل الجديدة والجديدة"
    actors = [{"id": i, "name_en": n, "name_ar": a, "kind": "armed_group", "wikidata": None,
               "mentions": find_all(text, a)[:1]}
              for i, n, a in (("x1", "Hope Front", "جبهة الأمل"), ("x2", "New", "الجديدة"),
                              ("x3", "New Hope Front", "جبهة الأمل الجديدة"))]
    write_articles(conn, [{"id": "w1", "text": text, "actors": actors, "relations": []}])
    conn.close()
    ro = connect_ro(path)
    with pytest.raises(QueryError, match=r'Quote a name of several words: rawabit relations "جبهة الأمل الجديدة"'):
        resolve_words(ro, ["جبهة", "الأمل", "الجديدة"], command="rawabit relations")
    assert resolve_words(ro, ["جبهة الأمل", "الجديدة"]) == ["x1", "x2"]  # quoted: one reading


@pytest.mark.parametrize("args", [["contradictions", "--actor", "حزب", "الله"],
                                  ["network", "--pair", "حزب", "الله", "إسرائيل"]])
def test_an_unquoted_name_in_an_option_is_an_error_that_shows_how_to_quote(args: list[str], tmp_path: Path) -> None:
    from rawabit.cli import main

    res = CliRunner().invoke(main, [*args, "--db", str(tmp_path / "none.db")])
    assert res.exit_code == 2
    assert "unexpected extra argument" in res.output and 'quote it, for example --actor "حزب الله"' in res.output


@pytest.mark.skipif(not SEED.exists(), reason=f"the dev articles are not here ({SEED.parent})")
def test_still_fighting_is_no_denial_of_the_fight(tmp_path: Path) -> None:
    """``لا يزال الشباب … ضد … اميصوم`` says al-Shabaab still attacks AMISOM: no denial, no contradiction."""
    from rawabit.store.ingest import ingest

    src = tmp_path / "c.jsonl"
    src.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in (
        {"id": "s1", "text": "وتقاتل قوات بعثة الاتحاد الأفريقي في الصومال (اميصوم) حركة الشباب منذ سنوات."},
        {"id": "s2", "text": "وبالرغم من الهزائم العسكرية التي لحقت بهم وطردهم من معظم معاقلهم في وسط وجنوب الصومال "
                             "لا يزال الشباب يسيطرون على مناطق ريفية واسعة ويكثفون عملياتهم ضد المؤسسات الصومالية "
                             "وقوة «اميصوم» حتى في وسط مقديشو."},
    )) + "\n", encoding="utf-8")
    db = tmp_path / "s.db"
    ingest([src], db)
    conn = connect_ro(db)
    mods = {r[0] for r in conn.execute("SELECT modality FROM relations WHERE type = 'fight'")}
    assert "negated" not in mods
    assert not [c for c in contradictions(conn) if c.predicate == "fight"]
