"""The shape of the code: no import cycle among the project's modules, no module or function that has grown
past what a reader can hold without being told why.

The import graph is read with `ast` (nothing is imported): every `import` / `from … import` of a project
module, including those inside functions, except the ones under `if TYPE_CHECKING:` (they never run). An edge
goes to the module named, or to `pkg.name` when `from pkg import name` names a submodule; a package's
`__init__` is not implied, as in import-linter.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("ingest", "retrieval", "assistant", "evals")

MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
# A longer function says why in a comment starting with this, right above its `def` or inside it.
LONG_FUNCTION_MARK = "# long because"

# Exempt from the size limits until split (assistant/facts/ and assistant/rules/ landed in issue 12).
SIZE_EXEMPT = {
    # Outside issue 12's assistant/ restructure (the evaluation harness, ~800 lines): next to split.
    "evals/bench.py",
}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package in PACKAGES:
        for path in sorted((REPO / package).rglob("*.py")):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(tree: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and _is_type_checking(node):
            yield from (n for orelse in node.orelse for n in _import_nodes_of(orelse))
            continue
        yield from _import_nodes_of(node)


def _import_nodes_of(node: ast.AST) -> Iterator[ast.Import | ast.ImportFrom]:
    if isinstance(node, ast.Import | ast.ImportFrom):
        yield node
    else:
        yield from _import_nodes(node)


def _resolve(module: str, node: ast.ImportFrom, is_package: bool) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".") if is_package else module.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in _import_nodes(tree):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                source = _resolve(name, node, path.name == "__init__.py")
                targets = [f"{source}.{a.name}" if f"{source}.{a.name}" in modules else source for a in node.names]
            graph[name].update(t for t in targets if t in modules and t != name)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path that starts and ends with the same module, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_the_graph_sees_the_imports() -> None:
    graph = import_graph()
    assert "assistant.question.validate" in graph["assistant.pipeline"]
    assert "assistant.web.state" in graph["assistant.web.app"]


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " → ".join(cycle or [])


def _project_files() -> Iterator[tuple[str, Path]]:
    for path in _modules().values():
        yield path.relative_to(REPO).as_posix(), path


def test_no_module_over_the_size_limit() -> None:
    too_long = {
        rel: n for rel, path in _project_files()
        if rel not in SIZE_EXEMPT and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES
    }
    assert not too_long, f"modules over {MAX_MODULE_LINES} lines (split them): {too_long}"


def test_no_long_function_without_a_reason() -> None:
    unexplained: list[str] = []
    for rel, path in _project_files():
        if rel in SIZE_EXEMPT:
            continue
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length <= MAX_FUNCTION_LINES:
                continue
            span = lines[max(first - 4, 0) : node.end_lineno]
            if not any(line.strip().lower().startswith(LONG_FUNCTION_MARK) for line in span):
                unexplained.append(f"{rel}:{node.lineno} {node.name} ({length} lines)")
    assert not unexplained, f"functions over {MAX_FUNCTION_LINES} lines without a '{LONG_FUNCTION_MARK} …' comment: {unexplained}"


def test_no_control_characters_in_source() -> None:
    # A "\b" written into a non-raw string once became a backspace inside a regex and silently disabled a pattern.
    bad = [
        f"{path.relative_to(REPO)}:{n}"
        for package in ("ingest", "retrieval", "assistant", "evals", "tests")
        for path in (REPO / package).rglob("*.py")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if any(ord(ch) < 32 and ch != "\t" for ch in line)
    ]
    assert bad == []
