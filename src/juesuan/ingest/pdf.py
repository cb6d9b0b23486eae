"""PDF reader: pypdfium2 for every page's text (fast), pdfplumber for positioned words on table pages.

A page without a text layer (an image, a scan) is marked ``scanned``; nothing is read from it. Table pages
are the pages whose text mentions 金额单位 or 栏次 and the pages continuing them (several lines starting with
a 科目编码), or, when no page does, the pages carrying many amounts; on them, words are grouped into
lines (same baseline) and neighbouring label words into cells, each cell with its x extent.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .cells import is_value
from .document import Document, Line, Page, TextCell
from .guard import MAX_PAGES, MAX_TABLE_PAGES, fail

_AMOUNTS = re.compile(r"\d[\d,]*\.\d\d")
_CODE_LINES = re.compile(r"^\s*\d{3}(?:\d{2}){0,2}\s", re.M)
LINE_TOLERANCE = 3.0


def _is_table_page(text: str) -> bool:
    return "金额单位" in text or "栏次" in text.replace(" ", "")


def _looks_tabular(text: str) -> bool:
    return len(_AMOUNTS.findall(text)) >= 12


def _words_to_lines(words: list[dict[str, Any]], page_no: int) -> list[Line]:
    words = sorted(words, key=lambda w: (round(float(w["top"]), 1), float(w["x0"])))
    rows: list[list[dict[str, Any]]] = []
    for word in words:
        if rows and abs(float(word["top"]) - float(rows[-1][0]["top"])) <= LINE_TOLERANCE:
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for n, row in enumerate(rows, start=1):
        row.sort(key=lambda w: float(w["x0"]))
        cells: list[TextCell] = []
        for word in row:
            text = str(word["text"])
            x0, x1 = float(word["x0"]), float(word["x1"])
            size = float(word.get("bottom", 0)) - float(word.get("top", 0)) or 10.0
            if cells:
                last = cells[-1]
                gap = x0 - last.x1
                if gap < 1.2 * size and not is_value(last.text) and not is_value(text):
                    joined = last.text + (" " if gap >= 0.2 * size else "") + text
                    cells[-1] = TextCell(joined, last.x0, x1)
                    continue
            cells.append(TextCell(text, x0, x1))
        lines.append(Line(n, tuple(cells), page_no, float(row[0]["top"]), positioned=True))
    return lines


def _text_lines(text: str, page_no: int) -> list[Line]:
    out = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            out.append(Line(n, (TextCell(raw.strip(), 0, 0),), page_no))
    return out


def read_pdf(path: Path) -> Document:
    import pdfplumber
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower() or "security" in message.lower():
            raise fail(path, "PDF 已加密（需要密码），无法读取") from exc
        raise fail(path, f"PDF 文件损坏，无法读取（{message}）") from exc
    pages: list[Page] = []
    table_pages: list[int] = []
    try:
        if len(pdf) > MAX_PAGES:
            raise fail(path, f"PDF 页数过多（{len(pdf)} 页，上限 {MAX_PAGES} 页），未读取")
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            textpage.close()
            scanned = not text.strip() and any(True for _ in page.get_objects(max_depth=1))
            page.close()
            pages.append(Page(index + 1, text, [] if scanned else _text_lines(text, index + 1), scanned=scanned))
            continued = bool(table_pages) and table_pages[-1] == index - 1 and len(_CODE_LINES.findall(text)) >= 3
            if not scanned and (_is_table_page(text) or continued):
                table_pages.append(index)
    finally:
        pdf.close()
    if not table_pages:  # no 金额单位 / 栏次 anywhere: fall back to the pages dense with amounts
        table_pages = [i for i, page in enumerate(pages) if not page.scanned and _looks_tabular(page.text)]
    if len(table_pages) > MAX_TABLE_PAGES:
        raise fail(path, f"表格页过多（{len(table_pages)} 页，上限 {MAX_TABLE_PAGES} 页），未读取")
    if table_pages:
        try:
            with pdfplumber.open(str(path)) as plumber:
                for index in table_pages:
                    words = plumber.pages[index].extract_words(keep_blank_chars=False, use_text_flow=False)
                    pages[index].lines = _words_to_lines(words, index + 1)
                    plumber.pages[index].flush_cache()
        except Exception as exc:  # pdfminer raises many types on damaged files
            raise fail(path, f"PDF 内容无法解析（{type(exc).__name__}），文件可能已损坏") from exc
    return Document(str(path), "pdf", pages)
