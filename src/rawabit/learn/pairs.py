"""Training the pair model (:mod:`rawabit.extraction.pairs`) and the actor-listing model
(:mod:`rawabit.extraction.salience`) on annotated articles.

Every candidate pair of an annotated article is labelled with the gold relations
between the gold actors its two actors match (SPEC §4 matching, by English name or
Arabic form); a pair that matches only an optional gold relation is left out of that
label's training. One logistic regression per label is fitted with scikit-learn
(liblinear, seeded), and written as plain JSON.

The gold priors a pair's features read (how often annotators related the two in
the training articles) leave the pair's own article out, so that training sees
them as a new article will. Thresholds are chosen out of fold: the training
articles are split in folds, each fold is scored by a model trained on the others,
and the threshold of each type maximises the relation F1 of those scores. The
actor-listing model is trained on actors scored the same way, out of fold.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rawabit.evaluate import Counts, score_relations
from rawabit.extraction.pairs import (
    DIRECTED,
    SYMMETRIC,
    VECTOR_TEMPLATES,
    Pair,
    PairFeatures,
    PairModel,
    PairPriors,
    Scored,
    relations_from,
    score_pairs,
    sym_key,
)
from rawabit.extraction.salience import SalienceModel, SalienceStage, actor_features
from rawabit.gold import GoldActors, gold_article, gold_pairs, gold_triples, read_gold
from rawabit.kb.loader import KnowledgeBase
from rawabit.learn.trees import fit_trees
from rawabit.linear import Features, LinearModel
from rawabit.model import Actor, Article
from rawabit.pipeline import Pipeline

Progress = Callable[[str, int, int], None]  # (what, done, total)
SEED = 13
C_PAIRS = 0.2
C_SALIENCE = 0.5
MIN_COUNT = 2  # a feature seen in fewer training instances is left out
THRESHOLD_GRID = tuple(round(x, 2) for x in np.arange(0.1, 0.76, 0.05))
DEFAULT_THRESHOLD = 0.3


@dataclass
class Labels:
    """Gold labels of one pair: symmetric types, directed types a->b and b->a, and the
    types that match only optional gold relations (``masked``, not trained on)."""

    symmetric: set[str] = field(default_factory=set)
    forward: set[str] = field(default_factory=set)
    backward: set[str] = field(default_factory=set)
    masked: set[str] = field(default_factory=set)  # "ally", "support>", "support<" …


@dataclass
class Doc:
    """An annotated article as the rules leave it (every actor still there), its gold, its
    candidate pairs with their features and labels, and who matches which gold actor."""

    name: str
    art: Article
    gold: dict[str, Any]
    rows: list[tuple[Pair, Features, Features, Features]]
    labels: list[Labels]
    matches: dict[str, list[str]]  # actor id -> gold entries
    positive: set[tuple[str, str, str]]
    optional: set[tuple[str, str, str]]


def annotated_files(folders: Sequence[str | Path]) -> list[tuple[Path, Path]]:
    """``(article, gold)`` files of every annotated article of ``folders``."""
    files = [pair for f in folders for pair in gold_pairs(Path(f))]
    if not files:
        raise ValueError(f"{', '.join(map(str, folders))}: no article with a NAME.gold.json beside it")
    return files


def read_annotated(folders: Sequence[str | Path] | Sequence[tuple[Path, Path]], rules: Pipeline,
                   progress: Progress | None = None) -> list[tuple[str, Article, dict[str, Any]]]:
    """``(name, article, gold)`` for every annotated article of ``folders`` (or of ``(article,
    gold)`` file pairs), extracted by the rules-only pipeline ``rules`` up to salience: every
    actor is still there."""
    files: list[tuple[Path, Path]] = [f for f in folders if isinstance(f, tuple)]
    if folders and not files:
        files = annotated_files([f for f in folders if not isinstance(f, tuple)])
    out = []
    for i, (art_path, gold_path) in enumerate(files):
        raw = gold_article(art_path)
        if raw is not None:
            out.append((art_path.name, rules.run_raw(raw, until="salience"), read_gold(gold_path)))
        if progress:
            progress("reading annotated articles", i + 1, len(files))
    return out


def reading_pipeline(kb: KnowledgeBase | None = None) -> Pipeline:
    """The rules-only pipeline that reads annotated articles for training and out-of-fold
    evaluation. Its NER tagger is the shipped one, trained on ANERcorp alone: a tagger that
    learnt the training articles' names (``train-ner --silver``) would make them look easier
    than a new article, and would need a tagger of its own here."""
    return Pipeline(relation_model=False, kb=kb)


KbFor = Callable[[Sequence[Path]], KnowledgeBase]
KB_FOLDS = 5


def cross_fitted(files: Sequence[tuple[Path, Path]], kb_for: KbFor | None, corpus: PairPriors,
                 k: int = KB_FOLDS, progress: Progress | None = None) -> list[Doc]:
    """The annotated articles extracted as a new article is: each with the knowledge base learned
    from the gold files of the others (``kb_for``, in ``k`` groups), never from its own gold, so that
    the models learn from the actors a new article's are (many unknown, found by the tagger).
    Without ``kb_for``, with the packaged knowledge base."""
    if kb_for is None:
        rules = reading_pipeline()
        return prepare(read_annotated(list(files), rules, progress), PairFeatures(rules.kb, corpus))
    group = fold_of([a.name for a, _ in files], k, SEED + 2)
    by_name: dict[str, Doc] = {}
    for g in range(k):
        part = [(ap, gp) for ap, gp in files if group[ap.name] == g]
        if not part:
            continue
        kb = kb_for([gp for ap, gp in files if group[ap.name] != g])
        rules = reading_pipeline(kb)
        for d in prepare(read_annotated(part, rules), PairFeatures(kb, corpus)):
            by_name[d.name] = d
        if progress:
            progress("annotated articles, each with the others' actors", g + 1, k)
    return [by_name[a.name] for a, _ in files if a.name in by_name]


def prepare(annotated: Iterable[tuple[str, Article, dict[str, Any]]], features: PairFeatures) -> list[Doc]:
    """Candidate pairs, features and labels of every annotated article."""
    docs = []
    for name, art, gold in annotated:
        ga = GoldActors(gold)
        matches = {a.id: ga.match(a.name_en, a.name_ar) for a in art.actors}
        pos, opt = gold_triples(gold, ga)
        rows = features.article(art)
        docs.append(Doc(name, art, gold, rows, [pair_labels(p, matches, pos, opt) for p, *_ in rows],
                        matches, pos, opt))
    return docs


def pair_labels(p: Pair, matches: dict[str, list[str]], pos: set[tuple[str, str, str]],
                opt: set[tuple[str, str, str]]) -> Labels:
    """The gold labels of pair ``p``."""
    ea, eb = set(matches.get(p.a, ())), set(matches.get(p.b, ()))
    out = Labels()
    masked: set[str] = set()
    for bag, optional in ((pos, False), (opt, True)):
        for s, typ, t in bag:
            for fwd in (True, False):
                if (s in ea and t in eb) if fwd else (t in ea and s in eb):
                    lab = typ if typ in SYMMETRIC else typ + (">" if fwd else "<")
                    if optional:
                        masked.add(lab)
                    elif typ in SYMMETRIC:
                        out.symmetric.add(typ)
                    else:
                        (out.forward if fwd else out.backward).add(typ)
    have = out.symmetric | {t + ">" for t in out.forward} | {t + "<" for t in out.backward}
    out.masked = masked - have
    return out


# -- gold priors ----------------------------------------------------------------

class GoldCounts:
    """How often annotators related each pair and listed each actor, per article, so that an
    article's own counts can be left out of its features."""

    def __init__(self, docs: Iterable[Doc]) -> None:
        self.sym: dict[str, list[Any]] = {}
        self.dir: dict[str, list[Any]] = {}
        self.actors: dict[str, list[int]] = {}
        self.own: dict[str, dict[str, tuple[int, Counter[str]]]] = {}  # doc -> key -> its counts
        self.own_actors: dict[str, dict[str, tuple[int, int]]] = {}
        for d in docs:
            own = self.own.setdefault(d.name, {})
            for (p, *_), lab in zip(d.rows, d.labels, strict=True):
                if _provisional(p.a) or _provisional(p.b):
                    continue
                for key, store, labels in ((sym_key(p.a, p.b), self.sym, lab.symmetric),
                                           (f"{p.a}>{p.b}", self.dir, lab.forward),
                                           (f"{p.b}>{p.a}", self.dir, lab.backward)):
                    entry = store.setdefault(key, [0, {}])
                    entry[0] += 1
                    for t in labels:
                        entry[1][t] = entry[1].get(t, 0) + 1
                    n, c = own.get(key, (0, Counter()))
                    own[key] = (n + 1, c + Counter(labels))
            own_a = self.own_actors.setdefault(d.name, {})
            for a in d.art.actors:
                if a.provisional:
                    continue
                listed = int(bool(d.matches.get(a.id)))
                e = self.actors.setdefault(a.id, [0, 0])
                e[0] += 1
                e[1] += listed
                own_a[a.id] = (1, listed)

    def priors(self, corpus: PairPriors) -> PairPriors:
        """The corpus priors with these gold counts."""
        out = PairPriors({}, {"symmetric": self.sym, "directed": self.dir, "actors": self.actors})
        out.cooccur, out.rules, out.actor_docs = corpus.cooccur, corpus.rules, corpus.actor_docs
        out.meta = dict(corpus.meta)
        return out

    def to_json(self) -> dict[str, Any]:
        return {"symmetric": self.sym, "directed": self.dir, "actors": self.actors}

    def minus(self, doc: str) -> Callable[[Pair, str], tuple[int, Counter[str]] | None]:
        """For :func:`score_pairs`: the counts ``doc`` itself added to a pair's gold priors."""
        own = self.own.get(doc, {})

        def of(p: Pair, which: str) -> tuple[int, Counter[str]] | None:
            key = sym_key(p.a, p.b) if which == "s" else (f"{p.a}>{p.b}" if which == ">" else f"{p.b}>{p.a}")
            return own.get(key)

        return of


def _provisional(aid: str) -> bool:
    return aid.startswith("prov-")


# -- fitting --------------------------------------------------------------------

def instances(rows: Sequence[tuple[Pair, Features, Features, Features]], priors: PairPriors,
              minus: Callable[[Pair, str], Any] | None) -> tuple[list[Features], list[Features]]:
    """The symmetric and the directed instances of a document's pairs (merged feature dicts)."""
    sym, dire = [], []
    for p, shared, ab, ba in rows:
        sym.append({**shared, **ab, **priors.gold_symmetric(p.a, p.b, minus(p, "s") if minus else None)})
        dire.append({**shared, **ab, **priors.gold_directed(p.a, p.b, minus(p, ">") if minus else None)})
        dire.append({**shared, **ba, **priors.gold_directed(p.b, p.a, minus(p, "<") if minus else None)})
    return sym, dire


def _fit_linear(X: list[Features], Y: dict[str, list[int | None]], c: float) -> LinearModel:
    """One logistic regression per label (``None``: left out of that label's training)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    counts: Counter[str] = Counter(k for x in X for k in x)
    keep_feature = {k for k, n in counts.items() if n >= MIN_COUNT and k.split(":", 1)[0] not in VECTOR_TEMPLATES}
    vec = DictVectorizer()
    M = vec.fit_transform([{k: v for k, v in x.items() if k in keep_feature} for x in X]).tocsr()
    M.indices = M.indices.astype(np.int32)  # liblinear wants 32-bit indices
    M.indptr = M.indptr.astype(np.int32)
    names = vec.get_feature_names_out()
    weights: dict[str, dict[str, float]] = {}
    bias: dict[str, float] = {}
    for lab, ys in Y.items():
        keep = np.array([y is not None for y in ys])
        y = np.array([bool(v) for v in ys])[keep]
        if y.sum() < 3 or y.all():
            weights[lab], bias[lab] = {}, -10.0
            continue
        clf = LogisticRegression(C=c, max_iter=3000, solver="liblinear", random_state=SEED)
        clf.fit(M[keep], y)
        coef = clf.coef_[0]
        # four decimals: a sum of a hundred weights moves by under 0.01 in logit, the file is a third
        weights[lab] = {str(names[i]): round(float(coef[i]), 4) for i in np.flatnonzero(np.abs(coef) >= 5e-5)}
        bias[lab] = round(float(clf.intercept_[0]), 4)
    return LinearModel(list(Y), weights, bias)


def labels_of(d: Doc, Ys: dict[str, list[int | None]], Yd: dict[str, list[int | None]]) -> None:
    """Append a document's labels, in :func:`instances` order (``None``: masked)."""
    for lab in d.labels:
        for t in SYMMETRIC:
            Ys[t].append(None if t in lab.masked else int(t in lab.symmetric))
        for t in DIRECTED:
            Yd[t].append(None if t + ">" in lab.masked else int(t in lab.forward))
            Yd[t].append(None if t + "<" in lab.masked else int(t in lab.backward))


@dataclass
class TrainingSet:
    """The training instances of some documents: features and labels of the symmetric and the
    directed models (a label None: left out of that label's training), and the priors read."""

    priors: PairPriors
    Xs: list[Features]
    Xd: list[Features]
    Ys: dict[str, list[int | None]]
    Yd: dict[str, list[int | None]]


def training_set(docs: Sequence[Doc], corpus: PairPriors) -> TrainingSet:
    """The instances of ``docs``, each document's gold priors leaving its own counts out."""
    counts = GoldCounts(docs)
    priors = counts.priors(corpus)
    Xs: list[Features] = []
    Xd: list[Features] = []
    Ys: dict[str, list[int | None]] = {t: [] for t in SYMMETRIC}
    Yd: dict[str, list[int | None]] = {t: [] for t in DIRECTED}
    for d in docs:
        sym, dire = instances(d.rows, priors, counts.minus(d.name))
        Xs += sym
        Xd += dire
        labels_of(d, Ys, Yd)
    return TrainingSet(priors, Xs, Xd, Ys, Yd)


def fit_pairs(docs: Sequence[Doc], corpus: PairPriors, c: float = C_PAIRS,
              thresholds: dict[str, float] | None = None, trees: bool = True) -> tuple[PairModel, PairPriors]:
    """The pair model fitted on ``docs`` (``trees`` False: the regressions alone), and the
    priors it reads (corpus + these docs' gold)."""
    ts = training_set(docs, corpus)
    priors, Xs, Xd, Ys, Yd = ts.priors, ts.Xs, ts.Xd, ts.Ys, ts.Yd
    model = PairModel(_fit_linear(Xs, Ys, c), _fit_linear(Xd, Yd, c),
                      thresholds or {t: DEFAULT_THRESHOLD for t in (*SYMMETRIC, *DIRECTED)},
                      {"documents": len(docs), "instances": [len(Xs), len(Xd)], "c": c},
                      fit_trees(Xs, Xd, Ys, Yd, SEED, MIN_COUNT) if trees else None)
    return model, priors


def score_docs(docs: Sequence[Doc], model: PairModel, priors: PairPriors) -> list[list[Scored]]:
    """The model's probabilities for every pair of every document (none of them trained on)."""
    return [score_pairs(d.rows, model, priors) for d in docs]


# -- out of fold --------------------------------------------------------------------

def fold_of(names: Sequence[str], k: int, seed: int = SEED) -> dict[str, int]:
    """Article name -> fold: the sorted names shuffled with ``seed``, dealt round-robin."""
    order = sorted(names)
    random.Random(seed).shuffle(order)
    return {n: i % k for i, n in enumerate(order)}


Fit = Callable[..., tuple[Any, PairPriors]]


def out_of_fold(docs: Sequence[Doc], corpus: PairPriors, k: int, c: float = C_PAIRS,
                progress: Progress | None = None, fit: Fit | None = None) -> list[list[Scored]]:
    """Every document's pair probabilities from a model trained on the other folds (``fit``:
    another learner of :mod:`.learners`)."""
    folds = fold_of([d.name for d in docs], k)
    out: list[list[Scored]] = [[] for _ in docs]
    for f in range(k):
        train = [d for d in docs if folds[d.name] != f]
        model, priors = (fit or fit_pairs)(train, corpus, c)
        for i, d in enumerate(docs):
            if folds[d.name] == f:
                out[i] = (score_pairs(d.rows, model, priors) if isinstance(model, PairModel)
                          else model.score(d.rows, priors))
        if progress:
            progress("pair model, out of fold", f + 1, k)
    return out


def decide(scored: Sequence[Scored], thresholds: dict[str, float]) -> list[tuple[str, str, str, float]]:
    return [x for sc in scored for x in sc.decisions(thresholds)]


def relation_counts(docs: Sequence[Doc], decisions: Sequence[Sequence[tuple[str, str, str, float]]]) -> Counts:
    """SPEC §4 relation counts of decided ``(source, type, target)`` triples."""
    total = Counts()
    for d, dec in zip(docs, decisions, strict=True):
        pred = [(d.matches.get(s, ()), typ, d.matches.get(t, ()), s, t) for s, typ, t, _ in dec]
        total.add(score_relations(pred, d.positive, d.optional)[0])
    return total


def tune_thresholds(docs: Sequence[Doc], scored: Sequence[Sequence[Scored]],
                    grid: Sequence[float] = THRESHOLD_GRID, rounds: int = 2, reach: int = 1) -> dict[str, float]:
    """Per-type thresholds that maximise the relation F1 of ``scored`` (coordinate ascent), each
    at the middle of its best plateau (:func:`plateau` of ``reach``; 0: the highest point)."""
    thr = {t: DEFAULT_THRESHOLD for t in (*SYMMETRIC, *DIRECTED)}
    for _ in range(rounds):
        for t in thr:
            f1s = [relation_counts(docs, [decide(s, dict(thr, **{t: g})) for s in scored]).f1 for g in grid]
            thr[t] = grid[plateau(f1s, reach)]
    return thr


def plateau(values: Sequence[float], reach: int = 1) -> int:
    """The index whose mean with its ``reach`` neighbours on each side is highest (the first of
    equals): a threshold in a broad optimum rather than on a lone peak of the F1 curve, which
    moves from one training set to the next (``python bench/thresholds.py``: chosen on four
    folds' scores and applied to the fifth, the same F1 or a little better, and thresholds
    that move less from fold to fold)."""
    windows = [values[max(0, i - reach):i + reach + 1] for i in range(len(values))]
    means = [sum(w) / len(w) for w in windows]
    best = 0
    for i, m in enumerate(means):
        if m > means[best] + 1e-9:
            best = i
    return best


# -- actor listing --------------------------------------------------------------------

@dataclass(frozen=True)
class ActorRow:
    """One actor of a document after the pair stage: its features, whether a relation of the
    article names it, whether the gold lists it."""

    doc: str
    actor: Actor
    features: Features
    related: bool
    listed: bool


def salience_rows(docs: Sequence[Doc], scored: Sequence[Sequence[Scored]], thresholds: dict[str, float],
                  priors: PairPriors, counts: GoldCounts | None) -> list[ActorRow]:
    """Every actor of every document (gold actor priors leave the document out when ``counts``
    is given)."""
    out = []
    for d, sc in zip(docs, scored, strict=True):
        art = relations_from(d.art, list(sc), thresholds)
        related = {x for r in art.relations for x in (r.source, r.target)}
        own = counts.own_actors.get(d.name, {}) if counts else {}
        for a, f in actor_features(art, priors):
            feats = {**f, **priors.gold_actor(a.id, own.get(a.id))}
            out.append(ActorRow(d.name, a, feats, a.id in related, bool(d.matches.get(a.id))))
    return out


def fit_salience(rows: Sequence[ActorRow], c: float = C_SALIENCE, threshold: float = 0.5) -> SalienceModel:
    linear = _fit_linear([r.features for r in rows], {"listed": [int(r.listed) for r in rows]}, c)
    return SalienceModel(linear, threshold, {"actors": len(rows), "c": c})


def listing_out_of_fold(docs: Sequence[Doc], rows: Sequence[ActorRow], k: int, c: float = C_SALIENCE) -> np.ndarray:
    """Each actor row's listing probability from a listing model trained on the other ``k - 1`` folds."""
    folds = fold_of([d.name for d in docs], k, SEED + 1)
    probs = np.zeros(len(rows))
    for f in range(k):
        model = fit_salience([r for r in rows if folds[r.doc] != f], c)
        idx = [i for i, r in enumerate(rows) if folds[r.doc] == f]
        probs[idx] = model.linear.probabilities([(rows[i].features,) for i in idx])[:, 0]
    return probs


def tune_salience(docs: Sequence[Doc], rows: Sequence[ActorRow], k: int, c: float = C_SALIENCE) -> float:
    """The listing threshold that maximises actor F1, with out-of-fold listing scores (on its
    best plateau, as the pair model's thresholds)."""
    probs = listing_out_of_fold(docs, rows, k, c)
    f1s = [actor_counts(docs, [r for r, p in zip(rows, probs, strict=True) if p >= t or r.related]).f1
           for t in THRESHOLD_GRID]
    return float(THRESHOLD_GRID[plateau(f1s)])


def actor_counts(docs: Sequence[Doc], listed: Sequence[ActorRow]) -> Counts:
    """SPEC §4 actor counts when the actors of ``listed`` are listed."""
    by_doc: dict[str, list[ActorRow]] = {}
    for r in listed:
        by_doc.setdefault(r.doc, []).append(r)
    total = Counts()
    for d in docs:
        rows = by_doc.get(d.name, [])
        matched = {e for r in rows for e in d.matches.get(r.actor.id, ())}
        total.add(Counts(tp=len(matched), fp=len({r.actor.name_en for r in rows if not d.matches.get(r.actor.id)}),
                         fn=len(set(GoldActors(d.gold).entries) - matched)))
    return total


# -- everything -----------------------------------------------------------------------

@dataclass
class Trained:
    """The models trained on some documents, and what their training measured."""

    pairs: PairModel
    salience: SalienceModel
    priors: PairPriors
    counts: GoldCounts
    inner: Counts  # relations, out of fold within the training documents


def train_models(docs: Sequence[Doc], corpus: PairPriors, k: int = 5, c: float = C_PAIRS,
                 progress: Progress | None = None) -> Trained:
    """Pair model, thresholds and actor-listing model trained on ``docs``; thresholds and the
    listing model come from ``k``-fold out-of-fold scores within ``docs``."""
    scored = out_of_fold(docs, corpus, k, c, progress)
    thresholds = tune_thresholds(docs, scored)
    inner = relation_counts(docs, [decide(s, thresholds) for s in scored])
    model, priors = fit_pairs(docs, corpus, c, thresholds)
    counts = GoldCounts(docs)
    rows = salience_rows(docs, scored, thresholds, priors, counts)
    threshold = tune_salience(docs, rows, k)
    salience = fit_salience(rows, threshold=threshold)
    model.meta.update({"thresholds_from": f"{k}-fold out of fold", "inner_relations": inner.as_dict()})
    salience.meta.update({"threshold_from": f"{k}-fold out of fold"})
    return Trained(model, salience, priors, counts, inner)


def predict(doc: Doc, trained: Trained) -> Article:
    """The final article of an annotated document that ``trained`` never saw."""
    scored = score_pairs(doc.rows, trained.pairs, trained.priors)
    art = relations_from(doc.art, scored, trained.pairs.thresholds)
    return SalienceStage(trained.salience, trained.priors)(art)
