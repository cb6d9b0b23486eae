"""The checker on built tables, on the seed's published tables, and its robustness."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from helpers import check_yaml, keys, tables_from_yaml

import juesuan
from juesuan.check import checks_tables
from juesuan.check.checker import check
from juesuan.check.config import ConfigError, config_from_data
from juesuan.check.registry import CHECKS, RULES
from juesuan.check.rules import EMITTED
from juesuan.findings import Severity
from juesuan.load.tables import load_tables

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "examples" / "jdz-nanchang-2023" / "published.yaml"
# Rules that judge the data's content (classification, soft plausibility), not the arithmetic of the tables.
CONTENT_RULES = {
    "admin-affairs-basic", "x10-t09-t06", "x11-social-insurance", "code-name", "code-unknown", "t09-vehicle-counts",
}  # fmt: skip


@pytest.mark.parametrize("fixture", ["mini.yaml", "small.yaml"])
@pytest.mark.parametrize("rounding", ["adjusted", "independent"])
def test_built_tables_have_nothing_above_info(fixture: str, rounding: str) -> None:
    tables = juesuan.build_tables(juesuan.load(ROOT / "tests" / "fixtures" / fixture), rounding).tables
    report = check(tables)
    above = [f.message for f in report.findings if f.severity is not Severity.INFO and f.rule not in CONTENT_RULES]
    assert above == []
    assert [c.rule for c in report.coverage if c.status == "crashed"] == []
    if rounding == "adjusted":
        assert [f for f in report.findings if f.rule == "rounding-tail"] == []


PINNED = [
    ("rounding-tail", "01", "总计（支出）", "决算数"),
    ("rounding-tail", "01", "本年支出合计（支出）", "决算数"),
    ("code-name", "02", "20103", "本年收入合计"),
    ("code-name", "02", "2080505", "本年收入合计"),
    ("rounding-tail", "02", "合计", "本年收入合计"),
    ("rounding-tail", "02", "合计", "财政拨款收入"),
    ("rounding-tail", "02", "21011", "本年收入合计"),
    ("rounding-tail", "02", "21011", "财政拨款收入"),
    ("admin-affairs-basic", "03", "2010302", "基本支出"),
    ("code-name", "03", "2080505", "本年支出合计"),
    ("rounding-tail", "03", "合计", "本年支出合计"),
    ("rounding-tail", "03", "合计", "基本支出"),
    ("rounding-tail", "03", "20103", "本年支出合计"),
    ("rounding-tail", "03", "20103", "项目支出"),
    ("rounding-tail", "03", "21011", "本年支出合计"),
    ("rounding-tail", "03", "21011", "基本支出"),
    ("t04-expenditure-totals", "04", "年初财政拨款结转和结余（支出）", "小计"),
    ("t04-expenditure-totals", "04", "年初财政拨款结转和结余（支出）", "一般公共预算财政拨款"),
    ("row-label-line", "04", "年初财政拨款结转和结余（支出）", "小计"),
    ("rounding-tail", "04", "总计（支出）", "小计"),
    ("rounding-tail", "04", "总计（支出）", "一般公共预算财政拨款"),
    ("x6-t05-t03", "05", "合计", "项目支出"),
    ("x6-t05-t03", "05", "201", "本年支出合计"),
    ("x6-t05-t03", "05", "201", "项目支出"),
    ("x6-t05-t03", "05", "20103", "项目支出"),
    ("admin-affairs-basic", "05", "2010302", "基本支出"),
    ("code-name", "05", "2080505", "本年支出合计"),
    ("rounding-tail", "05", "合计", "本年支出合计"),
    ("rounding-tail", "05", "20103", "本年支出合计"),
    ("rounding-tail", "05", "合计", "基本支出"),
    ("rounding-tail", "05", "201", "本年支出合计"),
    ("rounding-tail", "05", "20103", "本年支出合计"),
    ("rounding-tail", "05", "21011", "本年支出合计"),
    ("rounding-tail", "05", "21011", "基本支出"),
    ("rounding-tail", "05", "合计", "基本支出"),
    ("code-name", "06", "39908", "金额"),
    ("x11-social-insurance", "06", "30108", "金额"),
    ("x11-social-insurance", "06", "30109", "金额"),
    ("x11-social-insurance", "06", "30110", "金额"),
    ("x11-social-insurance", "06", "30113", "金额"),
]


@pytest.mark.skipif(not PUBLISHED.exists(), reason="examples/jdz-nanchang-2023/published.yaml not written yet")
def test_published_findings_are_pinned() -> None:
    report = check(load_tables(PUBLISHED))
    assert keys(report) == PINNED
    assert report.summary == {"error": 6, "warning": 12, "info": 22}
    not_run = {c.rule: c.reason for c in report.coverage if c.status != "run"}
    # every rule ran, the notes included, but those reading inputs beyond the tables (the evaluations, the
    # narrative's statements, the reading of a published report), which load_tables does not give (juesuan check passes the evaluations:
    # tests/perf/test_perf_example.py; juesuan audit the statements: tests/audit)
    needs_input = {r.id for r in RULES.values() if r.needs}
    assert set(not_run) == needs_input
    assert set(not_run.values()) == {
        "输入中没有绩效评价数据",
        "输入中没有情况说明等文字中陈述的数字",
        "输入中没有公开报告的读取情况（仅审核已公开的报告时有）",
        "输入中没有情况说明等文字中陈述的数字；输入中没有上年的报告（比较同一单位相邻两年时有）",  # two inputs missing
    }


@pytest.mark.skipif(not PUBLISHED.exists(), reason="published.yaml not written yet")
def test_published_findings_point_at_input_lines() -> None:
    report = check(load_tables(PUBLISHED))
    x6 = next(f for f in report.findings if f.rule == "x6-t05-t03")
    assert x6.locations[0].line is not None and x6.locations[0].path == str(PUBLISHED)
    assert "万元" in x6.message and "容差" in x6.message
    assert (x6.expected, x6.actual, x6.difference) == (
        Decimal("91.80"),
        Decimal("91.79"),
        Decimal("-0.01"),
    )


ONLY_01 = """
tables:
  - id: "01"
    rows:
      - {label: 本年收入合计, line: 27, side: 收入, values: {决算数: "1.00"}}
"""


def test_missing_tables_mean_not_run_never_pass() -> None:
    report = check_yaml(ONLY_01)
    status = {c.rule: (c.status, c.reason) for c in report.coverage}
    assert status["x1-t01-t02"] == ("not-run", "缺少公开02表")
    assert status["t01-balance"][0] == "not-run"
    assert set(status) == {r.id for r in RULES.values() if r.category not in EMITTED}


def test_crashing_rule_becomes_execution_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(ctx: object) -> None:
        raise ZeroDivisionError("boom")

    monkeypatch.setitem(CHECKS, "tree_sum", boom)
    report = check_yaml(ONLY_01)
    crashed = [f for f in report.findings if f.rule == "execution-error"]
    assert len(crashed) == 1 and "tree-sum" in crashed[0].message
    assert report.has_errors
    assert checks_tables.tree_sum is not boom


TAIL = """
tables:
  - id: "08"
    rows:
      - {label: 合计, values: {合计: "3.01", 基本支出: "1.00", 项目支出: "2.00"}}
"""


def test_config_presets_overrides_and_waivers() -> None:
    known = set(RULES)
    tables = tables_from_yaml(TAIL)
    assert check(tables).findings[0].severity is Severity.INFO
    strict = config_from_data({"extends": "strict"}, known)
    assert check(tables, strict).findings[0].severity is Severity.WARNING
    exact = config_from_data({"rounding": {"tolerance": "exact"}}, known)
    assert check(tables, exact).has_errors
    off = config_from_data({"rules": {"t08-columns": "off"}, "rounding": {"tolerance": "exact"}}, known)
    assert not check(tables, off).has_errors
    waived = config_from_data(
        {"rounding": {"tolerance": "exact"}, "waivers": [{"rule": "t08-columns", "table": "08", "reason": "已核对"}]},
        known,
    )
    report = check(tables, waived)
    assert not report.has_errors and report.waived[0][1].reason == "已核对"


@pytest.mark.parametrize(
    "raw",
    [{"extends": "lenient"}, {"rules": {"no-such-rule": "error"}}, {"rules": {"t08-columns": "fatal"}}, {"colour": 1},
     {"waivers": [{"rule": "t08-columns"}]}],
)  # fmt: skip
def test_bad_config_is_rejected(raw: object) -> None:
    with pytest.raises(ConfigError):
        config_from_data(raw, set(RULES))


def test_a_rule_needing_an_absent_input_is_not_run_with_the_reason() -> None:
    from dataclasses import replace

    from juesuan.check.registry import RULES

    rule = replace(RULES["t01-balance"], id="needs-evaluations", needs=("evaluations",))
    report = check(None, rules={rule.id: rule})
    assert [(c.rule, c.status, c.reason) for c in report.coverage] == [
        ("needs-evaluations", "not-run", "输入中没有绩效评价数据")
    ]
    assert report.findings == ()


def test_without_tables_every_table_rule_is_not_run_never_passed() -> None:
    report = check(None)
    statuses = {c.status for c in report.coverage}
    assert statuses == {"not-run"}, statuses


def test_the_documented_configuration_example_is_valid() -> None:
    """The YAML example of docs/rules.md (from the config module's docstring) loads as it stands."""
    import yaml

    from juesuan.check.docs import _config_example

    config = config_from_data(yaml.safe_load(_config_example()), set(RULES))
    assert config.waivers[0].rule == "t04-expenditure-totals"
    assert config.percent == Decimal("0.01")
