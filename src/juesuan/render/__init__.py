"""Writers of the tables: each takes a :class:`~juesuan.model.tables.TableSet` and computes nothing
(:func:`juesuan.pipeline.write_outputs` writes them, and the composed report, to a directory)."""

from __future__ import annotations

from .json_out import tables_to_json

__all__ = ["DOCUMENT_FORMATS", "FORMATS", "tables_to_json"]

#: Table formats, written as ``tables.<fmt>`` (``html`` here is the tables-only page).
FORMATS = ("xlsx", "html", "md", "json")
#: Formats of the whole report, written as ``report.<fmt>``.
DOCUMENT_FORMATS = ("docx", "pdf", "html")
