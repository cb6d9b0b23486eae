"""The narrative rules over figures bound by fund, section and composition: what they are compared with, and the
relations that hold (or do not) between them. Each test states the failure class it covers; the sentences are
those of the corpus reports, then a varied one."""

from __future__ import annotations

from decimal import Decimal

from juesuan.check.checker import check
from juesuan.check.registry import RULES
from juesuan.load.tables import read_tables_data
from juesuan.statements import extract_statements
from juesuan.yamlsrc import parse

NARRATIVE = {k: r for k, r in RULES.items() if "statements" in r.needs}


def run(text: str, tables: str | None = None):  # type: ignore[no-untyped-def]
    statements = extract_statements([(3, 1, text)], path="r.txt", year=2024)
    table_set = read_tables_data(parse(tables), "<test>") if tables else None
    return check(table_set, inputs={"statements": statements}, rules=NARRATIVE)


def found(report) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """The narrative (figure) findings but 尾数 notes."""
    return sorted((f.rule, f.severity.value) for f in report.findings
                  if f.severity.value != "info" and f.rule.startswith("narrative-"))  # fmt: skip


def section(title: str, text: str) -> str:
    return f"第三部分 2024 年度部门决算情况说明\n一、甲\n二、乙\n三、丙\n四、丁\n五、戊\n{title}\n{text}\n"


TABLES = """
tables:
  - id: "01"
    rows:
      - {label: 一、一般公共预算财政拨款收入, line: 1, side: 收入, values: {决算数: "2940.05"}}
      - {label: 总计, line: 32, side: 收入, values: {决算数: "2995.39"}}
  - id: "03"
    rows:
      - {label: 合计, values: {本年支出合计: "2940.05", 基本支出: "2336.91", 项目支出: "603.14"}}
  - id: "04"
    rows:
      - {label: 总计, line: 32, side: 收入, values: {决算数: "2961.68"}}
      - {label: 本年支出合计, line: 56, side: 支出, values: {小计: "3000.00", 一般公共预算财政拨款: "2940.05"}}
  - id: "05"
    rows:
      - {label: 合计, values: {本年支出合计: "2940.05", 基本支出: "2336.91", 项目支出: "603.14"}}
  - id: "06"
    rows:
      - {label: 工资福利支出, code: "301", values: {金额: "2082.85"}}
      - {label: 对个人和家庭的补助, code: "303", values: {金额: "69.41"}}
      - {label: 商品和服务支出, code: "302", values: {金额: "171.07"}}
      - {label: 资本性支出, code: "310", values: {金额: "13.58"}}
      - {label: 人员经费合计, values: {金额: "2152.26"}}
      - {label: 公用经费合计, values: {金额: "184.65"}}
"""


def test_fund_figures_are_compared_with_the_funds_cells() -> None:
    """Class: fund-qualified amounts compared with the all-funds cell. Shanghai's "一般公共预算财政拨款支出
    2940.05万元" is 04's 一般公共预算 column (its 小计 here is 3000.00), the section 六 人员经费 / 公用经费 are 06's
    合计 rows, and 财政拨款基本支出 in that section is 05's 基本支出."""
    text = section(
        "六、一般公共预算财政拨款基本支出决算情况说明",
        "一般公共预算财政拨款基本支出2336.91万元。其中：人员经费2152.26万元，主要包括：基本工资、津贴补贴；公用经费"
        "184.65万元，主要包括：办公费。",
    )
    assert found(run(text, TABLES)) == []
    assert found(run(text.replace("2152.26", "2152.36"), TABLES)) == [
        ("narrative-parts-sum", "error"),  # 2152.36 + 184.65 ≠ 2336.91
        ("narrative-table", "error"),  # 06 人员经费合计 2152.26
    ]
    gpb = section(
        "五、一般公共预算财政拨款支出决算情况说明", "一般公共预算财政拨款支出2940.05万元，占本年支出合计的100.00%。"
    )
    assert found(run(gpb, TABLES)) == []
    assert (
        found(run(gpb.replace("一般公共预算财政拨款支出2940.05", "财政拨款支出2940.05"), TABLES)) == []
    )  # by the title
    assert found(run("一般公共预算财政拨款收入2940.05万元。", TABLES)) == []  # 01 一般公共预算 line


def test_the_grand_total_of_fiscal_funds_is_04s() -> None:
    """Class: "财政拨款收入支出总计0.3万元" (Shanghai, as printed) compared with 01's 支出总计 2995.39: it is 04's
    总计 2961.68 — and 0.3 is a true defect of the report."""
    findings = run(
        "四、财政拨款收入支出决算总体情况说明\n上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。", TABLES
    ).findings
    assert [(f.rule, f.locations[-1].table, f.expected) for f in findings] == [
        ("narrative-table", "04", Decimal("2961.7"))
    ]
    assert found(run("2024年度财政拨款收入支出总计2961.68万元。收入支出总计2995.39万元。", TABLES)) == []


def test_evaluated_money_may_exceed_the_years_project_spending() -> None:
    """Class: the money an evaluation covers read as bounded by 项目支出 (central: "共涉及资金 5105.75 万元" against
    项目支出 3499.42): it is the evaluated projects' budget, carry-overs included."""
    text = "组织对 2024 年度一般公共预算项目支出全面开展绩效自评，其中，一级项目 7 个、二级项目 16 个，共涉及资金 5105.75 万元。"
    assert found(run(text, TABLES)) == []


def test_a_part_said_to_be_at_most_its_whole_does_not_exceed_it() -> None:
    """ "共涉及资金 91.89 万元，占项目支出总额的 100%" with 项目支出 91.80: the rounding of 100% allows 91.89, but a
    part that is at most its whole cannot be more than it (seed: the injected evaluated amount)."""
    tables = 'tables:\n  - id: "03"\n    rows:\n      - {label: 合计, values: {项目支出: "91.80"}}\n'
    ok = "二级项目 1 个全面开展绩效自评，共涉及资金 91.79 万元，占项目支出总额的 100%。"
    assert found(run(ok, tables)) == []
    assert found(run(ok.replace("91.79", "91.89"), tables)) == [("narrative-share", "error")]
    assert found(run("基本支出 100.10 万元，占本年支出合计的 100%。本年支出合计 100.00 万元。")) == [
        ("narrative-share", "error")
    ]


def test_two_compositions_of_one_whole_add_up_on_their_own() -> None:
    """Class: "本年支出合计 14572.53 万元，其中：按功能分类支出划分为 …（5 类，100%）。按经济分类划分为基本支出 …
    项目支出 …（100%）" read as one composition of 200% (central)."""
    text = ("国家信访局 2024 年度本年支出合计 14572.53 万元，其中：按功能分类支出划分为一般公共服务支出 10685.56 万元，"
            "占比73.33%；教育支出 180.03 万元，占比 1.24%；社会保障和就业支出 2228.57 万元，占 15.29%；卫生健康支出 "
            "497.53 万元，占比3.41%；住房保障支出 980.85 万元，占比 6.73%。按经济分类划分为基本支出 11073.11 万元，占比 "
            "75.99%；项目支出 3499.42 万元，占比 24.01%；无经营性支出。")  # fmt: skip
    assert "narrative-share-total" not in {rule for rule, _ in found(run(text))}
    assert ("narrative-share-total", "warning") in found(run(text.replace("占比 24.01%", "占比 14.01%")))


def test_a_share_of_a_class_is_of_the_total_before_it() -> None:
    """Vocabulary: 类 shares under "主要用于以下方面" are checked against the total stated before them (Shanghai:
    "一般公共服务支出（类）2106.66万元，占71.73%" of 2940.05 is 71.65% — a true defect of that report)."""
    text = ("一般公共预算财政拨款支出2940.05万元，主要用于以下方面：一般公共服务支出（类）2106.66万元，占71.73%；社会保障"
            "和就业支出（类）326.72万元，占11.11%；卫生健康支出（类）60.99万元，占2.07%；住房保障支出（类）445.69万元，"
            "占15.16%；")  # fmt: skip
    assert found(run(text)) == [("narrative-share", "warning"), ("narrative-share-total", "warning")]
    assert (
        found(run(text.replace("占71.73%", "占71.65%").replace("445.69万元，占15.16%", "445.69万元，占15.16%"))) == []
    )


def test_a_fund_section_compares_its_classes_with_the_funds_table() -> None:
    """Class: a 项 of 政府性基金 spending compared with 05 (一般公共预算), where it is 0 (Xi'an 七)."""
    tables = """
tables:
  - id: "05"
    rows:
      - {label: 合计, values: {本年支出合计: "1.00"}}
  - id: "07"
    rows:
      - {label: 其他地方自行试点项目收益专项债券收入安排的支出, code: "2290402", values: {小计: "568051.63"}}
"""
    text = section(
        "六、己\n七、政府性基金预算财政拨款收入支出决算情况说明",
        "1.其他支出（类）其他政府性基金及对应专项债务收入安排的支出（款）其他地方自行试点项目收益专项债券收入安排的支"
        "出（项）。本年支出决算568,051.63万元，主要用于：基建项目支出。",
    )
    assert found(run(text, tables)) == []
    assert found(run(text.replace("568,051.63", "568,051.73"), tables)) == [("narrative-table", "error")]
