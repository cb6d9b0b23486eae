"""The seed report's 第三部分 情况说明, read into statements: every figure of sections 一 to 九, pinned.

Each tuple is (line, section, subject, aspect, value as written, unit, direction word). Checked by hand against
/work/shared/seed/jdz-nanchang-2023-final-accounts.txt lines 413-555. Regenerate nothing: a change here is a
change in what the extractor reads, and must be checked against the seed text again.
"""

from __future__ import annotations

from collections import Counter

import pytest

from juesuan.statements import Aspect, statements_from_text
from shared_data import SEED

PINNED = [
    # 一、收入: totals, year-on-year changes, and the six income sources with their shares of 本年收入合计
    (417, "一", "income_grand_total", "value", "129.23", "万元", None),
    (417, "一", "opening", "value", "45.65", "万元", None),
    (417, "一", "opening", "change", "7.97", "万元", "减少"),
    (417, "一", "opening", "rate", "14.86", "%", "下降"),
    (417, "一", "use_non_fiscal", "value", "0.00", "万元", None),
    (417, "一", "use_non_fiscal", "change", "0", "万元", "持平"),
    (417, "一", "income_total", "value", "83.58", "万元", None),
    (417, "一", "income_total", "change", "15.75", "万元", "减少"),
    (417, "一", "income_total", "rate", "15.86", "%", "下降"),
    (419, "一", "fiscal_income", "value", "83.58", "万元", None),
    (419, "一", "fiscal_income", "share", "100.00", "%", None),
    (419, "一", "business_income", "value", "0.00", "万元", None),
    (419, "一", "business_income", "share", "0.00", "%", None),
    (419, "一", "operating_income", "value", "0.00", "万元", None),
    (419, "一", "operating_income", "share", "0.00", "%", None),
    (419, "一", "superior_subsidy", "value", "0.00", "万元", None),
    (419, "一", "superior_subsidy", "share", "0.00", "%", None),
    (419, "一", "affiliated_income", "value", "0.00", "万元", None),
    (419, "一", "affiliated_income", "share", "0.00", "%", None),
    (419, "一", "other_income", "value", "0.00", "万元", None),
    (419, "一", "other_income", "share", "0.00", "%", None),
    # 二、支出: totals and changes, then the five kinds of spending with their shares of 本年支出合计
    (423, "二", "expenditure_grand_total", "value", "129.23", "万元", None),
    (423, "二", "expenditure_total", "value", "125.07", "万元", None),
    (423, "二", "expenditure_total", "change", "17.76", "万元", "增加"),
    (423, "二", "expenditure_total", "rate", "16.56", "%", "增长"),
    (423, "二", "distribution", "value", "0.00", "万元", None),
    (423, "二", "distribution", "change", "0", "万元", "持平"),
    (423, "二", "closing", "value", "4.17", "万元", None),
    (423, "二", "closing", "change", "41.48", "万元", "减少"),
    (423, "二", "closing", "rate", "90.87", "%", "下降"),
    (425, "二", "basic", "value", "33.27", "万元", None),
    (425, "二", "basic", "share", "26.60", "%", None),
    (425, "二", "project", "value", "91.80", "万元", None),
    (425, "二", "project", "share", "73.40", "%", None),
    (425, "二", "operating_expenditure", "value", "0.00", "万元", None),
    (425, "二", "operating_expenditure", "share", "0.00", "%", None),
    (425, "二", "upper_expenditure", "value", "0.00", "万元", None),
    (425, "二", "upper_expenditure", "share", "0.00", "%", None),
    (425, "二", "affiliated_expenditure", "value", "0.00", "万元", None),
    (425, "二", "affiliated_expenditure", "share", "0.00", "%", None),
    # 三、财政拨款支出: 年初预算 / 决算 / 完成率, for the total and for each 类 (linked to the functional code table)
    (429, "三", "fiscal_expenditure", "initial_budget", "88.24", "万元", None),
    (429, "三", "fiscal_expenditure", "value", "125.07", "万元", None),
    (429, "三", "fiscal_expenditure", "completion", "141.73", "%", None),
    (431, "三", "func:201", "initial_budget", "83.08", "万元", None),
    (431, "三", "func:201", "value", "119.90", "万元", None),
    (431, "三", "func:201", "completion", "144.32", "%", None),
    (433, "三", "func:208", "initial_budget", "2.71", "万元", None),
    (433, "三", "func:208", "value", "2.71", "万元", None),
    (433, "三", "func:208", "completion", "100.00", "%", None),
    (435, "三", "func:210", "initial_budget", "1.10", "万元", None),
    (435, "三", "func:210", "value", "1.10", "万元", None),
    (435, "三", "func:210", "completion", "100.00", "%", None),
    (437, "三", "func:221", "initial_budget", "1.36", "万元", None),
    (437, "三", "func:221", "value", "1.36", "万元", None),
    (437, "三", "func:221", "completion", "100.00", "%", None),
    # 四、基本支出 by economic 类 (linked to 06 rows 301/302/303/310); 与上年持平 is a zero change
    (441, "四", "gpb_basic", "value", "33.27", "万元", None),
    (443, "四", "econ:301", "value", "29.91", "万元", None),
    (443, "四", "econ:301", "change", "24.98", "万元", "增加"),
    (443, "四", "econ:301", "rate", "507.23", "%", "增长"),
    (445, "四", "econ:302", "value", "3.37", "万元", None),
    (445, "四", "econ:302", "change", "3.37", "万元", "增加"),
    (447, "四", "econ:303", "value", "0.00", "万元", None),
    (447, "四", "econ:303", "change", "0", "万元", "持平"),
    (449, "四", "econ:310", "value", "0.00", "万元", None),
    (449, "四", "econ:310", "change", "0", "万元", "持平"),
    # 五、三公: 全年预算 and 决算 of each item, 持平 changes, and the counts (团组, 人次, 辆, 批)
    (453, "五", "three_public", "full_budget", "0.00", "万元", None),
    (453, "五", "three_public", "value", "0.00", "万元", None),
    (453, "五", "three_public", "change", "0", "万元", "持平"),
    (455, "五", "abroad", "full_budget", "0.00", "万元", None),
    (455, "五", "abroad", "value", "0.00", "万元", None),
    (455, "五", "abroad", "change", "0", "万元", "持平"),
    (455, "五", "abroad_groups", "value", "0", "个", None),
    (455, "五", "abroad_people", "value", "0", "人次", None),
    (457, "五", "vehicle", "full_budget", "0.00", "万元", None),
    (457, "五", "vehicle", "value", "0.00", "万元", None),
    (459, "五", "vehicle_purchase", "full_budget", "0.00", "万元", None),
    (459, "五", "vehicle_purchase", "value", "0.00", "万元", None),
    (459, "五", "vehicle_purchase", "change", "0", "万元", "持平"),
    (459, "五", "vehicles_purchased", "value", "0", "辆", None),
    (461, "五", "vehicle_operation", "full_budget", "0.00", "万元", None),
    (461, "五", "vehicle_operation", "value", "0.00", "万元", None),
    (461, "五", "vehicle_operation", "change", "0", "万元", "持平"),
    (461, "五", "vehicles_held", "value", "0", "辆", None),
    (463, "五", "reception", "full_budget", "0.00", "万元", None),
    (463, "五", "reception", "value", "0.00", "万元", None),
    (463, "五", "reception", "change", "0", "万元", "持平"),
    (463, "五", "domestic_batches", "value", "0", "批", None),
    (463, "五", "domestic_people", "value", "0", "人次", None),
    # 六、机关运行经费
    (467, "六", "admin_costs", "value", "0.00", "万元", None),
    (467, "六", "admin_costs", "change", "0", "万元", "持平"),
    # 七、政府采购: total, 货物/工程/服务, SME amounts and shares (denominators read from 占…的)
    (471, "七", "procurement_total", "value", "1.21", "万元", None),
    (471, "七", "procurement_goods", "value", "1.21", "万元", None),
    (471, "七", "procurement_works", "value", "0.00", "万元", None),
    (471, "七", "procurement_services", "value", "0.00", "万元", None),
    (471, "七", "sme", "value", "0.00", "万元", None),
    (473, "七", "sme", "share", "0.00", "%", None),
    (473, "七", "small_micro", "value", "0.00", "万元", None),
    (473, "七", "small_micro", "share", "0.00", "%", None),
    (473, "七", "sme_goods", "share", "100", "%", None),
    (473, "七", "sme_works", "share", "0", "%", None),
    (473, "七", "sme_services", "share", "0", "%", None),
    # 八、国有资产: vehicles by category and equipment (the 单价 100 万元 threshold is not a figure)
    (477, "八", "vehicles", "value", "0", "辆", None),
    (477, "八", "v1", "value", "0", "辆", None),
    (477, "八", "v2", "value", "0", "辆", None),
    (477, "八", "v3", "value", "0", "辆", None),
    (477, "八", "v4", "value", "0", "辆", None),
    (477, "八", "v5", "value", "0", "辆", None),
    (477, "八", "v6", "value", "0", "辆", None),
    (477, "八", "v7", "value", "0", "辆", None),
    (477, "八", "v8", "value", "0", "辆", None),
    (477, "八", "equipment", "value", "0", "台", None),
    # 九、预算绩效: evaluated amounts (funds as qualifiers), the self-evaluation score and satisfaction; indicator counts and scores are not linked
    (483, "九", None, "value", "1", "个", None),
    (483, "九", "self_eval", "value", "91.79", "万元", None),
    (483, "九", "self_eval", "share", "100", "%", None),
    (485, "九", None, "value", "1", "个", None),
    (485, "九", "dept_eval", "value", "91.79", "万元", None),
    (485, "九", "dept_eval", "value", "0", "万元", None),
    (485, "九", "dept_eval", "value", "0", "万元", None),
    (487, "九", "whole_eval", "value", "91.79", "万元", None),
    (487, "九", "whole_eval", "value", "0", "万元", None),
    (509, "九", "whole_score", "value", "97", "分", None),
    (517, "九", None, "value", "20", "次", None),
    (517, "九", None, "value", "100", "%", None),
    (517, "九", None, "value", "20", "分", None),
    (521, "九", None, "value", "3", "次", None),
    (521, "九", None, "value", "100", "%", None),
    (521, "九", None, "value", "20", "分", None),
    (525, "九", None, "value", "100", "%", None),
    (525, "九", None, "value", "10", "分", None),
    (531, "九", None, "value", "10", "分", None),
    (537, "九", "satisfaction", "value", "95", "%", None),
    (537, "九", None, "value", "9.55", "分", None),
]


@pytest.fixture(scope="module")
def seed():  # type: ignore[no-untyped-def]
    return statements_from_text(SEED)


def _row(s):  # type: ignore[no-untyped-def]
    return (s.source.line, s.section, s.subject, s.aspect.value, str(s.value), s.unit, s.direction)


def test_narrative_statements_are_pinned(seed) -> None:  # type: ignore[no-untyped-def]
    got = [_row(s) for s in seed.items if s.part == "情况说明"]
    assert got == PINNED


def test_every_amount_and_percentage_of_sections_one_to_eight_is_linked(seed) -> None:  # type: ignore[no-untyped-def]
    for s in seed.items:
        if s.part == "情况说明" and s.section in "一二三四五六七八" and s.unit in ("万元", "%"):
            assert s.subject is not None, s.sentence


def test_counts_by_aspect(seed) -> None:  # type: ignore[no-untyped-def]
    counts = Counter(s.aspect.value for s in seed.items if s.part == "情况说明")
    # 16 changes: 6 amounts (比上年增加/减少) and 10 "与上年持平"; 17 shares: 6 income sources, 5 kinds of
    # spending, 5 in 政府采购, 1 of the self-evaluated money in 项目支出.
    assert counts == {
        "value": 78,
        "change": 16,
        "rate": 5,
        "share": 17,
        "initial_budget": 5,
        "completion": 5,
        "full_budget": 6,
    }
    assert sum(counts.values()) == len(PINNED) == 132


def test_year_parts_and_places(seed) -> None:  # type: ignore[no-untyped-def]
    assert seed.year == 2023
    assert seed.parts == ("概况", "决算表", "情况说明", "名词解释", "附件")
    for s in seed.items:
        written = s.sentence[s.span[0] : s.span[1]]
        assert written == "与上年持平" if s.direction == "持平" else written.startswith(str(s.value)), written
        assert s.source.path == str(SEED)


def test_a_number_split_from_its_unit_across_lines_is_read(seed) -> None:  # type: ignore[no-untyped-def]
    # "授予中小企业合同金额 0.00" ends line 471 and "万元，…" starts line 473 (a blank line between).
    sme = [s for s in seed.items if s.subject == "sme" and s.aspect is Aspect.VALUE]
    assert [(s.source.line, str(s.value), s.unit) for s in sme] == [(471, "0.00", "万元")]


def test_outside_the_narrative(seed) -> None:  # type: ignore[no-untyped-def]
    # 概况: staff counts; 附件: the evaluation's own figures, including its score table.
    rows = {(s.source.line, s.subject, s.aspect.value, str(s.value)) for s in seed.items if s.part != "情况说明"}
    assert (57, "staff", "value", "2") in rows
    assert (637, "staff", "value", "8") in rows
    assert (723, "whole_eval", "value", "129.24") in rows
    assert (761, "whole_score", "value", "97") in rows
    assert (762, "score_effect", "score_rate", "94.74") in rows
    assert (903, "satisfaction", "value", "91.00") in rows
    assert not [s for s in seed.items if s.part == "决算表"]
