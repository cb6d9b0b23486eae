"""``tables.xlsx``: one sheet per table in the official printed look (see :mod:`.layout`).

Values come from the rows' display strings; amounts and counts are written as numbers (the display string
converted with ``Decimal`` → ``float`` only here, at the xlsxwriter boundary) with a number format, "---"
as text, blank cells left empty. Each sheet prints on A4 landscape, one page wide, header rows repeated.
"""

from __future__ import annotations

import io
import math
from decimal import Decimal
from typing import Any

import xlsxwriter

from ..model.tables import Table, TableSet
from . import layout
from .layout import Caption, Grid, GridCell

FONT = "宋体"
AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "0"
LINE_HEIGHT = 14.0
BODY_HEIGHT = 17.0
PAPER_A4 = 9
#: Sheets with at most this many rows are shrunk onto one page, as printed in the reports; longer ones
#: run over several pages with the header rows repeated.
ONE_PAGE_ROWS = 48

_BASE: dict[str, Any] = {"font_name": FONT, "font_size": 10, "valign": "vcenter"}
_KIND_STYLES: dict[str, dict[str, Any]] = {
    "head": {"bold": True, "align": "center", "text_wrap": True},
    "label": {"align": "left"},
    "total": {"align": "center"},
    "code": {"align": "left"},
    "line": {"align": "center"},
    "value": {"align": "right"},
    "na": {"align": "center"},
}
_NUMBER_FORMATS = {"amount": AMOUNT_FORMAT, "count": COUNT_FORMAT}
_CAPTION_STYLES: dict[str, dict[str, Any]] = {
    "title": {"bold": True, "font_size": 18, "align": "center"},
    "left": {"align": "left"},
    "center": {"align": "center"},
    "right": {"align": "right"},
    "note": {"align": "left", "valign": "top", "text_wrap": True},
}


class _Styles:
    """Formats created once per workbook and shared by all sheets."""

    def __init__(self, workbook: Any) -> None:
        self.workbook = workbook
        self.cache: dict[tuple[str, int, str | None], Any] = {}
        self.caption = {name: workbook.add_format({**_BASE, **style}) for name, style in _CAPTION_STYLES.items()}

    def cell(self, cell: GridCell) -> Any:
        key = (cell.kind, cell.indent, cell.number)
        if key not in self.cache:
            style: dict[str, Any] = {**_BASE, **_KIND_STYLES[cell.kind], "border": 1}
            if cell.indent:
                style["indent"] = cell.indent
            if cell.number:
                style["num_format"] = _NUMBER_FORMATS[cell.number]
            self.cache[key] = self.workbook.add_format(style)
        return self.cache[key]


def render(tables: TableSet) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    workbook.set_properties({"title": f"{tables.department} {tables.year} 年度部门决算公开表"})
    styles = _Styles(workbook)
    for table in tables:
        _write_sheet(workbook.add_worksheet(table.code), table, styles)
    workbook.close()
    return buffer.getvalue()


def _write_sheet(sheet: Any, table: Table, styles: _Styles) -> None:
    grid = layout.grid(table)
    info = layout.caption(table)
    for col, width in enumerate(grid.widths):
        sheet.set_column(col, col, width)
    top = _write_caption(sheet, info, len(grid.widths), styles)
    body_top = _write_section(sheet, grid.head, top, styles)
    end = _write_section(sheet, grid.body, body_top, styles)
    for row in range(body_top, end):
        sheet.set_row(row, BODY_HEIGHT)
    _set_head_heights(sheet, grid, top)
    last = _write_notes(sheet, info.notes, end, grid.widths, styles)
    _page_setup(sheet, top, body_top - 1, last, len(grid.widths) - 1)


def _span(sheet: Any, row: int, first: int, last: int, text: str, style: Any) -> None:
    if last > first:
        sheet.merge_range(row, first, row, last, text, style)
    else:
        sheet.write_string(row, first, text, style)


def _write_caption(sheet: Any, info: Caption, ncols: int, styles: _Styles) -> int:
    """Title, then 部门 | 年度 | 公开NN表, then the unit at the right; returns the first table row."""
    last = ncols - 1
    _span(sheet, 0, 0, last, info.title, styles.caption["title"])
    sheet.set_row(0, 36)
    if ncols < 3:
        sheet.write_string(1, 0, f"{info.department}　{info.year}　{info.code}", styles.caption["left"])
    else:
        left = max(1, (ncols - 1) // 2)
        _span(sheet, 1, 0, left - 1, info.department, styles.caption["left"])
        _span(sheet, 1, left, last - 1, info.year, styles.caption["center"])
        sheet.write_string(1, last, info.code, styles.caption["right"])
    sheet.write_string(2, last, info.unit, styles.caption["right"])
    return 3


def _write_section(sheet: Any, rows: tuple[tuple[GridCell, ...], ...], top: int, styles: _Styles) -> int:
    for cells in rows:
        for cell in cells:
            _write_cell(sheet, top + cell.row, cell, styles.cell(cell))
    return top + len(rows)


def _write_cell(sheet: Any, row: int, cell: GridCell, style: Any) -> None:
    col = cell.col
    if cell.rowspan > 1 or cell.colspan > 1:
        sheet.merge_range(row, col, row + cell.rowspan - 1, col + cell.colspan - 1, "", style)
    if cell.text is None:
        sheet.write_blank(row, col, None, style)
    elif cell.number:
        sheet.write_number(row, col, float(Decimal(cell.text)), style)
    elif cell.kind == "line":
        sheet.write_number(row, col, int(cell.text), style)
    else:
        sheet.write_string(row, col, cell.text, style)


def _lines(text: str, width: float) -> int:
    return max(1, math.ceil(layout.text_width(text) / max(width - 1, 1)))


def _set_head_heights(sheet: Any, grid: Grid, top: int) -> None:
    """Header rows tall enough for their wrapped single-row cells."""
    for r, cells in enumerate(grid.head):
        lines = [
            _lines(c.text, sum(grid.widths[c.col : c.col + c.colspan])) for c in cells if c.text and c.rowspan == 1
        ]
        sheet.set_row(top + r, LINE_HEIGHT * max(lines, default=1) + 6)


def _write_notes(sheet: Any, notes: tuple[str, ...], row: int, widths: tuple[int, ...], styles: _Styles) -> int:
    """Notes under the table, one merged row each; returns the last row used."""
    last = row - 1
    for i, note in enumerate(notes):
        last = row + i
        _span(sheet, last, 0, len(widths) - 1, note, styles.caption["note"])
        sheet.set_row(last, LINE_HEIGHT * _lines(note, sum(widths)) + 4)
    return last


def _page_setup(sheet: Any, head_top: int, head_bottom: int, last_row: int, last_col: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(PAPER_A4)
    sheet.fit_to_pages(1, 1 if last_row < ONE_PAGE_ROWS else 0)
    sheet.center_horizontally()
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.repeat_rows(head_top, head_bottom)
    sheet.print_area(0, 0, last_row, last_col)
    sheet.set_footer("&C第 &P 页，共 &N 页")
    sheet.hide_gridlines(2)
    sheet.ignore_errors({"number_stored_as_text": f"A1:{xlsxwriter.utility.xl_rowcol_to_cell(last_row, last_col)}"})
