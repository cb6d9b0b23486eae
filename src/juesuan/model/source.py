"""Where a value came from: an input file and line, or a page/table/row/column of a document."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceRef:
    """The place a value was read from.

    Attributes:
        path: the input file as given by the user.
        line: 1-based line in a text input (YAML/JSON/TXT), or None.
        field: the field path inside the input, e.g. ``units[0].income[3].amount``.
        page: 1-based page of a PDF, or None.
        table: table id ("01"…"10") for values read from a published table.
        row: row label as printed.
        column: column header as printed.
    """

    path: str
    line: int | None = None
    field: str | None = None
    page: int | None = None
    table: str | None = None
    row: str | None = None
    column: str | None = None

    def __str__(self) -> str:
        place = self.path
        if self.page is not None:
            place += f":第{self.page}页"
        if self.line is not None:
            place += f":{self.line}"
        if self.field:
            place += f" ({self.field})"
        return place
