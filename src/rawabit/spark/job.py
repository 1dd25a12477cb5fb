"""The distributed job: the single-process extractor, run on Apache Spark.

``rawabit spark-extract INPUT… OUTPUT`` reads JSONL (``.jsonl``, ``.jsonl.gz``)
and Parquet article tables, runs :class:`rawabit.pipeline.Pipeline` over them
with ``mapPartitions`` (the pipeline is built once per Python worker and
reused by every partition it runs) and writes one Parquet dataset with a row
per article:

=============  ========================================================
column         content
=============  ========================================================
id             the SPEC id (input id, else derived from the text)
source         url, else ``file:line`` (as the single-process readers)
title, published, author, url, outlet    metadata, strings or null
text           the cleaned body every offset points into
actors         JSON string: the SPEC §2 ``actors`` list
relations      JSON string: the SPEC §2 ``relations`` list
n_relations    number of relations (handy for filtering)
error          null, or why this input line/row gave no article
=============  ========================================================

An input line that cannot be read becomes a row with ``error`` set (and no
text), so nothing is lost silently. With ``relations_output`` a second
dataset holds the relations flattened, one row per relation.

The result is what ``extract_article`` gives in one process: the same
pipeline code and data run on every executor. pyspark is imported only here
(``pip install 'rawabit[spark]'``).

Run it on a cluster with ``spark-submit`` (see ``docs/spark.md``)::

    spark-submit --master yarn path/to/rawabit/spark/job.py hdfs:///news/*.jsonl.gz hdfs:///rawabit/articles
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["ARTICLE_SCHEMA", "RELATION_SCHEMA", "JobReport", "extract_rows", "run_job", "spark_session"]

ARTICLE_FIELDS = ("id", "source", "title", "published", "author", "url", "outlet", "text", "actors", "relations",
                  "n_relations", "error")
ARTICLE_SCHEMA = (
    "id string, source string, title string, published string, author string, url string, outlet string, "
    "text string, actors string, relations string, n_relations int, error string"
)
# The SPEC §2 relation object, for from_json when flattening.
RELATION_SCHEMA = (
    "array<struct<source:string, target:string, type:string, subtype:string, modality:string, "
    "attributed_to:string, time:string, place:string, evidence:struct<start:int, end:int, text:string>, "
    "confidence:double, rule:string>>"
)
_JSONL = (".jsonl", ".jsonl.gz")
_PARQUET = (".parquet",)


@dataclass
class JobReport:
    """What one run wrote."""

    articles: int
    errors: int
    relations: int
    output: str
    relations_output: str | None = None


# -- executor side: plain Python, testable without Spark -----------------------------


def _pipeline(actor_files: Sequence[str]) -> Any:
    """One pipeline per Python worker process (Spark reuses workers across tasks)."""
    global _PIPE, _PIPE_KEY
    key = tuple(actor_files)
    if _PIPE is None or _PIPE_KEY != key:
        from rawabit.pipeline import Pipeline, default_pipeline

        _PIPE = Pipeline(actor_files=key) if key else default_pipeline()
        _PIPE_KEY = key
    return _PIPE


_PIPE: Any = None
_PIPE_KEY: tuple[str, ...] = ()


def _error_row(where: str, reason: str) -> tuple[Any, ...]:
    return (None, where, None, None, None, None, None, None, None, None, None, reason)


def _to_raw(item: tuple[Any, ...]) -> Any:
    """An input item -> RawArticle (raises ReadError)."""
    from rawabit.errors import ReadError
    from rawabit.readers.jsonl import parse_record
    from rawabit.readers.parquet import raw_from_row

    kind, where, payload = item[0], item[1], item[2]
    if kind == "line":
        line = payload.lstrip("\ufeff") if item[3] == 1 else payload  # utf-8-sig, as the JSONL reader
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReadError(where, f"invalid JSON: {exc.msg} at column {exc.colno}") from exc
        return parse_record(d, where)
    return raw_from_row(payload, where, extracted=bool(item[3]))


def extract_rows(items: Iterable[tuple[Any, ...]], actor_files: Sequence[str] = ()) -> Iterator[tuple[Any, ...]]:
    """The ``mapPartitions`` function: input items -> output rows (ARTICLE_FIELDS order).

    An item is ``("line", where, json_line, lineno)`` or ``("row", where,
    row_dict, extracted)``. Blank lines give nothing; a line or article that
    fails gives a row with ``error`` set.
    """
    from rawabit.errors import ReadError
    from rawabit.pipeline import extract_article

    pipe = None
    for item in items:
        if item[0] == "line" and not item[2].strip():
            continue
        try:
            raw = _to_raw(item)
        except ReadError as exc:
            yield _error_row(exc.path, exc.reason)
            continue
        if pipe is None:
            pipe = _pipeline(actor_files)
        try:
            d = extract_article(raw, pipe).as_dict()
        except Exception as exc:  # noqa: BLE001 - one bad article must not fail the job
            yield _error_row(raw.source or item[1], f"extraction failed: {type(exc).__name__}: {exc}")
            continue
        yield (
            d["id"], d["source"], d["title"], d["published"], d["author"], raw.url, raw.outlet, d["text"],
            json.dumps(d["actors"], ensure_ascii=False), json.dumps(d["relations"], ensure_ascii=False),
            len(d["relations"]), None,
        )


# -- driver side ---------------------------------------------------------------------


def spark_session(master: str | None = None, scratch: str | Path | None = None, app_name: str = "rawabit") -> Any:
    """A SparkSession whose side effects stay in ``scratch`` (a temp folder when not given).

    UI off; local dir, warehouse, Derby and Ivy under ``scratch``. For a
    ``local`` master the workers run this interpreter (``PYSPARK_PYTHON``
    unless already set) and bind to 127.0.0.1. Without ``master`` the one
    ``spark-submit`` gives is used, else ``local[2]``.
    """
    try:
        from pyspark import SparkConf
        from pyspark.sql import SparkSession
    except ImportError as exc:
        from rawabit.errors import RawabitError

        raise RawabitError("rawabit spark-extract needs pyspark: pip install 'rawabit[spark]'") from exc
    scratch_dir = Path(scratch) if scratch else Path(tempfile.mkdtemp(prefix="rawabit-spark-"))
    scratch_dir.mkdir(parents=True, exist_ok=True)
    if master is None and not SparkConf().contains("spark.master"):
        master = "local[2]"
    if master is not None and master.startswith("local"):
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    derby = f"-Dderby.system.home={scratch_dir / 'derby'}"
    b = (
        SparkSession.builder.appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.local.dir", str(scratch_dir / "local"))
        .config("spark.sql.warehouse.dir", str(scratch_dir / "warehouse"))
        .config("spark.jars.ivy", str(scratch_dir / "ivy"))
        .config("spark.driver.extraJavaOptions", derby)
        .config("spark.sql.session.timeZone", "UTC")
    )
    if master is not None:
        b = b.master(master)
    spark = b.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _display(uri: str) -> str:
    """``file:/a/b`` -> ``/a/b`` so local sources read as in a single-process run."""
    return uri[5:] if uri.startswith("file:/") and not uri.startswith("file://") else uri.removeprefix("file://")


def _list_inputs(spark: Any, inputs: Sequence[str]) -> tuple[list[str], list[str], list[str]]:
    """(jsonl files, parquet files, unmatched inputs) behind paths, folders and globs, on any Hadoop FS."""
    jvm, conf = spark._jvm, spark._jsc.hadoopConfiguration()  # private handles: the Hadoop FS API is only reachable through them
    jsonl: list[str] = []
    parquet: list[str] = []
    missing: list[str] = []

    def add(uri: str) -> None:
        name = uri.rsplit("/", 1)[-1].lower()
        if name.startswith(("_", ".")):
            return
        if name.endswith(_JSONL):
            jsonl.append(uri)
        elif name.endswith(_PARQUET):
            parquet.append(uri)

    for p in inputs:
        path = jvm.org.apache.hadoop.fs.Path(p)
        fs = path.getFileSystem(conf)
        statuses = fs.globStatus(path)
        if not statuses:
            missing.append(p)
            continue
        for st in statuses:
            if st.isDirectory():
                it = fs.listFiles(st.getPath(), True)
                while it.hasNext():
                    add(it.next().getPath().toString())
            else:
                uri = st.getPath().toString()
                n = len(jsonl) + len(parquet)
                add(uri)
                if len(jsonl) + len(parquet) == n:
                    missing.append(f"{p} (not .jsonl, .jsonl.gz or .parquet)")
    return sorted(set(jsonl)), sorted(set(parquet)), missing


def _input_rdd(spark: Any, jsonl: Sequence[str], parquet: Sequence[str]) -> Any:
    """One RDD of input items: JSONL lines with their line numbers, Parquet rows as dicts."""
    sc = spark.sparkContext
    parts = []
    for uri in jsonl:
        shown = _display(uri)
        parts.append(
            sc.textFile(uri).zipWithIndex().map(lambda t, s=shown: ("line", f"{s}:{t[1] + 1}", t[0], t[1] + 1))
        )
    if parquet:
        from pyspark.sql import functions as F

        df = spark.read.parquet(*parquet)
        cols = [c for c in ("id", "text", "title", "published", "author", "url", "outlet", "source", "error")
                if c in df.columns]
        extracted = "actors" in df.columns and "relations" in df.columns
        df = df.select(*cols, F.input_file_name().alias("_file"))
        parts.append(df.rdd.map(lambda r, x=extracted: ("row", _display(r["_file"]), r.asDict(), x)))
    if not parts:
        return sc.emptyRDD()
    return parts[0] if len(parts) == 1 else sc.union(parts)


def run_job(
    spark: Any,
    inputs: Sequence[str],
    output: str,
    *,
    partitions: int | None = None,
    relations_output: str | None = None,
    actor_files: Sequence[str] = (),
    overwrite: bool = False,
) -> JobReport:
    """Extract every article of ``inputs`` on ``spark`` and write the article Parquet to ``output``.

    ``partitions`` defaults to twice the cluster's default parallelism (a
    ``.gz`` file is one input split, so it is always spread out again).
    ``actor_files`` must be readable at the same path on every executor.
    """
    from rawabit.errors import RawabitError

    jsonl, parquet, missing = _list_inputs(spark, inputs)
    if missing:
        raise RawabitError(f"input not found or not readable: {', '.join(missing)}")
    if not jsonl and not parquet:
        raise RawabitError(f"no .jsonl, .jsonl.gz or .parquet files in {', '.join(inputs)}")
    sc = spark.sparkContext
    n = partitions or max(2, 2 * sc.defaultParallelism)
    files = tuple(str(f) for f in actor_files)
    rows = _input_rdd(spark, jsonl, parquet).repartition(n).mapPartitions(lambda it: extract_rows(it, files))
    df = spark.createDataFrame(rows, ARTICLE_SCHEMA)
    mode = "overwrite" if overwrite else "errorifexists"
    df.write.mode(mode).parquet(output)

    # Counts and the flat relations come from the written files, not a second extraction.
    written = spark.read.parquet(output)
    from pyspark.sql import functions as F

    agg = written.agg(
        F.count(F.when(F.col("error").isNull(), 1)).alias("articles"),
        F.count(F.col("error")).alias("errors"),
        F.coalesce(F.sum("n_relations"), F.lit(0)).alias("relations"),
    ).first()
    if relations_output:
        flat = (
            written.where(F.col("error").isNull() & (F.col("n_relations") > 0))
            .select(F.col("id").alias("article_id"), F.col("published"), F.col("outlet"),
                    F.posexplode(F.from_json("relations", RELATION_SCHEMA)).alias("idx", "r"))
            .select("article_id", "idx", "r.source", "r.target", "r.type", "r.subtype", "r.modality",
                    "r.attributed_to", "r.time", "r.place",
                    F.col("r.evidence.start").alias("evidence_start"), F.col("r.evidence.end").alias("evidence_end"),
                    F.col("r.evidence.text").alias("evidence_text"), "r.confidence", "r.rule", "published", "outlet")
        )
        flat.write.mode(mode).parquet(relations_output)
    return JobReport(int(agg["articles"]), int(agg["errors"]), int(agg["relations"]), output, relations_output)


def main(argv: Sequence[str] | None = None) -> None:
    """``spark-submit job.py INPUT… OUTPUT``: the same job without the rawabit CLI."""
    import argparse

    ap = argparse.ArgumentParser(prog="rawabit-spark", description="Extract articles on Spark into Parquet.")
    ap.add_argument("paths", nargs="+", help="inputs (files, folders, globs; any Hadoop FS), then OUTPUT")
    ap.add_argument("--master", default=None)
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--relations", default=None, help="also write flattened relations here")
    ap.add_argument("--actors", action="append", default=[], help="extra actor YAML file (same path on executors)")
    ap.add_argument("--overwrite", action="store_true")
    args = ap.parse_args(argv)
    if len(args.paths) < 2:
        ap.error("give at least one INPUT and the OUTPUT")
    with tempfile.TemporaryDirectory(prefix="rawabit-spark-") as scratch:
        spark = spark_session(args.master, scratch)
        try:
            rep = run_job(spark, args.paths[:-1], args.paths[-1], partitions=args.partitions,
                          relations_output=args.relations, actor_files=args.actors, overwrite=args.overwrite)
        finally:
            spark.stop()
    print(json.dumps(rep.__dict__))


if __name__ == "__main__":
    main()
