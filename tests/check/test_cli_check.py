"""``juesuan check`` and ``juesuan rules`` through the juesuan application."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from juesuan.check.registry import RULES
from juesuan.check.rules import EMITTED
from juesuan.commands.app import app

ROOT = Path(__file__).resolve().parents[2]
PUBLISHED = ROOT / "examples" / "jdz-nanchang-2023" / "published.yaml"
SMALL = ROOT / "tests" / "fixtures" / "small.yaml"


def make_app() -> typer.Typer:
    return app


runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(make_app(), list(args))


def test_rules_lists_every_rule() -> None:
    result = invoke("rules")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert [line.split("\t")[0] for line in lines] == list(RULES)
    assert "x4-t04-t05-general\terror\t公开04表一般公共预算支出与公开05表一致" in lines


def test_rules_explains_one_and_rejects_unknown() -> None:
    result = invoke("rules", "rounding-tail")
    assert result.exit_code == 0 and "尾数差异" in result.output and "(n+1)×0.005" in result.output
    bad = invoke("rules", "no-such-rule")
    assert bad.exit_code == 2 and "no-such-rule" in bad.output


def test_check_ledger_dataset_is_clean_of_errors() -> None:
    result = invoke("check", str(SMALL))
    assert result.exit_code == 0, result.output
    assert "错误 0，警告 3，提示 0" in result.output


def test_strict_fails_on_warnings_and_makes_rounding_tails_warnings() -> None:
    result = invoke("check", str(SMALL), "--strict")
    assert result.exit_code == 1, result.output
    assert "错误 0，警告 3，提示 0" in result.output
    report = json.loads(invoke("check", str(PUBLISHED), "--strict", "--format", "json").output)
    default = json.loads(invoke("check", str(PUBLISHED), "--format", "json").output)
    tails = [f for f in default["findings"] if f["rule"] == "rounding-tail"]
    assert tails and {f["severity"] for f in tails} == {"info"}
    assert {f["severity"] for f in report["findings"] if f["rule"] == "rounding-tail"} == {"warning"}
    assert report["summary"]["warning"] == default["summary"]["warning"] + len(tails)


@pytest.mark.skipif(not PUBLISHED.exists(), reason="published.yaml not written yet")
def test_check_published_text_and_json() -> None:
    text = invoke("check", str(PUBLISHED))
    assert text.exit_code == 1
    # The whole report, with paths relative to the repository (JUESUAN_UPDATE_GOLDEN=1 rewrites it): the table
    # findings (tests/check/test_checker.py) and those on the evaluations (tests/perf/test_perf_example.py).
    output = text.output.replace(str(ROOT) + "/", "")
    golden = ROOT / "tests" / "check" / "golden" / "published-check.txt"
    if os.environ.get("JUESUAN_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(output, encoding="utf-8")
    assert output == golden.read_text(encoding="utf-8")
    assert output.splitlines()[-1] == "错误 16，警告 13，提示 24"
    assert "绩效评价（13 条）" in output
    result = invoke("check", str(PUBLISHED), "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert set(data) == {"findings", "summary", "coverage"}
    assert data["summary"] == {"error": 16, "warning": 13, "info": 24}
    first = data["findings"][0]
    assert list(first) == ["rule", "severity", "message", "locations", "expected", "actual", "difference"]
    assert list(first["locations"][0]) == ["table", "row", "code", "column", "page", "line", "path", "field"]
    # the example gives its evaluations; the narrative rules need the report's text and the ingest rules its
    # reading (juesuan audit)
    needs_text = {r.id for r in RULES.values() if {"statements", "reading"} & set(r.needs)}
    assert {c["rule"] for c in data["coverage"]["not_run"]} == needs_text
    ran = [r for r in RULES.values() if r.category not in EMITTED and r.id not in needs_text]
    assert len(data["coverage"]["run"]) == len(ran)


def test_check_caps_long_lists(tmp_path: Path) -> None:
    rows = "\n".join(
        f'      - {{label: 项{n}, code: "20103{n:02d}", '
        f'values: {{本年支出合计: "2.00", 基本支出: "1.00", 项目支出: "0.00"}}}}'
        for n in range(1, 30)
    )
    path = tmp_path / "t.yaml"
    path.write_text(f'tables:\n  - id: "05"\n    rows:\n{rows}\n', encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == 1
    assert "另有" in result.output and "（--format json 列出全部）" in result.output


@pytest.mark.parametrize(
    ("content", "needle"),
    [("tables: 3\n", "tables"), ("tables:\n  - {rows: []}\n", "id"), ("a: [\n", "格式错误"),
     ('tables:\n  - id: "01"\n    rows:\n      - {label: x, values: {决算数: abc}}\n', "不是数字")],
)  # fmt: skip
def test_unusable_input_exits_2(tmp_path: Path, content: str, needle: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    result = invoke("check", str(path))
    assert result.exit_code == 2
    assert needle in result.output


def test_bad_config_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "c.yaml"
    config.write_text("rules: {nope: error}\n", encoding="utf-8")
    result = invoke("check", str(SMALL), "--config", str(config))
    assert result.exit_code == 2 and "nope" in result.output


def test_config_waiver_changes_exit_code(tmp_path: Path) -> None:
    if not PUBLISHED.exists():
        pytest.skip("published.yaml not written yet")
    config = tmp_path / "c.yaml"
    config.write_text(
        "waivers:\n"
        "  - {rule: x6-t05-t03, reason: 印刷差异已说明}\n"
        "  - {rule: t04-expenditure-totals, table: '04', reason: 年末结转结余未分资金列示}\n"
        "rules: {perf-tree-sum: off, perf-amount: off, perf-budget-execution: off, perf-figure-tables: off,"
        " perf-same-value: off}\n",
        encoding="utf-8",
    )
    result = invoke("check", str(PUBLISHED), "--config", str(config))
    assert result.exit_code == 0, result.output
    assert "[已豁免]" in result.output
