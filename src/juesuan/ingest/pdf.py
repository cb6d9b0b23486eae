"""PDF reader: pypdfium2 for every page's text (fast), pdfplumber for the tables of table pages.

A page without a text layer whose images cover a tenth of it or more (a scan, a picture) is marked
``scanned``; nothing is read from it. A page without text or images is blank.

Table pages are found from pypdfium2's pass: pages that print a table's marks (金额单位, 单位：万元, 栏次,
行次), pages with several lines starting with a 科目编码, and pages drawing ruling lines around amounts, plus
the pages continuing them. On a table page:

* **ruled tables** (most published tables: lines, thin rectangles, or rules drawn as filled paths) are read
  with pdfplumber's ruling-line table finder into a :class:`~juesuan.ingest.grid.Grid`: every character
  goes to the cell whose box holds it, so a row is the row a person sees however the typesetter placed
  each cell's text vertically (Word centres cells one by one) and however a name wraps. Each grid row
  becomes one :class:`Line` whose cells are the grid's cells, blanks included; a full-width row holding the
  title, the 单位 line or a note becomes plain text lines.
* text outside ruled tables (titles, 单位 lines, notes, tables without rules) is grouped into lines by
  baseline (±3 pt) and neighbouring label words into cells, each cell with its x extent.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .cells import is_value
from .document import Document, Line, Page, TextCell
from .grid import Grid, GridCell, cluster, index_of
from .guard import MAX_PAGES, MAX_TABLE_PAGES, fail

_AMOUNTS = re.compile(r"\d[\d,]*\.\d\d")
_CODE_LINES = re.compile(r"^\s*\d{3}(?:\d{2}){0,2}\s", re.M)
_MARKS = re.compile(r"金额单位|栏\s*次|行\s*次|单位[:：]\s*(?:万元|元|千元|亿元)")
LINE_TOLERANCE = 3.0
MIN_RULES = 4  # path objects on a page before it is searched for ruled tables
TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def _is_table_page(text: str) -> bool:
    return bool(_MARKS.search(text)) or len(_CODE_LINES.findall(text)) >= 3


def _continues(text: str) -> bool:
    """A page that goes on with the table of the page before: several coded lines, or, near its top, a coded
    line, a 合计/总计 line with an amount (the last rows and the totals of a long table), or the header
    printed again."""
    if len(_CODE_LINES.findall(text)) >= 3:
        return True
    head = text.splitlines()[:12]
    if any(_CODE_LINES.search(ln + " ") for ln in head):
        return True
    if any(re.search("合计|总计|小计", ln) and _AMOUNTS.search(ln) for ln in head):
        return True
    return any("项目" in ln and re.search("金额|决算数|预算数|行次|栏次|合计", ln) for ln in head)  # the header again


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
            top, bottom = float(word.get("top", 0)), float(word.get("bottom", 0))
            size = bottom - top or 10.0
            if cells:
                last = cells[-1]
                gap = x0 - last.x1
                if gap < 1.2 * size and not is_value(last.text) and not is_value(text):
                    joined = last.text + (" " if gap >= 0.2 * size else "") + text
                    cells[-1] = TextCell(joined, last.x0, x1, top=min(last.top, top), bottom=max(last.bottom, bottom))
                    continue
            cells.append(TextCell(text, x0, x1, top=top, bottom=bottom))
        words_ = tuple(
            TextCell(str(w["text"]), float(w["x0"]), float(w["x1"]), top=float(w["top"]), bottom=float(w["bottom"]))
            for w in row
        )
        lines.append(Line(n, tuple(cells), page_no, float(row[0]["top"]), positioned=True, words=words_))
    return lines


def _text_lines(text: str, page_no: int) -> list[Line]:
    out = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if raw.strip():
            out.append(Line(n, (TextCell(raw.strip(), 0, 0),), page_no))
    return out


# ---- ruled tables -----------------------------------------------------------------------------------------


def _cell_text(chars: list[dict[str, Any]]) -> str:
    """The printed lines of one cell: characters by line (overlapping heights), left to right."""
    if not chars:
        return ""
    chars = sorted(chars, key=lambda c: (float(c["top"]), float(c["x0"])))
    lines: list[list[dict[str, Any]]] = []
    for ch in chars:
        if lines:
            ref = lines[-1][0]
            height = float(ref["bottom"]) - float(ref["top"]) or 1.0
            if float(ch["top"]) < float(ref["top"]) + 0.6 * height:
                lines[-1].append(ch)
                continue
        lines.append([ch])
    out = []
    for line in lines:
        line.sort(key=lambda c: float(c["x0"]))
        text = ""
        last: dict[str, Any] | None = None
        for ch in line:
            t = str(ch["text"])
            if last is not None and t.strip() and text and not text.endswith(" "):
                size = float(ch.get("size") or 10.0)
                if float(ch["x0"]) - float(last["x1"]) > 0.3 * size:
                    text += " "
            text += t
            last = ch
        if text.strip():
            out.append(" ".join(text.split()))
    return "\n".join(out)


def _grid(boxes: list[tuple[float, float, float, float]], chars: list[dict[str, Any]], page_no: int) -> Grid | None:
    """A grid from the finder's cell boxes; characters go to the cell holding their centre."""
    tol = 1.5
    xs = cluster([b[0] for b in boxes] + [b[2] for b in boxes], tol)
    ys = cluster([b[1] for b in boxes] + [b[3] for b in boxes], tol)
    if len(xs) < 3 or len(ys) < 2:
        return None
    spans = []
    owner: dict[tuple[int, int], int] = {}
    for n, (x0, top, x1, bottom) in enumerate(boxes):
        c0, c1 = index_of(xs, x0, tol), index_of(xs, x1, tol)
        r0, r1 = index_of(ys, top, tol), index_of(ys, bottom, tol)
        spans.append((r0, c0, max(r1 - r0, 1), max(c1 - c0, 1)))
        for r in range(r0, r0 + max(r1 - r0, 1)):
            for c in range(c0, c0 + max(c1 - c0, 1)):
                owner.setdefault((r, c), n)
    texts: list[list[dict[str, Any]]] = [[] for _ in boxes]
    for ch in chars:
        cx = (float(ch["x0"]) + float(ch["x1"])) / 2
        cy = (float(ch["top"]) + float(ch["bottom"])) / 2
        c = bisect_right(xs, cx) - 1
        r = bisect_right(ys, cy) - 1
        n = owner.get((r, c), -1)
        if n >= 0:
            texts[n].append(ch)
    cells = [
        GridCell(r0, c0, rows, cols, _cell_text(texts[n]), *boxes[n]) for n, (r0, c0, rows, cols) in enumerate(spans)
    ]
    cells.sort(key=lambda c: (c.row, c.col))
    return Grid(cells, len(ys) - 1, len(xs) - 1, xs, ys, page_no, ruled=True)


def _white(color: Any) -> bool:
    if color is None:
        return False
    values = [float(v) for v in (color if isinstance(color, list | tuple) else [color]) if isinstance(v, int | float)]
    if len(values) == 4:  # CMYK: no ink
        return all(v <= 0.05 for v in values)
    return bool(values) and all(v >= 0.95 for v in values)


def _drawn_rule(obj: dict[str, Any]) -> bool:
    """Page objects that can rule a table: not a white, unstroked filled box (a cell's background, or a
    blank laid over the page), whose edges a person does not see."""
    if obj.get("object_type") not in ("rect", "curve"):
        return True
    return not (obj.get("fill") and not obj.get("stroke") and _white(obj.get("non_stroking_color")))


def _on_page(page: Any, chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Characters a viewer can show: not placed off the page (a turned page's box may be given unturned, so
    either orientation counts)."""
    x0, top, x1, bottom = page.bbox
    side = max(x1 - x0, bottom - top)
    x1, bottom = x0 + side, top + side
    return [
        ch
        for ch in chars
        if x0 <= (float(ch["x0"]) + float(ch["x1"])) / 2 <= x1
        and top <= (float(ch["top"]) + float(ch["bottom"])) / 2 <= bottom
    ]


def _ruled_grids(page: Any, page_no: int) -> list[Grid]:
    grids = []
    chars = _on_page(page, page.chars)
    for table in page.filter(_drawn_rule).find_tables(TABLE_SETTINGS):
        x0, top, x1, bottom = table.bbox
        inside = [
            ch
            for ch in chars
            if x0 <= (float(ch["x0"]) + float(ch["x1"])) / 2 <= x1
            and top <= (float(ch["top"]) + float(ch["bottom"])) / 2 <= bottom
        ]
        boxes = [(float(a), float(b), float(c), float(d)) for a, b, c, d in table.cells]
        grid = _grid(boxes, inside, page_no)
        if grid is not None and grid.n_cols >= 2 and (grid.n_rows >= 2 or _figures(grid)):
            grids.append(grid)
    return grids


def _figures(grid: Grid) -> bool:
    """A one-row ruled table counts when it prints an amount (收入总计 | 91,842.80 | 支出总计 | …)."""
    return any(_AMOUNTS.search(c.text) for c in grid.cells)


def _grid_lines(grid: Grid) -> list[Line]:
    out = []
    for r in range(grid.n_rows):
        cells = grid.row(r)
        if not cells:
            continue
        if grid.is_text_row(r):
            cell = next(c for c in cells if c.text.strip())
            parts = cell.text.split("\n")
            step = (cell.bottom - cell.top) / max(len(parts), 1)
            for k, part in enumerate(parts):
                out.append(Line(0, (TextCell(part, cell.x0, cell.x1),), grid.page, cell.top + k * step, True))
            continue
        text_cells = tuple(TextCell(c.flat, c.x0, c.x1, c.col, c.cols) for c in cells)
        out.append(Line(0, text_cells, grid.page, grid.ys[r], True, grid=grid, grid_row=r))
    return out


def _page_lines(page: Any, page_no: int, ruled: bool) -> list[Line]:
    grids = _ruled_grids(page, page_no) if ruled else []
    if not grids:
        return _words_to_lines(page.extract_words(keep_blank_chars=False, use_text_flow=False), page_no)
    boxes = [g.bbox for g in grids]

    def outside(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return False
        cx = (float(obj["x0"]) + float(obj["x1"])) / 2
        cy = (float(obj["top"]) + float(obj["bottom"])) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    words = page.filter(outside).extract_words(keep_blank_chars=False, use_text_flow=False)
    lines = _words_to_lines(words, page_no)
    for grid in grids:
        lines += _grid_lines(grid)
    lines.sort(key=lambda line: line.top)
    return [
        Line(
            n,
            line.cells,
            line.page,
            line.top,
            line.positioned,
            grid=line.grid,
            grid_row=line.grid_row,
            words=line.words,
        )
        for n, line in enumerate(lines, start=1)
    ]


def _is_image_page(page: Any) -> bool:
    """A page without text whose images cover a tenth of it or more: a scan (or a picture) that only OCR
    could read. A page with rules only (an empty table row spilled over) or nothing at all is blank."""
    import pypdfium2.raw as pdfium_c

    width, height = page.get_size()
    covered = 0.0
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2):
        left, bottom, right, top = obj.get_bounds()
        covered += max(right - left, 0) * max(top - bottom, 0)
    return bool(covered >= 0.1 * width * height)


def _rules(page: Any) -> int:
    import pypdfium2.raw as pdfium_c

    return sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2))


def _text_pass(path: Path) -> tuple[list[Page], list[int], set[int]]:
    """pypdfium2 over every page: its text, whether it is a scan, whether it draws rules; the table pages."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower() or "security" in message.lower():
            raise fail(path, "PDF 已加密（需要密码），无法读取") from exc
        raise fail(path, f"PDF 文件损坏，无法读取（{message}）") from exc
    pages: list[Page] = []
    table_pages: list[int] = []
    ruled: set[int] = set()
    try:
        if len(pdf) > MAX_PAGES:
            raise fail(path, f"PDF 页数过多（{len(pdf)} 页，上限 {MAX_PAGES} 页），未读取")
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            textpage.close()
            scanned = not text.strip() and _is_image_page(page)
            tabular = _is_table_page(text) or bool(_AMOUNTS.search(text)) or bool(table_pages)
            rules = _rules(page) if text.strip() and tabular else 0
            page.close()
            pages.append(Page(index + 1, text, [] if scanned else _text_lines(text, index + 1), scanned=scanned))
            if rules >= MIN_RULES:
                ruled.add(index)
            previous = bool(table_pages) and table_pages[-1] == index - 1
            continued = previous and (_continues(text) or (index in ruled and index - 1 in ruled))
            amounts = index in ruled and len(_AMOUNTS.findall(text)) >= 2
            if not scanned and (_is_table_page(text) or continued or amounts):
                table_pages.append(index)
    finally:
        pdf.close()
    return pages, table_pages, ruled


TablePlan = Callable[[Document], "set[int] | bool"]


def read_pdf(path: Path, tables: TablePlan | None = None) -> Document:
    """Every page's text; the table pages' lines (ruled grids and positioned words).

    ``tables``, asked with the text pages, says which pages hold the tables wanted: False for none (a
    budget), a set of page numbers (the pages of the tables found by title), True for every table page."""
    import pdfplumber

    pages, table_pages, ruled = _text_pass(path)
    wanted = tables(Document(str(path), "pdf", pages)) if tables is not None else True
    if wanted is False:
        return Document(str(path), "pdf", pages)
    if isinstance(wanted, set) and wanted:
        table_pages = [i for i in table_pages if i + 1 in wanted]
    if not table_pages:  # no table marks anywhere: fall back to the pages dense with amounts
        table_pages = [i for i, page in enumerate(pages) if not page.scanned and _looks_tabular(page.text)]
    if len(table_pages) > MAX_TABLE_PAGES:
        raise fail(path, f"表格页过多（{len(table_pages)} 页，上限 {MAX_TABLE_PAGES} 页），未读取")
    if table_pages:
        try:
            with pdfplumber.open(str(path)) as plumber:
                for index in table_pages:
                    pages[index].lines = _page_lines(plumber.pages[index], index + 1, index in ruled)
                    plumber.pages[index].flush_cache()
        except Exception as exc:  # pdfminer raises many types on damaged files
            raise fail(path, f"PDF 内容无法解析（{type(exc).__name__}），文件可能已损坏") from exc
    return Document(str(path), "pdf", pages)
