"""What the pages and the API show of a stored audit: its findings with their reviews and places, grouped.

Everything is read from the store (the report's row, its coverage, findings and cells) and the reviews of
the file's content; a finding's places become the marks of its page picture (:mod:`juesuan.web.pictures`):
a table cell by the cell's page, x extent and printed value as the store keeps them, a sentence by its page
and line.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..check.registry import RULES
from ..findings import Location, Severity
from ..model.reading import KIND_NAMES
from ..pipeline.outcome import AUDITED, FAILED, NOT_AUDITED, PARTIAL, STATUS_LABELS, UNUSABLE
from ..render.summary import FindingRow, ReportRow, summary_xlsx
from ..store import Store, StoredCell, StoredFinding, StoredReport
from ..store.jobs import DONE, QUEUED, AuditJob
from ..store.reviews import Review, finding_keys, reviews_of
from .pictures import CellMark, LineMark, Mark

SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
#: What each rule category is about, as a group of findings without a table.
CATEGORY_NAMES = {
    "narrative": "情况说明（文字中的数字）", "text": "情况说明（文字）", "notes": "表注与说明",
    "performance": "绩效评价",
    "ingest": "读取", "meta": "审核范围", "document": "报告", "input": "输入文件", "ledger": "账务",
    "classification": "科目分类", "cross": "表间关系", "within": "表内关系",
}  # fmt: skip
REVIEW_FILTERS = {"open": "未复核", "confirmed": "已确认", "dismissed": "已排除"}
_X_RANGE = re.compile(r"x=(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)")
_SIDED = re.compile(r"^(.*)（(收入|支出)）$")


@dataclass(frozen=True)
class FindingView:
    position: int
    key: str
    rule: str
    title: str
    severity: str
    message: str
    expected: Decimal | None
    actual: Decimal | None
    difference: Decimal | None
    tolerance: Decimal | None
    unit: str | None
    locations: list[dict[str, Any]]
    group: str
    review: Review | None = None

    @property
    def severity_label(self) -> str:
        return Severity(self.severity).label

    @property
    def pages(self) -> list[int]:
        return sorted({loc["page"] for loc in self.locations if loc.get("page")})

    @property
    def lines(self) -> list[int]:
        return sorted({loc["line"] for loc in self.locations if loc.get("line") and not loc.get("page")})

    @property
    def places(self) -> list[str]:
        """Where it points, as text (without the server's file path)."""
        out = []
        for loc in self.locations:
            place = str(Location(**{**loc, "path": None}))
            if loc.get("page") is not None:
                place = f"第{loc['page']}页 " + place
            elif loc.get("line") is not None:
                place = f"第{loc['line']}行 " + place
            if place and place not in out:
                out.append(place.strip())
        return out

    @property
    def verdict(self) -> str:
        return self.review.verdict if self.review is not None else "open"

    def as_dict(self) -> dict[str, Any]:
        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "position": self.position, "key": self.key, "rule": self.rule, "title": self.title,
            "severity": self.severity, "message": self.message, "expected": text(self.expected),
            "actual": text(self.actual), "difference": text(self.difference), "tolerance": text(self.tolerance),
            "unit": self.unit, "group": self.group, "pages": self.pages,
            "locations": [{k: v for k, v in loc.items() if k != "path"} for loc in self.locations],
            "review": self.review.as_dict() if self.review is not None else None,
        }  # fmt: skip


def _group(finding: StoredFinding, titles: dict[str, str]) -> str:
    table = finding.table_id or next((loc.get("table") for loc in finding.locations if loc.get("table")), None)
    if table:
        title = titles.get(table, "")
        return f"公开{table}表" + (f"　{title}" if title else "")
    rule = RULES.get(finding.rule)
    category = rule.category if rule is not None else ""
    return CATEGORY_NAMES.get(category, category or "其他")


def table_titles(coverage: dict[str, Any]) -> dict[str, str]:
    return {str(t["table"]): str(t.get("title") or "") for t in coverage.get("tables_found", [])}


def finding_views(store: Store, report: StoredReport, coverage: dict[str, Any]) -> list[FindingView]:
    """The report's findings (not the waived ones) with their keys, groups and reviews, in report order."""
    stored = store.findings(report.id)
    keys = finding_keys([(f.rule, f.locations) for f in stored])
    reviews = reviews_of(store, report.sha256)
    titles = table_titles(coverage)
    out = []
    for finding, key in zip(stored, keys, strict=True):
        rule = RULES.get(finding.rule)
        out.append(FindingView(
            position=finding.position, key=key, rule=finding.rule, title=rule.title if rule else finding.rule,
            severity=finding.severity, message=finding.message, expected=finding.expected, actual=finding.actual,
            difference=finding.difference, tolerance=finding.tolerance, unit=finding.unit,
            locations=finding.locations, group=_group(finding, titles), review=reviews.get((finding.rule, key)),
        ))  # fmt: skip
    return out


def filtered(
    findings: list[FindingView], severity: str | None, rule: str | None, review: str | None
) -> list[FindingView]:
    return [
        f
        for f in findings
        if (not severity or f.severity == severity)
        and (not rule or f.rule == rule)
        and (not review or f.verdict == review)
    ]


def grouped(findings: list[FindingView]) -> list[tuple[str, list[FindingView]]]:
    """Findings by group: the tables in order, then the other groups; within one, by severity, then page."""
    groups: dict[str, list[FindingView]] = defaultdict(list)
    for f in findings:
        groups[f.group].append(f)

    def order(name: str) -> tuple[int, str]:
        return (0, name) if name.startswith("公开") else (1, name)

    return [
        (name, sorted(groups[name], key=lambda f: (SEVERITY_ORDER.get(f.severity, 3), (f.pages or [0])[0], f.position)))
        for name in sorted(groups, key=order)
    ]


def marks(locations: list[dict[str, Any]], page: int, cells: list[StoredCell]) -> list[Mark]:
    """The marks of a finding's places on one page: its cells (found among the report's cells by table, row
    and column) and its lines."""
    out: list[Mark] = []
    for loc in locations:
        if loc.get("page") != page:
            continue
        if loc.get("table"):
            cell = _cell(cells, loc)
            extent = _X_RANGE.search(cell.field or "") if cell is not None else None
            if cell is not None and extent is not None and cell.page == page:
                texts = (cell.text,) if cell.text and not cell.na else ()
                out.append(CellMark(float(extent[1]), float(extent[2]), cell.row_label, texts))
        elif loc.get("line"):
            out.append(LineMark(int(loc["line"])))
    return out


def _cell(cells: list[StoredCell], loc: dict[str, Any]) -> StoredCell | None:
    """The cell a place names: by table, row label (``label（收入）`` in a two-sided table: the label on that
    side), column, and the 科目编码 where labels repeat."""
    table, row, column, code = loc.get("table"), str(loc.get("row") or ""), loc.get("column"), loc.get("code")
    sided = _SIDED.match(row)
    label, side = (sided[1], sided[2]) if sided else (row, None)
    found = [
        c
        for c in cells
        if c.table_id == table
        and c.column_key == column
        and (c.row_label == row or (c.row_label == label and (side is None or c.row_side == side)))
    ]
    if len(found) > 1 and code:
        found = [c for c in found if c.row_code == code] or found
    return found[0] if found else None


# -- status ------------------------------------------------------------------------------------------------

#: The API's statuses: a job waiting or being audited, or what its audit came to.
API_STATUS = {AUDITED: "done", PARTIAL: "done", NOT_AUDITED: "not_audited", UNUSABLE: "failed", FAILED: "failed"}
STATUS_NAMES = {"queued": "排队中", "running": "审核中", "done": "已完成", "failed": "失败", "not_audited": "未审核"}


def api_status(job: AuditJob, report: StoredReport | None, running: str | None) -> str:
    if job.status == QUEUED:
        return running or "queued"
    if job.status == DONE and report is not None:
        return API_STATUS.get(report.status, "failed")
    return "failed"


def status_label(report: StoredReport) -> str:
    return STATUS_LABELS.get(report.status, report.status)


def kind_label(report: StoredReport) -> str:
    return KIND_NAMES.get(report.kind or "", report.kind or "")


# -- exports -----------------------------------------------------------------------------------------------


def report_row(report: StoredReport, name: str) -> ReportRow:
    return ReportRow(
        id=report.id, file=name, department=report.department or "", year=report.year, kind=kind_label(report),
        profile=report.profile or "", status=status_label(report), reason=report.reason, errors=report.errors,
        warnings=report.warnings, infos=report.infos, tables=report.tables_found, pages=report.pages,
        seconds=round(report.seconds, 2),
    )  # fmt: skip


def finding_row(f: FindingView, report_id: int, name: str) -> FindingRow:
    first = next((loc for loc in f.locations if loc.get("page") is not None or loc.get("line") is not None), None)
    table = next((loc for loc in f.locations if loc.get("table")), None)
    return FindingRow(
        report=report_id, file=name, rule=f.rule, severity=f.severity_label, message=f.message,
        page=first.get("page") if first else None, line=first.get("line") if first else None,
        table=f"公开{table['table']}表" if table else None, row=table.get("row") if table else None,
        column=table.get("column") if table else None, expected=f.expected, actual=f.actual,
        difference=f.difference, unit=f.unit, tolerance=f.tolerance,
    )  # fmt: skip


def findings_xlsx(report: StoredReport, name: str, findings: list[FindingView]) -> bytes:
    """The findings as the batch summary's workbook (报告 and 发现 sheets), with the reviews."""
    rows = [finding_row(f, report.id, name) for f in findings]
    reviews = [(f.review.label, f.review.note) if f.review else ("", "") for f in findings]
    return summary_xlsx([report_row(report, name)], rows, reviews=reviews)


def audit_json(
    report: StoredReport | None, coverage: dict[str, Any] | None, findings: list[FindingView]
) -> dict[str, Any]:
    out: dict[str, Any] = {"findings": [f.as_dict() for f in findings], "coverage": coverage or {}}
    if report is not None:
        out["report"] = {
            "id": report.id, "department": report.department, "year": report.year, "kind": report.kind,
            "profile": report.profile, "status": report.status, "reason": report.reason, "pages": report.pages,
            "errors": report.errors, "warnings": report.warnings, "infos": report.infos,
            "tables_found": report.tables_found, "tables_missing": report.tables_missing,
            "juesuan_version": report.juesuan_version, "catalogue_version": report.catalogue_version,
        }  # fmt: skip
    return out


@dataclass
class Excerpt:
    """Lines of a text report around a finding's line."""

    line: int
    lines: list[tuple[int, str, bool]] = field(default_factory=list)


def excerpts(path: Path, lines: list[int], around: int = 2) -> list[Excerpt]:
    try:
        raw = path.read_bytes()
    except OSError:
        return []
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return []
    all_lines = text.splitlines()
    out = []
    for line in lines[:5]:
        if 1 <= line <= len(all_lines):
            span = range(max(1, line - around), min(len(all_lines), line + around) + 1)
            out.append(Excerpt(line, [(n, all_lines[n - 1], n == line) for n in span]))
    return out
