"""A table as the reader sees it: a grid of cells, each with its row and column span and its box.

A :class:`Grid` comes from a page's ruling lines (PDF: pdfplumber's ruled-table finder), or from a
document's own table structure (DOCX, XLSX, HTML). Its rows are what a person reads as the table's rows:
every piece of text inside one cell belongs to that cell, however the typesetter placed it vertically, so a
name wrapped over three lines, an amount centred between them and the code on the middle line are one row.

``cells`` are listed row by row; a merged cell appears once, at its top-left position, with ``rows`` and
``cols`` its span. ``text`` keeps the cell's printed lines joined by ``\\n``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_TEXT_ROW = re.compile(
    r"^(?:注|说明)\s*[:：0-9１-９]|金额单位|^(?:编制)?(?:部门|单位)(?:名称)?[:：]|单位[:：]\s*(?:万元|元)|公开\s*\d+\s*表|表$"
)
_CJK = "\u4e00-\u9fff（）“”、：，"
_CJK_GAP = re.compile(f"(?<=[{_CJK}])\\s+(?=[{_CJK}])")


@dataclass(frozen=True, slots=True)
class GridCell:
    row: int
    col: int
    rows: int
    cols: int
    text: str
    x0: float = 0.0
    top: float = 0.0
    x1: float = 0.0
    bottom: float = 0.0

    @property
    def flat(self) -> str:
        """The text with its printed line breaks removed (a wrapped name, letter-spaced words)."""
        return "".join(self.text.split())

    @property
    def label(self) -> str:
        """The text as a label: wrapped lines joined, spaces kept only where they are not letter-spacing
        between Chinese characters ("1. 副部（省）级…" keeps its space, "因 公 出 国" loses its)."""
        return _CJK_GAP.sub("", "".join(part.strip() for part in self.text.split("\n")))

    def covers(self, row: int, col: int) -> bool:
        return self.row <= row < self.row + self.rows and self.col <= col < self.col + self.cols


@dataclass(slots=True)
class Grid:
    """Cells on a grid of ``n_rows`` × ``n_cols``; ``xs``/``ys`` are the column and row boundaries."""

    cells: list[GridCell]
    n_rows: int
    n_cols: int
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    page: int | None = None
    ruled: bool = True
    _owner: dict[tuple[int, int], GridCell] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for cell in self.cells:
            for r in range(cell.row, cell.row + cell.rows):
                for c in range(cell.col, cell.col + cell.cols):
                    self._owner.setdefault((r, c), cell)

    def at(self, row: int, col: int) -> GridCell | None:
        """The cell covering (row, col), merged cells included."""
        return self._owner.get((row, col))

    def row(self, row: int) -> list[GridCell]:
        """The cells that start in ``row``, left to right."""
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)

    def column_of(self, x: float) -> int:
        """The column whose span holds ``x`` (clamped to the grid)."""
        if not self.xs:
            return 0
        return min(max(bisect_right(self.xs, x) - 1, 0), self.n_cols - 1)

    def is_text_row(self, row: int) -> bool:
        """A full-width row holding a title, a 单位/部门 line or a note: text inside the frame, not a row of
        the table."""
        filled = [c for c in self.row(row) if c.text.strip()]
        if len(filled) != 1 or filled[0].cols < max(self.n_cols - 1, 2):
            return False
        return any(_TEXT_ROW.search(part.strip()) for part in filled[0].text.split("\n"))

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]) if self.xs and self.ys else (0.0, 0.0, 0.0, 0.0)

    def texts(self) -> list[list[str]]:
        """The grid as a person sees it: row by row, a merged cell's text at its top-left position only."""
        out = [["" for _ in range(self.n_cols)] for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell.flat
        return out


def cluster(values: list[float], tolerance: float) -> list[float]:
    """Sorted representatives of ``values``, merging those within ``tolerance`` of the previous one."""
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def index_of(bounds: list[float], value: float, tolerance: float) -> int:
    """Index of the boundary nearest to ``value`` (``bounds`` sorted, values snapped within tolerance)."""
    i = bisect_right(bounds, value + tolerance) - 1
    return max(i, 0)
