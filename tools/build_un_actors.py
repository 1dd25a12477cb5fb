"""Build the actor file of the UN ISIL/al-Qaida sanctions individuals that have Arabic names.

Reads ``un_isil_alqaida_individuals.tsv`` (column ``name_original_script``) and
ties each person to his group through ``associated_refs`` -> the actors whose
``sources`` carry ``un-sanctions:QDe.NNN``. A person already in the knowledge
base (same ``un-sanctions:QDi.NNN`` source, or an Arabic alias that is his
listed name) only gets his listed names added; no scalar of a hand-made entry
is overridden.

    python tools/build_un_actors.py [--gazetteers DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from rawabit.kb.loader import load_files, packaged_files
from rawabit.kb.validate import slugify
from rawabit.text.normalise import normalise

DEFAULT_GAZ = Path("/work/shared/data/gazetteers")
OUT_NAME = "50-un-sanctions-individuals.yaml"

# When several actors carry one entity ref, the one a listed person belongs to.
PREFERRED = {
    "QDe.004": "al-qaeda",
    "QDe.115": "islamic-state",
    "QDe.129": "al-qaeda-in-the-arabian-peninsula",
    "QDe.137": "al-nusra-front",
    "QDe.144": "abdullah-azzam-brigades",
    "QDe.139": "al-mulathameen-brigade",
    "QDe.140": "al-mulathameen-brigade",
}
# Nationality strings of the list that are not a state's name_en.
NATIONALITY = {
    "Syrian Arab Republic": "SY", "Iran (Islamic Republic of)": "IR", "Russian Federation": "RU",
    "United Republic of Tanzania": "TZ", "United Kingdom of Great Britain and Northern Ireland": "GB",
    "United States of America": "US", "Türkiye": "TR", "Turkey": "TR", "Libyan Arab Jamahiriya": "LY",
    "Viet Nam": "VN", "Republic of Korea": "KR", "Côte d'Ivoire": "CI",
}

_ABD = re.compile(r"\bعبد(?=ال)")


def variants(name: str) -> list[str]:
    """The listed name plus its other عبد ال spacing (عبدالحليم <-> عبد الحليم)."""
    spaced = _ABD.sub("عبد ", name)
    joined = re.sub(r"\bعبد (?=ال)", "عبد", name)
    out = [name]
    for v in (spaced, joined):
        if v not in out:
            out.append(v)
    return out


def _en_key(name: str) -> str:
    """English names compared without case, punctuation or a leading al-."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", slugify(name).replace("-", " ")).split())


def title(latin: str) -> str:
    """``AIMAN MUHAMMED RABI AL-ZAWAHIRI`` -> ``Aiman Muhammed Rabi al-Zawahiri``."""
    words = []
    for w in latin.split():
        t = "-".join(p.capitalize() for p in w.lower().split("-"))
        if t.startswith("Al-"):
            t = "al-" + t[3:]
        words.append(t)
    return " ".join(words)


def build(gaz: Path, actor_files: list[Path]) -> list[dict[str, Any]]:
    """Actor entries (YAML-ready dicts) for the listed individuals with Arabic names."""
    kb = load_files(actor_files)
    by_ref: dict[str, list[str]] = {}
    for aid, e in kb.actors.items():
        for s in e.sources:
            if s.startswith("un-sanctions:"):
                by_ref.setdefault(s.split(":", 1)[1], []).append(aid)
    by_alias: dict[str, str] = {}
    for aid, e in kb.actors.items():
        for f in (e.name_ar, *e.aliases_ar):
            by_alias.setdefault(normalise(f), aid)
    by_en: dict[str, str] = {}
    for aid, e in kb.actors.items():
        if e.kind == "person":
            for n in (e.name_en, *e.aliases_en):
                by_en.setdefault(_en_key(n), aid)
    iso = {e.name_en.casefold(): e.countries[0] for e in kb.actors.values() if e.kind == "state" and e.countries}

    def group_of(refs: str) -> str | None:
        for r in refs.split():
            if not r.startswith("QDe."):
                continue
            if r in PREFERRED and PREFERRED[r] in kb.actors:
                return PREFERRED[r]
            if by_ref.get(r):
                return by_ref[r][0]
        return None

    out: list[dict[str, Any]] = []
    taken = set(kb.actors)
    with (gaz / "un_isil_alqaida_individuals.tsv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            ar = (row.get("name_original_script") or "").strip()
            if not ar:
                continue
            ref = row["ref"].strip()
            latin = title(row["name_latin"].strip())
            aliases_en = [latin, *[a.strip() for a in (row.get("aliases") or "").split("|") if a.strip()]]
            src = f"un-sanctions:{ref}"
            known = (by_ref.get(ref) or [None])[0] or next(
                (by_alias[normalise(v)] for v in variants(ar) if normalise(v) in by_alias), None) or next(
                (by_en[_en_key(n)] for n in aliases_en if len(_en_key(n).split()) >= 3 and _en_key(n) in by_en), None)
            if not known and slugify(latin) in kb.actors and kb.actors[slugify(latin)].kind == "person":
                known = slugify(latin)
            if known and kb.actors[known].kind == "person":
                out.append({"id": known, "aliases_ar": variants(ar), "aliases_en": aliases_en, "sources": [src]})
                continue
            aid = slugify(latin)
            if aid in taken:
                aid = f"{aid}-{ref.lower().replace('.', '-')}"
            taken.add(aid)
            entry: dict[str, Any] = {"id": aid, "name_en": latin, "name_ar": ar, "kind": "person"}
            parent = group_of(row.get("associated_refs") or "")
            if parent:
                entry["parent"], entry["parent_rel"] = parent, "member"
            entry["aliases_ar"] = variants(ar)
            entry["aliases_en"] = aliases_en
            countries = []
            for n in (row.get("nationality") or "").split(";"):
                n = n.strip()
                code = NATIONALITY.get(n) or iso.get(n.casefold())
                if code and code not in countries:
                    countries.append(code)
            if countries:
                entry["countries"] = countries
            entry["sources"] = [src]
            out.append(entry)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gazetteers", type=Path, default=DEFAULT_GAZ)
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args(argv)
    # the hand-made files (and not the training-set file, generated from this one and them)
    files = [p for p in packaged_files() if p.name not in (OUT_NAME, "60-train-gold.yaml")]
    out = args.out or files[0].parent / OUT_NAME
    entries = build(args.gazetteers, files)
    header = (
        "# Individuals of the UN Security Council ISIL (Da'esh) & al-Qaida sanctions list (2024-06-07)\n"
        "# that have a name in Arabic script; generated by tools/build_un_actors.py, do not edit by hand\n"
        "# (edit the hand-made files: an entry here with an existing id only adds names).\n# version: 1\n"
    )
    text = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, default_flow_style=None, width=10000)
    tmp = out.with_suffix(".yaml.tmp")
    tmp.write_text(header + text, encoding="utf-8")
    tmp.replace(out)
    print(f"{out}: {len(entries)} individuals", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
