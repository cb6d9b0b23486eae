"""Comparing two years of one unit: the main figures side by side, and what only a comparison finds.

``compare(last, this)`` takes two cases of the same department (or unit), last year's and this year's, however
they were made (audited reports, built datasets). It returns the figures of both years with the change, and a
check report of the rules that need last year's report (``needs: [previous]``, e.g. narrative-previous-year: the
上年数 this year's text states or implies is not what last year's report published).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..check.checker import Report, check
from ..check.checks_narrative import cell_of
from ..check.config import Config
from ..check.registry import RULES
from ..derive.query import NotRun, Tables
from ..model.case import Case
from ..model.money import YUAN_PER_WAN
from ..model.statements import Aspect
from ..model.tables import TableSet
from ..statements.vocabulary import default_vocabulary

#: The figures shown side by side (vocabulary subjects: statements/vocabulary.yaml), in this order.
FIGURES = (
    "income_grand_total", "income_total", "fiscal_income", "expenditure_total", "basic", "project", "closing",
    "personnel", "public", "three_public", "abroad", "vehicle_purchase", "vehicle_operation", "reception",
)  # fmt: skip
#: The rules that read last year's report.
COMPARISON_RULES = tuple(rule for rule, r in RULES.items() if "previous" in r.needs)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Figure:
    """One figure in both years (元, as printed; None where the report does not print it)."""

    subject: str
    label: str
    last: Decimal | None
    this: Decimal | None

    @property
    def change(self) -> Decimal | None:
        return None if self.last is None or self.this is None else self.this - self.last

    @property
    def rate(self) -> Decimal | None:
        """The change in percent of last year's figure (2 decimals), None from a zero base."""
        change = self.change
        if change is None or not self.last:
            return None
        return (change / self.last * 100).quantize(_CENT, rounding=ROUND_HALF_UP)

    def wan(self, value: Decimal | None) -> str:
        return "" if value is None else f"{(value / YUAN_PER_WAN).quantize(_CENT, rounding=ROUND_HALF_UP):.2f}"


@dataclass(frozen=True)
class Comparison:
    last: Case
    this: Case
    figures: tuple[Figure, ...]
    report: Report

    @property
    def years(self) -> tuple[int, int]:
        return self.last.year, self.this.year


def figure(tables: TableSet, subject: str) -> Decimal | None:
    """A subject's printed value in a set of tables (元), None when the layout has no such cell."""
    entry = default_vocabulary().get(subject)
    spec = entry.cells.get(Aspect.VALUE) if entry else None
    if spec is None:
        return None
    try:
        return cell_of(Tables(tables), spec).value
    except NotRun:
        return None


def compare(last: Case, this: Case, config: Config | None = None) -> Comparison:
    """Last year's and this year's case of one unit: their figures, and the comparison rules' findings."""
    if last.year >= this.year:
        last, this = this, last
    vocab = default_vocabulary()
    figures = tuple(
        Figure(subject, vocab.label(subject), figure(last.tables, subject), figure(this.tables, subject))
        for subject in FIGURES
    )
    rules = {rule: RULES[rule] for rule in COMPARISON_RULES}
    report = check(this.tables, config, rules, inputs={**this.inputs(), "previous": last.tables})
    return Comparison(last, this, figures, report)
