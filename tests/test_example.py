"""The bundled example (examples/jdz-nanchang-2023) against the report it reconstructs.

dataset.yaml is built with both rounding policies and compared cell by cell with published.yaml (the
seed report's ten tables as printed). The differing cells are pinned: any change to the builder, the
profile, the dataset or the transcription that moves a printed figure fails here, and README.md's table
of differences must then be brought up to date.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest

import juesuan
import seedcompare
from juesuan.render.json_out import tables_to_dict

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "jdz-nanchang-2023"
DATASET = EXAMPLE / "dataset.yaml"
PUBLISHED = EXAMPLE / "published.yaml"

AMOUNT_CELLS = 186  # non-empty amount cells printed in the seed's tables

# (table, side + 行次 / 科目编码 / label, row, column, published, built)
DIFFS_INDEPENDENT = [
    # 一般公共服务支出: 119.91 in 01/03, 119.90 in 04/05; the accounts give 119.90.
    ("01", "支出行32", "一、一般公共服务支出", "决算数", "119.91", "119.90"),
    ("03", "201", "一般公共服务支出", "本年支出合计", "119.91", "119.90"),
    # 项目支出: 91.80 in 03, 91.79 in 05 (= 50.31 + 41.48); the accounts give 91.79.
    ("03", "201", "一般公共服务支出", "项目支出", "91.80", "91.79"),
    ("03", "20103", "政府办公厅（室）及相关机构事务", "项目支出", "91.80", "91.79"),
    ("03", "合计", "合计", "项目支出", "91.80", "91.79"),
    # 04 leaves the 其中：一般公共预算财政拨款 row of the closing balance blank.
    ("04", "支出行61", "一、一般公共预算财政拨款", "一般公共预算财政拨款", None, "4.17"),
    ("04", "支出行61", "一、一般公共预算财政拨款", "小计", None, "4.17"),
]

DIFFS_ADJUSTED = [
    ("01", "支出行32", "一、一般公共服务支出", "决算数", "119.91", "119.90"),
    # 年末结转和结余 = 45.65 + 83.58 − 125.07 of the printed figures.
    ("01", "支出行60", "年末结转和结余", "决算数", "4.17", "4.16"),
    # 本年收入合计 83.58 = 78.42 + 2.71 + 1.09 + 1.36: 卫生健康 prints the sum of its 项.
    ("02", "210", "卫生健康支出", "本年收入合计", "1.10", "1.09"),
    ("02", "210", "卫生健康支出", "财政拨款收入", "1.10", "1.09"),
    ("02", "21011", "行政事业单位医疗", "本年收入合计", "1.10", "1.09"),
    ("02", "21011", "行政事业单位医疗", "财政拨款收入", "1.10", "1.09"),
    ("03", "201", "一般公共服务支出", "本年支出合计", "119.91", "119.90"),
    ("03", "201", "一般公共服务支出", "项目支出", "91.80", "91.79"),
    # 118.50 over 项 13.08 + 63.93 + 41.48 = 118.49.
    ("03", "20103", "政府办公厅（室）及相关机构事务", "本年支出合计", "118.50", "118.49"),
    ("03", "20103", "政府办公厅（室）及相关机构事务", "项目支出", "91.80", "91.79"),
    # 卫生健康支出 1.10 over 项 0.73 + 0.34 + 0.02: one 项 takes the 0.01.
    ("03", "2101102", "事业单位医疗", "基本支出", "0.73", "0.74"),
    ("03", "2101102", "事业单位医疗", "本年支出合计", "0.73", "0.74"),
    # 基本支出 = the sum of its printed 项 (with 0.74), as table 06 (29.91 + 3.37).
    ("03", "合计", "合计", "基本支出", "33.27", "33.28"),
    ("03", "合计", "合计", "项目支出", "91.80", "91.79"),
    ("04", "支出行60", "年初财政拨款结转和结余", "一般公共预算财政拨款", "4.17", "4.16"),
    ("04", "支出行60", "年初财政拨款结转和结余", "小计", "4.17", "4.16"),
    ("04", "支出行61", "一、一般公共预算财政拨款", "一般公共预算财政拨款", None, "4.16"),
    ("04", "支出行61", "一、一般公共预算财政拨款", "小计", None, "4.16"),
    ("05", "20103", "政府办公厅（室）及相关机构事务", "本年支出合计", "118.50", "118.49"),
    ("05", "2101102", "事业单位医疗", "基本支出", "0.73", "0.74"),
    ("05", "2101102", "事业单位医疗", "本年支出合计", "0.73", "0.74"),
    ("05", "合计", "合计", "基本支出", "33.27", "33.28"),
]

# Labels printed differently from the profile / code table (rows still matched by 行次 or code).
LABEL_DIFFS = [
    ("02", "20103", "政府办公厅（室）及相关机构事", "政府办公厅（室）及相关机构事务"),
    ("02", "2080505", "机关事业单位基本养老保险缴费", "机关事业单位基本养老保险缴费支出"),
    ("03", "2080505", "机关事业单位基本养老保险缴费", "机关事业单位基本养老保险缴费支出"),
    ("04", "支出行60", "年初财政拨款结转和结余", "年末财政拨款结转和结余"),
    ("05", "2080505", "机关事业单位基本养老保险缴费支", "机关事业单位基本养老保险缴费支出"),
    ("06", "39908", "对民间非营利组织和群众", "对民间非营利组织和群众性自治组织补贴"),
    ("06", "公用经费合计", "公用支出合计", "公用经费合计"),
    (
        "10",
        "行10",
        "二、单价 100 万元（含）以上设备（不含车辆）（台、套）",
        "二、单价100万元（含）以上设备（不含车辆）（台、套）",
    ),
]

EXPECTED = {"independent": DIFFS_INDEPENDENT, "adjusted": DIFFS_ADJUSTED}


@cache
def _build(rounding: str) -> juesuan.Build:
    return juesuan.build_tables(juesuan.load(DATASET), rounding)


@cache
def _compare(rounding: str) -> seedcompare.Comparison:
    published = seedcompare.load_published(PUBLISHED)
    return seedcompare.compare(published, tables_to_dict(_build(rounding).tables))


def test_published_transcription_has_the_ten_tables() -> None:
    published = seedcompare.load_published(PUBLISHED)
    assert [t["id"] for t in published["tables"]] == [f"{n:02d}" for n in range(1, 11)]
    assert published["profile"] == "jiangxi-2023"
    assert _compare("independent").amount_cells == AMOUNT_CELLS


@pytest.mark.parametrize("rounding", ["independent", "adjusted"])
def test_differing_cells_are_exactly_the_pinned_ones(rounding: str) -> None:
    assert _compare(rounding).pins() == sorted(EXPECTED[rounding])


@pytest.mark.parametrize("rounding", ["independent", "adjusted"])
def test_every_difference_is_at_most_one_hundredth(rounding: str) -> None:
    comparison = _compare(rounding)
    assert comparison.max_abs_delta() <= Decimal("0.01")
    # the only non-numeric differences: cells the seed leaves blank that the build fills
    assert all(d.published is None and d.built is not None for d in comparison.other_diffs)


def test_independent_rounding_reproduces_at_least_95_percent() -> None:
    comparison = _compare("independent")
    assert comparison.amount_matches == AMOUNT_CELLS - 5
    assert comparison.rate >= 0.95


def test_adjusted_match_rate() -> None:
    assert _compare("adjusted").amount_matches == AMOUNT_CELLS - 20


def test_default_build_has_no_error_findings() -> None:
    build = _build("adjusted")
    assert build.tables.rounding == "adjusted"
    assert [f for f in build.findings if f.severity is juesuan.Severity.ERROR] == []


def test_label_differences_are_the_seed_misprints() -> None:
    found = [(d.table, f"{d.side}{d.where}", d.published, d.built) for d in _compare("adjusted").label_diffs]
    assert found == LABEL_DIFFS


def _readme_rows(heading: str) -> list[tuple[str, str, str, str | None, str]]:
    """(表, 行, 栏, 公开数, 生成数) of the Markdown table under a README heading."""
    text = (EXAMPLE / "README.md").read_text(encoding="utf-8")
    section = text.split(f"## {heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 6 and cells[0].isdigit():
            published = None if cells[3] == "（空白）" else cells[3]
            rows.append((cells[0], cells[1], cells[2], published, cells[4]))
    return rows


@pytest.mark.parametrize(
    ("rounding", "heading"),
    [("independent", "差异清单：`independent`（逐格四舍五入）"), ("adjusted", "差异清单：`adjusted`（默认）")],
)
def test_readme_lists_every_difference(rounding: str, heading: str) -> None:
    computed = [
        (d.table, seedcompare.describe_row(d), d.column, d.published, d.built) for d in _compare(rounding).diffs
    ]
    assert sorted(_readme_rows(heading), key=str) == sorted(computed, key=str)


def test_the_examples_published_report_is_the_seed() -> None:
    """published-report.txt is the seed report byte for byte (the tests and the README's audit command read it
    from the example, so that a clone needs no ../shared)."""
    from shared_data import SHARED_SEED

    if not SHARED_SEED.exists():
        pytest.skip(f"the shared seed is not on this machine ({SHARED_SEED}); the copy cannot be compared")
    assert (EXAMPLE / "published-report.txt").read_bytes() == SHARED_SEED.read_bytes()
