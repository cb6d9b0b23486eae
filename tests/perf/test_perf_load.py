"""Bad evaluation input: located Chinese messages, exit code 2, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from perfhelpers import EXAMPLE
from typer.testing import CliRunner

from juesuan.commands.app import app

HEAD = "tables:\n  - id: '01'\n    rows: []\n"


def run(*args: str | Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.mark.parametrize(
    ("body", "line", "needle"),
    [
        ("evaluations:\n  - {id: e, kind: 自评, subject: x}\n", 5, "未知的评价类型「自评」"),
        ("evaluations:\n  - id: e\n    kind: 项目自评\n    subject: x\n    indicators:\n      - {name: a, weight: -1}\n",
         9, "不能为负数"),
        ("evaluations:\n  - id: e\n    kind: 项目自评\n    subject: x\n    indicators:\n      - {name: a, method: magic}\n",
         9, "未知的计分方法「magic」"),
        ("evaluations:\n  - {id: e, kind: 项目自评, subject: x}\n  - {id: e, kind: 项目自评, subject: y}\n", 6,
         "评价编号「e」重复"),
        ("evaluations:\n  - id: e\n    kind: 项目自评\n    subject: x\n    indicators:\n"
         "      - {name: a, method: threshold, children: [{name: b}]}\n", 9, "不能指定计分方法"),
        ("evaluations:\n  - {id: e, kind: 项目自评, subject: x, grades: texas}\n", 5, "未知的等级划分方案"),
        ("evaluations:\n  - {id: e, kind: 项目自评, subject: x, colour: red}\n", 5, "不认识的字段"),
        ("evaluations:\n  - id: e\n    kind: 项目自评\n    subject: x\n    indicators:\n"
         "      - {name: a, method: deduction, params: {per_points: 1}}\n", 9, "没有参数「per_points」"),
        ("evaluations:\n  - id: e\n    kind: 项目自评\n    subject: x\n    indicators:\n"
         "      - {name: a, method: deduction, params: {per_point: lots}}\n", 9, "应为数字"),
    ],
)  # fmt: skip
@pytest.mark.parametrize("command", ["check", "score"])
def test_bad_evaluations_in_a_table_file_exit_2_with_the_line(
    tmp_path: Path, command: str, body: str, line: int, needle: str
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(HEAD + body, encoding="utf-8")
    out = tmp_path / "out"
    result = run(command, path, *(["-o", out] if command == "score" else []))
    assert result.exit_code == 2, result.output
    assert f"{path}:{line}:" in result.output and needle in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_bad_evaluations_in_a_dataset_are_located(tmp_path: Path) -> None:
    text = (EXAMPLE / "dataset.yaml").read_text(encoding="utf-8").replace("kind: 部门整体支出评价", "kind: 部门自评", 1)
    path = tmp_path / "d.yaml"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "kind: 部门自评" in row)
    result = run("score", path)
    assert result.exit_code == 2
    assert f"{path}:{line}: 字段 evaluations[1].kind：未知的评价类型「部门自评」" in result.output


def test_score_without_evaluations_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(HEAD, encoding="utf-8")
    result = run("score", path)
    assert result.exit_code == 2 and "没有绩效评价" in result.output
