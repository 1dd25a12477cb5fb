"""`rawabit actors provisional`: NER actors unknown to the knowledge base, with counts."""

from click.testing import CliRunner

from rawabit.cli import main
from rawabit.kb.review import provisional_actors
from rawabit.store.db import connect_writer
from rawabit.store.ingest import write_articles


def _article(i: int, prov: bool) -> dict:
    text = f"قال القيادي سالم الحدادي إن حركة طالبان تقاتل. رقم {i}"
    actors = [{"id": "taliban", "name_en": "Taliban", "name_ar": "طالبان", "kind": "armed_group",
               "wikidata": None, "mentions": [[29, 39]]}]
    if prov:
        actors.append({"id": "prov-salem-al-haddadi-1a2b", "name_en": "Salem al-Haddadi", "name_ar": "سالم الحدادي",
                       "kind": "person", "wikidata": None, "mentions": [[12, 24]], "provisional": True})
    return {"id": f"a{i}", "source": None, "title": None, "published": f"2021-01-0{i + 1}", "author": None,
            "text": text, "actors": actors, "relations": []}


def test_provisional_actors_listed_with_counts(tmp_path):
    db = tmp_path / "r.db"
    conn = connect_writer(db)
    write_articles(conn, [_article(0, True), _article(1, True), _article(2, False)])
    conn.close()
    rows = provisional_actors(str(db))
    assert [r["id"] for r in rows] == ["prov-salem-al-haddadi-1a2b"]
    assert rows[0]["articles"] == 2 and rows[0]["kind"] == "person"
    res = CliRunner().invoke(main, ["actors", "provisional", "--db", str(db), "--format", "json"])
    assert res.exit_code == 0, res.output
    assert "Salem al-Haddadi" in res.output
    bad = CliRunner().invoke(main, ["actors", "provisional", "--db", str(tmp_path / "none.db")])
    assert bad.exit_code != 0 and "no such database" in bad.output
