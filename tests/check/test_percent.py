"""The percentage part of the rounding policy: stated percentages against recomputed ones."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan.check.config import Config, ConfigError, config_from_data
from juesuan.check.context import TAIL_RULE, RuleContext
from juesuan.check.inputs import empty_tables
from juesuan.check.registry import RULES
from juesuan.derive.query import Tables
from juesuan.findings import Severity


def compare(stated: str, recomputed: str, config: Config | None = None) -> list[tuple[str, Severity, str]]:
    ctx = RuleContext(RULES["t01-balance"], Tables(empty_tables()), config or Config())
    ctx.compare_percent(D(stated), D(recomputed), "收入增长率")
    return [(f.rule, f.severity, f.message) for f in ctx.findings]


def test_the_correctly_rounded_percentage_passes_silently() -> None:
    assert compare("12.35", "12.35") == []
    assert compare("12.35", "12.3456") == []
    assert compare("12.3", "12.345") == []
    assert compare("12", "11.5") == []


def test_within_a_hundredth_of_a_point_is_rounding_not_an_error() -> None:
    assert compare("12.34", "12.3456") == [
        (TAIL_RULE, Severity.INFO, "尾数差异（t01-balance「公开01表收支平衡」）收入增长率：应为 12.35%，实为 12.34%，"
         "相差 -0.0056 个百分点（容差 0.01 个百分点），在尾数容差以内"),
    ]  # fmt: skip


def test_a_larger_gap_is_a_finding_with_both_figures() -> None:
    [(rule, severity, message)] = compare("12.40", "12.3456")
    assert (rule, severity) == ("t01-balance", Severity.ERROR)
    assert (
        message
        == "公开01表收支平衡不成立：收入增长率：应为 12.35%，实为 12.40%，相差 +0.0544 个百分点（容差 0.01 个百分点）"
    )


def test_a_percentage_printed_with_one_decimal_is_judged_at_its_precision() -> None:
    assert [r for r, *_ in compare("12.3", "12.34999")] == []
    assert [r for r, *_ in compare("12.3", "12.36")] == ["t01-balance"]


def test_the_tolerance_is_configurable_and_validated() -> None:
    loose = config_from_data({"rounding": {"percent": "0.1"}}, set(RULES))
    assert [r for r, *_ in compare("12.40", "12.3456", loose)] == [TAIL_RULE]
    exact = config_from_data({"rounding": {"tolerance": "exact"}}, set(RULES))
    assert [r for r, *_ in compare("12.34", "12.3456", exact)] == ["t01-balance"]
    with pytest.raises(ConfigError, match=r"rounding\.percent"):
        config_from_data({"rounding": {"percent": "abc"}}, set(RULES))
    with pytest.raises(ConfigError, match="不小于 0"):
        config_from_data({"rounding": {"percent": "-1"}}, set(RULES))


def test_a_gap_just_beyond_the_tolerance_is_shown_with_enough_decimals() -> None:
    [(_, _, message)] = compare("96.77", "96.7809")
    assert "应为 96.78%，实为 96.77%，相差 -0.0109 个百分点（容差 0.01 个百分点）" in message
