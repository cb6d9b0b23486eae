"""Plain-text reader: one page, every line kept with its 1-based number.

Cells are split on tabs when the line has any, else on runs of two or more spaces (space-aligned tables).
A cell's ``x0``/``x1`` is its column index.
"""

from __future__ import annotations

import re

from .document import Document, Line, Page, TextCell

_SPACES = re.compile(r" {2,}|\u3000+")


def split_cells(raw: str) -> list[str]:
    if "\t" in raw:
        return [c.strip() for c in raw.split("\t")]
    stripped = raw.strip()
    return [c.strip() for c in _SPACES.split(stripped)] if stripped else []


def read_text(path: str, text: str) -> Document:
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        cells = split_cells(raw.replace("\r", ""))
        if not any(cells):
            continue
        lines.append(Line(number, tuple(TextCell(c, i, i) for i, c in enumerate(cells))))
    return Document(path, "text", [Page(None, text, lines)])
