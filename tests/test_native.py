"""The compiled kernels (rawabit._speedups) against their pure-Python twins, result for result."""

from __future__ import annotations

import functools
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


@needs_speedups
def test_compiled_sentence_spans_equal_the_python_twin() -> None:
    """Sentence ends as the pattern finds them: runs of marks, a mark before or after a digit
    (2.5, 5..7), dots after initials, line breaks, blank sentences, text without tokens."""
    assert speedups is not None
    pool = list(".!?؟\n\n \t\u00a0") + ["5", "٥", "a", "بي", "ذ", "ab", " إل", ".."]
    rng = random.Random(11)
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 16))) for _ in range(20000)]
    texts += _odd_texts() + [SAMPLE.read_text(encoding="utf-8"), "", "...", "2.5 و 3..4 و 5.", "جيمس بي. كومي. قال"]
    for text in texts:
        tokens = tuple(segment.tokenize(text))
        want = segment._sentence_spans_python(text, tokens)
        got = speedups.sentence_spans(text, tokens, functools.partial(segment._after_initial, text))
        assert got == want, text
    assert [s.first_token for s in segment.sentences("جيمس بي. كومي. قال", segment.tokenize("جيمس بي. كومي. قال"))] == [0, 5]
    with pytest.raises(TypeError, match="not a"):
        speedups.sentence_spans("a.", ("x",), bool)
    with pytest.raises(ZeroDivisionError):
        speedups.sentence_spans("a.", (), lambda dot: 1 / 0)


def test_sentence_triggers_are_remembered_per_article(monkeypatch: pytest.MonkeyPatch) -> None:
    """Lexicon.sentence_triggers, with and without the kernel: match() at each token, computed once
    for the article last asked about and again for another token tuple (even one equal to it)."""
    from rawabit.data import load_yaml
    from rawabit.extraction import lexicon as lexicon_module
    from rawabit.extraction.lexicon import Lexicon

    lexicon = Lexicon(load_yaml("triggers.yaml")["triggers"])
    text = SAMPLE.read_text(encoding="utf-8")
    for kernel in (speedups, None):
        monkeypatch.setattr(lexicon_module, "speedups", kernel)
        toks = tuple(segment.tokenize(text))
        want = [lexicon.match(toks, i) for i in range(len(toks))]
        first = lexicon.sentence_triggers(toks, 0, len(toks))
        assert first == want and any(want)
        assert lexicon.sentence_triggers(toks, 0, len(toks)) is first  # remembered
        assert lexicon.sentence_triggers(toks, 5, 9) == want[5:9]
        other = tuple(segment.tokenize(text))
        assert lexicon.sentence_triggers(other, 0, len(other)) is not first  # another article


@needs_speedups
def test_compiled_normalisation_equals_the_python_twins() -> None:
    """fold and collapse against _fold_python and _collapse_python: every mapped and deletable
    character, space runs, characters beyond the BMP, lone surrogates."""
    from rawabit.text import normalise as norm

    assert speedups is not None
    one, pattern, deletes = norm._tables()
    tables = norm._kernel_tables()
    assert tables is not None
    pool = [chr(c) for c in one] + [chr(c) for c in deletes] + list("  \t\nabcİßابت") + ["😀", "\ud800"]
    rng = random.Random(5)
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 80))) for _ in range(20000)]
    for text in texts + _odd_texts() + [SAMPLE.read_text(encoding="utf-8"), "", " ", "  ", "x" * 100]:
        folded = norm._fold_python(text)
        assert speedups.fold(text, tables[0]) == folded, text
        assert speedups.collapse(folded.lower(), tables[1]) == norm._collapse_python(folded.lower(), pattern), text
    with pytest.raises(ValueError, match="65536"):
        speedups.fold("a", "abc")
    with pytest.raises(ValueError, match="65536"):
        speedups.collapse("a", b"abc")


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
def test_compiled_row_additions_equal_their_numpy_twin() -> None:
    assert speedups is not None
    rng = np.random.default_rng(5)
    for _ in range(200):
        m = rng.normal(size=(int(rng.integers(1, 60)), int(rng.integers(1, 12))))
        rows = [int(x) for x in rng.integers(0, len(m), size=int(rng.integers(1, 40)))]
        out = rng.normal(size=(int(rng.integers(1, 9)), m.shape[1]))
        pos = [int(x) for x in rng.integers(0, len(out), size=len(rows))]  # repeated targets: summed in turn
        want = out.copy()
        native._add_rows_python(want, pos, rows, m)
        speedups.add_rows(out, pos, rows, m)
        assert np.array_equal(out, want)
    with pytest.raises(IndexError, match="out of range"):
        speedups.add_rows(out, [0], [len(m)], m)


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
def test_compiled_shingle_minhash_equals_shingles_then_minhash() -> None:
    """Shingling (CRC-32 of k words joined in UTF-8) fused with MinHash: the same signature as
    the two steps in Python, for texts shorter than a shingle, empty ones and odd words."""
    from rawabit.analysis import dedup

    assert speedups is not None
    rng = random.Random(17)
    pool = ["a", "ب", "x_y", "٢٠٢١", "ééé", "😀x", "طالبان"]
    cases = [[rng.choice(pool) for _ in range(rng.randint(0, 9))] for _ in range(2000)]
    cases.append(dedup._words(SAMPLE.read_text(encoding="utf-8")))
    for words in cases:
        for k in (1, 2, 3, 5):
            assert speedups.shingle_minhash(words, k, dedup._A, dedup._B) == dedup._minhash(dedup._shingles(words, k))
    text = SAMPLE.read_text(encoding="utf-8")
    assert dedup.fingerprint(text)[1] == dedup._minhash_python(dedup.shingles(text))
    with pytest.raises(TypeError, match="str"):
        speedups.shingle_minhash([b"x"], 3, dedup._A, dedup._B)
    with pytest.raises(ValueError, match="k < 1"):
        speedups.shingle_minhash(["x"], 0, dedup._A, dedup._B)


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
def test_compiled_word_rows_equal_the_python_twin() -> None:
    """A new word's weight rows and score-table slots, kernel and twin, on the packaged model's
    own tables for real words, and on random tables with missing rows and vector ids."""
    from rawabit.ner import tagger as tagger_mod

    assert speedups is not None
    tagger = Tagger(PACKAGED_MODEL)
    tagger.tag_many([["قالت", "حركة", "طالبان"]])  # builds the tables
    w = tagger._weights
    assert w is not None
    for word in ["طالبان", "وقال", "2021", "،", "المتحدث", "xyz", "ذبيح"]:
        own, base, _, _, vrow = tagger.features.parts(word)
        vec = [5, -1, 7] if vrow is not None else None
        got: tuple[list[int], list[int]] = ([], [])
        want: tuple[list[int], list[int]] = ([], [])
        speedups.word_rows(w.attrs, tagger._views, own, base, vec, 35, *got)
        tagger_mod._word_rows_python(w.attrs, tagger._views, own, base, vec, 35, *want)
        assert got == want and got[1], word
    rng = random.Random(4)
    for _ in range(500):
        attrs = {f"f{k}": rng.randint(0, 99) for k in range(20) if rng.random() < 0.5}
        views = {f"v{k}": tuple(rng.choice([-1, rng.randint(0, 99)]) for _ in range(4)) for k in range(20)
                 if rng.random() < 0.5}
        own = [f"f{rng.randint(0, 25)}" for _ in range(rng.randint(0, 8))]
        base = [f"v{rng.randint(0, 25)}" for _ in range(rng.randint(0, 8))]
        vec = rng.choice([None, [rng.randint(-1, 9) for _ in range(rng.randint(0, 4))]])
        slot = rng.randint(0, 10_000) * 5
        got, want = ([1], [2]), ([1], [2])  # appended to, not replaced
        speedups.word_rows(attrs, views, own, base, vec, slot, *got)
        tagger_mod._word_rows_python(attrs, views, own, base, vec, slot, *want)
        assert got == want
    with pytest.raises(TypeError, match="tuple of 4"):
        speedups.word_rows({}, {"v": (1, 2)}, [], ["v"], None, 0, [], [])
    with pytest.raises(TypeError, match="list or None"):
        speedups.word_rows({}, {}, [], [], (1,), 0, [], [])


@needs_speedups
def test_compiled_words_equal_the_pattern() -> None:
    from rawabit.analysis import dedup

    assert speedups is not None
    for text in _odd_texts() + [SAMPLE.read_text(encoding="utf-8"), "", "_", "a_b c", "٢٠٢١م", "x²½"]:
        assert speedups.words(text) == dedup._words_python(text), text
    with pytest.raises(TypeError):
        speedups.words(b"abc")


@needs_speedups
def test_compiled_trigger_match_equals_the_python_twin() -> None:
    """A sentence's triggers through the kernel and Lexicon.match in Python, over every token of real and
    odd texts (multi-word triggers, the end of the text, words met for the first time and again)."""
    from rawabit.extraction.lexicon import trigger_lexicon

    lexicon = trigger_lexicon()
    texts = [SAMPLE.read_text(encoding="utf-8"), "أعلنت الحكومة الحرب على الإرهاب وتحالفت مع", "دعم"]
    texts += [" ".join(words) for words, _ in (x for xs in lexicon.multi.values() for x in xs)][:300]
    assert speedups is not None
    hits = 0
    for text in texts + _odd_texts()[:300]:
        toks = tuple(segment.tokenize(text))
        got = speedups.triggers(lexicon._cache, lexicon._miss, toks, 0, len(toks))
        for i in range(len(toks)):
            assert got[i] == lexicon.match(toks, i), (text, i)
            hits += got[i] is not None and got[i][1] > 1
    assert hits >= 50  # multi-word triggers were matched
    for text in texts[:50]:  # part of the tokens, and none
        toks = tuple(segment.tokenize(text))
        for first, last in ((0, len(toks)), (1, len(toks)), (0, len(toks) // 2), (len(toks), len(toks))):
            want = [lexicon.match(toks, i) for i in range(first, last)]
            assert speedups.triggers(lexicon._cache, lexicon._miss, toks, first, last) == want
            assert lexicon.sentence_triggers(toks, first, last) == want
    with pytest.raises(IndexError):
        speedups.triggers({}, lexicon._miss, (Token(0, 1, "x", "x"),), 0, 2)
    with pytest.raises(IndexError):
        speedups.triggers({}, lexicon._miss, (), 0, 1)
    with pytest.raises(TypeError, match="cache entry"):
        speedups.triggers({"x": 5}, lexicon._miss, (Token(0, 1, "x", "x"),), 0, 1)
