"""The accounts of one department for one year, as immutable ledger facts.

Every table cell is a sum over facts, so every table is a projection of the same facts and the
identities between tables hold by construction. A fact's ``family`` says what kind of quantity it is:

========================  ==========================================  ========================
family                    meaning                                     dimensions used
========================  ==========================================  ========================
``income``                本年收入                                     code, source, fund
``expenditure``           本年支出                                     code, nature, fund
``basic_economic``        一般公共预算财政拨款基本支出 by 经济分类       code (经济分类 款)
``opening``               年初结转和结余                               fund, code (政府性基金)
``closing``               年末结转和结余 (derived)                     fund, code
``closing_given``         年末结转和结余 as entered (checked only)     fund, code
``distribution``          结余分配                                     fund
``use_non_fiscal``        使用非财政拨款结余                           fund
``three_public``          财政拨款"三公"经费                           column, item
``three_public_stats``    三公 statistics (counts)                    item
``assets``                国有资产 counts                             item
========================  ==========================================  ========================

Amounts are ``Decimal`` 元; counts are ``Decimal`` integers.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from .evaluations import Evaluation
from .report import Report
from .source import SourceRef

MONEY_FAMILIES = frozenset(
    {"income", "expenditure", "basic_economic", "opening", "closing", "closing_given",
     "distribution", "use_non_fiscal", "three_public"}
)  # fmt: skip
COUNT_FAMILIES = frozenset({"three_public_stats", "assets"})


@dataclass(frozen=True, slots=True)
class Fact:
    """One ledger fact: an amount (元) or a count with the dimensions that place it in the tables."""

    family: str
    amount: Decimal
    unit: str = ""
    code: str = ""
    source: str = ""
    nature: str = ""
    fund: str = ""
    column: str = ""
    item: str = ""
    refs: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Staff:
    in_service: int = 0
    retired: int = 0
    other: int = 0
    pension_fund_retired: int = 0
    authorized: int | None = None


@dataclass(frozen=True, slots=True)
class Unit:
    """One 预算单位 of the department."""

    name: str
    budget_level: str
    kind: str
    staff: Staff = field(default_factory=Staff)
    ref: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Accounts:
    """A department's (or one unit's) final accounts for one year.

    Attributes:
        department: 部门名称 as printed in table headers.
        year: 决算年度.
        profile: the template profile id (regional layout).
        units: the units included (纳入决算汇编范围的单位).
        facts: every ledger fact of every unit, in input order.
        names: code → name overrides given by the dataset.
        path: the input file.
        evaluations: the performance evaluations the dataset carries (juesuan.perf).
        report: what the disclosure document states beyond the tables (the dataset's ``report:``).
    """

    department: str
    year: int
    profile: str
    units: tuple[Unit, ...]
    facts: tuple[Fact, ...]
    names: dict[str, str] = field(default_factory=dict)
    path: str = ""
    evaluations: tuple[Evaluation, ...] = ()
    report: Report = field(default_factory=Report)

    def unit_names(self) -> tuple[str, ...]:
        return tuple(u.name for u in self.units)

    def for_unit(self, name: str) -> Accounts:
        """The accounts of one unit only (its tables carry the unit's name as 部门)."""
        units = tuple(u for u in self.units if u.name == name)
        if not units:
            raise KeyError(name)
        facts = tuple(f for f in self.facts if f.unit == name)
        return replace(self, department=name, units=units, facts=facts)

    def has_family(self, family: str) -> bool:
        return any(f.family == family for f in self.facts)
