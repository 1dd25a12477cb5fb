"""``rawabit eval``: score extraction against gold files exactly as SPEC.md §4 says."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rawabit.errors import ReadError
from rawabit.model import SYMMETRIC_TYPES, Article
from rawabit.text.normalise import strip_diacritics

_PAREN = re.compile(r"\s*\([^)]*\)\s*$")
_PUNCT = re.compile(r"[^\w\s]|_")
_SPEC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})


def norm_name(name: str) -> str:
    """English-name key: case, punctuation and diacritics ignored; leading
    "the"/"al-" and a trailing qualifier in parentheses dropped."""
    s = _PAREN.sub("", name).strip()
    s = "".join(c for c in __import__("unicodedata").normalize("NFKD", s) if not __import__("unicodedata").combining(c))
    s = s.lower().strip()
    s = re.sub(r"^(the\s+|al-|al\s+)", "", s)
    s = _PUNCT.sub(" ", s)
    return " ".join(s.split())


def norm_ar(form: str) -> str:
    """Arabic form key per SPEC §4: diacritics/tatweel removed, أإآ->ا, ى->ي, ة->ه."""
    return " ".join(strip_diacritics(form).translate(_SPEC_FOLD).split())


@dataclass
class Counts:
    """True positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Counts) -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "support": self.tp + self.fn,
        }


@dataclass
class DocScore:
    """Scores of one document."""

    name: str
    actors: Counts
    relations: Counts
    meta: dict[str, bool | None] = field(default_factory=dict)
    missed: list[tuple[str, str, str]] = field(default_factory=list)
    spurious: list[tuple[str, str, str]] = field(default_factory=list)


class _GoldActors:
    def __init__(self, gold: dict[str, Any]) -> None:
        self.entries: list[str] = list(gold.get("actors", []))
        arabic = gold.get("arabic", {}) or {}
        self.names = {e: {norm_name(a) for a in e.split("|")} for e in self.entries}
        self.forms = {e: {norm_ar(f) for f in arabic.get(e, [])} for e in self.entries}

    def match(self, name_en: str, name_ar: str) -> list[str]:
        """Gold entries a predicted actor matches (by English name, else Arabic form)."""
        n = norm_name(name_en)
        hits = [e for e in self.entries if n in self.names[e]]
        if hits:
            return hits
        a = norm_ar(name_ar)
        cands = {a}
        if a[:1] in ("و", "ف", "ب", "ل") and len(a) > 2:
            cands.add(a[1:])
        return [e for e in self.entries if cands & self.forms[e]]

    def entry_of_name(self, name: str) -> str | None:
        """The gold entry a gold relation names."""
        if name in self.names:
            return name
        n = {norm_name(x) for x in name.split("|")}
        for e in self.entries:
            if n & self.names[e]:
                return e
        return None


def _triple(s: str, t: str, typ: str) -> tuple[str, str, str]:
    if typ in SYMMETRIC_TYPES and t < s:
        s, t = t, s
    return (s, typ, t)


def score_document(name: str, art: Article | dict[str, Any], gold: dict[str, Any]) -> DocScore:
    """Score one predicted article against its gold annotation."""
    d = art.as_dict() if isinstance(art, Article) else art
    ga = _GoldActors(gold)
    # actors: predicted set of name_en; each matches at most one gold entry
    pred_map: dict[str, list[str]] = {}
    for a in d["actors"]:
        pred_map[a["id"]] = ga.match(a["name_en"], a.get("name_ar", ""))
    matched_gold = {e for hits in pred_map.values() for e in hits}
    unmatched_pred = {a["name_en"] for a in d["actors"] if not pred_map[a["id"]]}
    actors = Counts(tp=len(matched_gold), fp=len(unmatched_pred), fn=len(set(ga.entries) - matched_gold))
    # relations
    gold_pos: set[tuple[str, str, str]] = set()
    gold_opt: set[tuple[str, str, str]] = set()
    for r in gold.get("relations", []):
        s, t = ga.entry_of_name(r["source"]), ga.entry_of_name(r["target"])
        if s is None or t is None:
            continue
        trip = _triple(s, t, r["type"])
        if r.get("modality") == "negated":
            continue
        (gold_opt if r.get("optional") else gold_pos).add(trip)
    gold_opt -= gold_pos
    pred: set[tuple[tuple[str, ...], str, tuple[str, ...]]] = set()
    for r in d["relations"]:
        if r.get("modality") == "negated":
            continue
        pred.add((tuple(pred_map.get(r["source"], ())) or (f"?{r['source']}",), r["type"],
                  tuple(pred_map.get(r["target"], ())) or (f"?{r['target']}",)))
    tp_set: set[tuple[str, str, str]] = set()
    fp = 0
    spurious = []
    seen_pred: set[tuple[str, str, str]] = set()
    for srcs, typ, tgts in pred:
        options = {_triple(s, t, typ) for s in srcs for t in tgts}
        hit = options & gold_pos
        if hit:
            tp_set |= hit
            continue
        if options & gold_opt:
            continue
        key = sorted(options)[0]
        if key in seen_pred:
            continue
        seen_pred.add(key)
        fp += 1
        spurious.append(key)
    rels = Counts(tp=len(tp_set), fp=fp, fn=len(gold_pos - tp_set))
    meta: dict[str, bool | None] = {}
    for k in ("title", "published", "author"):
        if k in gold:
            meta[k] = _meta_equal(k, d.get(k), gold[k])
    return DocScore(name, actors, rels, meta, sorted(gold_pos - tp_set), spurious)


def _meta_equal(key: str, pred: Any, gold: Any) -> bool:
    if gold is None or pred is None:
        return pred is None and gold is None
    if key == "published":
        return str(pred)[:16] == str(gold)[:16]
    return " ".join(str(pred).split()) == " ".join(str(gold).split())


@dataclass
class EvalResult:
    """Per-document and total scores."""

    docs: list[DocScore]
    actors: Counts
    relations: Counts
    meta: dict[str, tuple[int, int]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": [{"document": d.name, "actors": d.actors.as_dict(), "relations": d.relations.as_dict(), "meta": d.meta}
                          for d in self.docs],
            "total": {"actors": self.actors.as_dict(), "relations": self.relations.as_dict(),
                      "meta": {k: {"correct": v[0], "of": v[1]} for k, v in self.meta.items()}},
        }


def gold_pairs(folder: Path) -> list[tuple[Path, Path]]:
    """(article, gold) file pairs of a folder: ``NAME.gold.json`` beside ``NAME.txt|jsonl|html``."""
    out = []
    for g in sorted(folder.glob("*.gold.json")):
        stem = g.name[: -len(".gold.json")]
        doc = json.loads(g.read_text(encoding="utf-8")).get("document")
        cands = [folder / doc] if doc else []
        cands += [folder / f"{stem}{s}" for s in (".txt", ".jsonl", ".html", ".htm")]
        art = next((c for c in cands if c.exists()), None)
        if art is not None:
            out.append((art, g))
    return out


def evaluate(folder: str | Path, pipeline: Any = None, articles: Iterable[Article] | None = None) -> EvalResult:
    """Run extraction on every article of ``folder`` that has a gold file and score it."""
    from rawabit.pipeline import default_pipeline
    from rawabit.readers import read_file

    p = pipeline or default_pipeline()
    docs: list[DocScore] = []
    tot_a, tot_r = Counts(), Counts()
    meta: dict[str, list[int]] = {}
    for art_path, gold_path in gold_pairs(Path(folder)):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        items = list(read_file(art_path))
        raw = next((x for x in items if not isinstance(x, ReadError)), None)
        if raw is None:
            raise ReadError(str(art_path), "no readable article for this gold file")
        art = p.run_raw(raw)
        ds = score_document(art_path.name, art, gold)
        docs.append(ds)
        tot_a.add(ds.actors)
        tot_r.add(ds.relations)
        for k, ok in ds.meta.items():
            m = meta.setdefault(k, [0, 0])
            m[0] += int(bool(ok))
            m[1] += 1
    return EvalResult(docs, tot_a, tot_r, {k: (v[0], v[1]) for k, v in meta.items()})
