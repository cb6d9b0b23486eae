"""The printed layout of a table, shared by the XLSX, HTML and Markdown writers so they cannot disagree.

:func:`grid` turns a :class:`~juesuan.model.tables.Table` into header rows and body rows of placed cells
(row, column, rowspan, colspan) following the official printed look of the Jiangxi 2023 tables:

- ``plain`` (09, 10): 项目 | 行次 | columns, then the 栏次 row;
- ``tree`` (02, 03, 05, 07, 08): 科目编码 | 科目名称 | columns, 合计 first, 款/项 names indented;
- ``two_sided`` (01, 04): a 收入 block and a 支出 block side by side, their rows paired by position;
- ``economic_groups`` (06): three blocks of (经济分类, 科目名称, 金额), the group totals on the last row.

Every covered position of the grid belongs to exactly one cell; blank positions are cells without text.
Values are the rows' display strings: nothing is computed here.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..model.tables import NA_TEXT, Column, Row, Table

#: Cell kinds: ``head`` (header text), ``label`` (row name), ``total`` (centred 合计 spanning the code and
#: name columns), ``code`` (科目编码), ``line`` (行次), ``value`` (an amount, a count or blank), ``na`` ("---").
KINDS = ("head", "label", "total", "code", "line", "value", "na")

LINE_HEADER = "行次"
NUMBER_HEADER = "栏次"
TREE_CODE_HEADER = "支出功能分类科目编码"
TREE_NAME_HEADER = "科目名称"
TREE_GROUP_HEADER = "项目"
FUNCTIONAL_ROW_HEADER = "项目（按功能分类）"
ECONOMIC_CODE_HEADER = "经济分类"

CODE_WIDTH = 12
LINE_WIDTH = 6
VALUE_WIDTH = 14


@dataclass(frozen=True, slots=True)
class GridCell:
    """One printed cell; ``number`` is "amount" or "count" when ``text`` is a number to write as such."""

    row: int
    col: int
    text: str | None = None
    kind: str = "value"
    rowspan: int = 1
    colspan: int = 1
    indent: int = 0
    number: str | None = None


@dataclass(frozen=True, slots=True)
class Grid:
    """Column widths (in character units, a CJK character counting 2) and the placed cells."""

    widths: tuple[int, ...]
    head: tuple[tuple[GridCell, ...], ...]
    body: tuple[tuple[GridCell, ...], ...]


@dataclass(frozen=True, slots=True)
class Caption:
    """The lines printed above and below a table."""

    title: str
    code: str
    department: str
    year: str
    unit: str
    notes: tuple[str, ...]


def caption(table: Table) -> Caption:
    unit_label = "金额单位" if table.unit == "万元" else "单位"
    return Caption(
        title=table.title,
        code=table.code,
        department=f"部门：{table.department}",
        year=f"{table.year} 年度",
        unit=f"{unit_label}：{table.unit}",
        notes=table.notes,
    )


def text_width(text: str) -> int:
    """Printed width in character units: wide (CJK) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _Section:
    """Cells of a header or body section, placed row by row."""

    def __init__(self) -> None:
        self.rows: dict[int, list[GridCell]] = {}

    def put(self, cell: GridCell) -> None:
        self.rows.setdefault(cell.row, []).append(cell)

    def head(self, row: int, col: int, text: str | None, rowspan: int = 1, colspan: int = 1) -> None:
        self.put(GridCell(row, col, text, "head", rowspan, colspan))

    def freeze(self) -> tuple[tuple[GridCell, ...], ...]:
        height = max(self.rows, default=-1) + 1
        return tuple(tuple(sorted(self.rows.get(r, []), key=lambda c: c.col)) for r in range(height))


def grid(table: Table) -> Grid:
    builders = {"tree": _tree, "two_sided": _two_sided, "economic_groups": _economic_groups}
    return builders.get(table.layout, _plain)(table)


def _value_cell(r: int, col: int, row: Row | None, header: str) -> GridCell:
    text = None if row is None else row.display(header)
    if row is None or text is None:
        return GridCell(r, col)
    if text == NA_TEXT:
        return GridCell(r, col, text, "na")
    return GridCell(r, col, text, "value", number=row.kind)


def _values(body: _Section, r: int, row: Row | None, columns: Sequence[Column], start: int) -> None:
    for i, column in enumerate(columns):
        body.put(_value_cell(r, start + i, row, column.key))


def _runs(columns: Sequence[Column]) -> Iterable[tuple[str | None, list[Column]]]:
    """Consecutive columns under the same upper header; ungrouped columns one by one."""
    for group, members in itertools.groupby(columns, key=lambda c: c.group):
        if group is None:
            yield from ((None, [c]) for c in members)
        else:
            yield group, list(members)


def _band(columns: Sequence[Column]) -> int:
    return 2 if any(c.group for c in columns) else 1


def _column_headers(head: _Section, columns: Sequence[Column], start: int, top: int, band: int) -> None:
    col = start
    for group, members in _runs(columns):
        if group is None:
            head.head(top, col, members[0].header, rowspan=band)
        else:
            head.head(top, col, group, colspan=len(members))
            for i, column in enumerate(members):
                head.head(top + 1, col + i, column.header)
        col += len(members)


def _numbered(table: Table) -> bool:
    return any(c.number is not None for c in table.columns)


def _column_numbers(head: _Section, columns: Sequence[Column], start: int, r: int) -> None:
    for i, column in enumerate(columns):
        head.head(r, start + i, None if column.number is None else str(column.number))


def _fit(texts: Iterable[str], low: int, high: int) -> int:
    return max(low, min(high, max((text_width(t) + 2 for t in texts), default=low)))


def _value_widths(columns: Sequence[Column]) -> list[int]:
    return [max(VALUE_WIDTH, min(20, text_width(c.header) // 2 + 2)) for c in columns]


# -- plain and two-sided ------------------------------------------------------------------------------


def _side_header(table: Table, side: str, index: int) -> str:
    rows = [r for r in table.rows if r.side == side]
    if index > 0 and any(r.code for r in rows):
        return FUNCTIONAL_ROW_HEADER
    return table.row_header


def _side_block(table: Table, side: str, index: int, sections: tuple[_Section, _Section], start: int, top: int) -> int:
    """Place one side's header and rows from column ``start``; returns the number of columns used."""
    head, body = sections
    columns = table.columns_of(side)
    rows = [r for r in table.rows if r.side == side]
    has_line = any(r.line is not None for r in rows)
    band = _band(table.columns)
    head.head(top, start, _side_header(table, side, index), rowspan=band)
    lead = 1
    if has_line:
        head.head(top, start + 1, LINE_HEADER, rowspan=band)
        lead = 2
    _column_headers(head, columns, start + lead, top, band)
    if _numbered(table):
        head.head(top + band, start, NUMBER_HEADER)
        if has_line:
            head.head(top + band, start + 1, None)
        _column_numbers(head, columns, start + lead, top + band)
    for r, row in enumerate(rows):
        body.put(GridCell(r, start, row.label or None, "label", indent=row.indent))
        if has_line:
            body.put(GridCell(r, start + 1, None if row.line is None else str(row.line), "line"))
        _values(body, r, row, columns, start + lead)
    _pad(body, len(rows), _height(table), start, lead + len(columns))
    return lead + len(columns)


def _height(table: Table) -> int:
    return max(sum(1 for r in table.rows if r.side == side) for side in table.sides())


def _pad(body: _Section, first: int, last: int, start: int, count: int) -> None:
    """Blank cells for the rows a shorter side lacks."""
    for r in range(first, last):
        for c in range(start, start + count):
            body.put(GridCell(r, c, None, "value"))


def _side_widths(table: Table, side: str, index: int) -> list[int]:
    rows = [r for r in table.rows if r.side == side]
    label = _fit((r.label for r in rows), 24, 60)
    line = [LINE_WIDTH] if any(r.line is not None for r in rows) else []
    return [label, *line, *_value_widths(table.columns_of(side))]


def _plain(table: Table) -> Grid:
    head, body = _Section(), _Section()
    _side_block(table, "", 0, (head, body), 0, 0)
    return Grid(tuple(_side_widths(table, "", 0)), head.freeze(), body.freeze())


def _two_sided(table: Table) -> Grid:
    head, body = _Section(), _Section()
    start = 0
    widths: list[int] = []
    for index, side in enumerate(table.sides()):
        used = _side_block(table, side, index, (head, body), start, 1)
        head.head(0, start, side, colspan=used)
        widths += _side_widths(table, side, index)
        start += used
    return Grid(tuple(widths), head.freeze(), body.freeze())


# -- tree ----------------------------------------------------------------------------------------------


def _tree(table: Table) -> Grid:
    head, body = _Section(), _Section()
    columns = table.columns
    head.head(0, 0, TREE_GROUP_HEADER, colspan=2)
    head.head(1, 0, TREE_CODE_HEADER)
    head.head(1, 1, TREE_NAME_HEADER)
    _column_headers(head, columns, 2, 0, 2)
    if _numbered(table):
        head.head(2, 0, NUMBER_HEADER, colspan=2)
        _column_numbers(head, columns, 2, 2)
    for r, row in enumerate(table.rows):
        if row.code is None:
            body.put(GridCell(r, 0, row.label, "total", colspan=2))
        else:
            body.put(GridCell(r, 0, row.code, "code"))
            body.put(GridCell(r, 1, row.label, "label", indent=row.indent))
        _values(body, r, row, columns, 2)
    name = _fit((r.label for r in table.rows), 30, 44)
    return Grid((CODE_WIDTH, name, *_value_widths(columns)), head.freeze(), body.freeze())


# -- economic groups (06) ------------------------------------------------------------------------------


def economic_blocks(table: Table) -> list[tuple[str, tuple[str, ...]]]:
    """The printed column blocks as (group, classes): each group is one block, except that the last
    group's first class stands alone and its other classes share a block (302 | 307 310 312 399)."""
    blocks: list[tuple[str, tuple[str, ...]]] = [(name, classes) for name, classes in table.groups[:-1]]
    if table.groups:
        name, classes = table.groups[-1]
        blocks.append((name, classes[:1]))
        if len(classes) > 1:
            blocks.append((name, classes[1:]))
    return blocks


def _economic_groups(table: Table) -> Grid:
    head, body = _Section(), _Section()
    blocks = economic_blocks(table)
    block_rows = [[r for r in table.rows if r.code and r.code[:3] in classes] for _, classes in blocks]
    height = max((len(rows) for rows in block_rows), default=0)
    widths: list[int] = []
    for b, ((_group, _classes), rows) in enumerate(zip(blocks, block_rows, strict=True)):
        start = 3 * b
        for i, header in enumerate((ECONOMIC_CODE_HEADER, TREE_NAME_HEADER, table.columns[0].header)):
            head.head(1, start + i, header)
        for r in range(height):
            row = rows[r] if r < len(rows) else None
            body.put(GridCell(r, start, row.code if row else None, "code"))
            body.put(GridCell(r, start + 1, row.label if row else None, "label", indent=row.indent if row else 0))
            _values(body, r, row, table.columns[:1], start + 2)
        widths += [10, _fit((r.label for r in rows), 20, 36), VALUE_WIDTH]
    _group_headers(head, blocks)
    _economic_totals(table, body, blocks, height)
    return Grid(tuple(widths), head.freeze(), body.freeze())


def _group_spans(blocks: Sequence[tuple[str, tuple[str, ...]]]) -> list[tuple[str, int, int]]:
    """(group, first column, column count) of each group over its blocks."""
    spans: list[tuple[str, int, int]] = []
    for b, (group, _classes) in enumerate(blocks):
        if spans and spans[-1][0] == group:
            spans[-1] = (group, spans[-1][1], spans[-1][2] + 3)
        else:
            spans.append((group, 3 * b, 3))
    return spans


def _group_headers(head: _Section, blocks: Sequence[tuple[str, tuple[str, ...]]]) -> None:
    for group, start, count in _group_spans(blocks):
        head.head(0, start, group, colspan=count)


def _economic_totals(table: Table, body: _Section, blocks: Sequence[tuple[str, tuple[str, ...]]], r: int) -> None:
    """The group totals (the rows outside any group, in group order) on the last row, each under its group."""
    totals = [row for row in table.rows if row.group is None and not row.code]
    spans = _group_spans(blocks)
    for i, (_group, start, count) in enumerate(spans):
        row = totals[i] if i < len(totals) else None
        body.put(GridCell(r, start, row.label if row else None, "label", colspan=count - 1))
        _values(body, r, row, table.columns[:1], start + count - 1)
