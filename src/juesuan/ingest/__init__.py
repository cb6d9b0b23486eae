"""Ingest published reports: read PDF / DOCX / XLSX / text into pages, recognise the profile's tables by
title and header, and extract them into a :class:`juesuan.model.tables.TableSet` (see docs/ingest.md)."""

from __future__ import annotations

from pathlib import Path

from ..model.reading import BUDGET
from .document import Document, Line, Page, TextCell
from .kind import document_kind
from .pipeline import FoundTable, Ingested, extract_tables
from .reader import read_document
from .writer import dump_tables, tables_to_data, write_tables


def _not_a_budget(doc: Document) -> bool:
    return document_kind(doc)[0] != BUDGET


def ingest(path: str | Path, profile: str | None = None) -> Ingested:
    """Read ``path`` and extract its tables (profile chosen automatically unless given). The tables of a
    document that names itself a budget (部门预算) are not read: it is not audited as final accounts."""
    return extract_tables(read_document(path, _not_a_budget), profile)


__all__ = [
    "Document", "FoundTable", "Ingested", "Line", "Page", "TextCell",
    "dump_tables", "extract_tables", "ingest", "read_document", "tables_to_data", "write_tables",
]  # fmt: skip
