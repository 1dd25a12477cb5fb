"""Instructions per article of extraction + ingest preparation, counted by valgrind (noise-free A/B).

    python bench/instructions.py [--n 200] [--input FILE_OR_FOLDER] [--src DIR ...]

Wall and CPU time on a shared machine vary by 20-40 % from one run to the
next; the instructions a run executes do not. For each source tree given
(``--src``, default: the package this script imports), it runs the pipeline
and ``rawabit.store.ingest.prepare`` over the first ``n`` articles of the
input under ``valgrind --tool=callgrind``, once with ``n`` articles and once
with none (start-up: imports, model and knowledge-base loading), and prints
``(with - without) / n`` in millions of instructions per article, and each
tree's ratio to the first. Articles start cold (every word met for the first
time), as in a fresh ``rawabit ingest`` worker. ``PYTHONHASHSEED`` is fixed so
repeated runs count the same. Expect about 0.4 s of valgrind per article.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz"
_CHILD = """
import itertools, sys
from rawabit.errors import ReadError
from rawabit.pipeline import Pipeline
from rawabit.readers import iter_articles
from rawabit.store.ingest import prepare
raws = [r for r in itertools.islice(iter_articles([sys.argv[1]]), int(sys.argv[2])) if not isinstance(r, ReadError)]
pipe = Pipeline()
for r in raws:
    prepare(pipe.run_raw(r), pipe.kb)
"""


def count(src: Path | None, path: Path, n: int) -> int:
    """Instructions of one child run over ``n`` articles (``src``: the tree put first on PYTHONPATH)."""
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    with tempfile.TemporaryDirectory() as tmp:
        res = subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={tmp}/cg.out", sys.executable, "-c", _CHILD,
             str(path), str(n)], env=env, capture_output=True, text=True)
    found = re.search(r"Collected\s*:\s*(\d+)", res.stderr)
    if res.returncode != 0 or not found:
        raise SystemExit(f"valgrind run failed ({res.returncode}):\n{res.stderr[-2000:]}")
    return int(found.group(1))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", type=Path, default=CORPUS)
    ap.add_argument("--n", type=int, default=200, help="articles counted")
    ap.add_argument("--src", type=Path, action="append", default=[],
                    help="a source tree (its src/ folder) to count; repeat to compare trees")
    args = ap.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 2
    if not args.input.exists():
        print(f"{args.input}: no such file or folder (the corpus lives in ../shared/data/corpus)", file=sys.stderr)
        return 2
    if args.n < 1:
        print("--n must be at least 1", file=sys.stderr)
        return 2
    trees: list[Path | None] = list(args.src) or [None]
    first = 0.0
    for src in trees:
        name = str(src) if src is not None else "this package"
        print(f"  counting {name}: {args.n} articles, then start-up alone", file=sys.stderr, flush=True)
        per = (count(src, args.input, args.n) - count(src, args.input, 0)) / args.n / 1e6
        first = first or per
        print(f"{name}: {per:.1f} M instructions per article ({per / first:.3f} of the first)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
