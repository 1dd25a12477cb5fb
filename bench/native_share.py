"""How much of warm extraction runs as Python, and how much in compiled code: an Amdahl bound.

    python bench/native_share.py [--rate 150] [--ratio R [--target 5]] [stages.py options, e.g. --n 2000]

Runs ``bench/stages.py`` under ``py-spy record --native`` (``pip install py-spy``)
and sorts the samples taken inside the pipeline stages (segment, mentions,
actors, relations, salience; not ``prepare`` or ``write``) by the frame they
were taken in:

  Python bytecode   a Python function of rawabit or the standard library being interpreted
  CPython runtime   C code of the interpreter called by that bytecode (dicts, strings, objects)
  rawabit kernels   ``rawabit._speedups`` (tokenizer, sentences, tagger scores, triggers, ...)
  other compiled    libraries' C code: pyahocorasick, NumPy, regular expressions, ...

The first two are what a compiled rewrite of the rule passes could remove; the
last two would stay. So ``1 / (kernels + other compiled)`` bounds how many
times faster extraction could get if every Python-level step cost nothing.
Given ``--ratio R``, the (b)/(a) ratio ``bench/throughput.py`` measured, it
also prints how much of the Python-level time would have to go for (b) to come
within ``--target`` times the floor. Sampling shares vary by a point or two
from run to run.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

STAGES = tuple(f"{s}Stage.__call__" for s in ("Segment", "Mentions", "Actors", "Relations", "Salience"))
_CPYTHON = re.compile(r"libpython|python3\.\d+$|^(object|unicodeobject|tupleobject|listobject|dictobject|"
                      r"longobject|abstract|ceval|pycore_\w+)\.[ch]$")
_LIBC = re.compile(r"^libc\.so|^0x[0-9a-f]+$")
_WHERE = re.compile(r"\(([^()]+?)(?::\d+)?\)$")


def _where(frame: str) -> str:
    m = _WHERE.search(frame)
    return m.group(1) if m else frame


def classify(frames: list[str]) -> tuple[str, str]:
    """The category of a sample and the file it was taken in, from its frames (``function
    (file:line)``, innermost last). libc (memcpy, malloc, ...) counts for the code that called it."""
    k = len(frames) - 1
    while k > 0 and _LIBC.search(_where(frames[k])):
        k -= 1
    where = _where(frames[k])
    if where.endswith(".py") or where == "<string>":  # <string>: generated methods (dataclass __init__)
        return "Python bytecode", where
    if "_speedups" in where:
        return "rawabit kernels", where
    if _CPYTHON.search(where):
        return "CPython runtime", where
    return "other compiled", where


def shares(raw: Path) -> tuple[int, Counter[str], Counter[str]]:
    """(samples inside the stages, samples per category, samples per compiled file) of a py-spy raw file."""
    cats: Counter[str] = Counter()
    leaves: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(encoding="utf-8").splitlines():
        stack, _, n = line.rpartition(" ")
        if "measure (stages.py" not in stack or not any(s in stack for s in STAGES):
            continue
        count = int(n)
        total += count
        cat, where = classify(stack.split(";"))
        cats[cat] += count
        if cat not in ("Python bytecode", "CPython runtime"):
            leaves[where] += count
    return total, cats, leaves


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rate", type=int, default=150, help="py-spy samples per second")
    ap.add_argument("--ratio", type=float, default=None, help="(b)/(a) measured by bench/throughput.py")
    ap.add_argument("--target", type=float, default=5.0, help="the (b)/(a) ratio aimed at")
    args, stage_args = ap.parse_known_args()
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        print("py-spy is not installed (pip install py-spy)", file=sys.stderr)
        return 2
    stages = Path(__file__).with_name("stages.py")
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "samples.txt"
        res = subprocess.run([spy, "record", "--native", "-r", str(args.rate), "-f", "raw", "-o", str(raw), "--",
                              sys.executable, str(stages), *stage_args], check=False)
        if res.returncode != 0 or not raw.exists():
            print(f"py-spy run failed ({res.returncode})", file=sys.stderr)
            return 2
        total, cats, leaves = shares(raw)
    if not total:
        print("no samples inside the pipeline stages", file=sys.stderr)
        return 2
    print(f"\n{total} samples inside the pipeline stages:")
    for cat in ("Python bytecode", "CPython runtime", "rawabit kernels", "other compiled"):
        print(f"  {cat:<16} {cats[cat] / total:6.1%}")
    compiled = (cats["rawabit kernels"] + cats["other compiled"]) / total
    print(f"  compiled code {compiled:.1%}: with every Python-level step free, extraction would be at most "
          f"{1 / compiled:.1f} times as fast")
    if args.ratio:
        keep = args.target / args.ratio  # the share of today's time (b) may take
        python = 1 - compiled
        need = f"  from {args.ratio:.1f}x to {args.target:.1f}x the floor: extraction {args.ratio / args.target:.1f} times as fast"
        if keep <= compiled:
            print(f"{need}, out of reach even with no Python-level time left")
        else:
            print(f"{need}, {(python - (keep - compiled)) / python:.0%} of the Python-level time removed")
    print("compiled frames with the most samples:")
    for where, n in leaves.most_common(8):
        print(f"  {n / total:6.1%}  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
