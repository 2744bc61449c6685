"""The package layout holds what the design says: short modules, no import cycles, data flowing one way, and the
app reaching the families only through the registry."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "extractor"
MAX_LINES = 420
# A stage may import only from stages before it (and the shared models): read -> rules -> extract -> app.
ALLOWED = {
    "document": {"document", "rules", "models"},
    "rules": {"rules", "models"},
    "commitment": {"commitment", "rules", "models"},
    "families": {"families", "rules", "commitment", "models"},
    "pipeline": {"pipeline", "document", "rules", "commitment", "families", "models"},
    "app": {"app", "pipeline", "document", "rules", "commitment", "families", "models"},
}


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


def imports(path: Path, *, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("extractor"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("extractor"))
    return found


def stage(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "app"


@pytest.mark.parametrize("name, path", sorted(modules().items()))
def test_modules_are_short(name, path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{name}: {lines} lines"


@pytest.mark.parametrize("name, path", sorted(modules().items()))
def test_data_flows_one_way(name, path):
    if name in ("extractor", "extractor.__main__"):
        return
    known = modules()
    for target in imports(path, top_level_only=False):
        if target in known and target != "extractor":
            assert stage(target) in ALLOWED[stage(name)], f"{name} imports {target}"


def test_app_reaches_families_only_through_the_registry():
    for name, path in modules().items():
        if stage(name) != "app":
            continue
        for target in imports(path, top_level_only=False) & set(modules()):  # modules, not names imported
            if target.startswith("extractor.families"):
                assert target in ("extractor.families", "extractor.families.registry") or \
                    target.startswith("extractor.families.registry."), f"{name} imports {target}"


def test_no_import_cycles():
    known = modules()
    graph = {name: {t for t in imports(path, top_level_only=True) if t in known and t != name}
             for name, path in known.items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                raise AssertionError("import cycle: " + " -> ".join(trail[trail.index(nxt):] + [node, nxt])
                                     if nxt in trail else f"import cycle through {node} -> {nxt}")
            if nxt not in state:
                visit(nxt, trail + [node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])


ENGINE = ("extractor.rules", "extractor.families", "extractor.commitment")


@pytest.mark.parametrize("name, path", [(n, p) for n, p in sorted(modules().items()) if n.startswith(ENGINE)])
def test_engine_functions_are_short(name, path):
    """Rules and families: no function over ~60 lines (the branch count is ruff's C901/PLR0912, max 15)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = node.end_lineno - node.lineno + 1
            assert length <= 60, f"{name}.{node.name}: {length} lines"
