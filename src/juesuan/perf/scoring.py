"""Score an evaluation: each leaf by its method, each parent as the sum of its children, the total, the grade.

Rounding policy (the only one): a leaf's computed score is rounded half-up to 0.01 分; a parent's score is the
exact sum of its children's (already rounded) scores, so sums hold at every level by construction; 得分率 is
score ÷ weight × 100 rounded half-up to 0.01 (percent); a grade is decided on the rounded total. Entered
(published) scores are kept as entered and shown; what juesuan computes sits beside them (``computed``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from ..derive.query import NotRun, Quantity, Tables, evaluate
from ..model.evaluations import Evaluation, Indicator
from ..model.tables import TableSet
from .grades import HUNDRED, scale_of
from .methods import CannotScore, apply, methods

CENT = Decimal("0.01")


def round_score(value: Decimal) -> Decimal:
    """The one rounding rule for scores and rates: half-up to 0.01."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def rate_of(score: Decimal, weight: Decimal) -> Decimal | None:
    """得分率 in percent, rounded; None for a zero weight."""
    return None if weight == 0 else round_score(score * HUNDRED / weight)


@dataclass(frozen=True)
class Execution:
    """预算执行率 computed from the tables: executed ÷ budget × 100 (percent, exact)."""

    rate: Decimal
    executed: Quantity
    budget: Quantity


@dataclass(frozen=True)
class Scored:
    """One indicator with its scores.

    ``weight``: entered, or the sum of the children's weights when every one is known (``weight_derived``);
    ``computed``: the method's score (leaf) or the sum of the children's shown scores (parent), or None with
    ``note`` saying why; ``score``: entered if given, else computed; ``rate``: score ÷ weight.
    """

    indicator: Indicator
    level: int
    weight: Decimal | None
    weight_derived: bool
    computed: Decimal | None
    score: Decimal | None
    rate: Decimal | None
    note: str
    children: tuple[Scored, ...]
    execution: Execution | None = None

    def walk(self) -> tuple[Scored, ...]:
        out: list[Scored] = [self]
        for child in self.children:
            out += child.walk()
        return tuple(out)


@dataclass(frozen=True)
class Sheet:
    """An evaluation's score sheet: the scored tree, the totals and the grade."""

    evaluation: Evaluation
    indicators: tuple[Scored, ...]
    computed: Decimal | None  # Σ 一级 shown scores
    score: Decimal | None  # stated total if given, else computed
    rate: Decimal | None
    grade: str | None  # from ``score`` by the evaluation's scale
    weights: Decimal | None  # Σ 一级 weights when all known

    def walk(self) -> tuple[Scored, ...]:
        out: list[Scored] = []
        for top in self.indicators:
            out += top.walk()
        return tuple(out)

    @property
    def complete(self) -> bool:
        """True when every 一级 分值 is known and they add up to the full score."""
        return self.weights is not None and self.weights == self.evaluation.total_weight

    @property
    def depth(self) -> int:
        return max((s.level for s in self.walk()), default=0)


def execution_of(indicator: Indicator, tables: TableSet | None) -> Execution:
    """The 预算执行率 of a budget-execution indicator from the tables. Raises CannotScore."""
    method = methods()[indicator.method or ""]
    if tables is None:
        raise CannotScore("没有公开表，无法计算预算执行率")
    params = {**method.params, **indicator.params}
    view = Tables(tables)
    try:
        executed = evaluate(str(params["executed"]), view)
        budget = evaluate(str(params["budget"]), view)
    except NotRun as exc:
        raise CannotScore(f"无法从公开表计算预算执行率：{exc.reason}") from exc
    if budget.value == 0:
        raise CannotScore("全年预算数为 0，无法计算预算执行率")
    return Execution(executed.value * HUNDRED / budget.value, executed, budget)


def _score_leaf(indicator: Indicator, tables: TableSet | None) -> tuple[Decimal | None, str, Execution | None]:
    if indicator.method is None:
        return None, "未指定计分方法" if indicator.score is None else "采用填报得分", None
    method = methods()[indicator.method]
    execution = None
    try:
        if method.needs_tables:
            execution = execution_of(indicator, tables)
        value = apply(method, indicator, execution.rate if execution else None)
    except CannotScore as exc:
        return None, exc.reason, execution
    return round_score(value), method.title, execution


def score_indicator(indicator: Indicator, tables: TableSet | None = None, level: int = 1) -> Scored:
    children = tuple(score_indicator(c, tables, level + 1) for c in indicator.children)
    weight, derived = indicator.weight, False
    if weight is None and children and all(c.weight is not None for c in children):
        weight, derived = sum((c.weight for c in children if c.weight is not None), Decimal(0)), True
    execution = None
    if children:
        known = [c.score for c in children]
        computed = sum((s for s in known if s is not None), Decimal(0)) if None not in known else None
        note = "下级指标得分之和" if computed is not None else "下级指标得分不全"
    else:
        computed, note, execution = _score_leaf(indicator, tables)
    score = indicator.score if indicator.score is not None else computed
    rate = rate_of(score, weight) if score is not None and weight is not None else None
    return Scored(indicator, level, weight, derived, computed, score, rate, note, children, execution)


def score_evaluation(evaluation: Evaluation, tables: TableSet | None = None) -> Sheet:
    """Score every indicator (methods, sums) and the total; grade by the evaluation's scale."""
    tops = tuple(score_indicator(i, tables) for i in evaluation.indicators)
    known = [t.score for t in tops]
    computed = sum((s for s in known if s is not None), Decimal(0)) if tops and None not in known else None
    score = evaluation.score if evaluation.score is not None else computed
    weights = [t.weight for t in tops]
    total_weights = sum((w for w in weights if w is not None), Decimal(0)) if tops and None not in weights else None
    rate = rate_of(score, evaluation.total_weight) if score is not None else None
    scale = scale_of(evaluation.grades, evaluation.grade_bands)
    grade = scale.grade(score, evaluation.total_weight) if score is not None else None
    return Sheet(evaluation, tops, computed, score, rate, grade, total_weights)


def _filled(node: Scored) -> Indicator:
    ind = node.indicator
    if node.execution is not None:  # the 预算执行率 and its figures, as computed from the tables
        ind = replace(
            ind, actual=round_score(node.execution.rate) if ind.actual is None else ind.actual,
            executed=node.execution.executed.value if ind.executed is None else ind.executed,
            budget=node.execution.budget.value if ind.budget is None else ind.budget,
        )  # fmt: skip
    return replace(
        ind, weight=node.weight, score=node.score, rate=node.rate, children=tuple(_filled(c) for c in node.children)
    )


def filled(sheet: Sheet) -> Evaluation:
    """The evaluation with every weight, score and rate juesuan knows entered, and the total and grade stated:
    what a unit would publish after scoring with juesuan (it passes every performance rule)."""
    return replace(
        sheet.evaluation, indicators=tuple(_filled(t) for t in sheet.indicators), score=sheet.score,
        rate=sheet.rate, grade=sheet.grade,
    )  # fmt: skip
