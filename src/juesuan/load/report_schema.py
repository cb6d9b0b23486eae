"""The dataset's ``report:`` section (pydantic): what the disclosure document says beyond the tables.

Amounts are non-negative numbers in the dataset's ``amount_unit``, like every other amount. Everything is
optional: what is missing shows in a draft as a visible 【待补充：…】 mark and blocks ``--final``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

Amount = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]

#: Items of 三公经费 that have a reason of their own.
THREE_PUBLIC_ITEMS = ("abroad", "vehicle", "vehicle_purchase", "vehicle_operation", "reception")
#: Keys of ``reasons`` (see docs/dataset.md): year-on-year changes and budget-vs-final differences.
REASON_KEYS = (
    "income_total", "expenditure_total", "opening", "use_non_fiscal", "distribution", "closing",
    "budget", "three_public", "three_public.budget", "operating_costs", "grand_total", "fiscal_total",
    "general_budget",
)  # fmt: skip
_REASON_PATTERN = re.compile(
    r"(?:basic\.\d{3}|budget\.\d{3}|three_public\.(?:" + "|".join(THREE_PUBLIC_ITEMS) + r")(?:\.budget)?)"
)


def _digits(length: int, what: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not text.isdigit() or len(text) != length:
            raise ValueError(f"{what}应为 {length} 位数字，实际为「{value}」")
        return text

    return check


def _reason_key(value: object) -> str:
    text = str(value).strip()
    if text in REASON_KEYS or _REASON_PATTERN.fullmatch(text):
        return text
    raise ValueError(
        f"未知的原因键「{value}」，可用：{'、'.join(REASON_KEYS)}、basic.<经济分类类级编码>、"
        f"budget.<功能分类类级编码>、three_public.<项目>[.budget]（项目：{'、'.join(THREE_PUBLIC_ITEMS)}）"
    )


ClassCode = Annotated[str, BeforeValidator(_digits(3, "支出功能分类类级科目编码"))]
EconomicClassCode = Annotated[str, BeforeValidator(_digits(3, "部门经济分类类级科目编码"))]
ReasonKey = Annotated[str, BeforeValidator(_reason_key)]
Reason = Annotated[str, Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _paragraphs(value: object) -> object:
    """Text given as one string or a list of strings (one per paragraph)."""
    if isinstance(value, str):
        return [value]
    return value


Paragraphs = Annotated[list[Annotated[str, Field(min_length=1)]], BeforeValidator(_paragraphs)]


class ThreePublicPrevious(_Strict):
    """Last year's 财政拨款“三公”经费 决算数."""

    total: Amount | None = Field(None, description="“三公”经费合计")
    abroad: Amount | None = Field(None, description="因公出国（境）费")
    vehicle: Amount | None = Field(None, description="公务用车购置及运行维护费")
    vehicle_purchase: Amount | None = Field(None, description="公务用车购置费")
    vehicle_operation: Amount | None = Field(None, description="公务用车运行维护费")
    reception: Amount | None = Field(None, description="公务接待费")


class Previous(_Strict):
    """Last year's figures (上年数) that the narrative compares with."""

    opening: Amount | None = Field(None, description="上年年初结转和结余")
    use_non_fiscal: Amount | None = Field(None, description="上年使用非财政拨款结余")
    income_total: Amount | None = Field(None, description="上年本年收入合计")
    expenditure_total: Amount | None = Field(None, description="上年本年支出合计")
    distribution: Amount | None = Field(None, description="上年结余分配")
    closing: Amount | None = Field(None, description="上年年末结转和结余")
    grand_total: Amount | None = Field(None, description="上年收入（支出）总计")
    fiscal_total: Amount | None = Field(None, description="上年财政拨款收入（支出）总计")
    general_budget: Amount | None = Field(None, description="上年一般公共预算财政拨款支出")
    basic_by_class: dict[EconomicClassCode, Amount] = Field(
        {}, description="上年一般公共预算财政拨款基本支出，按部门经济分类类级科目（301、302…）"
    )
    three_public: ThreePublicPrevious = ThreePublicPrevious()
    operating_costs: Amount | None = Field(None, description="上年机关运行经费")


class InitialBudget(_Strict):
    """年初预算数 of 财政拨款 spending (not in any Jiangxi table)."""

    total: Amount | None = Field(None, description="财政拨款本年支出年初预算数（不填时为各类之和）")
    by_class: dict[ClassCode, Amount] = Field({}, description="按支出功能分类类级科目的年初预算数")


class OperatingCosts(_Strict):
    """机关运行经费."""

    amount: Amount = Field(description="本年机关运行经费支出")


class Procurement(_Strict):
    """政府采购 (合同金额)."""

    goods: Amount = Field(Decimal(0), description="政府采购货物支出")
    works: Amount = Field(Decimal(0), description="政府采购工程支出")
    services: Amount = Field(Decimal(0), description="政府采购服务支出")
    sme_goods: Amount = Field(Decimal(0), description="货物采购授予中小企业合同金额")
    sme_works: Amount = Field(Decimal(0), description="工程采购授予中小企业合同金额")
    sme_services: Amount = Field(Decimal(0), description="服务采购授予中小企业合同金额")
    small_micro: Amount = Field(Decimal(0), description="其中：授予小微企业合同金额")


class Organization(_Strict):
    """机构设置: 内设机构 and 编制/实有人数."""

    text: Paragraphs = Field([], description="机构设置的说明（段落）")
    departments: list[str] = Field([], description="内设机构名称")
    authorized: Count | None = Field(None, description="编制数（不填时为各单位 staff.authorized 之和）")
    actual: Count | None = Field(None, description="实有人数")


class Report(_Strict):
    """What the disclosure document states beyond the ten tables."""

    duties: Paragraphs = Field([], description="部门主要职责（段落）")
    organization: Organization = Organization()
    previous: Previous = Previous()
    previous_dataset: str | None = Field(
        None, description="上年数据集的路径（相对于本文件）；给出时上年数由其生成的表得出，previous 中的数优先"
    )
    initial_budget: InitialBudget = InitialBudget()
    operating_costs: OperatingCosts | None = None
    procurement: Procurement | None = None
    assets_text: Paragraphs = Field([], description="国有资产占用情况的补充说明（段落）")
    performance: Paragraphs = Field([], description="预算绩效情况说明（段落）")
    reasons: dict[ReasonKey, Reason] = Field({}, description="变动原因，按项目键（见 docs/dataset.md）")
    glossary: dict[str, str] = Field({}, description="名词解释的补充或覆盖：科目编码或名词 → 解释")
