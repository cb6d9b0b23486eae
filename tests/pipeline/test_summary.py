"""The batch summary (juesuan.render.summary): a row per report, a row per finding, read back from the XLSX
(sheets, headers, frozen panes, filters, the link from a report to its findings, exact numbers) and the CSV."""

from __future__ import annotations

import csv
from decimal import Decimal
from functools import cache
from pathlib import Path

import openpyxl
import pytest

from juesuan.pipeline.outcome import Outcome, audit_file, finding_row, report_row
from juesuan.render.summary import FINDING_HEADERS, REPORT_HEADERS, write_summary

SEED = Path(__file__).resolve().parents[2] / "examples" / "jdz-nanchang-2023" / "published-report.txt"


@cache
def _outcomes(tmp: str) -> tuple[Outcome, Outcome, Outcome]:
    empty = Path(tmp) / "空白.pdf"
    empty.write_bytes(b"")
    other = Path(tmp) / "通知.txt"
    other.write_text("关于召开会议的通知\n请各单位准时参加。\n", encoding="utf-8")
    return audit_file(SEED), audit_file(empty), audit_file(other)


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    outcomes = _outcomes(str(tmp_path_factory.mktemp("files")))
    reports = [report_row(o, n) for n, o in enumerate(outcomes, 1)]
    findings = [finding_row(f, n, o.path) for n, o in enumerate(outcomes, 1) if o.report for f in o.report.findings]
    return outcomes, reports, findings


def test_rows_state_each_outcome(rows) -> None:  # type: ignore[no-untyped-def]
    _, reports, findings = rows
    seed, empty, other = reports
    assert (seed.status, seed.department, seed.year, seed.kind, seed.profile) == (
        "已审核", "景德镇陶瓷文化南昌服务中心", 2023, "部门决算", "jiangxi-2023")  # fmt: skip
    assert (seed.errors, seed.warnings, seed.infos, seed.tables) == (17, 23, 27, 10)
    assert (empty.status, other.status) == ("不可用", "未审核")
    assert "空" in empty.reason and "不是部门决算" in other.reason
    assert len(findings) == 67 and {f.report for f in findings} == {1}


def test_xlsx_reads_back(rows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, reports, findings = rows
    (path,) = write_summary(tmp_path / "汇总.xlsx", reports, findings)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["报告", "发现"]
    sheet = book["报告"]
    assert [c.value for c in sheet[1]] == [*REPORT_HEADERS.values(), "发现"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:O4"
    assert [c.value for c in sheet[2]][:9] == [1, str(SEED), "景德镇陶瓷文化南昌服务中心", 2023, "部门决算",
                                                "jiangxi-2023", "已审核", None, 17]  # fmt: skip
    link = sheet.cell(2, len(REPORT_HEADERS) + 1)
    assert link.value == "查看（67 条）" and link.hyperlink.location == "'发现'!A2"
    assert sheet.cell(3, len(REPORT_HEADERS) + 1).value == "无"
    found = book["发现"]
    assert [c.value for c in found[1]] == list(FINDING_HEADERS.values())
    assert found.max_row == 68 and found.freeze_panes == "A2"
    by_rule = {row[2]: row for row in found.iter_rows(min_row=2, values_only=True)}
    tail = next(f for f in findings if f.expected is not None and f.rule != "rounding-tail")
    row = next(r for r in found.iter_rows(min_row=2, values_only=True) if r[4] == tail.message)
    assert Decimal(str(row[10])) == tail.expected and Decimal(str(row[11])) == tail.actual
    assert "rounding-tail" in by_rule and by_rule["rounding-tail"][3] == "提示"


def test_csv_is_two_files_excel_opens_as_chinese(rows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, reports, findings = rows
    written = write_summary(tmp_path / "汇总.csv", reports, findings)
    assert [p.name for p in written] == ["汇总.csv", "汇总-发现.csv"]
    assert written[0].read_bytes().startswith("\ufeff".encode())  # BOM: Excel reads UTF-8
    with written[1].open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert table[0] == list(FINDING_HEADERS.values()) and len(table) == 68
    exact = next(r for r in table[1:] if r[10])
    assert Decimal(exact[10])  # exact text of the Decimal


def test_another_suffix_is_refused(rows, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, reports, findings = rows
    with pytest.raises(ValueError, match=r"汇总文件应为 \.xlsx 或 \.csv"):
        write_summary(tmp_path / "汇总.ods", reports, findings)
