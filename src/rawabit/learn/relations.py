"""Training the relation typer of :mod:`rawabit.extraction.pairs` on annotated articles.

Each candidate pair of an annotated article is labelled with the gold
relations whose evidence lies in its sentence; one logistic regression per
label is fitted with scikit-learn (training time only) and the weights are
written as plain JSON for :class:`~rawabit.extraction.pairs.PairModel`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rawabit.extraction.pairs import DIRECTED, LABELS, PairModel, candidate_features
from rawabit.gold import GoldActors, gold_article, gold_pairs, read_gold
from rawabit.model import Article
from rawabit.pipeline import Pipeline

Row = tuple[dict[str, float], set[str], bool]  # features, gold labels, skip


def annotated(folders: Sequence[str | Path], rules: Pipeline) -> list[tuple[Path, Article, dict[str, Any]]]:
    """``(article file, article, gold)`` for every annotated article of ``folders``, extracted by
    ``rules`` up to salience: every actor is still there, even those no rule related."""
    out = []
    for art_path, gold_path in (pair for f in folders for pair in gold_pairs(Path(f))):
        raw = gold_article(art_path)
        if raw is not None:
            out.append((art_path, rules.run_raw(raw, until="salience"), read_gold(gold_path)))
    return out


def training_rows(arts_and_golds: Iterable[tuple[Article, dict[str, Any]]], kinds: dict[str, str]) -> list[Row]:
    """(features, gold labels, skip) per candidate pair; pairs that match only an
    optional gold relation are marked skip."""
    rows = []
    for art, gold in arts_and_golds:
        ga = GoldActors(gold)
        amap = {a.id: set(ga.match(a.name_en, a.name_ar)) for a in art.actors}
        spans = []
        for r in gold.get("relations", []):
            s, t = ga.entry_of_name(r["source"]), ga.entry_of_name(r["target"])
            if s is None or t is None or r.get("modality") == "negated":
                continue
            ev = r.get("evidence") or ""
            pos = art.text.find(ev) if ev else -1
            if pos < 0:
                continue
            spans.append((pos, pos + len(ev), s, t, r["type"], bool(r.get("optional"))))
        for c, feats in candidate_features(art, kinds):
            sent = art.sentences[c.sentence]
            labels: set[str] = set()
            optional = False
            ga_a, ga_b = amap.get(c.a.actor_id, set()), amap.get(c.b.actor_id, set())
            for s0, e0, s, t, typ, opt in spans:
                if e0 <= sent.start or s0 >= sent.end:
                    continue
                if s in ga_a and t in ga_b:
                    lab = typ if typ not in DIRECTED else typ + ">"
                elif t in ga_a and s in ga_b:
                    lab = typ if typ not in DIRECTED else typ + "<"
                else:
                    continue
                if opt:
                    optional = True
                else:
                    labels.add(lab)
            rows.append((feats, labels, optional and not labels))
    return rows


def fit(rows: list[Row], c: float = 1.0, threshold: float = 0.5, min_count: int = 2) -> PairModel:
    """Fit one logistic regression per label (scikit-learn, training time only)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    use = [(f, labs) for f, labs, skip in rows if not skip]
    counts: dict[str, int] = {}
    for f, _ in use:
        for k in f:
            counts[k] = counts.get(k, 0) + 1
    X_dicts = [{k: v for k, v in f.items() if counts[k] >= min_count} for f, _ in use]
    vec = DictVectorizer()
    X = vec.fit_transform(X_dicts).tocsr()
    X.indices = X.indices.astype("int32")  # liblinear wants 32-bit indices
    X.indptr = X.indptr.astype("int32")
    names = vec.get_feature_names_out()
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    for lab in LABELS:
        y = [1 if lab in labs else 0 for _, labs in use]
        if sum(y) < 3:
            continue
        clf = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, solver="liblinear")
        clf.fit(X, y)
        coef = clf.coef_[0]
        weights[lab] = {str(names[i]): round(float(coef[i]), 4) for i in range(len(names)) if abs(coef[i]) > 1e-3}
        bias[lab] = float(clf.intercept_[0])
    return PairModel(weights, bias, threshold, {"rows": len(use), "features": len(names)})


def train(
    folder: str | Path | Sequence[str | Path], threshold: float = 0.6, veto: float = 0.05, c: float = 1.0
) -> PairModel:
    """Train on every article of ``folder`` (or of several folders) that has a gold
    file (rules-only extraction supplies the mentions and the rules' verdicts)."""
    rules = Pipeline(relation_model=False)
    kinds = {aid: e.kind for aid, e in rules.kb.actors.items()}
    folders = [folder] if isinstance(folder, str | Path) else list(folder)
    data = [(art, gold) for _, art, gold in annotated(folders, rules)]
    if not data:
        raise ValueError(f"{', '.join(map(str, folders))}: no article with a NAME.gold.json to train on")
    model = fit(training_rows(data, kinds), c=c, threshold=threshold)
    model.meta.update({"documents": len(data), "veto": veto, "c": c,
                       "trained_on": [Path(f).name if Path(f).is_absolute() else str(f) for f in folders]})
    return model
