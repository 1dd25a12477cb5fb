"""The compiled kernels (rawabit._speedups) against their pure-Python twins, result for result."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import rawabit
from rawabit import native
from rawabit.model import Token
from rawabit.ner import crf
from rawabit.ner.tagger import PACKAGED_MODEL, Tagger
from rawabit.text import segment

speedups = native.speedups
needs_speedups = pytest.mark.skipif(
    speedups is None, reason="rawabit._speedups is not built here (no C compiler, or RAWABIT_PURE_PYTHON=1)")
SAMPLE = Path(rawabit.__file__).parent / "data" / "sample" / "2021-09-13-aq-taliban.txt"


@pytest.mark.skipif(os.environ.get("RAWABIT_PURE_PYTHON", "") not in ("", "0") or shutil.which("cc") is None
                    or "CC" in os.environ,
                    reason="no C compiler here (or CC chosen by hand), or the pure-Python path was asked for")
def test_speedups_are_built_where_a_compiler_is() -> None:
    """With a C compiler, ``pip install`` builds the kernels (CI runs them, not only their twins)."""
    assert speedups is not None, "a C compiler is here but rawabit._speedups is not built: run pip install -e . again"


def test_pure_python_switch() -> None:
    code = "from rawabit import native; print(native.speedups is None)"
    env = {**os.environ, "RAWABIT_PURE_PYTHON": "1"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"


def _odd_texts() -> list[str]:
    """Texts that reach every branch of the tokenizer: marks, tatweel, joiners, '_', digits of
    several scripts, symbols, lone surrogates, spaces of several kinds."""
    pool = list("ابتثقاعدةطالبن كتب") + ["\u064e", "\u0651", "\u0670", "\u06d6", "\u0610", "\u0640", "\u200c",
                                          "\u200d", "_", "١", "٢", "3", "²", "½", "€", "،", "؟", ".", "-", "\n",
                                          "\t", "\u00a0", "\u2009", "\ud800", "İ", "ß", "a", "Z", "😀", "\u0301"]
    rng = random.Random(7)
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 60))) for _ in range(3000)]
    return texts + ["", " ", "_", "ـ", "__a__", "كَتَبَ\u200cه", "a\u0640\u0640b", "x" * 5000]


@needs_speedups
def test_compiled_tokenize_equals_the_python_twin() -> None:
    texts = _odd_texts() + [SAMPLE.read_text(encoding="utf-8")]
    for text in texts:
        got, want = segment.tokenize(text), segment._tokenize_python(text)
        assert got == want, text
        assert all(type(t) is Token for t in got)
        assert all(text[t.start:t.end] and t.norm for t in got)


@needs_speedups
def test_compiled_tokenize_classes_every_character_as_the_pattern_does() -> None:
    """The kernel's character classes (alphanumeric, Arabic marks, space, symbol) are a copy of
    segment._WORD's: each code point of the Basic Multilingual Plane, alone and between letters."""
    for c in map(chr, range(0x10000)):
        for text in (c, f"ب{c}ب", f" {c}{c} "):
            assert segment.tokenize(text) == segment._tokenize_python(text), hex(ord(c))


@needs_speedups
def test_compiled_tokenize_passes_errors_on() -> None:
    assert speedups is not None

    def broken(surface: str) -> tuple[str, str, str, bool]:
        raise RuntimeError(surface)

    with pytest.raises(RuntimeError, match="قلم"):
        speedups.tokenize("قلم", {}, broken, Token)
    with pytest.raises(TypeError, match="tuple of 4"):
        speedups.tokenize("قلم", {"قلم": ("x",)}, broken, Token)
    with pytest.raises(TypeError, match="tuple subclass"):
        speedups.tokenize("قلم", {}, broken, dict)


def _random_scores(rng: np.random.Generator, lens: list[int], labels: int) -> np.ndarray:
    # small integers: many ties, which must go to the lowest label as numpy.argmax sends them
    return rng.integers(-3, 4, size=(sum(lens), labels)).astype(float)


@needs_speedups
def test_compiled_viterbi_equals_the_numpy_twin() -> None:
    assert speedups is not None
    rng = np.random.default_rng(3)
    for trial in range(300):
        labels = int(rng.integers(1, 10))
        lens = [int(x) for x in rng.integers(1, 40, size=int(rng.integers(1, 8)))]
        em = _random_scores(rng, lens, labels) if trial % 2 else rng.normal(size=(sum(lens), labels))
        trans = rng.integers(-2, 3, size=(labels, labels)).astype(float) if trial % 2 else rng.normal(
            size=(labels, labels))
        ends = np.cumsum(lens)
        bt = crf.batch([em[e - n:e] for n, e in zip(lens, ends, strict=True)])
        want: list[list[int]] = [[] for _ in lens]
        for r, path in enumerate(crf.viterbi(bt, trans)):
            want[bt.order[r]] = path
        assert speedups.viterbi(em, lens, trans) == want


@needs_speedups
def test_compiled_kernels_check_their_arguments() -> None:
    assert speedups is not None
    em, trans = np.zeros((3, 2)), np.zeros((2, 2))
    with pytest.raises(ValueError, match="add up"):
        speedups.viterbi(em, [1, 1], trans)
    with pytest.raises(ValueError, match="needs a token"):
        speedups.viterbi(em, [3, 0], trans)
    with pytest.raises(ValueError, match="disagree"):
        speedups.viterbi(em, [3], np.zeros((3, 3)))
    with pytest.raises(TypeError, match="float64"):
        speedups.viterbi(em.astype(np.float32), [3], trans)
    refused = (TypeError, ValueError, BufferError)  # numpy's own buffer errors or the kernel's
    with pytest.raises(refused):
        speedups.viterbi(np.zeros((4, 2))[::2], [2], trans)  # not contiguous
    with pytest.raises(refused):
        speedups.add_rows(np.asfortranarray(np.zeros((3, 2))), [0], [0], trans)
    read_only = np.zeros((3, 2))
    read_only.setflags(write=False)
    with pytest.raises(refused):
        speedups.add_rows(read_only, [0], [0], trans)
    with pytest.raises(IndexError, match="out of range"):
        speedups.add_rows(em, [0, 3], [0, 0], trans)
    with pytest.raises(IndexError, match="out of range"):
        speedups.add_rows(em, [0], [-1], trans)
    with pytest.raises(ValueError, match="disagree"):
        speedups.add_rows(em, [0, 1], [0], trans)
    table, edges = np.zeros((4, 5, 2)), np.zeros((4, 2))
    with pytest.raises(IndexError, match="rows"):
        speedups.emissions(em, table, [0, 1, 4], [3], edges)
    with pytest.raises(ValueError, match="disagree"):
        speedups.emissions(em, table, [0, 1], [3], edges)
    with pytest.raises(ValueError, match="add up"):
        speedups.emissions(em, table, [0, 1, 2], [2], edges)
    with pytest.raises(ValueError, match="disagree"):
        speedups.emissions(em, np.zeros((4, 4, 2)), [0, 1, 2], [3], edges)


@needs_speedups
def test_compiled_emissions_equal_the_numpy_twin(monkeypatch: pytest.MonkeyPatch) -> None:
    """Scores and tags of real sentences through the compiled kernels and through NumPy, bit for bit."""
    from rawabit.ner import tagger as tagger_module

    tagger = Tagger(PACKAGED_MODEL)
    text = SAMPLE.read_text(encoding="utf-8")
    toks = segment.tokenize(text)
    sents = [[text[t.start:t.end] for t in toks[s.first_token:s.last_token]]
             for s in segment.sentences(text, toks)]
    sents += [["|", "a|b", "طالبان"], ["x"], ["كابل", "طالبان"]]  # one- and two-token sentences, bigram "|"
    em_c, lens, stems_c = tagger._emissions(sents)
    tags_c = tagger.tag_many(sents)
    monkeypatch.setattr(tagger_module, "speedups", None)
    monkeypatch.setattr(tagger_module, "add_rows", native._add_rows_python)
    em_py, lens_py, stems_py = tagger._emissions(sents)
    tags_py = tagger.tag_many(sents)
    assert lens == lens_py and stems_c == stems_py
    assert np.array_equal(em_c, em_py)
    assert tags_c == tags_py
    assert any(t != "O" for s in tags_c for t in s)


@needs_speedups
def test_compiled_row_sums_equal_their_numpy_twins() -> None:
    assert speedups is not None
    rng = np.random.default_rng(5)
    for _ in range(200):
        m = rng.normal(size=(int(rng.integers(1, 60)), int(rng.integers(1, 12))))
        rows = [int(x) for x in rng.integers(0, len(m), size=int(rng.integers(1, 40)))]
        assert speedups.sum_rows(m, rows) == native._sum_rows_python(m, rows)
        out = rng.normal(size=(int(rng.integers(1, 9)), m.shape[1]))
        pos = [int(x) for x in rng.integers(0, len(out), size=len(rows))]  # repeated targets: summed in turn
        want = out.copy()
        native._add_rows_python(want, pos, rows, m)
        speedups.add_rows(out, pos, rows, m)
        assert np.array_equal(out, want)
    with pytest.raises(ValueError, match="no rows"):
        speedups.sum_rows(m, [])
    with pytest.raises(IndexError, match="out of range"):
        speedups.sum_rows(m, [len(m)])


@needs_speedups
def test_relation_scores_equal_with_and_without_the_kernels(monkeypatch: pytest.MonkeyPatch) -> None:
    from rawabit.extraction import pairs

    model = pairs.load_model()
    assert model is not None
    names = list(model._row)
    rng = random.Random(11)
    feature_sets = [{f: 1.0 for f in rng.sample(names, rng.randint(0, 30))} | {"bias": 1.0, "not-a-feature": 1.0}
                    for _ in range(300)]
    got = [model.scores(f) for f in feature_sets]
    monkeypatch.setattr(pairs, "sum_rows", native._sum_rows_python)
    assert got == [model.scores(f) for f in feature_sets]


@needs_speedups
def test_compiled_token_index_equals_the_python_twin() -> None:
    from rawabit.extraction.mentions import _token_index, _token_index_python

    assert speedups is not None
    for text in _odd_texts()[:500] + [SAMPLE.read_text(encoding="utf-8")]:
        toks = tuple(segment.tokenize(text))
        assert _token_index(toks) == _token_index_python(toks)
    # later tokens win, as in the dict comprehension
    assert speedups.token_index([(0, 3), (0, 5)]) == ({0: 1}, {3: 0, 5: 1})
    with pytest.raises(TypeError, match="token 1"):
        speedups.token_index([(0, 3), 7])
    with pytest.raises(TypeError):
        speedups.token_index(5)


@needs_speedups
def test_compiled_minhash_equals_the_python_twin() -> None:
    from rawabit.analysis import dedup

    assert speedups is not None
    rng = random.Random(13)
    for _ in range(200):
        sh = {rng.getrandbits(32) for _ in range(rng.randint(1, 400))} | {0, 2**32 - 1}
        assert dedup._minhash(sh) == dedup._minhash_python(sh)
    sig = dedup.minhash(SAMPLE.read_text(encoding="utf-8"))
    assert sig == dedup._minhash_python(dedup.shingles(SAMPLE.read_text(encoding="utf-8")))
    assert len(sig) == 4 * dedup.NUM_PERM
    with pytest.raises(ValueError, match="no shingles"):
        speedups.minhash(set(), dedup._A, dedup._B)
    with pytest.raises(OverflowError):
        speedups.minhash({-1}, dedup._A, dedup._B)
    with pytest.raises(ValueError, match="differ"):
        speedups.minhash({1}, dedup._A, dedup._B[:-1])


@needs_speedups
def test_compiled_found_equals_the_python_twin() -> None:
    assert speedups is not None
    d = {"a": 1, "b": (2, 3), 4: "x"}
    keys = ["b", "z", "a", 4, "a", "q"]
    assert speedups.found(d, keys) == native._found_python(d, keys) == [(2, 3), 1, "x", 1]
    assert speedups.found(d, iter(keys)) == [(2, 3), 1, "x", 1]
    assert speedups.found({}, []) == []
    with pytest.raises(TypeError):
        speedups.found(d, [["unhashable"]])
    with pytest.raises(TypeError):
        speedups.found([("a", 1)], keys)


@needs_speedups
def test_compiled_trigger_match_equals_the_python_twin() -> None:
    """Lexicon.match through the kernel and in Python, over every token of real and odd texts (multi-word
    triggers, the end of the text, words met for the first time and again)."""
    from rawabit.extraction.relations import _lexicon

    lexicon, _ = _lexicon()
    texts = [SAMPLE.read_text(encoding="utf-8"), "أعلنت الحكومة الحرب على الإرهاب وتحالفت مع", "دعم"]
    texts += [" ".join(words) for words, _ in (x for xs in lexicon.multi.values() for x in xs)][:300]
    hits = 0
    for text in texts + _odd_texts()[:300]:
        toks = tuple(segment.tokenize(text))
        for i in range(len(toks)):
            got = lexicon.match(toks, i)
            assert got == lexicon._match_python(toks, i), (text, i)
            hits += got is not None and got[1] > 1
    assert hits >= 50  # multi-word triggers were matched
    assert speedups is not None
    with pytest.raises(IndexError):
        speedups.trigger_at({}, lexicon._miss, (), 0)
    with pytest.raises(TypeError, match="cache entry"):
        speedups.trigger_at({"x": 5}, lexicon._miss, (Token(0, 1, "x", "x"),), 0)
