"""The narrative findings on the seed report, checked against its published tables, pinned and explained.

The text is /work/shared/seed/jdz-nanchang-2023-final-accounts.txt; the tables are its transcription in
examples/jdz-nanchang-2023/published.yaml. Every finding below was verified by hand against the seed text.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.check.checker import check
from juesuan.check.registry import RULES
from juesuan.load.tables import load_tables
from juesuan.statements import statements_from_text
from shared_data import SEED

ROOT = Path(__file__).resolve().parents[2]

PUBLISHED = ROOT / "examples" / "jdz-nanchang-2023" / "published.yaml"
NARRATIVE = {k: r for k, r in RULES.items() if "statements" in r.needs}

# (rule, severity, seed lines of the statements involved, the figures the finding states)
PINNED = [
    # 附件 一(五): "全年执行数129.23万元" — the year's spending (本年支出合计) is 125.07 in table 01; 129.23 is the
    # money available (收入总计), not what was spent.
    ("narrative-table", "error", (673,), "129.23", "125.07"),
    # 附件 三(二)③: "实际已支付 125.06 万元" against 01 本年支出合计 125.07.
    ("narrative-table", "error", (784,), "125.06", "125.07"),
    # 情况说明 九(一): the department-wide evaluation covers 91.79 万元 (91.79 一般公共预算 + 0 政府性基金): neither
    # 01 收入总计 129.23 nor 本年支出合计 125.07 (91.79 is the 项目支出 of table 05).
    ("narrative-table", "warning", (487,), "91.79", None),
    # 附件 二(二)3: the evaluated object is "部门财政预算资金 129.24 万元": 01 收入总计 is 129.23.
    ("narrative-table", "warning", (723,), "129.24", None),
    # 附件 一(五): 基本支出执行数 33.27 + 项目支出执行数 91.80 = 125.07, yet 全年执行数 is 129.23 in the same sentence.
    ("narrative-parts-sum", "error", (673,), "125.07", "129.23"),
    # 附件 三(一) score table: 10.5 + 19 + 30 + 36 = 95.5, but 合计 says 97 (and so does the text: "97.00 分").
    ("narrative-parts-sum", "error", (761,), "95.5", "97"),
    # 附件 三(二)2: 过程指标 "实际得分为19分", but its items score 3 + 4 (制度健全性, 执行有效性) + 3 + 4 (财务制度,
    # 资金合规) + 3 (政府采购) + 3 (资产管理) = 20.
    ("narrative-indicator-sum", "error", (817, 827, 833, 839, 845), "20", "19"),
    # 附件 三(二)4: 部门效果 "实际得分为36分", but its items score 7 + 7 + 5 + 2 + 10 = 31 (and it claims 6 三级指标 for
    # the 5 it lists).
    ("narrative-indicator-sum", "error", (871, 879, 885, 893, 899, 905), "31", "36"),
    # 概况: "年末在职人员 2 人"; 附件 一(一)2: "实有人数 8 人".
    ("narrative-repeated", "error", (57, 637), "2", "8"),
    # 情况说明 九(二): "服务对象满意度达95%"; 附件 三(二)4⑤: "满意度为 91.00%".
    ("narrative-repeated", "error", (537, 903), "91.00", "95"),
    # 附件 一(五): "执行率100%"; 附件 三(二)1③: "预算执行率为 96.77%" (125.06 / 129.23).
    ("narrative-repeated", "error", (673, 784), "96.77", "100"),
    # The department-wide evaluation: 91.79 万元 in 情况说明 九(一), 129.24 万元 in 附件 二(二)3.
    ("narrative-repeated", "error", (487, 723), "91.79", "129.24"),
    # 七: "货物采购授予中小企业合同金额占货物支出金额的 100%" means 1.21 万元 went to SMEs, but the SME total is 0.00.
    ("narrative-share", "error", (473, 471), "0.00", "1.21"),
    # 七: "授予小微企业合同金额 0.00 万元，占授予中小企业合同金额的 0.00%": a share of a zero SME amount.
    ("narrative-zero-base", "warning", (473,), None, None),
    # 七: "工程采购…占工程支出金额的 0%": 工程支出 is 0.00.
    ("narrative-zero-base", "warning", (473,), None, None),
    # 七: "服务采购…占服务支出金额的 0%": 服务支出 is 0.00.
    ("narrative-zero-base", "warning", (473,), None, None),
    # 五(一): "主要是：（无因公出国（境）预算（二）公务用车…": the bracket before 无 is never closed, and heading (二) ran
    # into the paragraph of (一).
    ("text-brackets", "warning", (455,), None, None),
    # 九(二) 一: "《景德镇市财政局关于关于市直单位…》": 关于 typed twice.
    ("text-doubled-word", "warning", (493,), None, None),
    # The same notice 景财监〔2024〕2号 is cited in 九(二) as 《…关于关于市直单位部门开展单位自评及跟踪监控工作的通知》
    # and in the 附件 as 《…关于做好 2024 年预算绩效管理工作的通知》.
    ("text-citation", "warning", (493, 611), None, None),
    # 九(一): "从评价情况看，。" — the evaluation result was never filled in.
    ("text-empty-clause", "warning", (485,), None, None),
    # 五: (一) is followed by (三): (二) is inside the (一) paragraph (line 455), see text-brackets.
    ("text-numbering", "warning", (455, 463), None, None),
    # 九(二): 一、二、三、then 五、— 四 is missing, and 五's title repeats 三's ("绩效目标完成情况总体分析").
    ("text-numbering", "warning", (511, 539), None, None),
    # 尾数 (info): 16.56% for 17.76 / (125.07 − 17.76) = 16.55%: within what the rounded figures allow.
    ("rounding-tail", "info", (423,), "16.55", "16.56"),
    # 尾数 (info): 507.23% for 24.98 / (29.91 − 24.98) = 506.69%; on a base of 4.93 万元 the rounding of the
    # printed figures allows 505.36%–508.03%, so it was computed from 元 amounts.
    ("rounding-tail", "info", (443,), "506.69", "507.23"),
    # 尾数 (info): 完成年初预算的 141.73% for 125.07 / 88.24 = 141.74%.
    ("rounding-tail", "info", (429,), "141.74", "141.73"),
    # 尾数 (info): the 类 budgets 83.08 + 2.71 + 1.10 + 1.36 = 88.25 against the stated total 88.24.
    ("rounding-tail", "info", (429, 431, 433, 435, 437), "88.25", "88.24"),
    # 尾数 (info): 基本支出 by class 29.91 + 3.37 + 0 + 0 = 33.28 against 33.27 (the tables have the same 0.01).
    ("rounding-tail", "info", (441, 443, 445, 447, 449), "33.28", "33.27"),
]


def _run():  # type: ignore[no-untyped-def]
    return check(load_tables(PUBLISHED), inputs={"statements": statements_from_text(SEED)}, rules=NARRATIVE)


def _key(f):  # type: ignore[no-untyped-def]
    lines = tuple(dict.fromkeys(loc.line for loc in f.locations if loc.table is None and loc.line))
    show = lambda v: None if v is None else str(v)  # noqa: E731
    return (f.rule, f.severity.value, lines, show(f.expected), show(f.actual))


def _loose(pinned):  # type: ignore[no-untyped-def]
    return (pinned[0], pinned[1], pinned[2])


def test_seed_narrative_findings_are_pinned() -> None:
    report = _run()
    got = [_key(f) for f in report.findings]
    assert sorted(_loose(k) for k in got) == sorted(_loose(p) for p in PINNED)
    by_key = {(_loose(k), k[3], k[4]) for k in got}
    for pinned in PINNED:
        if pinned[3] is not None:
            matches = [k for k in got if _loose(k) == _loose(pinned)]
            figures = {v for k in matches for v in (k[3], k[4])}
            assert {pinned[3], pinned[4]} - {None} <= figures, (pinned, by_key)


def test_every_narrative_rule_ran_on_the_seed() -> None:
    """Every rule over the text runs on one report alone; only the comparison with last year's report cannot."""
    report = _run()
    alone = {rule: "not-run" if "previous" in r.needs else "run" for rule, r in NARRATIVE.items()}
    assert {c.rule: c.status for c in report.coverage} == alone
    assert alone["narrative-previous-year"] == "not-run"


def test_findings_name_the_sentence_and_the_cell() -> None:
    report = _run()
    first = next(f for f in report.findings if f.rule == "narrative-table")
    text_place, cell = first.locations[0], first.locations[-1]
    assert text_place.line == 673 and "全年执行数129.23万元" in (text_place.field or "")
    assert (cell.table, cell.row, cell.column) == ("01", "本年支出合计（支出）", "决算数")
    assert "公开01表「本年支出合计（支出）」「决算数」为 125.07万元" in first.message


def test_counts_by_rule() -> None:
    report = _run()
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.rule] = counts.get(f.rule, 0) + 1
    assert counts == {"narrative-table": 4, "narrative-parts-sum": 2, "narrative-indicator-sum": 2, "narrative-repeated": 4, "narrative-share": 1,
                      "narrative-zero-base": 3, "text-brackets": 1, "text-doubled-word": 1, "text-citation": 1, "text-empty-clause": 1, "text-numbering": 2,
                      "rounding-tail": 5}  # fmt: skip
