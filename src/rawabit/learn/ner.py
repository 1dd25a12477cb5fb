"""``rawabit train-ner``: train the CRF tagger from the NER corpora and write the model with its metadata.

The ANERcorp CAMeL train split is cut sequentially (as the split itself was
made) into a training part and a dev slice (its last 10%); hyper-parameters
are chosen on the dev slice only. The final model is trained on the whole
train split (plus the optional extra corpora) and scored once on test.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pycrfsuite

from rawabit.errors import DataError
from rawabit.learn import corpora
from rawabit.learn.corpora import Sentence
from rawabit.learn.ner_eval import evaluate_tagger
from rawabit.ner.features import (
    FEATURES_VERSION,
    FeatureExtractor,
    Resources,
    add_features,
    doc_features,
    kb_gazetteer,
    load_clusters,
    load_gazetteer,
    load_vectors,
    package_names,
    save_gazetteer,
)
from rawabit.ner.tagger import DOC_WINDOW, Tagger, gazetteer_path, metadata_path, stage1_path

Progress = Callable[[str, int, int], None]  # (stage, done, total)

# Chosen on the dev slice of the train split: docs/ner.md lists the variants tried and their scores.
DEFAULT_C1 = 0.1
DEFAULT_C2 = 0.05
DEFAULT_ITERATIONS = 150
DEFAULT_GAZETTEER = "package"
DEFAULT_VECTORS = True
# 0: one CRF; k >= 2: two-stage stacking, first-stage tags of the training data by k-fold jackknife
# (no better than label propagation, for twice the CRF time)
DEFAULT_STACK_FOLDS = 0
DEV_SHARE = 0.1
# Silver data (--silver), chosen out of fold on the training articles: docs/ner.md.
DEFAULT_SILVER_NEGATIVES = 0.0
DEFAULT_SILVER_REPEAT = 1
TEACHER_TRAIN = "train"
DEFAULT_SILVER_TEACHER: str | None = TEACHER_TRAIN
DEFAULT_SILVER_FILL = ("LOC", "ORG", "PERS")
# What a model's metadata says of how its settings were chosen.
TUNING = {"dev": "last 10% of the ANERcorp CAMeL train split", "variants": "docs/ner.md"}
CLUSTER_ARTICLES_WHEN_LIMITED = 500  # a quick smoke run (--limit-sentences) clusters a small corpus slice


@dataclass
class TrainConfig:
    data: str = "anercorp"  # anercorp | all (adds AQMAR and the test-free part of NewsFANE)
    iterations: int = DEFAULT_ITERATIONS
    c1: float = DEFAULT_C1
    c2: float = DEFAULT_C2
    limit_sentences: int | None = None
    gazetteer: str = DEFAULT_GAZETTEER  # none | kb (the live actor KB) | package (a snapshot beside the model)
    clusters_file: str | None = None  # a JSON of word clusters (see rawabit.learn.clusters)
    vectors: bool = DEFAULT_VECTORS  # dense word vectors written with the clusters (model.vectors.json)
    min_freq: int = 1  # crfsuite feature.minfreq
    stack_folds: int = DEFAULT_STACK_FOLDS
    data_root: Path | None = None
    # silver sentences: the gold forms of annotated articles projected onto their text (learn/silver.py)
    silver: Path | None = None  # a folder of NAME.jsonl + NAME.gold.json
    silver_names: frozenset[str] | None = None  # only these articles (file stems) of it
    silver_negatives: float = DEFAULT_SILVER_NEGATIVES  # share of span-less sentences kept
    silver_repeat: int = DEFAULT_SILVER_REPEAT
    # a tagger whose entities fill what the gold forms leave untagged: "train" (one trained on the
    # corpora without silver first), a model file, or None
    silver_teacher: str | Path | None = DEFAULT_SILVER_TEACHER
    silver_fill: tuple[str, ...] = DEFAULT_SILVER_FILL  # ... the types it fills
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
    if cfg.silver is not None and not Path(cfg.silver).is_dir():
        raise DataError(str(cfg.silver), "silver folder not found (a folder of NAME.jsonl with NAME.gold.json)")
    return train, test, counts


def silver_corpus(
    cfg: TrainConfig,
    gold_sents: Sequence[Sentence],
    out: Path,
    extractor: FeatureExtractor,
    res: Resources,
    progress: Progress | None = None,
) -> list[Sentence]:
    """The silver sentences ``cfg`` asks for (see :mod:`rawabit.learn.silver`).

    With ``silver_teacher`` "train", a CRF trained on ``gold_sents`` (the corpora
    without silver) first tags the silver articles, and its entities of the types
    ``silver_fill`` fill what the gold forms leave untagged; it is then deleted.
    """
    from rawabit.learn.silver import read_silver, silver_sentences

    assert cfg.silver is not None
    teacher: Tagger | None = None
    tmp = out.with_suffix(".teacher.crfsuite")
    if cfg.silver_teacher == TEACHER_TRAIN:
        fit(gold_sents, tmp, extractor, cfg, progress)
        teacher = Tagger(tmp, resources=res)
    elif cfg.silver_teacher is not None:
        teacher = Tagger(cfg.silver_teacher)
    try:
        arts = read_silver(cfg.silver, cfg.silver_names, teacher=teacher, fill=cfg.silver_fill)
    finally:
        tmp.unlink(missing_ok=True)
    if not arts:
        raise DataError(str(cfg.silver), "no annotated article (NAME.gold.json beside its article) to project")
    return silver_sentences(arts, cfg.silver_negatives, cfg.silver_repeat)


def build_resources(cfg: TrainConfig, out: Path | None = None) -> tuple[Resources, dict[str, Any]]:
    """The feature resources of ``cfg``; a gazetteer snapshot is written beside the model ``out``."""
    res = Resources()
    meta: dict[str, Any] = {"version": FEATURES_VERSION, "gazetteer": None, "clusters_file": None}
    if cfg.clusters_file:
        res.clusters, res.clusters_id = load_clusters(cfg.clusters_file)
        meta["clusters_file"] = cfg.clusters_file
        if cfg.extra.get("model_dir") and Path(cfg.clusters_file).parent.resolve() == Path(cfg.extra["model_dir"]).resolve():
            meta["clusters_file"] = Path(cfg.clusters_file).name  # stored beside the model
        meta["clusters_id"] = res.clusters_id
        if cfg.vectors:
            from rawabit.learn.clusters import vectors_path

            vpath = vectors_path(cfg.clusters_file)
            if not vpath.exists():
                raise DataError(str(vpath), "word vectors of the clusters not found; rebuild the clusters "
                                "(--clusters build) or train with --no-vectors")
            res.vectors = load_vectors(vpath, res.clusters, res.clusters_id)
            meta["vectors_file"] = vpath.name if meta["clusters_file"] == Path(cfg.clusters_file).name else str(vpath)
            meta["vectors_id"] = res.vectors.id
    if cfg.gazetteer == "kb":
        res.gazetteer, res.gazetteer_id = kb_gazetteer()
        meta["gazetteer"] = "kb"
        meta["gazetteer_id"] = res.gazetteer_id
    elif cfg.gazetteer == "package":
        # a snapshot: the model keeps the names it was trained with while the KB evolves
        gpath = gazetteer_path(out) if out is not None else Path(cfg.extra.get("model_dir", ".")) / "gazetteer.json"
        gpath.parent.mkdir(parents=True, exist_ok=True)
        save_gazetteer(package_names(), gpath)
        res.gazetteer, res.gazetteer_id = load_gazetteer(gpath)
        meta["gazetteer"] = "package"
        meta["gazetteer_file"] = gpath.name  # beside the model
        meta["gazetteer_id"] = res.gazetteer_id
    elif cfg.gazetteer not in ("none", "", None):
        raise DataError(str(cfg.gazetteer), "unknown gazetteer (use none, kb or package)")
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
    extra: Sequence[Sequence[Sequence[str]]] | None = None,
) -> None:
    """Train a CRF on ``sents`` and write it to ``out``.

    ``extra``: more features of every token (the second stage's document features).
    """
    trainer = _Trainer(cfg.iterations, progress, verbose=False)
    for i, (toks, tags) in enumerate(sents):
        feats = extractor.sentence(toks)
        if extra is not None:
            for a, b in zip(feats, extra[i], strict=True):
                add_features(a, b)
        trainer.append(feats, tags)
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


def jackknife_tags(
    sents: Sequence[Sentence],
    folds: int,
    tmp: Path,
    res: Resources,
    cfg: TrainConfig,
    progress: Progress | None = None,
) -> list[list[str]]:
    """First-stage tags of ``sents``, each block of consecutive sentences tagged by a CRF trained on the others.

    The second stage then learns from first-stage tags as wrong as they are on
    unseen text, not from tags of text the first CRF was trained on.
    """
    n = len(sents)
    bounds = [n * k // folds for k in range(folds + 1)]
    tags: list[list[str]] = []
    extractor = FeatureExtractor(res)
    for k in range(folds):
        lo, hi = bounds[k], bounds[k + 1]
        if progress:
            progress("jackknife", k, folds)
        fit([*sents[:lo], *sents[hi:]], tmp, extractor, cfg)
        crf = Tagger(tmp, resources=res)
        tags.extend(crf.tag(toks) for toks, _ in sents[lo:hi])
        tmp.unlink(missing_ok=True)
    return tags


def fit_model(
    sents: Sequence[Sentence],
    out: Path,
    extractor: FeatureExtractor,
    res: Resources,
    cfg: TrainConfig,
    progress: Progress | None = None,
) -> Path | None:
    """Train the model at ``out`` (one CRF, or a stacked pair); returns the first stage's path if stacked."""
    if cfg.stack_folds < 2:
        fit(sents, out, extractor, cfg, progress)
        return None
    s1 = stage1_path(out)
    first = jackknife_tags(sents, cfg.stack_folds, out.with_suffix(".fold.crfsuite"), res, cfg, progress)
    fit(sents, s1, extractor, cfg, progress)
    stems = [[extractor.token(t)[3] for t in toks] for toks, _ in sents]
    fit(sents, out, extractor, cfg, progress, extra=doc_features(stems, first, DOC_WINDOW))
    return s1


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
    res, feat_meta = build_resources(cfg, out)
    if cfg.gazetteer != "package":
        gazetteer_path(out).unlink(missing_ok=True)  # a stale snapshot of an earlier model
    extractor = FeatureExtractor(res)
    if cfg.silver is not None:
        silver = silver_corpus(cfg, anercorp_train + extra_sents, out, extractor, res, progress)
        if cfg.limit_sentences:
            silver = silver[: cfg.limit_sentences]
        counts["silver"] = len(silver)
        extra_sents = extra_sents + silver
    result: dict[str, Any] = {}
    if dev:
        part, dev_sents = split_dev(anercorp_train)
        tmp = out.with_suffix(".dev.crfsuite")
        s1 = fit_model(part + extra_sents, tmp, extractor, res, cfg, progress)
        tagger = Tagger(tmp, resources=res, stage1=s1)
        result["dev"] = evaluate_tagger(tagger, dev_sents).as_dict()
        tmp.unlink(missing_ok=True)
        if s1 is not None:
            s1.unlink(missing_ok=True)
    full = anercorp_train + extra_sents
    s1 = fit_model(full, out, extractor, res, cfg, progress)
    if s1 is not None:
        feat_meta["stage1"] = s1.name  # beside the model
        feat_meta["stacking"] = {"folds": cfg.stack_folds, "window": DOC_WINDOW}
    else:
        stage1_path(out).unlink(missing_ok=True)  # a stale first stage of an earlier stacked model
    meta = {
        "name": "rawabit-ner-crf",
        "created": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "training_data": {
            "anercorp": "ANERcorp CAMeL Lab split, train (Benajiba et al. 2007; Obeid et al. 2020)",
            "sentences": {**counts, "used": len(full)},
            "data": cfg.data,
            "limit_sentences": cfg.limit_sentences,
            **({"silver": {"folder": Path(cfg.silver).name, "articles": len(cfg.silver_names)
                           if cfg.silver_names is not None else "all",
                           "negatives": cfg.silver_negatives, "repeat": cfg.silver_repeat,
                           "teacher": (None if cfg.silver_teacher is None else cfg.silver_teacher
                                       if cfg.silver_teacher == TEACHER_TRAIN else Path(cfg.silver_teacher).name),
                           "fill": list(cfg.silver_fill) if cfg.silver_teacher else [],
                           "method": "gold arabic forms projected onto the articles (rawabit.learn.silver)"}}
               if cfg.silver is not None else {}),
        },
        "features": feat_meta,
        "crf": {"algorithm": "lbfgs", "c1": cfg.c1, "c2": cfg.c2, "iterations": cfg.iterations,
                "possible_transitions": True, "minfreq": cfg.min_freq, "stack_folds": cfg.stack_folds},
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
    gazetteer: str | None = None,
    stack_folds: int | None = None,
    vectors: bool | None = None,
    dev: bool = True,
    shared: Path | None = None,
    progress: Progress | None = None,
    silver: Path | None = None,
    silver_negatives: float | None = None,
    silver_repeat: int | None = None,
    silver_teacher: str | None = None,
    silver_fill: str | None = None,
) -> dict[str, Any]:
    """What ``rawabit train-ner`` does: (re)build clusters if asked, train, score."""
    from rawabit.learn.clusters import build_clusters
    from rawabit.learn.corpora import corpus_path
    from rawabit.ner.tagger import PACKAGED_MODEL

    out = Path(out) if out else PACKAGED_MODEL
    cfg = TrainConfig(data=data, limit_sentences=limit_sentences, data_root=shared)
    if gazetteer is not None:
        cfg.gazetteer = gazetteer
    if stack_folds is not None:
        cfg.stack_folds = stack_folds
    if vectors is not None:
        cfg.vectors = vectors
    cfg.silver = silver
    if silver_negatives is not None:
        cfg.silver_negatives = silver_negatives
    if silver_repeat is not None:
        cfg.silver_repeat = silver_repeat
    if silver_teacher is not None:
        cfg.silver_teacher = None if silver_teacher == "none" else silver_teacher
    if silver_fill is not None:
        fill = tuple(t.strip().upper() for t in silver_fill.split(",") if t.strip())
        bad = sorted(set(fill) - {"LOC", "ORG", "PERS", "MISC"})
        if bad or not fill:
            raise DataError(silver_fill, "--silver-fill takes entity types among LOC, ORG, PERS, MISC")
        cfg.silver_fill = fill
    if clusters == "none":
        cfg.vectors = False  # the vectors come with the clusters
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
