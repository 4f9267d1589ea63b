"""The import picture of the platform, read by import-linter's graph library (grimp).

Shared by tests/test_layers.py (the contract in CI) and bench/imports.py (the picture for people).
The units are the entries of the layers contract in `.importlinter`: an app, or the part of an app
that sits in its own layer (e.g. `mentoring.models`).
"""

from __future__ import annotations

import configparser
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
CONTRACT_FILE = ROOT / ".importlinter"
# Single-module helpers of platform/ (import-linter reads packages only): they may import only Python and Django.
SINGLE_MODULES = ("lookups", "service_errors", "uploads")


def _config() -> configparser.ConfigParser:
    parser = configparser.ConfigParser()
    parser.read(CONTRACT_FILE, encoding="utf-8")
    return parser


def root_packages() -> list[str]:
    return _config()["importlinter"]["root_packages"].split()


def layers() -> list[grimp.Layer]:
    """The layers of the contract, top first (`|`: independent siblings, `:` siblings that may import each other)."""
    result = []
    for line in _config()["importlinter:contract:layers"]["layers"].splitlines():
        line = line.strip()
        if line and not line.startswith(";"):
            independent = ":" not in line
            units = [unit.strip() for unit in line.replace("|", ":").split(":")]
            result.append(grimp.Layer(*units, independent=independent))
    return result


def units() -> list[str]:
    return [unit for layer in layers() for unit in layer.module_tails]


def build_graph() -> grimp.ImportGraph:
    return grimp.build_graph(*root_packages(), cache_dir=None)


def unit_of(module: str, units: Iterable[str]) -> str | None:
    """The contract's unit a module belongs to (the longest unit that is the module or its ancestor)."""
    best = None
    for unit in units:
        if (module == unit or module.startswith(unit + ".")) and (best is None or len(unit) > len(best)):
            best = unit
    return best


def module_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    return {module: set(graph.find_modules_directly_imported_by(module)) for module in graph.modules}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), i.e. the import cycles."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def unit_edges(graph: grimp.ImportGraph) -> dict[str, set[str]]:
    """Who imports whom, between the contract's units."""
    named = units()
    edges: dict[str, set[str]] = defaultdict(set)
    for module, imported in module_edges(graph).items():
        source = unit_of(module, named)
        for target in imported:
            target_unit = unit_of(target, named)
            if source and target_unit and source != target_unit:
                edges[source].add(target_unit)
    return edges


def picture() -> str:
    """The layers top first; under each unit, the units it imports; then the cycles found (none)."""
    graph = build_graph()
    edges = unit_edges(graph)
    modules = module_edges(graph)
    lines = []
    for number, layer in enumerate(layers()):
        joiner = " | " if layer.independent else " : "
        lines.append(f"[{len(layers()) - number - 1:2}] {joiner.join(sorted(layer.module_tails))}")
        for unit in sorted(layer.module_tails):
            if edges.get(unit):
                lines.append(f"       {unit} → {', '.join(sorted(edges[unit]))}")
    lines.append(f"{len(modules)} modules, {sum(len(imported) for imported in modules.values())} imports between them")
    lines.append(f"cycles between modules: {cycles(modules) or 'none'}")
    lines.append(f"cycles between the contract's units: {cycles(edges) or 'none'}")
    return "\n".join(lines)


if __name__ == "__main__":  # PYTHONPATH=platform:. python -m tests.layers
    print(picture())
