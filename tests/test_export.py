"""Exports load in networkx and pandas, with the filters applied."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner

from rawabit.export import export
from rawabit.store.cli import cli_group
from rawabit.store.db import connect_ro, connect_writer
from rawabit.store.ingest import write_articles

sys.path.insert(0, str(Path(__file__).parent))
from storefixtures import article  # noqa: E402

T1 = "التحالف بين القاعدة وطالبان مستمر منذ عقود في أفغانستان. واندلعت اشتباكات بين طالبان وداعش في الشرق."
T2 = "قال محللون إن التحالف بين القاعدة وطالبان لم يضعف رغم الضغوط الدولية المتواصلة على الحركة منذ سنوات."


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "e.db"
    conn = connect_writer(path)
    write_articles(conn, [
        article("e1", T1, [("al-qaeda", "ally", "taliban", "التحالف بين القاعدة وطالبان"),
                           ("taliban", "fight", "isis", "اشتباكات بين طالبان وداعش")],
                published="2021-09-13", outlet="A", time_1="2019"),
        article("e2", T2, [("taliban", "ally", "al-qaeda", "التحالف بين القاعدة وطالبان|hedged")],
                published="2022-02-01", outlet="B"),
    ])
    conn.close()
    return path


def test_gexf_and_graphml_load_in_networkx(db: Path, tmp_path: Path) -> None:
    ro = connect_ro(db)
    for fmt, reader in (("gexf", nx.read_gexf), ("graphml", nx.read_graphml)):
        out = tmp_path / f"g.{fmt}"
        export(ro, fmt, out)
        g = reader(out)
        assert set(g.nodes) == {"al-qaeda", "taliban", "isis"}
        assert g.nodes["taliban"]["name_ar"] == "طالبان" and g.nodes["isis"]["kind"] == "armed_group"
        ally = [d for u, v, d in g.edges(data=True) if d.get("relation") == "ally"]
        assert len(ally) == 1
        assert int(ally[0]["n_articles"]) == 2 and int(ally[0]["n_hedged"]) == 1
        assert ally[0]["first_seen"] == "2021-09-13" and ally[0]["last_seen"] == "2022-02-01"


def test_csv_and_parquet_load_in_pandas(db: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    ro = connect_ro(db)
    export(ro, "csv", tmp_path / "csv")
    nodes = pd.read_csv(tmp_path / "csv" / "nodes.csv")
    edges = pd.read_csv(tmp_path / "csv" / "edges.csv")
    evidence = pd.read_csv(tmp_path / "csv" / "evidence.csv")
    assert sorted(nodes["id"]) == ["al-qaeda", "isis", "taliban"]
    assert len(edges) == 2 and len(evidence) == 3
    assert set(edges.columns) >= {"source", "type", "target", "n_articles", "n_asserted", "n_hedged", "n_negated",
                                  "first_seen", "last_seen"}
    export(ro, "parquet", tmp_path / "pq")
    pe = pd.read_parquet(tmp_path / "pq" / "edges.parquet")
    assert sorted(pe["type"]) == ["ally", "fight"]
    assert len(pd.read_parquet(tmp_path / "pq" / "evidence.parquet")) == 3
    assert len(pd.read_parquet(tmp_path / "pq" / "nodes.parquet")) == 3


def test_filters_and_jsonl(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "g.jsonl"
    res = CliRunner().invoke(cli_group(), ["export", "--format", "jsonl", "--out", str(out), "--db", str(db),
                                           "--min-sources", "2"])
    assert res.exit_code == 0, res.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [x["type"] for x in lines if x["element"] == "edge"] == ["ally"]
    assert {x["id"] for x in lines if x["element"] == "node"} == {"al-qaeda", "taliban"}
    export(connect_ro(db), "jsonl", out, types=["fight"])
    edges = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if '"edge"' in x]
    assert [(e["source"], e["target"]) for e in edges] == [("isis", "taliban")]
    export(connect_ro(db), "jsonl", out, since="2022")
    edges = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if '"edge"' in x]
    assert [e["type"] for e in edges] == ["ally"]
    export(connect_ro(db), "jsonl", out, until="2020")
    edges = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines() if '"edge"' in x]
    assert [e["type"] for e in edges] == ["fight"]


@pytest.mark.parametrize("first, second", [("gexf", "csv"), ("csv", "gexf"), ("jsonl", "parquet")])
def test_an_output_path_of_the_other_kind_is_refused_in_one_line(db: Path, tmp_path: Path, first: str,
                                                                  second: str) -> None:
    """csv and parquet write a folder, the others a file: --out naming the other kind is a clear error."""
    if "parquet" in (first, second):
        pytest.importorskip("pyarrow")
    out = tmp_path / "x.out"
    runner = CliRunner()
    res = runner.invoke(cli_group(), ["export", "--db", str(db), "--format", first, "--out", str(out)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(cli_group(), ["export", "--db", str(db), "--format", second, "--out", str(out)])
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit), res.exception
    assert "x.out: a " in res.output and "Traceback" not in res.output
    if out.is_dir():
        return
    res = runner.invoke(cli_group(), ["export", "--db", str(db), "--format", "gexf", "--out",
                                      str(tmp_path / "x.out" / "sub" / "y.gexf")])
    assert res.exit_code == 1 and isinstance(res.exception, SystemExit), res.exception
