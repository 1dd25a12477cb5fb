"""Leave-one-document-out estimate of what the learned relation typer adds.

For each annotated article, the model is trained on the others and applied to
it; relation P/R/F1 of rules alone and of rules + model are printed, per
threshold. This is the honest figure for articles the model has not seen
(``rawabit eval`` on the same articles scores a model trained on them).

    python bench/relations_cv.py ../shared/data/dev [bench/heldout ...]
"""

from __future__ import annotations

import sys

from rawabit.evaluate import Counts, score_document
from rawabit.extraction.pairs import PairModel
from rawabit.learn.relations import annotated, fit, training_rows
from rawabit.pipeline import Pipeline


def main(folders: list[str], thresholds: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8)) -> None:
    rules = Pipeline(relation_model=False)
    docs = [(path.name, art, gold) for path, art, gold in annotated(folders, rules)]
    kinds = {aid: e.kind for aid, e in rules.kb.actors.items()}
    salience = rules.stage("salience")
    base = Counts()
    for name, art, gold in docs:
        base.add(score_document(name, salience(art), gold).relations)
    print(f"rules only           P={base.precision:.3f} R={base.recall:.3f} F1={base.f1:.3f}")
    stage = rules.stage("relations")
    per_t = {t: Counts() for t in thresholds}
    vetoes = (0.05, 0.1, 0.2)
    per_v: dict[tuple[float, float], Counts] = {}
    for i, (name, art, gold) in enumerate(docs):
        train = [(a, g) for j, (_, a, g) in enumerate(docs) if j != i]
        model = fit(training_rows(train, kinds))
        for t in thresholds:
            stage.model = replace_threshold(model, t)
            stage.veto = 0.0
            extra = stage.model_relations(art)
            merged = art.with_(relations=art.relations + tuple(extra))
            per_t[t].add(score_document(name, salience(merged), gold).relations)
            for v in vetoes:
                stage.veto = v
                kept = stage.vetted(art)
                stage.veto = 0.0
                vet = art.with_(relations=kept + tuple(extra))
                per_v.setdefault((t, v), Counts()).add(score_document(name, salience(vet), gold).relations)
        print(f"  fold {i + 1}/{len(docs)} {name}", file=sys.stderr)
    stage.model = None
    stage.veto = None
    for t, c in per_t.items():
        print(f"rules + model t={t:.2f} P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}  (leave-one-out)")
    for (t, v), c in sorted(per_v.items()):
        print(f"rules vetoed<{v:.2f} + model t={t:.2f} P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}  (leave-one-out)")


def replace_threshold(model: PairModel, t: float) -> PairModel:
    return PairModel(model.weights, model.bias, t, model.meta)


if __name__ == "__main__":
    main(sys.argv[1:] or ["../shared/data/dev"])
