"""The direction of dependency (README «Architecture» → «Layers»): the contract in `.importlinter`, enforced.

`lint-imports` runs here, so CI (which runs the suite) refuses an upward import; the rest checks what
import-linter does not: that every module has its place in the contract, that no import cycle is left,
and that the three single-module helpers stay at the foundation.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.layers import ROOT, SINGLE_MODULES, build_graph, cycles, layers, module_edges, unit_edges, unit_of, units


@pytest.fixture(scope="module")
def graph():  # type: ignore[no-untyped-def]
    return build_graph()


def test_the_layers_contract_is_kept():
    command = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "platform"), str(ROOT)])}
    result = subprocess.run([command, "--no-cache", "--config", str(ROOT / ".importlinter")], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def test_the_contract_refuses_an_upward_import(graph):  # type: ignore[no-untyped-def]
    """The same layers, read by grimp: clean as they are, and an import of the API by the domain is caught."""
    assert graph.find_illegal_dependencies_for_layers(layers=layers()) == set()
    changed = build_graph()  # a graph of its own: the shared one stays as the code is
    changed.add_import(importer="mentoring.services.pairs", imported="api.base")
    illegal = changed.find_illegal_dependencies_for_layers(layers=layers())
    assert {(dependency.importer, dependency.imported) for dependency in illegal} == {("mentoring.services", "api")}


def test_every_module_has_its_place_in_the_contract(graph):  # type: ignore[no-untyped-def]
    """A new app or module must be placed in `.importlinter`; only the empty `__init__` of a package that is
    split over several layers (and `config`'s, which loads the Celery app) is named by none."""
    named = units()
    unplaced = {module for module in graph.modules if unit_of(module, named) is None}
    assert unplaced <= {"banks", "config", "documents", "exchange", "mentoring", "people", "tenants"}
    for package in unplaced:
        assert set(graph.find_modules_directly_imported_by(package)) <= {"config.celery"}, package


def test_no_import_cycle_between_modules_or_between_the_contracts_units(graph):  # type: ignore[no-untyped-def]
    assert cycles(module_edges(graph)) == []
    assert cycles(unit_edges(graph)) == []


def test_a_cycle_would_be_found():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", SINGLE_MODULES)
def test_the_single_module_helpers_import_only_python_and_django(name):
    tree = ast.parse((ROOT / "platform" / f"{name}.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module and node.level == 0}
    assert imported <= {*sys.stdlib_module_names, "django"}, imported
