"""CPU of the ingest writer per article, by batch size (articles per transaction).

    python bench/writer.py [--n 2000] [--copies 8] [--batches 200,1000,2000] [--input FILE]

The first ``n`` corpus articles are extracted and prepared once (as ingest's
workers do), then written ``copies`` times under new ids into a fresh SQLite
file per batch size, with :func:`rawabit.store.ingest.write_records` as the
writer calls it. Each batch rebuilds the edges its relations touch from all
their relations, so popular edges cost more as the database grows and larger
batches rebuild them less often. Prints the writer's CPU and wall milliseconds
per article for each batch size.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--copies", type=int, default=8)
    ap.add_argument("--batches", default="200,1000,2000")
    ap.add_argument("--input", default=str(CORPUS))
    args = ap.parse_args()
    from rawabit.model import RawArticle
    from rawabit.pipeline import Pipeline
    from rawabit.readers import iter_articles
    from rawabit.store.db import connect_writer
    from rawabit.store.ingest import prepare, write_records

    pipe = Pipeline()
    raws = [r for r in itertools.islice((x for x in iter_articles([args.input]) if isinstance(x, RawArticle)),
                                        args.n)]
    recs = [prepare(pipe.run_raw(r), pipe.kb) for r in raws]
    records = [dict(r, id=f"{r['id']}-{k}", content_hash=f"{r['content_hash']}-{k}")
               for k in range(args.copies) for r in recs]
    print(f"{len(recs)} articles prepared, written {args.copies} times ({len(records)} records)")
    with tempfile.TemporaryDirectory(prefix="rawabit-writer-") as tmp:
        for size in (int(s) for s in args.batches.split(",")):
            conn = connect_writer(Path(tmp) / f"w{size}.db")
            cpu, wall = time.process_time(), time.perf_counter()
            for i in range(0, len(records), size):
                write_records(conn, records[i:i + size])
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            conn.close()
            print(f"batch {size:>5}: writer CPU {1000 * cpu / len(records):.3f} ms/article, "
                  f"wall {1000 * wall / len(records):.3f} ms/article", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
