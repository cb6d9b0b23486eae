"""Two years of one unit compared (juesuan.pipeline.compare): the example as 2023 and a second year made from
it (2024: the same income, 60 % of the spending, opening = 2023's closing, 上年数 = what 2023 printed), each
built into its report and audited back, so that the comparison reads what a reviewer reads.

* the figures side by side, with the change;
* consistent years: the 2024 text's 上年数 (本年 − 增减额) equal 2023's tables, up to the rounding of the
  printed figures (a 尾数 note on 年末结转和结余: 2023 prints 4.16 (adjusted), the exact 4.1660 is 4.17);
* an injected mismatch (2024 states last year's 本年收入合计 10 万元 higher than 2023 published): one error of
  narrative-previous-year, with both numbers and both places.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from report_support import write_report
from years_support import second_year

import juesuan
from juesuan.model.case import Case
from juesuan.pipeline import audit
from juesuan.pipeline.compare import Comparison, compare

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jdz-nanchang-2023" / "dataset.yaml"


def _audited(data: dict[str, Any], folder: Path) -> Case:
    folder.mkdir(parents=True)
    path = folder / "dataset.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    accounts = juesuan.load(path)
    assert [f for f in juesuan.build_tables(accounts).findings if f.severity.value == "error"] == []
    _, _, (report,) = write_report(accounts, folder / "out", ("html",))
    result = audit(report)
    assert result.case is not None and result.status == "audited"
    return result.case


@cache
def _years(tmp: str) -> tuple[Case, Case, Case]:
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    root = Path(tmp)
    return (_audited(data, root / "2023"), _audited(second_year(data), root / "2024"),
            _audited(second_year(data, Decimal(100000)), root / "2024-shifted"))  # fmt: skip


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Case, Case, Case]:
    return _years(str(tmp_path_factory.mktemp("years")))


def _row(comparison: Comparison, label: str) -> tuple[str, str, Decimal | None]:
    fig = next(f for f in comparison.figures if f.label == label)
    return fig.wan(fig.last), fig.wan(fig.this), fig.rate


def test_the_figures_side_by_side(years: tuple[Case, Case, Case]) -> None:
    last, this, _ = years
    comparison = compare(this, last)  # either order: the earlier year is last year
    assert comparison.years == (2023, 2024)
    assert _row(comparison, "本年收入合计") == ("83.58", "83.58", Decimal("0.00"))
    assert _row(comparison, "本年支出合计") == ("125.07", "75.04", Decimal("-40.00"))
    assert _row(comparison, "年末结转和结余") == ("4.16", "12.71", Decimal("205.53"))
    assert _row(comparison, "“三公”经费") == ("0.00", "0.00", None)  # no rate from a zero base


def test_consistent_years_give_only_a_rounding_note(years: tuple[Case, Case, Case]) -> None:
    last, this, _ = years
    report = compare(last, this).report
    assert [c.status for c in report.coverage] == ["run"]
    assert [(f.rule, f.severity.value) for f in report.findings] == [("rounding-tail", "info")]
    assert (
        "年末结转和结余的上年数" in report.findings[0].message and "应为 4.16，实为 4.17" in report.findings[0].message
    )


def test_a_previous_year_figure_that_last_years_report_does_not_print_is_an_error(
    years: tuple[Case, Case, Case],
) -> None:
    last, _, shifted = years
    report = compare(last, shifted).report
    errors = [f for f in report.findings if f.severity.value == "error"]
    assert len(errors) == 1, [f.message for f in report.findings]
    (error,) = errors
    assert error.rule == "narrative-previous-year"
    assert error.message.startswith(
        "本年收入合计的上年数（本年数 − 增减额）与上年报告（2023年度）公开01表「本年收入合计"
    )
    assert (error.expected, error.actual, error.unit) == (Decimal("83.58"), Decimal("93.58"), "万元")
    paths = {loc.path for loc in error.locations}
    assert any("2024-shifted" in (p or "") for p in paths)  # the sentence of this year's report …
    assert any("2023" in (p or "") and "2024" not in (p or "") for p in paths)  # … and last year's cell


def test_without_last_years_report_the_rule_does_not_run() -> None:
    from juesuan.check.checker import check
    from juesuan.check.registry import RULES

    result = audit(EXAMPLE.parent / "published-report.txt")
    report = check(result.case.tables, rules={"narrative-previous-year": RULES["narrative-previous-year"]},
                   inputs=result.case.inputs())  # fmt: skip
    assert [(c.status, c.reason) for c in report.coverage] == [
        ("not-run", "输入中没有上年的报告（比较同一单位相邻两年时有）")
    ]
