"""Commands of the store: ``ingest`` (the one writer) and the read-only queries and export."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from rawabit.errors import QueryError, RawabitError
from rawabit.model import RELATION_TYPES
from rawabit.store.db import DEFAULT_DB

F = TypeVar("F", bound=Callable[..., Any])
FORMATS = ("table", "json", "csv")


def _db_option(f: F) -> F:
    return click.option("--db", default=DEFAULT_DB, show_default=True, type=click.Path(dir_okay=False),
                        help="SQLite database file.")(f)


def _format_option(f: F) -> F:
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format.")(f)


def _date_option(name: str, help: str) -> Callable[[F], F]:
    """A ``--since``/``--until`` option: a date that is not YYYY, YYYY-MM or YYYY-MM-DD is a usage error (exit 2)."""

    def check(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
        from rawabit.analysis.edges import date_bound

        try:
            return date_bound(value)
        except RawabitError as exc:
            raise click.BadParameter(str(exc)) from exc

    return click.option(name, callback=check, metavar="DATE", help=help)


def _emit(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str], title: str | None = None,
          table_columns: Sequence[str] | None = None) -> None:
    if fmt == "json":
        click.echo(json.dumps(list(rows), ensure_ascii=False, indent=1))
    elif fmt == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=list(columns), extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else v)
                        for k, v in r.items()})
    else:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        t = Table(title=title, show_lines=True)
        cols = list(table_columns or columns)
        for c in cols:
            t.add_column(c, overflow="fold")
        for r in rows:  # Text: a "[" in stored text is no rich markup
            t.add_row(*(Text("" if r.get(c) is None else str(r.get(c))) for c in cols))
        Console().print(t)
        if not rows:
            click.echo("(nothing found)", err=True)


def _ro(db: str) -> Any:
    from rawabit.store.db import connect_ro

    return connect_ro(db)


def _run(fn: Callable[[], None]) -> None:
    try:
        fn()
    except RawabitError as exc:
        raise click.ClickException(str(exc)) from exc


def _progress(quiet: bool) -> tuple[Any, Callable[[Any], None]]:
    from rich.console import Console
    from rich.progress import Progress, ProgressColumn, SpinnerColumn, Task, TextColumn, TimeElapsedColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Task) -> Text:
            return Text(f"{task.fields.get('rate', 0.0):.1f} articles/s")

    progress = Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TextColumn("{task.completed} articles"), Rate(),
        TextColumn("[dim]{task.fields[detail]}"), TimeElapsedColumn(),
        console=Console(stderr=True), disable=quiet, transient=False,
        refresh_per_second=4,  # rich's default, 10, redraws more often than a count of articles needs
    )
    task = progress.add_task("ingest", total=None, rate=0.0, detail="")

    def update(rep: Any) -> None:
        progress.update(task, completed=rep.written + rep.skipped, rate=rep.rate,
                        detail=f"{rep.skipped} already stored, {rep.near_duplicates} near-duplicates, "
                               f"{rep.relations} relations, {rep.n_errors} errors")

    return progress, update


def register(main: click.Group) -> None:
    """Add ingest, relations, why, contradictions, network and export to ``main``."""

    @main.command()
    @click.argument("paths", nargs=-1, type=click.Path())
    @_db_option
    @click.option("--workers", "-j", default=1, show_default=True, type=click.IntRange(1, 64),
                  help="Extraction processes (one writer in the main process).")
    @click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                  help="Extra actor YAML file merged over the packaged knowledge base (repeatable).")
    @click.option("--batch-size", default=1000, show_default=True, type=click.IntRange(1),
                  help="Articles per transaction.")
    @click.option("--pipeline", default=None, metavar="MODULE:CALLABLE",
                  help="Build the extractor with this factory (takes the actor files) instead of rawabit's.")
    @click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
    @click.option("--strict", is_flag=True, help="Records without text are errors (exit 1), not skipped.")
    @click.option("--article-timeout", default=None, type=click.FloatRange(0), metavar="SECONDS",
                  help="Report and skip an article whose extraction takes longer (default 60; 0: no limit).")
    def ingest(paths: tuple[str, ...], db: str, workers: int, actor_files: tuple[str, ...], batch_size: int,
               pipeline: str | None, quiet: bool, strict: bool, article_timeout: float) -> None:
        """Extract articles from PATHS (files or folders) into the SQLite database.

        Idempotent and crash-safe: articles already stored (same id) are
        skipped, each batch is one transaction; run it again after a failure.
        With no PATHS it only creates or migrates the database.
        """
        from rawabit.store.ingest import ingest as run_ingest

        progress, update = _progress(quiet)
        try:
            with progress:
                budget = {} if article_timeout is None else {"article_timeout": article_timeout or None}
                rep = run_ingest(paths, db, workers=workers, actor_files=actor_files, pipeline=pipeline,
                                 batch_size=batch_size, on_progress=update, strict=strict, **budget)
                update(rep)
        except RawabitError as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(
            f"{rep.written} articles written, {rep.skipped} already stored, {rep.near_duplicates} near-duplicates, "
            f"{rep.relations} relations in {rep.seconds:.1f} s ({rep.rate:.1f} articles/s) -> {db}",
            err=True,
        )
        if rep.empty:
            click.echo(f"warning: {rep.empty} input(s) without article text skipped (--strict makes them errors), "
                       f"the first: {rep.first_empty}", err=True)
        if rep.n_errors:
            click.echo(f"{rep.n_errors} input(s) failed:", err=True)
            for where, reason in rep.errors:
                click.echo(f"  {where}: {reason}", err=True)
            if rep.n_errors > len(rep.errors):
                click.echo(f"  ... and {rep.n_errors - len(rep.errors)} more", err=True)
            sys.exit(1)
        if paths and not rep.read:
            click.echo(f"warning: no article found in {', '.join(paths)}", err=True)
            sys.exit(1)

    @main.command()
    @click.argument("names", nargs=-1, required=True, metavar="A [B]")
    @click.option("--type", "rel_type", type=click.Choice(RELATION_TYPES), help="Only this relation type.")
    @_date_option("--since", "From this date (YYYY, YYYY-MM or YYYY-MM-DD).")
    @_date_option("--until", "Up to this date, inclusive.")
    @click.option("--modality", type=click.Choice(("asserted", "hedged", "negated")))
    @click.option("--limit", type=int, default=None, help="At most this many rows.")
    @_db_option
    @_format_option
    def relations(names: tuple[str, ...], rel_type: str | None, since: str | None, until: str | None,
                  modality: str | None, limit: int | None, db: str, fmt: str) -> None:
        """Timeline of the relations of actor A, or between A and B, newest first.

        Names in Arabic or English: rawabit relations القاعدة طالبان --type ally;
        quote a name of several words: rawabit relations "حزب الله"
        """
        from rawabit.analysis.resolve import resolve_words
        from rawabit.analysis.timeline import TIMELINE_COLUMNS
        from rawabit.analysis.timeline import relations as query

        def go() -> None:
            conn = _ro(db)
            a, *rest = resolve_words(conn, names, most=2, command="rawabit relations")
            b = rest[0] if rest else None
            rows = query(conn, a, b, type=rel_type, since=since, until=until, modality=modality, limit=limit)
            _emit(rows, fmt, TIMELINE_COLUMNS, title=f"relations of {a}" + (f" and {b}" if b else ""),
                  table_columns=("date", "source_name", "type", "target_name", "modality", "attributed_to",
                                 "outlet", "sentence"))

        _run(go)

    @main.command()
    @click.argument("names", nargs=-1, required=True, metavar="A B")
    @click.option("--limit", type=int, default=20, show_default=True)
    @_db_option
    @_format_option
    def why(names: tuple[str, ...], limit: int, db: str, fmt: str) -> None:
        """The reasons the articles give for the relation between A and B, ranked.

        Example: rawabit why القاعدة طالبان; quote a name of several words: rawabit why "حزب الله" إسرائيل
        """
        from rawabit.analysis.resolve import resolve_words
        from rawabit.analysis.why import why as query

        cols = ("score", "text", "article_id", "start", "end", "outlet", "published", "title", "signals", "copies",
                "sentence_idx")

        def go() -> None:
            conn = _ro(db)
            a, b = resolve_words(conn, names, most=2, least=2, command="rawabit why")
            rows = [r.as_dict() for r in query(conn, a, b, limit=limit)]
            _emit(rows, fmt, cols, title=f"why {a} – {b}",
                  table_columns=("score", "text", "article_id", "start", "end", "outlet", "published"))

        _run(go)

    @main.command()
    @click.option("--actor", help="Only claims about this actor.")
    @click.option("--type", "rel_type", type=click.Choice((*RELATION_TYPES, "present_in")))
    @click.option("--limit", type=int, default=None)
    @_db_option
    @_format_option
    def contradictions(actor: str | None, rel_type: str | None, limit: int | None, db: str, fmt: str) -> None:
        """Claims one source asserts and another denies, with both sides' evidence."""
        from rawabit.analysis.contradictions import contradictions as query
        from rawabit.analysis.resolve import resolve_actor

        def go() -> None:
            conn = _ro(db)
            aid = resolve_actor(conn, actor) if actor else None
            found = query(conn, actor=aid, type=rel_type, limit=limit)
            if fmt == "json":
                click.echo(json.dumps([c.as_dict() for c in found], ensure_ascii=False, indent=1))
                return
            rows = []
            for i, c in enumerate(found):
                for side, items in (("asserted", c.asserted), ("negated", c.negated)):
                    for s in items:
                        rows.append({"n": i + 1, "kind": c.kind, "claim": f"{c.subject} {c.predicate} {c.object}",
                                     "side": side, **s.as_dict()})
            _emit(rows, fmt, ("n", "kind", "claim", "side", "attributed_to", "article_id", "cluster_id", "outlet",
                              "published", "evidence_start", "evidence_end", "evidence_text"),
                  title="contradictions",
                  table_columns=("n", "claim", "side", "attributed_to", "outlet", "published", "evidence_text"))

        _run(go)

    @main.command()
    @click.option("--pair", nargs=2, metavar="A B", help="Common allies and enemies of this pair.")
    @click.option("--type", "types", multiple=True, type=click.Choice(RELATION_TYPES), help="Only these types.")
    @_date_option("--since", "Only evidence from this date on (YYYY, YYYY-MM or YYYY-MM-DD).")
    @_date_option("--until", "Only evidence up to this date, inclusive.")
    @click.option("--min-sources", default=1, show_default=True, type=click.IntRange(1),
                  help="Only edges with at least this many independent articles.")
    @click.option("--top", default=20, show_default=True, help="Most central actors to list.")
    @_db_option
    @_format_option
    def network(pair: tuple[str, str] | None, types: tuple[str, ...], since: str | None, until: str | None,
                min_sources: int, top: int, db: str, fmt: str) -> None:
        """Common allies/enemies, unbalanced triads, centrality and communities of the signed graph."""
        from rawabit.analysis.network import network as query

        def go() -> None:
            res = query(_ro(db), pair=pair or None, types=types or None, since=since, until=until,
                        min_articles=min_sources, top=top)
            if fmt == "json":
                click.echo(json.dumps(res, ensure_ascii=False, indent=1))
                return
            rows: list[dict[str, Any]] = []
            for key in ("common_allies", "common_enemies", "split"):
                rows += [{"section": key, "item": r["actor"], "name": r["name"],
                          "value": f"{r['sign_a']:+d}/{r['sign_b']:+d} ({r['articles']} articles)"}
                         for r in res.get(key, [])]
            rows += [{"section": "unbalanced_triad", "item": " | ".join(t["actors"]), "name": " | ".join(t["names"]),
                      "value": " ".join(f"{k}:{v:+d}" for k, v in t["signs"].items())}
                     for t in res["unbalanced_triads"]]
            rows += [{"section": "centrality", "item": r["actor"], "name": r["name"],
                      "value": f"degree={r['degree']} betweenness={r['betweenness']} "
                               f"allies={r['allies']} enemies={r['enemies']}"} for r in res["centrality"]]
            rows += [{"section": "community", "item": str(c["id"]), "name": ", ".join(c["names"]),
                      "value": len(c["actors"])} for c in res["communities"]]
            _emit(rows, fmt, ("section", "item", "name", "value"),
                  title=f"network: {res['nodes']} actors, {res['edges']} signed ties")

        _run(go)

    @main.command(name="export")
    @click.option("--format", "fmt", required=True, type=click.Choice(("gexf", "graphml", "csv", "jsonl", "parquet")))
    @click.option("--out", type=click.Path(), default=None,
                  help="Output file (gexf, graphml, jsonl) or folder (csv, parquet); default rawabit.<format>.")
    @click.option("--type", "types", multiple=True, type=click.Choice(RELATION_TYPES), help="Only these types.")
    @_date_option("--since", "Only evidence from this date on (YYYY, YYYY-MM or YYYY-MM-DD).")
    @_date_option("--until", "Only evidence up to this date, inclusive.")
    @click.option("--min-sources", default=1, show_default=True, type=click.IntRange(1),
                  help="Only edges with at least this many independent articles.")
    @_db_option
    def export_cmd(fmt: str, out: str | None, types: tuple[str, ...], since: str | None, until: str | None,
                   min_sources: int, db: str) -> None:
        """Export the graph: nodes (actors) and edges with weights, dates and modality mix."""
        from rawabit.export import export

        def go() -> None:
            target = out or (f"rawabit-{fmt}" if fmt in ("csv", "parquet") else f"rawabit.{fmt}")
            try:
                files = export(_ro(db), fmt, target, types=types or None, since=since, until=until,
                               min_sources=min_sources)
            except OSError as exc:  # a folder that cannot be made, a disk full: one line, no traceback
                raise QueryError(f"{target}: cannot write the export: {exc.strerror or exc}") from exc
            for f in files:
                click.echo(str(f))

        _run(go)


def cli_group() -> click.Group:
    """A stand-alone group with only these commands (``python -m rawabit.store``)."""

    @click.group()
    def group() -> None:
        """Rawabit store commands."""

    register(group)
    return group

