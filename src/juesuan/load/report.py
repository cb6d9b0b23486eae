"""The dataset's ``report:`` section → :class:`juesuan.model.report.Report` (amounts scaled to 元)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Protocol

from ..model.report import Procurement, Report
from ..model.source import SourceRef
from . import report_schema as rs


class _Builder(Protocol):
    path: str
    problems: list[str]

    def money(self, value: Decimal, *loc: int | str) -> Decimal: ...

    def ref(self, *loc: int | str) -> SourceRef: ...

    def at(self, *loc: int | str) -> str: ...


def build_report(builder: _Builder, given: rs.Report) -> Report:
    """Scale the amounts of ``given`` to 元 and check what pydantic cannot (the previous dataset exists)."""
    at: tuple[int | str, ...] = ("report",)
    refs: dict[str, SourceRef] = {}

    def money(value: Decimal | None, key: str, *loc: int | str) -> Decimal | None:
        if value is None:
            return None
        refs[key] = builder.ref(*at, *loc)
        return builder.money(value, *at, *loc)

    previous: dict[str, Decimal] = {}
    p = given.previous
    for name in ("opening", "use_non_fiscal", "income_total", "expenditure_total", "distribution", "closing",
                 "grand_total", "fiscal_total", "general_budget",
                 "operating_costs"):  # fmt: skip
        value = money(getattr(p, name), name, "previous", name)
        if value is not None:
            previous[name] = value
    for code, amount in p.basic_by_class.items():
        previous[f"basic.{code}"] = builder.money(amount, *at, "previous", "basic_by_class", code)
    for name in ("total", *rs.THREE_PUBLIC_ITEMS):
        key = "three_public" if name == "total" else f"three_public.{name}"
        value = money(getattr(p.three_public, name), key, "previous", "three_public", name)
        if value is not None:
            previous[key] = value

    previous_dataset = None
    if given.previous_dataset is not None:
        target = Path(builder.path).parent / given.previous_dataset
        if not target.is_file():
            builder.problems.append(f"{builder.at(*at, 'previous_dataset')}：上年数据集「{target}」不存在")
        previous_dataset = str(target)

    budget = given.initial_budget
    by_class = {
        code: builder.money(amount, *at, "initial_budget", "by_class", code) for code, amount in budget.by_class.items()
    }
    procurement = None if given.procurement is None else _procurement(builder, given.procurement)
    org = given.organization
    return Report(
        duties=tuple(given.duties),
        organization=tuple(org.text),
        departments=tuple(org.departments),
        authorized=org.authorized,
        actual=org.actual,
        previous=previous,
        previous_dataset=previous_dataset,
        initial_budget_total=money(budget.total, "budget", "initial_budget", "total"),
        initial_budget_by_class=by_class,
        operating_costs=None
        if given.operating_costs is None
        else money(given.operating_costs.amount, "operating_costs", "operating_costs", "amount"),
        procurement=procurement,
        assets_text=tuple(given.assets_text),
        performance=tuple(given.performance),
        reasons=dict(given.reasons),
        glossary=dict(given.glossary),
        refs=refs,
    )


def _procurement(builder: _Builder, given: rs.Procurement) -> Procurement:
    at = ("report", "procurement")
    amounts = {
        name: builder.money(getattr(given, name), *at, name)
        for name in ("goods", "works", "services", "sme_goods", "sme_works", "sme_services", "small_micro")
    }
    procurement = Procurement(**amounts)
    for sme, whole in (("sme_goods", "goods"), ("sme_works", "works"), ("sme_services", "services")):
        if amounts[sme] > amounts[whole]:
            builder.problems.append(f"{builder.at(*at, sme)}：授予中小企业的合同金额大于该类采购金额（{whole}）")
    if procurement.small_micro > procurement.sme:
        builder.problems.append(f"{builder.at(*at, 'small_micro')}：授予小微企业的合同金额大于授予中小企业的合同金额")
    return procurement
