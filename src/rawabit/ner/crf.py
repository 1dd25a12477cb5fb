"""A crfsuite model as NumPy arrays: emission scores, Viterbi paths and marginals, batched over sentences.

The tagger's features are binary, so a token's emission scores are the sum
of its attributes' weight rows; the weights are read exactly (as the doubles
crfsuite stored) from the model file (format of crfsuite's ``crf1d_model.c``:
a header, two CQDB string tables for labels and attributes, a feature array).
Decoding every sentence of an article in one batch replaces crfsuite's
per-sentence item conversion, Viterbi and per-token marginal calls, which were
most of the tagging time; the results are the same (checked in the tests
against crfsuite itself).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rawabit.errors import DataError


@dataclass
class CRFWeights:
    """State weights ``(attributes, labels)`` with the row of each attribute, and transitions."""

    labels: list[str]
    attrs: dict[str, int]
    state: np.ndarray
    trans: np.ndarray


def _cqdb_strings(b: bytes, off: int) -> dict[int, str]:
    """``id -> string`` of a CQDB chunk (its backward array)."""
    chunk, _, _, _, bwd_size, bwd_off = struct.unpack_from("<4sIIIII", b, off)
    if chunk != b"CQDB":
        raise ValueError(f"no CQDB chunk at {off}")
    out: dict[int, str] = {}
    refs = struct.unpack_from(f"<{bwd_size}I", b, off + bwd_off)
    for roff in refs:
        if roff:
            value, ksize = struct.unpack_from("<II", b, off + roff)
            out[value] = b[off + roff + 8: off + roff + 7 + ksize].decode("utf-8")
    return out


def read_model(path: str | Path) -> CRFWeights:
    """The weights of a crfsuite CRF1d model file."""
    p = Path(path)
    try:
        b = p.read_bytes()
        magic, _, kind, _, _, _, _, off_f, off_l, off_a = struct.unpack_from("<4sI4sIIIIIII", b, 0)
        if magic != b"lCRF" or kind != b"FOMC":
            raise ValueError("not a first-order crfsuite model")
        labels = _cqdb_strings(b, off_l)
        attr_names = _cqdb_strings(b, off_a)
        chunk, _, num = struct.unpack_from("<4sII", b, off_f)
        if chunk != b"FEAT":
            raise ValueError("no feature chunk")
        feats = np.frombuffer(b, dtype=np.dtype([("type", "<i4"), ("src", "<i4"), ("dst", "<i4"), ("w", "<f8")]),
                              count=num, offset=off_f + 12)
    except (OSError, ValueError, struct.error, UnicodeDecodeError) as exc:
        raise DataError(str(p), f"not a crfsuite model ({exc})") from exc
    n_lab = len(labels)
    state = np.zeros((len(attr_names), n_lab))
    trans = np.zeros((n_lab, n_lab))
    st = feats[feats["type"] == 0]
    tr = feats[feats["type"] == 1]
    np.add.at(state, (st["src"], st["dst"]), st["w"])
    np.add.at(trans, (tr["src"], tr["dst"]), tr["w"])
    return CRFWeights([labels[i] for i in range(n_lab)], {a: i for i, a in attr_names.items()}, state, trans)


@dataclass
class Batch:
    """Emission scores of sentences decoded together, longest first: row ``r`` is sentence ``order[r]``."""

    em: np.ndarray  # (sentences, longest, labels), zero past a sentence's end
    lens: list[int]
    order: list[int]
    active: list[int]  # per position: rows still inside their sentence


def batch(emissions: list[np.ndarray]) -> Batch:
    """Pad per-sentence ``(n, labels)`` scores (all n >= 1) into one batch."""
    order = sorted(range(len(emissions)), key=lambda i: -len(emissions[i]))
    lens = [len(emissions[i]) for i in order]
    em = np.zeros((len(order), lens[0], emissions[0].shape[1]))
    for r, i in enumerate(order):
        em[r, :lens[r]] = emissions[i]
    desc = np.array(lens)
    active = (desc[None, :] > np.arange(lens[0])[:, None]).sum(axis=1).tolist()
    return Batch(em, lens, order, active)


def viterbi(bt: Batch, trans: np.ndarray) -> list[list[int]]:
    """Best label paths, per row of the batch."""
    em, active = bt.em, bt.active
    score = em[:, 0].copy()
    back = np.zeros(em.shape, np.int64)
    for k in range(1, em.shape[1]):
        m = active[k]
        s = score[:m, :, None] + trans
        back[:m, k] = s.argmax(axis=1)
        score[:m] = s.max(axis=1) + em[:m, k]
    last = score.argmax(axis=1).tolist()
    paths = []
    for r, n in enumerate(bt.lens):
        bp = back[r]
        path = [last[r]]
        for k in range(n - 1, 0, -1):
            path.append(int(bp[k, path[-1]]))
        paths.append(path[::-1])
    return paths


def marginals(bt: Batch, trans: np.ndarray) -> np.ndarray:
    """Per-token label probabilities ``(rows, longest, labels)``: forward-backward, rescaled at every step."""
    em, active = bt.em, bt.active
    t = em.shape[1]
    e = np.exp(em - em.max(axis=2, keepdims=True))
    tr = np.exp(trans)
    alpha = np.ones_like(e)  # past a sentence's end: finite filler, never read
    beta = np.ones_like(e)  # a sentence's last position keeps 1
    alpha[:, 0] = e[:, 0] / e[:, 0].sum(axis=1, keepdims=True)
    for k in range(1, t):
        m = active[k]
        a = (alpha[:m, k - 1] @ tr) * e[:m, k]
        alpha[:m, k] = a / a.sum(axis=1, keepdims=True)
    for k in range(t - 2, -1, -1):
        m = active[k + 1]
        b = (e[:m, k + 1] * beta[:m, k + 1]) @ tr.T
        beta[:m, k] = b / b.sum(axis=1, keepdims=True)
    p = alpha * beta
    return p / p.sum(axis=2, keepdims=True)
