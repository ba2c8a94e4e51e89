"""The package's shape, read from the source (nothing is imported): no import cycles between
modules, the layers import only downwards, no module holds more than one idea's worth of lines,
and no function is longer than a screen without a written reason."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[1] / "sim"
MAX_LINES = 60
LONG_MARK = "# long:"
MAX_MODULE_LINES = 420
"""About 400 lines: past that a module holds more than one idea and is split by idea."""


def module_name(path: Path) -> str:
    """The dotted name of a module file under sim/ (a package's ``__init__`` is the package)."""
    parts = path.relative_to(SIM.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    """Every module of the package by dotted name."""
    return {module_name(p): p for p in sorted(SIM.rglob("*.py"))}


def imported(name: str) -> set[str]:
    """The sim modules a module imports anywhere in its source (late and type-only imports too).

    ``from sim.a import b`` counts as importing ``sim.a.b`` when that is a module, else ``sim.a``.
    """
    path = modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in modules())
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in modules():
                    found.add(sub)
                elif base in modules():
                    found.add(base)
    found.discard(name)
    return found


def graph() -> dict[str, set[str]]:
    """Module → the sim modules it imports."""
    return {name: imported(name) for name in modules()}


def find_cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a list of modules (first = last), or None."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt):], nxt]
            if nxt not in state and (cycle := visit(nxt)):
                return cycle
        path.pop()
        state[node] = 2
        return None

    for start in sorted(edges):
        if start not in state and (cycle := visit(start)):
            return cycle
    return None


def within(name: str, package: str) -> bool:
    """Whether a dotted module name is the package or inside it."""
    return name == package or name.startswith(package + ".")


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "d": {"a", "c"}}) is None


def test_the_import_reader_resolves_modules_and_packages():
    edges = imported("sim.analysis.compare")
    assert {"sim.analysis.figures", "sim.analysis.results", "sim.experiments.spec"} <= edges
    assert "sim.analysis" not in edges


def test_no_import_cycles():
    cycle = find_cycle(graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


LAYERS = [
    # (the modules, the sim packages they may not import)
    ("sim.scenario", lambda m: within(m, "sim") and not within(m, "sim.scenario")),
    ("sim.core", lambda m: within(m, "sim") and not within(m, "sim.core") and not within(m, "sim.scenario")),
    ("sim.experiments", lambda m: within(m, "sim.cli") or within(m, "sim.dashboard")),
    ("sim.analysis", lambda m: within(m, "sim.cli") or within(m, "sim.dashboard")),
]


@pytest.mark.parametrize(("layer", "forbidden"), LAYERS, ids=[layer for layer, _ in LAYERS])
def test_layers_import_only_downwards(layer, forbidden):
    wrong = {
        name: sorted(m for m in deps if forbidden(m))
        for name, deps in graph().items()
        if within(name, layer)
    }
    wrong = {name: deps for name, deps in wrong.items() if deps}
    assert not wrong, f"{layer} imports what it may not: {wrong}"


def long_functions(path: Path) -> list[tuple[str, int, int]]:
    """Functions (and methods) of a file over MAX_LINES lines that carry no ``# long:`` reason.

    The reason may stand anywhere from the ``def`` line to the function's first statement.

    Returns:
        (name, first line, length in lines) of each.
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    found = []
    for node in ast.walk(ast.parse("\n".join(lines))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        length = node.end_lineno - node.lineno + 1
        head = lines[node.lineno - 1 : node.body[0].lineno]
        if length > MAX_LINES and not any(LONG_MARK in line for line in head):
            found.append((node.name, node.lineno, length))
    return found


def test_the_length_check_sees_a_long_function(tmp_path):
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    (tmp_path / "long.py").write_text(f"def f():\n{body}\n", encoding="utf-8")
    (tmp_path / "excused.py").write_text(f"def f():  {LONG_MARK} one table\n{body}\n", encoding="utf-8")
    (tmp_path / "short.py").write_text(f"def f():\n{body[: body.rindex(chr(10))]}\n", encoding="utf-8")
    assert long_functions(tmp_path / "long.py") == [("f", 1, MAX_LINES + 1)]
    assert long_functions(tmp_path / "excused.py") == []
    assert long_functions(tmp_path / "short.py") == []


def test_no_function_is_longer_than_a_screen_without_a_reason():
    found = [
        f"{path.relative_to(SIM.parent)}:{line} {func} ({length} lines)"
        for path in modules().values()
        for func, line, length in long_functions(path)
    ]
    assert not found, f"functions over {MAX_LINES} lines without a '{LONG_MARK} <reason>' comment: {found}"


def test_no_module_is_longer_than_one_idea():
    long = {str(path.relative_to(SIM.parent)): n for path in modules().values()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert not long, f"modules over {MAX_MODULE_LINES} lines (split them by idea): {long}"
