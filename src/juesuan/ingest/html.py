"""HTML reader (stdlib ``html.parser``): headings, paragraphs, ``div``/``span`` lines and table rows become
lines in document order; a table row's cells are expanded by ``colspan`` so each row is a full grid row.
The document is one page (``number`` None); line numbers count the lines produced."""

from __future__ import annotations

from html.parser import HTMLParser

from .document import Document, Line, Page, TextCell

_BLOCKS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "div", "li", "caption", "figcaption", "title"}
#: Not text of the report: styles, scripts, the head, and inline SVG (charts: their labels and hover titles
#: repeat figures that the text and tables state, and are no statements of their own).
_SKIP = {"style", "script", "head", "svg"}


class _Lines(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.grids: list[list[list[str]]] = []
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1
        self.block: list[list[str]] = []  # open block elements: their spans (as cells)
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag == "table":
            self.grids.append([])
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th"):
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = int(span) if span.isdigit() else 1
        elif tag in _BLOCKS and self.row is None:
            self.block.append([""])
        elif tag == "span" and self.block and self.row is None:
            self.block[-1].append("")
        elif tag == "br" and self.cell is not None:
            self.cell.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.row.extend([""] * (self.span - 1))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            if self.grids:
                self.grids[-1].append(self.row)
            self.row = None
        elif tag in _BLOCKS and self.block and self.row is None:
            cells = [c.strip() for c in self.block.pop() if c.strip()]
            if cells:
                self.rows.append(cells)
        elif tag == "span" and self.block and self.row is None:
            self.block[-1].append("")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.block and self.row is None:
            self.block[-1][-1] += data


def read_html(path: str, text: str) -> Document:
    parser = _Lines()
    parser.feed(text)
    parser.close()
    lines = [
        Line(n, tuple(TextCell(c, i, i) for i, c in enumerate(row)))
        for n, row in enumerate(parser.rows, start=1)
        if any(row)
    ]
    plain = "\n".join("\t".join(row) for row in parser.rows)
    return Document(path, "html", [Page(None, plain, lines, parser.grids)])
