"""What a running rule sees: cell addressing, a comparison with the rounding policy, and reporting.

Rules never build findings themselves: they call :meth:`RuleContext.compare` (figures) or
:meth:`RuleContext.report` (anything else); the context stamps rule id, severity and tolerance.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from ..derive.query import CellRef, Quantity, Tables
from ..findings import Finding, Location, Severity
from ..model.money import YUAN_PER_WAN, ZERO
from .config import Config
from .rules import Rule

TAIL_RULE = "rounding-tail"
_OPS = {"eq": "应为", "le": "应不大于", "ge": "应不小于"}


def location_of(ref: CellRef) -> Location:
    source = ref.cell.sources[0] if ref.cell.sources else None
    label = ref.row.label or ref.row.key or (f"第{ref.row.line}行" if ref.row.line else None)
    side = f"（{ref.row.side}）" if ref.row.side else ""
    # the printed header, unless it repeats on that side (then the key tells the columns apart)
    headers = [c.header for c in ref.table.columns if c.key == ref.column and c.side == ref.row.side]
    same = [c for c in ref.table.columns if c.side == ref.row.side and headers and c.header == headers[0]]
    column = headers[0] if len(same) == 1 else ref.column
    cell = source.field if source and source.line is None and source.page is None and source.table is None else None
    return Location(
        table=ref.table.id, row=f"{label}{side}" if label else None, code=ref.row.code, column=column,
        page=source.page if source else None, line=source.line if source else None,
        path=source.path if source else None,
        field=cell if cell and "!" in cell else None,  # a fill-in workbook's cell (收入!B5), which has no line
    )  # fmt: skip


def describe(ref: CellRef) -> str:
    loc = location_of(ref)
    code = f"{loc.code} " if loc.code and loc.code not in (loc.row or "") else ""
    return f"公开{loc.table}表「{code}{loc.row or ''}」「{loc.column}」"


def _is_count(q: Quantity) -> bool:
    return bool(q.refs) and all(r.row.kind == "count" for r in q.refs)


def _show(value: Decimal, count: bool) -> Decimal:
    return value if count else (value / YUAN_PER_WAN).quantize(Decimal("0.01"))


class RuleContext:
    """One rule's run over one TableSet."""

    def __init__(self, rule: Rule, tables: Tables, config: Config) -> None:
        self.rule = rule
        self.tables = tables
        self.config = config
        self.findings: list[Finding] = []
        self.comparisons = 0

    @property
    def severity(self) -> Severity:
        return self.config.severity_of(self.rule.id, self.rule.severity)

    def tolerance(self, actual: Quantity, expected: Quantity, mode: str | None = None) -> Decimal:
        """Tolerance in 元 (counts: 0)."""
        mode = mode or self.rule.tolerance
        if _is_count(actual) or _is_count(expected) or mode == "exact" or self.config.tolerance == "exact":
            return ZERO
        if mode == "envelope":
            return (actual.terms + expected.terms) * self.config.per_term * YUAN_PER_WAN
        return Decimal(mode) * YUAN_PER_WAN

    def compare(
        self,
        actual: Quantity,
        expected: Quantity,
        op: str = "eq",
        what: str | None = None,
        mode: str | None = None,
        title: str | None = None,
    ) -> None:
        """Check ``actual op expected``; a gap within the tolerance is 尾数 (rounding-tail), else a finding.
        ``title`` names the identity in the message when it is not the rule's title (a variant of the rule)."""
        self.comparisons += 1
        gap = actual.value - expected.value
        bad = {"eq": gap != 0, "le": gap > 0, "ge": gap < 0}[op]
        if not bad:
            return
        tolerance = self.tolerance(actual, expected, mode)
        tail = abs(gap) <= tolerance
        if tail and (TAIL_RULE in self.config.disabled):
            return
        count = _is_count(actual) or _is_count(expected)
        unit = "" if count else " 万元"
        e, a, d, t = (_show(v, count) for v in (expected.value, actual.value, gap, tolerance))
        where = what or (describe(actual.refs[0]) if actual.refs else self.rule.title)
        text = f"{where}：{_OPS[op]} {e}{unit}，实为 {a}{unit}，相差 {d:+}{unit}（容差 {t}{unit}）"
        if tail:
            message = f"尾数差异（{self.rule.id}「{self.rule.title}」）{text}，在尾数容差以内"
            severity = self.config.severity_of(TAIL_RULE, self.config.tail_severity)
        else:
            message = f"{title or self.rule.title}不成立：{text}"
            severity = self.severity
        self.findings.append(
            Finding(
                rule=TAIL_RULE if tail else self.rule.id, severity=severity, message=message,
                locations=tuple(location_of(r) for r in (*actual.refs, *expected.refs)),
                expected=e, actual=a, difference=d, tolerance=t, unit=unit.strip(),
            )
        )  # fmt: skip

    def compare_percent(
        self, stated: Decimal, recomputed: Decimal, what: str, locations: Iterable[Location] = ()
    ) -> None:
        """A stated percentage against the one recomputed from its figures (both in %, e.g. 12.34).

        Percentages are printed to 0.01 %: a gap within the configured ``rounding.percent`` (0.01
        percentage point by default) is 尾数, reported like any rounding tail; a larger one is a finding. The
        recomputed percentage correctly rounded to the decimals printed (12.3 % for 12.345 %) always passes.
        """
        self.comparisons += 1
        exponent = stated.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) else 2
        if stated == recomputed.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP):
            return  # the recomputed percentage, correctly rounded to the places printed
        recomputed = recomputed.quantize(Decimal("0.0001"))
        gap = stated - recomputed
        tolerance = ZERO if self.config.tolerance == "exact" else self.config.percent
        tail = abs(gap) <= tolerance
        if tail and TAIL_RULE in self.config.disabled:
            return
        shown = recomputed.quantize(Decimal("0.01"))
        places = 2 if gap == gap.quantize(Decimal("0.01")) else 4  # never show a real gap as within tolerance
        text = f"{what}：应为 {shown}%，实为 {stated}%，相差 {gap:+.{places}f} 个百分点（容差 {tolerance} 个百分点）"
        self.findings.append(
            Finding(
                rule=TAIL_RULE if tail else self.rule.id,
                severity=self.config.severity_of(TAIL_RULE, self.config.tail_severity) if tail else self.severity,
                message=f"尾数差异（{self.rule.id}「{self.rule.title}」）{text}，在尾数容差以内"
                if tail
                else f"{self.rule.title}不成立：{text}",
                locations=tuple(locations), expected=recomputed, actual=stated, difference=gap,
                tolerance=tolerance, unit="%",
            )
        )  # fmt: skip

    def report(self, message: str, refs: Iterable[CellRef] = (), severity: Severity | None = None) -> None:
        """A non-arithmetic finding (classification, notes, integers …)."""
        self.comparisons += 1
        self.findings.append(
            Finding(self.rule.id, severity or self.severity, message, tuple(location_of(r) for r in refs))
        )

    def passed(self) -> None:
        """Count a check that found nothing (for coverage)."""
        self.comparisons += 1
