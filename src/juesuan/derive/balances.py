"""年末结转和结余, derived from the other facts fund by fund (and 项 by 项 for 政府性基金).

closing = opening + 本年收入 + 使用非财政拨款结余 − 本年支出 − 结余分配, for each fund. The fiscal funds
only see their own 财政拨款 income and spending; everything else is ``non_fiscal``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from ..findings import Finding, Location, Severity
from ..model.accounts import Fact
from ..model.money import ZERO, format_wan
from ..model.vocab import FUNDS

_SIGN = {"opening": 1, "income": 1, "use_non_fiscal": 1, "expenditure": -1, "distribution": -1}


def _key(fact: Fact) -> tuple[str, str]:
    return (fact.fund, fact.code if fact.fund == "gov_fund" else "")


def derive_closing(facts: tuple[Fact, ...]) -> tuple[list[Fact], list[Finding]]:
    """Closing-balance facts, and findings where they are negative or disagree with entered ones."""
    totals: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    refs: dict[tuple[str, str], list] = defaultdict(list)  # type: ignore[type-arg]
    for fact in facts:
        sign = _SIGN.get(fact.family)
        if sign is not None:
            totals[_key(fact)] += sign * fact.amount
            refs[_key(fact)].extend(fact.refs)
    closing = [
        Fact("closing", amount, fund=fund, code=code, refs=tuple(refs[(fund, code)]))
        for (fund, code), amount in sorted(totals.items())
        if amount != 0 or any(f.family == "opening" and _key(f) == (fund, code) for f in facts)
    ]
    findings = [
        Finding(
            rule="closing-negative",
            severity=Severity.ERROR,
            message=f"年末结转和结余（{_fund_name(f.fund)}{' ' + f.code if f.code else ''}）推算为 "
            f"{_amount_text(f.amount)}，为负数：本年支出超过了年初结转和结余与本年收入之和",
            locations=tuple(Location(path=r.path, line=r.line, field=r.field) for r in f.refs[:3]),
            actual=f.amount,
        )
        for f in closing
        if f.amount < 0
    ]
    # Entered balances are compared unit by unit, for the units that entered them.
    by_unit: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)
    entered_by_unit: dict[tuple[str, str, str], Decimal] = defaultdict(lambda: ZERO)
    reporting = {f.unit for f in facts if f.family == "closing_given"}
    for fact in facts:
        if fact.unit not in reporting:
            continue
        sign = _SIGN.get(fact.family)
        if sign is not None:
            by_unit[(fact.unit, *_key(fact))] += sign * fact.amount
        elif fact.family == "closing_given":
            entered_by_unit[(fact.unit, *_key(fact))] += fact.amount
    for unit, *rest in sorted(set(by_unit) | set(entered_by_unit)):
        key = (rest[0], rest[1])
        derived = by_unit.get((unit, *key), ZERO)
        entered = entered_by_unit.get((unit, *key), ZERO)
        if derived != entered:
            findings.append(
                Finding(
                    rule="closing-mismatch",
                    severity=Severity.ERROR,
                    message=f"{unit}：年末结转和结余（{_fund_name(key[0])}{' ' + key[1] if key[1] else ''}）填报 "
                    f"{entered} 元，按年初 + 收入 − 支出推算应为 {derived} 元，相差 {entered - derived} 元",
                    expected=derived,
                    actual=entered,
                    difference=entered - derived,
                )
            )
    return closing, findings


def _fund_name(fund: str) -> str:

    return FUNDS.get(fund, fund)


def _amount_text(yuan: Decimal) -> str:
    """万元 normally; 元 when the amount would print as 0.00 万元 (a shortfall under 50 元)."""
    shown = format_wan(yuan)
    return f"{yuan} 元" if shown in ("0.00", "-0.00") else f"{shown} 万元"
