"""What every reader produces: a document as pages of positioned text lines.

A :class:`Line` is one printed line split into cells. Where the reader knows positions (PDF), each cell has
its x extent in points and ``positioned`` is True; plain text (tab- or space-aligned), DOCX and XLSX give
cells in column order without positions (``x0``/``x1`` are the cell index). ``page`` is None for plain
text, whose lines keep their 1-based line numbers. A row of a ruled table (PDF) is one line whose cells
are the grid's cells (``col``/``cols``), with ``grid`` and ``grid_row`` pointing into the :class:`Grid`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .grid import Grid


@dataclass(frozen=True, slots=True)
class TextCell:
    text: str
    x0: float
    x1: float
    col: int = -1  # grid column (grid rows only)
    cols: int = 1  # columns spanned
    top: float = 0.0  # vertical extent (positioned PDF words)
    bottom: float = 0.0

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: its number (text line, or line index on the page), cells, and vertical position."""

    number: int
    cells: tuple[TextCell, ...]
    page: int | None = None
    top: float = 0.0
    positioned: bool = False
    sheet: str | None = None  # a workbook's sheet name (``number`` is then the sheet's row)
    grid: Grid | None = None  # the ruled table this line is a row of (``grid_row``), when there is one
    grid_row: int = -1
    words: tuple[TextCell, ...] = ()  # PDF: the words before neighbours were joined into cells

    @property
    def text(self) -> str:
        return " ".join(c.text for c in self.cells if c.text)

    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass(slots=True)
class Page:
    """A page (or the whole of a plain-text file, ``number`` None): its text and lines.

    ``tables`` holds grids the reader found natively (DOCX/XLSX tables), already also present in ``lines``.
    ``scanned`` is True for a page without a text layer: nothing is read from it and no finding is made.
    """

    number: int | None
    text: str
    lines: list[Line] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    scanned: bool = False


@dataclass(slots=True)
class Document:
    path: str
    kind: str  # "text", "pdf", "docx", "xlsx"
    pages: list[Page]

    def lines(self) -> list[Line]:
        return [line for page in self.pages for line in page.lines]

    @property
    def scanned_pages(self) -> list[int]:
        return [p.number for p in self.pages if p.scanned and p.number is not None]
