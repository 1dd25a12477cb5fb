"""The Spark job gives what one process gives; the Parquet reader reads its output."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from rawabit.errors import ReadError
from rawabit.model import RawArticle

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEV = SHARED / "data" / "dev"
pytestmark = pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")

needs_dev = pytest.mark.skipif(not sorted(DEV.glob("*.jsonl")),
                               reason="../shared/data/dev is absent (a user's own clone): dev-set tests need it")
needs_pyarrow = pytest.mark.skipif(importlib.util.find_spec("pyarrow") is None,
                                   reason="pyarrow is not installed (pip install 'rawabit[export]')")
_java = shutil.which("java") or (os.environ.get("JAVA_HOME") and Path(os.environ["JAVA_HOME"], "bin", "java").exists())
needs_spark = pytest.mark.skipif(
    importlib.util.find_spec("pyspark") is None or not _java,
    reason="pyspark or java is missing (pip install 'rawabit[spark]' and a Java 17 runtime)",
)


def _dev_jsonl(folder: Path) -> Path:
    out = folder / "dev.jsonl"
    out.write_text("".join(p.read_text(encoding="utf-8").rstrip("\n") + "\n" for p in sorted(DEV.glob("*.jsonl"))),
                   encoding="utf-8")
    return out


def _single_process(path: Path) -> dict[str, dict[str, Any]]:
    from rawabit.pipeline import extract_article
    from rawabit.readers import iter_articles

    out = {}
    for raw in iter_articles([path]):
        assert isinstance(raw, RawArticle), raw
        d = extract_article(raw).as_dict()
        out[d["id"]] = d
    return out


def _rows(path: Path) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


# -- Spark ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def spark(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from rawabit.spark.job import spark_session

    session = spark_session("local[2]", tmp_path_factory.mktemp("spark-scratch"))
    yield session
    session.stop()


@needs_spark
@needs_dev
def test_spark_job_equals_single_process_on_dev_set(spark: Any, tmp_path: Path) -> None:
    from rawabit.spark.job import run_job

    src = _dev_jsonl(tmp_path)
    (tmp_path / "bad.jsonl").write_text('{"id": "x", "text": "نص"}\nnot json\n\n', encoding="utf-8")
    expected = _single_process(src)
    out, rels = tmp_path / "articles", tmp_path / "relations"
    rep = run_job(spark, [str(src), str(tmp_path / "bad.jsonl")], str(out), partitions=3,
                  relations_output=str(rels))

    rows = _rows(out)
    errors = [r for r in rows if r["error"]]
    assert [(r["source"], r["error"][:12]) for r in errors] == [(f"{tmp_path / 'bad.jsonl'}:2", "invalid JSON")]
    got = {r["id"]: r for r in rows if not r["error"] and r["id"] != "x"}
    assert sorted(got) == sorted(expected)
    for aid, d in expected.items():
        r = got[aid]
        assert json.loads(r["relations"]) == d["relations"], aid
        assert json.loads(r["actors"]) == d["actors"], aid
        for key in ("source", "title", "published", "author", "text"):
            assert r[key] == d[key], (aid, key)
        assert r["url"] == d.get("url") and r["outlet"] == d.get("outlet")
        assert r["n_relations"] == len(d["relations"])
    n_rel = sum(len(d["relations"]) for d in expected.values())
    assert n_rel > 0
    assert (rep.articles, rep.errors, rep.relations) == (len(expected) + 1, 1, n_rel)

    flat = _rows(rels)
    assert len(flat) == n_rel
    first = next(d for d in expected.values() if d["relations"])
    r0 = first["relations"][0]
    row = next(f for f in flat if f["article_id"] == first["id"] and f["idx"] == 0)
    assert (row["source"], row["type"], row["target"], row["evidence_start"], row["evidence_text"]) == (
        r0["source"], r0["type"], r0["target"], r0["evidence"]["start"], r0["evidence"]["text"])

    # The written Parquet goes back in (text kept verbatim) and gives the same again.
    again = tmp_path / "again"
    run_job(spark, [str(out)], str(again), partitions=2)
    for r in _rows(again):
        if r["id"] in expected:
            assert json.loads(r["relations"]) == expected[r["id"]]["relations"]
            assert r["text"] == expected[r["id"]]["text"]


@needs_spark
@needs_dev
@needs_pyarrow
def test_spark_job_reads_article_parquet(spark: Any, tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rawabit.spark.job import run_job

    src = _dev_jsonl(tmp_path)
    records = [json.loads(line) for line in src.read_text(encoding="utf-8").splitlines()[:4]]
    cols = ("id", "text", "title", "published", "author", "url", "outlet")
    pq.write_table(pa.table({c: [r.get(c) for r in records] for c in cols}), tmp_path / "in.parquet")
    from rawabit.pipeline import extract_article
    from rawabit.readers.jsonl import parse_record

    expected = {r["id"]: extract_article(parse_record(r, "x")).as_dict() for r in records}
    run_job(spark, [str(tmp_path / "in.parquet")], str(tmp_path / "out"))
    rows = {r["id"]: r for r in _rows(tmp_path / "out")}
    assert sorted(rows) == sorted(expected)
    for aid, d in expected.items():
        assert json.loads(rows[aid]["relations"]) == d["relations"]
        assert json.loads(rows[aid]["actors"]) == d["actors"]


@needs_spark
def test_missing_input_is_one_clear_error(spark: Any, tmp_path: Path) -> None:
    from rawabit.errors import RawabitError
    from rawabit.spark.job import run_job

    with pytest.raises(RawabitError, match="not found"):
        run_job(spark, [str(tmp_path / "nope.jsonl")], str(tmp_path / "out"))


# -- without Spark ---------------------------------------------------------------------


def test_extract_rows_reports_bad_lines_and_skips_blank_ones() -> None:
    from rawabit.spark.job import ARTICLE_FIELDS, extract_rows

    items = [
        ("line", "f.jsonl:1", "\ufeff" + json.dumps({"text": "وفرت طالبان ملاذا آمنا للقاعدة"}), 1),
        ("line", "f.jsonl:2", "   ", 2),
        ("line", "f.jsonl:3", "{oops", 3),
        ("line", "f.jsonl:4", json.dumps({"title": "no text"}), 4),
    ]
    rows = [dict(zip(ARTICLE_FIELDS, r, strict=True)) for r in extract_rows(items)]
    assert [r["error"] is None for r in rows] == [True, False, False]
    assert rows[0]["id"].startswith("sha1-") and rows[0]["source"] == "f.jsonl:1"
    assert rows[1]["source"] == "f.jsonl:3" and rows[1]["error"].startswith("invalid JSON")
    assert rows[2]["error"] == "missing or empty 'text'"


def test_spark_extract_command_is_registered() -> None:
    from click.testing import CliRunner

    from rawabit.cli import main

    res = CliRunner().invoke(main, ["spark-extract", "--help"])
    assert res.exit_code == 0
    assert "--partitions" in res.output and "--master" in res.output


@needs_pyarrow
def test_parquet_reader_reads_article_tables_like_jsonl(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rawabit.readers.jsonl import parse_record
    from rawabit.readers.parquet import has_extraction, iter_parquet, iter_parquet_articles

    recs = [
        {"id": "a1", "text": "سطر أول\u200f\n\nاقرأ أيضا\nسطر\u00a0ثان", "title": "عنوان", "published": "2015-07-21",
         "author": None, "url": "http://x/1", "outlet": "x"},
        {"id": "a2", "text": "", "title": None, "published": None, "author": None, "url": None, "outlet": None},
    ]
    path = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist(recs), path)
    got = list(iter_parquet(path))
    assert got[0] == parse_record(recs[0], f"{path}:1")
    assert isinstance(got[1], ReadError) and got[1].path == f"{path}:2"
    assert not has_extraction(path)
    assert isinstance(next(iter_parquet_articles(path)), ReadError)

    pq.write_table(pa.table({"title": ["x"]}), tmp_path / "notext.parquet")
    (bad,) = iter_parquet(tmp_path / "notext.parquet")
    assert isinstance(bad, ReadError) and "no 'text' column" in bad.reason
    (tmp_path / "junk.parquet").write_bytes(b"not parquet")
    (bad,) = iter_parquet(tmp_path / "junk.parquet")
    assert isinstance(bad, ReadError) and "not a readable Parquet file" in bad.reason


@needs_pyarrow
def test_parquet_reader_gives_spec_dicts_of_extracted_tables(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from rawabit.pipeline import extract_article
    from rawabit.readers.parquet import has_extraction, iter_parquet, iter_parquet_articles
    from rawabit.spark.job import ARTICLE_FIELDS, extract_rows

    text = "أكد المتحدث باسم طالبان أن الحركة ستقاتل داعش. وقدمت القاعدة الدعم لطالبان عام 2001."
    items = [("line", "in.jsonl:1", json.dumps({"id": "k1", "text": text, "url": "http://n/1"}), 1),
             ("line", "in.jsonl:2", "{bad", 2)]
    table = pa.Table.from_pylist([dict(zip(ARTICLE_FIELDS, r, strict=True)) for r in extract_rows(items)])
    path = tmp_path / "part-0.parquet"
    pq.write_table(table, path)
    assert has_extraction(path)

    expected = extract_article(RawArticle(text=text, id="k1", source="http://n/1", url="http://n/1")).as_dict()
    d, err = list(iter_parquet_articles(path))
    assert d == expected
    assert isinstance(err, ReadError) and err.path == "in.jsonl:2"
    raw, err2 = list(iter_parquet(path))
    assert isinstance(raw, RawArticle) and raw.text == text and raw.id == "k1" and raw.source == "http://n/1"
    assert isinstance(err2, ReadError)
