"""Document writers: a :class:`~juesuan.model.blocks.Document` as DOCX, PDF or HTML bytes.

Every writer lays out the same document and computes nothing; the figures and texts are printed exactly as
the composer wrote them. The PDF is WeasyPrint's rendering of the HTML page, so those two cannot differ.

    from juesuan.document.writers import render_document
    data = render_document(document, "docx")
"""

from __future__ import annotations

from ...model.blocks import Document
from .text import extract_text

__all__ = ["DOCUMENT_FORMATS", "extract_text", "render_document"]

#: Formats of the whole document, in the order ``juesuan build`` writes them.
DOCUMENT_FORMATS = ("docx", "pdf", "html")


def render_document(document: Document, fmt: str) -> bytes:
    """The document as ``fmt`` ("docx", "pdf" or "html", UTF-8); raises ValueError for another format."""
    if fmt == "html":
        from . import html

        return html.render(document).encode("utf-8")
    if fmt == "pdf":
        from . import pdf

        return pdf.render(document)
    if fmt == "docx":
        from .docx import render as render_docx

        return render_docx(document)
    raise ValueError(f"unknown document format {fmt!r}; expected one of {', '.join(DOCUMENT_FORMATS)}")
