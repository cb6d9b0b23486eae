"""Writers: each takes a :class:`~juesuan.model.tables.TableSet` (or the composed document) and computes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..model.tables import TableSet
from .json_out import tables_to_json

if TYPE_CHECKING:
    from ..document.blocks import Document

__all__ = ["DOCUMENT_FORMATS", "FORMATS", "tables_to_json", "write_outputs"]

#: Table formats, written as ``tables.<fmt>`` (``html`` here is the tables-only page).
FORMATS = ("xlsx", "html", "md", "json")
#: Formats of the whole report, written as ``report.<fmt>``.
DOCUMENT_FORMATS = ("docx", "pdf", "html")


def write_outputs(
    tables: TableSet,
    out_dir: str | Path,
    formats: tuple[str, ...] = FORMATS,
    *,
    document: Document | None = None,
    document_formats: tuple[str, ...] = (),
) -> list[Path]:
    """Write ``tables.<fmt>`` for each of ``formats`` and ``report.<fmt>`` for each of ``document_formats``.

    ``document`` (from :func:`juesuan.document.compose.compose_document`) is required when ``document_formats``
    is not empty. Everything is rendered in memory first, so a failure leaves no partial output behind.
    Returns the paths written, report files first.
    """
    from . import html, markdown, xlsx

    renderers: dict[str, Callable[[], bytes]] = {
        "json": lambda: tables_to_json(tables).encode("utf-8"),
        "md": lambda: markdown.render(tables).encode("utf-8"),
        "html": lambda: html.render(tables).encode("utf-8"),
        "xlsx": lambda: xlsx.render(tables),
    }
    rendered: dict[str, bytes] = {}
    if document_formats:
        if document is None:
            raise ValueError("document formats need the composed document")
        from ..document.writers import render_document

        for fmt in document_formats:
            rendered[f"report.{fmt}"] = render_document(document, fmt)
    for fmt in formats:
        rendered[f"tables.{fmt}"] = renderers[fmt]()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in rendered.items():
        target = out / name
        tmp = target.with_name(name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        written.append(target)
    return written
