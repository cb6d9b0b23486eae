"""The fill-in workbook (填报.xlsx, docs/workbook.md): a dataset written to the workbook and read back is the same
dataset; building from it gives the same tables and report as from YAML; its typical mistakes are each said at
their sheet!cell, with nothing written; the blank template is protected, validated and builds once filled."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook
from typer.testing import CliRunner

from juesuan.commands.app import app
from juesuan.derive.build import Build
from juesuan.document.compose import compose_document
from juesuan.errors import InputError
from juesuan.load import workbook_layout as wl
from juesuan.load.dump import dataset_yaml
from juesuan.load.loader import load, parse_file
from juesuan.load.messages import YamlPlaces
from juesuan.load.schema import Dataset
from juesuan.load.workbook import formula_cells, read_workbook
from juesuan.load.workbook_template import write_workbook
from juesuan.model import vocab
from juesuan.model.codes import economic_codes, functional_codes
from juesuan.pipeline.cases import open_case
from juesuan.render.json_out import tables_to_dict
from juesuan.yamlsrc import parse

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jdz-nanchang-2023" / "dataset.yaml"
MINI = ROOT / "tests" / "fixtures" / "mini.yaml"


def dataset_of(path: Path) -> Dataset:
    return Dataset.model_validate(parse_file(path))


def read_back(path: Path) -> Dataset:
    root, _, problems = read_workbook(path)
    assert problems == []
    return Dataset.model_validate(root)


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


# ---- the example, both ways ------------------------------------------------------------------------------------


def test_the_example_written_to_a_workbook_reads_back_as_the_same_dataset(tmp_path: Path) -> None:
    given = dataset_of(EXAMPLE)
    path = write_workbook(tmp_path / "填报.xlsx", given)
    assert read_back(path) == given


def test_the_example_builds_the_same_tables_and_report_from_the_workbook(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "填报.xlsx", dataset_of(EXAMPLE))
    from_yaml, from_xlsx = open_case(EXAMPLE).case, open_case(path).case
    assert from_yaml is not None and from_xlsx is not None
    assert tables_to_dict(from_xlsx.tables) == tables_to_dict(from_yaml.tables)
    assert from_xlsx.evaluations and len(from_xlsx.evaluations) == len(from_yaml.evaluations)
    assert from_xlsx.accounts is not None and from_yaml.accounts is not None
    documents = [  # the composed report, every block and figure; only the cells' sources (line / cell) differ
        compose_document(case.accounts, Build(case.tables, case.derived))  # type: ignore[arg-type]
        for case in (from_yaml, from_xlsx)
    ]
    blocks = [re.sub(r"SourceRef\([^)]*\)", "", repr(composed.document)) for composed in documents]
    assert blocks[0] == blocks[1]
    assert [(f.rule, f.locations[0].field) for f in documents[0].findings] == [
        (f.rule, f.locations[0].field) for f in documents[1].findings
    ]
    # what the report still misses is asked for where each user fills it in: a dataset field, a sheet and row
    assert "请在数据集的 report.reasons.opening 中给出" in documents[0].findings[0].message
    assert "请在填报工作簿的「原因说明」表（原因键 opening）中给出" in documents[1].findings[0].message


@pytest.mark.parametrize(
    ("field", "place"),
    [
        ("report.reasons.closing", "「原因说明」表（原因键 closing）"),
        ("report.previous.income_total", "「上年数」表「上年本年收入合计」"),
        ("report.previous.basic_by_class.302", "「上年数」表（经济分类类级科目 302）"),
        ("report.initial_budget.by_class.201", "「年初预算」表（功能分类类级科目 201）"),
        ("report.duties", "「情况说明」表（项目 部门主要职责）"),
        ("report.organization.authorized", "「情况说明」表「编制数」"),
        ("units[].assets.vehicles", "「资产」表"),
        ("somewhere.else", None),
    ],
)
def test_a_missing_items_field_is_named_by_its_place_in_the_workbook(field: str, place: str | None) -> None:
    assert wl.field_place(field) == place


def test_convert_both_ways_keeps_the_dataset(tmp_path: Path) -> None:
    assert run("convert", str(EXAMPLE), "-o", str(tmp_path / "填报.xlsx"))[0] == 0
    code, output = run("convert", str(tmp_path / "填报.xlsx"), "-o", str(tmp_path / "dataset.yaml"))
    assert (code, output) == (0, f"已写入 {tmp_path / 'dataset.yaml'}\n")
    assert dataset_of(tmp_path / "dataset.yaml") == dataset_of(EXAMPLE)
    assert "一般公共预算财政拨款" in (tmp_path / "dataset.yaml").read_text(encoding="utf-8")  # vocabulary in Chinese
    code, output = run("check", str(tmp_path / "填报.xlsx"))  # the same findings, each at a cell instead of a line
    assert code == 0 and f"（admin-affairs-basic）  @ {tmp_path / '填报.xlsx'} 支出!B3" in output
    assert output.splitlines()[-1] == run("check", str(EXAMPLE))[1].splitlines()[-1] == "错误 0，警告 6，提示 0"


def test_the_workbook_keeps_codes_as_text_and_amounts_as_numbers(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "填报.xlsx", dataset_of(MINI))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("收入").to_python()
    assert rows[0] == ["单位名称", "科目编码", "收入来源", "金额"]
    assert rows[2] == ["测试单位", "2010302", "一般公共预算财政拨款收入", 639300.4]


# ---- any small dataset -----------------------------------------------------------------------------------------

FUNCTIONAL = [c for c in functional_codes().codes() if len(c) == 7]
ECONOMIC = [c for c in economic_codes().codes() if len(c) == 5]
CLASSES = [c for c in economic_codes().codes() if len(c) == 3]
WORDS = st.text(alphabet="单位部门财政科目服务中心甲乙丙abcXYZ0123（）·", min_size=1, max_size=12)
AMOUNTS = st.decimals(min_value=0, max_value=Decimal("999999999.99"), places=2, allow_nan=False, allow_infinity=False)
COUNTS = st.integers(min_value=0, max_value=500)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def units(draw: st.DrawFn, name: str) -> dict[str, Any]:
    funds = st.sampled_from(list(vocab.FUNDS))
    unit: dict[str, Any] = {
        "name": name,
        "budget_level": draw(st.sampled_from(["一级", "二级", "三级"])),
        "kind": draw(st.sampled_from(list(vocab.UNIT_KINDS))),
        "staff": {"in_service": draw(COUNTS), "retired": draw(COUNTS), "authorized": draw(_optional(COUNTS))},
        "income": draw(st.lists(st.fixed_dictionaries({"code": st.sampled_from(FUNCTIONAL), "amount": AMOUNTS,
                                                       "source": st.sampled_from(list(vocab.SOURCES))}), max_size=3)),
        "expenditure": draw(st.lists(st.fixed_dictionaries({
            "code": st.sampled_from(FUNCTIONAL), "nature": st.sampled_from(list(vocab.NATURES)), "fund": funds,
            "amount": AMOUNTS}), max_size=3)),
        "basic_by_economic": draw(st.lists(st.fixed_dictionaries({"code": st.sampled_from(ECONOMIC),
                                                                  "amount": AMOUNTS}), max_size=3)),
        "opening_balance": draw(st.lists(st.fixed_dictionaries(
            {"fund": funds, "amount": AMOUNTS, "code": _optional(st.sampled_from(FUNCTIONAL))}), max_size=2)),
        "closing_balance": draw(_optional(st.lists(st.fixed_dictionaries({"fund": funds, "amount": AMOUNTS}),
                                                   min_size=1, max_size=2))),
        "balance_distribution": draw(_optional(AMOUNTS)),
    }  # fmt: skip
    if draw(st.booleans()):
        unit["three_public"] = {
            "initial_budget": {"abroad": draw(_optional(AMOUNTS)), "reception": draw(_optional(AMOUNTS))},
            "actual": {"vehicle_operation": draw(_optional(AMOUNTS)), "reception_abroad": draw(_optional(AMOUNTS))},
            "stats": {"vehicles_held": draw(_optional(COUNTS))},
        }
    if draw(st.booleans()):
        unit["assets"] = {"vehicles": {"principal": draw(COUNTS), "other": draw(COUNTS)},
                          "equipment_over_1m": draw(COUNTS)}  # fmt: skip
    return unit


@st.composite
def indicators(draw: st.DrawFn, depth: int) -> list[dict[str, Any]]:
    nodes = []
    for _ in range(draw(st.integers(0, 2))):
        node: dict[str, Any] = {"name": draw(WORDS), "weight": draw(_optional(AMOUNTS)),
                                "score": draw(_optional(AMOUNTS)), "actual_text": draw(st.sampled_from(["", "已完成"]))}  # fmt: skip
        if draw(st.booleans()):
            node["target"] = {"direction": draw(st.sampled_from(["ge", "le", "eq"])), "value": draw(AMOUNTS),
                              "unit": draw(st.sampled_from(["%", "次", ""]))}  # fmt: skip
        if draw(st.booleans()):
            node["method"], node["params"] = "threshold", {"full": draw(AMOUNTS)}
        if depth < 3:
            node["children"] = draw(indicators(depth + 1))
        nodes.append(node)
    return nodes


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    names = draw(st.lists(WORDS, min_size=1, max_size=2, unique=True))
    report: dict[str, Any] = {
        "duties": draw(st.lists(WORDS, max_size=2)),
        "organization": {"departments": draw(st.lists(WORDS, max_size=2)), "actual": draw(_optional(COUNTS))},
        "previous": {"opening": draw(_optional(AMOUNTS)), "three_public": {"reception": draw(_optional(AMOUNTS))},
                     "basic_by_class": draw(st.dictionaries(st.sampled_from(CLASSES), AMOUNTS, max_size=2))},
        "initial_budget": {"total": draw(_optional(AMOUNTS)),
                           "by_class": draw(st.dictionaries(st.sampled_from(["201", "208", "221"]), AMOUNTS))},
        "reasons": draw(st.dictionaries(st.sampled_from(["income_total", "basic.301", "three_public.abroad.budget"]),
                                        WORDS, max_size=2)),
    }  # fmt: skip
    if draw(st.booleans()):
        report["procurement"] = {"goods": draw(AMOUNTS)}
        report["operating_costs"] = {"amount": draw(AMOUNTS)}
    data: dict[str, Any] = {
        "year": draw(st.integers(2000, 2100)),
        "amount_unit": draw(st.sampled_from(["元", "万元"])),
        "department": draw(WORDS),
        "units": [draw(units(name)) for name in names],
        "report": report,
        "names": draw(st.dictionaries(st.sampled_from(FUNCTIONAL[:20]), WORDS, max_size=2)),
    }
    if draw(st.booleans()):
        data["evaluations"] = [{
            "id": "e1", "kind": draw(st.sampled_from(["project_self", "department_overall"])), "subject": draw(WORDS),
            "amount": draw(_optional(AMOUNTS)), "rate": draw(_optional(AMOUNTS)), "grade": draw(_optional(WORDS)),
            "grade_bands": draw(st.sampled_from([[], [{"grade": "优", "min": 90}, {"grade": "差", "min": 0}]])),
            "figures": draw(st.lists(st.fixed_dictionaries({"key": WORDS, "value": AMOUNTS}), max_size=2)),
            "indicators": draw(indicators(1)),
        }]  # fmt: skip
    return Dataset.model_validate(data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])  # fmt: skip
@given(dataset=datasets())
def test_any_dataset_written_to_a_workbook_reads_back_the_same(dataset: Dataset, tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "填报.xlsx", dataset)
    assert read_back(path) == dataset
    assert Dataset.model_validate(parse(dataset_yaml(dataset))) == dataset  # and convert's dataset.yaml too


# ---- mistakes, each at its cell --------------------------------------------------------------------------------


def write_sheets(path: Path, sheets: dict[str, tuple[dict[str, Any], list[list[Any]]]]) -> Path:
    """A workbook of the template's shape written by hand: per sheet, the key–value block (label → value)
    and the table rows under the layout's headers. A value ``("=", formula, result)`` is a formula cell."""
    book = xlsxwriter.Workbook(str(path))
    for name, (fields, rows) in sheets.items():
        spec = wl.BY_NAME[name]
        sheet = book.add_worksheet(name)

        def put(r: int, c: int, value: Any, sheet: Any = sheet) -> None:
            if isinstance(value, tuple):
                sheet.write_formula(r, c, value[1], None, value[2])
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            elif value is not None:
                sheet.write_number(r, c, value)

        if spec.fields:
            sheet.write_row(0, 0, wl.KV_HEADER)
            for r, column in enumerate(spec.fields, start=1):
                sheet.write_string(r, 0, column.header)
                put(r, 1, fields.get(column.header))
        sheet.write_row(spec.table_row, 0, [c.header for c in spec.table])
        for r, row in enumerate(rows, start=spec.table_row + 1):
            for c, value in enumerate(row):
                put(r, c, value)
    book.close()
    return path


INFO = ({"年度": 2023, "部门名称": "测试部门", "金额单位": "元"}, [["测试单位", "一级", "事业单位", 2]])


def test_typical_mistakes_are_each_said_at_their_cell_and_nothing_is_written(tmp_path: Path) -> None:
    path = write_sheets(tmp_path / "填报.xlsx", {
        "单位信息": INFO,
        "收入": ({}, [["测试单位", "2010301", "一般公共预算", 130800],
                     ["测试单位", "2010302", "一般公共预算", "一百元"],       # 收入!D3: text in an amount
                     ["测试单位", "2101102", "一般公共预算", -7349],          # 收入!D4: negative
                     ["", "20103", "其他收入", 5]]),                          # 收入!B5: malformed code
        "支出": ({}, [["测试单位", "2010301", "基本支出", "一般公共预算", ("=", "=100+30700", 130800)],  # formula
                     ["测试单位", "2010302", "什么支出", "一般公共预算", 100]]),  # 支出!C3: unknown nature
    })  # fmt: skip
    out = tmp_path / "out"
    code, output = run("build", str(path), "-o", str(out))
    assert code == 2, output
    for cell, words in [("收入!D3（金额）", "应为数字，实际为「一百元」"), ("收入!D4（金额）", "不能为负数，实际为「-7349」"),
                        ("收入!B5（科目编码）", "应为 7 位数字，实际为「20103」"),
                        ("支出!E2", "单元格含公式，请改为数值（juesuan 不读取公式结果）"),
                        ("支出!C3（支出性质）", "未知的支出性质「什么支出」")]:  # fmt: skip
        assert f"{path}: {cell}：" in output and words in output, (cell, output)
    assert "输入有误，未生成任何文件" in output
    assert not out.exists() or list(out.iterdir()) == []
    assert "Traceback" not in output
    code, output = run("check", str(path), "--format", "json")  # each finding's location: the file and the cell
    assert code == 2 and '"field": "收入!D3"' in output and '"field": "支出!E2"' in output


def test_evaluation_numbers_are_read_as_their_cells_show_them(tmp_path: Path) -> None:
    """A score formatted with two decimals is 99.10 (as a dataset that writes 99.10), a cell formatted as a
    percent is the percent it shows."""
    path = tmp_path / "e.xlsx"
    write_sheets(path, {"单位信息": INFO, "绩效评价": ({}, [["e1", "项目自评", "某项目"]])})
    book = openpyxl.load_workbook(path)
    sheet = book["绩效评价"]
    sheet["J2"], sheet["K2"] = 99.1, 0.9678  # 总得分, 得分率（%）
    sheet["J2"].number_format, sheet["K2"].number_format = "0.00", "0.00%"
    book.save(path)
    evaluation = read_back(path).evaluations[0]
    assert (str(evaluation.score), str(evaluation.rate)) == ("99.10", "96.78")


def test_a_formula_is_never_read_as_its_result(tmp_path: Path) -> None:
    path = write_sheets(tmp_path / "f.xlsx", {"单位信息": INFO, "收入": ({}, [["测试单位", "2010301", "一般公共预算",
                                                                        ("=", "=SUM(1,2)", 3)]])})  # fmt: skip
    assert formula_cells(path) == {"收入": ["D2"]}
    with pytest.raises(InputError) as caught:
        load(path)
    assert caught.value.problems == [f"{path}: 收入!D2：单元格含公式，请改为数值（juesuan 不读取公式结果）"]


def test_problems_the_loader_finds_name_the_cell_too(tmp_path: Path) -> None:
    """Beyond the schema: a class the profile has no row for, a unit named twice, finer than 1 分, a row for a
    unit the workbook does not list."""
    path = write_sheets(tmp_path / "l.xlsx", {
        "单位信息": (INFO[0], [["测试单位"], ["测试单位"]]),
        "收入": ({}, [["测试单位", "9990101", "一般公共预算", 1], ["测试单位", "2010301", "其他收入", 1.005],
                     ["别的单位", "2010301", "其他收入", 1]]),
    })  # fmt: skip
    with pytest.raises(InputError) as caught:
        load(path)
    assert caught.value.problems == [f"{path}: 收入!A4（单位名称）：单位「别的单位」不在单位信息表中（现有：测试单位）"]
    path = write_sheets(tmp_path / "l.xlsx", {
        "单位信息": (INFO[0], [["测试单位"], ["测试单位"]]),
        "收入": ({}, [["测试单位", "9990101", "一般公共预算", 1], ["测试单位", "2010301", "其他收入", 1.005]]),
    })  # fmt: skip
    with pytest.raises(InputError) as caught:
        load(path)
    problems = "\n".join(caught.value.problems)
    assert f"{path}: 单位信息!A10: 单位名称「测试单位」重复" in problems
    assert f"{path}: 收入!D3（金额）：金额「1.005」比 1 分还精细" in problems
    assert f"{path}: 收入!B2（科目编码）：科目编码 9990101 的类级科目 999 不在本模板" in problems


def test_a_blank_value_in_a_keyed_row_is_said_at_its_cell(tmp_path: Path) -> None:
    path = write_sheets(
        tmp_path / "k.xlsx", {"单位信息": INFO, "原因说明": ({}, [["income_total", None], ["nope", "x"]])}
    )
    with pytest.raises(InputError) as caught:
        load(path)
    assert caught.value.problems[0] == f"{path}: 原因说明!B2（原因说明）：缺少必填项"
    assert caught.value.problems[1].startswith(f"{path}: 原因说明!A3（原因键）：未知的原因键「nope」")


def test_a_missing_header_is_said_and_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "h.xlsx"
    book = xlsxwriter.Workbook(str(path))
    info = book.add_worksheet("单位信息")
    info.write_row(wl.INFO.table_row, 0, ["单位名称", "预算级次"])
    book.add_worksheet("收入").write_row(0, 0, ["单位名称", "科目编码", "金额"])
    book.close()
    with pytest.raises(InputError) as caught:
        read_workbook(path)
    assert caught.value.problems[0].startswith(
        f"{path}: 单位信息!A{wl.INFO.table_row + 1}：缺少表头「单位性质」「年末在职人员」"
    )
    assert caught.value.problems[1] == f"{path}: 收入!A1：缺少表头「收入来源」（请勿修改或删除模板的表头）"


def test_an_unknown_code_is_a_finding_at_its_cell_as_in_yaml(tmp_path: Path) -> None:
    code = "2010388"
    assert code not in functional_codes()
    path = write_sheets(tmp_path / "u.xlsx", {
        "单位信息": INFO,
        "收入": ({}, [["测试单位", code, "一般公共预算", 100]]),
        "支出": ({}, [["测试单位", code, "项目支出", "一般公共预算", 100]]),
    })  # fmt: skip
    status, output = run("check", str(path), "--format", "json")
    assert status == 0, output
    assert '"rule": "code-unnamed"' in output and '"field": "收入!B2"' in output
    status, output = run("check", str(path))
    assert f"{path} 收入!B2" in output


def test_a_workbooks_evaluations_replace_a_datasets(tmp_path: Path) -> None:
    """``--evaluations 填报.xlsx``: the evaluation sheets of a workbook, problems at their cells."""
    path = write_workbook(tmp_path / "填报.xlsx", dataset_of(EXAMPLE))
    assert run("check", str(EXAMPLE), "--evaluations", str(path))[0] == 0
    bad = write_sheets(
        tmp_path / "bad.xlsx", {"单位信息": INFO, "绩效评价": ({}, [["e1", "项目自评", "某项目", "", "", -1]])}
    )
    code, output = run("check", str(EXAMPLE), "--evaluations", str(bad))
    assert code == 2 and f"{bad}: 绩效评价!F2（评价金额）：不能为负数" in output


def test_audit_sends_a_fill_in_workbook_to_check(tmp_path: Path) -> None:
    path = write_workbook(tmp_path / "填报.xlsx", dataset_of(MINI))
    code, output = run("audit", str(path))
    assert code == 2 and "是 juesuan 填报工作簿（数据集），不是公开报告：请用 juesuan check 校验" in output


def test_a_published_reports_workbook_is_still_sent_to_audit(tmp_path: Path) -> None:
    path = tmp_path / "tables.xlsx"
    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet("收入支出决算总表").write_string(0, 0, "收入支出决算总表")
    book.close()
    code, output = run("check", str(path))
    assert code == 2 and "这是公开报告（XLSX）" in output and "juesuan audit" in output


# ---- the blank template ----------------------------------------------------------------------------------------


def _sheet_xml(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        return {n: package.read(n).decode("utf-8") for n in package.namelist() if n.startswith("xl/worksheets/sheet")}


def test_the_template_has_every_sheet_protected_and_validated(tmp_path: Path) -> None:
    code, output = run("template", "-o", str(tmp_path / "填报.xlsx"), "--year", "2024")
    assert code == 0, output
    path = tmp_path / "填报.xlsx"
    names = CalamineWorkbook.from_path(str(path)).sheet_names
    assert names == [wl.README_SHEET, *(s.name for s in wl.SHEETS), wl.CODES_SHEET]
    xml = _sheet_xml(path)
    assert all("<sheetProtection" in text for text in xml.values())
    frozen = [n for n, text in xml.items() if "<pane" in text]
    assert len(frozen) == len(wl.SHEETS)  # every data sheet (not 说明, not 代码表)
    income = xml["xl/worksheets/sheet3.xml"]  # 说明, 单位信息, 收入
    assert income.count("<dataValidation ") >= 4
    assert "<formula1>'代码表'!$A$2:$A$" in income  # codes: the hidden sheet's range
    assert 'type="decimal" operator="greaterThanOrEqual"' in income
    assert '"一般公共预算财政拨款收入,' in income  # the sources' drop-down
    assert 'state="hidden"' in zipfile.ZipFile(path).read("xl/workbook.xml").decode("utf-8")
    styles = zipfile.ZipFile(path).read("xl/styles.xml").decode("utf-8")
    assert '<protection locked="0"/>' in styles  # the data cells' formats; headers keep the default (locked)
    header = re.search(r'<c r="A1" s="(\d+)"', income)
    assert header is not None
    formats = re.findall(r"<xf [^>]*?(?:/>|>.*?</xf>)", styles.split("<cellXfs")[1], re.S)
    assert 'locked="0"' not in formats[int(header[1])]
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("单位信息").to_python()
    assert rows[3][:2] == ["年度", 2024.0]


def test_the_template_filled_minimally_builds(tmp_path: Path) -> None:
    """Filled with another program (openpyxl), as a user's spreadsheet software would save it."""
    path = tmp_path / "填报.xlsx"
    assert run("template", "-o", str(path), "--year", "2023")[0] == 0
    book = openpyxl.load_workbook(path)
    info = book["单位信息"]
    info["B5"] = "测试部门"
    top = wl.INFO.table_row + 2
    info[f"A{top}"], info[f"C{top}"], info[f"D{top}"] = "测试单位", "事业单位", 2
    for sheet, rows in (("收入", [["", "2010301", "一般公共预算财政拨款收入", 130800.5]]),
                        ("支出", [["", "2010301", "基本支出", "一般公共预算财政拨款", 130800.5]]),
                        ("基本支出经济分类", [["", "30101", 130800.5]])):  # fmt: skip
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                if value != "":
                    book[sheet].cell(r, c, value)
    book.save(path)
    out = tmp_path / "out"
    code, output = run("build", str(path), "-o", str(out), "--format", "json,md")
    assert code == 0, output
    assert sorted(p.name for p in out.iterdir()) == ["tables.json", "tables.md"]
    assert "13.08" in (out / "tables.md").read_text(encoding="utf-8")


def test_the_template_refuses_a_bad_option(tmp_path: Path) -> None:
    code, output = run("template", "-o", str(tmp_path / "t.xlsx"), "--profile", "nowhere-1999")
    assert code == 2 and "选项 --profile" in output and not (tmp_path / "t.xlsx").exists()
    code, output = run("template", "-o", str(tmp_path / "t.yaml"))
    assert code == 2 and "模板须为 .xlsx 文件" in output


@pytest.mark.parametrize(
    ("source", "out", "fragment"),
    [("{mini}", "{d}/x.txt", "输出须为 .xlsx（填报工作簿）或 .yaml（数据集）文件"),
     ("{mini}", "{d}/x.yaml", "convert 把数据集转换为工作簿（-o 填 .xlsx）"),
     ("{d}/missing.yaml", "{d}/x.xlsx", "missing.yaml: 文件不存在"),
     ("{d}/bad.yaml", "{d}/x.xlsx", "字段 year：年度 1900 超出范围"),
     ("{mini}", "{d}/folder", "输出须为")],
)  # fmt: skip
def test_convert_refuses_bad_input_in_chinese(source: str, out: str, fragment: str, tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(MINI.read_text(encoding="utf-8").replace("year: 2023", "year: 1900"),
                                       encoding="utf-8")  # fmt: skip
    (tmp_path / "folder").mkdir()
    paths = {"d": str(tmp_path), "mini": str(MINI)}
    code, output = run("convert", source.format(**paths), "-o", out.format(**paths))
    assert code == 2 and fragment in output, output
    assert not re.search(r"Error|Traceback|Usage", output)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.yaml", "folder"]


def test_yaml_messages_are_unchanged_by_the_places(tmp_path: Path) -> None:
    """The loader says YAML problems through :class:`YamlPlaces` exactly as before (file:line: 字段 …：…)."""
    bad = tmp_path / "bad.yaml"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("amount: 7349}", "amount: 7349.001}", 1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(bad)
    assert caught.value.problems == [f"{bad}:10: 字段 units[0].income[2].amount：金额「7349.001」比 1 分还精细，"
                                     "请检查金额单位（amount_unit 为 元）"]  # fmt: skip
    places = YamlPlaces(str(bad), parse_file(bad))
    assert places.at(("units", 0, "name")) == f"{bad}:4: 字段 units[0].name"


# ---- anything in the cells ---------------------------------------------------------------------------------------

CELLS = st.one_of(
    st.none(), st.text(max_size=8), st.sampled_from(["2010301", "30101", "一般公共预算", "基本支出", "测试单位", "-1"]),
    st.floats(allow_nan=False, allow_infinity=False, width=32), st.integers(-10, 10**12), st.booleans(),
    st.just(("=", "=1+1", 2)), st.dates(),
)  # fmt: skip


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(info=st.lists(CELLS, max_size=10), income=st.lists(st.lists(CELLS, max_size=5), max_size=4),
       indicators=st.lists(st.lists(CELLS, max_size=6), max_size=4))  # fmt: skip
def test_whatever_the_cells_hold_loading_never_fails_unexplained(
    info: list[Any], income: list[list[Any]], indicators: list[list[Any]], tmp_path: Path
) -> None:
    """A workbook of the template's shape with anything in its cells loads, or raises InputError whose every
    problem names the file (never another exception)."""
    path = tmp_path / "fuzz.xlsx"
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in (("单位信息", [info]), ("收入", income), ("绩效评价", [["e1", "项目自评", "某项目"]]),
                       ("绩效指标", indicators)):  # fmt: skip
        spec = wl.BY_NAME[name]
        sheet = book.add_worksheet(name)
        if spec.fields:
            sheet.write_row(0, 0, wl.KV_HEADER)
            for r, column in enumerate(spec.fields, start=1):
                sheet.write_string(r, 0, column.header)
            sheet.write_number(3, 1, 2023)
            sheet.write_string(4, 1, "测试部门")
        sheet.write_row(spec.table_row, 0, [c.header for c in spec.table])
        for r, row in enumerate(rows, start=spec.table_row + 1):
            for c, value in enumerate(row):
                if isinstance(value, tuple):
                    sheet.write_formula(r, c, value[1], None, value[2])
                elif isinstance(value, bool):
                    sheet.write_boolean(r, c, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, c, value)
                elif isinstance(value, str):
                    sheet.write_string(r, c, value)
                elif value is not None:
                    sheet.write_datetime(r, c, value, dates)
    book.close()
    try:
        load(path)
    except InputError as exc:
        assert exc.problems and all(problem.startswith(f"{path}: ") for problem in exc.problems), exc.problems
