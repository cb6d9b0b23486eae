"""The case: one department (or unit) and year, as known from one input.

Every input becomes one :class:`Case` — a dataset (the ledger and what it derives), a table-mode file (tables
typed in or extracted), a published report read back — and every front end (the commands, the batch runner,
the web app) checks, stores and compares cases through :mod:`juesuan.pipeline`. A case is frozen: what was
read stays as read; checking it makes a report beside it, not inside it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..findings import Finding
from .accounts import Accounts
from .blocks import Document
from .evaluations import Evaluation
from .reading import FINAL_ACCOUNTS, Reading
from .statements import Statements
from .tables import TableSet

DATASET, TABLES, REPORT = "dataset", "tables", "report"


@dataclass(frozen=True, kw_only=True)
class SourceFile:
    """Where a case came from: the file, what kind of input it is (dataset / tables / report), its format
    (yaml, json, pdf, docx, xlsx, html, text) and its content hash."""

    path: str
    kind: str
    format: str = ""
    sha256: str = ""

    @classmethod
    def of(cls, path: str | Path, kind: str, fmt: str = "") -> SourceFile:
        p = Path(path)
        digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""
        return cls(path=str(path), kind=kind, format=fmt or p.suffix.lstrip(".").lower(), sha256=digest)


@dataclass(frozen=True, kw_only=True)
class Case:
    """One department-year: its tables, and whatever else the input gave or building it made."""

    source: SourceFile
    tables: TableSet
    accounts: Accounts | None = None  # a dataset's ledger
    evaluations: tuple[Evaluation, ...] = ()
    statements: Statements | None = None  # the figures a report's text states
    reading: Reading | None = None  # what was read of a published report
    document: Document | None = None  # the report composed from a dataset (juesuan build)
    derived: tuple[Finding, ...] = field(default=())  # findings made while deriving the tables (ledger checks)

    @property
    def profile(self) -> str:
        return self.tables.profile

    @property
    def department(self) -> str:
        return self.tables.department

    @property
    def year(self) -> int:
        return self.tables.year

    @property
    def kind(self) -> str:
        """The document kind (final accounts, budget, other); a dataset or table file is final accounts."""
        return self.reading.kind if self.reading is not None else FINAL_ACCOUNTS

    def inputs(self) -> dict[str, object]:
        """What the check catalogue reads beyond the tables (rules ``needs`` these by name)."""
        out: dict[str, object] = {}
        if self.accounts is not None:
            out["accounts"] = self.accounts
        if self.evaluations:
            out["evaluations"] = self.evaluations
        if self.statements is not None:
            out["statements"] = self.statements
        if self.reading is not None:
            out["reading"] = self.reading
        return out
