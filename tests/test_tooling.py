"""ruff and mypy, configured in pyproject.toml, pass on the package (STYLE.md §12)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.exists() else shutil.which(name)
    if not found:
        pytest.skip(f"{name} is not installed (pip install -e '.[dev]')")
    return found


def test_ruff():
    res = subprocess.run([_tool("ruff"), "check", "src", "tests", "bench", "tools"], cwd=ROOT,
                         capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_mypy():
    res = subprocess.run([_tool("mypy"), "src/rawabit"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr


def test_stages_bench_prints_every_part(tmp_path):
    """bench/stages.py runs on any input the readers take and names each stage it timed."""
    res = subprocess.run([sys.executable, "bench/stages.py", "--input", "src/rawabit/data/sample", "--warm", "0",
                          "--n", "1", "--profile", "3"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    parts = {line.split()[0] for line in res.stdout.splitlines() if line.startswith("  ")}
    assert {"normalise", "segment", "mentions", "relations", "prepare", "write", "extraction", "ingest"} <= parts
    assert "tottime" in res.stdout  # the profile
    missing = subprocess.run([sys.executable, "bench/stages.py", "--input", str(tmp_path / "none.jsonl")], cwd=ROOT,
                             capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "none.jsonl" in missing.stderr


def test_instructions_bench_counts_per_article(tmp_path):
    """bench/instructions.py subtracts the start-up run from the n-article run, per article, for each tree
    (valgrind stubbed: it prints callgrind's total as 1e9 + 5e7 per article asked for)."""
    fake = tmp_path / "valgrind"
    fake.write_text('#!/bin/sh\nfor a; do n=$a; done\necho "==1== Collected : $((1000000000 + n * 50000000))" >&2\n')
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    sample = "src/rawabit/data/sample"
    res = subprocess.run([sys.executable, "bench/instructions.py", "--input", sample, "--n", "4",
                          "--src", "src", "--src", "src"], cwd=ROOT, capture_output=True, text=True, env=env,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("50.0 M instructions per article (1.000 of the first)") == 2
    missing = subprocess.run([sys.executable, "bench/instructions.py", "--input", str(tmp_path / "none.jsonl")],
                             cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert missing.returncode == 2 and "none.jsonl" in missing.stderr


def test_native_share_bench_sorts_samples_by_where_they_ran(tmp_path):
    """bench/native_share.py counts only samples inside the pipeline stages, gives libc's to its caller,
    and turns the compiled share into a speed-up bound (py-spy stubbed: it writes fixed stacks)."""
    stage = "<module> (stages.py:122);main (stages.py:106);measure (stages.py:62);"
    stacks = [
        f"{stage}MentionsStage.__call__ (rawabit/extraction/mentions.py:258);bare_form (rawabit/x.py:9) 50",
        f"{stage}MentionsStage.__call__ (rawabit/extraction/mentions.py:258);PyDict_GetItem (libpython3.11.so.1.0) 20",
        f"{stage}SegmentStage.__call__ (rawabit/text/segment.py:9);tokenize (rawabit/_speedups.c:60) 15",
        f"{stage}SegmentStage.__call__ (rawabit/text/segment.py:9);tokenize (rawabit/_speedups.c:60);"
        "memcpy (libc.so.6) 5",
        f"{stage}RelationsStage.__call__ (rawabit/extraction/relations.py:9);f (AutomatonSearchIter.c:3) 10",
        f"{stage}prepare (rawabit/store/ingest.py:95);fingerprint (rawabit/analysis/dedup.py:1) 999",
    ]
    fake = tmp_path / "py-spy"
    fake.write_text("#!/bin/sh\nwhile [ \"$1\" != \"-o\" ]; do shift; done\ncat > \"$2\" <<'END'\n"
                    + "\n".join(stacks) + "\nEND\n")
    fake.chmod(0o755)
    env = {**os.environ, "PATH": f"{tmp_path}{os.pathsep}{os.environ['PATH']}"}
    res = subprocess.run([sys.executable, "bench/native_share.py", "--ratio", "20", "--n", "1"], cwd=ROOT,
                         capture_output=True, text=True, env=env, timeout=300)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "100 samples inside the pipeline stages" in out
    assert "Python bytecode   50.0%" in out and "CPython runtime   20.0%" in out
    assert "rawabit kernels   20.0%" in out and "other compiled    10.0%" in out
    assert "at most 3.3 times as fast" in out  # 1 / 0.3
    # 4 times as fast leaves 0.25 of today's time: 0.3 is compiled already, so no Python-level cut is enough
    assert "out of reach even with no Python-level time left" in out
    res = subprocess.run([sys.executable, "bench/native_share.py", "--ratio", "10", "--n", "1"], cwd=ROOT,
                         capture_output=True, text=True, env=env, timeout=300)
    # twice as fast leaves 0.5: 0.3 compiled, 0.2 of the 0.7 Python-level time may stay
    assert "71% of the Python-level time removed" in res.stdout


def test_relation_sample_bench_draws_distinct_relations(tmp_path):
    """bench/relation_sample.py prints how many distinct relations it found and a seeded draw of them,
    the same draw on every run."""
    args = [sys.executable, "bench/relation_sample.py", "--input", "src/rawabit/data/sample", "--k", "3"]
    first = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    head, *lines = first.stdout.splitlines()
    assert head.split()[1:4] == ["distinct", "relations", "in"] and int(head.split()[0]) >= 3
    assert len(lines) == 3 and all(line.split()[0].isdigit() and "[" in line for line in lines)
    again = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert again.stdout == first.stdout
    missing = subprocess.run([sys.executable, "bench/relation_sample.py", "--input", str(tmp_path / "none.jsonl")],
                             cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert missing.returncode == 2 and "none.jsonl" in missing.stderr
