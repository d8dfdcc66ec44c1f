"""The package's shape: imports point one way, no cycle, a pure core, small modules.

The layers, from the ground up: the ground floor (``errors``, ``messages``, ``names``, ``frozen``,
``files``), ``exports``, ``view``, ``render``, then ``site`` and ``docs`` (which never import
each other), ``commands``, ``cli``; the package's ``__init__`` and ``__main__`` sit on top.
A module may import from its own layer and the layers below it, never above.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"
LAYERS = {
    "errors": 0, "messages": 0, "names": 0, "files": 0, "cache": 0, "frozen": 0,
    "exports": 1,
    "view": 2,
    "render": 3,
    "site": 4, "docs": 4,
    "commands": 5,
    "cli": 6,
    "__init__": 7, "__main__": 7,
}  # fmt: skip
#: The pure core: no files, processes, clock or printing (the themes module reads templates).
PURE = ("view", "render", "docs")
IMPURE_MODULES = {"os", "subprocess", "sqlite3", "tempfile", "shutil", "time", "socket"}
IMPURE_CALLS = {"open", "print", "input"}
IMPURE_ATTRIBUTES = {"now", "today", "utcnow", "read_text", "read_bytes", "write_text"}
READS_THEMES = {"generator.render.themes"}
MAX_LINES = 300


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _room(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def _top_level_imports(tree: ast.Module, module: str) -> Iterator[tuple[int, str]]:
    """Imports of package modules run when the module loads (not under TYPE_CHECKING)."""
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for child in [node] if not isinstance(node, ast.If | ast.Try) else ast.walk(node):
            yield from _imported(child, module)


def _imported(node: ast.AST, module: str) -> Iterator[tuple[int, str]]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield node.lineno, alias.name
    elif isinstance(node, ast.ImportFrom) and node.module:
        for alias in node.names:
            candidate = f"{node.module}.{alias.name}"
            yield node.lineno, candidate if candidate in MODULES else node.module


def _tree(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


def _package_imports(module: str) -> list[tuple[int, str]]:
    return [(n, i) for n, i in _top_level_imports(_tree(module), module) if i in MODULES]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_point_down(module: str) -> None:
    rank = LAYERS[_room(module)]
    for line, imported in _package_imports(module):
        if imported == "generator":
            continue  # the version string, defined before anything is imported
        assert LAYERS[_room(imported)] <= rank, f"{module}:{line} imports {imported}"
        if rank == 4 and _room(imported) != _room(module):
            assert LAYERS[_room(imported)] < 4, f"{module}:{line}: site and docs are apart"


def test_no_import_cycle() -> None:
    graph = {m: {i for _, i in _package_imports(m) if i != "generator"} for m in MODULES}
    state: dict[str, int] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                raise AssertionError(" -> ".join([*path, module, target]))
            if target not in state:
                visit(target, [*path, module])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


#: Standard modules a function may import: the process pool's, which only big builds start
#: (importing them costs a one-run build more than the build itself).
LAZY_STDLIB = {
    "concurrent.futures": "generator.site.pool",
    "multiprocessing": "generator.site.pool",
}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_function_level_imports_are_for_optional_dependencies_only(module: str) -> None:
    tree = _tree(module)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for inner in ast.walk(node):
                for line, imported in _imported(inner, module):
                    assert not imported.startswith("generator"), f"{module}:{line}"
                    if LAZY_STDLIB.get(imported) == module:
                        continue
                    assert imported.split(".")[0] not in sys.stdlib_module_names, (
                        f"{module}:{line} imports {imported} inside a function"
                    )


@pytest.mark.parametrize("module", sorted(m for m in MODULES if _room(m) in PURE))
def test_the_core_is_pure(module: str) -> None:
    tree = _tree(module)
    for node in ast.walk(tree):
        for line, imported in _imported(node, module):
            assert imported.split(".")[0] not in IMPURE_MODULES, f"{module}:{line} {imported}"
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                assert func.id not in IMPURE_CALLS, f"{module}:{node.lineno} {func.id}()"
            if isinstance(func, ast.Attribute) and module not in READS_THEMES:
                assert func.attr not in IMPURE_ATTRIBUTES, f"{module}:{node.lineno} {func.attr}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_modules_are_small_or_say_why(module: str) -> None:
    text = MODULES[module].read_text(encoding="utf-8")
    lines = text.count("\n")
    docstring = ast.get_docstring(ast.parse(text)) or ""
    assert lines <= MAX_LINES or "on purpose" in docstring, f"{module}: {lines} lines"


def test_every_room_is_a_known_layer() -> None:
    assert {_room(m) for m in MODULES} <= set(LAYERS)
