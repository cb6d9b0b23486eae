"""What a reader made of a published document: its kind, and for each standard table whether it was read.

The check catalogue reads this as the ``reading`` input (rules ``ingest-*``): a table the reader found but
whose reading breaks its own identities in the way a misreading does is *uncertain* (its rules are not
run), and a standard table of the layout that the document does not print is *missing*.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FINAL_ACCOUNTS = "final_accounts"
BUDGET = "budget"
OTHER = "other"
KIND_NAMES = {FINAL_ACCOUNTS: "部门决算", BUDGET: "部门预算", OTHER: "其他文件"}


@dataclass(frozen=True, slots=True)
class TableReading:
    """One standard table as found: id, printed title, pages, rows read, and why it is uncertain (or "")."""

    table: str
    title: str
    pages: tuple[int, ...] = ()
    rows: int = 0
    uncertain: str = ""
    line: int | None = None  # the title's line in a text file


@dataclass(frozen=True, slots=True)
class Reading:
    kind: str = FINAL_ACCOUNTS
    kind_reason: str = ""
    tables: tuple[TableReading, ...] = ()
    missing: tuple[tuple[str, str], ...] = field(default=())  # (table id, title) of the layout, not found
    path: str = ""
    pages: int | None = None  # the document's pages (PDF, a workbook's sheets); None for text and HTML

    def table(self, table_id: str) -> TableReading | None:
        return next((t for t in self.tables if t.table == table_id), None)

    @property
    def uncertain(self) -> dict[str, str]:
        return {t.table: t.uncertain for t in self.tables if t.uncertain}
