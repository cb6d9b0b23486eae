"""Shared helpers for the performance-evaluation tests."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from juesuan.check.checker import Report, check
from juesuan.check.registry import RULES
from juesuan.load.evaluations import read_evaluations
from juesuan.model.evaluations import Evaluation, Indicator, Target
from juesuan.model.tables import TableSet
from juesuan.yamlsrc import parse

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jdz-nanchang-2023"
AS_PUBLISHED = EXAMPLE / "evaluations-as-published.yaml"  # the seed's evaluations, errors included
PERF_RULES = {k: r for k, r in RULES.items() if r.category == "performance"}


def D(text: str) -> Decimal:
    return Decimal(text)


def leaf(weight: str | None = "10", actual: str | None = None, target: tuple[str, str] | None = None,
         method: str | None = None, **kw: Any) -> Indicator:  # fmt: skip
    """An indicator for method tests: ``target=("ge", "100")``."""
    return Indicator(
        name=kw.pop("name", "指标"), weight=None if weight is None else D(weight),
        actual=None if actual is None else D(actual),
        target=None if target is None else Target(target[0], D(target[1]), kw.pop("unit", "%")),
        method=method, **kw,
    )  # fmt: skip


def as_published() -> tuple[Evaluation, ...]:
    """The seed's evaluations exactly as published (the dataset itself holds the corrected ones)."""
    return read_evaluations(parse(AS_PUBLISHED.read_text(encoding="utf-8")), str(AS_PUBLISHED))


def evaluations_from_yaml(text: str) -> tuple[Evaluation, ...]:
    return read_evaluations(parse(text), "<test>")


def perf_check(evaluations: tuple[Evaluation, ...], tables: TableSet | None = None, **inputs: object) -> Report:
    return check(tables, rules=PERF_RULES, inputs={"evaluations": evaluations, **inputs})
