"""The central departments' report (profile central-2024, templates/central-2024): the structure of the 国家信访局
2024 report, the golden 第三部分 of the synthetic example (examples/central-demo), every stated figure
re-derivable, only the placeholders the document shows reported, and `juesuan build` / `check` / `audit` on the
example."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from narrative_cases import (
    CENTRAL_EXAMPLE,
    EMPTY_CLAUSE,
    REPORT,
    check_golden,
    compose,
    dataset,
    load_data,
    narrative_text,
    rederive,
)
from test_cli_report import run
from test_stated_figures import STATED, narrative_figures, narrative_section

from juesuan.document.compose import Composed
from juesuan.document.writers import extract_text
from juesuan.load.loader import load
from juesuan.model.accounts import Accounts
from juesuan.model.blocks import Document, Paragraph, SimpleTable, TableBlock
from juesuan.model.tables import TableSet

SECTIONS = [
    "一、收入支出决算总体情况说明",
    "二、收入决算情况说明",
    "三、支出决算情况说明",
    "四、财政拨款收入支出决算总体情况说明",
    "五、一般公共预算财政拨款支出决算情况说明",
    "六、一般公共预算财政拨款基本支出决算情况说明",
    "七、一般公共预算财政拨款“三公”经费支出决算情况说明",
    "八、机关运行经费支出说明",
    "九、政府采购支出说明",
    "十、国有资产占用情况说明",
    "十一、关于2024年度预算绩效情况说明",
]


@cache
def example() -> tuple[Composed, TableSet, Accounts]:
    accounts = load(CENTRAL_EXAMPLE)
    composed, tables = compose(accounts)
    return composed, tables, accounts


def central(report: dict[str, Any] | None = None, **unit_changes: Any) -> dict[str, Any]:
    """The small test unit of narrative_cases in the central layout."""
    data = dataset(REPORT if report is None else report, **unit_changes)
    data |= {"profile": "central-2024", "year": 2024}
    return data


def without_previous_three_public() -> dict[str, Any]:
    return dict(REPORT, previous={k: v for k, v in REPORT["previous"].items() if k != "three_public"})


def test_structure_follows_the_central_report() -> None:
    composed, tables, _ = example()
    document = composed.document
    assert document.title == "中央示例局2024年度部门决算"
    assert document.meta["cover_lines"] == "中央示例局\n2024年度部门决算"
    parts = [h.text for h in document.headings() if h.level == 0]
    assert parts == [
        "第一部分　中央示例局概况",
        "第二部分　中央示例局2024年度部门决算表",
        "第三部分　中央示例局2024年度部门决算情况说明",
        "第四部分　名词解释",
        "第五部分　附件",
    ]
    level1 = [h.text for h in document.headings() if h.level == 1]
    assert level1[:2] == ["一、部门职责", "二、机构设置"]
    assert [t.table.id for t in document.blocks if isinstance(t, TableBlock)] == [f"0{n}" for n in range(1, 10)]
    assert level1[2:11] == [f"{n}、{t.title}" for n, t in zip("一二三四五六七八九", tables, strict=True)]
    assert level1[11:22] == SECTIONS
    # no table of units, no staff numbers, no 尾数 note under the 目录 (公开01表's note says it)
    assert not any(isinstance(b, SimpleTable) for b in document.blocks)
    assert document.footer == ""
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert "中央示例局部门决算由2个单位的决算汇编而成：中央示例局本级、中央示例局机关服务中心。" in texts
    assert not any("在职人员" in t or "尾数" in t for t in texts)
    assert any(t.startswith("说明：中央示例局没有政府性基金预算财政拨款收入") for t in texts)
    assert composed.findings == ()


def test_golden_narrative_and_every_figure_rederives() -> None:
    composed, tables, accounts = example()
    text = narrative_text(composed.document)
    check_golden("central_demo.txt", text)
    assert not EMPTY_CLAUSE.search(text) and "【待补充" not in text
    figures = composed.document.figures()
    assert len(figures) > 80
    assert [p for f in figures if (p := rederive(f, tables, accounts))] == []
    # counts that no central table prints come from the dataset
    assert "团组1个，累计3人次" in text and "年末公务用车保有量为9辆" in text and "共有车辆9辆" in text
    cells = {c for f in figures for c in f.cells}
    assert "model:three_public_stats.vehicles_held" in cells and "model:assets.ministerial" in cells


def test_small_dataset_placeholders_only_where_shown() -> None:
    """The central 三公 section states no change from last year: a missing 上年“三公”经费 is no finding, while
    every 【待补充】 the document shows is one."""
    accounts = load_data(central(without_previous_three_public()))
    composed, tables = compose(accounts)
    shown = composed.document.placeholders()
    assert len(shown) == len(composed.missing) > 0
    assert not any("three_public" in f.message for f in composed.missing)
    assert [p for f in composed.document.figures() if (p := rederive(f, tables, accounts))] == []
    assert not EMPTY_CLAUSE.search(narrative_text(composed.document))


def test_without_three_public_and_assets() -> None:
    accounts = load_data(central(without_previous_three_public(), three_public=None, assets=None))
    composed, tables = compose(accounts)
    text = narrative_text(composed.document)
    assert "测试部门2024年度没有使用一般公共预算财政拨款安排“三公”经费支出。" in text
    # no units[].assets: the counts are not given, so they are marked, never printed as 0
    assert (
        "截至2024年12月31日，测试部门共有车辆【待补充：车辆数】辆；"
        "单价100万元（含）以上设备（不含车辆）【待补充：单价100万元（含）以上设备数】台（套）。"
    ) in text
    assert {"units[].assets.vehicles", "units[].assets.equipment_over_1m"} <= {
        m.locations[0].field for m in composed.missing
    }
    notes = [b.text for b in composed.document.blocks if isinstance(b, Paragraph)]
    assert "说明：测试部门2024年度没有一般公共预算财政拨款“三公”经费支出。" in notes
    assert [p for f in composed.document.figures() if (p := rederive(f, tables, accounts))] == []


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("central") / "out"
    code, stdout, stderr = run("build", CENTRAL_EXAMPLE, "-o", out, "--format", "docx,pdf,html")
    assert (code, stderr) == (0, ""), stdout
    assert "错误 0，警告 0" in stdout and "决算报告：待补充 0 处" in stdout
    return out


def test_build_cli_writes_the_report(built: Path) -> None:
    assert sorted(p.name for p in built.iterdir()) == ["report.docx", "report.html", "report.pdf"]
    assert (built / "report.pdf").read_bytes()[:5] == b"%PDF-"


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_stated_figures_in_the_written_report(built: Path, fmt: str) -> None:
    document: Document = example()[0].document
    expected = narrative_figures(document)
    section = narrative_section(extract_text((built / f"report.{fmt}").read_bytes(), fmt))
    assert "一、收入支出决算总体情况说明" in section
    # up to 十一 (预算绩效): the unit's own paragraphs there state amounts that are not derived figures
    assert STATED.findall(section[: section.rindex("十一、关于2024年度预算绩效情况说明")]) == expected


def test_check_and_audit_find_no_error(built: Path) -> None:
    code, stdout, _ = run("check", CENTRAL_EXAMPLE)
    assert code == 0 and "错误 0，警告 0，提示 0" in stdout
    code, stdout, _ = run("audit", built / "report.pdf")
    assert code == 0, stdout
    assert "模板：central-2024" in stdout and "未找到的表：无" in stdout
    assert "错误 0" in stdout
