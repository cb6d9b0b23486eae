"""Each scoring method of perf/methods.yaml on hand-computed cases, edge cases included."""

from __future__ import annotations

from decimal import Decimal

import pytest
from perfhelpers import D, leaf

from juesuan.perf.methods import CannotScore, apply, comparison, methods, step
from juesuan.perf.scoring import round_score


def score(indicator, execution: str | None = None) -> Decimal:  # type: ignore[no-untyped-def]
    method = methods()[indicator.method]
    return round_score(apply(method, indicator, None if execution is None else D(execution)))


def test_every_method_is_documented_and_named_in_the_docs() -> None:
    from perfhelpers import ROOT

    text = (ROOT / "docs" / "performance.md").read_text(encoding="utf-8")
    for method in methods().values():
        assert method.title and method.explanation and method.formula
        assert f"`{method.id}`" in text, method.id


# ---- proportional (cap) -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("weight", "actual", "target", "expected"),
    [
        ("20", "15", ("ge", "20"), "15.00"),  # 20 × 15/20
        ("20", "25", ("ge", "20"), "20.00"),  # over-achievement capped at 1
        ("10", "3", ("ge", "7"), "4.29"),  # 10 × 3/7 = 4.2857… → 4.29 (half-up at 0.01)
        ("10", "0", ("ge", "5"), "0.00"),
        ("10", "5", ("ge", "0"), "10.00"),  # zero target, ≥: met by anything
        ("10", "120", ("le", "100"), "8.33"),  # lower is better: 10 × 100/120
        ("10", "0", ("le", "100"), "10.00"),  # ≤ with actual 0: met
    ],
)
def test_proportional(weight: str, actual: str, target: tuple[str, str], expected: str) -> None:
    assert score(leaf(weight, actual, target, "proportional")) == D(expected)


def test_proportional_cap_param_allows_extra_credit_up_to_the_weight() -> None:
    # cap 1.2 lets the ratio reach 1.2, but a score never exceeds its 分值 (clamped)
    assert score(leaf("10", "30", ("ge", "20"), "proportional", params={"cap": "1.2"})) == D("10.00")
    assert score(leaf("10", "9", ("ge", "10"), "proportional", params={"cap": "1.2"})) == D("9.00")


# ---- threshold ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        ("100", ("ge", "100"), "10.00"),
        ("96.78", ("ge", "100"), "9.68"),  # 10 × 0.9678
        ("150", ("ge", "100"), "10.00"),
        ("3", ("eq", "3"), "10.00"),
        ("4", ("eq", "3"), "7.50"),  # = : min(4/3, 3/4) = 0.75
        ("0", ("eq", "0"), "10.00"),  # zero target met exactly
        ("2", ("eq", "0"), "0.00"),  # zero target missed: no proportional credit
    ],
)
def test_threshold(actual: str, target: tuple[str, str], expected: str) -> None:
    assert score(leaf("10", actual, target, "threshold")) == D(expected)


# ---- deduction ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("actual", "target", "per_point", "expected"),
    [
        ("88.89", ("le", "100"), "0.1", "5.00"),  # 在职人员控制率 8/9 ≤ 100%: full marks
        ("105", ("le", "100"), "0.1", "4.50"),  # 5 points over × 0.1
        ("3", ("le", "0"), "0.3", "4.10"),  # "三公经费"变动率 +3 points × 0.3
        ("-10", ("le", "0"), "0.3", "5.00"),  # fell: met
        ("200", ("le", "100"), "0.1", "0.00"),  # deductions stop at zero
    ],
)
def test_deduction(actual: str, target: tuple[str, str], per_point: str, expected: str) -> None:
    assert score(leaf("5", actual, target, "deduction", params={"per_point": per_point})) == D(expected)


# ---- qualitative bands --------------------------------------------------------------------------------------
@pytest.mark.parametrize(("band", "expected"), [("achieved", "10.00"), ("partial", "8.00"), ("not_achieved", "6.00")])
def test_qualitative_scores_the_top_of_the_band(band: str, expected: str) -> None:
    indicator = leaf("10", None, None, "qualitative", band=band)
    assert score(indicator) == D(expected)


def test_qualitative_without_band_cannot_score() -> None:
    with pytest.raises(CannotScore, match="档次"):
        score(leaf("10", None, None, "qualitative"))


# ---- satisfaction -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("actual", "expected"), [("95", "9.50"), ("91.00", "9.10"), ("100", "10.00"), ("0", "0.00")])
def test_satisfaction_proportional(actual: str, expected: str) -> None:
    assert score(leaf("10", actual, None, "satisfaction")) == D(expected)


@pytest.mark.parametrize(
    ("actual", "expected"), [("95", "10.00"), ("90", "10.00"), ("89.99", "8.00"), ("65", "6.00"), ("59", "0.00")]
)
def test_satisfaction_banded(actual: str, expected: str) -> None:
    assert score(leaf("10", actual, None, "satisfaction-banded")) == D(expected)


def test_satisfaction_banded_takes_custom_bands() -> None:
    bands = [[D("95"), D("1")], [D("0"), D("0.5")]]
    assert score(leaf("10", "94", None, "satisfaction-banded", params={"bands": bands})) == D("5.00")


# ---- 预算执行率 ----------------------------------------------------------------------------------------------
def test_budget_execution_uses_the_rate_from_the_tables() -> None:
    indicator = leaf("3", None, None, "budget-execution")
    assert score(indicator, execution="96.78") == D("2.90")  # 3 × 0.9678 = 2.9034
    assert score(indicator, execution="100") == D("3.00")
    assert score(indicator, execution="104") == D("3.00")  # capped at 100%


def test_budget_execution_threshold() -> None:
    indicator = leaf("10", None, None, "budget-execution-threshold")
    assert score(indicator, execution="96.78") == D("10.00")  # ≥ 95%: full
    assert score(indicator, execution="90") == D("9.47")  # 10 × 90/95 = 9.4736…


def test_budget_execution_without_tables_cannot_score() -> None:
    with pytest.raises(CannotScore, match="公开表"):
        score(leaf("10", None, None, "budget-execution"))


# ---- entered, missing data ----------------------------------------------------------------------------------
def test_entered_keeps_the_entered_score_but_never_above_the_weight() -> None:
    assert score(leaf("10", None, None, "entered", score=D("7.5"))) == D("7.50")
    assert score(leaf("10", None, None, "entered", score=D("12"))) == D("10.00")


@pytest.mark.parametrize(
    ("indicator", "reason"),
    [
        (leaf("10", None, ("ge", "100"), "threshold"), "实际完成值"),  # missing actual
        (leaf("10", "90", None, "threshold"), "指标值"),  # missing target
        (leaf(None, "90", ("ge", "100"), "threshold"), "分值"),  # missing weight
    ],
)
def test_missing_data_cannot_score(indicator, reason: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CannotScore, match=reason):
        score(indicator)


def test_qualitative_direction_cannot_use_a_quantitative_method() -> None:
    with pytest.raises(CannotScore):
        comparison("qualitative", D("1"), D("1"))


def test_step_thresholds() -> None:
    table = [[D("90"), D("1")], [D("60"), D("0.5")]]
    assert (step(D("90"), table), step(D("75"), table), step(D("10"), table)) == (D("1"), D("0.5"), D("0"))


def test_formula_literals_are_decimal_not_float() -> None:
    # 0.1 as a float would make 5 − 0.1 × 5 = 4.5 carry float noise (and fail Decimal arithmetic)
    result = apply(methods()["deduction"], leaf("5", "105", ("le", "100"), "deduction", params={"per_point": "0.1"}))
    assert isinstance(result, Decimal) and result == D("4.5")
