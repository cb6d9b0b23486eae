"""The import structure: every import points down the layers, no module cycle, nothing deferred to dodge one.

The floors follow the data flow (docs/architecture.md): the record types at the bottom, then what derives
tables from a ledger, what loads inputs, what checks them, what composes documents, what reads published
reports, the pipeline that makes every decision, and the thin front ends on top. A module may import its own
package, any lower floor, and (on the two ground floors only) a sibling package of the same floor.

Imports inside functions are allowed only where they keep start-up fast or keep a heavy third-party library
out of reach until a format needs it (listed in ``DEFERRED``), never to break a cycle.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "juesuan"

FLOORS = {
    "juesuan.model": 1, "juesuan.findings": 1, "juesuan.errors": 1, "juesuan.yamlsrc": 1, "juesuan.version": 1,
    "juesuan.profiles": 2, "juesuan.statements": 2, "juesuan.render": 2,
    "juesuan.derive": 3,
    "juesuan.perf": 4,
    "juesuan.load": 5,
    "juesuan.check": 6,
    "juesuan.document": 7,
    "juesuan.ingest": 8,
    "juesuan.pipeline": 9,
    "juesuan.store": 10, "juesuan.audit": 10,
    "juesuan.batch": 11,
    "juesuan.web": 12,
    "juesuan.commands": 13,
    "juesuan": 14,
    "juesuan.__main__": 15,
}  # fmt: skip
SIBLINGS_ALLOWED = {1, 2}  # the record types and the leaf services may use one another

#: (module, function): why a juesuan import is deferred there.
DEFERRED = {
    "juesuan": "the public names are imported on first use, so that `juesuan --help` starts at once",
    "juesuan.commands": "a command imports the pipeline when it runs, so that `juesuan --help` starts at once",
    "juesuan.document.writers:render_document": "each format's writer (WeasyPrint, python-docx) when asked for",
    "juesuan.ingest.reader:read_document": "each format's reader (pdfplumber, python-docx, calamine) when met",
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        out[name] = path
    return out


MODULES = _modules()


def _targets(module: str, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The juesuan modules an import statement loads."""
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        if node.level:
            base = module.split(".")
            if MODULES[module].name != "__init__.py":
                base = base[:-1]
            base = base[: len(base) - (node.level - 1)]
            target = ".".join(base + ([node.module] if node.module else []))
        else:
            target = node.module or ""
        # `from package import submodule` loads the submodule; `from module import name` needs the module
        names = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in MODULES else target for alias in node.names]
    return sorted({name for name in names if name in MODULES})


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports() -> tuple[dict[str, set[str]], dict[str, set[str]], list[tuple[str, str, str]]]:
    """(module → modules imported when it runs, module → modules imported for type checking only, the
    imports made inside functions: (module, function, target))."""
    runtime: dict[str, set[str]] = defaultdict(set)
    typing: dict[str, set[str]] = defaultdict(set)
    deferred: list[tuple[str, str, str]] = []

    def visit(module: str, node: ast.AST, where: str | None, types_only: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                for target in _targets(module, child):
                    if target == module:
                        continue
                    if where is not None:
                        deferred.append((module, where, target))
                    (typing if types_only else runtime)[module].add(target)
            elif isinstance(child, ast.If) and _is_type_checking(child):
                for inner in child.body:
                    visit(module, ast.Module(body=[inner], type_ignores=[]), where, True)
                for inner in child.orelse:
                    visit(module, ast.Module(body=[inner], type_ignores=[]), where, types_only)
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
                visit(module, child, where or child.name, types_only)
            else:
                visit(module, child, where, types_only)

    for module, path in MODULES.items():
        visit(module, ast.parse(path.read_text(encoding="utf-8")), None, False)
    return runtime, typing, deferred


RUNTIME, TYPING, DEFERRED_IMPORTS = _imports()


def floor(module: str) -> tuple[str, int]:
    """The layer a module belongs to: its package's (juesuan.check.rules → juesuan.check)."""
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        name = ".".join(parts[:n])
        if name in FLOORS:
            return name, FLOORS[name]
    raise AssertionError(f"{module} has no floor in FLOORS: add its package")


def test_every_package_has_a_floor() -> None:
    for module in MODULES:
        floor(module)


def test_every_import_points_down_the_layers() -> None:
    wrong = []
    for module in sorted(TYPING.keys() | RUNTIME.keys()):
        layer, level = floor(module)
        for target in sorted(RUNTIME.get(module, set()) | TYPING.get(module, set())):
            other, other_level = floor(target)
            if other == layer:
                continue
            if other_level > level or (other_level == level and level not in SIBLINGS_ALLOWED):
                wrong.append(f"{module} (floor {level}) imports {target} (floor {other_level})")
    assert wrong == []


def test_no_module_cycle() -> None:
    """Among the imports that run (type-only imports excluded), no module reaches itself."""
    cycles = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(module: str) -> None:
        state[module] = 1
        stack.append(module)
        for target in sorted(RUNTIME.get(module, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                walk(target)
        stack.pop()
        state[module] = 2

    for module in sorted(MODULES):
        if module not in state:
            walk(module)
    assert cycles == []


def test_imports_are_deferred_only_where_listed() -> None:
    unexplained = sorted(
        f"{module}:{function} imports {target}"
        for module, function, target in DEFERRED_IMPORTS
        if f"{module}:{function}" not in DEFERRED and floor(module)[0] not in DEFERRED
    )
    assert unexplained == []


def test_the_layer_test_sees_imports() -> None:
    """The analysis itself: it finds known edges (a test that cannot fail is a defect)."""
    assert "juesuan.check.checker" in RUNTIME["juesuan.pipeline.cases"]
    assert "juesuan.model.tables" in RUNTIME["juesuan.check.checker"]
    assert any(module == "juesuan.commands.build" for module, _, _ in DEFERRED_IMPORTS)
    assert floor("juesuan.check.rules") == ("juesuan.check", 6)
