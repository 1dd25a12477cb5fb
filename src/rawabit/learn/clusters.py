"""Word clusters from unlabelled Arabic news, a feature of the NER tagger.

Words (clitic-stripped normalised stems) are embedded by a truncated SVD of
their positive PMI with the words around them (±2), then grouped by k-means at
several granularities. A word's cluster string is ``"k64/k256/k1024/k2048"``.
The embedding's strongest dimensions are also kept, standardised and
quantised to int8, as dense features (``model.vectors.json`` beside the
clusters, rows in the clusters' word order). Everything is seeded, so the
same corpus gives the same clusters and vectors.

Built from SaudiNewsNet (Alotaibi 2015, CC BY-NC-SA 4.0), 31k articles of 2015.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np

from rawabit.learn.corpora import corpus_records
from rawabit.text.normalise import normalise
from rawabit.text.segment import split_clitics

Progress = Callable[[str, int, int], None]
_WORD_RE = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


def _articles(path: Path, limit: int | None) -> Iterator[str]:
    for rec in corpus_records(path, limit):
        yield (rec.get("title") or "") + "\n" + (rec.get("text") or "")


def _stem_of(cache: dict[str, str], w: str) -> str:
    s = cache.get(w)
    if s is None:
        n = normalise(w)
        s = split_clitics(n)[1] if n and not n[0].isdigit() else "<num>"
        cache[w] = s
    return s


def build_clusters(
    corpus: str | Path,
    out: str | Path,
    vocab_size: int = 100_000,
    context_size: int = 20_000,
    dims: int = 100,
    ks: tuple[int, ...] = (64, 256, 1024, 2048),
    min_count: int = 2,
    limit_articles: int | None = None,
    progress: Progress | None = None,
    seed: int = 0,
    vector_dims: int = 16,
    vector_scale: float = 2.0,
) -> dict[str, str]:
    """Cluster the words of ``corpus`` (SaudiNewsNet JSONL.gz) and write them to ``out``."""
    from scipy import sparse
    from scipy.sparse.linalg import svds
    from sklearn.cluster import MiniBatchKMeans

    cache: dict[str, str] = {}
    docs: list[list[str]] = []
    freq: Counter[str] = Counter()
    for i, text in enumerate(_articles(Path(corpus), limit_articles)):
        stems = [_stem_of(cache, w) for w in _WORD_RE.findall(text)]
        freq.update(stems)
        docs.append(stems)
        if progress and i % 1000 == 0:
            progress("read corpus", i, limit_articles or 31_013)
    words = [w for w, c in sorted(freq.items(), key=lambda x: (-x[1], x[0])) if c >= min_count][:vocab_size]
    index = {w: i for i, w in enumerate(words)}
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    for d, stems in enumerate(docs):
        ids = np.fromiter((index.get(s, -1) for s in stems), dtype=np.int64, count=len(stems))
        for off in (1, 2):
            a, b = ids[:-off], ids[off:]
            for x, y in ((a, b), (b, a)):
                keep = (x >= 0) & (y >= 0) & (y < context_size)
                rows.append(x[keep])
                cols.append(y[keep])
        if progress and d % 2000 == 0:
            progress("count contexts", d, len(docs))
    r = np.concatenate(rows)
    c = np.concatenate(cols)
    n_ctx = min(context_size, len(words))
    m = sparse.coo_matrix((np.ones(len(r), dtype=np.float64), (r, c)), shape=(len(words), n_ctx)).tocsr()
    m.sum_duplicates()
    # PPMI with context-distribution smoothing (alpha 0.75)
    total = m.sum()
    row_p = np.asarray(m.sum(axis=1)).ravel() / total
    ctx = np.asarray(m.sum(axis=0)).ravel() ** 0.75
    ctx_p = ctx / ctx.sum()
    m = m.tocoo()
    pmi = np.log(m.data / total) - np.log(row_p[m.row]) - np.log(ctx_p[m.col])
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (m.row[keep], m.col[keep])), shape=m.shape)
    if progress:
        progress("svd", 0, 1)
    v0 = np.random.RandomState(seed).uniform(-1, 1, min(ppmi.shape))
    u, s, _ = svds(ppmi, k=dims, v0=v0, random_state=seed)
    emb = u * np.sqrt(s)
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9
    vec = emb[:, np.argsort(-s)[:vector_dims]]
    vec = vec / (vec.std(axis=0) + 1e-9) * vector_scale
    labels = []
    for j, k in enumerate(ks):
        if progress:
            progress("k-means", j, len(ks))
        km = MiniBatchKMeans(n_clusters=k, random_state=seed, n_init=3, batch_size=4096, max_iter=100)
        labels.append(km.fit_predict(emb))
    clusters = {w: "/".join(str(int(lab[i])) for lab in labels) for i, w in enumerate(words)}
    digest = hashlib.sha1(json.dumps(clusters, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:12]
    data = {
        "id": f"saudinewsnet-ppmi-svd{dims}-km{'-'.join(map(str, ks))}-{digest}",
        "source": "SaudiNewsNet 2015 (Alotaibi 2015), CC BY-NC-SA 4.0",
        "params": {"vocab_size": vocab_size, "context_size": context_size, "dims": dims, "ks": list(ks),
                   "min_count": min_count, "limit_articles": limit_articles, "seed": seed},
        "clusters": clusters,
    }
    Path(out).write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    if vector_dims:
        quant = float(np.abs(vec).max()) / 127 if len(words) else 1.0
        codes = np.clip(np.rint(vec / quant), -127, 127).astype(np.int8)
        vdata = {
            "id": f"{data['id']}-v{vector_dims}",
            "clusters_id": data["id"],
            "dims": vector_dims,
            "scale": vector_scale,
            "quant": quant,
            "words": len(words),
            "int8_b64": base64.b64encode(codes.tobytes()).decode("ascii"),
        }
        vectors_path(out).write_text(json.dumps(vdata, separators=(",", ":")), encoding="utf-8")
    return clusters


def vectors_path(clusters_file: str | Path) -> Path:
    """``model.clusters.json`` -> ``model.vectors.json`` (the dense vectors written with the clusters)."""
    p = Path(clusters_file)
    stem = p.name[: -len(".clusters.json")] if p.name.endswith(".clusters.json") else p.stem
    return p.with_name(stem + ".vectors.json")
