"""Gold annotations (SPEC.md §4): finding them, reading them, matching actors against them.

A gold file sits beside its article as ``NAME.gold.json``. Scoring
(:mod:`rawabit.evaluate`) and training (:mod:`rawabit.learn`) both read gold
files through this module, so the two match names in one way.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from rawabit.errors import ReadError
from rawabit.model import RawArticle, relation_key
from rawabit.readers import read_file
from rawabit.text.normalise import strip_diacritics

Triple = tuple[str, str, str]
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")
_PUNCT = re.compile(r"[^\w\s]|_")
_SPEC_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه"})


def norm_name(name: str) -> str:
    """English-name key: case, punctuation and diacritics ignored; leading
    "the"/"al-" and a trailing qualifier in parentheses dropped."""
    s = _PAREN.sub("", name).strip()
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = s.lower().strip()
    s = re.sub(r"^(the\s+|al-|al\s+)", "", s)
    s = _PUNCT.sub(" ", s)
    return " ".join(s.split())


def norm_ar(form: str) -> str:
    """Arabic form key per SPEC §4: diacritics/tatweel removed, أإآ->ا, ى->ي, ة->ه."""
    return " ".join(strip_diacritics(form).translate(_SPEC_FOLD).split())


class GoldActors:
    """The actors of one gold annotation, matched by English name or Arabic form."""

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


def triple(s: str, t: str, typ: str) -> tuple[str, str, str]:
    """A ``(source, type, target)`` triple, its two actors in order for symmetric types."""
    return relation_key(s, typ, t)


def gold_triples(gold: dict[str, Any], ga: GoldActors | None = None) -> tuple[set[Triple], set[Triple]]:
    """The gold relations as triples of gold actor entries (SPEC §4): required ones, and
    optional ones that are not also required; negated relations are in neither."""
    ga = ga or GoldActors(gold)
    pos: set[Triple] = set()
    opt: set[Triple] = set()
    for r in gold.get("relations", []):
        s, t = ga.entry_of_name(r["source"]), ga.entry_of_name(r["target"])
        if s is None or t is None or r.get("modality") == "negated":
            continue
        (opt if r.get("optional") else pos).add(triple(s, t, r["type"]))
    return pos, opt - pos


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


def read_gold(path: Path) -> dict[str, Any]:
    """The annotation of one gold file."""
    return json.loads(path.read_text(encoding="utf-8"))


def gold_article(path: Path) -> RawArticle | None:
    """The article a gold file annotates: the first readable one of ``path`` (None if there is none)."""
    return next((x for x in read_file(path) if not isinstance(x, ReadError)), None)
