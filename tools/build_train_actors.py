"""Build the actor file of the annotated training set (what ``rawabit train --step kb`` does, with a report): the actors its gold files name that the
knowledge base lacks, and the Arabic forms they give actors it knows (``rawabit.learn.kb``).

Reads every ``*.gold.json`` of the training folder with its article, and the unlabelled corpus
(to tell common words from names); builds against the packaged actor files without this one
and writes ``data/actors/60-train-gold.yaml``. ``--report`` writes every form left out, with
the reason, as a tab-separated file.

    python tools/build_train_actors.py [--train DIR] [--corpus FILE] [--out FILE] [--report FILE]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rawabit.kb.loader import packaged_files
from rawabit.learn.corpora import shared_dir
from rawabit.learn.kb import OUT_NAME, base_kb, build, corpus_texts, read_docs, summary, write_actor_file

SHARED = shared_dir() / "data"
DEFAULT_TRAIN = SHARED / "train"
DEFAULT_CORPUS = SHARED / "corpus" / "saudinewsnet-2015.jsonl.gz"
def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=None)
    ap.add_argument("--report", type=Path, default=None, help="write the forms left out (TSV)")
    args = ap.parse_args(argv)
    out = args.out or packaged_files()[0].parent / OUT_NAME
    docs = read_docs(sorted(args.train.glob("*.gold.json")))
    result = build(docs, base_kb(), corpus_texts(args.corpus))
    write_actor_file(result, out)
    r = result.report
    if args.report:
        lines = ["actor\tform\treason\tother\tdetail"]
        lines += [f"{d.actor}\t{d.form}\t{d.reason}\t{d.other or ''}\t{d.detail}" for d in r.dropped]
        lines += [f"{name}\t\tskipped actor: {why}\t\t" for name, why in r.skipped_actors]
        lines += [f"{name}\t\tlinked to {aid}\t{aid}\t" for name, aid in r.linked]
        args.report.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {summary(len(docs), r)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
