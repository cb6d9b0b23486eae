"""`juesuan audit` of the seed text: its narrative and text findings pinned, its totals, and what the example
README (section "审核原公开文本：`juesuan audit`") says about it.

The table findings are pinned in test_pinned_findings.py. Every finding below was checked by hand against
the seed text (/work/shared/seed/jdz-nanchang-2023-final-accounts.txt); the verdicts are explained in
examples/jdz-nanchang-2023/README.md. The same narrative findings, against the transcribed tables of
published.yaml instead of the tables read from the text, are pinned in
tests/statements/test_seed_narrative_findings.py.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from audit_support import SEED

from juesuan.audit import AuditReport, audit
from juesuan.check.checker import check
from juesuan.check.registry import RULES
from juesuan.load.tables import load_tables

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jdz-nanchang-2023"
SECTION = "## 审核原公开文本：`juesuan audit`"

# (rule, severity, seed lines of the sentences involved); text findings (no table location), in report order
NARRATIVE = [
    # 附件 一(五) "全年执行数129.23万元": 01 本年支出合计 is 125.07 (129.23 is 收入总计, the money available)
    ("narrative-table", "error", (673,)),
    # 附件 三(二)③ "实际已支付 125.06 万元": 01 本年支出合计 125.07 (125.06 = 05's 33.27 + 91.79, rounded parts)
    ("narrative-table", "error", (784,)),
    # 九(一): the department-wide evaluation "涉及一般公共预算支出91.79万元" (= 项目支出; copied from the
    # project evaluation's sentence above it), neither 收入总计 129.23 nor 本年支出合计 125.07
    ("narrative-table", "warning", (487,)),
    # 附件 二(二)3 "部门财政预算资金 129.24 万元": 收入总计 129.23 (129.24 = 125.07 + 4.17)
    ("narrative-table", "warning", (723,)),
    # 附件 三(二)2: 过程指标 "实际得分为19分", items 3 + 4 + 3 + 4 + 3 + 3 = 20
    ("narrative-indicator-sum", "error", (817, 827, 833, 839, 845)),
    # 附件 三(二)4: 部门效果 "实际得分为36分", the five items listed 7 + 7 + 5 + 2 + 10 = 31 (the text claims six
    # 三级指标: either the total is wrong or an indicator is missing; the report is defective either way)
    ("narrative-indicator-sum", "error", (871, 879, 885, 893, 899, 905)),
    # 附件 一(五): 基本支出执行数 33.27 + 项目支出执行数 91.80 = 125.07 ≠ 全年执行数 129.23
    ("narrative-parts-sum", "error", (673,)),
    # 附件 三(一) score table: 10.5 + 19 + 30 + 36 = 95.5 ≠ 合计 97
    ("narrative-parts-sum", "error", (761,)),
    # DOUBTFUL: 概况 "年末在职人员 2 人" vs 附件 一(一)2 "实有人数 8 人". The report does state two headcounts,
    # but they may be different scopes (8 may count people working there on another unit's payroll; the
    # 06 table's 基本工资 6.36 万元 fits 2 paid staff): worth a question, not certainly an error.
    ("narrative-repeated", "error", (57, 637)),
    # the same 《满意度调查问卷》: 95% in 九(二), 91.00% in the 附件
    ("narrative-repeated", "error", (537, 903)),
    # 执行率 100% (附件 一(五)) vs 96.77% (附件 三(二)③)
    ("narrative-repeated", "error", (673, 784)),
    # the department-wide evaluation covers 91.79 万元 (九(一)) or 129.24 万元 (附件)
    ("narrative-repeated", "error", (487, 723)),
    # 七: 货物 SME share 100% of 1.21 万元, but 授予中小企业合同金额 0.00
    ("narrative-share", "error", (473, 471)),
    # 七: shares of zero wholes: 小微 0.00% of SME 0.00; 工程 0% of 0.00; 服务 0% of 0.00 (formal defects)
    ("narrative-zero-base", "warning", (473,)),
    ("narrative-zero-base", "warning", (473,)),
    ("narrative-zero-base", "warning", (473,)),
    # 五(一) "主要是：（无因公出国（境）预算（二）公务用车…": the （ before 无 is never closed
    ("text-brackets", "warning", (455,)),
    # 景财监〔2024〕2号 cited under two titles (九(二) and the 附件)
    ("text-citation", "warning", (493, 611)),
    # "关于关于"
    ("text-doubled-word", "warning", (493,)),
    # 九(一) "从评价情况看，。"
    ("text-empty-clause", "warning", (485,)),
    # 五: (一) then (三): heading (二) ran into the (一) paragraph at line 455
    ("text-numbering", "warning", (455, 463)),
    # 九(二): 三、 then 五、 (no 四、; 五's title repeats 三's)
    ("text-numbering", "warning", (511, 539)),
    # 尾数 (info): 16.56% (16.55), 507.23% (506.69, within what 4.93 allows), 141.73% (141.74),
    # 类 budgets 88.25 vs 88.24, 基本支出 parts 33.28 vs 33.27
    ("rounding-tail", "info", (423,)),
    ("rounding-tail", "info", (443,)),
    ("rounding-tail", "info", (429,)),
    ("rounding-tail", "info", (429, 431, 433, 435, 437)),
    ("rounding-tail", "info", (441, 443, 445, 447, 449)),
]


@pytest.fixture(scope="module")
def seed_report() -> AuditReport:
    return audit(SEED)


def _text_findings(report: AuditReport) -> list:  # type: ignore[type-arg]
    return [f for f in report.report.findings if not (f.locations and f.locations[0].table is not None)]


def _table_key(f):  # type: ignore[no-untyped-def]
    loc = f.locations[0]
    return (f.rule, f.severity.value, f.message, loc.table, loc.row, loc.column, f.expected, f.actual)


def test_seed_narrative_findings_are_pinned(seed_report) -> None:
    got = [
        (
            f.rule,
            f.severity.value,
            tuple(dict.fromkeys(loc.line for loc in f.locations if loc.table is None and loc.line)),
        )
        for f in _text_findings(seed_report)
    ]
    assert got == NARRATIVE


def test_seed_narrative_tails_by_rule(seed_report) -> None:
    tails = Counter(
        re.match(r"尾数差异（([a-z0-9-]+)", f.message).group(1)  # type: ignore[union-attr]
        for f in _text_findings(seed_report)
        if f.severity.value == "info"
    )
    assert tails == Counter({"narrative-rate": 2, "narrative-parts-sum": 2, "narrative-completion": 1})


def test_seed_totals_and_coverage(seed_report) -> None:
    assert seed_report.report.summary == {"error": 17, "warning": 23, "info": 27}
    cov = seed_report.coverage()
    assert cov["profile"] == "jiangxi-2023" and cov["tables_missing"] == [] and len(cov["tables_found"]) == 10
    assert (cov["cells"], seed_report.ingested.filled_cells) == (669, 225)
    not_run = {r["rule"] for r in cov["rules_not_run"]}
    perf = {k for k, r in RULES.items() if r.category == "performance"}
    # the evaluations are not read from text as indicator trees: every perf-* rule is not run, and the rule that
    # needs last year's report (one report audited alone)
    assert not_run == perf | {"narrative-previous-year"}
    assert len(cov["rules_run"]) == 64  # with ingest-uncertain, ingest-table-missing


def test_table_findings_equal_those_of_check_published_yaml(seed_report) -> None:
    # the README says: the table findings of the audit are those of `juesuan check published.yaml`, with
    # seed line numbers instead of published.yaml's (same rules, cells, figures and messages)
    def on_tables(f) -> bool:  # type: ignore[no-untyped-def]
        return bool(f.locations) and f.locations[0].table is not None and not f.rule.startswith("perf-")

    audited = Counter(_table_key(f) for f in seed_report.report.findings if on_tables(f))
    published = Counter(_table_key(f) for f in check(load_tables(EXAMPLE / "published.yaml")).findings if on_tables(f))
    assert audited == published and sum(audited.values()) == 40


def test_example_readme_states_the_audit_totals(seed_report) -> None:
    readme = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    assert SECTION in readme
    section = readme.split(SECTION, 1)[1].split("\n## ", 1)[0]
    printed = seed_report.to_text().splitlines()
    wanted = [
        line
        for line in printed
        if line.startswith(("错误 ", "已执行规则 ", "提取单元格 ", "读出的表", "审核状态", "文件类型"))
    ]
    assert len(wanted) == 6
    for line in wanted:
        assert line in section, f"README section {SECTION!r} does not state {line!r}"
