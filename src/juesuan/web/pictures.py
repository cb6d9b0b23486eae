"""A finding's page as a picture (pypdfium2), with the cells and sentences it is about highlighted.

The places come from the audit: a table cell was read at a page and an x extent (``x=331-423``, the column's
span in PDF points) with its value as printed; a sentence at a page and a line of the page's text (pypdfium2's
text, as the reader numbered it). :func:`find_boxes` turns them into boxes on the page from pypdfium2's
character boxes (the value printed inside the x extent, on the row whose label is nearest; the characters of
the line), and :func:`render` draws the page with them (PNG).

pdfium is not thread-safe: every use here holds one lock (the server renders in its request threads).
"""

from __future__ import annotations

import ctypes
import io
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

_LOCK = threading.Lock()
#: How big a page is drawn: 1.5 × 72 dpi (a landscape A4 table page is 1263 px wide), at most MAX_PIXELS.
SCALE = 1.5
MAX_PIXELS = 4096 * 4096
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_SKIP = re.compile(r"[\s,，]")
_SIDE = re.compile(r"（(?:收入|支出)）$")
_PAD = 2.0
HIGHLIGHT = (255, 214, 0, 110)  # RGBA: a yellow wash over the place
BAND = (255, 214, 0, 45)  # and a fainter one across the page at its height, to find it at a glance
OUTLINE = (214, 40, 40, 255)


@dataclass(frozen=True)
class CellMark:
    """A table cell: the column's x extent (PDF points from the left), the row's label, the value as printed."""

    x0: float
    x1: float
    label: str = ""
    texts: tuple[str, ...] = ()


@dataclass(frozen=True)
class LineMark:
    """A line of the page's text (1-based, as the reader numbers the lines of a page)."""

    line: int


Mark = CellMark | LineMark


@dataclass(frozen=True)
class Box:
    """A rectangle in PDF page space (points; origin at the bottom left)."""

    left: float
    bottom: float
    right: float
    top: float

    def union(self, other: Box) -> Box:
        return Box(min(self.left, other.left), min(self.bottom, other.bottom), max(self.right, other.right),
                   max(self.top, other.top))  # fmt: skip

    def padded(self, by: float = _PAD) -> Box:
        return Box(self.left - by, self.bottom - by, self.right + by, self.top + by)

    @property
    def middle(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.bottom + self.top) / 2


@dataclass(frozen=True)
class _Line:
    text: str  # the line without spaces and thousands separators
    boxes: tuple[Box, ...]  # one per character of ``text``


def _union(boxes: Iterable[Box]) -> Box | None:
    out: Box | None = None
    for box in boxes:
        out = box if out is None else out.union(box)
    return out


def _lines(textpage: pdfium.PdfTextPage) -> list[list[tuple[str, int]]]:
    """The page's text split into lines as the reader splits it (str.splitlines over the text with ``\\r\\n``
    as one break): each line's characters with their index in the page's character array."""
    raw = textpage.get_text_range()
    lines: list[list[tuple[str, int]]] = [[]]
    i = 0
    while i < len(raw):
        char = raw[i]
        if char in _BREAKS:
            if char == "\r" and raw[i + 1 : i + 2] == "\n":
                i += 1
            lines.append([])
        else:
            lines[-1].append((char, i))
        i += 1
    if not lines[-1]:
        lines.pop()
    return lines


def _charbox(textpage: pdfium.PdfTextPage, index: int) -> Box | None:
    try:
        left, bottom, right, top = textpage.get_charbox(index)
    except (pdfium.PdfiumError, IndexError):
        return None
    if right <= left and top <= bottom:
        return None
    return Box(left, bottom, right, top)


def _indexed(textpage: pdfium.PdfTextPage) -> list[_Line]:
    count = textpage.count_chars()
    out = []
    for line in _lines(textpage):
        text, boxes = [], []
        for char, index in line:
            if _SKIP.match(char) or index >= count:
                continue
            box = _charbox(textpage, index)
            if box is not None:
                text.append(char)
                boxes.append(box)
        out.append(_Line("".join(text), tuple(boxes)))
    return out


def _apart(line: _Line, start: int, end: int) -> bool:
    """Whether the characters start…end stand apart from their neighbours on the line (a cell's whole text,
    not a part of a longer one such as 合计 in 本年支出合计)."""
    first, last = line.boxes[start], line.boxes[end - 1]
    gap = 0.6 * max(first.top - first.bottom, 1.0)
    before = start == 0 or line.boxes[start - 1].right < first.left - gap
    after = end >= len(line.boxes) or line.boxes[end].left > last.right + gap
    return before and after


def _occurrences(lines: Sequence[_Line], needle: str, *, whole: bool = False) -> list[Box]:
    """The boxes of ``needle`` on the page (spaces and thousands separators ignored); with ``whole``, those
    that stand apart if there are any."""
    needle = _SKIP.sub("", needle)
    found: list[tuple[Box, bool]] = []
    if not needle:
        return []
    for line in lines:
        start = line.text.find(needle)
        while start >= 0:
            box = _union(line.boxes[start : start + len(needle)])
            if box is not None:
                found.append((box, _apart(line, start, start + len(needle))))
            start = line.text.find(needle, start + 1)
    apart = [box for box, alone in found if alone]
    return apart if whole and apart else [box for box, _ in found]


def _label(text: str) -> str:
    return _SIDE.sub("", text.strip())


def _cell_box(lines: Sequence[_Line], mark: CellMark) -> Box | None:
    labels = [b for b in _occurrences(lines, _label(mark.label), whole=True) if b.right <= mark.x0 + 3]
    values = [b for text in mark.texts for b in _occurrences(lines, text) if mark.x0 - 3 <= b.middle[0] <= mark.x1 + 3]
    if values:
        if labels:
            return min(values, key=lambda v: min(abs(v.middle[1] - lab.middle[1]) for lab in labels))
        return values[0]
    if labels:  # a blank cell: the row's height across the column
        label = labels[0]
        return Box(mark.x0, label.bottom, mark.x1, label.top)
    return None


def find_boxes(textpage: pdfium.PdfTextPage, marks: Sequence[Mark]) -> list[Box]:
    """The boxes of the marks found on the page (a mark not found has none)."""
    lines = _indexed(textpage)
    out = []
    for mark in marks:
        if isinstance(mark, LineMark):
            if 1 <= mark.line <= len(lines):
                box = _union(lines[mark.line - 1].boxes)
                if box is not None:
                    out.append(box.padded())
        else:
            box = _cell_box(lines, mark)
            if box is not None:
                out.append(box.padded())
    return out


def page_count(path: Path) -> int:
    with _LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            return len(pdf)
        finally:
            pdf.close()


def _to_device(page: pdfium.PdfPage, size: tuple[int, int], x: float, y: float) -> tuple[int, int]:
    dx, dy = ctypes.c_int(), ctypes.c_int()
    pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, size[0], size[1], 0, x, y, ctypes.byref(dx), ctypes.byref(dy))
    return dx.value, dy.value


def render(path: Path, page_no: int, marks: Sequence[Mark] = (), scale: float = SCALE) -> tuple[bytes, int]:
    """Page ``page_no`` (1-based) of the PDF at ``path`` as PNG with the marks highlighted, and how many of the
    marks were found on it. IndexError for a page the document does not have."""
    from PIL import Image, ImageDraw

    with _LOCK:
        pdf = pdfium.PdfDocument(str(path))
        try:
            if not 1 <= page_no <= len(pdf):
                raise IndexError(page_no)
            page = pdf[page_no - 1]
            width, height = page.get_size()
            scale = min(scale, (MAX_PIXELS / max(width * height, 1.0)) ** 0.5)
            textpage = page.get_textpage()
            boxes = find_boxes(textpage, marks) if marks else []
            textpage.close()
            image = page.render(scale=scale).to_pil().convert("RGB")
            rectangles = []
            for box in boxes:
                corners = [
                    _to_device(page, image.size, x, y) for x, y in ((box.left, box.bottom), (box.right, box.top))
                ]
                xs, ys = sorted(c[0] for c in corners), sorted(c[1] for c in corners)
                rectangles.append((xs[0], ys[0], xs[1], ys[1]))
            page.close()
        finally:
            pdf.close()
    if rectangles:
        overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(overlay)
        width = max(3, round(image.size[0] / 400))
        for rectangle in rectangles:
            draw.rectangle((0, rectangle[1], image.size[0], rectangle[3]), fill=BAND)
        for rectangle in rectangles:
            draw.rectangle(rectangle, fill=HIGHLIGHT, outline=OUTLINE, width=width)
        image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=3)
    return buffer.getvalue(), len(boxes)
