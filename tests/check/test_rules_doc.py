"""docs/rules.md is generated from the catalogue and must be up to date."""

from __future__ import annotations

from pathlib import Path

from juesuan.check.docs import render
from juesuan.check.registry import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rules_doc_is_up_to_date() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "run: python -m juesuan.check.docs > docs/rules.md"


def test_every_rule_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert all(f"### `{rule_id}`" in text for rule_id in RULES)
