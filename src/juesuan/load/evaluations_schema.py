"""Input schema of the ``evaluations:`` list (pydantic), in a dataset or a table-mode file.

Documented field by field in docs/dataset.md (section 绩效评价). Amounts are in the evaluation's
``amount_unit`` (万元 unless declared 元, because evaluation reports print 万元); rates and percentages are
numbers of percent and may be written with a trailing ``%`` ("96.77%").
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from ..model.vocab import one_of

KIND_ALIASES = {
    "project_self": "project_self", "项目自评": "project_self", "项目支出绩效自评": "project_self",
    "department": "department", "部门评价": "department",
    "department_overall": "department_overall", "部门整体支出评价": "department_overall",
    "部门整体支出绩效评价": "department_overall",
}  # fmt: skip
DIRECTION_ALIASES = {
    "ge": "ge", "≥": "ge", ">=": "ge", "le": "le", "≤": "le", "<=": "le", "eq": "eq", "=": "eq", "==": "eq",
    "qualitative": "qualitative", "定性": "qualitative",
}  # fmt: skip
BAND_ALIASES = {
    "achieved": "achieved", "达成": "achieved", "达成年度指标": "achieved",
    "partial": "partial", "部分达成": "partial", "部分达成并具有一定效果": "partial",
    "not_achieved": "not_achieved", "未达成": "not_achieved", "未达成且效果较差": "not_achieved",
}  # fmt: skip
BASIS_ALIASES = {
    "expenditure": "expenditure", "本年支出合计": "expenditure", "支出": "expenditure",
    "available": "available", "收入总计": "available", "全年可用资金": "available",
}  # fmt: skip


def _percent(value: object) -> object:
    if isinstance(value, str) and value.strip().endswith("%"):
        return value.strip()[:-1].strip()
    return value


Number = Annotated[Decimal, Field(allow_inf_nan=False)]
NonNegative = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Percent = Annotated[Decimal, BeforeValidator(_percent), Field(allow_inf_nan=False)]
Kind = Annotated[str, BeforeValidator(one_of(KIND_ALIASES, "评价类型"))]
Direction = Annotated[str, BeforeValidator(one_of(DIRECTION_ALIASES, "指标方向"))]
Band = Annotated[str, BeforeValidator(one_of(BAND_ALIASES, "定性档次"))]
Basis = Annotated[str, BeforeValidator(one_of(BASIS_ALIASES, "评价金额口径"))]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TargetInput(_Strict):
    """指标值 (年度目标)."""

    direction: Direction = Field(description="方向：≥、≤、= 或 定性")
    value: Annotated[Decimal, BeforeValidator(_percent), Field(allow_inf_nan=False)] | None = Field(
        None, description="目标数值（定性指标可省略）"
    )
    unit: str = Field("", description="计量单位，如 %、次、人")
    text: str = Field("", description="目标的文字表述（定性指标）")


class GradeBand(_Strict):
    """One grade and the lowest total (out of 100) that earns it."""

    grade: str = Field(min_length=1, description="等级名称")
    min: NonNegative = Field(description="该等级的最低分（百分制）")


class IndicatorInput(_Strict):
    """One indicator; ``children`` holds the indicators one level below (any depth)."""

    name: str = Field(min_length=1, description="指标名称")
    key: str | None = Field(None, description="同一指标在数据集中各处共用的标识，如 satisfaction")
    weight: NonNegative | None = Field(None, description="分值（权重）；未公开时省略")
    target: TargetInput | None = Field(None, description="指标值")
    actual: Percent | None = Field(None, description="实际完成值（数值，单位同指标值）")
    actual_text: str = Field("", description="实际完成情况的文字表述")
    band: Band | None = Field(None, description="定性指标的档次：达成、部分达成、未达成")
    method: str | None = Field(None, description="计分方法编号（见 docs/performance.md）")
    params: dict[str, Decimal | str | list[list[Decimal]]] = Field({}, description="计分方法参数（覆盖默认值）")
    score: NonNegative | None = Field(None, description="填报（公开）的得分")
    rate: Percent | None = Field(None, description="填报（公开）的得分率（%）")
    explanation: str = Field("", description="偏差原因分析及改进措施")
    executed: NonNegative | None = Field(None, description="预算执行率所用的全年执行数（金额）")
    budget: NonNegative | None = Field(None, description="预算执行率所用的全年预算数（金额）")
    children: list[IndicatorInput] = Field([], description="下级指标")


class FigureInput(_Strict):
    """A stated figure outside the indicator tree (实有人数, 全年执行数, a mention in the narrative …)."""

    key: str = Field(min_length=1, description="数字的含义标识（见 docs/performance.md 的列表）")
    value: Percent = Field(description="所述数值")
    unit: str = Field("", description="单位：万元、元、%、人、分 等；万元与元按金额比较")
    label: str = Field("", description="原文中的说法")
    where: str = Field("", description="出处，如“第三部分九（一）”")


class EvaluationInput(_Strict):
    """One performance evaluation (项目自评, 部门评价 or 部门整体支出评价)."""

    id: str = Field(min_length=1, description="评价编号（数据集内唯一）")
    kind: Kind = Field(description="评价类型：项目自评、部门评价、部门整体支出评价")
    subject: str = Field(min_length=1, description="项目名称或部门名称")
    title: str = Field("", description="公开时的标题或所在位置")
    amount_unit: Literal["元", "万元"] = Field("万元", description="本评价中金额的单位")
    amount: NonNegative | None = Field(None, description="评价金额（涉及资金）")
    amount_basis: Basis = Field("expenditure", description="部门整体支出评价金额的口径：本年支出合计或收入总计")
    share: Percent | None = Field(None, description="所述占项目支出总额的比例（%）")
    total_weight: NonNegative = Field(Decimal(100), description="满分（总分值），默认 100")
    score: NonNegative | None = Field(None, description="所述总得分")
    rate: Percent | None = Field(None, description="所述总得分率（%）")
    grade: str | None = Field(None, description="所述评价等级（优、良 …）")
    grades: str = Field("default", description="等级划分方案编号：default 或 shanghai")
    grade_bands: list[GradeBand] = Field([], description="本评价自定义的等级划分（从高到低），给出时代替 grades")
    figures: list[FigureInput] = Field([], description="指标体系之外所述的数字")
    indicators: list[IndicatorInput] = Field([], description="一级指标（及其下级）")


IndicatorInput.model_rebuild()
