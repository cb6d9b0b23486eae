"""`juesuan build` with the report formats: the whole package by default, --final, --format docx, and the cases
where no report can be written (a profile without report templates, --unit)."""

from __future__ import annotations

from pathlib import Path

from narrative_cases import EXAMPLE, REPORT, dataset, to_json
from typer.testing import CliRunner

from juesuan.commands.app import app

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini.yaml"


def run(*args: str | Path) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, data: dict[str, object]) -> Path:
    path = tmp_path / "dataset.yaml"
    path.write_text(to_json(data) + "\n", encoding="utf-8")
    return path


def test_default_build_writes_the_whole_package(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, stderr = run("build", EXAMPLE, "-o", out)
    assert (code, stderr) == (0, "")
    names = ("report.docx", "report.pdf", "report.html", "tables.xlsx", "tables.md", "tables.json")
    assert stdout.splitlines()[-1] == "已写入：" + "、".join(str(out / n) for n in names)
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    assert "  决算报告：待补充 1 处（已用【待补充：…】标出）" in stdout.splitlines()
    assert "report.reasons.opening" in stdout
    assert (out / "report.docx").read_bytes()[:2] == b"PK"
    assert (out / "report.pdf").read_bytes()[:5] == b"%PDF-"
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "比上年减少15.75万元，下降15.86%" in page and "第四部分" in page


def test_final_refuses_while_anything_is_missing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, stderr = run("build", EXAMPLE, "-o", out, "--final", "--format", "docx")
    assert code == 1
    assert stderr.splitlines() == [
        "决算报告尚有 1 处待补充，--final 不输出任何文件：",
        "  决算报告「一、收入决算情况说明」缺少原因，已标注【待补充：原因】；请在数据集的 report.reasons.opening 中给出",
    ]
    assert not out.exists()


def test_final_with_everything_given_writes_docx(tmp_path: Path) -> None:
    path = write(tmp_path, dataset(REPORT))
    # the 公务用车 total's budget reason is the one REPORT leaves out; give it
    text = path.read_text(encoding="utf-8").replace('"operating_costs": "办公费增加"',
                                                    '"operating_costs": "办公费增加", "three_public.vehicle.budget": "厉行节约"')  # fmt: skip
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    code, stdout, stderr = run("build", path, "-o", out, "--final", "--format", "docx")
    assert (code, stderr) == (0, ""), stdout
    assert "  决算报告：待补充 0 处" in stdout.splitlines()
    assert [p.name for p in out.iterdir()] == ["report.docx"]


def test_tables_html_is_still_available(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, stdout, _ = run("build", MINI, "-o", out, "--format", "tables-html")
    assert code == 0
    assert [p.name for p in out.iterdir()] == ["tables.html"]
    assert "决算报告" not in stdout  # no report composed


def test_unit_builds_tables_only(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, _ = run("build", MINI, "-o", out, "--unit", "测试单位")
    assert code == 0
    assert sorted(p.name for p in out.iterdir()) == ["tables.html", "tables.json", "tables.md", "tables.xlsx"]
    code, _, stderr = run("build", MINI, "-o", tmp_path / "other", "--unit", "测试单位", "--format", "docx")
    assert code == 2
    assert "选项 --unit：只能生成该单位的公开表" in stderr
    assert not (tmp_path / "other").exists()


def test_profile_without_report_templates(tmp_path: Path) -> None:
    """Shanghai's table profile has no report templates (yet): tables by default, a clear message if asked."""
    data = dataset()
    data["profile"] = "shanghai-2024"
    path = write(tmp_path, data)
    out = tmp_path / "out"
    code, stdout, _ = run("build", path, "-o", out)
    assert code == 0, stdout
    assert stdout.splitlines()[0] == "模板「shanghai-2024」没有决算报告模板，只生成公开表。"
    assert sorted(p.name for p in out.iterdir()) == ["tables.html", "tables.json", "tables.md", "tables.xlsx"]
    code, _, stderr = run("build", path, "-o", tmp_path / "other", "--format", "pdf")
    assert code == 2
    assert stderr.startswith(f"{path}: 选项 --format：模板「shanghai-2024」没有决算报告（文字部分）的模板")
    assert "有报告模板的地区模板：central-2024、jiangxi-2023" in stderr
    assert not (tmp_path / "other").exists()


def test_bad_report_input_exits_2(tmp_path: Path) -> None:
    data = dataset({"reasons": {"income": "写错的键"}, "procurement": {"goods": -1}})
    path = write(tmp_path, data)
    code, stdout, stderr = run("build", path, "-o", tmp_path / "out")
    assert code == 2 and stdout == ""
    assert "字段 report.reasons.income" in stderr and "未知的原因键「income」" in stderr
    assert "字段 report.procurement.goods：不能为负数" in stderr
    assert not (tmp_path / "out").exists()


def test_missing_previous_dataset_exits_2(tmp_path: Path) -> None:
    path = write(tmp_path, dataset({"previous_dataset": "2022.yaml"}))
    code, _, stderr = run("build", path, "-o", tmp_path / "out")
    assert code == 2
    assert "字段 report.previous_dataset：上年数据集" in stderr and "不存在" in stderr
