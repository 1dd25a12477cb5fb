"""``rawabit ner-eval``: entity-level CoNLL scoring of the NER tagger (exact match of type and
both boundaries; chunks read as ``conlleval`` reads them, :func:`rawabit.ner.tagger.chunks`).

>>> s = score([["B-PERS", "I-PERS", "O"]], [["B-PERS", "O", "O"]])
>>> (s.overall.tp, s.overall.fp, s.overall.fn)
(0, 1, 1)
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rawabit.evaluate import Counts
from rawabit.learn.corpora import Sentence
from rawabit.ner.tagger import Tagger, chunks


@dataclass
class Score:
    overall: Counts = field(default_factory=Counts)
    by_type: dict[str, Counts] = field(default_factory=dict)
    tokens: int = 0
    seconds: float = 0.0

    @property
    def tokens_per_second(self) -> float:
        return self.tokens / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "overall": self.overall.as_dict(),
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
            "tokens": self.tokens,
            "tokens_per_second": round(self.tokens_per_second),
        }

    def table(self) -> str:
        """A plain-text report."""
        lines = [f"{'type':<8}{'P':>8}{'R':>8}{'F1':>8}{'gold':>7}{'pred':>7}"]
        rows = [*sorted(self.by_type.items()), ("overall", self.overall)]
        for name, c in rows:
            lines.append(
                f"{name:<8}{100 * c.precision:8.2f}{100 * c.recall:8.2f}{100 * c.f1:8.2f}"
                f"{c.tp + c.fn:7d}{c.tp + c.fp:7d}"
            )
        if self.seconds:
            lines.append(f"{self.tokens} tokens in {self.seconds:.2f} s: {self.tokens_per_second:,.0f} tokens/s")
        return "\n".join(lines)


def score(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> Score:
    """Micro-averaged entity scores over aligned gold and predicted tag sequences."""
    s = Score()
    for g, p in zip(gold, pred, strict=True):
        if len(g) != len(p):
            raise ValueError(f"sentence lengths differ: {len(g)} gold vs {len(p)} predicted tags")
        s.tokens += len(g)
        gc, pc = set(chunks(g)), set(chunks(p))
        for typ in {c[0] for c in gc | pc}:
            s.by_type.setdefault(typ, Counts())
        for c in gc & pc:
            s.by_type[c[0]].tp += 1
        for c in pc - gc:
            s.by_type[c[0]].fp += 1
        for c in gc - pc:
            s.by_type[c[0]].fn += 1
    for counts in s.by_type.values():
        s.overall.tp += counts.tp
        s.overall.fp += counts.fp
        s.overall.fn += counts.fn
    return s


def evaluate_tagger(tagger: Tagger, sents: Sequence[Sentence], propagate: bool = True) -> Score:
    """Tag ``sents`` (consecutive sentences) and score them; the timing covers features and decoding."""
    t0 = time.perf_counter()
    pred = tagger.tag_sents([toks for toks, _ in sents]) if propagate else [tagger.tag(t) for t, _ in sents]
    elapsed = time.perf_counter() - t0
    s = score([tags for _, tags in sents], pred)
    s.seconds = elapsed
    return s
