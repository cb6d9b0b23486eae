"""Filled tables: what every writer renders and every checker reads.

Values are exact: ``Decimal`` 元 for amounts (rounded to display only when shown, see
:func:`juesuan.model.money.to_wan`), ``Decimal`` integers for counts. A cell's value is None when nothing
was entered for it (printed blank), and ``na`` cells print "---".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .money import format_wan
from .source import SourceRef

NA_TEXT = "---"


@dataclass(frozen=True, slots=True)
class Column:
    """A printed column. ``key`` identifies it in ``Row.cells`` (the header, unless the header repeats
    under different groups, as in Shanghai's one-row 三公 table)."""

    header: str
    number: int | None = None
    group: str | None = None
    side: str = ""
    key: str = ""

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.header)


@dataclass(frozen=True, slots=True)
class Cell:
    value: Decimal | None = None
    na: bool = False
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True, slots=True)
class Row:
    """One printed row.

    Attributes:
        label: the row's name as printed (科目名称 for classified rows).
        code: 科目编码 (功能分类 or 经济分类) when the row has one.
        line: 行次 when printed.
        side: "收入" / "支出" in two-sided tables, "" elsewhere.
        key: the profile's row key (stable id for rules), or the code.
        level: "合计", "类", "款", "项" in tree tables; None elsewhere.
        kind: "amount" or "count".
        group: the block of a grouped table (06: 人员经费 / 公用经费).
        cells: column key (normally the header) → Cell, for the row's side's columns.
    """

    label: str
    cells: dict[str, Cell]
    code: str | None = None
    line: int | None = None
    side: str = ""
    key: str | None = None
    level: str | None = None
    kind: str = "amount"
    indent: int = 0
    group: str | None = None

    def value(self, header: str) -> Decimal | None:
        cell = self.cells.get(header)
        return None if cell is None else cell.value

    def display(self, header: str) -> str | None:
        cell = self.cells.get(header)
        if cell is None:
            return None
        if cell.na:
            return NA_TEXT
        if cell.value is None:
            return None
        if self.kind == "count":
            return str(int(cell.value))
        return format_wan(cell.value)


@dataclass(frozen=True, slots=True)
class Table:
    id: str
    code: str
    title: str
    unit: str
    department: str
    year: int
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    notes: tuple[str, ...] = ()
    empty_note: str | None = None
    layout: str = "plain"
    row_header: str = "项目"
    groups: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())

    def sides(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.side for c in self.columns))

    def columns_of(self, side: str) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.side == side)

    def is_empty(self) -> bool:
        return all(cell.value is None for row in self.rows for cell in row.cells.values())

    def row(self, key: str, side: str | None = None) -> Row:
        for row in self.rows:
            if (row.key == key or row.code == key) and (side is None or row.side == side):
                return row
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class TableSet:
    """The ten (or a profile's) tables of one department or unit for one year."""

    profile: str
    department: str
    year: int
    tables: tuple[Table, ...]
    rounding: str = "adjusted"
    # tables read but withheld from the checks, with the reason (a published table read uncertainly)
    withheld: tuple[tuple[str, str], ...] = ()

    def __getitem__(self, table_id: str) -> Table:
        for table in self.tables:
            if table.id == table_id:
                return table
        raise KeyError(table_id)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.tables)
