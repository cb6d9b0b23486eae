"""A Document for the writer tests: the example's ten tables with a few headings, paragraphs, stated figures,
a units list (SimpleTable with merged header cells), a bold run and placeholder runs.

Built here from ``build_tables`` so the writer tests do not depend on the narrative composer; it mimics the
shape of the Jiangxi 2023 report (cover, 目录, 第一部分 … 第三部分, 尾数 note).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan import build_tables, load
from juesuan.model.blocks import (
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Run,
    SimpleTable,
    TableBlock,
    TableOfContents,
)
from juesuan.model.money import format_wan
from juesuan.model.tables import TableSet

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jdz-nanchang-2023" / "dataset.yaml"
NUMERALS = "一二三四五六七八九十"


def example_tables(path: Path = EXAMPLE) -> TableSet:
    return build_tables(load(path)).tables


def _amount(tables: TableSet, table: str, key: str, column: str = "决算数", side: str | None = None) -> Run:
    value = tables[table].row(key, side).value(column) or Decimal(0)
    return Run(format_wan(value), Figure(value, "amount", (f"{table}:{key}:{column}",)))


def sample_document(tables: TableSet) -> Document:
    dept, year = tables.department, tables.year
    income = tables["01"].row("income_total").value("决算数") or Decimal(0)
    grant = tables["01"].row("i1").value("决算数") or Decimal(0)
    share = (100 * grant / income).quantize(Decimal("0.01")) if income else Decimal(0)
    blocks: list = [
        TableOfContents(),
        PageBreak(),
        Heading(f"第一部分 {dept}概况", 0),
        Heading("一、部门主要职责", 1),
        Paragraph.plain(
            f"{dept}为市政府直属公益一类事业单位，正处级。主要职责是：负责有关政策争取、沟通服务和对接联络工作。"
        ),
        Heading("二、机构设置及人员情况", 1),
        Paragraph.plain("纳入本套部门决算汇编范围的单位共 1 个，包括："),
        SimpleTable(
            "纳入编报范围的单位",
            (("序号", "单位", None), (None, "名称", "预算级次")),
            (("1", dept, "一级"),),
            numeric_columns=(0,),
        ),
        Paragraph(
            (
                Run("本部门年末在职人员 "),
                Run("2", Figure(Decimal(2), "count")),
                Run(" 人。"),
                Run("【待补充：内设机构】", mark="placeholder"),
            )
        ),
        PageBreak(),
        Heading(f"第二部分 {year} 年度部门决算表", 0),
    ]
    for number, table in zip(NUMERALS, tables, strict=False):
        blocks += [Heading(f"{number}、{table.title}", 1), TableBlock(table)]
    blocks += [
        PageBreak(),
        Heading(f"第三部分 {year} 年度部门决算情况说明", 0),
        Heading("一、收入决算情况说明", 1),
        Paragraph(
            (
                Run(f"{year} 年度本年收入合计 "),
                _amount(tables, "01", "income_total"),
                Run(" 万元，其中："),
                Run("一般公共预算财政拨款收入", mark="bold"),
                Run(" "),
                _amount(tables, "01", "i1"),
                Run(" 万元，占 "),
                Run(f"{share}%", Figure(share, "percent", ("01:i1:决算数", "01:income_total:决算数"), "share")),
                Run("。主要原因是"),
                Run("【待补充：原因】", mark="placeholder"),
                Run("。"),
            )
        ),
        Heading("（一）收入总体情况", 2, in_toc=False),
        Paragraph(
            (
                Run("年初结转和结余 "),
                _amount(tables, "01", "opening"),
                Run(" 万元，收入总计 "),
                _amount(tables, "01", "income_grand_total"),
                Run(" 万元。"),
            )
        ),
        Heading("二、支出决算情况说明", 1),
        Paragraph(
            (
                Run("一般公共服务支出 "),
                _amount(tables, "01", "201", side="支出"),
                Run(" 万元。"),
            )
        ),
        Paragraph.plain("注：本报告因金额单位转换原因可能存在尾数误差。", "note"),
    ]
    return Document(f"{dept} {year} 年度部门决算", dept, year, tuple(blocks), profile=tables.profile)
