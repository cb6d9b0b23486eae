"""Narrative checks beyond their catalogue examples: rounding to the decimals written, blanks, zero bases,
direction words, qualified sums, where text rules look, and what a finding carries."""

from __future__ import annotations

from decimal import Decimal

from juesuan.check.checker import check
from juesuan.check.registry import RULES
from juesuan.load.tables import read_tables_data
from juesuan.statements import extract_statements
from juesuan.yamlsrc import parse

NARRATIVE = {k: r for k, r in RULES.items() if "statements" in r.needs}

T01 = """
tables:
  - id: "01"
    rows:
      - {label: 本年收入合计, line: 27, side: 收入, values: {决算数: "83.58"}}
      - {label: 使用非财政拨款结余, line: 28, side: 收入, values: {决算数: null}}
"""


def run(text: str, tables: str | None = None, year: int | None = None):  # type: ignore[no-untyped-def]
    statements = extract_statements([(3, 10, text)], path="r.txt", year=year)
    table_set = read_tables_data(parse(tables), "<test>") if tables else None
    return check(table_set, inputs={"statements": statements}, rules=NARRATIVE)


def rules_of(report):  # type: ignore[no-untyped-def]
    return sorted(f.rule for f in report.findings)


def test_without_statements_every_narrative_rule_is_not_run() -> None:
    report = check(None, rules=NARRATIVE)
    assert {c.status for c in report.coverage} == {"not-run"}
    assert report.findings == ()


def test_a_figure_with_fewer_decimals_is_compared_at_its_decimals() -> None:
    assert rules_of(run("本年收入合计 83.6 万元。", T01)) == []
    assert rules_of(run("本年收入合计 83.5 万元。", T01)) == ["narrative-table"]


def test_a_blank_cell_is_zero() -> None:
    assert rules_of(run("使用非财政拨款结余 0.00 万元。", T01)) == []
    assert rules_of(run("使用非财政拨款结余 1.00 万元。", T01)) == ["narrative-table"]


def test_a_missing_table_makes_the_table_rule_not_run() -> None:
    report = run("基本支出 33.27 万元。", T01)
    status = {c.rule: (c.status, c.reason) for c in report.coverage}["narrative-table"]
    assert status == ("not-run", "缺少公开03表")


def test_findings_carry_the_sentence_page_line_and_cell() -> None:
    finding = run("一段话。\n本年收入合计 83.50 万元。", T01).findings[0]
    text, cell = finding.locations
    assert (text.path, text.page, text.line, text.field) == ("r.txt", 3, 11, "「本年收入合计 83.50 万元。」")
    assert (cell.table, cell.row, cell.column) == ("01", "本年收入合计（收入）", "决算数")
    assert (finding.expected, finding.actual, finding.unit) == (Decimal("83.58"), Decimal("83.50"), "万元")


def test_closing_balance_of_last_year_is_this_years_opening() -> None:
    ok = "年初结转和结余 45.65 万元。年末结转和结余 4.17 万元，比上年减少 41.48 万元。"
    assert rules_of(run(ok)) == []
    assert rules_of(run(ok.replace("41.48", "40.48"))) == ["narrative-change"]


def test_a_rate_on_a_zero_base() -> None:
    report = run("商品和服务支出 3.37 万元，比上年增加 3.37 万元，增长 100.00%。")
    assert rules_of(report) == ["narrative-zero-base"]
    assert rules_of(run("商品和服务支出 3.37 万元，比上年增加 3.37 万元。")) == []


def test_a_completion_rate_of_a_zero_budget() -> None:
    report = run("（一）一般公共服务支出（类）年初预算数 0.00 万元，决算数 1.00 万元，完成年初预算的 95.89%。")
    assert rules_of(report) == ["narrative-zero-base"]


def test_direction_words() -> None:
    assert rules_of(run("本年收入合计 83.58 万元，比上年增加 0.00 万元。")) == ["narrative-direction"]
    assert rules_of(run("本年收入合计 83.58 万元，比上年增加 -5.00 万元。")) == ["narrative-direction"]
    assert rules_of(run("本年收入合计 83.58 万元，上年数 90.00 万元，比上年增加 6.42 万元。")) == [
        "narrative-change",
        "narrative-direction",
    ]


def test_a_change_from_nothing_is_an_increase_equal_to_this_years_amount() -> None:
    """ "比上年增加 A 万元，上年无…": last year was 0, so the change is an increase and A is this year's amount."""
    zero_base = "商品和服务支出 3.37 万元，比上年{} 万元，上年无商品和服务支出，增长率无可比性。"
    assert rules_of(run(zero_base.format("增加 3.37"))) == []
    assert rules_of(run(zero_base.format("减少 3.37"))) == ["narrative-direction"]
    assert rules_of(run(zero_base.format("增加 3.47"))) == ["narrative-direction"]


def test_a_rate_far_off_is_an_error_and_slightly_off_a_warning() -> None:
    error = run("本年收入合计 83.58 万元，比上年减少 15.75 万元，下降 16.86%。").findings
    warning = run("本年收入合计 83.58 万元，比上年减少 15.75 万元，下降 15.92%。").findings
    assert [(f.rule, f.severity.value) for f in error] == [("narrative-rate", "error")]
    assert [(f.rule, f.severity.value) for f in warning] == [("narrative-rate", "warning")]


def test_evaluated_amounts_add_their_funds_before_comparing() -> None:
    same = "部门整体支出绩效评价，涉及一般公共预算支出 100.00 万元，政府性基金预算支出 29.23 万元。\n\n部门财政预算资金 129.23 万元。"
    assert "narrative-repeated" not in rules_of(run(same))
    assert "narrative-repeated" in rules_of(run(same.replace("29.23", "0")))


def test_year_is_checked_only_where_the_report_year_is_meant() -> None:
    text = "第一部分 概况\n本部门 2022 年度收入。\n第五部分 附件\n本部门 2022 年度决算公开已完成。\n"
    findings = run(text, year=2023).findings
    assert [(f.rule, f.locations[0].line) for f in findings] == [("text-year", 11)]


def test_numbering_duplicates_and_titles() -> None:
    assert rules_of(run("一、收入\n二、支出\n二、结余\n")) == ["text-numbering"]
    assert rules_of(run("一、收入情况说明\n二、收入情况说明\n")) == ["text-numbering"]
    assert rules_of(run("一、收入\n（一）甲\n（二）乙\n二、支出\n（一）丙\n")) == []


def test_brackets_ignore_list_markers_and_pair_half_and_full_width() -> None:
    assert rules_of(run("1) 绩效评价依据\n（一）因公出国(境)费。")) == []
    assert rules_of(run("《预算法》（2018 年修正。")) == ["text-brackets"]


def test_placeholders_and_empty_clauses() -> None:
    assert rules_of(run("本年收入合计【待补充：上年数】。")) == ["text-placeholder"]
    assert rules_of(run("预决算差异主要原因：。")) == ["text-empty-clause"]


T03_04_05 = """
tables:
  - id: "03"
    rows:
      - {label: 一般公共服务支出, code: "201", values: {本年支出合计: "120.00"}}
  - id: "04"
    rows:
      - {label: 一、一般公共服务支出, line: 33, side: 支出, values: {小计: "110.00"}}
  - id: "05"
    rows:
      - {label: 一般公共服务支出, code: "201", values: {本年支出合计: "100.00"}}
"""


def test_a_class_is_compared_with_the_table_its_section_speaks_of() -> None:
    text = (
        "三、本年支出决算情况说明\n一般公共服务支出（类）决算数 120.00 万元。\n"
        "四、财政拨款支出决算情况说明\n一般公共服务支出（类）决算数 110.00 万元。\n"
        "五、一般公共预算财政拨款支出决算情况说明\n一般公共服务支出（类）决算数 100.00 万元。\n"
    )
    assert rules_of(run(text, T03_04_05)) == []
    wrong = text.replace("100.00 万元", "110.00 万元")
    assert [f.locations[-1].table for f in run(wrong, T03_04_05).findings] == ["05"]


def test_a_tiny_change_may_show_a_rate_of_zero() -> None:
    # 0.01 / 200.01 = 0.005% prints as 0.00%: the direction word is still right (found by the property test).
    assert rules_of(run("年初结转和结余200.00万元，比上年减少0.01万元，下降0.00%。")) == []


def test_a_class_on_a_later_page_is_under_the_last_section_before_it() -> None:
    # A PDF numbers lines per page: the 类 on page 2, line 3 is under 三、财政拨款支出 (page 1, line 4), so it is
    # compared with 04, not with 03 under 二、支出 (page 1, line 2, a smaller line number only).
    tables = """
tables:
  - id: "03"
    rows:
      - {label: 一般公共服务支出, code: "201", values: {本年支出合计: "200.00"}}
  - id: "04"
    rows:
      - {label: 一、一般公共服务支出, line: 33, side: 支出, values: {小计: "119.90"}}
"""
    pages = [
        (
            1,
            1,
            "第三部分 情况说明\n二、支出决算情况说明\n本年支出合计200.00万元。\n三、财政拨款支出决算情况说明\n其中：",
        ),
        (2, 1, "（一）甲\n（二）乙\n（三）一般公共服务支出（类）决算数119.90万元。"),
    ]
    statements = extract_statements(pages, path="r.pdf", year=2023)
    table_set = read_tables_data(parse(tables), "<test>")
    report = check(table_set, inputs={"statements": statements}, rules={"narrative-table": RULES["narrative-table"]})
    assert [f.message for f in report.findings] == []
    assert [c.status for c in report.coverage] == ["run"]
