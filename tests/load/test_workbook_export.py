"""Importing the 部门决算 software's export (财决NN表), on a workbook generated in the shape that public sources
describe (docs/workbook.md: no real export file was available): sheets found by name, header rows by meaning,
功能分类 项 rows read into income and expenditure lines where the columns leave no doubt, and everything else
said as a Chinese note with its cell, never guessed."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from juesuan.commands.app import app
from juesuan.load.exporter import import_export, role_of
from juesuan.load.loader import parse_file
from juesuan.load.schema import Dataset
from juesuan.pipeline.convert import convert

TITLE = "2023年度部门决算报表"
UNIT = "编制单位：测试中心　　金额单位：元"


def _sheet(book: Any, name: str, header: list[list[str]], rows: list[list[Any]], title: str) -> None:
    sheet = book.add_worksheet(name)
    sheet.write_string(0, 0, title)
    sheet.write_string(1, 0, TITLE)
    sheet.write_string(2, 0, UNIT)
    top = 4
    for r, labels in enumerate(header):
        for c, label in enumerate(labels):
            if label:
                sheet.write_string(top + r, c, label)
    for r, row in enumerate(rows, start=top + len(header)):
        for c, value in enumerate(row):
            if isinstance(value, tuple):
                sheet.write_formula(r, c, value[0], None, value[1])
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)


def export_workbook(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    _sheet(book, "Z01 收入支出决算总表(财决01表)", [["项目", "行次", "决算数"]], [["一、一般公共预算财政拨款收入", "1", 100]],
           "收入支出决算总表")  # fmt: skip
    # 收入决算表: a two-row header (财政拨款收入 split into the three budgets), 类/款 subtotals, one "其中" column
    _sheet(book, "Z03 收入决算表(财决03表)", [
        ["科目编码", "科目名称", "本年收入合计", "财政拨款收入", "", "", "上级补助收入", "事业收入", "", "经营收入",
         "附属单位上缴收入", "其他收入"],
        ["", "", "", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款", "", "", "其中：教育收费",
         "", "", ""],
    ], [
        ["201", "一般公共服务支出", 1300, 1300, 0, 0, 0, 0, 0, 0, 0, 0],
        ["20103", "政府办公厅（室）及相关机构事务", 1300, 1300, 0, 0, 0, 0, 0, 0, 0, 0],
        ["2010301", "行政运行", 1300.5, 1200.5, 0, 0, 0, 100, 100, 0, 0, 0],
        ["2010302", "一般行政管理事务", 500, 0, 0, 0, 0, 0, 0, 0, 0, ("=200+300", 500)],
    ], "收入决算表")  # fmt: skip
    # 支出决算表: natures; the fund follows from the 一般公共预算财政拨款支出决算明细表 where the amounts agree
    _sheet(book, "Z04 支出决算表(财决04表)", [
        ["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
    ], [
        ["2010301", "行政运行", 1300.5, 1200.5, 0, 0, 100, 0],
        ["2010302", "一般行政管理事务", 500, 0, 500, 0, 0, 0],
    ], "支出决算表")  # fmt: skip
    _sheet(book, "Z08 一般公共预算财政拨款支出决算明细表(财决08表)", [["类", "款", "项", "科目名称", "合计", "基本支出", "项目支出"]],
           [["201", "03", "01", "行政运行", 1200.5, 1200.5, 0]], "一般公共预算财政拨款支出决算明细表")  # fmt: skip
    _sheet(book, "Z08_1 一般公共预算财政拨款基本支出决算明细表(财决08-", [["科目编码", "科目名称", "合计"]],
           [["301", "工资福利支出", 1000.5], ["30101", "基本工资", 1000.5], ["30201", "办公费", 200]],
           "一般公共预算财政拨款基本支出决算明细表")  # fmt: skip
    _sheet(book, "Z09 政府性基金收支表(财决09表)", [["科目编码", "合计"]], [], "政府性基金")
    # a 基本支出 table by 功能分类 rows (its shape is not documented): its 款 rows are not economic codes
    _sheet(book, "Z08_2 一般公共预算财政拨款基本支出表(财决08-", [["科目编码", "科目名称", "合计"]],
           [["20103", "政府办公厅（室）及相关机构事务", 1200.5], ["2010301", "行政运行", 1200.5]],
           "一般公共预算财政拨款基本支出决算表")  # fmt: skip
    book.close()
    return path


def test_sheets_are_known_by_their_titles_not_their_numbers() -> None:
    assert role_of("Z03 收入决算表(财决03表)") == "income"
    assert role_of("Z04 支出决算表(财决04表)") == "expenditure"
    assert role_of("Z08 一般公共预算财政拨款支出决算明细表(财决08表)") == "general"
    assert role_of("Z08_1 一般公共预算财政拨款基本支出决算明细表(财决08-") == "economic"
    assert role_of("Z01 收入支出决算总表(财决01表)") == "summary"
    assert role_of("F03 机构运行信息表(财决附03表)") is None


def test_the_export_is_imported_where_the_columns_leave_no_doubt(tmp_path: Path) -> None:
    imported = import_export(export_workbook(tmp_path / "export.xlsx"))
    data = imported.data
    assert (data["year"], data["department"], data["amount_unit"]) == (2023, "测试中心", "元")
    unit = data["units"][0]
    assert unit["income"] == [
        {"code": "2010301", "source": "一般公共预算财政拨款收入", "amount": Decimal("1200.5")},
        {"code": "2010301", "source": "事业收入", "amount": Decimal("100")},  # not again as 其中：教育收费
    ]
    assert unit["expenditure"] == [
        {"code": "2010301", "nature": "基本支出", "fund": "一般公共预算财政拨款", "amount": Decimal("1200.5")},
        {"code": "2010301", "nature": "经营支出", "fund": "非财政拨款", "amount": Decimal("100")},
    ]
    assert unit["basic_by_economic"] == [{"code": "30101", "amount": Decimal("1000.5")},
                                         {"code": "30201", "amount": Decimal("200")}]  # fmt: skip
    notes = dict(imported.notes)
    assert notes["Z03 收入决算表(财决03表)!L10"] == "单元格含公式，未读取（juesuan 不读取公式结果）"
    assert "无法确定资金性质" in notes["Z04 支出决算表(财决04表)!E7"]  # 项目支出 500: no 一般公共预算 row for it
    assert "总表只用于核对" in notes["Z01 收入支出决算总表(财决01表)!A1"]
    assert "表样未公开核实，未导入" in notes["Z09 政府性基金收支表(财决09表)!A1"]
    assert any("三公" in text for cell, text in imported.notes if not cell)
    assert notes["Z08_2 一般公共预算财政拨款基本支出表(财决08-!A6"].endswith(
        "没有部门经济分类款级（5 位，3 开头）科目的行，未导入"
    )


def test_convert_writes_a_draft_dataset_and_lists_what_it_could_not_map(tmp_path: Path) -> None:
    export = export_workbook(tmp_path / "export.xlsx")
    result = convert(export, tmp_path / "dataset.yaml")
    assert result.exit_code == 0
    assert {f.rule for f in result.notes} == {"import-unmapped"}
    draft = Dataset.model_validate(parse_file(tmp_path / "dataset.yaml"))
    assert draft.units[0].income[0].amount == Decimal("1200.5")
    run = CliRunner().invoke(app, ["convert", str(export), "-o", str(tmp_path / "again.yaml")])
    assert run.exit_code == 0
    assert "未能对应到数据集" in run.output and "[警告]" in run.output and "(财决04表)!E7" in run.output


def test_the_export_given_to_build_points_to_convert(tmp_path: Path) -> None:
    export = export_workbook(tmp_path / "export.xlsx")
    run = CliRunner().invoke(app, ["build", str(export), "-o", str(tmp_path / "out")])
    assert run.exit_code == 2
    assert "决算软件导出的报表（财决NN表）：请先用 juesuan convert 转换为数据集" in run.output
    assert not (tmp_path / "out").exists()


CELLS = st.one_of(st.none(), st.text(max_size=6), st.sampled_from(["科目编码", "类", "款", "项", "基本支出", "事业收入",
                  "2010301", "30101", "合计", "其中：x"]), st.floats(allow_nan=False, allow_infinity=False, width=32),
                  st.integers(-5, 10**9))  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=st.sampled_from(["收入决算表", "支出决算表", "一般公共预算财政拨款基本支出决算明细表", "其他"]),
       rows=st.lists(st.lists(CELLS, max_size=6), max_size=8))  # fmt: skip
def test_whatever_the_export_holds_the_import_never_fails(title: str, rows: list[list[Any]], tmp_path: Path) -> None:
    path = tmp_path / "fuzz.xlsx"
    book = xlsxwriter.Workbook(str(path))
    _sheet(book, f"Z03 {title[:12]}(财决03表)", [], rows, title)
    book.close()
    imported = import_export(path)
    assert imported.data["units"][0]["name"]
    assert all(isinstance(text, str) and text for _, text in imported.notes)
