"""Check actor files and the ambiguity rules; every problem names its file and actor.

``validate()`` never stops at the first problem: it returns them all, one
:class:`Problem` each, so ``rawabit actors validate`` can print one line per
problem and exit non-zero.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from rawabit.data import data_path, load_yaml_file
from rawabit.errors import DataError
from rawabit.kb.loader import KINDS, LIST_FIELDS, SCALAR_FIELDS, KnowledgeBase, load_files, packaged_files
from rawabit.text.normalise import normalise

PARENT_RELS = frozenset({
    "branch", "organ", "armed_forces", "wing", "member", "leader", "spokesman", "founder", "commander",
    "head_of_state", "head_of_government", "foreign_minister", "official",
})
SUCCESSION = frozenset({"renamed", "merged_into", "split_from", "succeeded_by"})
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_QID = re.compile(r"^Q[1-9]\d*$")
_ISO2 = re.compile(r"^[A-Z]{2}$")
_RULE_KEYS = frozenset({
    "forms", "candidates", "cancel_next", "cancel_prev", "cancel_proclitic", "require_prev",
    "require_next", "require_context", "context", "default", "note",
})
_KNOWN_KEYS = frozenset({"id", *LIST_FIELDS, *SCALAR_FIELDS, "note", "notes"})


def slugify(name: str) -> str:
    """The id convention: ``"Hay'at Tahrir al-Sham"`` -> ``hay-at-tahrir-al-sham``."""
    a = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    a = re.sub(r"[^a-z0-9]+", "-", a).strip("-")
    return a[4:] if a.startswith("the-") else a


@dataclass(frozen=True)
class Problem:
    """One problem in one file, about one actor (or rule)."""

    file: str
    actor: str | None
    message: str

    def __str__(self) -> str:
        who = f"actor {self.actor!r}: " if self.actor else ""
        return f"{self.file}: {who}{self.message}"


# --------------------------------------------------------------------------- ambiguity rules

@dataclass(frozen=True)
class AmbiguityRules:
    """The parsed ``ambiguity.yaml``: rules, and for each normalised form the rules about it."""

    rules: tuple[dict[str, Any], ...]
    by_form: dict[str, tuple[int, ...]]
    contains: tuple[dict[str, Any], ...]
    longest_match: bool
    path: str

    def for_form(self, form: str) -> list[dict[str, Any]]:
        """The rules about ``form`` (any spelling; it is normalised here)."""
        return [self.rules[i] for i in self.by_form.get(normalise(form), ())]


def load_rules(path: str | Path | None = None) -> AmbiguityRules:
    """Load ambiguity rules (the packaged file by default); raise DataError on a bad format."""
    if path is None:
        return _packaged_rules()
    return _parse_rules(Path(path))


@cache
def _packaged_rules() -> AmbiguityRules:
    return _parse_rules(data_path("ambiguity.yaml"))


def _parse_rules(p: Path) -> AmbiguityRules:
    problems = rule_format_problems(p)
    if problems:
        raise DataError(str(p), problems[0].message)
    data = load_yaml_file(p) or {}
    rules = tuple(data.get("rules") or ())
    by_form: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rules):
        for f in r["forms"]:
            by_form[normalise(f)].append(i)
    return AmbiguityRules(
        rules, {k: tuple(v) for k, v in by_form.items()}, tuple(data.get("contains") or ()),
        bool(data.get("longest_match", True)), str(p),
    )


def rule_format_problems(p: Path) -> list[Problem]:
    """Format problems of an ambiguity file (ids are checked against a KB in validate())."""
    path = str(p)
    try:
        data = load_yaml_file(p)
    except DataError as exc:
        return [Problem(path, None, exc.reason)]
    if not isinstance(data, dict) or not isinstance(data.get("rules"), list):
        return [Problem(path, None, "an ambiguity file is a mapping with a 'rules' list")]
    out: list[Problem] = []
    for i, r in enumerate(data["rules"]):
        where = f"rule {i + 1}"
        if not isinstance(r, dict):
            out.append(Problem(path, None, f"{where}: must be a mapping"))
            continue
        for k in r:
            if k not in _RULE_KEYS:
                out.append(Problem(path, None, f"{where}: unknown key {k!r}"))
        if not r.get("forms") or not isinstance(r["forms"], list):
            out.append(Problem(path, None, f"{where}: needs a non-empty 'forms' list"))
        if not isinstance(r.get("candidates"), list):
            out.append(Problem(path, None, f"{where}: needs a 'candidates' list (may be empty)"))
        for k in ("cancel_next", "cancel_prev", "cancel_proclitic", "require_prev", "require_next", "require_context"):
            if k in r and not (isinstance(r[k], list) and all(isinstance(x, str) for x in r[k])):
                out.append(Problem(path, None, f"{where}: {k!r} must be a list of words"))
        for g in r.get("context") or ():
            if not isinstance(g, dict) or not isinstance(g.get("keywords"), list) or "actor" not in g:
                out.append(Problem(path, None, f"{where}: each context group needs 'keywords' and 'actor'"))
    return out


def _rule_ids(rules: AmbiguityRules) -> Iterable[tuple[int, str]]:
    for i, r in enumerate(rules.rules):
        for a in r.get("candidates") or ():
            yield i, a
        for g in r.get("context") or ():
            if g.get("actor"):
                yield i, g["actor"]
        if r.get("default"):
            yield i, r["default"]


# --------------------------------------------------------------------------- actors

def _entry_problems(path: str, index: int, e: Any) -> list[Problem]:
    if not isinstance(e, dict):
        return [Problem(path, None, f"entry {index + 1}: must be a mapping")]
    aid = e.get("id")
    if not aid:
        return [Problem(path, None, f"entry {index + 1}: every actor needs an 'id'")]
    aid = str(aid)
    out: list[Problem] = []

    def bad(msg: str) -> None:
        out.append(Problem(path, aid, msg))

    if not _ID.match(aid):
        bad("id is not a slug (lowercase ascii words joined by '-')")
    for k, v in e.items():
        if k not in _KNOWN_KEYS:
            bad(f"unknown field {k!r}")
        elif k in LIST_FIELDS and v is not None and not isinstance(v, list):
            bad(f"{k!r} must be a list")
        elif k in LIST_FIELDS and isinstance(v, list) and k != "successors":
            if not all(isinstance(x, str) and x.strip() for x in v):
                bad(f"{k!r} must hold non-empty strings")
    if "kind" in e and e["kind"] not in KINDS:
        bad(f"unknown kind {e['kind']!r} (one of {', '.join(sorted(KINDS))})")
    q = e.get("wikidata")
    if q is not None and not (isinstance(q, str) and _QID.match(q)):
        bad(f"wikidata {q!r} is not a Q-id like Q34490")
    rel = e.get("parent_rel")
    if rel is not None and rel not in PARENT_RELS:
        bad(f"unknown parent_rel {rel!r}")
    if rel and not e.get("parent"):
        bad("parent_rel without parent")
    for c in e.get("countries") or ():
        if not (isinstance(c, str) and _ISO2.match(c)):
            bad(f"country {c!r} is not an ISO 3166-1 alpha-2 code")
    for s in e.get("successors") or ():
        if not isinstance(s, dict) or not s.get("id"):
            bad("each successor needs an 'id'")
        elif s.get("how") is not None and s["how"] not in SUCCESSION:
            bad(f"successor {s['id']!r}: unknown 'how' {s['how']!r}")
    return out


def _forms(e: dict[str, Any]) -> Iterable[tuple[str, str]]:
    """(field, form) pairs that must point at one actor only."""
    if e.get("name_ar"):
        yield "name_ar", e["name_ar"]
    for k in ("aliases_ar", "metonyms", "nisba", "nisba_plural"):
        for f in e.get(k) or ():
            if isinstance(f, str):
                yield k, f


def _swallowing_aliases(kb: KnowledgeBase) -> list[Problem]:
    """A person's alias with a role and a group's or state's name (``ذبيح الله مجاهد المتحدث باسم طالبان``).

    The longest match would swallow the organisation's mention, and with it the
    relation the phrase states.
    """
    org_forms: dict[tuple[str, ...], str] = {}
    for aid, e in kb.actors.items():
        if e.kind != "person":
            for f in (e.name_ar, *e.aliases_ar):
                if f:
                    org_forms.setdefault(tuple(normalise(f).split()), aid)
    from rawabit.data import load_yaml

    def bare(w: str) -> str:
        return w[2:] if w.startswith("ال") and len(w) > 4 else w

    roles = {bare(normalise(w)) for w in (*load_yaml("organs.yaml")["titles"], "باسم", "مؤسس")}
    out: list[Problem] = []
    for aid, e in kb.actors.items():
        if e.kind != "person":
            continue
        for f in (e.name_ar, *e.aliases_ar):
            words = tuple(normalise(f).split()) if f else ()
            if not any(bare(w) in roles for w in words):
                continue  # ليزا موناكو is a name, not "X, spokesman of Y"
            hit = next((org_forms[words[i:j]] for i in range(len(words)) for j in range(i + 1, len(words) + 1)
                        if (i, j) != (0, len(words)) and words[i:j] in org_forms), None)
            if hit:
                out.append(Problem(e.origin[-1], aid, f"Arabic alias {f!r} contains the name of {hit!r}: "
                                   "it would hide that actor and the relation; drop the alias"))
    return out


def _cycles(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(actor, 'parent'|'successor') for every actor on a cycle."""
    out: list[tuple[str, str]] = []
    for aid in kb.actors:  # parents: a chain
        seen, cur = {aid}, kb.actors[aid].parent
        while cur and cur in kb.actors:
            if cur == aid:
                out.append((aid, "parent"))
                break
            if cur in seen:
                break
            seen.add(cur)
            cur = kb.actors[cur].parent
    graph = {a: [s["id"] for s in e.successors if isinstance(s, dict) and s.get("id")] for a, e in kb.actors.items()}
    for aid in kb.actors:  # successors: a graph; depth-first from each actor
        stack, seen2 = list(graph[aid]), set()
        while stack:
            n = stack.pop()
            if n == aid:
                out.append((aid, "successor"))
                break
            if n in seen2 or n not in graph:
                continue
            seen2.add(n)
            stack.extend(graph[n])
    return out


def validate(extra: Iterable[Path | str] = (), *, packaged: bool = True,
             rules_path: Path | str | None = None) -> list[Problem]:
    """All problems of the packaged actor files (and ``extra`` user files merged over them)."""
    paths = [*(packaged_files() if packaged else []), *[Path(p) for p in extra]]
    problems: list[Problem] = []
    form_owners: dict[str, dict[str, str]] = defaultdict(dict)  # normalised form -> {actor id: file}
    names_en: dict[str, dict[str, str]] = defaultdict(dict)
    for p in paths:
        path = str(p)
        try:
            data = load_yaml_file(p)
        except DataError as exc:
            problems.append(Problem(path, None, exc.reason))
            continue
        if data is None:
            continue
        if not isinstance(data, list):
            problems.append(Problem(path, None, "an actor file must be a YAML list of actors"))
            continue
        for i, e in enumerate(data):
            found = _entry_problems(path, i, e)
            problems.extend(found)
            if not isinstance(e, dict) or not e.get("id"):
                continue
            aid = str(e["id"])
            for _, f in _forms(e):
                form_owners[normalise(f)].setdefault(aid, path)
            if isinstance(e.get("name_en"), str):
                names_en[e["name_en"].casefold()].setdefault(aid, path)
    if any(pr.actor is None for pr in problems):
        return problems  # a file did not even parse as a list of actors: merging would fail the same way
    try:
        kb = load_files(paths)
    except DataError as exc:
        problems.append(Problem(exc.path, None, exc.reason))
        return problems

    def origin(aid: str) -> str:
        return kb.actors[aid].origin[-1]

    for aid, e in kb.actors.items():
        if e.parent and e.parent not in kb.actors:
            problems.append(Problem(origin(aid), aid, f"parent {e.parent!r} does not exist"))
        if e.parent == aid:
            problems.append(Problem(origin(aid), aid, "is its own parent"))
        if e.parent_rel == "armed_forces" and e.parent in kb.actors and kb.actors[e.parent].kind != "state":
            problems.append(Problem(origin(aid), aid, "armed_forces of a parent that is not a state"))
        for s in e.successors:
            if isinstance(s, dict) and s.get("id") and s["id"] not in kb.actors:
                problems.append(Problem(origin(aid), aid, f"successor {s['id']!r} does not exist"))
    for aid, what in _cycles(kb):
        problems.append(Problem(origin(aid), aid, f"is on a cycle of {what}s"))

    rp = Path(rules_path) if rules_path else data_path("ambiguity.yaml")
    fmt = rule_format_problems(rp)
    problems.extend(fmt)
    rules = None if fmt else _parse_rules(rp)
    if rules is not None:
        for i, aid in sorted(set(_rule_ids(rules))):
            if aid not in kb.actors:
                problems.append(Problem(str(rp), None, f"rule {i + 1}: actor {aid!r} does not exist"))
    for form, owners in sorted(form_owners.items()):
        live = {a: f for a, f in owners.items() if a in kb.actors}
        if len(live) < 2:
            continue
        if rules is not None and any(set(live) <= set(r.get("candidates") or ()) or not r.get("candidates")
                                     for r in rules.for_form(form)):
            continue
        ids = sorted(live)
        for aid in ids[1:]:
            problems.append(Problem(
                live[aid], aid,
                f"Arabic form {form!r} also names {ids[0]!r} ({live[ids[0]]}); "
                "remove one or add a rule to ambiguity.yaml",
            ))
    problems.extend(_swallowing_aliases(kb))
    for name, owners in sorted(names_en.items()):
        holders = sorted(a for a in owners if a in kb.actors)
        if len(holders) > 1:
            for aid in holders[1:]:
                problems.append(Problem(owners[aid], aid, f"name_en {name!r} is also the name of {holders[0]!r}"))
    return problems
