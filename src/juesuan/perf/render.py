"""Write self-evaluation tables (绩效自评表) as XLSX (one sheet per evaluation), DOCX and one HTML page."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path

import xlsxwriter
from jinja2 import Environment, StrictUndefined

from .sheet import Grid

FONT = "宋体"

_HTML = """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
@page { size: A4 landscape; margin: 12mm; }
body { font-family: "Noto Serif CJK SC", "SimSun", serif; font-size: 10.5pt; }
section { page-break-after: always; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 4mm; }
p.info { margin: 1mm 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; }
th { font-weight: bold; text-align: center; }
td.num { text-align: right; }
p.footer { margin-top: 2mm; }
</style>
</head>
<body>
{% for grid in grids %}
<section>
<h1>{{ grid.title }}</h1>
{% for key, value in grid.info %}<p class="info">{{ key }}：{{ value }}</p>
{% endfor %}
<table>
<thead><tr>{% for h in grid.header %}<th>{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for row in grid.cells %}<tr>{% for text, kind in row %}<td class="{{ kind }}">{{ text }}</td>{% endfor %}</tr>
{% endfor %}</tbody>
</table>
{% for line in grid.footer %}<p class="footer">{{ line }}</p>
{% endfor %}</section>
{% endfor %}
</body>
</html>
"""


def grids_html(grids: Sequence[Grid], title: str) -> str:
    env = Environment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)
    pages = [
        {"title": g.title, "info": g.info, "header": g.header, "footer": g.footer,
         "cells": [[(text, "num" if i in g.numeric else "text") for i, text in enumerate(row)] for row in g.body]}
        for g in grids
    ]  # fmt: skip
    return env.from_string(_HTML).render(grids=pages, title=title)


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


def write_docx(grids: Sequence[Grid], path: Path) -> None:
    """One table per evaluation (title, information lines, the table, the grade line), a page each."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    style = document.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(10.5)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for index, grid in enumerate(grids):
        if index:
            document.add_page_break()  # type: ignore[no-untyped-call]
        title = document.add_paragraph()
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = title.add_run(grid.title)
        run.bold, run.font.size = True, Pt(16)
        for key, value in grid.info:
            document.add_paragraph(f"{key}：{value}")
        table = document.add_table(rows=1 + len(grid.body), cols=len(grid.header))
        table.style = "Table Grid"
        for col, header in enumerate(grid.header):
            cell = table.cell(0, col)
            cell.text = header
            cell.paragraphs[0].runs[0].bold = True
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        for row, cells in enumerate(grid.body, start=1):
            for col, text in enumerate(cells):
                cell = table.cell(row, col)
                cell.text = text
                if col in grid.numeric:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for line in grid.footer:
            document.add_paragraph(line)
    document.save(str(path))


def write_tables(grids: Sequence[Grid], out: Path, title: str) -> tuple[Path, ...]:
    """Write ``evaluations.xlsx``, ``evaluations.docx`` and ``evaluations.html`` into ``out`` (created when
    missing)."""
    out.mkdir(parents=True, exist_ok=True)
    xlsx, document, html = out / "evaluations.xlsx", out / "evaluations.docx", out / "evaluations.html"
    write_xlsx(grids, xlsx)
    write_docx(grids, document)
    html.write_text(grids_html(grids, title), encoding="utf-8")
    return xlsx, document, html
