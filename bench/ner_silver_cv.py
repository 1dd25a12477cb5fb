"""Out-of-fold measure of the NER tagger retrained with silver data (issue 20, 3b).

The training articles are cut into 5 folds (file stems sorted, shuffled with
``random.Random(13)``, article i of that order in fold i % 5). For fold k, a
tagger is trained on ANERcorp + the silver sentences of the other four folds
(``rawabit.learn.silver``), extraction runs on fold k with it, and per article:

- candidate recall: gold actor entries matched by some actor found before the
  salience stage (``GoldActors.match``: English name, or Arabic form for an actor
  the KB does not know), over all gold entries;
- provisional actors found, those matching a gold entry and those matching none
  (spurious);
- the full pipeline's actor and relation P/R/F1 (``rawabit.evaluate.score_document``);
- the fold model's ANERcorp CAMeL test F1.

The shipped tagger (trained on ANERcorp alone) is scored on the same folds.

Out of fold means no gold of fold k reaches its extraction through the tagger
or the knowledge base: the packaged actor file learned from the training gold
(``rawabit.learn.kb.OUT_NAME``) is left out, and built anew from the other four
folds' gold files (``rawabit.learn.kb.build``, as ``rawabit.learn.folds.kb_learned_from``
does for ``eval --folds``, with the same SaudiNewsNet corpus); it is kept in
``--work/kb/foldK``, and every variant, the shipped tagger's included, extracts
fold k with that same knowledge base. A fold's tagger is trained with the gazetteer
snapshot of that knowledge base too (the hand-made actor files and the fold's
learned file), never with names from fold k's gold. The relation and salience models and the
pair priors are the shipped ones, trained on all the training gold: the relation
figures are the same for every variant in that respect, so they compare taggers,
but they are not an out-of-fold estimate of the shipped system (``rawabit eval
--folds`` is).

    python bench/ner_silver_cv.py [--train ../shared/data/train] [--variants shipped,spans,...]
                                  [--jobs 2] [--work /tmp/ner-silver-cv2]

Fold models and per-fold scores are kept in ``--work``: a rerun only trains
and scores what is missing. Variants: ``shipped``, and silver ones named
``spans`` (sentences with a silver span only), ``negNN`` (plus NN% of the
span-less sentences), ``all`` (every sentence), with ``xN`` for N repetitions
(``spans-x2``), ``-fill`` for places filled in by the shipped tagger
(``spans-fill``; it was trained on ANERcorp alone, so no gold of fold k reaches it), ``-fillall``
for its places, organisations and people.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TRAIN = ROOT.parent / "shared" / "data" / "train"
FOLDS = 5
SEED = 13


def folds(train: Path) -> list[list[str]]:
    """File stems of the annotated articles of ``train`` per fold."""
    from rawabit.gold import gold_pairs

    names = sorted(g.name[: -len(".gold.json")] for _, g in gold_pairs(train))
    random.Random(SEED).shuffle(names)
    out: list[list[str]] = [[] for _ in range(FOLDS)]
    for i, n in enumerate(names):
        out[i % FOLDS].append(n)
    return out


def variant_options(name: str) -> dict[str, Any]:
    """``spans`` / ``negNN`` / ``all``, optionally ``-xN`` and ``-fill``: silver negatives share,
    repetitions, and places filled in by the shipped (ANERcorp) tagger."""
    fill = ("LOC", "ORG", "PERS") if name.endswith("-fillall") else ("LOC",) if name.endswith("-fill") else ()
    base, _, rep = name.removesuffix("-fillall").removesuffix("-fill").partition("-x")
    if base == "spans":
        neg = 0.0
    elif base == "all":
        neg = 1.0
    elif base.startswith("neg"):
        neg = int(base[3:]) / 100
    else:
        raise SystemExit(f"unknown variant {name!r}")
    return {"negatives": neg, "repeat": int(rep) if rep else 1, "fill": fill}


def fold_kb(k: int, train: Path, work: Path) -> Any:
    """The knowledge base for extracting fold ``k``: the packaged one with its actor file learned
    from the training gold rebuilt from the other folds' gold only (cached in ``work``)."""
    from rawabit.gold import gold_pairs
    from rawabit.kb import load
    from rawabit.learn import kb
    from rawabit.learn.corpora import corpus_path

    path = work / "kb" / f"fold{k}" / kb.OUT_NAME
    if not path.exists():
        held = set(folds(train)[k])
        gold_files = [g for _, g in gold_pairs(train) if g.name[: -len(".gold.json")] not in held]
        corpus = corpus_path()
        texts = list(kb.corpus_texts(corpus)) if corpus.exists() else []
        built = kb.build(kb.read_docs(gold_files), kb.base_kb(), texts)
        path.parent.mkdir(parents=True, exist_ok=True)
        kb.write_actor_file(built, path)
        print(f"knowledge base of fold {k}: {len(built.entries)} learned entries", file=sys.stderr, flush=True)
    return load(extra=[path], exclude=[kb.OUT_NAME])


def train_fold(variant: str, k: int, train: Path, work: Path) -> dict[str, Any]:
    """Train the variant's tagger without fold ``k`` (kept in ``work``); its metadata."""
    from rawabit.learn.ner import TrainConfig
    from rawabit.learn.ner import train as train_model
    from rawabit.ner.tagger import PACKAGED_MODEL

    out = work / variant / f"fold{k}" / "model.crfsuite"
    meta_file = out.with_suffix(".json")
    if meta_file.exists() and out.exists():
        return json.loads(meta_file.read_text(encoding="utf-8"))
    opts = variant_options(variant)
    parts = folds(train)
    cfg = TrainConfig(clusters_file=str(PACKAGED_MODEL.with_name("model.clusters.json")), silver=train,
                      silver_names=frozenset(n for j, f in enumerate(parts) if j != k for n in f),
                      silver_negatives=opts["negatives"], silver_repeat=opts["repeat"],
                      silver_teacher=PACKAGED_MODEL if opts["fill"] else None, silver_fill=opts["fill"] or ("LOC",))
    cfg.extra["model_dir"] = str(out.parent)
    # the tagger's gazetteer snapshot (the package's names) must not know fold k's gold names
    # either: the hand-made actor files and the fold's learned file only
    from rawabit.kb import loader
    from rawabit.learn import kb

    fold_file = work / "kb" / f"fold{k}" / kb.OUT_NAME
    fold_kb(k, train, work)
    shipped_files = loader.packaged_files
    loader.packaged_files = lambda: [*(f for f in shipped_files() if f.name != kb.OUT_NAME), fold_file]
    t0 = time.perf_counter()
    try:
        meta = train_model(cfg, out, dev=False)
    finally:
        loader.packaged_files = shipped_files
    meta["train_seconds"] = round(time.perf_counter() - t0, 1)
    meta_file.write_text(json.dumps(meta, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"trained {variant} fold {k} in {meta['train_seconds']:.0f} s", file=sys.stderr, flush=True)
    return meta


def score_fold(variant: str, k: int, train: Path, work: Path) -> dict[str, Any]:
    """Extraction of fold ``k`` with the variant's tagger, scored against gold."""
    from rawabit.evaluate import score_document
    from rawabit.gold import GoldActors, gold_article, gold_pairs, read_gold
    from rawabit.pipeline import Pipeline

    dest = work / variant / f"fold{k}" / "scores.json"
    if dest.exists():
        return json.loads(dest.read_text(encoding="utf-8"))
    model = True if variant == "shipped" else work / variant / f"fold{k}" / "model.crfsuite"
    pipe = Pipeline(ner=model, kb=fold_kb(k, train, work))
    salience = pipe.stage("salience")
    keep = set(folds(train)[k])
    c: dict[str, int] = dict.fromkeys(("gold", "found", "prov", "prov_matched", "spurious", "ner_only",
                                       "a_tp", "a_fp", "a_fn", "r_tp", "r_fp", "r_fn"), 0)
    spurious: list[str] = []
    t0 = time.perf_counter()
    for art_path, gold_path in gold_pairs(train):
        if gold_path.name[: -len(".gold.json")] not in keep:
            continue
        raw = gold_article(art_path)
        if raw is None:
            continue
        gold = read_gold(gold_path)
        ga = GoldActors(gold)
        art = pipe.run_raw(raw, until="salience")
        by_kb: set[str] = set()
        by_prov: set[str] = set()
        for a in art.actors:
            hits = ga.match(a.name_en, a.name_ar)
            (by_prov if a.provisional else by_kb).update(hits)
            if a.provisional:
                c["prov"] += 1
                if hits:
                    c["prov_matched"] += 1
                else:
                    c["spurious"] += 1
                    spurious.append(a.name_ar)
        c["gold"] += len(ga.entries)
        c["found"] += len(by_kb | by_prov)
        c["ner_only"] += len(by_prov - by_kb)
        s = score_document(art_path.name, salience(art), gold)
        for key, cnt in (("a", s.actors), ("r", s.relations)):
            c[f"{key}_tp"] += cnt.tp
            c[f"{key}_fp"] += cnt.fp
            c[f"{key}_fn"] += cnt.fn
    out = {"counts": c, "spurious": spurious, "extract_seconds": round(time.perf_counter() - t0, 1)}
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"scored {variant} fold {k}", file=sys.stderr, flush=True)
    return out


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def ner_test(meta: dict[str, Any]) -> dict[str, float]:
    o = meta["scores"]["test"]["overall"]
    return {"p": o["precision"], "r": o["recall"], "f1": o["f1"]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", type=Path, default=TRAIN)
    ap.add_argument("--variants", default="shipped,spans")
    ap.add_argument("--jobs", type=int, default=2, help="fold models trained at once")
    ap.add_argument("--work", type=Path, default=Path("/tmp/ner-silver-cv2"))
    ap.add_argument("--json", type=Path, default=None, help="write the table's figures here")
    ap.add_argument("--folds", default=None, help="score only these folds (e.g. 0,1: a quicker screen)")
    args = ap.parse_args()
    variants = args.variants.split(",")
    which = [int(k) for k in args.folds.split(",")] if args.folds else list(range(FOLDS))
    metas: dict[tuple[str, int], dict[str, Any]] = {}
    rows = {}
    for v in variants:  # one variant after the other, so that a cut-short run leaves whole variants
        if v != "shipped":
            with ProcessPoolExecutor(max_workers=args.jobs) as pool:
                futs = {pool.submit(train_fold, v, k, args.train, args.work): (v, k) for k in which}
                for f, key in futs.items():
                    metas[key] = f.result()
        tot: dict[str, int] = {}
        for k in which:
            sc = score_fold(v, k, args.train, args.work)
            for key, n in sc["counts"].items():
                tot[key] = tot.get(key, 0) + n
        if v == "shipped":
            from rawabit.ner.tagger import PACKAGED_MODEL

            meta = json.loads(PACKAGED_MODEL.with_suffix(".json").read_text(encoding="utf-8"))
            test = [ner_test(meta)]
            secs = None
            sents = meta["training_data"]["sentences"].get("used")
        else:
            test = [ner_test(metas[(v, k)]) for k in which]
            secs = sum(metas[(v, k)]["train_seconds"] for k in which) / len(which)
            sents = sum(metas[(v, k)]["training_data"]["sentences"]["used"] for k in which) / len(which)
        ap_, ar, af = _prf(tot["a_tp"], tot["a_fp"], tot["a_fn"])
        rp, rr, rf = _prf(tot["r_tp"], tot["r_fp"], tot["r_fn"])
        rows[v] = {
            "anercorp_test_f1": sum(t["f1"] for t in test) / len(test),
            "anercorp_test_p": sum(t["p"] for t in test) / len(test),
            "anercorp_test_r": sum(t["r"] for t in test) / len(test),
            "candidate_recall": tot["found"] / tot["gold"], "gold": tot["gold"], "found": tot["found"],
            "ner_only": tot["ner_only"], "provisional": tot["prov"], "prov_matched": tot["prov_matched"],
            "spurious": tot["spurious"], "actors": (ap_, ar, af), "relations": (rp, rr, rf),
            "train_seconds": secs, "training_sentences": sents,
        }
    print(f"{'variant':<12} {'ANER P':>7} {'R':>6} {'F1':>6} | {'cand.rec':>8} {'found':>6} {'NER-only':>8} "
          f"{'prov':>5} {'prov ok':>7} {'spur.':>5} | {'act P':>6} {'R':>6} {'F1':>6} | {'rel P':>6} {'R':>6} "
          f"{'F1':>6} | {'train s':>7} {'sents':>6}")
    for v, r in rows.items():
        secs = f"{r['train_seconds']:.0f}" if r["train_seconds"] else "-"
        print(f"{v:<12} {100 * r['anercorp_test_p']:7.2f} {100 * r['anercorp_test_r']:6.2f} "
              f"{100 * r['anercorp_test_f1']:6.2f} | {r['candidate_recall']:8.4f} {r['found']:6d} {r['ner_only']:8d} "
              f"{r['provisional']:5d} {r['prov_matched']:7d} {r['spurious']:5d} | "
              + " ".join(f"{x:6.3f}" for x in r["actors"]) + " | " + " ".join(f"{x:6.3f}" for x in r["relations"])
              + f" | {secs:>7} {r['training_sentences']:6.0f}")
    print(f"folds {','.join(map(str, which))}; gold actor entries: {next(iter(rows.values()))['gold']}; ANERcorp "
          "test figures of a silver variant are the mean over its fold models; train s = mean seconds per fold model")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
