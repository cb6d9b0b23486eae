"""Findings are data: immutable records that checkers return instead of raising."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points: a table cell and/or an input place."""

    table: str | None = None
    row: str | None = None
    code: str | None = None
    column: str | None = None
    page: int | None = None
    line: int | None = None
    path: str | None = None
    field: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "table": self.table,
            "row": self.row,
            "code": self.code,
            "column": self.column,
            "page": self.page,
            "line": self.line,
            "path": self.path,  # the input file (a report may cite several: dataset, last year's, ...)
            "field": self.field,  # the place within the line or page: a field name, a PDF x range, sheet!C7
        }

    def __str__(self) -> str:
        parts = []
        if self.path:
            place = self.path
            if self.page is not None:
                place += f":第{self.page}页"
            if self.line is not None:
                place += f":{self.line}"
            parts.append(place)
        if self.table:
            cell = f"公开{self.table}表"
            if self.row:
                cell += f"「{self.row}」"
            if self.column:
                cell += f"「{self.column}」"
            parts.append(cell)
        if self.field:
            parts.append(self.field)
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a dataset or a set of tables.

    Attributes:
        rule: stable rule id, e.g. ``code-unknown``.
        severity: error / warning / info.
        message: Chinese sentence with the figures involved.
        locations: the cells and input places involved.
        expected, actual, difference: figures for arithmetic findings (None otherwise).
        tolerance: the tolerance the figures were compared with (None when not applicable).
        unit: the unit of expected/actual/difference/tolerance ("元", "万元", "" for counts; None if unset).
    """

    rule: str
    severity: Severity
    message: str
    locations: tuple[Location, ...] = field(default=())
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    tolerance: Decimal | None = None
    unit: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "locations": [loc.as_dict() for loc in self.locations],
            "expected": None if self.expected is None else str(self.expected),
            "actual": None if self.actual is None else str(self.actual),
            "difference": None if self.difference is None else str(self.difference),
        }


def count_by_severity(findings: list[Finding] | tuple[Finding, ...]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for f in findings:
        counts[f.severity.value] += 1
    return counts
