"""`juesuan score` end to end: the whole printed sheet (golden), the written tables (HTML golden, XLSX read
back), exit codes. Regenerate goldens with ``JUESUAN_UPDATE_GOLDEN=1 pytest tests/perf/test_perf_cli_score.py``."""

from __future__ import annotations

import os
from pathlib import Path

import openpyxl
import pytest
from perfhelpers import ROOT
from typer.testing import CliRunner

from juesuan.commands.app import app

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("JUESUAN_UPDATE_GOLDEN") == "1"
PUBLISHED = Path("examples/jdz-nanchang-2023/published.yaml")
DATASET = Path("examples/jdz-nanchang-2023/dataset.yaml")
AS_PUBLISHED = Path("examples/jdz-nanchang-2023/evaluations-as-published.yaml")


def run(*args: str | Path):  # type: ignore[no-untyped-def]
    result = CliRunner().invoke(app, [str(a) for a in args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    if not path.exists():
        pytest.fail(f"missing golden {path}; run with JUESUAN_UPDATE_GOLDEN=1 to create it", pytrace=False)
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} differs from its golden (JUESUAN_UPDATE_GOLDEN=1 to accept)"
    )


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # relative paths in the output, as a user types them


def test_score_published_prints_the_sheets_and_the_findings() -> None:
    result = run("score", PUBLISHED)
    assert result.exit_code == 1  # the published evaluations have errors
    golden("score-published.txt", result.stdout)
    lines = result.stdout.splitlines()
    assert "绩效评价复核：错误 10，警告 1，提示 2" in lines
    total = next(line for line in lines if line.strip().startswith("合计") and "97.00" in line)
    assert total.split()[1:] == ["100.00", "97.00", "97.00%", "95.50", "一级指标得分之和；与所述总分不符"]


def test_score_dataset_with_the_evaluations_as_published_finds_their_errors() -> None:
    """--evaluations replaces the dataset's own (corrected) evaluations. Against the tables juesuan builds, the
    published evaluations show the 10 errors they show against the published tables, and 3 more: the built 03
    prints 基本支出 33.28 / 项目支出 91.79 where the evaluation states 33.27 / 91.80 (the published 03 rounds
    the other way), and the dataset has 2 在职 where the evaluation states 实有人数 8."""
    result = run("score", DATASET, "--evaluations", AS_PUBLISHED)
    assert result.exit_code == 1
    assert "绩效评价复核：错误 13，警告 1，提示 2" in result.stdout.splitlines()
    assert "所述“实有人数 8 人”为 8人，数据集的年末在职人员（实有人数）为 2" in result.stdout


def test_score_corrected_is_clean_and_exits_0() -> None:
    result = run("score", DATASET)
    assert result.exit_code == 0, result.stdout
    assert "绩效评价复核：错误 0，警告 0，提示 0" in result.stdout
    assert "评价等级：优（所述总分 92.00；" in result.stdout


def test_score_writes_the_self_evaluation_tables(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("score", DATASET, "-o", out)
    assert result.exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == ["evaluations.docx", "evaluations.html", "evaluations.xlsx"]
    written = "、".join(str(out / f"evaluations.{ext}") for ext in ("xlsx", "docx", "html"))
    assert result.stdout.splitlines()[-1] == f"已写入：{written}"
    golden("evaluations-corrected.html", (out / "evaluations.html").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(out / "evaluations.xlsx")
    assert book.sheetnames == ["1 项目支出绩效自评表", "2 部门整体支出绩效自评表"]
    sheet = book["2 部门整体支出绩效自评表"]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "部门整体支出绩效自评表"
    assert rows[1][0] == "部门（单位）名称：景德镇陶瓷文化南昌服务中心" and rows[3][0] == "评价金额：129.23万元"
    assert rows[4][-1] == "单位：分"
    header = rows[5]
    assert header == (
        "一级指标",
        "二级指标",
        "三级指标",
        "指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    execution = next(r for r in rows if r[1] == "预算执行率")
    assert execution[4] == "96.78%" and execution[5] == 3 and execution[6] == 2.9
    assert rows[-2][0] == "总分" and rows[-2][5:7] == (100, 92)
    assert rows[-1][0] == "评价等级：优"  # for publication: no reviewer note (the terminal sheet has them)


def test_score_docx_reads_back(tmp_path: Path) -> None:
    import docx

    out = tmp_path / "out"
    assert run("score", DATASET, "-o", out).exit_code == 0
    document = docx.Document(str(out / "evaluations.docx"))
    assert [t.rows[0].cells[0].text for t in document.tables] == ["一级指标", "一级指标"]
    overall = document.tables[1]
    last = [c.text for c in overall.rows[-1].cells]
    assert last[0] == "总分" and last[5:7] == ["100.00", "92.00"]
    texts = [p.text for p in document.paragraphs]
    assert "部门整体支出绩效自评表" in texts and any(t.startswith("评价等级：优") for t in texts)


def test_score_tables_of_the_published_evaluations_hold_no_reviewer_note(tmp_path: Path) -> None:
    """The written tables are for publication: the terminal sheet's notes (等级仅供参考, 所述等级, 总分无法确定,
    the scale) stay out of the DOCX, HTML and XLSX; a grade computed from incomplete 分值 is not stated."""
    from juesuan.document.writers import extract_text

    out = tmp_path / "out"
    result = run("score", DATASET, "--evaluations", AS_PUBLISHED, "-o", out)
    assert "等级仅供参考" in result.stdout  # the reviewer is told
    texts = [extract_text((out / f"evaluations.{fmt}").read_bytes(), fmt) for fmt in ("docx", "html")]
    book = openpyxl.load_workbook(out / "evaluations.xlsx")
    texts.append(" ".join(str(c) for s in book for row in s.iter_rows(values_only=True) for c in row if c))
    for text in texts:
        for phrase in ("仅供参考", "所述等级", "所述总分", "无法确定", "财政部门常用", "复核"):
            assert phrase not in text
        assert "评价等级：中" not in text and "评价等级：优" in text  # 部门整体: its stated total grades it
        assert "单位：分" in text
