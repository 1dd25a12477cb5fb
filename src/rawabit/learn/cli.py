"""Training commands: ``train``, ``train-ner`` and ``ner-eval``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

import click

from rawabit.errors import RawabitError

STEPS = ("kb", "priors", "models")  # rawabit.learn.train.STEPS, named here to keep start-up light


def _progress() -> tuple[Callable[[str, int, int], None], Callable[[], None]]:
    """A progress callback that rewrites one status line on stderr, and its closer."""
    state: dict[str, str | None] = {"stage": None}

    def report(stage: str, done: int, total: int) -> None:
        if stage != state["stage"] and state["stage"] is not None:
            click.echo("", err=True)
        state["stage"] = stage
        click.echo(f"\r{stage}: {done}/{total}", nl=False, err=True)

    def close() -> None:
        if state["stage"] is not None:
            click.echo("", err=True)

    return report, close


def _fail(exc: Exception) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(1)


def register(main: click.Group) -> None:
    """Add ``train``, ``train-ner`` and ``ner-eval`` to ``main``."""

    @main.command(name="train")
    @click.argument("folders", nargs=-1, type=click.Path(exists=True, file_okay=False, path_type=Path))
    @click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="The shared folder holding data/train, data/dev and data/corpus (default: ../shared).")
    @click.option("--step", "steps", multiple=True, type=click.Choice(STEPS),
                  help="Run only these steps (repeatable; default: all, in order).")
    @click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="Where to write the model files (default: the package's data folder).")
    @click.option("--corpus-limit", type=int, default=None, help="Read only the first N corpus records (a quick run).")
    def train(folders: tuple[Path, ...], shared: Path | None, steps: tuple[str, ...], out_dir: Path | None,
              corpus_limit: int | None) -> None:
        """Rebuild the shipped learned models from the shared data (FOLDERS: annotated articles;
        default: the training and dev sets)."""
        from rawabit.learn.corpora import shared_dir
        from rawabit.learn.train import default_folders, train_all

        root = shared or shared_dir()
        chosen = list(folders) or [f for f in default_folders(root) if f.is_dir()]
        if not chosen:
            raise click.ClickException(f"{root}: no data/train or data/dev folder; give annotated folders or --shared")
        report, close = _progress()
        try:
            result = train_all(chosen, root, steps or STEPS, out_dir, corpus_limit, report)
        except (RawabitError, OSError, ValueError) as exc:
            close()
            raise click.ClickException(str(exc)) from exc
        close()
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))

    @main.command("train-ner")
    @click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
                  help="model file to write (default: the packaged model.crfsuite)")
    @click.option("--data", type=click.Choice(["anercorp", "all"]), default="anercorp", show_default=True,
                  help="all = ANERcorp train + AQMAR + NewsFANE without the ANERcorp test text")
    @click.option("--iterations", type=int, default=None, help="L-BFGS iterations [default: tuned value]")
    @click.option("--limit-sentences", type=int, default=None, help="train on the first N sentences only")
    @click.option("--c1", type=float, default=None, help="L1 weight [default: tuned value]")
    @click.option("--c2", type=float, default=None, help="L2 weight [default: tuned value]")
    @click.option("--clusters", default="build", show_default=True,
                  help="'build' (from the SaudiNewsNet corpus, written beside the model), 'none', or a JSON file")
    @click.option("--gazetteer", type=click.Choice(["none", "kb", "package"]), default=None,
                  help="gazetteer feature: 'package' = names of the packaged actor KB, given names and places, "
                       "snapshot written beside the model; 'kb' = the live KB (ties the model to the KB version) "
                       "[default: tuned value]")
    @click.option("--vectors/--no-vectors", default=None,
                  help="dense word-vector features (written with the clusters) [default: tuned value]")
    @click.option("--stack-folds", type=int, default=None,
                  help="0: one CRF; k >= 2: two-stage stacking with k-fold jackknife [default: tuned value]")
    @click.option("--no-dev", is_flag=True, help="skip the dev-slice model and score")
    @click.option("--shared", type=click.Path(file_okay=False, path_type=Path), default=None,
                  help="the shared folder holding data/ner and data/corpus")
    @click.option("--silver", type=click.Path(exists=True, file_okay=False, path_type=Path), default=None,
                  help="add silver sentences: the gold Arabic forms of the annotated articles of this folder "
                       "projected onto their text (e.g. ../shared/data/train)")
    @click.option("--silver-negatives", type=float, default=None,
                  help="share of the silver articles' sentences without a name to keep [default: tuned value]")
    @click.option("--silver-repeat", type=int, default=None,
                  help="times the silver sentences are repeated (their weight) [default: tuned value]")
    @click.option("--silver-teacher", default=None,
                  help="'train' (a CRF trained on the corpora without silver first), 'none', or a model file: "
                       "its entities fill what the gold forms leave untagged [default: tuned value]")
    @click.option("--silver-fill", default=None,
                  help="the teacher's entity types that fill, comma-separated (e.g. LOC or LOC,ORG,PERS) "
                       "[default: tuned value]")
    def train_ner(out: Path | None, data: str, iterations: int | None, limit_sentences: int | None,
                  c1: float | None, c2: float | None, clusters: str, gazetteer: str | None,
                  vectors: bool | None, stack_folds: int | None, no_dev: bool,
                  shared: Path | None, silver: Path | None, silver_negatives: float | None,
                  silver_repeat: int | None, silver_teacher: str | None, silver_fill: str | None) -> None:
        """Train the CRF NER tagger and print its dev and test scores."""
        from rawabit.learn.ner import run_training

        report, close = _progress()
        try:
            meta = run_training(out=out, data=data, iterations=iterations, limit_sentences=limit_sentences,
                                c1=c1, c2=c2, clusters=clusters, gazetteer=gazetteer, stack_folds=stack_folds,
                                vectors=vectors, dev=not no_dev, shared=shared, progress=report,
                                silver=silver, silver_negatives=silver_negatives, silver_repeat=silver_repeat,
                                silver_teacher=silver_teacher, silver_fill=silver_fill)
        except (RawabitError, OSError) as exc:
            close()
            _fail(exc)
            return
        close()
        click.echo(f"model: {meta['path']} ({meta['model_bytes'] / 1e6:.1f} MB)")
        for split in ("dev", "test"):
            s = meta["scores"].get(split)
            if s:
                o = s["overall"]
                types = "  ".join(f"{k} {100 * v['f1']:.1f}" for k, v in s["by_type"].items())
                click.echo(f"{split}: P {100 * o['precision']:.2f}  R {100 * o['recall']:.2f}  "
                           f"F1 {100 * o['f1']:.2f}   ({types})")

    @main.command("ner-eval")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--model", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
                  help="model file (default: the packaged model)")
    def ner_eval(file: Path, model: Path | None) -> None:
        """Score the tagger on a CoNLL file (token TAG per line): entity-level P/R/F1."""
        from rawabit.learn.corpora import read_conll
        from rawabit.learn.ner_eval import evaluate_tagger
        from rawabit.ner.tagger import load_tagger

        try:
            sents = read_conll(file)
            s = evaluate_tagger(load_tagger(model), sents)
        except (RawabitError, OSError, ValueError) as exc:
            _fail(exc)
            return
        click.echo(s.table())
