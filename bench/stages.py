"""Where extraction and ingest spend their time: CPU ms per article, stage by stage.

    python bench/stages.py [--skip N] [--warm N] [--n N] [--input FILE_OR_FOLDER] [--profile K]

Reads ``skip + warm + n`` articles of the corpus, builds one pipeline, runs the
first ``warm`` articles untimed (the per-word caches fill as in a long run),
then times the next ``n``, each part on its own:

  normalise  ``normalise_text`` of the text (the part of bench/throughput.py's floor after reading)
  <stage>    each pipeline stage (segment, mentions, actors, relations, salience)
  prepare    ``rawabit.store.ingest.prepare``: presence claims, MinHash, the record (of each
             article right after its extraction, as ingest runs it)
  write      ``write_records`` into a fresh SQLite file, 200 articles per transaction

Times are CPU seconds of this process (``time.process_time``): on a shared
machine they vary less than wall time, but still by 10-20 % from run to run,
so compare code versions interleaved. ``--warm 0`` shows the cold start
(every word met for the first time). ``--profile K`` adds the K functions with
the most own time (cProfile) over the timed stages; profiling slows Python
calls, so read its shares, not its totals.
"""

from __future__ import annotations

import argparse
import cProfile
import itertools
import pstats
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from rawabit.errors import ReadError
from rawabit.model import RawArticle
from rawabit.pipeline import Pipeline
from rawabit.readers import iter_articles
from rawabit.store.db import connect_writer
from rawabit.store.ingest import prepare, write_records
from rawabit.text.normalise import normalise_text

_NOT_STAGES = ("normalise", "prepare", "write")
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz"


def measure(raws: list[RawArticle], pipe: Pipeline, prof: cProfile.Profile | None = None) -> dict[str, float]:
    """CPU seconds per part over ``raws`` (``prof``, when given, profiles the pipeline stages)."""
    cpu = time.process_time
    tot: dict[str, float] = defaultdict(float)
    records: list[dict[str, Any]] = []
    for raw in raws:
        t = cpu()
        normalise_text(raw.text)
        tot["normalise"] += cpu() - t
        art = pipe.run_raw(raw, until=pipe.stages[0][0])  # the article as a run builds it, before any stage
        if prof:
            prof.enable()
        for name, stage in pipe.stages:
            t = cpu()
            art = stage(art)
            tot[name] += cpu() - t
        if prof:
            prof.disable()
        t = cpu()  # right after its extraction, as ingest does (it reuses the text just normalised)
        records.append(prepare(art, pipe.kb))
        tot["prepare"] += cpu() - t
    with tempfile.TemporaryDirectory() as tmp:
        conn = connect_writer(Path(tmp) / "stages.db")
        t = cpu()
        for i in range(0, len(records), 200):
            write_records(conn, records[i:i + 200])
        tot["write"] = cpu() - t
        conn.close()
    return tot


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", type=Path, default=CORPUS)
    ap.add_argument("--skip", type=int, default=0, help="articles passed over first")
    ap.add_argument("--warm", type=int, default=1000, help="articles run untimed to fill the caches")
    ap.add_argument("--n", type=int, default=2000, help="articles timed")
    ap.add_argument("--profile", type=int, default=0, metavar="K", help="also print the K hottest functions")
    args = ap.parse_args()
    if not args.input.exists():
        print(f"{args.input}: no such file or folder (the corpus lives in ../shared/data/corpus)", file=sys.stderr)
        return 2
    raws = [r for r in itertools.islice(iter_articles([args.input]), args.skip + args.warm + args.n)
            if not isinstance(r, ReadError)][args.skip:]
    warm, timed = raws[:args.warm], raws[args.warm:]
    if not timed:
        print(f"{args.input}: no articles left to time after --skip {args.skip} --warm {args.warm}", file=sys.stderr)
        return 2
    pipe = Pipeline()
    t = time.process_time()
    for i, raw in enumerate(warm, 1):
        pipe.run_raw(raw)
        if i % 500 == 0:
            print(f"  warming: {i}/{len(warm)}", file=sys.stderr, flush=True)
    if warm:
        print(f"warm-up: {len(warm)} articles, {(time.process_time() - t) / len(warm) * 1000:.2f} CPU-ms each",
              file=sys.stderr)
    prof = cProfile.Profile() if args.profile else None
    tot = measure(timed, pipe, prof)
    n = len(timed)
    extraction = sum(v for k, v in tot.items() if k not in _NOT_STAGES)
    print(f"{n} articles ({args.input.name}, after {args.skip} skipped and {len(warm)} warm-up), CPU ms per article:")
    for k, v in tot.items():
        share = f"{v / extraction:6.1%} of extraction" if k not in _NOT_STAGES else ""
        print(f"  {k:<10} {v / n * 1000:7.3f}  {share}")
    print(f"  {'extraction':<10} {extraction / n * 1000:7.3f}  (the stages' sum)")
    print(f"  {'ingest':<10} {(extraction + tot['prepare'] + tot['write']) / n * 1000:7.3f}  "
          "(extraction + prepare + write, one process)")
    if prof:
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
