"""The build pipeline: accounts → (rounded facts, derived balances) → tables, with findings."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..findings import Finding, Location, Severity
from ..model.accounts import Accounts, Fact
from ..model.money import ZERO, format_wan
from ..model.tables import TableSet
from ..profiles import loader as profiles
from .balances import derive_closing
from .rounding import Rounding, round_facts
from .tables import TableBuilder


@dataclass(frozen=True)
class Build:
    """What :func:`build_tables` returns: the tables and the findings made while deriving them."""

    tables: TableSet
    findings: tuple[Finding, ...]


def build_tables(accounts: Accounts, rounding: Rounding | str = Rounding.ADJUSTED) -> Build:
    """Derive every table of the accounts' profile.

    Args:
        accounts: a department's (or one unit's) accounts, see :func:`juesuan.load`.
        rounding: ``"adjusted"`` (totals equal the sum of displayed parts) or ``"independent"``.
    """
    rounding = Rounding(rounding)
    profile = profiles.get(accounts.profile)
    findings = list(_ledger_findings(accounts.facts))
    facts = round_facts(accounts.facts) if rounding is Rounding.ADJUSTED else accounts.facts
    closing, balance_findings = derive_closing(accounts.facts)
    findings += balance_findings
    if rounding is Rounding.ADJUSTED:
        closing, _ = derive_closing(facts)
    builder = TableBuilder(profile, accounts, (*facts, *closing))
    tables = tuple(builder.build(spec) for spec in profile.tables)
    for code, kind in sorted(builder.unknown_codes.items()):
        what = "部门经济分类" if kind == "economic" else "支出功能分类"
        findings.append(
            Finding(
                rule="code-unnamed",
                severity=Severity.WARNING,
                message=f"科目编码 {code} 不在内置的{what}代码表中（代码表不完整，请核对编码），"
                f"请在数据集 names 中给出科目名称",
                locations=(Location(code=code, path=accounts.path, field=_cell_of(accounts.facts, code)),),
            )
        )
    table_set = TableSet(accounts.profile, accounts.department, accounts.year, tables, rounding.value)
    return Build(table_set, tuple(findings))


def _cell_of(facts: tuple[Fact, ...], code: str) -> str | None:
    """The workbook cell (``收入!B5``) of the first fact with ``code``: a place without a line (a YAML fact has
    its line, and the finding its path only, as before)."""
    for fact in facts:
        if fact.code == code:
            for ref in fact.refs:
                if ref.line is None and ref.field and "!" in ref.field:
                    return ref.field
    return None


def _total(facts: tuple[Fact, ...], family: str, **dims: str) -> tuple[Decimal, bool]:
    amount, seen = ZERO, False
    for f in facts:
        if f.family == family and all(getattr(f, k) == v for k, v in dims.items()):
            amount += f.amount
            seen = True
    return amount, seen


def _ledger_findings(facts: tuple[Fact, ...]) -> list[Finding]:
    out = []
    basic, _ = _total(facts, "expenditure", fund="general_budget", nature="basic")
    economic, has_economic = _total(facts, "basic_economic")
    if (has_economic or basic) and economic != basic:
        out.append(
            Finding(
                rule="economic-basic-mismatch",
                severity=Severity.ERROR,
                message=f"一般公共预算财政拨款基本支出按经济分类合计 {format_wan(economic)} 万元（{economic} 元），"
                f"按功能分类合计 {format_wan(basic)} 万元（{basic} 元），相差 {economic - basic} 元："
                f"公开06表与公开05表将不一致",
                expected=basic,
                actual=economic,
                difference=economic - basic,
            )
        )
    for column in ("initial_budget", "full_budget", "actual"):
        inner, _ = _total(facts, "three_public", column=column, item="reception_foreign_affairs")
        outer, _ = _total(facts, "three_public", column=column, item="reception_domestic")
        if inner > outer:
            out.append(
                Finding(
                    rule="three-public-foreign-affairs",
                    severity=Severity.ERROR,
                    message=f"三公经费「其中：外事接待费」{format_wan(inner)} 万元大于国内接待费 "
                    f"{format_wan(outer)} 万元",
                    expected=outer,
                    actual=inner,
                    difference=inner - outer,
                )
            )
    return out
