"""``rawabit actors …``: list, show, search and validate the actor knowledge base."""

from __future__ import annotations

import json
from pathlib import Path

import click

from rawabit.errors import RawabitError
from rawabit.kb.loader import KINDS, KnowledgeBase, load
from rawabit.kb.search import describe, list_actors, resolve, search, summary
from rawabit.kb.validate import validate

_actors_opt = click.option(
    "--actors", "actor_files", multiple=True, type=click.Path(dir_okay=False, path_type=Path),
    help="A user actor file merged over the packaged ones (repeatable).",
)


def _kb(actor_files: tuple[Path, ...]) -> KnowledgeBase:
    try:
        return load(actor_files)
    except RawabitError as exc:
        raise click.ClickException(str(exc)) from exc


def _echo_json(obj: object) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, indent=2))


def register(main: click.Group) -> None:
    """Add the ``actors`` command group to ``main``."""
    main.add_command(actors)


@click.group()
def actors() -> None:
    """The actor knowledge base: list, show, search, validate."""


@actors.command("list")
@click.option("--kind", type=click.Choice(sorted(KINDS)), help="Only actors of this kind.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_actors_opt
def list_cmd(kind: str | None, fmt: str, actor_files: tuple[Path, ...]) -> None:
    """List actors (id, kind, English and Arabic name)."""
    rows = list_actors(_kb(actor_files), kind)
    if fmt == "json":
        _echo_json([summary(e) for e in rows])
        return
    for e in rows:
        click.echo(f"{e.id}\t{e.kind}\t{e.name_en}\t{e.name_ar}")
    click.echo(f"{len(rows)} actors", err=True)


@actors.command("show")
@click.argument("name", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_actors_opt
def show_cmd(name: tuple[str, ...], fmt: str, actor_files: tuple[Path, ...]) -> None:
    """Show one actor (by id, English or Arabic name): names, aliases, parents, lineage.

    Words given unquoted are one name: rawabit actors show حزب الله
    """
    kb = _kb(actor_files)
    try:
        d = describe(kb, resolve(kb, " ".join(name)))
    except RawabitError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        _echo_json(d)
        return
    click.echo(f"{d['name_en']} | {d['name_ar']}  [{d['id']}, {d['kind']}]")
    for key in ("wikidata", "active", "countries", "aliases_ar", "aliases_en", "short_ar", "metonyms", "nisba",
                "nisba_plural", "descriptors", "sources", "origin"):
        v = d.get(key)
        if v:
            click.echo(f"  {key}: {', '.join(v) if isinstance(v, list) else v}")
    if d["parents"]:
        chain = " -> ".join(f"{p['name_en']} ({p['rel']})" for p in d["parents"])
        click.echo(f"  parents: {chain}")
    if d["predecessors"]:
        click.echo("  predecessors: " + ", ".join(f"{p['name_en']} ({p['how']} {p['year']})" for p in d["predecessors"]))
    if d["successor_chain"]:
        click.echo("  successors: " + " -> ".join(f"{s['name_en']} ({s['how']} {s['year']})" for s in d["successor_chain"]))
    if d["children"]:
        click.echo(f"  children ({len(d['children'])}): " + ", ".join(f"{c['name_en']} ({c['rel']})" for c in d["children"][:30]))


@actors.command("search")
@click.argument("words", nargs=-1, required=True, metavar="QUERY")
@click.option("--limit", default=10, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@_actors_opt
def search_cmd(words: tuple[str, ...], limit: int, fmt: str, actor_files: tuple[Path, ...]) -> None:
    """Fuzzy search over names and aliases (Arabic or English), best first (words given unquoted are one query)."""
    query = " ".join(words)
    hits = search(_kb(actor_files), query, limit=limit)
    if fmt == "json":
        _echo_json([{**summary(h.actor), "matched": h.form, "score": round(h.score, 1)} for h in hits])
        return
    if not hits:
        raise click.ClickException(f"no actor resembles {query!r}")
    for h in hits:
        click.echo(f"{h.score:5.1f}\t{h.actor.id}\t{h.actor.kind}\t{h.actor.name_en}\t{h.form}")


@actors.command("validate")
@_actors_opt
def validate_cmd(actor_files: tuple[Path, ...]) -> None:
    """Check the packaged actor files (and user files): one line per problem, exit 1 if any."""
    problems = validate(actor_files)
    for p in problems:
        click.echo(str(p), err=True)
    if problems:
        raise SystemExit(1)
    click.echo(f"ok: {len(load(actor_files))} actors, no problems")


@actors.command("provisional")
@click.option("--db", "db", type=click.Path(dir_okay=False), default="rawabit.db", show_default=True,
              help="The database written by `rawabit ingest`.")
@click.option("--min-articles", type=int, default=1, show_default=True, help="Only actors named in at least N articles.")
@click.option("--limit", type=int, default=100, show_default=True)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
def provisional_cmd(db: str, min_articles: int, limit: int, fmt: str) -> None:
    """Actors found by the NER tagger that the knowledge base does not know, most frequent first, for review."""
    from rawabit.errors import StoreError
    from rawabit.kb.review import provisional_actors

    try:
        rows = provisional_actors(db, min_articles=min_articles, limit=limit)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        import csv
        import sys

        w = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["id"])
        w.writeheader()
        w.writerows(rows)
        return
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    t = Table("id", "Arabic", "English", "kind", "articles", "mentions", title="Provisional actors (not in the knowledge base)")
    for r in rows:
        t.add_row(*(Text(str(r[k])) for k in ("id", "name_ar", "name_en", "kind", "articles", "mentions")))
    Console().print(t)
