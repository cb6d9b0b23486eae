"""``read_document(path)``: pick the reader by the file's content and read it into pages."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .document import Document
from .guard import fail, sniff
from .text import read_text


def read_document(path: str | Path, tables: Callable[[Document], set[int] | bool] | None = None) -> Document:
    """Read a published report (PDF, DOCX, XLSX/XLS, HTML, Markdown or plain text). Raises InputError when unusable.

    ``tables`` (PDF only): asked with the document's text pages before its tables are read (the costly part):
    False reads none (a budget is not read as final accounts), a set of page numbers reads those, True all."""
    path = Path(path)
    kind = sniff(path)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(path, tables)
    if kind == "docx":
        from .office import read_docx

        return read_docx(path)
    if kind in ("xlsx", "xls"):
        from .office import read_workbook

        return read_workbook(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise fail(path, f"无法读取文本：{exc}") from exc
    if kind == "html":
        from .html import read_html

        return read_html(str(path), text)
    return read_text(str(path), text)
