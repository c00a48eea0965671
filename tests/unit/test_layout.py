"""The layout's promises, read from the source with ast (imports under TYPE_CHECKING and
inside functions count too): no import cycle; knowledge/ and storage/ know nothing of
Telegram, the handlers or the runtime; the runtime never imports a feature."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("handlers", "knowledge", "runtime", "storage")


def project_modules() -> dict[str, Path]:
    """Every module of the project by dotted name (a package by its own name)."""
    modules = {"bot": ROOT / "bot.py"}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


def imported_names(path: Path) -> set[str]:
    """Every dotted name an `import` or `from … import` anywhere in the file names:
    `from knowledge import nodes` names the module knowledge.nodes, `from knowledge import load`
    names knowledge.load, which resolves to the package knowledge."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def graph() -> dict[str, set[str]]:
    """Module -> the project's modules it imports (a name resolves to its longest module)."""
    modules = project_modules()

    def resolve(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    edges: dict[str, set[str]] = {}
    for module, path in modules.items():
        targets = {resolve(name) for name in imported_names(path)}
        edges[module] = {t for t in targets if t is not None and t != module}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in edges[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while (member := stack.pop()) != module:
                group.append(member)
            group.append(module)
            if len(group) > 1:
                found.append(sorted(group))

    for module in edges:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycle() -> None:
    assert cycles(graph()) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_knowledge_and_storage_know_nothing_of_telegram_handlers_or_runtime() -> None:
    modules = project_modules()
    for module, path in modules.items():
        if module.split(".")[0] not in ("knowledge", "storage"):
            continue
        for name in imported_names(path):
            top = name.split(".")[0]
            assert top not in ("telegram", "handlers", "runtime", "bot"), f"{module} imports {name}"


def test_the_runtime_never_imports_a_feature() -> None:
    for module, targets in graph().items():
        if module.split(".")[0] == "runtime":
            features = sorted(t for t in targets if t.split(".")[0] in ("handlers", "bot"))
            assert features == [], f"{module} imports {features}"
