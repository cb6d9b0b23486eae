"""Property: whatever juesuan scores, published as scored (every score, rate, 预算执行率, amount, share and the
grade stated), passes every performance rule, against the tables juesuan builds from the example."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from perfhelpers import EXAMPLE, perf_check

import juesuan
from juesuan.derive.query import Tables
from juesuan.model.evaluations import BANDS, Evaluation, Figure, Indicator, Target
from juesuan.model.money import round_to_cents_of_wan
from juesuan.perf.scoring import filled, round_score, score_evaluation

LEAF_METHODS = ("proportional", "threshold", "deduction", "qualitative", "satisfaction", "satisfaction-banded",
                "entered", "budget-execution", "budget-execution-threshold")  # fmt: skip
#: The tables juesuan builds from the example: 预算执行率, amounts and the share are checked against them.
TABLES = juesuan.build_tables(juesuan.load(EXAMPLE / "dataset.yaml")).tables
SPENDING = Tables(TABLES).cell("01", "expenditure_total", side="支出").value
PROJECTS = Tables(TABLES).total("03", "项目支出").value

decimals = st.integers(min_value=0, max_value=20000).map(lambda n: Decimal(n).scaleb(-2))  # 0.00 … 200.00
weights = st.integers(min_value=1, max_value=300).map(lambda n: Decimal(n).scaleb(-1))  # 0.1 … 30.0


@st.composite
def leaves(draw: st.DrawFn, name: str) -> Indicator:
    method = draw(st.sampled_from(LEAF_METHODS))
    weight = draw(weights)
    kw: dict[str, object] = {}
    if method in ("proportional", "threshold", "deduction"):
        kw["target"] = Target(draw(st.sampled_from(("ge", "le", "eq"))), draw(decimals), "%")
        kw["actual"] = draw(decimals)
        if method == "deduction":
            kw["params"] = {"per_point": draw(st.sampled_from(("0.1", "0.3", "1")))}
    elif method == "qualitative":
        kw["band"] = draw(st.sampled_from(tuple(BANDS)))
        kw["target"] = Target("qualitative")
    elif method.startswith("satisfaction"):
        kw["actual"] = draw(st.integers(min_value=0, max_value=10000).map(lambda n: Decimal(n).scaleb(-2)))
    elif method == "entered":
        kw["score"] = draw(st.integers(min_value=0, max_value=int(weight * 100)).map(lambda n: Decimal(n).scaleb(-2)))
    return Indicator(name=name, weight=weight, method=method, **kw)  # type: ignore[arg-type]


@st.composite
def trees(draw: st.DrawFn, name: str, depth: int) -> Indicator:
    if depth == 0 or draw(st.booleans()):
        return draw(leaves(name))
    count = draw(st.integers(min_value=1, max_value=4))
    children = tuple(draw(trees(f"{name}.{i}", depth - 1)) for i in range(count))
    return Indicator(name=name, children=children)


@st.composite
def evaluations(draw: st.DrawFn) -> Evaluation:
    count = draw(st.integers(min_value=1, max_value=4))
    tops = tuple(draw(trees(f"指标{i}", 2)) for i in range(count))
    kind = draw(st.sampled_from(("project_self", "department_overall")))
    evaluation = Evaluation(id="e", kind=kind, subject="示例", indicators=tops,
                            grades=draw(st.sampled_from(("default", "shanghai"))))  # fmt: skip
    if kind == "department_overall":
        figures = (Figure("expenditure_total", SPENDING, "元", "全年执行数"), Figure("amount", SPENDING, "元"))
        evaluation = replace(evaluation, amount=SPENDING, figures=figures)
    else:
        amount = round_to_cents_of_wan(PROJECTS * draw(st.integers(min_value=1, max_value=100)) / 100)
        evaluation = replace(evaluation, amount=amount, share=round_score(amount * 100 / PROJECTS))
    total = score_evaluation(evaluation, TABLES).weights
    assert total is not None  # every leaf has a weight
    return replace(evaluation, total_weight=total)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(evaluations())
def test_scored_evaluations_pass_every_rule(evaluation: Evaluation) -> None:
    published = filled(score_evaluation(evaluation, TABLES))
    report = perf_check((published,), TABLES)
    assert [f.message for f in report.findings] == []
    ran = {c.rule for c in report.coverage if c.status == "run"}
    assert ran >= {"perf-tree-sum", "perf-score-within-weight", "perf-weights", "perf-weight-missing", "perf-rate",
                   "perf-grade", "perf-result-missing", "perf-amount"}  # fmt: skip
    # rules with nothing to compare are "not run" (a published table states no methods and no keys)
    if any(i.method for i in published.all_indicators()):
        assert "perf-method-score" in ran
    if published.figures or any(i.key and i.actual is not None for i in published.all_indicators()):
        assert "perf-same-value" in ran
    if published.kind == "project_self":
        assert "perf-share" in ran
    if any((i.method or "").startswith("budget-execution") for i in published.all_indicators()):
        assert "perf-budget-execution" in ran
    # and scoring the published version again changes nothing
    again = score_evaluation(published, TABLES)
    assert (again.score, again.grade) == (published.score, published.grade)
    assert all(n.computed in (None, n.score) for n in again.walk())


@settings(max_examples=100, deadline=None)
@given(evaluations())
def test_changing_the_stated_total_is_caught(evaluation: Evaluation) -> None:
    published = filled(score_evaluation(evaluation, TABLES))
    bumped = replace(published, score=(published.score or Decimal(0)) + Decimal("0.01"))
    rules = {f.rule for f in perf_check((bumped,), TABLES).findings}
    assert "perf-tree-sum" in rules
