"""Extraction time and peak memory by article length: is the cost linear? (project issue 21)

    python bench/scaling.py [--sizes 10,100,1000,2000,5000] [--input FILE] [--pure]

For each size (in thousands of characters of article text) a fresh process
builds the pipeline, warms its word caches on 200 corpus articles, then
extracts articles of exactly that size made by joining consecutive corpus
articles (paragraphs kept): as many articles as make 2,000 k characters (one
article for the larger sizes), so that the small sizes are timed over enough
text. The extractor is called directly: the readers' limit on one article
(``rawabit.readers.MAX_ARTICLE_CHARS``) does not apply here.

Printed per size: CPU seconds, milliseconds per k characters, that figure as
a ratio to the first size's, the process's peak resident memory and the part
of it the extraction added over the warm pipeline. Linear cost keeps the
ratio near 1. CPU time (``time.process_time``) varies less than wall time on a
shared machine. ``--pure`` sets ``RAWABIT_PURE_PYTHON=1`` (no compiled kernels).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz"
WARM = 200  # corpus articles that fill the word caches before timing
WARM_FROM = 20_000  # taken from here on, away from the timed text
TIMED_CHARS = 2_000_000  # text timed per size (at least one article)


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _texts(path: Path, start: int, need: int) -> list[str]:
    """Non-empty article texts from line ``start`` on, until ``need`` characters."""
    out: list[str] = []
    n = 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < start:
                continue
            t = (json.loads(line).get("text") or "").strip()
            if t:
                out.append(t)
                n += len(t)
            if n >= need:
                break
    return out


def _articles(texts: list[str], size: int, count: int) -> list[str]:
    """``count`` articles of exactly ``size`` characters, cut from the joined texts."""
    joined = "\n".join(texts)
    return [joined[k * size:(k + 1) * size] for k in range(count)]


def _child(size: int, inp: Path) -> dict[str, Any]:
    from rawabit.model import RawArticle
    from rawabit.pipeline import Pipeline

    count = max(1, TIMED_CHARS // size)
    arts = _articles(_texts(inp, 0, size * count + 1), size, count)
    warm = _texts(inp, WARM_FROM, 10**9)[:WARM] if WARM else []
    pipe = Pipeline()
    for t in warm:
        pipe.run_raw(RawArticle(text=t))
    base = _rss_kb("VmRSS")
    cpu = time.process_time()
    wall = time.perf_counter()
    rels = 0
    for t in arts:
        rels += len(pipe.run_raw(RawArticle(text=t)).relations)
    return {"size": size, "articles": count, "chars": sum(map(len, arts)), "cpu": time.process_time() - cpu,
            "wall": time.perf_counter() - wall, "peak_kb": _rss_kb("VmHWM"), "base_kb": base, "relations": rels}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="10,100,1000,2000,5000", help="k characters per article, comma-separated")
    ap.add_argument("--input", default=str(CORPUS), help="JSONL(.gz) corpus to cut articles from")
    ap.add_argument("--pure", action="store_true", help="without the compiled kernels")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    inp = Path(args.input)
    if args.child:
        print(json.dumps(_child(args.child * 1000, inp)))
        return
    if not inp.exists():
        sys.exit(f"{inp}: no such corpus file; give one with --input")
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if args.pure:
        env["RAWABIT_PURE_PYTHON"] = "1"
    print(f"{'k chars':>8} {'articles':>8} {'cpu s':>8} {'ms/k':>7} {'ratio':>6} {'peak MB':>8} {'added MB':>9}")
    first = None
    for size in (int(s) for s in args.sizes.split(",")):
        res = subprocess.run([sys.executable, __file__, "--child", str(size), "--input", str(inp)],
                             capture_output=True, text=True, env=env, check=False)
        if res.returncode != 0:
            sys.exit(f"size {size}k failed (exit {res.returncode}):\n{res.stderr[-3000:]}")
        r = json.loads(res.stdout.strip().splitlines()[-1])
        per_k = 1000 * r["cpu"] / (r["chars"] / 1000)
        first = first or per_k
        print(f"{size:>8} {r['articles']:>8} {r['cpu']:>8.2f} {per_k:>7.2f} {per_k / first:>6.2f} "
              f"{r['peak_kb'] / 1024:>8.0f} {(r['peak_kb'] - r['base_kb']) / 1024:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
