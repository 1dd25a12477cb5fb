"""Sentence and token segmentation with proclitic splitting.

Tokens are spans of the original text; each carries its normalised form and a
stem with proclitics removed, so ``وطالبان``, ``لطالبان``, ``بالقاعدة`` and
``للقاعدة`` reach ``طالبان`` / ``قاعده``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import partial
from itertools import accumulate

from rawabit.caches import forget_older_half
from rawabit.model import Article, Sentence, Token
from rawabit.native import speedups
from rawabit.text.normalise import normalise

# Word characters: letters and digits, plus Arabic combining marks and tatweel
# so that a vowelled word stays one token.
# Runs of each class rather than one character per alternative: the same tokens, matched faster.
_WORD = r"(?:[^\W_]+|[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u0640\u200c\u200d]+)+"
_TOKEN_RE = re.compile(rf"{_WORD}|[^\s\w]", re.UNICODE)
# Sentence ends: . ! ? ؟ and line breaks; a dot between digits (2.5) is no end.
_SENT_END_RE = re.compile(r"(?<!\d)[.!?؟]+(?!\d)|\n+")
# Latin initials written in Arabic letters: جيمس بي. كومي، جوزيف إل. فوتيل
_INITIAL_RE = re.compile(r"(?:^|\s)(?:[a-zA-Z]|بي|سي|دي|[اأإ]ي|[اأإ]ف|جي|[اأإ]ل|[اأإ]م|[اأإ]ن|[اأآ]ر|[اأإ]س|تي|يو|كي|[اأإ]ش)$")

# Proclitic sequences, longest first. ``لل`` is ل + ال with the alef dropped.
_ARTICLE_CLITICS = ("وبال", "فبال", "وكال", "وال", "فال", "بال", "كال", "ولل", "فلل", "لل", "ال")
_SHORT_CLITICS = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")
# (length, clitics of that length, letters that must remain), in the order tried.
_CLITIC_LENGTHS = tuple(
    (k, frozenset(c for c in group if len(c) == k), rest)
    for group, rest in ((_ARTICLE_CLITICS, 2), (_SHORT_CLITICS, 4))
    for k in sorted({len(c) for c in group}, reverse=True)
)


def split_clitics(norm: str) -> tuple[str, str]:
    """Split a normalised word into ``(proclitics, stem)``.

    The definite article is removed with the proclitics; a bare one-letter
    proclitic is only split off when at least four letters remain, since many
    words begin with و ف ب ل ك themselves.
    """
    n = len(norm)
    # The clitics are tried longest first and two of one length cannot both be
    # prefixes, so a set lookup per length gives the first ``startswith`` hit.
    for k, forms, rest in _CLITIC_LENGTHS:
        if n - k >= rest and norm[:k] in forms:
            return norm[:k], norm[k:]
    return "", norm


def bare_form(t: Token) -> str:
    """A word without conjunction/preposition proclitics, keeping ال (``وللقوات`` -> ``القوات``)."""
    c = t.clitic
    if not c:
        return t.norm
    if c.endswith("ال") or c.endswith("لل"):
        return "ال" + t.stem
    return t.stem


_WORD_CACHE: dict[str, tuple[str, str, str, bool]] = {}
_CACHE_MAX = 100_000  # distinct surfaces kept (bounded memory on any corpus)
# The token pattern as a capturing split: gaps and tokens alternate, so offsets
# are running sums of piece lengths (computed in C, not per regex match).
_SPLIT_RE = re.compile(f"({_TOKEN_RE.pattern})", re.UNICODE)
_new_token = tuple.__new__


def _analyse(surface: str) -> tuple[str, str, str, bool]:
    """(norm, stem, clitic, is_word) of a surface form, memoised: news reuses words."""
    hit = _WORD_CACHE.get(surface)
    if hit is not None:
        return hit
    norm = normalise(surface)
    is_word = bool(norm) and norm[0].isalnum()
    clitic, stem = split_clitics(norm) if is_word else ("", norm)
    res = (norm, stem, clitic, is_word)
    if len(_WORD_CACHE) >= _CACHE_MAX:
        forget_older_half(_WORD_CACHE)
    _WORD_CACHE[surface] = res
    return res


def tokenize(text: str) -> list[Token]:
    """Tokens of ``text`` with offsets, normalised forms and stems."""
    if speedups is not None:
        return speedups.tokenize(text, _WORD_CACHE, _analyse, Token)
    return _tokenize_python(text)


def _tokenize_python(text: str) -> list[Token]:
    """:func:`tokenize` in Python (the definition its compiled twin follows)."""
    pieces = _SPLIT_RE.split(text)
    ends = list(accumulate(map(len, pieces)))
    get = _WORD_CACHE.get
    out: list[Token] = []
    add = out.append
    # pieces: gap, token, gap, token, ..., gap; a token starts where the gap before it ends
    for surface, start, end in zip(pieces[1::2], ends[0::2], ends[1::2], strict=False):
        a = get(surface) or _analyse(surface)
        if a[0]:
            add(_new_token(Token, (start, end, *a)))  # (start, end, norm, stem, clitic, is_word)
    return out


# A sentence longer than this many tokens is cut into pieces of this length. The longest of the
# corpus's 286,000 sentences has 691 tokens; text without stops or line breaks (a page flattened
# to one line) would otherwise be one sentence, and the rules' cost grows faster than its length.
MAX_SENTENCE_TOKENS = 1000


def sentences(text: str, tokens: Sequence[Token]) -> list[Sentence]:
    """Sentence spans over ``text`` aligned to token indices."""
    if speedups is not None:
        spans = speedups.sentence_spans(text, tuple(tokens), partial(_after_initial, text))
    else:
        spans = _sentence_spans_python(text, tokens)
    out = [Sentence(*span) for span in spans]
    if any(s.last_token - s.first_token > MAX_SENTENCE_TOKENS for s in out):
        out = [piece for s in out for piece in _cut(s, tokens)]
    return out


def _cut(s: Sentence, tokens: Sequence[Token]) -> list[Sentence]:
    """``s`` in pieces of at most :data:`MAX_SENTENCE_TOKENS` tokens (the last keeps the sentence's end)."""
    out = []
    for a in range(s.first_token, s.last_token, MAX_SENTENCE_TOKENS):
        b = min(a + MAX_SENTENCE_TOKENS, s.last_token)
        out.append(Sentence(tokens[a].start, s.end if b == s.last_token else tokens[b - 1].end, a, b))
    return out


def _after_initial(text: str, dot: int) -> bool:
    """Whether the dot at ``dot`` follows a Latin initial (``جيمس بي. كومي``): no sentence end."""
    return _INITIAL_RE.search(text, max(0, dot - 4), dot) is not None


def _sentence_spans_python(text: str, tokens: Sequence[Token]) -> list[tuple[int, int, int, int]]:
    """``(start, end, first token, last token)`` of each sentence: :func:`sentences` in Python
    (the definition its compiled twin follows)."""
    bounds: list[tuple[int, int]] = []
    pos = 0
    for m in _SENT_END_RE.finditer(text):
        if m.group(0) == "." and _after_initial(text, m.start()):
            continue  # a dot after an initial ends no sentence
        end = m.end() if m.group(0)[0] != "\n" else m.start()
        if text[pos:end].strip():
            bounds.append((pos, end))
        pos = m.end()
    if text[pos:].strip():
        bounds.append((pos, len(text)))
    out: list[tuple[int, int, int, int]] = []
    # tokens are in order and do not overlap: their starts and ends both increase
    starts = [t.start for t in tokens]
    ends = [t.end for t in tokens]
    ti = 0
    for s, e in bounds:
        first = bisect_left(starts, s, ti)  # the first token starting in the sentence
        ti = bisect_right(ends, e, first)  # past the last one ending in it
        if ti > first:
            # trim leading whitespace from the span
            out.append((tokens[first].start, e, first, ti))
    return out


class SegmentStage:
    """Pipeline stage: adds tokens and sentences."""

    def __call__(self, art: Article) -> Article:
        toks = tuple(tokenize(art.text))
        return art.with_(tokens=toks, sentences=tuple(sentences(art.text, toks)))
