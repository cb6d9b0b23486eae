"""Table recognition on small made-up documents: by title not position, 类/款/项 split or joined with the
name, thousands separators, dashes, space-aligned text, DOCX tables, the profile chosen with its reason."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx

from juesuan.ingest import ingest
from juesuan.ingest.cells import norm_title, value_text
from juesuan.ingest.pipeline import extract_tables
from juesuan.ingest.text import read_text

HEADER = "项目\t\t\t本年支出合计\t基本支出\t项目支出\t上缴上级支出\t经营支出\t对附属单位补助支出"
TABLE_03 = [
    "支出决算表",
    "部门：测试单位\t2023 年度\t公开 03 表",
    "金额单位：万元",
    HEADER,
    "类\t款\t项\t1\t2\t3\t4\t5\t6",
    "合计\t\t\t1,234.56\t1,000.00\t234.56\t-\t\t",
    "201\t\t\t一般公共服务支出\t1,234.56\t1,000.00\t234.56\t\t\t",
    "201\t03\t\t政府办公厅（室）及相关机构事务\t1,234.56\t1,000.00\t234.56\t\t\t",
    "201\t03\t01\t行政运行\t1,000.00\t1,000.00\t\t\t\t",
    "2010302 一般行政管理事务\t234.56\t\t234.56\t\t\t",
    "注：本表反映部门（单位）本年度各项支出情况。",
]


def test_value_text_normalises_separators_and_dashes():
    assert value_text("1,234.56") == "1234.56"
    assert value_text(" --- ") == "---" and value_text("—") == "---" and value_text("-") == "---"
    assert value_text("") is None


def test_titles_match_without_ordinals_quotes_or_spaces():
    assert norm_title("九、财政拨款“三公”经费支出决算表") == norm_title("财政拨款三公经费支出决算表")
    assert norm_title("表1 收入支出决算总表") == "收入支出决算总表"


def test_split_and_joined_codes_and_separators(tmp_path: Path):
    doc = read_text("t.txt", "\n".join(["前言", *TABLE_03]))
    ing = extract_tables(doc, "jiangxi-2023")
    t03 = ing.tables["03"]
    assert [(r.code, r.label) for r in t03.rows] == [
        (None, "合计"), ("201", "一般公共服务支出"), ("20103", "政府办公厅（室）及相关机构事务"),
        ("2010301", "行政运行"), ("2010302", "一般行政管理事务"),
    ]  # fmt: skip
    total = t03.rows[0]
    assert total.value("本年支出合计") == Decimal("12345600")
    assert total.cells["上缴上级支出"].na
    assert t03.row("2010302").value("项目支出") == Decimal("2345600")
    assert ing.missing == ["01", "02", "04", "05", "06", "07", "08", "09", "10"]


def test_a_title_in_the_table_of_contents_is_not_a_table():
    doc = read_text("t.txt", "目录\n三、支出决算表 ........ 7\n支出决算表\n第二部分 决算表\n" + "\n".join(TABLE_03))
    ing = extract_tables(doc, "jiangxi-2023")
    assert [f.table for f in ing.found] == ["03"]
    assert ing.found[0].lines == [6]  # the real title (line 5) is followed by its table, from line 6


ALIGNED_03 = """\
                               支出决算表
                                                              公开03表
部门：测试单位                                          金额单位：万元
项目                  本年支出合计  基本支出  项目支出  上缴上级支出  经营支出  对附属单位补助支出
科目编码  科目名称
          栏次              1          2          3          4          5          6
          合计       1,234.56   1,000.00     234.56        ---
201       一般公共服务支出    1,234.56   1,000.00     234.56
20103     政府办公厅        1,234.56   1,000.00     234.56
2010301   行政运行          1,000.00   1,000.00
2010302   一般行政管理事务    234.56                234.56
注：本表反映部门（单位）本年度各项支出情况。
"""


def test_space_aligned_text_is_read_by_position(tmp_path: Path):
    path = tmp_path / "report.txt"
    path.write_text(ALIGNED_03, encoding="utf-8")
    t03 = ingest(path, "jiangxi-2023").tables["03"]
    assert t03.rows[0].value("项目支出") == Decimal("2345600")
    assert t03.rows[0].cells["上缴上级支出"].na
    assert t03.row("2010301").value("基本支出") == Decimal("10000000")
    assert t03.row("2010301").value("项目支出") is None
    assert t03.row("2010302").value("基本支出") is None
    assert t03.row("2010302").value("项目支出") == Decimal("2345600")


def test_docx_tables_and_paragraphs(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("国有资产占用情况表")
    document.add_paragraph("部门：测试单位 2023 年度 公开 10 表 单位：台、辆、套")
    rows = [["项目", "栏次", "决算数"], ["一、车辆数合计(台、辆)", "1", "3"], ["1. 副部（省）级及以上领导用车", "2", "0"],
            ["2. 主要负责人用车", "3", "3"]]  # fmt: skip
    table = document.add_table(rows=len(rows), cols=3)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    document.add_paragraph("注：1. 本表反映截止 2023 年 12 月 31 日，部门(单位)占用的国有资产情况。")
    path = tmp_path / "report.docx"
    document.save(str(path))
    ing = ingest(path, "jiangxi-2023")
    t10 = ing.tables["10"]
    assert [(r.line, r.key, r.value("决算数")) for r in t10.rows] == [
        (1, "vehicles", Decimal(3)), (2, "v1", Decimal(0)), (3, "v2", Decimal(3)),
    ]  # fmt: skip
    assert ing.document.kind == "docx"


def test_a_document_without_tables_says_so():
    ing = extract_tables(read_text("t.txt", "一份没有公开表的说明。\n第一部分 概况\n"))
    assert ing.found == [] and ing.tables.tables == ()
    assert ing.choice.reason.startswith("未找到任何公开表的标题，无法判断模板")
    assert ing.missing == [f"{n:02d}" for n in range(1, 11)]


def test_numbers_one_space_apart_stay_separate_cells():
    doc = read_text("t.txt", "工资福利支出 6,982.75 302 商品和服务支出")
    assert [c.text for c in doc.lines()[0].cells] == ["工资福利支出", "6,982.75", "302", "商品和服务支出"]
    doc = read_text("t.txt", "项 目     行 次")
    assert [c.text for c in doc.lines()[0].cells] == ["项 目", "行 次"]
