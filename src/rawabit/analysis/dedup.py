"""Near-duplicate detection: MinHash over word 3-shingles of normalised text, LSH bands.

The same story re-scraped, or carried by several outlets from one wire copy,
must count once. Each article gets a MinHash signature of :data:`NUM_PERM`
values; :data:`BANDS` bands of :data:`ROWS` values are hashed into the
``lsh_bands`` table, so candidates are found with an index lookup and the
corpus is never held in memory. A candidate whose estimated Jaccard similarity
reaches :data:`THRESHOLD` joins its cluster.
"""

from __future__ import annotations

import hashlib
import random
import re
import sqlite3
import struct
import zlib
from collections.abc import Sequence
from functools import cache
from typing import Any

from rawabit.native import speedups
from rawabit.text.normalise import normalise

__all__ = [
    "BANDS",
    "NUM_PERM",
    "ROWS",
    "THRESHOLD",
    "band_hashes",
    "content_hash",
    "find_cluster",
    "fingerprint",
    "jaccard",
    "minhash",
    "shingles",
]

SHINGLE = 3
BANDS = 20
ROWS = 3
NUM_PERM = BANDS * ROWS
THRESHOLD = 0.6
MAX_CANDIDATES = 200

_MASK64 = (1 << 64) - 1
_rng = random.Random(20210913)  # fixed: signatures must be stable across runs and processes
_A = [(_rng.getrandbits(64) | 1) for _ in range(NUM_PERM)]
_B = [_rng.getrandbits(64) for _ in range(NUM_PERM)]
_WORD_RE = re.compile(r"\w+")
_EMPTY = b"\xff\xff\xff\xff" * NUM_PERM


def _words(text: str) -> list[str]:
    """The words (``\\w+``) of the normalised text."""
    norm = normalise(text)
    return speedups.words(norm) if speedups is not None else _words_python(norm)


def _words_python(norm: str) -> list[str]:
    """The runs of ``\\w`` characters of ``norm`` (the definition the compiled ``words`` follows)."""
    return _WORD_RE.findall(norm)


def content_hash(text: str) -> str:
    """sha1 of the normalised words: equal for texts that differ only in spelling variants and spacing."""
    return _content_hash(_words(text))


def _content_hash(words: list[str]) -> str:
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()


def fingerprint(text: str) -> tuple[str, bytes]:
    """``(content_hash(text), minhash(text))``, normalising the text once."""
    words = _words(text)
    if speedups is not None:
        return _content_hash(words), speedups.shingle_minhash(words, SHINGLE, _A, _B)
    return _content_hash(words), _minhash(_shingles(words, SHINGLE))


def shingles(text: str, k: int = SHINGLE) -> set[int]:
    """crc32 of every run of ``k`` normalised words (the whole text when shorter)."""
    return _shingles(_words(text), k)


def _shingles(words: list[str], k: int) -> set[int]:
    if not words:
        return set()
    if len(words) < k:
        return {zlib.crc32(" ".join(words).encode("utf-8"))}
    # the words encoded in one call; a shingle is their bytes joined by one space (zip of k
    # shifted lists: the windows are built and hashed in C, no per-shingle slice)
    # (a \w word holds no space, and no UTF-8 byte of a non-space character is b" ")
    enc = " ".join(words).encode("utf-8").split(b" ")
    return set(map(zlib.crc32, map(b" ".join, zip(*(enc[j:] for j in range(k)), strict=False))))


def minhash(text: str) -> bytes:
    """The MinHash signature of ``text`` as ``NUM_PERM`` little-endian uint32.

    ``h_i(x) = ((a_i * x + b_i) mod 2^64) >> 32`` (multiply-shift hashing);
    numpy computes it when present, plain Python gives the same values.
    """
    return _minhash(shingles(text))


def _minhash(sh: set[int]) -> bytes:
    if not sh:
        return _EMPTY
    if speedups is not None:
        return speedups.minhash(sh, _A, _B)
    return _minhash_python(sh)


def _minhash_python(sh: set[int]) -> bytes:
    """:func:`_minhash` without the compiled kernel (the definition it follows; ``sh`` not empty)."""
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with pandas, but is not required
        return struct.pack(
            f"<{NUM_PERM}I", *(min(((a * x + b) & _MASK64) >> 32 for x in sh) for a, b in zip(_A, _B, strict=True))
        )
    a, b = _coefficients()
    x = np.fromiter(sh, dtype=np.uint64, count=len(sh))
    with np.errstate(over="ignore"):
        h = a * x  # in place from here: one (NUM_PERM, shingles) array
        h += b
        h >>= np.uint64(32)
    return h.min(axis=1).astype("<u4").tobytes()


@cache
def _coefficients() -> tuple[Any, Any]:
    """``_A`` and ``_B`` as numpy columns, built once."""
    import numpy as np

    return np.array(_A, dtype=np.uint64)[:, None], np.array(_B, dtype=np.uint64)[:, None]


def band_hashes(sig: bytes) -> list[int]:
    """One signed 63-bit hash per LSH band (fits an SQLite INTEGER)."""
    step = ROWS * 4
    out = []
    for i in range(BANDS):
        d = hashlib.blake2b(sig[i * step : (i + 1) * step], digest_size=8).digest()
        out.append(int.from_bytes(d, "little", signed=True))
    return out


def jaccard(sig1: bytes, sig2: bytes) -> float:
    """Estimated Jaccard similarity: the share of equal MinHash values."""
    n = len(sig1) // 4
    v1 = struct.unpack(f"<{n}I", sig1)
    v2 = struct.unpack(f"<{n}I", sig2)
    return sum(1 for p, q in zip(v1, v2, strict=True) if p == q) / n


def find_cluster(
    conn: sqlite3.Connection, chash: str, sig: bytes, bands: Sequence[int] | None = None
) -> tuple[str, float] | None:
    """The cluster an article with this content hash and signature joins, with its similarity.

    Exact duplicates (same content hash) come first; otherwise the most similar
    LSH candidate at or above :data:`THRESHOLD` (ties: earliest ingested).
    ``None`` when the article starts a new cluster.
    """
    row = conn.execute("SELECT cluster_id FROM articles WHERE content_hash = ? ORDER BY seq LIMIT 1", (chash,)).fetchone()
    if row:
        return row[0], 1.0
    if sig == _EMPTY:
        return None
    bands = list(bands) if bands is not None else band_hashes(sig)
    where = " OR ".join("(band = ? AND hash = ?)" for _ in bands)
    params: list[int] = []
    for i, h in enumerate(bands):
        params += [i, h]
    cand = conn.execute(
        f"SELECT a.id, a.minhash, a.cluster_id, a.seq FROM articles a WHERE a.id IN "
        f"(SELECT article_id FROM lsh_bands WHERE {where} LIMIT {MAX_CANDIDATES}) ORDER BY a.seq",
        params,
    ).fetchall()
    best: tuple[float, int, str] | None = None
    for _aid, other, cluster, seq in cand:
        sim = jaccard(sig, other)
        if sim >= THRESHOLD and (best is None or sim > best[0] or (sim == best[0] and seq < best[1])):
            best = (sim, seq, cluster)
    return (best[2], best[0]) if best else None
