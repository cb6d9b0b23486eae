"""The self-evaluation tables (绩效自评表) as files: ``evaluations.xlsx`` (a sheet per evaluation), and
``evaluations.docx`` / ``evaluations.html`` written by the report's own writers (:mod:`.writers`), so the tables
``juesuan score -o`` writes are laid out exactly as the report's 第五部分 附件: 分值 and 得分 as wide as their
numbers, headers wrapped between words, 单位：分.

Everything printed is for publication: the grids come from :func:`juesuan.perf.sheet.self_evaluation_table`,
whose footer states only a grade a reader may be told; the reviewer's notes stay in ``juesuan score``'s
terminal output and in the findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

import xlsxwriter

from ..model.blocks import Block, Document, PageBreak, Paragraph
from ..perf.sheet import Grid
from .evaluations import evaluation_table
from .writers import render_document

FONT = "宋体"


def evaluations_document(grids: Sequence[Grid], title: str) -> Document:
    """A document of the tables, one a page: a cover with ``title``, then each table with its information lines,
    单位：分 and its grade line."""
    blocks: list[Block] = [Paragraph.plain(title, "cover-title")]
    for grid in grids:
        blocks += [PageBreak(), evaluation_table(grid)]
    return Document(title=title, department="", year=0, blocks=tuple(blocks))


def _number(text: str) -> float | None:
    """A printed score as a number for the spreadsheet (Decimal → float only here, at the xlsxwriter boundary)."""
    try:
        return float(Decimal(text))
    except (InvalidOperation, ValueError):
        return None


def write_xlsx(grids: Sequence[Grid], path: Path) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    base = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "text_wrap": True}
    title_format = workbook.add_format({**base, "bold": True, "font_size": 16, "align": "center"})
    info_format = workbook.add_format({**base, "align": "left", "text_wrap": False})
    unit_format = workbook.add_format({**base, "align": "right", "text_wrap": False})
    head = workbook.add_format({**base, "bold": True, "align": "center", "border": 1})
    text = workbook.add_format({**base, "border": 1})
    number = workbook.add_format({**base, "border": 1, "align": "right", "num_format": "0.00"})
    used: set[str] = set()
    for index, grid in enumerate(grids, start=1):
        name = f"{index} {grid.title}"[:31]
        while name in used:
            name = name[:28] + f"~{len(used)}"
        used.add(name)
        sheet = workbook.add_worksheet(name)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.fit_to_pages(1, 0)
        last = len(grid.header) - 1
        sheet.merge_range(0, 0, 0, last, grid.title, title_format)
        row = 1
        for key, value in grid.info:
            sheet.write_string(row, 0, f"{key}：{value}", info_format)
            row += 1
        if grid.unit:
            sheet.write_string(row, last, f"单位：{grid.unit}", unit_format)
            row += 1
        for col, header in enumerate(grid.header):
            sheet.write_string(row, col, header, head)
        sheet.repeat_rows(row)
        for cells in grid.body:
            row += 1
            for col, cell in enumerate(cells):
                figure = _number(cell) if col in grid.numeric and cell else None
                if figure is not None:
                    sheet.write_number(row, col, figure, number)
                elif cell:
                    sheet.write_string(row, col, cell, text)
                else:
                    sheet.write_blank(row, col, None, text)
        for line in grid.footer:
            row += 1
            sheet.write_string(row, 0, line, info_format)
        for col, header in enumerate(grid.header):
            sheet.set_column(col, col, 28 if "原因" in header or "说明" in header else 16)
    workbook.close()


def write_tables(grids: Sequence[Grid], out: Path, title: str) -> tuple[Path, ...]:
    """Write ``evaluations.xlsx``, ``evaluations.docx`` and ``evaluations.html`` into ``out`` (created when
    missing)."""
    out.mkdir(parents=True, exist_ok=True)
    xlsx, word, html = out / "evaluations.xlsx", out / "evaluations.docx", out / "evaluations.html"
    write_xlsx(grids, xlsx)
    document = evaluations_document(grids, title)
    word.write_bytes(render_document(document, "docx"))
    html.write_bytes(render_document(document, "html"))
    return xlsx, word, html


__all__ = ["evaluations_document", "write_tables", "write_xlsx"]
