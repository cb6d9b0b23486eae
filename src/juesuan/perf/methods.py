"""Scoring methods as data (``methods.yaml``) and the small interpreter that applies them.

A method's ``formula`` is a simpleeval expression over Decimal names (see the header of methods.yaml);
numeric literals in formulas and params are read as Decimal, never float. The interpreter computes the
direction-aware names (``met``, ``ratio``, ``deviation``), evaluates the formula, clamps the result to
[0, weight] and returns it unrounded (rounding is :mod:`juesuan.perf.scoring`'s single policy).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, DecimalException
from functools import cache
from importlib import resources
from typing import Any

from simpleeval import SimpleEval

from ..model.evaluations import BANDS, Indicator
from ..yamlsrc import parse

ZERO = Decimal(0)
ONE = Decimal(1)


@dataclass(frozen=True)
class Method:
    id: str
    title: str
    explanation: str
    formula: str
    params: Mapping[str, Any] = field(default_factory=dict)
    needs: tuple[str, ...] = ()
    needs_tables: bool = False


class CannotScore(Exception):
    """The method cannot score this indicator (missing actual, target, weight …); ``reason`` is Chinese."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decimalise(value: Any) -> Any:
    """Numbers (and numeric text) as Decimal, lists element-wise; anything else unchanged."""
    if isinstance(value, float):
        return Decimal(str(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, list):
        return [decimalise(v) for v in value]
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except ArithmeticError:
            return value
        return number if number.is_finite() else value
    return value


@cache
def methods() -> dict[str, Method]:
    """Every shipped method by id (read once)."""
    text = resources.files("juesuan.perf").joinpath("methods.yaml").read_text(encoding="utf-8")
    out: dict[str, Method] = {}
    for entry in parse(text) or []:
        method = Method(
            id=str(entry["id"]), title=str(entry["title"]), explanation=" ".join(str(entry["explanation"]).split()),
            formula=str(entry["formula"]), params={k: decimalise(v) for k, v in (entry.get("params") or {}).items()},
            needs=tuple(entry.get("needs") or ()), needs_tables=bool(entry.get("needs_tables", False)),
        )  # fmt: skip
        if method.id in out:
            raise ValueError(f"methods.yaml: duplicate method id {method.id!r}")
        out[method.id] = method
    return out


def step(x: Decimal, table: list[list[Decimal]]) -> Decimal:
    """The fraction of the first ``[threshold, fraction]`` row that ``x`` reaches (descending thresholds)."""
    for threshold, fraction in table:
        if x >= threshold:
            return Decimal(fraction)
    return ZERO


def comparison(direction: str, actual: Decimal, target: Decimal) -> tuple[bool, Decimal, Decimal]:
    """``(met, ratio, deviation)`` of an actual value against a target in a direction (ge / le / eq)."""
    if direction == "ge":
        met = actual >= target
        ratio = ONE if target == 0 else actual / target
        deviation = max(ZERO, target - actual)
    elif direction == "le":
        met = actual <= target
        if actual == 0:
            ratio = ONE
        elif target <= 0:
            ratio = ONE if met else ZERO
        else:
            ratio = target / actual
        deviation = max(ZERO, actual - target)
    elif direction == "eq":
        met = actual == target
        if met:
            ratio = ONE
        elif target == 0 or actual == 0:
            ratio = ZERO
        else:
            ratio = min(actual / target, target / actual)
        deviation = abs(actual - target)
    else:
        raise CannotScore(f"方向为「{direction}」的指标不能按定量方法计分")
    return met, max(ZERO, ratio), deviation


def _evaluator(names: dict[str, Any]) -> SimpleEval:
    evaluator = SimpleEval(names=names, functions={"min": min, "max": max, "step": step})

    def constant(node: ast.Constant) -> Any:
        return decimalise(node.value)

    evaluator.nodes[ast.Constant] = constant
    return evaluator


def apply(method: Method, indicator: Indicator, execution: Decimal | None = None) -> Decimal:
    """The indicator's score by ``method`` (unrounded, clamped to [0, weight]). Raises CannotScore."""
    if indicator.weight is None:
        raise CannotScore("分值未填报，无法计分")
    weight = indicator.weight
    names: dict[str, Any] = {**method.params, **{k: decimalise(v) for k, v in indicator.params.items()}}
    names.update(weight=weight, score=indicator.score, actual=indicator.actual, execution=execution)
    if "score" in method.needs and indicator.score is None:
        raise CannotScore("未填报得分")
    if "actual" in method.needs and indicator.actual is None:
        raise CannotScore("缺少实际完成值")
    if "band" in method.needs:
        if indicator.band is None:
            raise CannotScore("定性指标未注明档次（达成、部分达成、未达成）")
        _, low, high = BANDS[indicator.band]
        names.update(band_low=low, band_high=high)
    if "target" in method.needs:
        target = indicator.target
        if target is None or target.value is None:
            raise CannotScore("缺少指标值")
        assert indicator.actual is not None
        met, ratio, deviation = comparison(target.direction, indicator.actual, target.value)
        names.update(target=target.value, met=met, ratio=ratio, deviation=deviation)
    if method.needs_tables and execution is None:
        raise CannotScore("没有公开表，无法计算预算执行率")
    try:
        result = _evaluator(names).eval(method.formula)
    except (DecimalException, ZeroDivisionError, TypeError) as exc:
        raise CannotScore(f"计分公式无法计算（{type(exc).__name__}）") from exc
    if not isinstance(result, Decimal):
        result = decimalise(result)
        if not isinstance(result, Decimal):
            raise CannotScore("计分公式的结果不是数字")
    return min(max(result, ZERO), weight)
