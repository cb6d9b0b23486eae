"""Ingest published reports: read PDF / DOCX / XLSX / text into pages, recognise the profile's tables by
title and header, and extract them into a :class:`juesuan.model.tables.TableSet` (see docs/ingest.md)."""

from __future__ import annotations

from pathlib import Path

from .document import Document, Line, Page, TextCell
from .pipeline import FoundTable, Ingested, extract_tables
from .reader import read_document
from .writer import dump_tables, tables_to_data, write_tables


def ingest(path: str | Path, profile: str | None = None) -> Ingested:
    """Read ``path`` and extract its tables (profile chosen automatically unless given)."""
    return extract_tables(read_document(path), profile)


__all__ = [
    "Document", "FoundTable", "Ingested", "Line", "Page", "TextCell",
    "dump_tables", "extract_tables", "ingest", "read_document", "tables_to_data", "write_tables",
]  # fmt: skip
