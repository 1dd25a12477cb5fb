"""Throughput and peak memory of reading, extraction and ingest (project issue 7).

    python bench/throughput.py [--limit N] [--workers N] [--db PATH] [--input FILE]
    python bench/throughput.py --sizes 3000,10000,31013 [--workers N]

Three phases over the same articles, each in a fresh subprocess so its peak
resident memory is its own:

  a  floor:    read + decode + clean (``rawabit.readers.iter_articles``) and
               ``normalise_text`` of every text
  b  extract:  the same reading, then ``rawabit.pipeline.extract_many``
               (one process; the pipeline build is timed apart)
  c  ingest:   ``rawabit.store.ingest.ingest`` (what ``rawabit ingest`` runs)
               into a fresh SQLite file, with ``--workers N``

Times are wall clock of the work inside the child (interpreter start and
imports excluded, the pipeline build included for c since ingest builds it in
every worker). CPU seconds (the child's and its workers') are printed too:
on a shared machine they vary less than wall time. Peak memory is the child's own VmHWM; for c also the largest
worker's (``RUSAGE_CHILDREN``). ``--sizes`` runs c alone at each size to show
memory stays flat as the input grows.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz"


def _vm_hwm_kb() -> int:
    """This process's peak resident set (kB)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kB on Linux


# -- phases (run in the child) ------------------------------------------------


def _phase_floor(inp: str) -> dict[str, Any]:
    from rawabit.errors import ReadError
    from rawabit.readers import iter_articles
    from rawabit.text.normalise import normalise_text

    t0 = time.perf_counter()
    n = errors = chars = 0
    for item in iter_articles([inp]):
        if isinstance(item, ReadError):
            errors += 1
            continue
        chars += len(normalise_text(item.text).norm)
        n += 1
    return {"articles": n, "errors": errors, "seconds": time.perf_counter() - t0, "chars": chars}


def _phase_extract(inp: str) -> dict[str, Any]:
    from rawabit.errors import ReadError
    from rawabit.pipeline import default_pipeline, extract_many
    from rawabit.readers import iter_articles

    t0 = time.perf_counter()
    pipe = default_pipeline()
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    n = errors = rels = 0
    for art in extract_many(iter_articles([inp]), pipe):
        if isinstance(art, ReadError):
            errors += 1
            continue
        n += 1
        rels += len(art.relations)
    return {"articles": n, "errors": errors, "seconds": time.perf_counter() - t0, "build_seconds": build,
            "relations": rels}


def _phase_ingest(inp: str, db: str, workers: int) -> dict[str, Any]:
    import inspect

    from rawabit.store.ingest import ingest

    kwargs: dict[str, Any] = {"workers": workers} if "workers" in inspect.signature(ingest).parameters else {}
    t0 = time.perf_counter()
    rep = ingest([inp], db, **kwargs)
    secs = time.perf_counter() - t0
    return {"articles": rep.written, "errors": rep.n_errors, "seconds": secs, "relations": rep.relations,
            "workers": kwargs.get("workers", 1),
            "worker_peak_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}


def _cpu() -> float:
    """CPU seconds of this process and its waited-for children (immune to other load on the machine)."""
    r, c = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime + c.ru_utime + c.ru_stime


def _child(args: argparse.Namespace) -> None:
    cpu0 = _cpu()
    if args.phase == "a":
        out = _phase_floor(args.input)
    elif args.phase == "b":
        out = _phase_extract(args.input)
    else:
        out = _phase_ingest(args.input, args.db, args.workers)
    out["cpu_seconds"] = _cpu() - cpu0
    out["peak_kb"] = _vm_hwm_kb()
    print(json.dumps(out))


# -- driver ---------------------------------------------------------------------


def _subset(src: Path, limit: int | None, tmp: Path) -> Path:
    """The first ``limit`` lines of the corpus as a .jsonl.gz of their own (the source when no limit)."""
    if not limit:
        return src
    dst = tmp / f"corpus-{limit}.jsonl.gz"
    with gzip.open(src, "rt", encoding="utf-8") as fi, gzip.open(dst, "wt", encoding="utf-8", compresslevel=1) as fo:
        for i, line in enumerate(fi):
            if i >= limit:
                break
            fo.write(line)
    return dst


def _run_phase(phase: str, inp: Path, db: Path | None = None, workers: int = 1) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--phase", phase, "--input", str(inp), "--workers", str(workers)]
    if db is not None:
        cmd += ["--db", str(db)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=False)
    if res.returncode != 0:
        sys.exit(f"phase {phase} failed (exit {res.returncode}):\n{res.stderr[-3000:]}")
    return json.loads(res.stdout.strip().splitlines()[-1])


def _mb(kb: Any) -> str:
    return f"{int(kb) / 1024:.0f} MB"


def _fresh_db(tmp: Path, given: str | None, tag: str) -> Path:
    if given:
        db = Path(given)
        if db.exists():
            sys.exit(f"--db {db}: the file exists; give a new path so the run starts from an empty store")
        return db
    return tmp / f"bench-{tag}.db"


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--input", default=str(CORPUS), help="JSONL(.gz) corpus (default: the SaudiNewsNet 2015 corpus)")
    ap.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    ap.add_argument("--workers", type=int, default=2, help="extraction processes for the ingest phase")
    ap.add_argument("--db", default=None, help="SQLite file for the ingest phase (must not exist; default: a temp file)")
    ap.add_argument("--sizes", default=None, help="comma-separated sizes: peak memory of ingest at each")
    ap.add_argument("--phases", default="abc", help="which phases to run (default abc)")
    ap.add_argument("--phase", choices=("a", "b", "c"), help=argparse.SUPPRESS)  # child mode
    args = ap.parse_args(argv)
    if args.phase:
        _child(args)
        return

    src = Path(args.input)
    if not src.exists():
        sys.exit(f"{src}: no such corpus file; give one with --input")
    with tempfile.TemporaryDirectory(prefix="rawabit-bench-") as tmpd:
        tmp = Path(tmpd)
        if args.sizes:
            print(f"ingest peak memory by size (workers={args.workers}, input {src.name})")
            print(f"{'articles':>9} {'art/s':>8} {'main peak':>10} {'worker peak':>12}")
            for size in (int(s) for s in args.sizes.split(",")):
                inp = _subset(src, size, tmp)
                r = _run_phase("c", inp, _fresh_db(tmp, None, str(size)), args.workers)
                rate = int(r["articles"]) / float(r["seconds"])
                print(f"{r['articles']:>9} {rate:>8.1f} {_mb(r['peak_kb']):>10} {_mb(r['worker_peak_kb']):>12}",
                      flush=True)
                inp.unlink()
            return

        inp = _subset(src, args.limit, tmp)
        results: dict[str, dict[str, Any]] = {}
        labels = {"a": "a floor (read+normalise)", "b": "b extract (1 process)",
                  "c": f"c extract+ingest ({args.workers} workers)"}
        for ph in args.phases:
            db = _fresh_db(tmp, args.db, "c") if ph == "c" else None
            r = results[ph] = _run_phase(ph, inp, db, args.workers)
            rate = int(r["articles"]) / float(r["seconds"])
            extra = ""
            if ph == "b":
                extra = f"  (pipeline build {float(r['build_seconds']):.1f}s, {r['relations']} relations)"
            if ph == "c":
                extra = f"  worker peak {_mb(r['worker_peak_kb'])}, {r['relations']} relations"
            print(f"{labels[ph]:<34} {r['articles']:>6} articles {float(r['seconds']):8.1f}s "
                  f"{rate:8.1f} articles/s  cpu {float(r['cpu_seconds']):6.1f}s  peak {_mb(r['peak_kb'])}{extra}",
                  flush=True)
        if "a" in results:
            ta = float(results["a"]["seconds"])
            for ph in "bc":
                if ph in results:
                    print(f"time ratio {ph}/a: {float(results[ph]['seconds']) / ta:.1f}x")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
