"""Throughput and memory of ``rawabit ingest`` over the first N articles of a corpus.

    .venv/bin/python bench/ingest.py 1000 [--workers 2] [--corpus PATH] [--keep DB]

Prints articles/s, the database size and the peak RSS of the ingest process
(the largest single process: with --workers, the writer or one extractor).
"""

from __future__ import annotations

import argparse
import gzip
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--keep", type=Path, default=None, help="write the database here and keep it")
    args = ap.parse_args()
    if not args.corpus.is_file():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "bench.jsonl"
        with gzip.open(args.corpus, "rt", encoding="utf-8") as fin, src.open("w", encoding="utf-8") as fout:
            for i, line in enumerate(fin):
                if i >= args.n:
                    break
                fout.write(line)
        db = args.keep or Path(tmp) / "bench.db"
        cmd = [sys.executable, "-m", "rawabit.store", "ingest", str(src), "--db", str(db), "-q",
               "--workers", str(args.workers)]
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        dt = time.perf_counter() - t0
        if proc.returncode not in (0, 1):
            print(proc.stderr, file=sys.stderr)
            return proc.returncode
        rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
        summary = [x for x in proc.stderr.splitlines() if "articles written" in x]
        failed = [x for x in proc.stderr.splitlines() if "input(s) failed" in x]
        print(*(summary + failed), sep="\n")
        print(f"articles:   {args.n}")
        print(f"workers:    {args.workers}")
        print(f"wall:       {dt:.1f} s (process start and pipeline build included)")
        print(f"throughput: {args.n / dt:.1f} articles/s")
        print(f"db size:    {size / 1e6:.1f} MB ({size / max(args.n, 1) / 1024:.1f} KiB/article)")
        print(f"peak RSS:   {rss_mb:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
