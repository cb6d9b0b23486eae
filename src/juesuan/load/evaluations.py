"""``evaluations:`` input → :class:`~juesuan.model.evaluations.Evaluation` objects, each value with its SourceRef.

Used by the dataset loader (the list is validated as part of the dataset) and by ``juesuan check`` on a
table-mode file (:func:`read_evaluations` validates the list itself). Problems beyond the schema (an unknown
scoring method or grade scale, a repeated evaluation id, a method on an indicator that has children) are
located Chinese messages in an :class:`~juesuan.errors.InputError`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import InputError
from ..model.evaluations import Evaluation, Figure, Indicator, Target
from ..model.money import YUAN_PER_WAN
from ..model.source import SourceRef
from ..perf.grades import scales
from ..perf.methods import decimalise, methods
from .evaluations_schema import EvaluationInput, FigureInput, IndicatorInput
from .messages import Places, YamlPlaces, field_path, located

MONEY_UNITS = {"万元": YUAN_PER_WAN, "元": Decimal(1)}


class _Only(BaseModel):
    """Just the ``evaluations:`` key of a table-mode file (its other keys are the tables reader's)."""

    evaluations: list[EvaluationInput]


class _Reader:
    def __init__(self, path: str, root: Any, places: Places | None = None) -> None:
        self.path, self.root = path, root
        self.places = places if places is not None else YamlPlaces(path, root)
        self.problems: list[str] = []

    def ref(self, loc: tuple[int | str, ...]) -> SourceRef:
        return self.places.ref(loc)

    def refs(self, loc: tuple[int | str, ...], names: list[str]) -> dict[str, SourceRef]:
        out = {"": self.ref(loc)}
        for name in names:
            out[name] = self.ref((*loc, name))
        return out

    def problem(self, loc: tuple[int | str, ...], text: str) -> None:
        self.problems.append(f"{self.places.at(loc)}：{text}")

    def evaluation(self, index: int, given: EvaluationInput) -> Evaluation:
        loc: tuple[int | str, ...] = ("evaluations", index)
        scale = Decimal(MONEY_UNITS[given.amount_unit])
        if given.grades not in scales():
            self.problem((*loc, "grades"), f"未知的等级划分方案「{given.grades}」，可用：{'、'.join(scales())}")
        bands = tuple((b.grade, b.min) for b in given.grade_bands)
        if [m for _, m in bands] != sorted((m for _, m in bands), reverse=True) or len({g for g, _ in bands}) < len(
            bands
        ):
            self.problem((*loc, "grade_bands"), "等级划分应从高到低排列（最低分递减），且等级名称不重复")
        elif bands and bands[-1][1] != 0:
            self.problem((*loc, "grade_bands"), "最低一档的最低分应为 0（每个总分都要有等级）")
        indicators = tuple(
            self.indicator((*loc, "indicators", i), node, scale) for i, node in enumerate(given.indicators)
        )
        figures = tuple(self.figure((*loc, "figures", i), f) for i, f in enumerate(given.figures))
        return Evaluation(
            id=given.id, kind=given.kind, subject=given.subject, indicators=indicators,
            amount=None if given.amount is None else given.amount * scale, amount_basis=given.amount_basis,
            share=given.share, total_weight=given.total_weight, score=given.score, rate=given.rate,
            grade=given.grade, grades=given.grades if given.grades in scales() else "default", grade_bands=bands,
            figures=figures,
            title=given.title, path=field_path(loc),
            refs=self.refs(loc, ["amount", "share", "score", "rate", "grade", "subject", "indicators"]),
        )  # fmt: skip

    def indicator(self, loc: tuple[int | str, ...], node: IndicatorInput, scale: Decimal) -> Indicator:
        if node.method is not None and node.method not in methods():
            self.problem((*loc, "method"), f"未知的计分方法「{node.method}」，可用：{'、'.join(methods())}")
        if node.method in methods():
            self.check_params(loc, node)
        if node.method is not None and node.children:
            self.problem((*loc, "method"), "有下级指标的指标按下级得分之和计分，不能指定计分方法")
        if node.band is not None and node.target is not None and node.target.direction != "qualitative":
            self.problem((*loc, "band"), "只有定性指标（方向为“定性”）才有档次")
        target = None
        if node.target is not None:
            t = node.target
            if t.direction != "qualitative" and t.value is None:
                self.problem((*loc, "target"), "定量指标需要目标数值 value")
            target = Target(t.direction, t.value, t.unit, t.text)
        children = tuple(self.indicator((*loc, "children", i), c, scale) for i, c in enumerate(node.children))
        return Indicator(
            name=node.name, key=node.key, weight=node.weight, target=target, actual=node.actual,
            actual_text=node.actual_text, band=node.band, method=node.method, params=dict(node.params),
            score=node.score, rate=node.rate, explanation=node.explanation,
            executed=None if node.executed is None else node.executed * scale,
            budget=None if node.budget is None else node.budget * scale, children=children,
            path=field_path(loc), refs=self.refs(loc, ["weight", "actual", "score", "rate", "executed", "budget"]),
        )  # fmt: skip

    def check_params(self, loc: tuple[int | str, ...], node: IndicatorInput) -> None:
        defaults = methods()[str(node.method)].params
        for key, value in node.params.items():
            where = (*loc, "params", key)
            if key not in defaults:
                known = "、".join(defaults) or "无"
                self.problem(where, f"计分方法 {node.method} 没有参数「{key}」（可用：{known}）")
            elif isinstance(defaults[key], Decimal) and not isinstance(decimalise(value), Decimal):
                self.problem(where, f"参数「{key}」应为数字，实际为「{value}」")
            elif isinstance(defaults[key], list) and not isinstance(value, list):
                self.problem(where, f"参数「{key}」应为 [[门槛, 比例], …] 形式的列表")

    def figure(self, loc: tuple[int | str, ...], node: FigureInput) -> Figure:
        factor = MONEY_UNITS.get(node.unit)
        value, unit = (node.value * factor, "元") if factor is not None else (node.value, node.unit)
        return Figure(node.key, value, unit, node.label, node.where, field_path(loc), self.ref((*loc, "value")))


def evaluations_from(
    given: list[EvaluationInput], root: Any, path: str, places: Places | None = None
) -> tuple[Evaluation, ...]:
    """Validated inputs (with the parsed root for line numbers, or the places they were read) → the model.
    Raises InputError."""
    reader = _Reader(path, root, places)
    out = []
    seen: set[str] = set()
    for index, item in enumerate(given):
        if item.id in seen:
            reader.problem(("evaluations", index, "id"), f"评价编号「{item.id}」重复")
        seen.add(item.id)
        out.append(reader.evaluation(index, item))
    if reader.problems:
        raise InputError(path, reader.problems)
    return tuple(out)


def read_evaluations(root: Any, path: str, places: Places | None = None) -> tuple[Evaluation, ...]:
    """The ``evaluations:`` list of a parsed file (table mode, or a fill-in workbook with its ``places``),
    validated. () when the file has none."""
    raw = root.get("evaluations") if isinstance(root, dict) else None
    if raw is None:
        return ()
    try:
        given = _Only.model_validate({"evaluations": raw}).evaluations
    except ValidationError as exc:
        raise InputError(path, places.errors(exc) if places else located(path, root, exc)) from exc
    return evaluations_from(given, root, path, places)
