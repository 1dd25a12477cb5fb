"""A random sample of the relations extraction finds in the corpus, to judge by reading.

    python bench/relation_sample.py [--articles 6000] [--k 40] [--seed 101] [--input FILE] [--src DIR]

Extracts the first ``--articles`` records of the input (default: the 31k-article
corpus), keeps each article's distinct (source, type, target) triples once (the
first occurrence, in the article's order), orders them by article id and draws
``--k`` with ``random.Random(seed)``. Each line gives the triple, the rule, the
modality and the evidence, for a reader to mark right or wrong: an estimate of
precision on articles nobody annotated. With ``--src OLD/src`` (a worktree of
another commit) the same draw is made from that code's output, to compare two
versions on the same footing; the sample differs because the relations do.
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import subprocess
import sys
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz"


def rows(path: Path, n: int) -> list[tuple[str, str, str, str, str, str, str]]:
    """``(article, source, type, target, rule, modality, evidence)`` of the distinct triples of the
    first ``n`` records, ordered by article id."""
    from rawabit.errors import ReadError
    from rawabit.pipeline import Pipeline
    from rawabit.readers import iter_articles

    pipe = Pipeline()
    out = []
    for i, raw in enumerate(itertools.islice(iter_articles([path]), n), 1):
        if isinstance(raw, ReadError) or not raw.text:
            continue
        art = pipe.run_raw(raw)
        seen = set()
        for r in art.relations:
            if (r.source, r.type, r.target) in seen:
                continue
            seen.add((r.source, r.type, r.target))
            out.append((art.id, r.source, r.type, r.target, r.rule, r.modality, r.evidence.text))
        if i % 1000 == 0:
            print(f"  {i}/{n} articles", file=sys.stderr, flush=True)
    out.sort(key=lambda x: x[0])  # stable: an article's relations keep their order
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", type=Path, default=CORPUS)
    ap.add_argument("--articles", type=int, default=6000)
    ap.add_argument("--k", type=int, default=40)
    ap.add_argument("--seed", type=int, default=101)
    ap.add_argument("--src", type=Path, default=None, help="run the rawabit package found in this folder instead")
    args = ap.parse_args()
    if not args.input.exists():
        print(f"{args.input}: no such file or folder (the corpus lives in ../shared/data/corpus)", file=sys.stderr)
        return 2
    if args.src is not None:  # the same script, in a child that imports the other tree's package
        env = {**os.environ, "PYTHONPATH": str(args.src.resolve())}
        cmd = [sys.executable, __file__, "--input", str(args.input), "--articles", str(args.articles),
               "--k", str(args.k), "--seed", str(args.seed)]
        return subprocess.run(cmd, env=env, check=False).returncode
    found = rows(args.input, args.articles)
    print(f"{len(found)} distinct relations in the first {args.articles} records of {args.input.name}")
    if not found:
        return 0
    for i, (aid, src, typ, tgt, rule, modality, evidence) in enumerate(
            random.Random(args.seed).sample(found, min(args.k, len(found))), 1):
        print(f"{i:3} {aid} {src} {typ} {tgt}  [{rule}, {modality}]  {evidence[:160]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
