"""The fuzz properties of ``tests/test_fuzz.py`` at a larger count (project issue 21).

    python bench/fuzz.py [--examples N] [--seed S]

CI runs each property on ``FUZZ_EXAMPLES`` (150) fixed examples; this runs
the same properties on ``N`` (default 3,000) examples each (the ``extract``
command property on a fifth of them), drawn from seed ``S`` (random when not
given, and printed so that a failure can be replayed). It prints pytest's
summary with Hypothesis's statistics: examples run per property, time, and
any falsifying example.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--examples", type=int, default=3000, help="examples per property")
    ap.add_argument("--seed", type=int, default=None, help="Hypothesis seed (default: a random one)")
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    env = {**os.environ, "RAWABIT_FUZZ_PROFILE": "bench", "RAWABIT_FUZZ_EXAMPLES": str(args.examples)}
    print(f"fuzz: {args.examples} examples per property, seed {seed}", flush=True)
    t0 = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-m", "pytest", str(ROOT / "tests" / "test_fuzz.py"), "-p", "no:cacheprovider", "-o",
         "addopts=", "-q", "--hypothesis-show-statistics", f"--hypothesis-seed={seed}"],
        cwd=ROOT, env=env, check=False,
    )
    print(f"fuzz: {time.perf_counter() - t0:.0f} s, exit {res.returncode}")
    sys.exit(res.returncode)


if __name__ == "__main__":
    main()
