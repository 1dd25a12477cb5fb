"""What the training-set actor file (``data/actors/60-train-gold.yaml``) changes on unlabelled
text: extraction (as ``rawabit extract`` runs it: rules, tagger and the shipped relation model)
over the first N records of the SaudiNewsNet corpus, with the packaged knowledge base without
the file and with it. Prints the mentions, actors and relations of each run, and a seeded
random sample of the mentions only the second run has, in context, to be judged by hand.

    python bench/kb_enrichment_corpus.py [--corpus FILE] [--limit 6000] [--sample 40] [--seed 13]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

from rawabit.kb import load
from rawabit.learn.corpora import shared_dir
from rawabit.model import Article, RawArticle
from rawabit.pipeline import Pipeline

OUT_NAME = "60-train-gold.yaml"


def records(path: Path, limit: int) -> list[RawArticle]:
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if len(out) >= limit:
                break
            d = json.loads(line)
            out.append(RawArticle(text=d["text"], title=d.get("title"), published=d.get("published"),
                                  source=d.get("url"), id=d.get("id")))
    return out


def run(pipeline: Pipeline, raws: list[RawArticle]) -> list[Article]:
    return [pipeline.run_raw(r) for r in raws]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=shared_dir() / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz")
    ap.add_argument("--limit", type=int, default=6000)
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=13)
    args = ap.parse_args(argv)
    raws = records(args.corpus, args.limit)
    runs = {}
    for name, kb in (("without", load(exclude=[OUT_NAME])), ("with", load())):
        t = time.perf_counter()
        runs[name] = run(Pipeline(kb=kb), raws)
        print(f"{name} {OUT_NAME}: {len(raws)} articles in {time.perf_counter() - t:.0f} s", file=sys.stderr)
    kb = load()
    from_file = {aid for aid, e in kb.actors.items() if any(o.endswith(OUT_NAME) for o in e.origin)}
    new_ids = {aid for aid in from_file if OUT_NAME in kb.actors[aid].origin[0]}
    for name, arts in runs.items():
        m = sum(len(a.mentions) for a in arts)
        ac = sum(len(a.actors) for a in arts)
        r = sum(len(a.relations) for a in arts)
        print(f"{name:8s} mentions {m}  actors {ac}  relations {r}")
    added: list[tuple[Article, tuple[int, int, str, str]]] = []
    changed_actors = changed_rel = 0
    for before, after in zip(runs["without"], runs["with"], strict=True):
        old = {(m.start, m.end, m.actor_id) for m in before.mentions}
        for m in after.mentions:
            if (m.start, m.end, m.actor_id) not in old and m.actor_id in from_file:
                added.append((after, (m.start, m.end, m.actor_id, m.rule)))
        changed_actors += len({a.id for a in after.actors} - {a.id for a in before.actors})
        changed_rel += len({(r.source, r.type, r.target) for r in after.relations}
                           - {(r.source, r.type, r.target) for r in before.relations})
    new_actor_mentions = sum(1 for _, (_, _, aid, _) in added if aid in new_ids)
    print(f"mentions of the file's actors that only the second run has: {len(added)} "
          f"({new_actor_mentions} of actors new in the file, {len(added) - new_actor_mentions} of known actors "
          f"by forms the file adds); actors per article new: {changed_actors}; relation triples new: {changed_rel}")
    rng = random.Random(args.seed)
    for art, (s, e, aid, rule) in sorted(rng.sample(added, min(args.sample, len(added))), key=lambda x: x[1]):
        entry = kb.actors[aid]
        left = art.text[max(0, s - 50):s].replace("\n", " ")
        right = art.text[e:e + 50].replace("\n", " ")
        print(f"- [{aid} | {entry.name_en} | {entry.kind} | {rule}] …{left}⟦{art.text[s:e]}⟧{right}…")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
