"""Template profiles: a region's table layout as data (rows, 行次, columns, 栏次, titles, notes).

A profile is a YAML file in this package (``<id>.yaml``). Each table is one of three kinds:

* ``fixed``: rows listed in the profile (label, 行次, a measure or a sum of other rows);
  ``class_rows`` and ``economic_rows`` entries expand to the profile's 类 list or 经济分类 list.
* ``tree``: a 合计 row, then the 支出功能分类 类 → 款 → 项 rows that the data uses.
* two-sided ``fixed`` tables (01, 04) list their rows per side.

A *measure* selects ledger facts: ``family`` plus any of ``source``, ``fund``, ``nature``, ``column``,
``item`` (a value or a list of values) and ``code`` (a prefix). A cell sums the facts that match the
table's, the side's, the column's and the row's measures together: the most specific ``family`` and
``code`` win, every other dimension must hold in all of them.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

MeasureValue = str | list[str]
Measure = dict[str, MeasureValue]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ColumnSpec(_Spec):
    header: str
    key: str | None = Field(None, description="unique id of the column when its header repeats (default: header)")
    number: int | None = Field(None, description="栏次")
    group: str | None = Field(None, description="upper header spanning several columns")
    measure: Measure = {}


class RowSpec(_Spec):
    key: str | None = None
    label: str = ""
    line: int | None = Field(None, description="行次")
    code: str | None = None
    measure: Measure | None = None
    sum: list[str] | None = Field(None, description="keys of rows (or class_rows/economic group) added up")
    kind: Literal["amount", "count"] | None = None
    na: list[str] = Field([], description="headers of columns printed as ---")
    indent: int = 0
    # expansion markers
    class_rows: bool = False
    economic_rows: bool = False
    first_line: int | None = None

    @model_validator(mode="after")
    def _one_source(self) -> RowSpec:
        if self.measure is not None and self.sum is not None:
            raise ValueError(f"row {self.label or self.key}: measure and sum are exclusive")
        return self


class SideSpec(_Spec):
    side: str
    header: list[str] = ["项目", "行次"]
    columns: list[ColumnSpec]
    measure: Measure = {}
    rows: list[RowSpec]


class EconomicGroup(_Spec):
    """A block of table 06: the 经济分类 类 it holds and the footer total it feeds."""

    name: str
    classes: list[str]


class TableSpec(_Spec):
    id: str
    code: str = Field(description="e.g. 公开01表")
    title: str
    kind: Literal["fixed", "tree"]
    unit: str = "万元"
    value_kind: Literal["amount", "count"] = "amount"
    measure: Measure = {}
    columns: list[ColumnSpec] = []
    rows: list[RowSpec] = []
    sides: list[SideSpec] = []
    total_label: str = "合计"
    notes: list[str] = []
    empty_note: str | None = Field(None, description="note that must accompany the table when empty")
    layout: Literal["plain", "tree", "two_sided", "economic_groups"] = "plain"
    groups: list[EconomicGroup] = []
    row_header: str = "项目"
    alias: list[str] = []
    role: str | None = Field(
        None,
        description="the part the table plays, named by its id in the Jiangxi 2023 layout (e.g. Shanghai's 07, "
        "the 三公 table, has role 09); check rules address tables by role; default: the table's own id",
    )

    @property
    def role_id(self) -> str:
        return self.role or self.id

    def all_sides(self) -> list[SideSpec]:
        if self.sides:
            return self.sides
        return [SideSpec(side="", columns=self.columns, rows=self.rows)]


class ClassRow(_Spec):
    code: str
    label: str


class EconomicRow(_Spec):
    code: str
    label: str


class Profile(_Spec):
    id: str
    name: str
    footer_note: str = ""
    text_rows: dict[str, str] = Field(
        {},
        description="row keys the layout's narrative means by the vocabulary's words: the university reports "
        "write 收入总计 for 本年收入合计 (income_grand_total → income_total)",
    )
    class_rows: list[ClassRow]
    economic_rows: list[EconomicRow] = []
    tables: list[TableSpec]

    def table(self, table_id: str) -> TableSpec:
        for spec in self.tables:
            if spec.id == table_id:
                return spec
        raise KeyError(table_id)

    def class_codes(self) -> frozenset[str]:
        return frozenset(row.code for row in self.class_rows)
