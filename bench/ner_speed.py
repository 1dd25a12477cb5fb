"""Throughput of the packaged NER tagger on real news text (one core).

    .venv/bin/python bench/ner_speed.py [N_ARTICLES]

Reports tokens/s of ``Tagger.entities`` (tokenising, sentence splitting,
features, CRF decoding, marginals) on SaudiNewsNet articles, cold and warm
(the per-token feature cache filled).
"""

from __future__ import annotations

import gzip
import json
import sys
import time
from pathlib import Path

from rawabit.ner.tagger import load_tagger
from rawabit.text.segment import tokenize

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz"


def main(n: int = 1000) -> None:
    texts = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= n:
                break
            texts.append(json.loads(line)["text"])
    toks = [tokenize(t) for t in texts]
    n_tok = sum(len(t) for t in toks)
    tagger = load_tagger()
    for label in ("cold", "warm"):
        t0 = time.perf_counter()
        n_ent = sum(len(tagger.entities(t, tk)) for t, tk in zip(texts, toks, strict=True))
        dt = time.perf_counter() - t0
        print(f"{label}: {len(texts)} articles, {n_tok} tokens, {n_ent} entities in {dt:.2f} s "
              f"= {n_tok / dt:,.0f} tokens/s (tokenize excluded)")
    t0 = time.perf_counter()
    for t in texts:
        tagger.entities(t)
    dt = time.perf_counter() - t0
    print(f"with tokenize: {n_tok / dt:,.0f} tokens/s")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
