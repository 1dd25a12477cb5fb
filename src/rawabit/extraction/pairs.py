"""A learned relation typer for actor pairs in a sentence, shipped as JSON.

The trigger rules of :mod:`rawabit.extraction.relations` are precise but miss
constructions they do not know. This model scores every pair of actor
mentions in a sentence with one-vs-rest logistic regressions over lexical
features (the words between the two mentions, the words around them, their
prepositions, the trigger types near them, the kinds of the actors, the
rules' own verdict). It is trained on annotated articles
(``rawabit train-relations DIR``), stored as plain weights in
``data/relation_model.json`` and applied with Python and numpy: no pickle,
no scikit-learn at run time.

Labels are the relation type with a direction for directed types:
``support>`` means the first mention in the text is the source.
"""

from __future__ import annotations

import json
import math
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from rawabit.data import data_path
from rawabit.extraction.mentions import bare_form
from rawabit.model import Article, Mention, Sentence, Token
from rawabit.native import sum_rows

MODEL_FILE = "relation_model.json"
FEATURES_VERSION = 1
MAX_GAP = 24  # tokens between two mentions of a candidate pair
DIRECTED = ("support", "influence", "affiliate")
LABELS = ("ally", "fight", "hostile", "support>", "support<", "influence>", "influence<", "affiliate>", "affiliate<")


@dataclass(frozen=True, slots=True)
class Candidate:
    """Two mentions of different actors in one sentence (``a`` comes first)."""

    sentence: int
    a: Mention
    b: Mention


def candidates(art: Article) -> Iterator[Candidate]:
    """Pairs of the nearest mentions of two different actors in each sentence."""
    ms = sorted((m for m in art.mentions if m.rule != "people"), key=lambda m: m.token_start)
    j = 0
    for si, sent in enumerate(art.sentences):
        sm = []
        while j < len(ms) and ms[j].token_start < sent.last_token:
            if ms[j].token_start >= sent.first_token:
                sm.append(ms[j])
            j += 1
        best: dict[tuple[str, str], Candidate] = {}
        for x in range(len(sm)):
            for y in range(x + 1, len(sm)):
                a, b = sm[x], sm[y]
                if a.actor_id == b.actor_id or b.token_start < a.token_end:
                    continue
                gap = b.token_start - a.token_end
                if gap > MAX_GAP:
                    break
                key = (a.actor_id, b.actor_id)
                cur = best.get(key)
                if cur is None or gap < cur.b.token_start - cur.a.token_end:
                    best[key] = Candidate(si, a, b)
        yield from best.values()


def _word(t: Token) -> str:
    w = bare_form(t)
    return w[2:] if w.startswith("ال") and len(w) > 4 else w


class _ArticleView:
    """What :func:`features` reads of one article, computed once for all its candidate pairs:
    each token's :func:`_word` (on first use) and the mentions' start tokens in order."""

    __slots__ = ("art", "words", "starts", "mentions")

    def __init__(self, art: Article) -> None:
        self.art = art
        self.words: dict[int, str] = {}
        self.mentions = sorted(art.mentions, key=lambda m: m.token_start)
        self.starts = [m.token_start for m in self.mentions]

    def word(self, k: int) -> str:
        w = self.words.get(k)
        if w is None:
            w = self.words[k] = _word(self.art.tokens[k])
        return w

    def others_between(self, c: Candidate) -> int:
        """Mentions of a third actor starting between the pair's two mentions."""
        lo = bisect_left(self.starts, c.a.token_end)
        hi = bisect_left(self.starts, c.b.token_start, lo)
        pair = (c.a.actor_id, c.b.actor_id)
        return sum(1 for m in self.mentions[lo:hi] if m.actor_id not in pair)


def features(
    art: Article, c: Candidate, kinds: dict[str, str], rule_types: dict[tuple[str, str], set[str]],
    trigger_at: dict[int, str], view: _ArticleView | None = None,
) -> dict[str, float]:
    """Sparse features of one candidate pair (``view``: the article's, shared by its pairs)."""
    v = view if view is not None and view.art is art else _ArticleView(art)
    word = v.word
    toks = art.tokens
    sent: Sentence = art.sentences[c.sentence]
    a0, a1, b0, b1 = c.a.token_start, c.a.token_end, c.b.token_start, c.b.token_end
    f: dict[str, float] = {"bias": 1.0}
    words = [k for k in range(a1, b0) if toks[k].is_word]
    gap = len(words)
    f[f"gap:{min(gap, 10) if gap < 10 else '10+'}"] = 1.0
    for k in words[:14]:
        f["btw:" + word(k)] = 1.0
    for t in toks[a1:b0]:
        if not t.is_word:
            f["punct:" + t.norm] = 1.0
    for k in range(max(sent.first_token, a0 - 4), a0):
        if toks[k].is_word:
            f["pre:" + word(k)] = 1.0
    for k in range(b1, min(sent.last_token, b1 + 3)):
        if toks[k].is_word:
            f["post:" + word(k)] = 1.0
    if a0 > sent.first_token:
        f["pre1:" + word(a0 - 1)] = 1.0
    if b0 > 0:
        f["prevb:" + word(b0 - 1)] = 1.0
    f[f"cl_a:{c.a.clitic}"] = 1.0
    f[f"cl_b:{c.b.clitic}"] = 1.0
    ka, kb = kinds.get(c.a.actor_id, "other"), kinds.get(c.b.actor_id, "other")
    f[f"kinds:{ka}>{kb}"] = 1.0
    f[f"rule_a:{c.a.rule}"] = 1.0
    f[f"rule_b:{c.b.rule}"] = 1.0
    if trigger_at:
        for k in range(a1, b0):
            tt = trigger_at.get(k)
            if tt:
                f["trig_btw:" + tt] = 1.0
        for k in (*range(max(sent.first_token, a0 - 6), a0), *range(b1, min(sent.last_token, b1 + 6))):
            tt = trigger_at.get(k)
            if tt:
                f["trig_out:" + tt] = 1.0
    for rt in rule_types.get((c.a.actor_id, c.b.actor_id), ()):
        f[f"rule:{rt}"] = 1.0
    f[f"others:{min(v.others_between(c), 3)}"] = 1.0
    return f


def rule_verdicts(art: Article) -> dict[tuple[int, str, str], set[str]]:
    """Types the rules gave each ordered pair in each sentence (``support>`` when
    the first mention in the text is the source)."""
    first: dict[tuple[int, str], int] = {}
    firsts = [s.first_token for s in art.sentences]
    for m in art.mentions:
        si = bisect_right(firsts, m.token_start) - 1  # the sentence the mention starts in
        if si >= 0 and m.token_start < art.sentences[si].last_token:
            first.setdefault((si, m.actor_id), m.token_start)
    out: dict[tuple[int, str, str], set[str]] = {}
    for r in art.relations:
        if r.rule.startswith("model:"):
            continue
        ps = first.get((r.sentence, r.source), 0)
        pt = first.get((r.sentence, r.target), 0)
        a, b = (r.source, r.target) if ps <= pt else (r.target, r.source)
        lab = r.type if r.type not in DIRECTED else r.type + (">" if ps <= pt else "<")
        out.setdefault((r.sentence, a, b), set()).add(lab)
    return out


def triggers_by_token(art: Article) -> dict[int, str]:
    """Token index -> trigger type, for every trigger word of the article."""
    from rawabit.extraction.relations import _lexicon

    lex = _lexicon()[0]
    out: dict[int, str] = {}
    busy = _sentences_with_pairs(art)
    for sent in art.sentences:
        if (sent.first_token, sent.last_token) not in busy:
            continue
        for i, hit in enumerate(lex.sentence_triggers(art.tokens, sent.first_token, sent.last_token),
                                start=sent.first_token):
            if hit:
                out[i] = hit[0].type
    return out


def _sentences_with_pairs(art: Article) -> set[tuple[int, int]]:
    """Token ranges of the sentences that name two or more actors."""
    ids: dict[tuple[int, int], set[str]] = {}
    bounds = [(s.first_token, s.last_token) for s in art.sentences]
    k = 0
    for m in sorted(art.mentions, key=lambda m: m.token_start):
        while k < len(bounds) and bounds[k][1] <= m.token_start:
            k += 1
        if k < len(bounds):
            ids.setdefault(bounds[k], set()).add(m.actor_id)
    return {b for b, s in ids.items() if len(s) >= 2}


class PairModel:
    """One-vs-rest logistic regressions: label -> feature -> weight."""

    def __init__(self, weights: dict[str, dict[str, float]], bias: dict[str, float], threshold: float,
                 meta: dict[str, Any] | None = None) -> None:
        self.weights = weights
        self.bias = bias
        self.threshold = threshold
        self.meta = meta or {}
        self._labels = list(weights)
        # The weights as a matrix: row 0 the biases, then one row per feature (0.0 where a
        # label has no weight; adding 0.0 changes no sum).
        self._row: dict[str, int] = {}
        for lab in self._labels:
            for feat in weights[lab]:
                self._row.setdefault(feat, len(self._row) + 1)
        self._matrix = np.zeros((len(self._row) + 1, len(self._labels)))
        self._matrix[0] = [self.bias.get(lab, 0.0) for lab in self._labels]
        for li, lab in enumerate(self._labels):
            for feat, w in weights[lab].items():
                self._matrix[self._row[feat], li] = w

    @property
    def veto(self) -> float:
        """Rule relations the model scores below this are dropped."""
        return float(self.meta.get("veto", 0.0))

    def scores(self, feats: dict[str, float]) -> dict[str, float]:
        """Probability of each label."""
        row = self._row
        rows, values = [0], [1.0]
        for k, v in feats.items():
            i = row.get(k)
            if i is not None:
                rows.append(i)
                values.append(v)
        # cumsum adds the rows one after another, in feature order: the same
        # float sums as a loop over the features, for all labels at once
        if all(v == 1.0 for v in values):
            z = sum_rows(self._matrix, rows)
        else:
            z = (self._matrix[rows] * np.array(values)[:, None]).cumsum(axis=0)[-1].tolist()
        return {lab: 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, zi)))) for lab, zi in zip(self._labels, z, strict=True)}

    def to_json(self) -> dict[str, Any]:
        return {"version": FEATURES_VERSION, "threshold": self.threshold, "bias": self.bias,
                "weights": self.weights, "meta": self.meta}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> PairModel:
        return cls(d["weights"], d["bias"], float(d["threshold"]), d.get("meta"))

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


@cache
def load_model(path: str | None = None) -> PairModel | None:
    """The shipped model (or one at ``path``); None when there is none."""
    p = Path(path) if path else data_path(MODEL_FILE)
    if not p.exists():
        return None
    d = json.loads(p.read_text(encoding="utf-8"))
    if d.get("version") != FEATURES_VERSION:
        return None
    return PairModel.from_json(d)


def predict(
    art: Article, model: PairModel, kinds: dict[str, str], threshold: float | None = None
) -> list[tuple[Candidate, str, float]]:
    """Labels above the model's threshold for every candidate pair of ``art``."""
    verdicts = rule_verdicts(art)
    trig = triggers_by_token(art)
    view = _ArticleView(art)
    out = []
    for c in candidates(art):
        rt = {(c.a.actor_id, c.b.actor_id): verdicts.get((c.sentence, c.a.actor_id, c.b.actor_id), set())}
        sc = model.scores(features(art, c, kinds, rt, trig, view))
        for lab, p in sc.items():
            if p >= (model.threshold if threshold is None else threshold):
                out.append((c, lab, p))
    return out


# -- training ---------------------------------------------------------------

def training_rows(
    arts_and_golds: Iterable[tuple[Article, dict[str, Any]]], kinds: dict[str, str]
) -> list[tuple[dict[str, float], set[str], bool]]:
    """(features, gold labels, skip) per candidate pair; pairs that match only an
    optional gold relation are marked skip."""
    from rawabit.evaluate import _GoldActors

    rows = []
    for art, gold in arts_and_golds:
        ga = _GoldActors(gold)
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
        verdicts = rule_verdicts(art)
        trig = triggers_by_token(art)
        view = _ArticleView(art)
        for c in candidates(art):
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
            rt = {(c.a.actor_id, c.b.actor_id): verdicts.get((c.sentence, c.a.actor_id, c.b.actor_id), set())}
            rows.append((features(art, c, kinds, rt, trig, view), labels, optional and not labels))
    return rows


def fit(rows: list[tuple[dict[str, float], set[str], bool]], c: float = 1.0, threshold: float = 0.5,
        min_count: int = 2) -> PairModel:
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
    from rawabit.errors import ReadError
    from rawabit.evaluate import gold_pairs
    from rawabit.pipeline import Pipeline
    from rawabit.readers import read_file

    rules = Pipeline(relation_model=False)
    kinds = {aid: e.kind for aid, e in rules.kb.actors.items()}
    folders = [folder] if isinstance(folder, str | Path) else list(folder)
    data = []
    for art_path, gold_path in (pair for f in folders for pair in gold_pairs(Path(f))):
        raw = next((x for x in read_file(art_path) if not isinstance(x, ReadError)), None)
        if raw is None:
            continue
        # all actors, before salience drops the ones the rules left unrelated
        data.append((rules.run_raw(raw, until="salience"), json.loads(gold_path.read_text(encoding="utf-8"))))
    if not data:
        raise ValueError(f"{', '.join(map(str, folders))}: no article with a NAME.gold.json to train on")
    model = fit(training_rows(data, kinds), c=c, threshold=threshold)
    model.meta.update({"documents": len(data), "veto": veto, "c": c,
                       "trained_on": [Path(f).name if Path(f).is_absolute() else str(f) for f in folders]})
    return model
