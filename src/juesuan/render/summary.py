"""The summary of a batch audit: one row per report and one row per finding, as XLSX or CSV.

The XLSX has two sheets, 报告 (a row per report, its 发现 cell a link to the report's first finding) and 发现
(every finding with its place and numbers), each with frozen headers and filters. The CSV form writes the same
two tables as ``NAME.csv`` (reports) and ``NAME-发现.csv`` (findings), UTF-8 with a BOM so that Excel opens
them as Chinese. Amounts (应为, 实为, 差额, 容差) are exact ``Decimal`` up to here and written as numbers
(xlsx) or their exact text (CSV).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, fields
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter

REPORTS_SHEET, FINDINGS_SHEET = "报告", "发现"


@dataclass(frozen=True)
class ReportRow:
    """One audited file in the summary."""

    id: int | str
    file: str
    department: str = ""
    year: int | None = None
    kind: str = ""
    profile: str = ""
    status: str = ""
    reason: str = ""
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    tables: int = 0
    pages: int | None = None
    seconds: float | None = None


@dataclass(frozen=True)
class FindingRow:
    """One finding of one report in the summary."""

    report: int | str
    file: str
    rule: str
    severity: str
    message: str
    page: int | None = None
    line: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None
    expected: Decimal | None = None
    actual: Decimal | None = None
    difference: Decimal | None = None
    unit: str | None = None
    tolerance: Decimal | None = None


#: Column headers (Chinese, as the reviewer reads them) of each field, in order.
REPORT_HEADERS = {
    "id": "编号", "file": "文件", "department": "单位", "year": "年度", "kind": "文件类型", "profile": "模板",
    "status": "审核状态", "reason": "原因", "errors": "错误", "warnings": "警告", "infos": "提示",
    "tables": "读出的表", "pages": "页数", "seconds": "用时（秒）",
}  # fmt: skip
FINDING_HEADERS = {
    "report": "报告编号", "file": "文件", "rule": "规则", "severity": "严重程度", "message": "说明", "page": "页",
    "line": "行", "table": "表", "row": "行名", "column": "栏", "expected": "应为", "actual": "实为",
    "difference": "差额", "unit": "单位", "tolerance": "容差",
}  # fmt: skip
FINDINGS_LINK = "发现"
_WIDTHS = {"file": 36, "message": 80, "reason": 40, "department": 24, "row": 24, "column": 16, "note": 40}


def _values(row: ReportRow | FindingRow) -> list[Any]:
    return [getattr(row, f.name) for f in fields(row)]


def write_summary(path: str | Path, reports: Sequence[ReportRow], findings: Sequence[FindingRow]) -> list[Path]:
    """Write the summary as ``path`` (.xlsx) or as two CSV files (.csv); returns the files written. Raises
    ValueError for another suffix and OSError when the place cannot be written."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        path.write_bytes(summary_xlsx(reports, findings))
        return [path]
    if suffix == ".csv":
        second = path.with_name(f"{path.stem}-{FINDINGS_SHEET}.csv")
        path.write_text(_csv(REPORT_HEADERS, reports), encoding="utf-8-sig")
        second.write_text(_csv(FINDING_HEADERS, findings), encoding="utf-8-sig")
        return [path, second]
    raise ValueError(f"{path}: 汇总文件应为 .xlsx 或 .csv")


def _csv(headers: dict[str, str], rows: Sequence[ReportRow | FindingRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers.values())
    for row in rows:
        writer.writerow(["" if v is None else v for v in _values(row)])
    return out.getvalue()


#: The columns added to the 发现 sheet when the findings were reviewed (the web app's export).
REVIEW_HEADERS = {"review": "复核", "note": "复核说明"}


def summary_xlsx(
    reports: Sequence[ReportRow],
    findings: Sequence[FindingRow],
    *,
    reviews: Sequence[tuple[str, str]] | None = None,
) -> bytes:
    """The two-sheet workbook, in memory. ``reviews``, one (verdict, note) per finding, adds the columns
    复核 and 复核说明 to the 发现 sheet."""
    if reviews is not None and len(reviews) != len(findings):
        raise ValueError("one review (verdict, note) per finding")
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False, "strings_to_urls": False})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"})
    number = book.add_format({"num_format": "#,##0.00##"})
    link = book.add_format({"font_color": "blue", "underline": 1})
    first: dict[str, int] = {}
    for n, finding in enumerate(findings, 1):
        first.setdefault(str(finding.report), n)

    sheet = book.add_worksheet(REPORTS_SHEET)
    _header(sheet, [*REPORT_HEADERS.values(), FINDINGS_LINK], head, [*REPORT_HEADERS, "link"])
    for r, report in enumerate(reports, 1):
        _row(sheet, r, _values(report), number)
        column = len(REPORT_HEADERS)
        target = first.get(str(report.id))
        if target is not None:
            count = report.errors + report.warnings + report.infos
            sheet.write_url(r, column, f"internal:'{FINDINGS_SHEET}'!A{target + 1}", link, f"查看（{count} 条）")
        else:
            sheet.write_string(r, column, "无")
    _finish(sheet, len(reports), len(REPORT_HEADERS) + 1)

    sheet = book.add_worksheet(FINDINGS_SHEET)
    headers = {**FINDING_HEADERS, **(REVIEW_HEADERS if reviews is not None else {})}
    _header(sheet, list(headers.values()), head, list(headers))
    for r, finding in enumerate(findings, 1):
        _row(sheet, r, _values(finding) + (list(reviews[r - 1]) if reviews is not None else []), number)
    _finish(sheet, len(findings), len(headers))
    book.close()
    return buffer.getvalue()


def _header(sheet: Any, titles: list[str], style: Any, keys: list[str]) -> None:
    for c, (title, key) in enumerate(zip(titles, keys, strict=True)):
        sheet.write_string(0, c, title, style)
        sheet.set_column(c, c, _WIDTHS.get(key, max(8, 2 * len(title) + 2)))


def _row(sheet: Any, r: int, values: list[Any], number: Any) -> None:
    for c, value in enumerate(values):
        if value is None or value == "":
            continue
        if isinstance(value, Decimal):
            sheet.write_number(r, c, float(value), number)  # the xlsxwriter boundary: a display copy
        elif isinstance(value, bool):
            sheet.write_boolean(r, c, value)
        elif isinstance(value, int | float):
            sheet.write_number(r, c, value)
        else:
            sheet.write_string(r, c, str(value))


def _finish(sheet: Any, rows: int, columns: int) -> None:
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(rows, 1), columns - 1)
