"""The shared table layout (juesuan.render.layout) that the XLSX, HTML and Markdown writers print."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import juesuan
from juesuan.model.tables import TableSet
from juesuan.render import html, layout
from juesuan.render.layout import GridCell

FIXTURE = Path(__file__).parent / "fixtures" / "small.yaml"


@pytest.fixture(scope="module")
def tables() -> TableSet:
    return juesuan.build_tables(juesuan.load(FIXTURE)).tables


def _coverage(rows: tuple[tuple[GridCell, ...], ...], ncols: int) -> list[list[int]]:
    seen = [[0] * ncols for _ in rows]
    for r, cells in enumerate(rows):
        for cell in cells:
            assert cell.row == r
            for rr in range(cell.row, cell.row + cell.rowspan):
                for cc in range(cell.col, cell.col + cell.colspan):
                    seen[rr][cc] += 1
    return seen


def test_every_position_is_covered_once(tables: TableSet) -> None:
    for table in tables:
        grid = layout.grid(table)
        for section in (grid.head, grid.body):
            seen = _coverage(section, len(grid.widths))
            assert all(count == 1 for row in seen for count in row), table.code


def test_every_value_is_printed(tables: TableSet) -> None:
    for table in tables:
        grid = layout.grid(table)
        printed = sorted(c.text for row in grid.body for c in row if c.kind in ("value", "na") and c.text)
        displays = sorted(
            text for row in table.rows for header in row.cells if (text := row.display(header)) is not None
        )
        assert printed == displays, table.code


def test_tree_total_first_and_names_indented(tables: TableSet) -> None:
    grid = layout.grid(tables["03"])
    first = grid.body[0][0]
    assert (first.text, first.kind, first.colspan) == ("合计", "total", 2)
    names = {c.text: c.indent for row in grid.body for c in row if c.kind == "label"}
    assert names["一般公共服务支出"] == 0
    assert names["政府办公厅（室）及相关机构事务"] == 1
    assert names["行政运行"] == 2


def test_grouped_columns_share_an_upper_header(tables: TableSet) -> None:
    head = layout.grid(tables["07"]).head
    group = next(c for c in head[0] if c.text == "本年支出")
    assert group.colspan == 3
    assert [c.text for c in head[1] if group.col <= c.col < group.col + 3] == ["小计", "基本支出", "项目支出"]


def test_two_sided_blocks(tables: TableSet) -> None:
    head = layout.grid(tables["04"]).head
    assert [(c.text, c.colspan) for c in head[0]] == [("收入", 3), ("支出", 6)]
    assert head[1][3].text == "项目（按功能分类）"


def test_economic_groups_follow_the_template(tables: TableSet) -> None:
    table = tables["06"]
    assert layout.economic_blocks(table) == [
        ("人员经费", ("301", "303")),
        ("公用经费", ("302",)),
        ("公用经费", ("307", "310", "312", "399")),
    ]
    grid = layout.grid(table)
    assert [(c.text, c.colspan) for c in grid.head[0]] == [("人员经费", 3), ("公用经费", 6)]
    footer = [(c.col, c.text) for c in grid.body[-1] if c.text]
    assert footer == [(0, "人员经费合计"), (2, "23.17"), (3, "公用经费合计"), (8, "7.43")]


def test_html_rows_match_the_grid(tables: TableSet) -> None:
    page = html.render(tables)
    for table in tables:
        grid = layout.grid(table)
        section = re.search(rf'id="table-{table.id}">.*?</section>', page, re.S)
        assert section is not None
        assert section.group(0).count("<tr>") == len(grid.head) + len(grid.body)
        assert len(re.findall(r"<th[ >]", section.group(0))) == sum(len(r) for r in grid.head)
        assert len(re.findall(r"<td[ >]", section.group(0))) == sum(len(r) for r in grid.body)
