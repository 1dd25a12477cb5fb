"""The package's layout: no import circle among its modules, no module taking another's private
names, and extraction importing only what it runs.

How the import graph is built: every module of ``src/rawabit`` is parsed with ``ast`` and every
``import`` and ``from … import`` naming a ``rawabit`` module is collected, at module level and
inside functions alike (a lazy import still ties two modules together), relative ones resolved.

- ``from rawabit.x import y`` where ``y`` is a submodule is an edge to ``rawabit.x.y``.
- ``from rawabit.x import name`` where ``rawabit.x`` is a package is resolved to the module that
  defines ``name``, following the package ``__init__``'s own imports (``from rawabit.kb import load``
  is an edge to ``rawabit.kb.loader``). Only a name the ``__init__`` defines itself (such as
  ``rawabit.__version__``) is an edge to the ``__init__``, which then counts with all its imports.
- The parent packages Python initialises before a submodule are not edges: every module would
  otherwise depend on ``rawabit/__init__.py`` and, through it, on the pipeline. So a package
  ``__init__`` that imports its own submodules (to re-export them) makes no circle.

A private name is one with a leading underscore (dunders such as ``__version__`` are public):
no module may import one from another ``rawabit`` module, nor read one as an attribute of a
``rawabit`` module it imported (``mentions._given_names()``).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "rawabit"
# What extraction may not reach, directly or through other modules: training and scoring code.
NOT_FROM_EXTRACTION = ("rawabit.learn", "rawabit.evaluate", "rawabit.gold")


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    tree: ast.Module
    defined: set[str] = field(default_factory=set)  # names bound by the module itself
    reexports: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (module, name there)


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        return ".".join(parts[:-1]), True
    return ".".join(parts), False


def _modules() -> dict[str, Module]:
    out = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        name, is_package = _module_name(path)
        out[name] = Module(name, path, is_package, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    for mod in out.values():
        for node in mod.tree.body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                mod.defined.add(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                mod.defined.update(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(mod, node)
                for alias in node.names:
                    mod.reexports[alias.asname or alias.name] = (source, alias.name)
    return out


def _absolute(mod: Module, node: ast.ImportFrom) -> str:
    """The absolute module name of ``from [.]x import …`` inside ``mod``."""
    if not node.level:
        return node.module or ""
    base = mod.name.split(".")
    base = base if mod.is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _defining(modules: dict[str, Module], module: str, name: str, seen: frozenset[str] = frozenset()) -> str:
    """The module that defines ``name`` as seen from ``module`` (through a package's re-exports)."""
    mod = modules[module]
    if not mod.is_package or name in mod.defined or module in seen or name not in mod.reexports:
        return module
    source, original = mod.reexports[name]
    if source == f"{module}.{original}" or source not in modules:
        return source if source in modules else module
    return _defining(modules, source, original, seen | {module})


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    line: int
    names: tuple[str, ...] = ()  # the names imported, when imported by name


def _edges(modules: dict[str, Module]) -> list[Edge]:
    edges = []
    for mod in modules.values():
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.Import):
                edges += [Edge(mod.name, a.name, node.lineno) for a in node.names if a.name in modules]
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(mod, node)
                if source.split(".")[0] != PACKAGE:
                    continue
                for alias in node.names:
                    sub = f"{source}.{alias.name}"
                    if sub in modules:
                        edges.append(Edge(mod.name, sub, node.lineno))
                    elif source in modules:
                        target = _defining(modules, source, alias.name)
                        edges.append(Edge(mod.name, target, node.lineno, (alias.name,)))
    return edges


def _graph(edges: list[Edge]) -> dict[str, dict[str, Edge]]:
    graph: dict[str, dict[str, Edge]] = {}
    for e in edges:
        if e.source != e.target:
            graph.setdefault(e.source, {}).setdefault(e.target, e)
    return graph


def _cycle(graph: dict[str, dict[str, Edge]]) -> list[Edge]:
    """One import circle of ``graph`` as its edges, or [] when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[Edge] = []

    def visit(node: str) -> list[Edge]:
        state[node] = 1
        for target, edge in sorted(graph.get(node, {}).items()):
            if state.get(target) == 1:
                start = next(i for i, e in enumerate(path) if e.source == target) if target != node else len(path)
                return [*path[start:], edge]
            if target not in state:
                path.append(edge)
                found = visit(target)
                if found:
                    return found
                path.pop()
        state[node] = 2
        return []

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return []


def _show(edges: list[Edge]) -> str:
    return "\n".join(f"  {e.source} -> {e.target} (line {e.line}{': ' + ', '.join(e.names) if e.names else ''})"
                     for e in edges)


MODULES = _modules()
EDGES = _edges(MODULES)


def test_the_graph_sees_lazy_and_package_imports():
    """The checks below are only as good as the graph: a function-level import, a submodule
    imported by name and a name re-exported by a package are all edges to the right module."""
    pairs = {(e.source, e.target) for e in EDGES}
    assert ("rawabit.pipeline", "rawabit.extraction.relations") in pairs  # inside Pipeline.__init__
    assert ("rawabit.extraction.mentions", "rawabit.extraction.provisional") in pairs  # from … import provisional
    assert ("rawabit.analysis.resolve", "rawabit.kb.loader") in pairs  # from rawabit.kb import load
    assert ("rawabit.cli", "rawabit") in pairs  # __version__ is defined in rawabit/__init__.py


def test_no_import_circle():
    cycle = _cycle(_graph(EDGES))
    assert not cycle, "import circle:\n" + _show(cycle)


def test_no_private_names_of_other_modules():
    bad = []
    for mod in MODULES.values():
        bound: dict[str, str] = {}  # local name -> rawabit module it stands for
        for node in ast.walk(mod.tree):
            if isinstance(node, ast.Import):
                bound.update({a.asname: a.name for a in node.names if a.asname and a.name in MODULES})
            elif isinstance(node, ast.ImportFrom):
                source = _absolute(mod, node)
                if source.split(".")[0] != PACKAGE:
                    continue
                for a in node.names:
                    if f"{source}.{a.name}" in MODULES:
                        bound[a.asname or a.name] = f"{source}.{a.name}"
                    if _private(a.name):
                        bad.append(f"{mod.name} line {node.lineno}: from {source} import {a.name}")
        for node in ast.walk(mod.tree):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in bound
                    and _private(node.attr) and bound[node.value.id] != mod.name):
                bad.append(f"{mod.name} line {node.lineno}: {node.value.id}.{node.attr}")
    assert not bad, "private names taken from other modules:\n  " + "\n  ".join(bad)


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def test_extraction_reaches_no_training_or_scoring_code():
    """Extraction imports only what it runs: no module of ``rawabit.extraction`` reaches the
    training code, the scorer or the gold reader, directly or through other modules."""
    graph = _graph(EDGES)
    bad = []
    for start in sorted(m for m in MODULES if m.startswith("rawabit.extraction.")):
        via: dict[str, Edge | None] = {start: None}
        todo = [start]
        while todo:
            node = todo.pop()
            for target, edge in graph.get(node, {}).items():
                if target not in via:
                    via[target] = edge
                    todo.append(target)
        for target in sorted(via):
            if any(target == p or target.startswith(p + ".") for p in NOT_FROM_EXTRACTION):
                chain = []
                node = target
                while via[node] is not None:
                    e = via[node]
                    assert e is not None
                    chain.append(e)
                    node = e.source
                bad.append(f"{start} reaches {target}:\n" + _show(chain[::-1]))
    assert not bad, "\n".join(bad)
