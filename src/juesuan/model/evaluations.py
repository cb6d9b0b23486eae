"""The performance-evaluation model: an evaluation holding an indicator tree of any depth.

Everything is immutable; numbers are ``Decimal`` (amounts in 元, rates and targets in the unit the indicator
states, percentages as numbers of percent); every entered value keeps the place it was read from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from .source import SourceRef

#: Evaluation kinds: id → Chinese name.
KINDS: dict[str, str] = {
    "project_self": "项目自评",
    "department": "部门评价",
    "department_overall": "部门整体支出评价",
}
#: Target directions: id → symbol.
DIRECTIONS: dict[str, str] = {"ge": "≥", "le": "≤", "eq": "=", "qualitative": "定性"}
#: Qualitative bands: id → (Chinese name, lowest fraction, highest fraction) of the 分值.
BANDS: dict[str, tuple[str, Decimal, Decimal]] = {
    "achieved": ("达成", Decimal("0.8"), Decimal(1)),
    "partial": ("部分达成", Decimal("0.6"), Decimal("0.8")),
    "not_achieved": ("未达成", Decimal(0), Decimal("0.6")),
}
#: What a 部门整体支出评价's amount is compared with: id → Chinese name.
AMOUNT_BASES: dict[str, str] = {"expenditure": "本年支出合计", "available": "全年可用资金（收入总计）"}


@dataclass(frozen=True, slots=True)
class Target:
    """指标值: ``direction`` ge / le / eq / qualitative, a number in ``unit`` (None for qualitative)."""

    direction: str
    value: Decimal | None = None
    unit: str = ""
    text: str = ""

    def shown(self) -> str:
        if self.value is None:
            return self.text or DIRECTIONS[self.direction]
        symbol = "" if self.direction == "qualitative" else DIRECTIONS[self.direction]
        return f"{symbol}{self.value}{self.unit}"


@dataclass(frozen=True, slots=True)
class Indicator:
    """One node of the indicator tree (一级, 二级, 三级 … by depth).

    Attributes:
        name: 指标名称.
        key: optional identity shared by the same indicator wherever it appears (e.g. ``satisfaction``).
        weight: 分值, or None when not published.
        target: 指标值, or None.
        actual: 实际完成值 (number, in the target's unit), or None; ``actual_text`` for a stated text.
        band: qualitative band id (achieved / partial / not_achieved), or None.
        method: scoring method id (perf/methods.yaml), or None (a parent sums its children).
        params: overrides of the method's params.
        score: the entered 得分, or None; ``rate``: the entered 得分率 in percent, or None.
        explanation: 偏差原因分析及改进措施.
        executed, budget: 全年执行数 / 全年预算数 (元) the evaluation used for 预算执行率, when stated.
        children: the indicators one level below.
        path: field path in the input (``evaluations[0].indicators[1]``); ``refs``: field → SourceRef.
    """

    name: str
    key: str | None = None
    weight: Decimal | None = None
    target: Target | None = None
    actual: Decimal | None = None
    actual_text: str = ""
    band: str | None = None
    method: str | None = None
    params: Mapping[str, object] = field(default_factory=dict)
    score: Decimal | None = None
    rate: Decimal | None = None
    explanation: str = ""
    executed: Decimal | None = None
    budget: Decimal | None = None
    children: tuple[Indicator, ...] = ()
    path: str = ""
    refs: Mapping[str, SourceRef] = field(default_factory=dict)

    def ref(self, name: str = "") -> SourceRef | None:
        """Where field ``name`` was read (the indicator's own place when that field has none)."""
        return self.refs.get(name) or self.refs.get("")

    def walk(self) -> tuple[Indicator, ...]:
        """This indicator and every one below it, depth first."""
        out: list[Indicator] = [self]
        for child in self.children:
            out += child.walk()
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Figure:
    """A figure the evaluation states outside its indicator tree (实有人数, 全年执行数, a narrative mention…).

    ``key`` says what it is: figures with the same key must agree everywhere in the dataset, and some keys
    are bound to the tables or the accounts (see juesuan.perf.figures). Amounts are in 元 (``unit`` "元").
    """

    key: str
    value: Decimal
    unit: str = ""
    label: str = ""
    where: str = ""
    path: str = ""
    ref: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One performance evaluation.

    Attributes:
        id: short identifier, unique in the dataset.
        kind: project_self / department / department_overall (see KINDS).
        subject: the project (项目名称) or the department evaluated.
        amount: the amount evaluated (元), or None; ``amount_basis`` for department_overall.
        share: the stated share of 项目支出 (percent), or None ("占项目支出总额的 x%").
        total_weight: the scale (100).
        score, rate, grade: the stated total, 得分率 and grade, or None.
        grades: the grade scale id (perf/grades.yaml); ``grade_bands``: the evaluation's own bands instead
            ((grade, lowest score out of 100), highest first), when given.
        indicators: the 一级 indicators.
        figures: other stated figures.
        title: the heading it was published under; path, refs: as for Indicator.
    """

    id: str
    kind: str
    subject: str
    indicators: tuple[Indicator, ...] = ()
    amount: Decimal | None = None
    amount_basis: str = "expenditure"
    share: Decimal | None = None
    total_weight: Decimal = Decimal(100)
    score: Decimal | None = None
    rate: Decimal | None = None
    grade: str | None = None
    grades: str = "default"
    grade_bands: tuple[tuple[str, Decimal], ...] = ()
    figures: tuple[Figure, ...] = ()
    title: str = ""
    path: str = ""
    refs: Mapping[str, SourceRef] = field(default_factory=dict)

    @property
    def kind_name(self) -> str:
        return KINDS[self.kind]

    def ref(self, name: str = "") -> SourceRef | None:
        return self.refs.get(name) or self.refs.get("")

    def all_indicators(self) -> tuple[Indicator, ...]:
        out: list[Indicator] = []
        for top in self.indicators:
            out += top.walk()
        return tuple(out)
