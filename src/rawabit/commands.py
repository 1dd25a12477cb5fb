"""Core commands: ``extract`` and ``eval``."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from rawabit.data import data_path
from rawabit.errors import EmptyInput, RawabitError, ReadError

if TYPE_CHECKING:
    from rawabit.evaluate import DocScore

SAMPLE = "sample/2021-09-13-aq-taliban.txt"


def _pipeline(actors: tuple[str, ...], ner: bool, model: bool = True):
    from rawabit.pipeline import Pipeline, default_pipeline

    if not actors and ner and model:
        return default_pipeline()
    return Pipeline(actor_files=actors, ner=ner, relation_model=model)


def _summary(art, console) -> None:
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    # text from the article is shown as it is: a "[" in it is no rich markup
    console.print(Text.assemble((art.title or "(untitled)", "bold"), f"  {art.published or ''}  {art.author or ''}"))
    console.print(Text(art.source or "", style="dim"))
    t = Table("actor", "Arabic", "kind", "mentions", title="Actors")
    for a in sorted(art.actors, key=lambda a: -len(a.mentions)):
        t.add_row(Text(a.name_en), Text(a.name_ar), a.kind, str(len(a.mentions)))
    console.print(t)
    names = {a.id: a.name_en for a in art.actors}
    if console.width < _WIDE:
        # eight columns leave the evidence a word wide: the relation in one column, the evidence in the other
        r = Table("relation", "evidence", title="Relations", show_lines=True)
        r.columns[0].ratio, r.columns[1].ratio = 2, 3
        for rel in art.relations:
            about = [rel.modality, rel.time, rel.place, names.get(rel.attributed_to or "", rel.attributed_to)]
            r.add_row(f"{escape(names.get(rel.source, rel.source))} —{rel.type}{f'/{rel.subtype}' if rel.subtype else ''}→ "
                      f"{escape(names.get(rel.target, rel.target))}\n[dim]{escape(', '.join(x for x in about if x))}[/dim]",
                      Text(rel.evidence.text[:140]))
        console.print(r)
        return
    r = Table("source", "type", "target", "modality", "time", "place", "says", "evidence", title="Relations")
    for rel in art.relations:
        r.add_row(*(Text(x) for x in (
            names.get(rel.source, rel.source), rel.type + (f"/{rel.subtype}" if rel.subtype else ""),
            names.get(rel.target, rel.target), rel.modality, rel.time or "", rel.place or "",
            names.get(rel.attributed_to or "", rel.attributed_to or ""), rel.evidence.text[:70])))
    console.print(r)


_WIDE = 120  # columns the eight-column relation table needs


def register(main: click.Group) -> None:
    """Add ``extract`` and ``eval``."""

    @main.command()
    @click.argument("paths", nargs=-1, type=click.Path())
    @click.option("--sample", is_flag=True, help="Run on the bundled sample article (the seed article).")
    @click.option("--format", "fmt", type=click.Choice(["jsonl", "json", "summary"]), default="jsonl",
                  show_default=True, help="jsonl: one SPEC §2 object per line; summary: readable tables.")
    @click.option("--explain", is_flag=True, help="Add each relation's trigger offsets (the rule is always there).")
    @click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                  help="A user actor file merged over the packaged knowledge base (repeatable).")
    @click.option("--no-ner", is_flag=True, help="Only actors of the knowledge base (no NER tagger).")
    @click.option("--no-model", is_flag=True, help="Rules only: without the learned pair and listing models.")
    @click.option("--progress/--no-progress", default=None, help="Progress on stderr (default: when stderr is a terminal).")
    @click.option("--strict", is_flag=True, help="Records without text are errors (exit 1), not skipped.")
    def extract(paths: tuple[str, ...], sample: bool, fmt: str, explain: bool, actor_files: tuple[str, ...],
                no_ner: bool, no_model: bool, progress: bool | None, strict: bool) -> None:
        """Extract actors and relations from files or folders (.txt, .jsonl[.gz], .html)."""
        from rich.console import Console
        from rich.markup import escape

        from rawabit.pipeline import extract_many
        from rawabit.readers import iter_articles

        if sample:
            paths = (*paths, str(data_path(SAMPLE)))
        if not paths:
            raise click.UsageError("give files or folders to read, or --sample")
        console = Console()
        err = Console(stderr=True)
        pipe = _pipeline(actor_files, not no_ner, not no_model)
        failures: list[ReadError] = []
        empty: list[EmptyInput] = []
        show = err.is_terminal if progress is None else progress
        n = 0
        items = extract_many(iter_articles(paths), pipe)
        with _progress(err, show) as tick:
            for item in items:
                if isinstance(item, EmptyInput) and not strict:
                    empty.append(item)
                    continue
                if isinstance(item, ReadError):
                    failures.append(item)
                    continue
                n += 1
                tick()
                if fmt == "summary":
                    _summary(item, console)
                else:
                    line = json.dumps(item.as_dict(explain=explain), ensure_ascii=False,
                                      indent=2 if fmt == "json" else None)
                    sys.stdout.write(line + "\n")
        for f in failures:
            err.print(f"[red]error[/red] {escape(f.path)}: {escape(f.reason)}", highlight=False)
        if empty:
            err.print(f"[yellow]warning[/yellow] {len(empty)} input(s) without article text skipped (--strict: errors), "
                      f"the first: {escape(str(empty[0]))}", highlight=False, soft_wrap=True)
        if failures:
            err.print(f"{n} articles extracted, {len(failures)} inputs failed")
            sys.exit(1)
        if not n:
            err.print(f"[yellow]warning[/yellow] no article found in {escape(', '.join(paths))}", highlight=False)
            sys.exit(1)

    @main.command(name="eval")
    @click.argument("folders", nargs=-1, required=True, type=click.Path(exists=True, file_okay=False))
    @click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
    @click.option("--details", is_flag=True, help="List missed and spurious relation triples per document.")
    @click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False))
    @click.option("--no-ner", is_flag=True, help="Only actors of the knowledge base (no NER tagger).")
    @click.option("--no-model", is_flag=True, help="Rules only: without the learned pair and listing models.")
    @click.option("--folds", type=int, default=None,
                  help="K-fold by article: each fold extracted by models trained on the other folds only.")
    @click.option("--learning-curve", is_flag=True,
                  help="With --folds: also train on 10%, 25% and 50% of each fold's training articles.")
    @click.option("--plot", type=click.Path(dir_okay=False), default=None,
                  help="With --learning-curve: write the curve as a PNG here.")
    def eval_(folders: tuple[str, ...], fmt: str, details: bool, actor_files: tuple[str, ...], no_ner: bool,
              no_model: bool, folds: int | None, learning_curve: bool, plot: str | None) -> None:
        """Score extraction on every article of FOLDERS that has a NAME.gold.json (SPEC §4)."""
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        from rawabit.evaluate import EvalResult, evaluate

        if folds is None and (learning_curve or plot):
            raise click.UsageError("--learning-curve and --plot are out-of-fold measures: give them with --folds K")
        if folds is not None:
            _eval_folds(folders, folds, learning_curve, plot, fmt)
            return
        try:
            results = [evaluate(Path(f), _pipeline(actor_files, not no_ner, not no_model)) for f in folders]
        except RawabitError as exc:
            raise click.ClickException(str(exc)) from exc
        res = EvalResult.merge(results)
        if not res.docs:  # a table of zeros would read as a score
            raise click.ClickException(f"{', '.join(folders)}: no article with a NAME.gold.json beside it, nothing "
                                       "to score (SPEC §4: the gold file of NAME.txt is NAME.gold.json)")
        if fmt == "json":
            click.echo(json.dumps(res.as_dict(), ensure_ascii=False, indent=2))
            return
        console = Console(width=160)
        t = Table("document", "actors P", "R", "F1", "relations P", "R", "F1", "tp", "fp", "fn", "meta")
        for d in res.docs:
            meta = " ".join(f"{k}:{'ok' if v else 'x'}" for k, v in d.meta.items())
            t.add_row(Text(d.name), *(f"{x:.2f}" for x in (d.actors.precision, d.actors.recall, d.actors.f1,
                      d.relations.precision, d.relations.recall, d.relations.f1)),
                      str(d.relations.tp), str(d.relations.fp), str(d.relations.fn), meta)
        a, r = res.actors, res.relations
        t.add_row("[bold]total (micro)[/bold]", *(f"{x:.3f}" for x in (a.precision, a.recall, a.f1, r.precision,
                  r.recall, r.f1)), str(r.tp), str(r.fp), str(r.fn),
                  " ".join(f"{k}:{c}/{n}" for k, (c, n) in res.meta.items()))
        console.print(t)
        if details:
            for d in res.docs:
                console.print(Text(d.name, style="bold"))
                for m in d.missed:
                    console.print(f"  missed   {m}", markup=False)
                for s in d.spurious:
                    console.print(f"  spurious {s}", markup=False)
        click.echo(f"actors P={a.precision:.3f} R={a.recall:.3f} F1={a.f1:.3f}  "
                   f"relations P={r.precision:.3f} R={r.recall:.3f} F1={r.f1:.3f}")
        click.echo(_interval_line(res.docs))


def _interval_line(docs: Sequence[DocScore]) -> str:
    """The bootstrap intervals of F1 over scored documents (``DocScore``), as one line."""
    from rawabit.evaluate import INTERVAL_ROUNDS, f1_intervals

    ci = f1_intervals(docs)
    return (f"95 % interval of F1 over {len(docs)} articles resampled {INTERVAL_ROUNDS:,} times: "
            f"actors {ci['actors'][0]:.3f}-{ci['actors'][1]:.3f}  "
            f"relations {ci['relations'][0]:.3f}-{ci['relations'][1]:.3f}")


def _eval_folds(folders: tuple[str, ...], k: int, curve: bool, plot: str | None, fmt: str) -> None:
    """``rawabit eval --folds K``: out-of-fold scores (and the learning curve)."""
    from rich.console import Console
    from rich.table import Table

    from rawabit.learn.corpora import corpus_path
    from rawabit.learn.folds import FRACTIONS, Folds, cross_validate, kb_learned_from, plot_curve

    if k < 2:
        raise click.UsageError("--folds needs at least 2 folds")
    if plot and not curve:
        raise click.UsageError("--plot draws the learning curve: give it with --learning-curve")
    if plot:
        import importlib.util

        if importlib.util.find_spec("matplotlib") is None:  # checked before hours of folds, not after
            raise click.UsageError("--plot needs matplotlib: pip install 'rawabit[dev]' or pip install matplotlib")
    err = Console(stderr=True)

    def progress(what: str, done: int, total: int) -> None:
        if err.is_terminal and not what.startswith("reading"):
            err.print(f"{what}", highlight=False)

    fractions = FRACTIONS if curve else (1.0,)
    try:
        kb_for_fold = kb_learned_from(corpus_path())
        reports = cross_validate(Folds(folders, k, kb_for_fold, progress=progress), fractions)
    except (RawabitError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    if plot and curve:
        plot_curve(reports, plot, f"{k}-fold out of fold, {reports[1.0].documents} articles ({', '.join(folders)})")
    if fmt == "json":
        click.echo(json.dumps({str(fr): r.as_dict() for fr, r in reports.items()}, ensure_ascii=False, indent=2))
        return
    console = Console(width=120)
    full = reports[1.0]
    t = Table("", "P", "R", "F1", "tp", "fp", "fn", title=f"{k}-fold out of fold, {full.documents} articles")
    for name, c in (("relations", full.relations), *((f"  {t_}", c_) for t_, c_ in full.by_type.items()),
                    ("actors", full.actors)):
        t.add_row(name, f"{c.precision:.3f}", f"{c.recall:.3f}", f"{c.f1:.3f}", str(c.tp), str(c.fp), str(c.fn))
    console.print(t)
    if curve:
        lc = Table("training share", "articles per fold", "relations F1", "actors F1", title="learning curve")
        for fr, r in sorted(reports.items()):
            n = sum(f["train"] for f in r.folds) / max(1, len(r.folds))
            lc.add_row(f"{fr:.0%}", f"{n:.0f}", f"{r.relations.f1:.3f}", f"{r.actors.f1:.3f}")
        console.print(lc)
    rel, act = full.relations, full.actors
    click.echo(f"out of fold: actors P={act.precision:.3f} R={act.recall:.3f} F1={act.f1:.3f}  "
               f"relations P={rel.precision:.3f} R={rel.recall:.3f} F1={rel.f1:.3f}")
    click.echo(_interval_line(full.scores))


class _progress:
    """A rich progress line with articles and articles/s, or nothing when not wanted."""

    def __init__(self, console, show: bool) -> None:
        self.console, self.show = console, show

    def __enter__(self):
        if not self.show:
            return lambda: None
        from rich.progress import Progress, ProgressColumn, SpinnerColumn, TextColumn, TimeElapsedColumn
        from rich.text import Text

        class Rate(ProgressColumn):
            def render(self, task):
                return Text(f"{task.speed:.0f} articles/s" if task.speed else "")

        self.p = Progress(SpinnerColumn(), TextColumn("{task.completed} articles"), Rate(), TimeElapsedColumn(),
                          console=self.console, refresh_per_second=4)
        self.p.start()
        self.task = self.p.add_task("extract", total=None)
        return lambda: self.p.advance(self.task)

    def __exit__(self, *exc: object) -> None:
        if self.show:
            self.p.stop()
