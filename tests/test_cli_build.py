"""`juesuan build` end to end: summary lines, written files, exit codes (0 ok, 1 data errors, 2 unusable input)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.commands.app import app

try:
    from identities import check_tables
except ImportError:  # pragma: no cover - tests/ made a package
    from tests.identities import check_tables

MINI = Path(__file__).parent / "fixtures" / "mini.yaml"
ALL_FILES = {"tables.xlsx", "tables.html", "tables.md", "tables.json"}

SUMMARY = [
    "测试部门　2023 年度部门决算（模板 jiangxi-2023，1 个单位，尾数处理：adjusted）",
    "  本年收入合计 77.74 万元；本年支出合计 77.75 万元；年末结转和结余 45.64 万元",
    "  有数据的表：01、02、03、04、05、06、09、10；空表（附说明）：07、08",
    f"  校验（44 条规则）：错误 0，警告 3，提示 0（全部详情：juesuan check {MINI}）",
    "  [警告] 公开03表「2010302 一般行政管理事务」「基本支出」：一般行政管理事务只反映项目支出，不应列基本支出（实为 13.62 万元）"
    f"（admin-affairs-basic） @ {MINI}:13 公开03表「一般行政管理事务」「基本支出」",
    "  [警告] 公开05表「2010302 一般行政管理事务」「基本支出」：一般行政管理事务只反映项目支出，不应列基本支出（实为 13.62 万元）"
    f"（admin-affairs-basic） @ {MINI}:13 公开05表「一般行政管理事务」「基本支出」",
    "  [警告] 社会保障缴费功能科目与经济科目不成立：公开06表「30110 职工基本医疗保险缴费」「金额」：应为 0.73 万元，实为 0.00 万元，"
    "相差 -0.73 万元（容差 0.00 万元）（x11-social-insurance） @ 公开06表「职工基本医疗保险缴费」「金额」；公开06表「公务员医疗补助缴款」「金额」",
]


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def test_build_mini_writes_every_table_format(tmp_path: Path) -> None:
    """The table formats; the report formats (docx, pdf, html) are tested in tests/document/test_cli_report.py."""
    out = tmp_path / "out"
    code, stdout, stderr = run("build", MINI, "-o", out, "--format", "xlsx,tables-html,md,json")
    assert (code, stderr) == (0, "")
    lines = stdout.splitlines()
    assert lines[:-1] == SUMMARY
    assert lines[-1] == "已写入：" + "、".join(str(out / f"tables.{f}") for f in ("xlsx", "html", "md", "json"))
    assert {p.name for p in out.iterdir()} == ALL_FILES  # no temporary files left behind
    doc = json.loads((out / "tables.json").read_text(encoding="utf-8"))
    assert doc["format"] == "juesuan-tables/1"
    assert doc["department"] == "测试部门"
    assert [t["id"] for t in doc["tables"]] == [f"{n:02d}" for n in range(1, 11)]
    assert check_tables(doc) == []
    assert (out / "tables.xlsx").read_bytes()[:2] == b"PK"
    for fmt in ("html", "md"):
        text = (out / f"tables.{fmt}").read_text(encoding="utf-8")
        assert "公开01表" in text and "收入支出决算总表" in text and "77.74" in text


def test_build_one_format_and_independent_rounding(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run("build", MINI, "-o", out, "--format", "JSON", "--rounding", "independent")
    assert code == 0
    assert stdout.splitlines()[0].endswith("尾数处理：independent）")
    assert stdout.splitlines()[-1] == f"已写入：{out / 'tables.json'}"
    assert {p.name for p in out.iterdir()} == {"tables.json"}
    doc = json.loads((out / "tables.json").read_text(encoding="utf-8"))
    assert doc["rounding"] == "independent"
    assert check_tables(doc) == []


def test_build_rewrites_an_existing_output_directory(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", MINI, "-o", out, "--format", "json,md")[0] == 0
    first = (out / "tables.json").read_bytes()
    assert run("build", MINI, "-o", out, "--format", "json,md")[0] == 0
    assert (out / "tables.json").read_bytes() == first  # deterministic
    assert {p.name for p in out.iterdir()} == {"tables.json", "tables.md"}


def test_build_one_unit(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run("build", MINI, "-o", out, "--unit", "测试单位", "--format", "json")
    assert code == 0
    assert stdout.startswith("测试单位　2023 年度部门决算（模板 jiangxi-2023，1 个单位")
    assert json.loads((out / "tables.json").read_text(encoding="utf-8"))["department"] == "测试单位"


def test_unknown_unit_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("build", MINI, "-o", out, "--unit", "不存在的单位")
    assert code == 2
    assert stdout == ""
    assert stderr == f"{MINI}: 选项 --unit：数据集中没有单位「不存在的单位」；现有单位：测试单位\n"
    assert not out.exists()


@pytest.mark.parametrize("formats", ["pdfx", "json,pdfx", ","])
def test_unknown_format_exits_2_and_writes_nothing(tmp_path: Path, formats: str) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("build", MINI, "-o", out, "--format", formats)
    assert code == 2
    shown = "（空）" if formats == "," else "pdfx"
    assert (
        stderr
        == f"{MINI}: 选项 --format：不支持的输出格式：{shown}；可用：docx、pdf、html、xlsx、md、json、tables-html\n"
    )
    assert stdout == ""
    assert not out.exists()


def test_output_path_that_is_a_file_exits_2(tmp_path: Path) -> None:
    out = tmp_path / "taken"
    out.write_text("not a directory", encoding="utf-8")
    code, _, stderr = run("build", MINI, "-o", out, "--format", "json")
    assert code == 2
    assert stderr == f"{out}: 无法写入输出目录：该路径（或其上级）已存在且不是目录\n"
    assert out.read_text(encoding="utf-8") == "not a directory"


def test_data_errors_exit_1_unless_forced(tmp_path: Path) -> None:
    text = MINI.read_text(encoding="utf-8").replace("amount: 503149}", "amount: 1503149}")  # spends 100 万元 more
    dataset = tmp_path / "overspent.yaml"
    dataset.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = run("build", dataset, "-o", out, "--format", "json")
    assert code == 1
    assert any(line.startswith("  校验（44 条规则）：错误 1，警告 3，") for line in stdout.splitlines()), stdout
    assert "[错误] 年末结转和结余（一般公共预算财政拨款）推算为 -54.35 万元" in stdout
    assert "closing-negative" in stdout
    assert stderr == "数据存在 1 个错误，未输出任何文件（如确需输出，请加 --force）。\n"
    assert not out.exists()
    code, stdout, _ = run("build", dataset, "-o", out, "--format", "json", "--force")
    assert code == 0
    assert (out / "tables.json").exists()


def test_build_as_a_process(tmp_path: Path) -> None:
    """The installed entry point: real streams, real exit codes, no traceback."""
    out = tmp_path / "out"
    ok = subprocess.run([sys.executable, "-m", "juesuan", "build", str(MINI), "-o", str(out), "--format", "json"],
                        capture_output=True, text=True, encoding="utf-8", check=False)  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.splitlines()[:-1] == SUMMARY
    bad = tmp_path / "bad.yaml"
    bad.write_text("year: 2023\ndepartment: [x\n", encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "juesuan", "build", str(bad), "-o", str(tmp_path / "o2")],
                            capture_output=True, text=True, encoding="utf-8", check=False)  # fmt: skip
    assert failed.returncode == 2
    assert failed.stdout == ""
    assert "Traceback" not in failed.stderr
    assert failed.stderr.startswith(f"输入有误，未生成任何文件：\n  {bad}:2: YAML/JSON 格式错误：")
    assert not (tmp_path / "o2").exists()


def test_a_tiny_negative_closing_balance_is_stated_in_yuan(tmp_path):
    from juesuan.derive.balances import derive_closing
    from juesuan.model.accounts import Fact

    facts = (
        Fact("opening", Decimal(1), fund="general_budget"),
        Fact("expenditure", Decimal(21), code="2010301", nature="basic", fund="general_budget"),
    )
    _, findings = derive_closing(facts)
    assert [f.message for f in findings] == [
        "年末结转和结余（一般公共预算财政拨款）推算为 -20 元，为负数：本年支出超过了年初结转和结余与本年收入之和"
    ]


def test_build_runs_the_rule_catalogue_and_refuses_on_an_error(tmp_path: Path) -> None:
    """The catalogue runs on what was built: a warning rule raised to error by --config stops the build."""
    config = tmp_path / "strict.yaml"
    config.write_text("rules:\n  admin-affairs-basic: error\n", encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = run("build", MINI, "-o", out, "--config", config)
    assert code == 1
    assert "校验（44 条规则）：错误 2，警告 1，提示 0" in stdout
    assert "[错误] 公开03表「2010302 一般行政管理事务」「基本支出」" in stdout
    assert stderr == "数据存在 2 个错误，未输出任何文件（如确需输出，请加 --force）。\n"
    assert not out.exists()
    code, stdout, _ = run("build", MINI, "-o", out, "--config", config, "--force")
    assert code == 0 and (out / "tables.json").exists()


def test_build_with_an_unusable_config_exits_2(tmp_path: Path) -> None:
    config = tmp_path / "bad.yaml"
    config.write_text("rules:\n  no-such-rule: error\n", encoding="utf-8")
    code, _, stderr = run("build", MINI, "-o", tmp_path / "out", "--config", config)
    assert code == 2 and "no-such-rule" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "out").exists()


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jdz-nanchang-2023"
_FINDING = re.compile(r"^\s*\[(错误|警告|提示)\] (.*)（([a-z0-9-]+)）(?:\s+@ .*)?$")


def _findings(output: str) -> list[tuple[str, str, str]]:
    """The printed findings, (severity, message, rule), in a stable order (check groups them by table)."""
    return sorted(m.groups() for line in output.splitlines() if (m := _FINDING.match(line)))  # type: ignore[misc]


def _as_published(tmp_path: Path) -> Path:
    """The example with the evaluations exactly as the seed publishes them instead of its corrected ones."""
    text = (EXAMPLE / "dataset.yaml").read_text(encoding="utf-8")
    text = text[: text.index("\nevaluations:")] + "\n"
    text += (EXAMPLE / "evaluations-as-published.yaml").read_text(encoding="utf-8")
    path = tmp_path / "dataset.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("variant", ["example", "evaluations as published"])
def test_build_and_check_report_the_same_findings(tmp_path: Path, variant: str) -> None:
    """``juesuan build`` checks exactly what ``juesuan check`` checks, the evaluations included: on the example
    (corrected evaluations) both find the dataset's 6 warnings and build writes; with the evaluations as
    published both find their errors too, and build refuses to write."""
    dataset = EXAMPLE / "dataset.yaml" if variant == "example" else _as_published(tmp_path)
    out = tmp_path / "out"
    built, built_out, built_err = run("build", dataset, "-o", out, "--format", "json")
    checked, check_out, _ = run("check", dataset)
    from_build, from_check = _findings(built_out), _findings(check_out)
    counts = re.compile(r"错误 (\d+)，警告 (\d+)，提示 (\d+)")
    assert counts.findall(built_out) == counts.findall(check_out.splitlines()[-1])
    shown = len(from_build)  # build lists at most 20, then "……另有 N 条"
    assert set(from_build) <= set(from_check) and (shown == len(from_check) or shown == 20)
    errors = sum(1 for severity, _, _ in from_check if severity == "错误")
    if variant == "example":
        assert (built, checked, errors, len(from_check)) == (0, 0, 0, 6) and from_build == from_check
        assert (out / "tables.json").exists()
    else:
        assert (built, checked) == (1, 1) and errors == 13
        assert {rule for _, _, rule in from_check if rule.startswith("perf-")} >= {"perf-tree-sum", "perf-amount"}
        assert built_err.startswith(f"数据存在 {errors} 个错误，未输出任何文件") and not out.exists()


def test_the_built_case_carries_its_composed_report(tmp_path: Path) -> None:
    """``pipeline.build`` returns the case it built: the dataset's ledger, tables and evaluations, and the
    report it composed (what the store and the web app keep)."""
    from juesuan.pipeline import build

    result = build(EXAMPLE / "dataset.yaml", tmp_path / "out", formats=("html",))
    assert result.exit_code == 0 and result.case is not None and result.composed is not None
    assert result.case.document == result.composed.document
    assert result.case.accounts is not None and len(result.case.evaluations) == 2
    assert (result.case.source.kind, result.case.profile, result.case.year) == ("dataset", "jiangxi-2023", 2023)
