"""The seed's evaluations, entered as published (examples/jdz-nanchang-2023), and what the checks find.

Every pinned finding is explained by the seed text it comes from (line numbers of
shared/seed/jdz-nanchang-2023-final-accounts.txt). Findings are pinned by rule and input field path (not by
line, so that other sections of the example files may grow). They are entered in published.yaml (with the
published tables) and evaluations-as-published.yaml (to check against the tables juesuan builds:
``--evaluations``); the dataset's own evaluations are the corrected ones and score cleanly.
"""

from __future__ import annotations

from decimal import Decimal

from perfhelpers import AS_PUBLISHED, EXAMPLE, as_published, perf_check

import juesuan
from juesuan.commands.check import run_check
from juesuan.perf.scoring import score_evaluation

OVERALL = "evaluations[2]"  # 第五部分 附件: 部门整体支出绩效评价
SHARED = [
    # 一级 table (line 761) prints 合计 97, but 10.5 + 19 + 30 + 36 = 95.5.
    ("perf-tree-sum", f"{OVERALL}.score"),
    # 过程指标 19 (lines 761, 817), but its six 三级 scores (lines 827–845) are 3 + 4 + 3 + 4 + 3 + 3 = 20.
    ("perf-tree-sum", f"{OVERALL}.indicators[1].score"),
    # 部门效果 36 (lines 761, 871), but the five printed 三级 scores (lines 879–905) are 7 + 7 + 5 + 2 + 10 = 31
    # (the text announces 6 三级 indicators and prints 5).
    ("perf-tree-sum", f"{OVERALL}.indicators[3].score"),
    # 评价对象 129.24 万元 (line 723); the funds available (01 收入总计) are 129.23.
    ("perf-amount", f"{OVERALL}.amount"),
    # 预算执行率 96.77% (line 784) = 125.06 ÷ 129.23; the tables give 125.07 ÷ 129.23 = 96.78%.
    ("perf-budget-execution", f"{OVERALL}.indicators[0].children[2].actual"),
    # … and 实际已支付 125.06 万元 (line 784) is not 01 本年支出合计 125.07.
    ("perf-budget-execution", f"{OVERALL}.indicators[0].children[2].executed"),
    # 附件一（五）全年执行数 129.23 万元 (line 673): that is the funds available; 01 本年支出合计 is 125.07.
    ("perf-figure-tables", f"{OVERALL}.figures[3].value"),
    # 第三部分九（一）says the 部门整体 evaluation covered 91.79 万元 (line 487; that is 项目支出), the 附件 129.24.
    ("perf-same-value", f"{OVERALL}.figures[7].value"),
    # One survey, two figures: 95% in 第三部分九（二）(line 537), 91.00% in the 附件 (line 903).
    ("perf-same-value", f"{OVERALL}.indicators[3].children[4].actual"),
    # 执行率 100% in 附件一（五）(line 673), 96.77% in 附件三（二）(line 784).
    ("perf-same-value", f"{OVERALL}.figures[4].value"),
    # 第三部分九（一）: the 部门评价's result is blank ("从评价情况看，。", line 485) and its report is not in 附件.
    ("perf-result-missing", "evaluations[1]"),
    # The satisfaction indicator's 分值 is not printed (line 537: only "得分9.55分"): info.
    ("perf-weight-missing", "evaluations[0].indicators[2].children[0].children[0]"),
    # None of the 附件's 21 三级 indicators has a printed 分值: info.
    ("perf-weight-missing", f"{OVERALL}.indicators[0].children[0]"),
]
# Dataset mode adds the findings that need the accounts, or the tables juesuan builds (adjusted rounding):
DATASET_ONLY = [
    # 实有人数 8 人 (line 637) while the 概况 (line 57) and the dataset have 2 年末在职人员.
    ("perf-figure-tables", f"{OVERALL}.figures[1].value"),
    # 基本支出执行数 33.27 (line 673): the built 03 prints 33.28 (its 类 add up to 33.28; see README.md).
    ("perf-figure-tables", f"{OVERALL}.figures[5].value"),
    # 项目支出执行数 91.80 (line 673): the built 03 prints 91.79 (the published 03 has 91.80, 05 91.79).
    ("perf-figure-tables", f"{OVERALL}.figures[6].value"),
]


def _perf(path, evaluations=None):  # type: ignore[no-untyped-def]
    report = run_check(path, None, evaluations)
    return sorted((f.rule, f.locations[0].field) for f in report.findings if f.rule.startswith("perf-")), report


def test_published_evaluations_findings_are_pinned() -> None:
    found, report = _perf(EXAMPLE / "published.yaml")
    assert found == sorted(SHARED)
    assert not [c for c in report.coverage if c.rule.startswith("perf-") and c.status != "run"]


def test_dataset_evaluations_findings_are_pinned() -> None:
    found, _ = _perf(EXAMPLE / "dataset.yaml", AS_PUBLISHED)
    assert found == sorted(SHARED + DATASET_ONLY)


def test_findings_point_at_the_entered_line() -> None:
    path = EXAMPLE / "published.yaml"
    report = run_check(path, None)
    total = next(f for f in report.findings if f.rule == "perf-tree-sum" and f.locations[0].row == "合计")
    line = path.read_text(encoding="utf-8").splitlines()[total.locations[0].line - 1]
    assert line.strip().startswith("score: 97")
    assert (total.expected, total.actual, total.unit) == (Decimal("95.5"), Decimal("97"), "分")


def test_the_scorer_reproduces_the_published_level_one_rates() -> None:
    # 得分率 87.50% / 95.00% / 100.00% / 94.74% / 97% (line 762) are right for the printed scores
    sheet = score_evaluation(as_published()[2])
    assert [t.rate for t in sheet.indicators] == [Decimal("87.50"), Decimal("95.00"), Decimal("100.00"),
                                                   Decimal("94.74")]  # fmt: skip
    assert (sheet.computed, sheet.score, sheet.grade) == (Decimal("95.5"), Decimal("97"), "优")


def test_corrected_variant_scores_cleanly() -> None:
    accounts = juesuan.load(EXAMPLE / "dataset.yaml")
    evaluations = accounts.evaluations
    tables = juesuan.build_tables(accounts).tables
    report = perf_check(evaluations, tables, accounts=accounts)
    assert [f.message for f in report.findings] == []
    assert all(c.status == "run" for c in report.coverage), [(c.rule, c.reason) for c in report.coverage]
    sheets = [score_evaluation(e, tables) for e in evaluations]
    assert [(s.score, s.grade) for s in sheets] == [(Decimal("99.10"), "优"), (Decimal("92.00"), "优")]
    execution = next(n for n in sheets[1].walk() if n.indicator.name == "预算执行率")
    assert execution.execution is not None and execution.computed == Decimal("2.90")


def test_juesuan_check_on_the_dataset_groups_the_evaluation_findings() -> None:
    from typer.testing import CliRunner

    from juesuan.commands.app import app

    result = CliRunner().invoke(app, ["check", str(EXAMPLE / "dataset.yaml"), "--evaluations", str(AS_PUBLISHED)])
    assert result.exit_code == 1
    assert "绩效评价（16 条）" in result.output
    assert "perf-tree-sum" in result.output and "Traceback" not in result.output


def test_juesuan_check_on_the_dataset_with_its_own_evaluations_finds_no_error() -> None:
    from typer.testing import CliRunner

    from juesuan.commands.app import app

    result = CliRunner().invoke(app, ["check", str(EXAMPLE / "dataset.yaml")])
    assert result.exit_code == 0, result.output
    assert "错误 0，警告 6" in result.output and "绩效评价（" not in result.output
