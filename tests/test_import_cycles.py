"""No import cycle anywhere in ``translator/`` and ``webapp/``.

Every module's imports are read statically (``ast``): module-level and
function-level imports alike, relative ones resolved.  ``from pkg import
name`` is an edge to ``pkg.name`` when that is a module, else to ``pkg``;
importing ``a.b.c`` also runs ``a/__init__`` and ``a/b/__init__``, so those
are edges too (except packages the importing module lives in, which are
already being imported).  Imports under ``if TYPE_CHECKING:`` never run and
are left out.  A cycle fails the test, named module by module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("translator", "webapp")


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).with_suffix("")
            parts = list(rel.parts)
            if parts[-1] == "__init__":
                parts.pop()
            if "migrations" in parts:  # Alembic's scripts are loaded by Alembic, never imported
                continue
            found[".".join(parts)] = path
    return found


def _resolve(module: str, path: Path, level: int, name: str | None) -> str:
    """The absolute module a ``from`` import names (``level`` dots before ``name``)."""
    if not level:
        return name or ""
    base = module.split(".")
    if path.name != "__init__.py":
        base = base[:-1]  # a module's relative imports start from its package
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join([*base, name] if name else base)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imports_of(module: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``module`` imports, anywhere in its body."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    type_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and _is_type_checking(node.test)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    targets: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, path, node.level, node.module)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in known else base)
    edges: set[str] = set()
    own = {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 2)}
    for target in targets:
        parts = target.split(".")
        while parts and ".".join(parts) not in known:
            parts.pop()  # an attribute or a module outside ours
        for i in range(1, len(parts) + 1):
            name = ".".join(parts[:i])
            if name in known and name not in own:
                edges.add(name)
    return edges


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of modules (the first repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt):], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def test_no_import_cycle_in_translator_or_webapp():
    graph = import_graph()
    assert len(graph) > 60 and "webapp" in graph and "translator.project" in graph
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_walker_sees_function_level_and_relative_imports(tmp_path):
    """The checker itself: a cycle made only by a relative import inside a function is found and named."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import thing\n")
    (pkg / "b.py").write_text("def f():\n    from . import a\n    return a\n")
    (pkg / "c.py").write_text("import pkg.a\n")
    files = {"pkg": pkg / "__init__.py", "pkg.a": pkg / "a.py", "pkg.b": pkg / "b.py", "pkg.c": pkg / "c.py"}
    graph = {name: imports_of(name, path, set(files)) for name, path in files.items()}
    assert graph["pkg.c"] == {"pkg.a"}  # its own package is not an edge
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.a"]
    (pkg / "b.py").write_text("def f():\n    return 1\n")
    graph["pkg.b"] = imports_of("pkg.b", pkg / "b.py", set(files))
    assert find_cycle(graph) is None


@pytest.mark.parametrize("package_init", [True, False])
def test_importing_a_submodule_runs_its_package(tmp_path, package_init):
    """``import x.y`` from outside ``x`` runs ``x/__init__``: a cycle through a package's ``__init__`` counts."""
    x = tmp_path / "x"
    x.mkdir()
    (x / "__init__.py").write_text("from top import T\n" if package_init else "")
    (x / "y.py").write_text("")
    (tmp_path / "top.py").write_text("import x.y\nT = 1\n")
    files = {"x": x / "__init__.py", "x.y": x / "y.py", "top": tmp_path / "top.py"}
    graph = {name: imports_of(name, path, set(files)) for name, path in files.items()}
    assert graph["top"] == {"x", "x.y"}
    assert (find_cycle(graph) is not None) is package_init


def test_type_only_imports_are_not_edges(tmp_path):
    """``if TYPE_CHECKING:`` imports never run, so a cycle through them only is none; the same import outside is."""
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from .b import B\n    return B\n")
    (pkg / "b.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import f\nB = 1\n")
    files = {"pkg": pkg / "__init__.py", "pkg.a": pkg / "a.py", "pkg.b": pkg / "b.py"}
    graph = {name: imports_of(name, path, set(files)) for name, path in files.items()}
    assert graph["pkg.b"] == set() and find_cycle(graph) is None
    (pkg / "b.py").write_text("from .a import f\nB = 1\n")
    graph["pkg.b"] = imports_of("pkg.b", pkg / "b.py", set(files))
    assert find_cycle(graph) == ["pkg.a", "pkg.b", "pkg.a"]
