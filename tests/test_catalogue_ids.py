"""Every finding id any code path can emit is a rule of the catalogue: explainable by ``juesuan rules ID``,
its severity configurable, waivable. The emitters are found by reading the source: a ``Finding(...)`` built
with a literal id, a ``rule="..."`` keyword, a ``..._RULE = "..."`` constant."""

from __future__ import annotations

import ast
from pathlib import Path

from juesuan.check.registry import RULES

SRC = Path(__file__).resolve().parents[1] / "src" / "juesuan"


def _rule_constant(node: ast.AST) -> bool:
    """``SOME_RULE = "rule-id"``."""
    if not isinstance(node, ast.Assign) or not isinstance(node.value, ast.Constant):
        return False
    named = any(isinstance(t, ast.Name) and t.id.endswith("_RULE") for t in node.targets)
    return named and isinstance(node.value.value, str)


def _emitted() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            ids: list[str] = []
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Finding":
                first = node.args[0] if node.args else None
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    ids.append(first.value)
            if isinstance(node, ast.keyword) and node.arg == "rule" and isinstance(node.value, ast.Constant):
                ids.append(str(node.value.value))
            if _rule_constant(node):
                ids.append(node.value.value)  # type: ignore[attr-defined]
            for rule_id in ids:
                found.setdefault(rule_id, []).append(f"{path.relative_to(SRC)}:{node.lineno}")
    return found


def test_every_emitted_id_is_in_the_catalogue() -> None:
    emitted = _emitted()
    assert {"closing-negative", "economic-basic-mismatch", "document-missing", "input-unusable"} <= set(emitted)
    assert {rule_id: places for rule_id, places in emitted.items() if rule_id not in RULES} == {}


def test_every_catalogue_rule_can_be_explained(capsys) -> None:  # type: ignore[no-untyped-def]
    from juesuan.check.docs import rule_text

    for rule in RULES.values():
        text = rule_text(rule)
        assert rule.id in text and rule.title in text
