"""Plain-text reader: one page, every line kept with its 1-based number.

Tab-separated lines are split on tabs (cells in column order, ``x0``/``x1`` the column index). Lines
without tabs are split on runs of two or more spaces, and on single spaces next to a number, and are
*positioned*: a cell's ``x0``/``x1`` is its display column (CJK characters count two), so space-aligned
tables are read by position like a PDF.
Markdown is plain text too: ``| a | b |`` rows are cells in column order, ``#`` heading marks and
``| --- |`` rules are dropped.
"""

from __future__ import annotations

import re
import unicodedata

from .cells import is_value
from .document import Document, Line, Page, TextCell

_SPACES = re.compile(r"(?: {2,}|\u3000+)")
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def split_cells(raw: str) -> list[str]:
    if "\t" in raw:
        return [c.strip() for c in raw.split("\t")]
    stripped = raw.strip()
    return [c.strip() for c in _SPACES.split(stripped)] if stripped else []


def _positioned(raw: str) -> tuple[TextCell, ...]:
    """Cells by display column: words one space apart join into a cell unless either is a number."""
    cells: list[TextCell] = []
    column, gap = 0, 0
    for part in re.split(r"( +|\u3000+)", raw):
        width = _width(part)
        if not part.strip():
            gap = width
            column += width
            continue
        if cells and gap == 1 and not is_value(cells[-1].text) and not is_value(part):
            last = cells[-1]
            cells[-1] = TextCell(f"{last.text} {part}", last.x0, column + width)
        else:
            cells.append(TextCell(part, column, column + width))
        column += width
        gap = 0
    return tuple(cells)


def read_text(path: str, text: str) -> Document:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        raw = raw.replace("\r", "")
        if not raw.strip() or _MD_RULE.match(raw):
            continue
        if raw.lstrip().startswith("|"):  # a Markdown table row
            cells = [c.strip() for c in raw.strip().strip("|").split("|")]
            lines.append(Line(number, tuple(TextCell(c, i, i) for i, c in enumerate(cells))))
            continue
        raw = _MD_HEADING.sub("", raw)
        if "\t" in raw:
            cells = split_cells(raw)
            lines.append(Line(number, tuple(TextCell(c, i, i) for i, c in enumerate(cells))))
        else:
            lines.append(Line(number, _positioned(raw), positioned=True))
    return Document(path, "text", [Page(None, text, lines)])
