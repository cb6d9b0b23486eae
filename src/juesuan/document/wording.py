"""Wording helpers for the narrative: figures as runs, changes, shares and completion rates.

Every amount is stated in 万元 as printed in the tables (:func:`juesuan.model.money.to_wan`), and every
percentage is computed from the *printed* figures, so that a reader can recompute each one from the document
(domain §4.4): a change A = printed current − printed previous; growth = A / printed previous; a share =
printed part / printed whole (the shares of one group adjusted by largest remainder so that they add up to
exactly 100.00); a completion rate = printed 决算数 / printed 年初预算数. No percentage is ever stated against a
zero base.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from ..model.blocks import Figure, Run
from ..model.money import YUAN_PER_WAN, ZERO, to_wan

HUNDRED = Decimal(100)
CENT = Decimal("0.01")
PLACEHOLDER = "【待补充：{what}】"

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (1 ≤ n ≤ 99), for （一）-style enumerations."""
    if not 1 <= n <= 99:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def percent_text(value: Decimal) -> str:
    return f"{value.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def rate(numerator_wan: Decimal, denominator_wan: Decimal) -> Decimal | None:
    """numerator / denominator × 100, half-up to 0.01; None for a zero denominator."""
    if denominator_wan == 0:
        return None
    return (numerator_wan / denominator_wan * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def largest_remainder(parts_wan: Sequence[Decimal]) -> list[Decimal] | None:
    """Shares (%, two decimals) of ``parts`` in their sum that add up to exactly 100.00.

    Each share is first cut down to 0.01; the 0.01s still missing go to the largest cut-off remainders
    (earlier parts first on ties). None when the parts add up to zero (no share can be stated).
    """
    whole = sum(parts_wan, ZERO)
    if whole == 0:
        return None
    exact = [part / whole * HUNDRED for part in parts_wan]
    floors = [share.quantize(CENT, rounding=ROUND_DOWN) for share in exact]
    missing = int(((HUNDRED - sum(floors, ZERO)) / CENT).to_integral_value(rounding=ROUND_HALF_UP))
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:missing]:
        floors[i] += CENT
    return floors


@dataclass
class Missing:
    """One thing the document needs and the dataset does not give."""

    key: str
    what: str
    section: str
    field: str
    #: the 【待补充】 run: a builder may make phrases its profile's template does not print, and only the
    #: placeholders the document shows are reported (compose_document drops the others)
    run: Run | None = None


@dataclass
class Writer:
    """Builds runs for one document and records what is missing."""

    section: str = ""
    missing: list[Missing] = field(default_factory=list)
    #: reason keys the document asked for (given or not)
    asked: set[str] = field(default_factory=set)

    # -- figures -------------------------------------------------------------------------------------
    @staticmethod
    def amount(value: Decimal, cells: tuple[str, ...] = (), formula: str | None = None) -> Run:
        """An amount in 元 shown in 万元."""
        return Run(f"{to_wan(value):.2f}", Figure(value, "amount", cells, formula))

    @staticmethod
    def count(value: Decimal | int, cells: tuple[str, ...] = ()) -> Run:
        return Run(str(int(value)), Figure(Decimal(value), "count", cells))

    @staticmethod
    def percent(value: Decimal, cells: tuple[str, ...], formula: str, previous: Decimal | None = None) -> Run:
        return Run(percent_text(value), Figure(value, "percent", cells, formula, previous))

    def placeholder(self, key: str, what: str, field_path: str) -> Run:
        run = Run(PLACEHOLDER.format(what=what), mark="placeholder")
        self.missing.append(Missing(key, what, self.section, field_path, run))
        return run

    # -- phrases -------------------------------------------------------------------------------------
    def change(
        self, current: Decimal, previous: Decimal | None, cells: tuple[str, ...], key: str, what: str
    ) -> list[Run]:
        """比上年增加/减少 A 万元，增长/下降 p% | 与上年持平 | …，上年无{what}，增长率无可比性.

        The figures carry the signed change (元) and the signed growth (%); the text shows their magnitude
        after the direction word.

        ``current`` and ``previous`` are 元; None for ``previous`` gives a 【待补充：上年数】 mark.
        """
        if previous is None:
            return [self.placeholder(f"previous.{key}", f"上年{what}", previous_field(key))]
        now, before = to_wan(current), to_wan(previous)
        difference = now - before
        if difference == 0:
            return [Run("与上年持平")]
        up = difference > 0
        runs = [
            Run("比上年增加" if up else "比上年减少"),
            Run(f"{abs(difference):.2f}", Figure(difference * YUAN_PER_WAN, "amount", cells, "difference", previous)),
            Run("万元，"),
        ]
        if before == 0:
            runs.append(Run(f"上年无{what}，增长率无可比性"))
            return runs
        growth = rate(abs(difference), before)
        assert growth is not None
        signed = growth if up else -growth
        figure = Figure(signed, "percent", cells, "growth", previous)
        runs += [Run("增长" if up else "下降"), Run(percent_text(growth), figure), Run("%")]
        return runs

    def reason(
        self, reasons: dict[str, str], key: str, *, required: bool, lead: str = "，主要原因：", tail: str = ""
    ) -> list[Run]:
        """``lead`` + the reason given for ``key``; a 【待补充：原因】 mark if required and missing; else nothing.

        A given reason is printed even when not required (a unit may explain an unchanged figure).
        """
        self.asked.add(key)
        text = reasons.get(key, "").strip().rstrip("。；;，,、 ")
        if text:
            return [Run(lead + text + tail)]
        if required:
            mark = self.placeholder(f"reasons.{key}", "原因", f"report.reasons.{key}")
            return [Run(lead), mark, Run(tail)] if tail else [Run(lead), mark]
        return []

    def completion(self, actual: Decimal, budget: Decimal, cells: tuple[str, ...], lead: str) -> list[Run]:
        """``lead`` + z% with z = printed 决算 / printed 预算; nothing when the budget prints as 0.00."""
        z = rate(to_wan(actual), to_wan(budget))
        if z is None:
            return []
        return [Run(lead), self.percent(z, cells, "ratio"), Run("%")]


def previous_field(key: str) -> str:
    """The dataset field of last year's figure ``key`` ("basic.301" → report.previous.basic_by_class.301)."""
    if key.startswith("basic."):
        return f"report.previous.basic_by_class.{key[6:]}"
    if key == "three_public":
        return "report.previous.three_public.total"
    return f"report.previous.{key}"


def differs(a: Decimal, b: Decimal) -> bool:
    """Whether two 元 amounts print differently in 万元."""
    return to_wan(a) != to_wan(b)
