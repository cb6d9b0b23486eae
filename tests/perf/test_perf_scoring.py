"""Scoring a tree: sums at every level, the rounding policy, weights, grades; and the checks on small cases."""

from __future__ import annotations

from decimal import Decimal

import pytest
from perfhelpers import D, evaluations_from_yaml, perf_check

from juesuan.perf.grades import scales
from juesuan.perf.scoring import rate_of, round_score, score_evaluation

TREE = """
evaluations:
  - id: e
    kind: 项目自评
    subject: 示例项目
    indicators:
      - name: 产出指标
        children:
          - name: 数量指标
            children:
              - {name: 次数, weight: 20, method: threshold, actual: 15, target: {direction: ≥, value: 20, unit: 次}}
              - {name: 人数, weight: 10, method: proportional, actual: 2, target: {direction: ≥, value: 3, unit: 人}}
          - name: 质量指标
            children:
              - {name: 合格率, weight: 20, method: threshold, actual: 100%, target: {direction: ≥, value: 95, unit: "%"}}
      - name: 效益指标
        weight: 30
        children:
          - {name: 社会效益, weight: 30, method: qualitative, band: 部分达成, target: {direction: 定性}}
      - name: 满意度指标
        weight: 10
        children:
          - {name: 服务对象满意度, weight: 10, method: satisfaction, actual: 88.5%}
      - {name: 预算执行率, weight: 10, method: entered, score: 9.5}
"""


def test_scores_add_up_at_every_level_with_leaves_rounded_first() -> None:
    sheet = score_evaluation(evaluations_from_yaml(TREE)[0])
    scores = {s.indicator.name: s.score for s in sheet.walk()}
    # 20 × 15/20 = 15; 10 × 2/3 = 6.666… → 6.67; 合格率 met → 20
    assert scores["次数"] == D("15.00") and scores["人数"] == D("6.67") and scores["合格率"] == D("20.00")
    assert scores["数量指标"] == D("21.67")  # 15.00 + 6.67, not round(15 + 6.666…) = 21.67 either way
    assert scores["产出指标"] == D("41.67")
    assert scores["社会效益"] == D("24.00")  # 部分达成: top of the 80–60% band, 30 × 0.8
    assert scores["服务对象满意度"] == D("8.85")
    assert sheet.computed == D("41.67") + D("24.00") + D("8.85") + D("9.5")
    weights = {s.indicator.name: s.weight for s in sheet.walk()}
    assert weights["产出指标"] == D(50) and sheet.weights == D(100) and sheet.complete
    assert sheet.grade == "良"  # 84.02


def test_rounding_is_half_up_at_a_hundredth() -> None:
    assert round_score(D("2.905")) == D("2.91")
    assert round_score(D("2.9049")) == D("2.90")
    assert rate_of(D("36"), D("38")) == D("94.74")
    assert rate_of(D("1"), D("0")) is None


@pytest.mark.parametrize(
    ("scale", "score", "grade"),
    [("default", "90", "优"), ("default", "89.99", "良"), ("default", "80", "良"), ("default", "79.99", "中"),
     ("default", "60", "中"), ("default", "59.99", "差"), ("shanghai", "75", "合格"), ("shanghai", "10", "不合格")],
)  # fmt: skip
def test_grade_bands(scale: str, score: str, grade: str) -> None:
    assert scales()[scale].grade(D(score)) == grade


def test_grade_scales_a_total_out_of_other_than_100() -> None:
    assert scales()["default"].grade(D("45"), D("50")) == "优"  # 90 out of 100


def test_weights_not_adding_to_100_are_reported_and_the_grade_is_not_judged() -> None:
    evaluations = evaluations_from_yaml("""
evaluations:
  - id: e
    kind: 项目自评
    subject: 示例
    grade: 优
    indicators:
      - {name: 产出, weight: 50, score: 50}
      - {name: 效益, weight: 30, score: 30}
""")
    sheet = score_evaluation(evaluations[0])
    assert sheet.weights == D(80) and not sheet.complete and sheet.computed == D(80)
    report = perf_check(evaluations)
    assert [(f.rule, f.expected, f.actual) for f in report.findings] == [("perf-weights", D(100), D(80))]


def test_a_missing_actual_leaves_the_score_unknown_and_the_parent_too() -> None:
    evaluations = evaluations_from_yaml("""
evaluations:
  - id: e
    kind: 项目自评
    subject: 示例
    indicators:
      - name: 产出
        children:
          - {name: 次数, weight: 50, method: threshold, target: {direction: ≥, value: 20}}
          - {name: 质量, weight: 50, score: 50}
""")
    sheet = score_evaluation(evaluations[0])
    leaf = sheet.walk()[1]
    assert (leaf.computed, leaf.note) == (None, "缺少实际完成值")
    assert sheet.indicators[0].computed is None and sheet.computed is None and sheet.grade is None


def test_an_entered_score_that_the_method_contradicts_is_reported() -> None:
    evaluations = evaluations_from_yaml("""
evaluations:
  - id: e
    kind: 项目自评
    subject: 示例
    indicators:
      - {name: 满意度, weight: 10, method: satisfaction, actual: 95%, score: 9.55}
      - {name: 社会效益, weight: 10, method: qualitative, band: 部分达成, score: 9, target: {direction: 定性}}
""")
    report = perf_check(evaluations)
    found = [
        (f.rule, f.locations[0].row, f.expected, f.actual) for f in report.findings if f.rule == "perf-method-score"
    ]
    assert found == [
        ("perf-method-score", "满意度", D("9.50"), D("9.55")),
        ("perf-method-score", "社会效益", None, None),
    ]


def test_over_achievement_is_capped_and_a_score_above_the_weight_is_reported() -> None:
    evaluations = evaluations_from_yaml("""
evaluations:
  - id: e
    kind: 项目自评
    subject: 示例
    indicators:
      - {name: 次数, weight: 20, method: proportional, actual: 40, target: {direction: ≥, value: 20}}
      - {name: 人数, weight: 10, score: 12}
""")
    sheet = score_evaluation(evaluations[0])
    assert sheet.walk()[0].score == D("20.00")
    rules = [f.rule for f in perf_check(evaluations).findings]
    assert "perf-score-within-weight" in rules


def test_zero_weight_has_no_rate() -> None:
    evaluations = evaluations_from_yaml("""
evaluations:
  - {id: e, kind: 项目自评, subject: 示例, indicators: [{name: 附加, weight: 0, score: 0, rate: 0%}]}
""")
    assert score_evaluation(evaluations[0]).walk()[0].rate is None
    assert [f.rule for f in perf_check(evaluations).findings if f.rule == "perf-rate"] == []


def test_rules_without_evaluations_do_not_run() -> None:
    from perfhelpers import PERF_RULES

    from juesuan.check.checker import check

    report = check(None, rules=PERF_RULES)
    assert {c.status for c in report.coverage} == {"not-run"}
    assert Decimal(0) == sum(c.checks for c in report.coverage)


def test_an_evaluation_may_bring_its_own_grade_bands() -> None:
    evaluations = evaluations_from_yaml("""
evaluations:
  - id: e
    kind: 项目自评
    subject: 示例
    score: 92
    grade: 良
    grade_bands: [{grade: 优, min: 95}, {grade: 良, min: 85}, {grade: 一般, min: 0}]
""")
    assert score_evaluation(evaluations[0]).grade == "良"
    assert [f.rule for f in perf_check(evaluations).findings] == []


@pytest.mark.parametrize(
    "bands",
    [
        "[{grade: 优, min: 60}, {grade: 良, min: 80}, {grade: 差, min: 0}]",
        "[{grade: 优, min: 90}, {grade: 良, min: 60}]",
    ],
)
def test_grade_bands_must_descend_to_zero(bands: str) -> None:
    from juesuan.errors import InputError

    with pytest.raises(InputError, match="grade_bands"):
        evaluations_from_yaml(f"evaluations:\n  - {{id: e, kind: 项目自评, subject: x, grade_bands: {bands}}}\n")
