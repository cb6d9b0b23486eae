"""Ingest published reports: read PDF / DOCX / XLSX / text into pages, recognise the profile's tables by
title and header, and extract them into a :class:`juesuan.model.tables.TableSet` (see docs/ingest.md)."""

from __future__ import annotations

from pathlib import Path

from ..model.reading import BUDGET
from ..profiles import loader as profiles
from .document import Document, Line, Page, TextCell
from .kind import document_kind
from .locate import ProfileChoice, choose_profile, table_pages
from .pipeline import FoundTable, Ingested, extract_tables
from .reader import read_document
from .writer import dump_tables, tables_to_data, write_tables


class _Plan:
    """Which pages to read as tables, decided on the text pages (the profile chosen there is kept)."""

    def __init__(self, profile: str | None) -> None:
        self.profile = profile
        self.choice: ProfileChoice | None = None

    def __call__(self, doc: Document) -> set[int] | bool:
        if document_kind(doc)[0] == BUDGET:
            return False
        chosen = self.profile is None
        self.choice = (
            choose_profile(doc) if chosen else ProfileChoice(profiles.get(str(self.profile)), "由参数指定", {})
        )
        pages = table_pages(doc, self.choice)
        if pages is True and chosen:
            self.choice = None  # no title in the text: choose again once the tables are read
        return pages


def ingest(path: str | Path, profile: str | None = None) -> Ingested:
    """Read ``path`` and extract its tables (profile chosen automatically unless given). Only the pages of
    the standard tables found by title are read as tables (not the evaluation forms of an attachment); the
    tables of a document that names itself a budget (部门预算) are not read: it is not audited as final
    accounts."""
    plan = _Plan(profile)
    doc = read_document(path, plan)
    return extract_tables(doc, profile, plan.choice)


__all__ = [
    "Document", "FoundTable", "Ingested", "Line", "Page", "TextCell",
    "dump_tables", "extract_tables", "ingest", "read_document", "tables_to_data", "write_tables",
]  # fmt: skip
