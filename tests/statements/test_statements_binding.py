"""Which subject a figure is bound to: one test per failure class seen on real reports, each on the sentence as
printed in a corpus report and on a varied one. The class is stated in each test's docstring. A figure that
cannot be bound with confidence is left unbound (subject None): a finding on it could only be false.
"""

from __future__ import annotations

from juesuan.statements import Aspect, extract_statements


def read(text: str, pages: list[tuple[int | None, int, str]] | None = None):  # type: ignore[no-untyped-def]
    return extract_statements(pages or [(None, 1, text)], path="t.txt")


def rows(text: str) -> list[tuple[str | None, str, str]]:
    return [(s.subject, s.aspect.value, str(s.value)) for s in read(text).items]


def narrative(*sections: str) -> str:
    """A 情况说明 part with these sections (each "title\\nparagraph…")."""
    return "第三部分 2024 年度部门决算情况说明\n" + "\n".join(sections) + "\n"


# -- funds ---------------------------------------------------------------------------------------------------
def test_a_fund_written_with_a_name_narrows_it_to_that_fund() -> None:
    """Class: fund-qualified amounts read as the all-funds total. "一般公共预算财政拨款收入" is 01's 一般公共预算
    line, not 02's 财政拨款收入 (all three budgets); "政府性基金预算财政拨款收入" is the fund's."""
    assert rows("1.一般公共预算财政拨款收入 19572.91 万元，为国家信访局及所属单位当年从中央财政取得的资金。") == [
        ("gpb_income", "value", "19572.91")
    ]
    assert rows("政府性基金预算财政拨款收入 1.00 万元；国有资本经营预算财政拨款收入 0 万元。") == [
        ("gf_income", "value", "1.00"),
        ("sc_income", "value", "0"),
    ]
    # Shanghai: 一般公共预算 spending is 04's 一般公共预算财政拨款 column, not its 小计
    assert rows("一般公共预算财政拨款支出2940.05万元，占本年支出合计的100.00%。")[0] == ("gpb_expenditure", "value",
                                                                               "2940.05")  # fmt: skip


def test_a_fund_without_a_figure_of_its_own_leaves_the_name_unlinked() -> None:
    """Class: a fund's figure read as the department's (Xi'an 七: "政府性基金预算财政拨款年初结转和结余" read as
    01's 年初结转和结余 465,278.48). A fund the subject has no entry for unlinks it; one it has binds it, in the
    whole sentence ("…，年末结转和结余0万元" is the fund's too)."""
    text = narrative(
        "七、政府性基金预算财政拨款收入支出决算情况说明",
        "2022年度政府性基金预算财政拨款年初结转和结余58,830.98万元，收入决算509,220.66万元，支出决算568,051.63"
        "万元，年末结转和结余0万元。",
    )
    assert rows(text) == [
        ("gf_opening", "value", "58830.98"),
        (None, "value", "509220.66"),  # "收入决算": not the 年初结转和结余 carried from before
        (None, "value", "568051.63"),
        ("gf_closing", "value", "0"),
    ]
    assert rows("国有资本经营预算财政拨款年末结转和结余 3.00 万元。") == [(None, "value", "3.00")]


def test_a_section_about_one_fund_narrows_the_names_in_it() -> None:
    """Class: "财政拨款基本支出 10234.37 万元" under 六、一般公共预算财政拨款基本支出决算情况说明 read as 03's
    基本支出 (all funds, 11073.11); its 人员经费 and 公用经费 are 06's 人员经费合计 and 公用经费合计."""
    text = narrative(
        "一、收入支出决算总体情况说明",
        "二、收入决算情况说明",
        "三、支出决算情况说明",
        "四、财政拨款收入支出决算总体情况说明",
        "五、一般公共预算财政拨款支出决算情况说明",
        "六、一般公共预算财政拨款基本支出决算情况说明",
        "国家信访局 2024 年度财政拨款基本支出 10234.37 万元，其中：人员经费 7967.72 万元，主要包括：基本工资、"
        "津贴补贴；公用经费 2266.65 万元，主要包括：办公费、印刷费。",
    )
    assert rows(text) == [
        ("gpb_basic", "value", "10234.37"),
        ("gpb_personnel", "value", "7967.72"),
        ("gpb_public", "value", "2266.65"),
    ]
    # outside such a section 人员经费 is a part of 基本支出 (any fund): no 06 cell
    assert rows("基本支出 100.00 万元，其中：人员经费 80.00 万元，公用经费 20.00 万元。") == [
        ("basic", "value", "100.00"),
        ("personnel", "value", "80.00"),
        ("public", "value", "20.00"),
    ]


def test_a_part_listed_under_another_whole_is_that_wholes_part() -> None:
    """Class: "财政拨款支出总计为 A 万元，其中基本支出 B 万元" read as 03's 基本支出 (the university's 说明 of its
    财政拨款 table): a part named in a sentence about a whole is that whole's part (``under``)."""
    got = read("学校 2023 年度财政拨款支出总计为 237,100.00 万元，其中基本支出 199,015.13 万元，占总支出的 83.94%；"
               "项目支出 38,084.87 万元，占总支出的 16.06%。").items  # fmt: skip
    assert [(s.subject, s.aspect.value, s.denominator) for s in got] == [
        ("fiscal_expenditure", "value", None),
        ("fiscal_basic", "value", None),
        ("fiscal_basic", "share", "fiscal_expenditure"),  # "占总支出的": of the whole stated, not 本年支出合计
        ("fiscal_project", "value", None),
        ("fiscal_project", "share", "fiscal_expenditure"),
    ]
    assert [s.subject for s in read("本年支出合计 10.00 万元，其中：基本支出 8.00 万元，项目支出 2.00 万元。")] == [
        "expenditure_total", "basic", "project"
    ]  # fmt: skip


# -- per-项 paragraphs ------------------------------------------------------------------------------------------
def test_a_项_is_looked_up_under_the_款_named_before_it() -> None:
    """Class: per-项 paragraphs "X（类）Y（款）Z（项）。年初预算为 A，支出决算为 B" compared with the wrong row:
    行政运行 is the 项 of many 款 (2010101 人大事务, 2014001 信访事务 …); a name several 项 of one 款 carry
    (其他社会保障和就业支出: 2089901 and 2089999) is left without a code."""
    assert rows(
        "1.一般公共服务（类）信访事务（款）行政运行（项）。年初预算为 5717.32 万元，支出决算为 5757.63 万元，"
        "完成年初预算的 100.71%。"
    ) == [
        ("func:2014001", "initial_budget", "5717.32"),
        ("func:2014001", "value", "5757.63"),
        ("func:2014001", "completion", "100.71"),
    ]
    assert (
        rows("11.卫生健康支出（类）卫生健康管理事务（款）行政运行（项）。年初预算2516.77万元。")[0][0] == "func:2100101"
    )
    assert (
        rows("15.卫生健康支出（类）公立医院（款）中医（民族）医院（项）。年初预算4379.61万元。")[0][0] == "func:2100202"
    )
    ambiguous = (
        "10.社会保障和就业支出（类）其他社会保障和就业支出（款）其他社会保障和就业支出（项）。支出决算80.72万元。"
    )
    assert rows(ambiguous) == [("func:项:其他社会保障和就业支出", "value", "80.72")]  # no cell
    assert rows("行政运行（项）支出 1.00 万元。") == [("func:项:行政运行", "value", "1.00")]  # no 款: no code


def test_a_类_written_without_支出_is_linked() -> None:
    """Class: the central layout writes "一般公共服务（类）支出 10685.56 万元" (the code table says
    一般公共服务支出)."""
    assert rows("1.一般公共服务（类）支出 10685.56 万元，主要用于国家信访局及所属单位的基本支出和项目支出。") == [
        ("func:201", "value", "10685.56")
    ]
    assert rows("住房保障（类）支出 980.85 万元。")[0][0] == "func:221"


def test_a_code_written_after_its_name_links_it() -> None:
    """Class: the university writes "小学教育（2050202），2023 年度决算数为 7,970.38 万元"."""
    assert rows("1.小学教育（2050202），2023 年度决算数为 7,970.38 万元，比 2022 年度决算数增长 0.39%。") == [
        ("func:2050202", "value", "7970.38"),
        ("func:2050202", "rate", "0.39"),
    ]
    assert rows("购房补贴（2210203）决算数为 1.00 万元。")[0][0] == "func:2210203"


def test_a_heading_that_only_names_a_项_carries_it_into_the_paragraph_under_it() -> None:
    """Class: "2.一般公共服务（类）信访事务（款）一般行政管理事务（项）。" ends its line with 。 and the figures
    follow in a paragraph that names nothing: they are the 项's."""
    text = ("2.一般公共服务（类）信访事务（款）一般行政管理事务（项）。\n年初预算为 590.53 万元，支出决算为 4.7 万元，"
            "完成年初预算的\n0.8%。\n本年收入合计 1.00 万元。\n")  # fmt: skip
    assert rows(text) == [
        ("func:2014002", "initial_budget", "590.53"),
        ("func:2014002", "value", "4.7"),
        ("func:2014002", "completion", "0.8"),
        ("income_total", "value", "1.00"),
    ]
    # a heading with more words than the name ("…决算情况说明") carries nothing
    assert rows("（一）一般公共服务支出（类）决算情况说明\n年初预算为 1.00 万元。\n") == [
        (None, "initial_budget", "1.00")
    ]


def test_a_name_in_an_explanation_without_a_figure_is_not_the_subject() -> None:
    """Class: "X（项）。主要用于：局本部人员经费及公用经费等的基本支出。年初预算为 1560.05 万元" read as 基本支出
    (Shanghai), and "其他收入 878.44 万元，为……非同级财政拨款收入等，比上年增加 326.11 万元" read as a change of
    财政拨款收入 (central): names in a clause that says what an amount is for or consists of (主要用于, 包括,
    "，为…") are not subjects, unless the clause states a figure ("主要用于以下方面：一般公共服务（类）支出 …")."""
    assert rows(
        "1、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：局本部人员经费及公用经费等的基本支出。"
        "年初预算为 1560.05 万元，支出决算为1511.89万元。"
    ) == [
        ("func:2010601", "initial_budget", "1560.05"),
        ("func:2010601", "value", "1511.89"),
    ]
    assert rows(
        "2.其他收入 878.44 万元，为国家信访局及所属单位在财政拨款收入、事业收入之外取得的收入，例如：存款利息"
        "收入、非同级财政拨款收入等，比 2023 年度决算数增加 326.11 万元，增长 59.04%。"
    ) == [
        ("other_income", "value", "878.44"),
        ("other_income", "change", "326.11"),
        ("other_income", "rate", "59.04"),
    ]
    assert rows("3.年初结转和结余 1615.24 万元，既包括财政拨款结转和结余，也包括其他收入的结转和结余，比上年减少 754.91 "
                "万元。")[1] == ("opening", "change", "754.91")  # fmt: skip


def test_a_name_inside_a_document_title_names_nothing() -> None:
    """Class: "根据《项目支出绩效评价管理办法》…全年经费总额 1018.55 万元" read as 项目支出 (central 附件)."""
    assert rows(
        "根据《项目支出绩效评价管理办法》文件精神，本次评价聚焦该项目的目标及资金，全年经费总额 1018.55 万元。"
    ) == [(None, "value", "1018.55")]
    assert rows("按照《基本支出管理办法》，安排资金 5.00 万元。") == [(None, "value", "5.00")]


def test_money_the_vocabulary_does_not_know_unlinks_the_figure() -> None:
    """Class: a figure carried to the last subject named although the words right before it name another sum
    ("…全年执行数（B）… 工具。预计该项目运行后，每年开展300例，带来医疗收入135万元" read as 本年支出合计; Xi'an
    "年均收入可达到21.59 亿元"). Words that only restate the subject's figure (支出决算为, 执行数, 涉及资金) keep it."""
    assert rows("项目资金 全年预算数（A） 全年执行数（B） 分值 执行率 10 100% 预期目标 实际完成情况 可以为临床提供有力的"
                "工具。预计该项目运行后，每年开展300例，带来医疗收入135万元。")[-1] == (None, "value", "135")  # fmt: skip
    assert rows("全年执行数 100.00 万元，该项目运营稳定后年均收入可达到21.59 亿元。")[-1] == (None, "value", "21.59")
    assert rows("本年支出合计 10.00 万元，其中培训费 2.00 万元，比上年增加 1.00 万元。") == [
        ("expenditure_total", "value", "10.00"),
        (None, "value", "2.00"),
        (None, "change", "1.00"),  # the change is the 培训费's, not 本年支出合计's
    ]
    kept = "组织对项目全面开展绩效自评，其中，一级项目 7 个、二级项目 16 个，共涉及资金 5105.75 万元。"
    assert rows(kept)[-1] == ("self_eval", "value", "5105.75")
    assert rows("“三公”经费财政拨款支出预算为 76.43万元，2024 年度支出决算为 46.21 万元。")[-1] == ("three_public", "value",
                                                                                       "46.21")  # fmt: skip


def test_names_listed_together_before_one_number_take_the_first() -> None:
    """Class: "财政拨款收入总计、支出总计均为864,177.93万元" read as 01's 支出总计 (the last name): names joined
    by 、 and followed by 均/各 share the number, and the first (with its 财政拨款) names it."""
    assert rows("2022年度财政拨款收入总计、支出总计均为864,177.93万元。") == [
        ("fiscal_grand_total", "value", "864177.93")
    ]
    assert rows("2022年度收入总计、支出总计均为2,480,372.7万元。") == [("income_grand_total", "value", "2480372.7")]
    # later in the sentence, the bare totals are still the 财政拨款 ones
    assert rows("2022年度财政拨款收入总计、支出总计均为864,177.93万元，与上年相比收入总计、支出总计均增加337,874.84万元，"
                "增长64.2%。")[1:] == [("fiscal_grand_total", "change", "337874.84"),
                                       ("fiscal_grand_total", "rate", "64.2")]  # fmt: skip
    assert rows("收入总计 3.00 万元，支出总计 3.00 万元。") == [("income_grand_total", "value", "3.00"),
                                                        ("expenditure_grand_total", "value", "3.00")]  # fmt: skip


def test_a_department_total_named_after_a_项_only_restates_its_figure() -> None:
    """Class: "…收入安排的支出（项）。本年支出决算568,051.63万元" read as 01's 本年支出合计."""
    text = narrative(
        "七、政府性基金预算财政拨款收入支出决算情况说明",
        "1.其他支出（类）其他政府性基金及对应专项债务收入安排的支出（款）其他地方自行试点项目收益专项债券收入安排的支"
        "出（项）。本年支出决算568,051.63万元，主要用于：西安市儿童医院基建项目支出。",
    )
    assert rows(text) == [("func:2290402", "value", "568051.63")]
    assert rows("本年支出决算 5.00 万元。") == [("expenditure_total", "value", "5.00")]  # no 项 named: the total


# -- aspects ----------------------------------------------------------------------------------------------------
def test_a_difference_from_the_budget_is_not_a_change_from_last_year() -> None:
    """Class: "决算数较预算数减少5.91万元" read as a change from last year (Xi'an 三公); and "预算593.46万元"
    (no 为) is the budget, not the value."""
    assert rows(
        "2022年度财政拨款安排“三公”经费支出预算593.46万元，支出决算587.55万元，完成预算的99%，决算数较预算数减少"
        "5.91万元。"
    ) == [
        ("three_public", "initial_budget", "593.46"),
        ("three_public", "value", "587.55"),
        ("three_public", "completion", "99"),
    ]
    assert rows("公务接待费预算1.86万元，决算数较年初预算增加 0.50 万元。") == [("reception", "initial_budget", "1.86")]


def test_completion_of_a_budget_written_with_its_amount() -> None:
    """Vocabulary: "完成预算 A 万元的 p%" — A is the budget, p the completion rate."""
    assert rows("“三公”经费财政拨款支出决算 46.21 万元，完成预算 76.43 万元的 60.46%。") == [
        ("three_public", "value", "46.21"),
        ("three_public", "initial_budget", "76.43"),
        ("three_public", "completion", "60.46"),
    ]
    assert rows("机关运行经费支出 120.00 万元，完成全年预算 150.00 万元的 80.00%。")[1:] == [
        ("admin_costs", "full_budget", "150.00"),
        ("admin_costs", "completion", "80.00"),
    ]


def test_a_value_reached_from_last_years() -> None:
    """Vocabulary: "由上年的 X 万元减少为 A 万元" — X is last year's figure, A this year's (not a change)."""
    assert rows("本年收入合计由上年的 120.50 万元减少为 100.25 万元。") == [
        ("income_total", "previous", "120.50"),
        ("income_total", "value", "100.25"),
    ]
    assert rows("基本支出从 2023 年度的 9.00 万元增加到 10.00 万元。") == [
        ("basic", "previous", "9.00"),
        ("basic", "value", "10.00"),
    ]


def test_no_change_from_a_named_year_and_a_bare_持平() -> None:
    """Vocabulary: "与 2023 年度持平" and a bare "持平" in a paragraph that compares with last year ("与2023年度
    相比，财政拨款收入支出总计持平", "其中：因公出国（境）费支出决算持平") are no change; "决算数与预算数基本持平"
    compares with the budget and is not."""
    got = rows("2024年度“三公”经费财政拨款支出决算数与2023年度持平。 其中：因公出国（境）费支出决算持平； 公务接待费支出"
               "决算持平。")  # fmt: skip
    assert got == [("three_public", "change", "0"), ("abroad", "change", "0"), ("reception", "change", "0")]
    assert rows(
        "上海市普陀区财政局2024年度财政拨款收入支出总计0.3万元。与2023年度相比，财政拨款收入支出总计持平。"
    ) == [
        ("fiscal_grand_total", "value", "0.3"),
        ("fiscal_grand_total", "change", "0"),
    ]
    assert rows("年初预算为 10.00 万元，支出决算为10.00万元。决算数与预算数基本持平。") == [
        (None, "initial_budget", "10.00"),
        (None, "value", "10.00"),
    ]


def test_grand_totals_of_the_department_and_of_財政拨款() -> None:
    """Vocabulary: 收支总计 (收入支出总计, 收、支总计) is 01's 总计; 财政拨款收支总计 (…收入支出总计, …收、支总计,
    …收支总决算, …收入总计) is 04's — "财政拨款收入支出总计0.3万元" was read as 01's 支出总计."""
    assert rows("国家信访局 2024 年度收、支总计 22066.59 万元，与 2023 年相比，收、支总计各增加 5834.37 万元。") == [
        ("grand_total", "value", "22066.59"),
        ("grand_total", "change", "5834.37"),
    ]
    assert rows("上海市普陀区财政局2024年度收入支出总计2995.39万元。")[0][0] == "grand_total"
    assert rows("国家信访局 2024 年度财政拨款收支总决算 20727.53 万元。")[0][0] == "fiscal_grand_total"
    assert rows("财政拨款收、支总计各 5.00 万元。")[0][0] == "fiscal_grand_total"


def test_procurement_in_the_shanghai_wording() -> None:
    """Vocabulary: "政府采购金额（以合同签订为准）为 A 万元，其中：货物采购金额 B 万元、工程采购金额 C 万元、服务
    采购金额 D 万元"; the amounts reserved for or won by SMEs in that layout are not the central layout's
    授予中小企业合同金额 and stay unlinked."""
    got = rows("上海市普陀区财政局2024年度政府采购金额（以合同签订为准）为251.25万元，其中：货物采购金额4.79万元、工程采购"
               "金额0万元、服务采购金额246.47万元。2024年度本部门面向中小企业预留政府采购项目预算金额246.47万元。")  # fmt: skip
    assert got == [
        ("procurement_total", "value", "251.25"),
        ("procurement_goods", "value", "4.79"),
        ("procurement_works", "value", "0"),
        ("procurement_services", "value", "246.47"),
        (None, "value", "246.47"),
    ]


def test_class_shares_are_of_the_total_stated_before_them() -> None:
    """Vocabulary: 类 shares listed under "主要用于以下方面" are shares of the total the sentence states (财政拨款
    支出, or 本年支出合计 in 支出决算情况说明), not of an unnamed whole."""
    got = read("国家信访局 2024 年度财政拨款支出 13733.8 万元，主要用于以下方面：一般公共服务（类）支出 9846.82 万元，占 "
               "71.7%；教育（类）支出 180.03 万元，占 1.31%。").items  # fmt: skip
    assert [(s.subject, s.denominator) for s in got if s.aspect is Aspect.SHARE] == [
        ("func:201", "fiscal_expenditure"),
        ("func:205", "fiscal_expenditure"),
    ]
    alone = read("一般公共服务支出（类）98.00 万元，占 98.00%。").items[1]
    assert alone.denominator is None  # no total stated: not compared


def test_words_naming_the_whole_itself_are_a_bare_share() -> None:
    """Class: "占收入总额 56.42%", "占总支出的 92.92%" (university), "占总支出94.24%" (central): the whole of the
    subject itself, grouped with the other bare shares of the paragraph."""
    got = read("学校 2023 年度收入总计 430,725.03 万元，财政拨款收入 243,015.38 万元，占收入总额 56.42%；事业收入 "
               "136,385.24万元，占收入总额 31.66%。").items  # fmt: skip
    shares = [(s.subject, s.denominator, s.denominator_text) for s in got if s.aspect is Aspect.SHARE]
    assert shares == [("fiscal_income", "income_total", ""), ("business_income", "income_total", "")]


def test_a_bound_is_not_a_value() -> None:
    """Class: "职工满意度大于90%", "现有在校学生近 58000 人": thresholds and round figures, never compared."""
    got = read("职工满意度大于90%，年离职率低于2%。现有在校学生近 58000 人。在职人员 10 人。").items
    assert [(s.subject, str(s.value), s.approximate) for s in got] == [
        ("satisfaction", "90", True),
        ("satisfaction", "2", True),
        (None, "58000", True),
        ("staff", "10", False),
    ]


# -- lines and parts --------------------------------------------------------------------------------------------
def test_digits_set_apart_are_one_number() -> None:
    """Class: Xi'an's PDF text "年初预算 9 9 9 . 8 3万元，支出决算 1 , 1 8 2 . 5 9万元" read as 3 万元 and 9 万元,
    and headings "1 9 .卫生健康支出…" not read as 19. (a numbering gap)."""
    text = "2.教育支出（类）普通教育（款）学前教育（项）。年初预算 9 9 9 . 8 3万元，支出决算 1 , 1 8 2 . 5 9万元。\n"
    assert rows(text) == [("func:2050201", "initial_budget", "999.83"), ("func:2050201", "value", "1182.59")]
    got = read("1 8 .甲\n1 9 .乙\n2 0 .丙\n5 .丁\n").headings
    assert [h.number for h in got] == [18, 19, 20, 5]
    assert rows("得分 5 5 分，共 3 个。") == [(None, "value", "5"), (None, "value", "3")]  # no point: not joined


def test_a_page_number_alone_on_a_pages_first_or_last_line_is_dropped() -> None:
    """Class: the PDF text of a page starts with its printed number ("22" / "中：人员经费…"), which was glued into
    the sentence ("其22中：人员经费")."""
    pages = [(23, 1, "21\n国家信访局 2024 年度财政拨款基本支出 10234.37 万元，其\n"),
             (24, 1, "22\n中：人员经费 7967.72 万元，主要包括：基本工资。\n公用经费 1.00 万元。\n")]  # fmt: skip
    got = read("", pages)
    assert "其中：人员经费" in got.paragraphs[0].text and "22" not in got.paragraphs[0].text
    assert [s.source.page for s in got.items] == [23, 24, 24]


def test_a_wrapped_heading_line_of_a_per_项_paragraph_goes_on() -> None:
    """Class: a heading line that wraps is shorter than the widest line by the paragraph indent ("11.卫生健康支出
    （类）行政事业单位医疗（款）行政单位医" / "疗（项）。年初预算为 0 万元"), ends in its first sentence's next
    word ("…行政运行（项）。年" / "初预算为…"), or leaves only "（项）" for the next line."""
    page = ("支出决算为 659.05 万元，完成年初预算的 73.28%。决算数小于预\n"  # the real page: widest 59 columns
            "11.卫生健康支出（类）行政事业单位医疗（款）行政单位医\n"
            "疗（项）。年初预算为 0 万元，支出决算为 497.53 万元。决算数\n"
            "大于预算数的主要原因是 2024 年度预算执行中调剂了预算，相应\n"
            "增加支出。\n"
            "1.一般公共服务（类）信访事务（款）行政运行（项）。年\n"
            "初预算为 5717.32 万元。\n"
            "5.教育支出（类）其他教育支出（款）其他教育支出\n"
            "（项）。年初预算0万元，支出决算268万元，决算数大于年初预\n"
            "算数的主要原因是：追加人才专项资金。\n")  # fmt: skip
    subjects = [s.subject for s in read("", [(21, 1, page)]).items]
    assert subjects[-5:] == ["func:2101101", "func:2101101", "func:2014001", "func:2059999", "func:2059999"]


def test_a_part_title_wrapped_onto_the_next_line() -> None:
    """Class: Shanghai's "第三部分上海市普陀区财政局2024年度部门决算情况" / "说明": the part (and its sections) was
    not recognised, so sections and fund titles did not apply."""
    got = read(
        "第三部分上海市普陀区财政局2024年度部门决算情况\n说明\n一、收入支出决算总体情况说明\n收入支出总计2995.39万元。\n"
    )
    assert [(s.part, s.section, s.subject) for s in got.items] == [("情况说明", "一", "grand_total")]
    assert got.parts == ("情况说明",)


def test_a_report_without_part_headings_has_its_narrative_read() -> None:
    """Class: a university report (目录 of 一、学校概况 … 三、决算报表说明 … 四、名词解释, no 第N部分) was read as
    one endless table of contents: no statement at all. The contents end where their first entry repeats;
    top-level headings listed there start the parts, so the tables are skipped and the 说明 is 情况说明."""
    text = ("西南大学 2023 年度部门决算\n目录\n一、学校概况\n（一） 学校基本情况\n二、2023 年度部门决算报表\n"
            "（一） 高等学校收支决算总表\n三、决算报表说明\n四、名词解释\n"
            "一、学校概况\n（一）学校基本情况\n现有专任教师 3265 人。\n二、2023 年度部门决算报表\n"
            "表 1：高等学校收支决算总表\n本年收入合计 430,725.03 本年支出合计 457,676.75\n三、决算报表说明\n"
            "（一）高等学校收支决算总表说明\n学校 2023 年度收入总计 430,725.03 万元。\n四、名词解释\n"
            "1.小学教育（2050202）：反映各部门举办的小学教育支出。\n")  # fmt: skip
    got = read(text)
    assert got.parts == ("概况", "决算表", "情况说明", "名词解释")
    assert [(s.part, s.subject, str(s.value)) for s in got.items] == [
        ("概况", None, "3265"),
        ("情况说明", "income_grand_total", "430725.03"),
    ]
    # without contents, a 一、 heading naming a part is only a heading (the catalogue examples' sections)
    assert read("一、收入决算情况说明\n三、支出决算情况说明\n").parts == ()
