"""One test per extractor pattern: what a sentence states, read back as statements."""

from __future__ import annotations

from decimal import Decimal

import pytest

from juesuan.statements import Aspect, extract_statements, statements_from_text
from juesuan.statements.extract import chinese_to_int


def read(text: str, **kwargs):  # type: ignore[no-untyped-def]
    return extract_statements([(None, 1, text)], path="t.txt", **kwargs)


def rows(text: str):  # type: ignore[no-untyped-def]
    return [(s.subject, s.aspect.value, str(s.value), s.unit, s.direction) for s in read(text).items]


def test_value_change_and_rate() -> None:
    assert rows("本年收入合计 83.58 万元，比上年减少 15.75 万元，下降 15.86%。") == [
        ("income_total", "value", "83.58", "万元", None),
        ("income_total", "change", "15.75", "万元", "减少"),
        ("income_total", "rate", "15.86", "%", "下降"),
    ]


def test_flat_is_a_zero_change_of_the_subject_named_before_it() -> None:
    assert rows("结余分配 0.00 万元，与上年持平。") == [
        ("distribution", "value", "0.00", "万元", None),
        ("distribution", "change", "0", "万元", "持平"),
    ]


def test_share_without_a_denominator_uses_the_subjects_default() -> None:
    found = read("事业收入 0.00 万元，占 0.00%。").items[1]
    assert (found.aspect, found.denominator, found.denominator_text) == (Aspect.SHARE, "income_total", "")


def test_share_names_its_denominator_and_the_subject_is_before_占() -> None:
    found = read("授予小微企业合同金额 0.00 万元，占授予中小企业合同金额的 0.00%。").items[1]
    assert (found.subject, found.denominator, found.denominator_text) == ("small_micro", "sme", "授予中小企业合同金额")
    goods = read("货物采购授予中小企业合同金额占货物支出金额的 100%。").items[0]
    assert (goods.subject, goods.aspect, goods.denominator) == ("sme_goods", Aspect.SHARE, "procurement_goods")


def test_budget_and_completion() -> None:
    assert rows("财政拨款本年支出年初预算数 88.24 万元，决算数 125.07 万元，完成年初预算的 141.73%。") == [
        ("fiscal_expenditure", "initial_budget", "88.24", "万元", None),
        ("fiscal_expenditure", "value", "125.07", "万元", None),
        ("fiscal_expenditure", "completion", "141.73", "%", None),
    ]
    assert rows("“三公”经费支出全年预算数 1.00 万元")[0][:2] == ("three_public", "full_budget")


def test_functional_class_by_name_and_by_a_close_name() -> None:
    assert read("（一）一般公共服务支出（类）决算数 119.90 万元。").items[0].subject == "func:201"
    # One character off ("社会保障与就业支出"): linked by rapidfuzz.
    assert read("（二）社会保障与就业支出（类）决算数 2.71 万元。").items[0].subject == "func:208"
    # An unknown name keeps a subject of its own (no cell; still one of the parts of 财政拨款支出).
    assert read("（二）完全无关的名称（类）决算数 2.71 万元。").items[0].subject == "func:类:完全无关的名称"


def test_economic_classes_only_where_basic_spending_is_described() -> None:
    text = "第三部分 2023 年度部门决算情况说明\n一、收入\n二、支出\n三、财政拨款\n四、基本支出\n（一）工资福利支出 29.91 万元。\n"
    assert [s.subject for s in read(text).items] == ["econ:301"]
    elsewhere = "第三部分 2023 年度部门决算情况说明\n一、收入\n（一）工资福利支出 29.91 万元。\n"
    assert [s.subject for s in read(elsewhere).items] == [None]


def test_a_count_after_a_count_subject_follows_it() -> None:
    assert rows("全年安排因公出国（境）团组 0 个，累计 0 人次。") == [
        ("abroad_groups", "value", "0", "个", None),
        ("abroad_people", "value", "0", "人次", None),
    ]
    assert rows("全年国内公务接待 3 批，累计接待 20 人次。")[1][0] == "domestic_people"


def test_a_unit_that_does_not_fit_the_subject_leaves_it_unlinked() -> None:
    assert rows("服务对象满意度达95%，该指标得分9.55分。") == [
        ("satisfaction", "value", "95", "%", None),
        (None, "value", "9.55", "分", None),
    ]


def test_lists_separated_by_顿号_link_each_item() -> None:
    got = rows("共有车辆 2 辆（台），其中：主要负责人用车 1 辆、机要通信用车 1 辆。")
    assert got == [("vehicles", "value", "2", "辆", None), ("v2", "value", "1", "辆", None),
                   ("v3", "value", "1", "辆", None)]  # fmt: skip


def test_thresholds_are_not_figures() -> None:
    assert rows("单价 100 万元（含）以上设备（不含车辆）0 台（套）。") == [("equipment", "value", "0", "台", None)]


def test_approximate_numbers() -> None:
    found = read("服务保障会议 60 余次。").items[0]
    assert (found.value, found.unit, found.approximate) == (Decimal(60), "次", True)


def test_numbers_written_against_chinese_text_and_with_thousands_separators() -> None:
    assert rows("涉及一般公共预算支出91.79万元")[0][2:4] == ("91.79", "万元")
    assert rows("本年收入合计 1,234.50 万元")[0][2] == "1234.50"


def test_chinese_numerals() -> None:
    assert chinese_to_int("十三") == 13
    assert chinese_to_int("两") == 2
    assert chinese_to_int("abc") is None
    assert rows("本部门年末在职人员共九人。") == [("staff", "value", "9", "人", None)]


def test_fund_qualifiers_of_an_evaluated_amount() -> None:
    got = read("组织开展部门整体支出绩效评价，涉及一般公共预算支出91.79万元，政府性基金预算支出0万元。").items
    assert [(s.subject, s.qualifier, str(s.value)) for s in got] == [
        ("whole_eval", "general_budget", "91.79"),
        ("whole_eval", "gov_fund", "0"),
    ]


def test_a_sentence_broken_across_lines_is_joined_and_keeps_its_lines() -> None:
    got = read("授予中小企业合同金额 0.00\n\n万元，占政府采购支出总额的 0.00%。").items
    assert [(s.subject, s.unit, s.source.line) for s in got] == [("sme", "万元", 1), ("sme", "%", 3)]
    assert got[1].sentence.startswith("授予中小企业合同金额 0.00万元")


def test_a_run_in_heading_wrapped_inside_brackets_continues_on_the_next_line() -> None:
    # Our report.pdf's 名词解释: the PDF line ends inside "（包括……）"; the heading and its text are one paragraph.
    got = read("（二）机关运行经费：指为保障行政单位（包括参照公务员法管\n理的事业单位）运行的各项资金。\n（三）乙\n")
    assert [p.text for p in got.paragraphs][:1] == [
        "（二）机关运行经费：指为保障行政单位（包括参照公务员法管理的事业单位）运行的各项资金。"
    ]
    assert [(h.number, h.title) for h in got.headings] == [(2, "机关运行经费"), (3, "乙")]
    # A closed heading still ends its paragraph.
    assert [p.text for p in read("（一）收入（类）\n本年收入合计 83.58 万元。\n").paragraphs] == [
        "（一）收入（类）", "本年收入合计 83.58 万元。"
    ]  # fmt: skip


def test_pages_and_lines() -> None:
    pages = [(1, 1, "本部门 2023 年度部门决算\n"), (2, 10, "说明\n本年收入合计 83.58 万元。\n")]
    found = extract_statements(pages, path="r.pdf").items[0]
    assert (found.source.page, found.source.line, found.source.path) == (2, 11, "r.pdf")
    assert found.sentence[found.span[0] : found.span[1]] == "83.58 万元"


def test_parts_toc_and_tables_are_skipped() -> None:
    text = (
        "X 2023 年度部门决算\n目 录\n第一部分 概况\n第二部分 2023 年度部门决算表\n第三部分 2023 年度部门决算情况说明\n"
        "第一部分 概况\n本部门年末在职人员 2 人。\n第二部分 2023 年度部门决算表\n合计\t83.58\t万元 99 人\n"
        "第三部分 2023 年度部门决算情况说明\n一、收入决算情况说明\n本年收入合计 83.58 万元。\n"
    )
    got = read(text)
    assert [(s.part, s.section, s.subject) for s in got.items] == [("概况", "", "staff"),
                                                                  ("情况说明", "一", "income_total")]  # fmt: skip
    assert got.year == 2023


def test_sections_of_the_narrative_only_advance_in_order() -> None:
    text = "第三部分 情况说明\n一、收入\n二、支出\n一、单位自评工作开展情况\n本年收入合计 83.58 万元。\n"
    assert read(text).items[0].section == "二"


def test_headings_and_their_scope() -> None:
    got = read("一、收入\n（一）甲\n（二）乙\n二、支出\n（一）丙\n1. 丁\n(2) 戊\n①己\n").headings
    assert [(h.style, h.number, h.title) for h in got] == [
        ("一、", 1, "收入"), ("（一）", 1, "甲"), ("（一）", 2, "乙"), ("一、", 2, "支出"), ("（一）", 1, "丙"),
        ("1.", 1, "丁"), ("（1）", 2, "戊"), ("①", 1, "己"),
    ]  # fmt: skip
    assert got[1].scope == got[2].scope == "0" and got[4].scope == "3"


def test_score_tables_in_the_attachment() -> None:
    text = "第五部分 附件\n评价部门\t决策指标\t过程指标\t合计\n权重\t12\t88\t100\n分值\t10.5\t80\t90.5\n得分率\t87.50%\t90.91%\t90.5%\n"
    got = [(s.subject, s.aspect.value, str(s.value), s.unit) for s in read(text).items]
    assert got[:3] == [("score_decision", "weight", "12", "分"), ("score_process", "weight", "88", "分"),
                       ("whole_score", "weight", "100", "分")]  # fmt: skip
    assert ("score_decision", "score_rate", "87.50", "%") in got


def test_year_from_the_title_or_the_narrative() -> None:
    assert read("某中心 2024 年度部门决算\n").year == 2024
    assert read("本部门 2022 年度收入。本部门 2022 年度支出。").year == 2022
    assert read("无年份").year is None
    assert read("本部门 2022 年度收入。", year=2030).year == 2030


def test_statements_from_text_splits_pages_on_form_feeds(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "r.txt"
    path.write_text("本年收入合计 1.00 万元。\n\f本年支出合计 2.00 万元。\n", encoding="utf-8")
    got = statements_from_text(path).items
    assert [(s.source.page, s.subject) for s in got] == [(1, "income_total"), (2, "expenditure_total")]


@pytest.mark.parametrize("text", ["", "\n\n", "第二部分 决算表\n合计\t1.00\n", "没有数字的一段话。"])
def test_texts_without_figures(text: str) -> None:
    assert read(text).items == ()


def test_placeholder_marks_name_no_subject() -> None:
    # The composer's 【待补充：…】 mark names 其他支出 but is not a mention of it.
    text = "（五）其他支出（类）年初预算数【待补充：其他支出年初预算数】万元，决算数39.94万元。"
    assert [s.subject for s in read(text).items] == ["func:229"]


def test_as_dict_is_json_ready() -> None:
    import json

    found = read("本年收入合计 83.58 万元，比上年减少 15.75 万元。").items[1].as_dict()
    assert json.loads(json.dumps(found, ensure_ascii=False)) == found
    assert (found["subject"], found["aspect"], found["value"], found["direction"], found["text"], found["line"]) == (
        "income_total",
        "change",
        "15.75",
        "减少",
        "15.75 万元",
        1,
    )


def test_wording_variants_of_changes_and_shares() -> None:
    assert rows("本年收入合计 83.58 万元，比上年减少了 15.75 万元，下降了 15.86%。")[1:] == [
        ("income_total", "change", "15.75", "万元", "减少"),
        ("income_total", "rate", "15.86", "%", "下降"),
    ]
    bare = read("基本支出 33.27 万元，占比 26.60%。").items[1]
    assert (bare.aspect, bare.denominator) == (Aspect.SHARE, "expenditure_total")
    named = read("基本支出 33.27 万元，占本年支出合计的比重为 26.60%。").items[1]
    assert (named.aspect, named.denominator) == (Aspect.SHARE, "expenditure_total")
    other = read("自评涉及资金 91.79 万元，占一般公共预算项目支出总额的 100%。").items[1]
    assert other.denominator is None  # 一般公共预算项目支出 is not 项目支出
    assert bare.denominator_text == ""  # grouped with the other bare shares for the 100% total
