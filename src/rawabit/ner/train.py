"""Train the CRF tagger from the NER corpora and write the model with its metadata.

The ANERcorp CAMeL train split is cut sequentially (as the split itself was
made) into a training part and a dev slice (its last 10%); hyper-parameters
are chosen on the dev slice only. The final model is trained on the whole
train split (plus the optional extra corpora) and scored once on test.
"""

from __future__ import annotations

import datetime as _dt
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycrfsuite

from rawabit.errors import DataError
from rawabit.ner import corpora
from rawabit.ner.corpora import Sentence
from rawabit.ner.evaluate import Score, score
from rawabit.ner.features import FEATURES_VERSION, FeatureExtractor, Resources, kb_gazetteer, load_clusters
from rawabit.ner.tagger import Tagger, metadata_path

Progress = Callable[[str, int, int], None]  # (stage, done, total)

# Chosen on the dev slice of the train split (see model.json "tuning").
DEFAULT_C1 = 0.1
DEFAULT_C2 = 0.01
DEFAULT_ITERATIONS = 150
DEV_SHARE = 0.1
# Dev-slice entity F1 of the variants tried (150 L-BFGS iterations unless said);
# recorded in model.json so the choice can be checked and redone.
TUNING = {
    "dev": "last 10% of the ANERcorp CAMeL train split (397 sentences, 12,355 tokens)",
    "runs": [
        {"c1": 0.05, "c2": 0.05, "iterations": 100, "clusters": None, "dev_f1": 64.97},
        {"c1": 0.1, "c2": 0.01, "clusters": None, "dev_f1": 65.36},
        {"c1": 0.01, "c2": 0.1, "clusters": None, "dev_f1": 62.85},
        {"c1": 0.1, "c2": 0.01, "clusters": "60k words, k 64/256/1024", "dev_f1": 68.14},
        {"c1": 0.05, "c2": 0.01, "iterations": 300, "clusters": "60k, 64/256/1024", "dev_f1": 67.91},
        {"c1": 0.1, "c2": 0.01, "clusters": "60k, 64/256/1024", "data": "+AQMAR", "dev_f1": 66.48},
        {"c1": 0.1, "c2": 0.01, "clusters": "60k, 64/256/1024", "features": "+p4/s4, stem bigrams",
         "dev_f1": 68.36},
        {"c1": 0.25, "c2": 0.001, "clusters": "60k, 64/256/1024", "dev_f1": 67.76},
        {"c1": 0.1, "c2": 0.01, "clusters": "60k, 64/256/1024", "data": "+NewsFANE (no test/dev text)",
         "dev_f1": 66.78},
        {"c1": 0.1, "c2": 0.01, "clusters": "100k words, k 64/256/1024/2048", "dev_f1": 69.74,
         "chosen": True},
    ],
    "propagation": "label propagation of tagged names within ±20 sentences, names of 3+ letters: "
                   "dev F1 68.36 -> 70.33 on the +p4/s4 run (windows 5-40 and 3/5 letters tried: 69.5-70.3)",
}
CLUSTER_ARTICLES_WHEN_LIMITED = 500  # a quick smoke run (--limit-sentences) clusters a small corpus slice


@dataclass
class TrainConfig:
    data: str = "anercorp"  # anercorp | all (adds AQMAR and the test-free part of NewsFANE)
    iterations: int = DEFAULT_ITERATIONS
    c1: float = DEFAULT_C1
    c2: float = DEFAULT_C2
    limit_sentences: int | None = None
    gazetteer: bool = False
    clusters_file: str | None = None  # a JSON of word clusters (see rawabit.ner.clusters)
    min_freq: int = 1  # crfsuite feature.minfreq
    data_root: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def split_dev(sents: Sequence[Sentence], share: float = DEV_SHARE) -> tuple[list[Sentence], list[Sentence]]:
    """Sequential train/dev cut of the train split (last ``share`` of sentences to dev)."""
    cut = int(len(sents) * (1 - share))
    return list(sents[:cut]), list(sents[cut:])


def load_corpora(cfg: TrainConfig) -> tuple[list[Sentence], list[Sentence], dict[str, int]]:
    """``(training sentences, test sentences, sentence counts per source)``."""
    paths = corpora.default_paths(cfg.data_root)
    for key in ("train", "test"):
        if not paths[key].exists():
            raise DataError(str(paths[key]), "ANERcorp split not found (expected under shared/data/ner)")
    train = corpora.read_anercorp(paths["train"])
    test = corpora.read_anercorp(paths["test"])
    counts = {"anercorp_train": len(train)}
    if cfg.data == "all":
        aq = corpora.read_aqmar(paths["aqmar"]) if paths["aqmar"].exists() else []
        # NewsFANE re-tags the ANERcorp text: never let a test sentence in.
        nf = corpora.read_newsfane(paths["newsfane"], exclude=test) if paths["newsfane"].exists() else []
        counts.update(aqmar=len(aq), newsfane=len(nf))
        train = train + aq + nf
    elif cfg.data != "anercorp":
        raise DataError(cfg.data, "unknown --data (use anercorp or all)")
    return train, test, counts


def build_resources(cfg: TrainConfig) -> tuple[Resources, dict[str, Any]]:
    res = Resources()
    meta: dict[str, Any] = {"version": FEATURES_VERSION, "gazetteer": None, "clusters_file": None}
    if cfg.clusters_file:
        res.clusters, res.clusters_id = load_clusters(cfg.clusters_file)
        meta["clusters_file"] = cfg.clusters_file
        if cfg.extra.get("model_dir") and Path(cfg.clusters_file).parent.resolve() == Path(cfg.extra["model_dir"]).resolve():
            meta["clusters_file"] = Path(cfg.clusters_file).name  # stored beside the model
        meta["clusters_id"] = res.clusters_id
    if cfg.gazetteer:
        res.gazetteer, res.gazetteer_id = kb_gazetteer()
        meta["gazetteer"] = "kb"
        meta["gazetteer_id"] = res.gazetteer_id
    return res, meta


class _Trainer(pycrfsuite.Trainer):
    def __init__(self, total: int, progress: Progress | None, **kw: Any) -> None:
        super().__init__(**kw)
        self._total = total
        self._progress = progress

    def message(self, s: str) -> None:
        # crfsuite's log is parsed here instead of printed (verbose would print it)
        if self.logparser.feed(s) == "iteration" and self._progress and self.logparser.last_iteration:
            self._progress("train", int(self.logparser.last_iteration.get("num", 0)), self._total)


def fit(
    sents: Sequence[Sentence],
    out: str | Path,
    extractor: FeatureExtractor,
    cfg: TrainConfig,
    progress: Progress | None = None,
) -> None:
    """Train a CRF on ``sents`` and write it to ``out``."""
    trainer = _Trainer(cfg.iterations, progress, verbose=False)
    for i, (toks, tags) in enumerate(sents):
        trainer.append(extractor.sentence(toks), tags)
        if progress and i % 200 == 0:
            progress("features", i, len(sents))
    trainer.set_params({
        "c1": cfg.c1,
        "c2": cfg.c2,
        "max_iterations": cfg.iterations,
        "feature.possible_transitions": True,
        "feature.minfreq": cfg.min_freq,
    })
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(out))


def evaluate_tagger(tagger: Tagger, sents: Sequence[Sentence], propagate: bool = True) -> Score:
    """Tag ``sents`` (consecutive sentences) and score them; the timing covers features and decoding."""
    t0 = time.perf_counter()
    pred = tagger.tag_sents([toks for toks, _ in sents]) if propagate else [tagger.tag(t) for t, _ in sents]
    elapsed = time.perf_counter() - t0
    s = score([tags for _, tags in sents], pred)
    s.seconds = elapsed
    return s


def train(cfg: TrainConfig, out: str | Path, progress: Progress | None = None, dev: bool = True) -> dict[str, Any]:
    """Rebuild the model at ``out`` (and ``out`` with ``.json``); returns its metadata.

    With ``dev`` the model is first trained without the dev slice and scored on
    it, then retrained on everything.
    """
    out = Path(out)
    train_sents, test_sents, counts = load_corpora(cfg)
    anercorp_train = train_sents[: counts["anercorp_train"]]
    extra_sents = train_sents[counts["anercorp_train"]:]
    if cfg.limit_sentences:
        anercorp_train = anercorp_train[: cfg.limit_sentences]
        extra_sents = extra_sents[: cfg.limit_sentences]
    res, feat_meta = build_resources(cfg)
    extractor = FeatureExtractor(res)
    result: dict[str, Any] = {}
    if dev:
        part, dev_sents = split_dev(anercorp_train)
        tmp = out.with_suffix(".dev.crfsuite")
        fit(part + extra_sents, tmp, extractor, cfg, progress)
        tagger = Tagger(tmp, resources=res)
        result["dev"] = evaluate_tagger(tagger, dev_sents).as_dict()
        tmp.unlink(missing_ok=True)
    full = anercorp_train + extra_sents
    fit(full, out, extractor, cfg, progress)
    meta = {
        "name": "rawabit-ner-crf",
        "created": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "training_data": {
            "anercorp": "ANERcorp CAMeL Lab split, train (Benajiba et al. 2007; Obeid et al. 2020)",
            "sentences": {**counts, "used": len(full)},
            "data": cfg.data,
            "limit_sentences": cfg.limit_sentences,
        },
        "features": feat_meta,
        "crf": {"algorithm": "lbfgs", "c1": cfg.c1, "c2": cfg.c2, "iterations": cfg.iterations,
                "possible_transitions": True, "minfreq": cfg.min_freq},
        "tuning": TUNING,
        **{k: v for k, v in cfg.extra.items() if k != "model_dir"},
    }
    metadata_path(out).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    tagger = Tagger(out, resources=res)
    result["test"] = evaluate_tagger(tagger, test_sents).as_dict()
    meta["scores"] = {**result, "note": "entity-level micro P/R/F1, CoNLL exact match; "
                      "dev = last 10% of the train split, test = ANERcorp CAMeL test split"}
    meta["model_bytes"] = out.stat().st_size
    metadata_path(out).write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    return meta


def run_training(
    out: str | Path | None = None,
    data: str = "anercorp",
    iterations: int | None = None,
    limit_sentences: int | None = None,
    c1: float | None = None,
    c2: float | None = None,
    clusters: str = "build",
    gazetteer: bool = False,
    dev: bool = True,
    shared: Path | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """What ``rawabit train-ner`` does: (re)build clusters if asked, train, score."""
    from rawabit.ner.clusters import build_clusters, corpus_path
    from rawabit.ner.tagger import PACKAGED_MODEL

    out = Path(out) if out else PACKAGED_MODEL
    cfg = TrainConfig(data=data, limit_sentences=limit_sentences, gazetteer=gazetteer, data_root=shared)
    if iterations:
        cfg.iterations = iterations
    if c1 is not None:
        cfg.c1 = c1
    if c2 is not None:
        cfg.c2 = c2
    cfg.extra["model_dir"] = str(out.parent)
    if clusters == "build":
        corpus = corpus_path(shared)
        if not corpus.exists():
            raise DataError(str(corpus), "unlabelled corpus for word clusters not found; pass --clusters none")
        cpath = out.with_name(out.stem + ".clusters.json")
        out.parent.mkdir(parents=True, exist_ok=True)
        build_clusters(corpus, cpath, progress=progress,
                       limit_articles=CLUSTER_ARTICLES_WHEN_LIMITED if limit_sentences else None)
        cfg.clusters_file = str(cpath)
    elif clusters != "none":
        cfg.clusters_file = str(Path(clusters).resolve())
    meta = train(cfg, out, progress=progress, dev=dev)
    meta["path"] = str(out)
    return meta
