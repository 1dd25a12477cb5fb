"""``rawabit spark-extract``: the extractor on Apache Spark (pyspark imported only when it runs)."""

from __future__ import annotations

import tempfile

import click


def register(main: click.Group) -> None:
    """Add ``spark-extract`` to ``main``."""

    @main.command("spark-extract")
    @click.argument("inputs", metavar="INPUT... OUTPUT", nargs=-1, required=True)
    @click.option("--master", default=None, help="Spark master URL (default: spark-submit's, else local[2]).")
    @click.option("--partitions", type=click.IntRange(min=1), default=None,
                  help="Partitions to extract in (default: 2 x default parallelism).")
    @click.option("--relations", "relations_output", default=None, metavar="PATH",
                  help="Also write the relations flattened, one row per relation, to this Parquet path.")
    @click.option("--actors", "actor_files", multiple=True, metavar="FILE",
                  help="Extra actor YAML file (readable at the same path on every executor).")
    @click.option("--overwrite", is_flag=True, help="Replace OUTPUT (and --relations) if they exist.")
    @click.option("--scratch", default=None, type=click.Path(file_okay=False),
                  help="Folder for Spark's local files (default: a temporary folder, removed afterwards).")
    def spark_extract(inputs: tuple[str, ...], master: str | None, partitions: int | None,
                      relations_output: str | None, actor_files: tuple[str, ...], overwrite: bool,
                      scratch: str | None) -> None:
        """Extract JSONL(.gz) or Parquet INPUT (files, folders, globs; local, HDFS, S3) on Spark.

        Writes one Parquet row per article to OUTPUT: id, source, title,
        published, author, url, outlet, text, actors and relations (SPEC JSON
        strings), n_relations, error. `rawabit ingest OUTPUT` stores it
        without extracting again.
        """
        from rawabit.errors import RawabitError
        from rawabit.spark.job import run_job, spark_session

        if len(inputs) < 2:
            raise click.UsageError("give at least one INPUT and the OUTPUT")
        with tempfile.TemporaryDirectory(prefix="rawabit-spark-") as tmp:
            try:
                spark = spark_session(master, scratch or tmp)
            except RawabitError as exc:
                raise click.ClickException(str(exc)) from exc
            try:
                rep = run_job(spark, inputs[:-1], inputs[-1], partitions=partitions,
                              relations_output=relations_output, actor_files=actor_files, overwrite=overwrite)
            except RawabitError as exc:
                raise click.ClickException(str(exc)) from exc
            except Exception as exc:  # noqa: BLE001 - Spark's own errors (path exists, …) as one line
                first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                raise click.ClickException(f"Spark job failed: {first}") from exc
            finally:
                spark.stop()
        click.echo(f"{rep.articles} articles, {rep.relations} relations, {rep.errors} errors -> {rep.output}"
                   + (f" (relations: {rep.relations_output})" if rep.relations_output else ""))
