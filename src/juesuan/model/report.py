"""What the disclosure document states beyond the tables: profile text, last year's figures, budgets, reasons.

Loaded from the dataset's ``report:`` section (see :mod:`juesuan.load.report_schema`). Amounts are ``Decimal``
元 like every other amount; ``None`` means "not given" (the document then shows a 【待补充：…】 mark).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .source import SourceRef


@dataclass(frozen=True, slots=True)
class Procurement:
    """政府采购 合同金额 (元)."""

    goods: Decimal
    works: Decimal
    services: Decimal
    sme_goods: Decimal
    sme_works: Decimal
    sme_services: Decimal
    small_micro: Decimal

    @property
    def total(self) -> Decimal:
        return self.goods + self.works + self.services

    @property
    def sme(self) -> Decimal:
        return self.sme_goods + self.sme_works + self.sme_services


@dataclass(frozen=True, slots=True)
class Report:
    """The ``report:`` section of a dataset.

    Attributes:
        duties: 部门主要职责, one string per paragraph.
        organization: 机构设置 paragraphs; ``departments`` 内设机构; ``authorized``/``actual`` 编制/实有人数.
        previous: last year's figures by item key ("income_total", "basic.301", "three_public.abroad", …).
        previous_dataset: last year's dataset file (resolved path), whose tables give figures ``previous`` lacks.
        initial_budget_total / initial_budget_by_class: 财政拨款 年初预算数 (total; by 功能分类 类 code).
        operating_costs: 机关运行经费 this year (None: not given).
        procurement: 政府采购 (None: not given).
        assets_text, performance: paragraphs for 国有资产占用 and 预算绩效.
        reasons: 原因 by item key (see docs/dataset.md).
        glossary: 名词解释 additions or overrides (code or term → definition).
        refs: where each given item came from, by the same keys (for findings).
    """

    duties: tuple[str, ...] = ()
    organization: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    authorized: int | None = None
    actual: int | None = None
    previous: dict[str, Decimal] = field(default_factory=dict)
    previous_dataset: str | None = None
    initial_budget_total: Decimal | None = None
    initial_budget_by_class: dict[str, Decimal] = field(default_factory=dict)
    operating_costs: Decimal | None = None
    procurement: Procurement | None = None
    assets_text: tuple[str, ...] = ()
    performance: tuple[str, ...] = ()
    reasons: dict[str, str] = field(default_factory=dict)
    glossary: dict[str, str] = field(default_factory=dict)
    refs: dict[str, SourceRef] = field(default_factory=dict)

    def reason(self, key: str) -> str | None:
        """The reason given for ``key``, stripped of surrounding space and a final 。; None if none."""
        text = self.reasons.get(key, "").strip().rstrip("。；;，, ")
        return text or None
