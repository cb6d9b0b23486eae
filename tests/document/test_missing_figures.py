"""A figure the dataset does not give is never printed as 0 in 情况说明: the clause is left out (nothing was
spent on it) or marked 【待补充：…】 (money was spent, so the reader expects the figure), each mark a
``document-missing`` finding naming the field. A count given as 0 next to money spent is printed as given and
is a finding of the check catalogue (t09-trip-reception-counts)."""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import Any

import pytest
from narrative_cases import EMPTY_CLAUSE, REPORT, compose, dataset, load_data, narrative_text, rederive

from juesuan.check.checker import check
from juesuan.derive.build import build_tables
from juesuan.document.evaluations import narrative_section
from juesuan.findings import Severity
from juesuan.load.evaluations import read_evaluations
from juesuan.yamlsrc import parse

#: Reception money spent, nothing else of 三公, and what is given of its budget and counts varies per test.
RECEPTION = {"actual": {"reception_domestic": 30000}}


def _three_public(three_public: dict[str, Any] | None, report: dict[str, Any] = REPORT, **unit: Any):  # type: ignore[no-untyped-def]
    data = dataset(report, **unit)
    if three_public is None:
        del data["units"][0]["three_public"]
    else:
        data["units"][0]["three_public"] = copy.deepcopy(three_public)
    accounts = load_data(data)
    composed, tables = compose(accounts)
    text = narrative_text(composed.document)
    section = text.split("## 五、")[1].split("## 六、")[0]
    assert not EMPTY_CLAUSE.search(section), section
    assert [p for f in composed.document.figures() if (p := rederive(f, tables, accounts))] == []
    return composed, section, tables


def _fields(composed) -> set[str]:  # type: ignore[no-untyped-def]
    return {m.locations[0].field for m in composed.missing}


def test_no_budget_with_money_spent_is_marked_not_printed_as_zero() -> None:
    composed, section, _ = _three_public(RECEPTION)
    assert "全年预算数0.00" not in section and "完成全年预算" not in section
    assert "（三）公务接待费全年预算数【待补充：公务接待费全年预算数】万元，决算数3.00万元" in section
    assert "财政拨款“三公”经费支出全年预算数【待补充：“三公”经费全年预算数】万元，决算数3.00万元" in section
    assert {"units[].three_public.full_budget", "units[].three_public.full_budget.reception"} <= _fields(composed)
    # nothing spent and no budget given: no budget clause at all
    assert "（一）因公出国（境）费决算数0.00万元。" in section
    assert "公务用车购置费决算数0.00万元。" in section


def test_counts_not_given_with_money_spent_are_marked() -> None:
    composed, section, _ = _three_public(RECEPTION)
    assert "接待0批" not in section and "0人次" not in section
    assert "全年国内公务接待【待补充：国内公务接待批次】批，累计接待【待补充：国内公务接待人次】人次。" in section
    assert {"units[].three_public.stats.domestic_batches", "units[].three_public.stats.domestic_people"} <= _fields(
        composed
    )


def test_counts_not_given_without_money_are_left_out() -> None:
    """Nothing spent on trips or vehicles and no count given: no 团组0个, 购置公务用车0辆, 保有量0辆."""
    _, section, _ = _three_public(RECEPTION)
    assert "团组" not in section and "购置公务用车" not in section and "保有量" not in section


def test_counts_given_are_printed_as_given_and_zero_with_money_is_a_finding() -> None:
    three_public = {**RECEPTION, "full_budget": {"reception": 30000},
                    "stats": {"domestic_batches": 0, "domestic_people": 0}}  # fmt: skip
    composed, section, tables = _three_public(three_public)
    assert "全年国内公务接待0批，累计接待0人次。" in section  # as the dataset gives them
    assert not [m for m in composed.missing if "stats" in (m.locations[0].field or "")]
    findings = [f for f in check(tables).findings if f.rule == "t09-trip-reception-counts"]
    assert [f.severity for f in findings] == [Severity.ERROR, Severity.ERROR]
    assert findings[0].message == (
        "公开09表国内接待费决算数 3.00 万元，但国内公务接待批次为 0：有支出就应有国内公务接待批次（请核对统计数）"
    )


def _without_three_public_reasons(report: dict[str, Any]) -> dict[str, Any]:
    return {**report, "reasons": {k: v for k, v in report["reasons"].items() if not k.startswith("three_public")}}


def test_no_three_public_at_all_is_one_sentence() -> None:
    report = _without_three_public_reasons(copy.deepcopy(REPORT))
    report["previous"]["three_public"] = {k: 0 for k in report["previous"]["three_public"]}
    composed, section, _ = _three_public(None, report)
    assert section.splitlines()[1:] == ["本部门2023年度无财政拨款“三公”经费支出，与上年持平。"]
    assert not [m for m in composed.missing if "three_public" in (m.locations[0].field or "")]


def test_no_three_public_and_no_last_year_marks_last_year() -> None:
    report = {**REPORT, "previous": {k: v for k, v in REPORT["previous"].items() if k != "three_public"}}
    composed, section, _ = _three_public(None, _without_three_public_reasons(report))
    assert section.splitlines()[1:] == ["本部门2023年度无财政拨款“三公”经费支出，【待补充：上年“三公”经费】。"]
    assert "report.previous.three_public.total" in _fields(composed)


def test_no_assets_are_marked_not_zero() -> None:
    data = dataset(REPORT)
    del data["units"][0]["assets"]
    composed, _ = compose(load_data(data))
    section = narrative_text(composed.document).split("## 八、")[1].split("## 九、")[0]
    assert "0辆" not in section and "0台" not in section
    assert "共有车辆【待补充：车辆数】辆（台）。本部门单价100万元（含）以上设备（不含车辆）" in section
    assert {"units[].assets.vehicles", "units[].assets.equipment_over_1m"} <= _fields(composed)


def test_central_layout_marks_what_is_missing() -> None:
    data = dataset({**REPORT, "previous": {k: v for k, v in REPORT["previous"].items() if k != "three_public"}},
                   three_public=RECEPTION)  # fmt: skip
    data |= {"profile": "central-2024", "year": 2024}
    composed, _ = compose(load_data(data))
    text = narrative_text(composed.document)
    section = text.split("## 七、")[1].split("## 八、")[0]
    assert "全年预算为0.00" not in section and "0批次" not in section
    assert "全年预算为【待补充：“三公”经费全年预算数】万元，支出决算为3.00万元" in section
    assert "安排国内公务接待【待补充：国内公务接待批次】批次、【待补充：国内公务接待人次】人次" in section
    assert "年末公务用车保有量" not in section  # not given, nothing spent on vehicles


@pytest.mark.parametrize("amount", ["", "amount: 50"])
def test_evaluations_without_an_amount_state_no_sum(amount: str) -> None:
    """项目自评 amounts add up to 共涉及资金 only when every evaluation gives one (a missing one is not 0)."""
    text = f"""
evaluations:
  - {{id: a, kind: 项目自评, subject: 项目甲, amount: 40, score: 95, indicators: [{{name: 产出指标, weight: 100, score: 95}}]}}
  - {{id: b, kind: 项目自评, subject: 项目乙, {amount}, score: 90, indicators: [{{name: 产出指标, weight: 100, score: 90}}]}}
"""
    evaluations = read_evaluations(parse(text.replace(", ,", ",")), "<test>")
    tables = build_tables(load_data(dataset(REPORT))).tables
    first = narrative_section(evaluations, tables)[2]
    runs = {r.text: r for r in first.runs}  # type: ignore[attr-defined]
    if amount:
        assert "90.00" in runs and runs["90.00"].figure.value == Decimal(900000)
    else:
        assert "【待补充：涉及资金】" in runs and "【待补充：占项目支出总额的比例】" in runs
        assert "40.00" not in runs


def test_a_count_one_unit_does_not_state_is_unknown_for_the_department() -> None:
    """Two units, the first states its 保有量 (2) and 接待批次, the second spends on 公务用车运行维护 and
    公务接待 without stating any count: the department's counts are unknown — blank in 09 (not 2, the sum of
    what was given), marked 【待补充】 in 情况说明, and no count rule judges the blank."""
    data = dataset(REPORT)
    second = copy.deepcopy(data["units"][0])
    second["name"] = "下属单位"
    second["three_public"] = {"actual": {"vehicle_operation": 5000, "reception_domestic": 2000}}
    data["units"].append(second)
    accounts = load_data(data)
    composed, tables = compose(accounts)
    counts = {r.key: r.cells["决算数"].value for r in tables["09"].rows if r.kind == "count"}
    assert counts["vehicles_held"] is None and counts["domestic_batches"] is None
    assert counts["vehicles_purchased"] is None  # stated by neither: blank as before
    section = narrative_text(composed.document).split("## 五、")[1].split("## 六、")[0]
    assert "【待补充：公务用车保有量】" in section and "【待补充：国内公务接待批次】" in section
    report = check(tables)
    assert not [f for f in report.findings if f.rule in ("t09-vehicle-counts", "t09-trip-reception-counts")]
    alone = build_tables(accounts.for_unit(accounts.unit_names()[0])).tables  # one unit: its own counts
    assert {r.key: r.cells["决算数"].value for r in alone["09"].rows if r.kind == "count"}["vehicles_held"] == 2
