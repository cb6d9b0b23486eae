"""The text a reader gets out of a written document, for tests and for auditing our own output."""

from __future__ import annotations

import io
from html.parser import HTMLParser


class _HTMLText(HTMLParser):
    BLOCKS = frozenset(
        {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "div", "section", "nav", "title", "figcaption"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script", "svg"):  # a chart's labels are not the document's text
            self._skip += 1
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "svg"):
            self._skip -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    lines = []
    for element in body.iter():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append("".join(t.text or "" for t in element.iter() if t.tag.endswith("}t")))
    return "\n".join(lines) + "\n"


def _pdf_text(data: bytes) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def extract_text(data: bytes, fmt: str) -> str:
    """The text of a DOCX (paragraphs in order, table cells included), PDF (page by page) or HTML page."""
    if fmt == "docx":
        return _docx_text(data)
    if fmt == "pdf":
        return _pdf_text(data)
    if fmt == "html":
        parser = _HTMLText()
        parser.feed(data.decode("utf-8"))
        return "".join(parser.parts)
    raise ValueError(f"unknown document format {fmt!r}")
