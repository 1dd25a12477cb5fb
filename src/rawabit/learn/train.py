"""``rawabit train``: rebuild the shipped learned models from the shared data, deterministically.

Steps, in order (each reads what the ones before wrote):

1. ``kb``: ``data/actors/60-train-gold.yaml``, the actors of the training set's gold
   files that the hand-made actor files lack (:mod:`.kb`);
2. ``priors``: the corpus part of ``data/pair_priors.json`` — how often the trigger
   rules relate two actors over the unlabelled corpus (:mod:`.priors`);
3. ``models``: the pair model (``data/pair_model.json``), the actor-listing model
   (``data/salience_model.json``) and the gold part of the priors, trained on the
   annotated folders, thresholds chosen out of fold (:mod:`.pairs`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rawabit.data import data_path
from rawabit.extraction import pairs as pair_stage
from rawabit.extraction import salience as salience_stage
from rawabit.extraction.pairs import PairPriors
from rawabit.kb import load
from rawabit.learn import kb
from rawabit.learn.corpora import corpus_path
from rawabit.learn.folds import kb_learned_from
from rawabit.learn.pairs import annotated_files, cross_fitted, reading_pipeline, train_models
from rawabit.learn.priors import build_corpus_priors

Progress = Callable[[str, int, int], None]
STEPS = ("kb", "priors", "models")
CORPUS_ARTICLES = 31013  # records of the shared corpus (for the progress line)


def default_folders(shared: Path) -> list[Path]:
    """The annotated articles ``rawabit train`` learns from: the training set and the dev set."""
    return [shared / "data" / "train", shared / "data" / "dev"]


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True), encoding="utf-8")
    tmp.replace(path)  # a crash leaves the old file whole


def train_all(folders: Sequence[Path], shared: Path, steps: Sequence[str] = STEPS, out_dir: Path | None = None,
              corpus_limit: int | None = None, progress: Progress | None = None) -> dict[str, Any]:
    """Run ``steps`` and write their files into ``out_dir`` (the package's data folder by
    default); returns what each step measured."""
    out = Path(out_dir) if out_dir else data_path("")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OSError(f"{out}: cannot create the output folder ({exc.strerror or exc})") from exc
    priors_path = out / pair_stage.PRIORS_FILE
    report: dict[str, Any] = {}
    actor_file = (out / "actors" / kb.OUT_NAME) if out_dir is None else out / kb.OUT_NAME
    if "kb" in steps:
        t0 = time.perf_counter()
        if progress:
            progress("actors of the training set", 0, 1)
        gold_docs = kb.read_docs(sorted((shared / "data" / "train").glob("*.gold.json")))
        built = kb.build(gold_docs, kb.base_kb(), kb.corpus_texts(corpus_path(shared)))
        kb.write_actor_file(built, actor_file)
        report["kb"] = {"file": str(actor_file), "summary": kb.summary(len(gold_docs), built.report),
                        "seconds": round(time.perf_counter() - t0, 1)}
    # the knowledge base the later steps read: the packaged files with the actor file just written
    knowledge = (load(extra=[actor_file], exclude=[kb.OUT_NAME]) if actor_file.exists()
                 else load(exclude=[kb.OUT_NAME]))
    rules = reading_pipeline(knowledge)
    if "priors" in steps:
        t0 = time.perf_counter()
        corpus = build_corpus_priors(corpus_path(shared), rules, corpus_limit, progress, corpus_limit or CORPUS_ARTICLES)
        old = json.loads(priors_path.read_text(encoding="utf-8")) if priors_path.exists() else {}
        _write_json(priors_path, {"corpus": corpus, "gold": old.get("gold", {})})
        report["priors"] = {"articles": corpus["meta"]["articles"], "pairs": len(corpus["cooccur"]),
                            "relations": len(corpus["relations"]), "seconds": round(time.perf_counter() - t0, 1)}
    if "models" in steps:
        t0 = time.perf_counter()
        # the corpus priors of the priors step: this run's, or else the packaged ones
        source = priors_path if priors_path.exists() else data_path(pair_stage.PRIORS_FILE)
        if source.exists():
            d = json.loads(source.read_text(encoding="utf-8"))
            corpus_priors = PairPriors(d.get("corpus", {}), {})
        else:
            d, corpus_priors = {}, PairPriors.empty()
        # each article extracted with the actors learned from the others' gold, as a new one is
        kb_for = kb_learned_from(corpus_path(shared))
        docs = cross_fitted(annotated_files(folders), kb_for, corpus_priors, progress=progress)
        trained = train_models(docs, corpus_priors, 5, progress=progress)
        trained.pairs.meta.update({"trained_on": [f.name for f in folders], "clusters": _clusters_id()})
        trained.pairs.save(out / pair_stage.MODEL_FILE)
        trained.salience.save(out / salience_stage.MODEL_FILE)
        _write_json(priors_path, {"corpus": d.get("corpus", {}), "gold": trained.counts.to_json()})
        report["models"] = {"documents": len(docs), "corpus_priors_from": str(source),
                            "thresholds": trained.pairs.thresholds,
                            "salience_threshold": trained.salience.threshold,
                            "inner_out_of_fold_relations": trained.inner.as_dict(),
                            "seconds": round(time.perf_counter() - t0, 1)}
    pair_stage.load_model.cache_clear()
    pair_stage.load_priors.cache_clear()
    salience_stage.load_model.cache_clear()
    return report


def _clusters_id() -> str | None:
    return pair_stage.word_clusters()[1]
