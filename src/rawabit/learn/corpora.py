"""Readers for the NER training corpora, all mapped to ANERcorp's tag set.

Every reader yields sentences as ``(tokens, tags)`` with IOB2 tags over
``PERS``, ``LOC``, ``ORG`` and ``MISC``:

- ANERcorp (CAMeL Lab split): ``token TAG`` per line, blank line between sentences.
- NewsFANE: TAB-separated, a BOM, CRLF line ends, U+200E before tokens, 50
  fine-grained classes folded by :data:`NEWSFANE_MAP`. It is the ANERcorp text
  re-tagged (and re-tokenised), so :func:`read_newsfane` can drop every sentence
  that overlaps a set of held-out sentences (the ANERcorp test split).
- AQMAR: ``token TAG`` per line, ``PER/LOC/ORG/MIS*`` with some noise (``OO``,
  ``B-MIS1```, ``I--ORG``), repaired by :func:`_aqmar_tag`.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from rawabit.errors import DataError
from rawabit.text.normalise import normalise

Sentence = tuple[list[str], list[str]]
TYPES = ("PERS", "LOC", "ORG", "MISC")

# NewsFANE fine-grained class -> ANERcorp coarse type (None: not an entity in
# ANERcorp's guidelines). Nations and cities are LOC in ANERcorp (it has no GPE);
# governments, parties, companies, media and teams are ORG; nationality groups
# ("الصينيون") are not tagged as entities in ANERcorp.
NEWSFANE_MAP: dict[str, str | None] = {
    # persons
    "Politician": "PERS", "Athlete": "PERS", "Artist": "PERS", "Other_PER": "PERS",
    "Religious_PER": "PERS", "Scientist": "PERS", "Businessperson": "PERS", "Lawyer": "PERS",
    "Engineer": "PERS", "Police": "PERS",
    # places
    "Nation": "LOC", "Population-Center": "LOC", "State-or-Province": "LOC", "GPE-Cluster": "LOC",
    "Continent": "LOC", "Water-Body": "LOC", "Land": "LOC", "County-or-District": "LOC",
    "Land-Region-Natural": "LOC", "Celestial": "LOC", "Building-Grounds": "LOC", "Path": "LOC",
    "Airport": "LOC", "Subarea-Facility": "LOC",
    # organisations
    "Non-Governmental": "ORG", "Sports": "ORG", "Government": "ORG", "Media": "ORG",
    "Commercial": "ORG", "Educational": "ORG", "Medical-Science": "ORG", "Entertainment": "ORG",
    "Religious_ORG": "ORG",
    # everything else ANERcorp calls MISC (events, works, products)
    "Book": "MISC", "Movie": "MISC", "Software": "MISC", "Hardware": "MISC", "Air": "MISC",
    "Projectile": "MISC", "Food": "MISC", "Shooting": "MISC", "Water": "MISC", "Drug": "MISC",
    "Plant": "MISC",
    "Group": None,
}

_AQMAR_TYPES = {"PER": "PERS", "LOC": "LOC", "ORG": "ORG", "MIS": "MISC"}


def _conll_lines(path: Path, sep: str | None) -> Iterator[list[str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise DataError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    for line in text.replace("\r\n", "\n").split("\n"):
        parts = line.split(sep) if sep else line.split()
        yield [p.strip().replace("\u200e", "").replace("\u200f", "") for p in parts]


def _sentences(rows: Iterable[list[str]]) -> Iterator[Sentence]:
    toks: list[str] = []
    tags: list[str] = []
    for parts in rows:
        if len(parts) < 2 or not parts[0]:
            if toks:
                yield toks, repair_iob(tags)
                toks, tags = [], []
            continue
        toks.append(parts[0])
        tags.append(parts[-1])
    if toks:
        yield toks, repair_iob(tags)


def repair_iob(tags: list[str]) -> list[str]:
    """Make a tag sequence valid IOB2 (an ``I-X`` that follows no ``X`` becomes ``B-X``)."""
    out: list[str] = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def read_anercorp(path: str | Path) -> list[Sentence]:
    """ANERcorp CoNLL file (``token TAG``)."""
    sents = list(_sentences(_conll_lines(Path(path), None)))
    for _toks, tags in sents:
        for t in tags:
            if t != "O" and (t[:2] not in ("B-", "I-") or t[2:] not in TYPES):
                raise DataError(str(path), f"unknown tag {t!r}")
    return sents


def _newsfane_tag(tag: str) -> str:
    if tag in ("O", "") or tag[:2] not in ("B-", "I-"):
        return "O"
    coarse = NEWSFANE_MAP.get(tag[2:])
    return f"{tag[:2]}{coarse}" if coarse else "O"


def sentence_key(tokens: Iterable[str]) -> str:
    """A tokenisation-independent key of a sentence: its normalised letters only.

    NewsFANE splits clitics (``و الصين``) where ANERcorp does not (``والصين``),
    so sentences are compared on their letters with spaces and punctuation removed.
    """
    return re.sub(r"[\W_]+", "", normalise("".join(tokens)))


def read_newsfane(path: str | Path, exclude: Iterable[Sentence] = ()) -> list[Sentence]:
    """NewsFANE gold, folded to PERS/LOC/ORG/MISC, without sentences overlapping ``exclude``.

    A NewsFANE sentence is dropped when its letter key equals, contains or is
    contained in the key of an excluded sentence (sentence breaks differ
    slightly between the two releases), or shares a long run of letters with
    the excluded text (see :func:`_overlaps`).
    """
    out: list[Sentence] = []
    held = _HeldOut([toks for toks, _ in exclude])
    for toks, tags in _sentences(_conll_lines(Path(path), "\t")):
        tags = repair_iob([_newsfane_tag(t) for t in tags])
        if held and held.overlaps(toks):
            continue
        out.append((toks, tags))
    return out


class _HeldOut:
    """Letter n-gram index of held-out text to find overlapping sentences."""

    N = 24  # letters; a run this long shared with the test text means same text

    def __init__(self, sentences: list[list[str]]) -> None:
        self.text = "\x00".join(sentence_key(s) for s in sentences)
        self.grams: set[str] = set()
        for key in self.text.split("\x00"):
            for i in range(0, max(1, len(key) - self.N + 1), 4):
                self.grams.add(key[i:i + self.N])

    def __bool__(self) -> bool:
        return bool(self.grams)

    def overlaps(self, tokens: list[str]) -> bool:
        key = sentence_key(tokens)
        if len(key) < self.N:
            return len(key) >= 8 and key in self.text
        return any(key[i:i + self.N] in self.grams for i in range(len(key) - self.N + 1))


def _aqmar_tag(tag: str) -> str:
    tag = tag.strip("`").replace("--", "-")
    if tag in ("O", "OO", "IO") or len(tag) < 3 or tag[1] != "-":
        return "O"
    prefix, kind = tag[0], tag[2:]
    for key, coarse in _AQMAR_TYPES.items():
        if kind.startswith(key):
            return f"{prefix}-{coarse}" if prefix in "BI" else "O"
    return "O"  # B-ENGLISH, B-SPANISH: language names, not entities in ANERcorp


def read_aqmar(folder: str | Path) -> list[Sentence]:
    """All AQMAR articles of ``folder``; ``MIS0..3`` all become ``MISC``."""
    out: list[Sentence] = []
    for p in sorted(Path(folder).glob("*.txt")):
        for toks, tags in _sentences(_conll_lines(p, None)):
            out.append((toks, repair_iob([_aqmar_tag(t) for t in tags])))
    return out


def read_conll(path: str | Path) -> list[Sentence]:
    """Any ``token TAG`` CoNLL file (space or TAB separated, tag in the last column)."""
    p = Path(path)
    with p.open(encoding="utf-8-sig") as fh:
        head = fh.read(4096)
    sep = "\t" if "\t" in head else None
    return list(_sentences(_conll_lines(p, sep)))


def write_conll(sents: Iterable[Sentence], path: str | Path) -> None:
    """Write sentences as ``token TAG`` lines with blank lines between sentences."""
    with Path(path).open("w", encoding="utf-8") as fh:
        for toks, tags in sents:
            for tok, tag in zip(toks, tags, strict=True):
                fh.write(f"{tok} {tag}\n")
            fh.write("\n")


def shared_dir() -> Path:
    """``/work/shared``-like folder beside the repository (data lives there)."""
    return Path(__file__).resolve().parents[4] / "shared"


def corpus_path(root: Path | None = None) -> Path:
    """The unlabelled news corpus (SaudiNewsNet 2015) under the shared folder ``root``."""
    return (root or shared_dir()) / "data" / "corpus" / "saudinewsnet-2015.jsonl.gz"


def corpus_records(path: str | Path, limit: int | None = None) -> Iterator[dict[str, Any]]:
    """The records of a JSON Lines corpus, gzipped or not: at most ``limit`` of its lines,
    blank lines skipped."""
    p = Path(path)
    opener: Any = gzip.open if p.suffix == ".gz" else open
    with opener(p, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                break
            if line.strip():
                yield json.loads(line)


def default_paths(root: Path | None = None) -> dict[str, Path]:
    """Where the corpora are expected under the shared data folder."""
    base = (root or shared_dir()) / "data" / "ner"
    return {
        "train": base / "anercorp" / "ANERCorp_CamelLab_train.txt",
        "test": base / "anercorp" / "ANERCorp_CamelLab_test.txt",
        "newsfane": base / "newsfane" / "NewsFANE_Gold_2014_170K.txt",
        "aqmar": base / "aqmar",
    }
