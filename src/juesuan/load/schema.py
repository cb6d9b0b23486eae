"""The dataset's input schema (pydantic). ``juesuan schema`` prints its JSON Schema.

Field names are English; enumerated values accept the ids of :mod:`juesuan.model.vocab` or their Chinese
names. Amounts are non-negative numbers in the dataset's ``amount_unit`` (元 unless declared 万元).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from ..model import vocab
from ..model.vocab import one_of
from .evaluations_schema import EvaluationInput
from .report_schema import Report


def _code(digits: tuple[int, ...], what: str) -> Callable[[object], str]:
    def check(value: object) -> str:
        text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else ""
        if not text.isdigit() or len(text) not in digits:
            want = "或".join(str(d) for d in digits)
            raise ValueError(f"{what}应为 {want} 位数字，实际为「{value}」")
        return text

    return check


FIRST_YEAR, LAST_YEAR = 2000, 2100


def _year(value: int) -> int:
    if not FIRST_YEAR <= value <= LAST_YEAR:
        raise ValueError(f"年度 {value} 超出范围（应在 {FIRST_YEAR}–{LAST_YEAR} 之间）")
    return value


#: The year, its error naming the whole range (pydantic's ge/le errors name only the bound crossed).
Year = Annotated[int, AfterValidator(_year), Field(json_schema_extra={"minimum": FIRST_YEAR, "maximum": LAST_YEAR})]
Amount = Annotated[Decimal, Field(ge=0, allow_inf_nan=False)]
Count = Annotated[int, Field(ge=0)]
Source = Annotated[str, BeforeValidator(one_of(vocab.SOURCE_ALIASES, "收入来源"))]
Fund = Annotated[str, BeforeValidator(one_of(vocab.FUND_ALIASES, "资金性质"))]
Nature = Annotated[str, BeforeValidator(one_of(vocab.NATURE_ALIASES, "支出性质"))]
UnitKind = Annotated[str, BeforeValidator(one_of(vocab.UNIT_KIND_ALIASES, "单位性质"))]
FunctionalCode = Annotated[str, BeforeValidator(_code((7,), "支出功能分类科目编码（项）"))]
EconomicCode = Annotated[str, BeforeValidator(_code((5,), "部门经济分类科目编码（款）"))]
AnyCode = Annotated[str, BeforeValidator(_code((3, 5, 7), "科目编码"))]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Staff(_Strict):
    """人员情况 at year end."""

    in_service: Count = Field(0, description="年末在职人员")
    retired: Count = Field(0, description="离退休人员（不含由养老保险基金发放养老金的离退休人员）")
    other: Count = Field(0, description="其他人员")
    pension_fund_retired: Count = Field(0, description="由养老保险基金发放养老金的离退休人员")
    authorized: Count | None = Field(None, description="编制数")


class IncomeLine(_Strict):
    """本年收入 of one 支出功能分类 项 from one source."""

    code: FunctionalCode
    source: Source
    amount: Amount


class ExpenditureLine(_Strict):
    """本年支出 of one 项 with one nature, paid from one fund."""

    code: FunctionalCode
    nature: Nature
    fund: Fund
    amount: Amount


class EconomicLine(_Strict):
    """一般公共预算财政拨款基本支出 of one 部门经济分类 款 (table 06)."""

    code: EconomicCode
    amount: Amount


class BalanceLine(_Strict):
    """A 结转和结余 amount of one fund; 政府性基金 balances name their 项 code (table 07 rows)."""

    fund: Fund
    amount: Amount
    code: FunctionalCode | None = None


class BudgetItems(_Strict):
    """三公经费 budget column (年初预算数 or 全年预算数)."""

    abroad: Amount | None = None
    vehicle_purchase: Amount | None = None
    vehicle_operation: Amount | None = None
    reception: Amount | None = None


class ActualItems(_Strict):
    """三公经费 决算数."""

    abroad: Amount | None = None
    vehicle_purchase: Amount | None = None
    vehicle_operation: Amount | None = None
    reception_domestic: Amount | None = None
    reception_foreign_affairs: Amount | None = Field(None, description="其中：外事接待费（含在国内接待费中）")
    reception_abroad: Amount | None = None


class ThreePublicStats(_Strict):
    abroad_groups: Count | None = None
    abroad_people: Count | None = None
    vehicles_purchased: Count | None = None
    vehicles_held: Count | None = None
    domestic_batches: Count | None = None
    domestic_foreign_batches: Count | None = None
    domestic_people: Count | None = None
    domestic_foreign_people: Count | None = None
    abroad_reception_batches: Count | None = None
    abroad_reception_people: Count | None = None


class ThreePublic(_Strict):
    """财政拨款"三公"经费 (table 09)."""

    initial_budget: BudgetItems = BudgetItems()
    full_budget: BudgetItems = BudgetItems()
    actual: ActualItems = ActualItems()
    stats: ThreePublicStats = ThreePublicStats()


class Vehicles(_Strict):
    ministerial: Count = 0
    principal: Count = 0
    confidential: Count = 0
    emergency: Count = 0
    law_enforcement: Count = 0
    special_technical: Count = 0
    retiree_service: Count = 0
    other: Count = 0


class Assets(_Strict):
    """国有资产占用 at 31 December (table 10)."""

    vehicles: Vehicles = Vehicles()
    equipment_over_1m: Count = Field(0, description="单价100万元（含）以上设备（不含车辆）台（套）")


class UnitInput(_Strict):
    """One 预算单位 and its ledger facts for the year."""

    name: str = Field(min_length=1, description="单位名称")
    budget_level: str = Field("一级", description="预算级次")
    kind: UnitKind = Field("public_institution", description="单位性质")
    staff: Staff = Staff()
    income: list[IncomeLine] = []
    expenditure: list[ExpenditureLine] = []
    basic_by_economic: list[EconomicLine] = []
    opening_balance: list[BalanceLine] = Field([], description="年初结转和结余")
    closing_balance: list[BalanceLine] | None = Field(None, description="年末结转和结余（可选，给出时核对）")
    balance_distribution: Amount | None = Field(None, description="结余分配（非财政拨款）")
    use_of_non_fiscal_balance: Amount | None = Field(None, description="使用非财政拨款结余")
    three_public: ThreePublic | None = None
    assets: Assets | None = None


class Dataset(_Strict):
    """A juesuan dataset: one department's final accounts for one year, as ledger facts."""

    format: Literal["juesuan/1"] = "juesuan/1"
    profile: str = Field("jiangxi-2023", description="模板（地区版式）")
    year: Year = Field(description="决算年度")
    amount_unit: Literal["元", "万元"] = Field("元", description="金额单位")
    department: str = Field(min_length=1, description="部门名称")
    names: dict[AnyCode, str] = Field({}, description="科目名称（覆盖代码表）")
    report: Report = Field(Report(), description="决算报告的文字部分：概况、上年数、年初预算、原因等")
    units: list[UnitInput] = Field(min_length=1)
    evaluations: list[EvaluationInput] = Field([], description="绩效评价（见 docs/performance.md）")
