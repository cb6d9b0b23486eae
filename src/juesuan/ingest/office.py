"""DOCX and XLSX/XLS readers: native tables become unpositioned lines (one cell per grid column).

* DOCX (python-docx): paragraphs and tables in body order; a horizontally merged cell is kept once (its
  repeats are blanks). The document is one page (``number`` None); line numbers count body lines.
* XLSX/XLS (python-calamine): one table per sheet, as a 决算 workbook exports it; sheet N is page N.
  Numbers are read from the stored value's shortest decimal form (``repr``), straight into text: no
  arithmetic is done on floats.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .document import Document, Line, Page, TextCell
from .guard import fail


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def _line(number: int, texts: list[str], page: int | None, sheet: str | None = None) -> Line:
    return Line(number, tuple(TextCell(t, i, i) for i, t in enumerate(texts)), page, sheet=sheet)


def read_workbook(path: Path) -> Document:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises its own error types for damaged or encrypted files
        raise fail(path, f"电子表格无法读取（{type(exc).__name__}），文件可能已损坏或加密") from exc
    pages = []
    for index, name in enumerate(book.sheet_names, start=1):
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        lines = []
        grid = []
        for number, row in enumerate(rows, start=1):
            texts = [_cell_text(v) for v in row]
            grid.append(texts)
            if any(texts):
                lines.append(_line(number, texts, index, name))
        text = "\n".join("\t".join(r) for r in grid)
        pages.append(Page(index, f"{name}\n{text}", lines, [grid]))
    return Document(str(path), "xlsx", pages)


def read_docx(path: Path) -> Document:
    import docx
    from docx.table import Table as DocxTable
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises several types for damaged files
        raise fail(path, f"Word 文档无法读取（{type(exc).__name__}），文件可能已损坏") from exc
    lines: list[Line] = []
    grids: list[list[list[str]]] = []
    texts: list[str] = []
    number = 0
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = Paragraph(child, document).text.strip()
            number += 1
            if text:
                lines.append(_line(number, [text], None))
                texts.append(text)
        elif tag == "tbl":
            table = DocxTable(child, document)
            grid = []
            for row in table.rows:
                seen: set[int] = set()
                cells = []
                for cell in row.cells:
                    key = id(cell._tc)
                    cells.append("" if key in seen else cell.text.strip())
                    seen.add(key)
                number += 1
                grid.append(cells)
                if any(cells):
                    lines.append(_line(number, cells, None))
                    texts.append("\t".join(cells))
            grids.append(grid)
    return Document(str(path), "docx", [Page(None, "\n".join(texts), lines, grids)])
