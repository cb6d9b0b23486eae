"""``juesuan parse`` writes the evaluation tables it reads (``evaluations:``), and ``juesuan check`` on the file
it writes finds what ``juesuan audit`` finds on the report (juesuan.perf.dump, juesuan.commands.audit)."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from audit_support import make_app
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
from report_support import write_report

import juesuan
from juesuan.load.evaluations import read_evaluations
from juesuan.load.loader import parse_file
from juesuan.model.evaluations import Evaluation, Figure, Indicator
from juesuan.perf.dump import dump_evaluations, evaluations_to_data
from juesuan.yamlsrc import parse

EXAMPLE = Path(__file__).resolve().parents[2] / "examples/jdz-nanchang-2023"
runner = CliRunner()


def _bare(ev: Evaluation) -> Evaluation:
    """The evaluation without its provenance (path, refs)."""

    def indicator(ind: Indicator) -> Indicator:
        return replace(ind, path="", refs={}, children=tuple(indicator(c) for c in ind.children))

    def figure(fig: Figure) -> Figure:
        return replace(fig, path="", ref=None)

    return replace(
        ev,
        path="",
        refs={},
        indicators=tuple(indicator(i) for i in ev.indicators),
        figures=tuple(figure(f) for f in ev.figures),
    )


def _example(name: str) -> tuple[Evaluation, ...]:
    if name == "corrected":
        return juesuan.load(EXAMPLE / "dataset.yaml").evaluations
    path = EXAMPLE / "evaluations-as-published.yaml"
    return read_evaluations(parse_file(path), str(path))


@pytest.mark.parametrize("name", ["published", "corrected"])
def test_serializer_round_trip(name: str) -> None:
    evaluations = _example(name)
    assert evaluations and any(e.figures for e in evaluations)
    want = [_bare(e) for e in evaluations]
    # the plain data, validated as it is …
    back = read_evaluations({"evaluations": evaluations_to_data(evaluations)}, "x.yaml")
    assert [_bare(e) for e in back] == want
    # … and through the YAML text juesuan parse writes
    text = dump_evaluations(evaluations)
    back = read_evaluations(parse(text), "x.yaml")
    assert [_bare(e) for e in back] == want
    assert "amount_unit" not in text  # amounts in the default 万元
    assert "path" not in text and "refs" not in text


def test_serializer_amounts_are_exact_in_wan() -> None:
    ev = Evaluation(
        id="a",
        kind="project_self",
        subject="项目",
        amount=Decimal("1292345.67"),
        indicators=(Indicator(name="预算执行率", weight=Decimal(10), executed=Decimal("12.3"), budget=Decimal(1)),),
        figures=(Figure("expenditure_total", Decimal("1250700"), "元"), Figure("staff", Decimal(8), "人")),
    )
    (data,) = evaluations_to_data([ev])
    assert data["amount"] == Decimal("129.234567")
    assert data["indicators"][0]["executed"] == Decimal("0.00123")
    assert data["figures"] == [
        {"key": "expenditure_total", "value": Decimal("125.07"), "unit": "万元"},
        {"key": "staff", "value": Decimal(8), "unit": "人"},
    ]
    assert "kind" in data and data["kind"] == "项目自评"
    assert "total_weight" not in data and "grades" not in data and "title" not in data
    (back,) = read_evaluations(parse(dump_evaluations([ev])), "x.yaml")
    assert _bare(back) == _bare(ev)


def _perf(findings: list[dict[str, object]]) -> Counter[tuple[object, object]]:
    return Counter((f["rule"], f["severity"]) for f in findings if str(f["rule"]).startswith("perf-"))


def test_parse_writes_the_evaluations_check_finds_what_audit_finds(tmp_path: Path) -> None:
    accounts = replace(juesuan.load(EXAMPLE / "dataset.yaml"), evaluations=_example("published"))
    _, _, paths = write_report(accounts, tmp_path / "report", ("docx",))
    (docx,) = paths
    out = tmp_path / "x.yaml"
    parsed = runner.invoke(make_app(), ["parse", str(docx), "-o", str(out)])
    assert parsed.exit_code == 0, parsed.output
    # the 部门评价 as published gives no result: the 附件 prints a 【待补充】 mark, not an empty table
    assert "绩效评价表 2 张，指标" in parsed.output and "已写入 evaluations" in parsed.output
    assert "\nevaluations:\n" in out.read_text(encoding="utf-8")
    checked = runner.invoke(make_app(), ["check", str(out), "--format", "json"])
    audited = runner.invoke(make_app(), ["audit", str(docx), "--format", "json"])
    from_check = _perf(json.loads(checked.output)["findings"])
    from_audit = _perf(json.loads(audited.output)["findings"])
    assert from_check == from_audit
    assert from_check[("perf-tree-sum", "error")] >= 1  # the published evaluations' errors, found both ways
    assert from_check == Counter({  # as in tests/audit/test_own_report.py (no grade, no 部门评价 printed to judge)
        ("perf-tree-sum", "error"): 3,
        ("perf-amount", "error"): 1,
        ("perf-weight-missing", "info"): 2,
    })  # fmt: skip
