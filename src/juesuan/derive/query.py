"""A small, safe expression language over Decimal for the rule catalogue (simpleeval, never ``eval``).

An expression yields a :class:`Quantity`: the printed value (元, rounded to the displayed 0.01 万元), the
cells it was read from, and how many displayed figures went into it (for the rounding envelope).
Quantities add, subtract and multiply by plain numbers. Functions:

``cell(table, row, column=None, side=None)``
    one printed cell; ``row`` is a row key (e.g. ``income_total``), a 科目编码 or a label; ``column`` may
    be omitted when the side has a single column. A missing table or row stops the rule ("not run").
``opt(table, row, column=None, side=None)``
    like ``cell`` but a missing row counts as blank (tree tables print only used codes).
``rows(table, [row, ...], column=None, side=None)``
    Σ of several rows (all must exist).
``classes(table, column=None, side=None)``
    Σ of the 类 rows (3-digit codes) of a table.
``total(table, column=None)``
    the 合计 row of a tree table.
``here(column)``, ``here_sum(column, ...)``
    in a rule with ``each_row``: the current row's cell(s).
``COL``
    in a rule with ``each_column``: the current column header.
"""

from __future__ import annotations

import ast
import functools
import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from simpleeval import SimpleEval

from ..errors import ProfileError
from ..model.money import ZERO, round_to_cents_of_wan
from ..model.tables import Cell, Row, Table, TableSet
from ..profiles import loader as profiles


class NotRun(Exception):
    """A rule cannot run on these tables (a table, row or column is missing); ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CellRef:
    """A cell read by a rule: enough to locate it in findings."""

    table: Table
    row: Row
    column: str

    @property
    def cell(self) -> Cell:
        return self.row.cells.get(self.column) or Cell()


@dataclass(frozen=True)
class Quantity:
    """A value computed from printed cells."""

    value: Decimal
    refs: tuple[CellRef, ...] = ()
    terms: int = 0
    blank: bool = True

    def _combine(self, other: object, sign: int) -> Quantity:
        if isinstance(other, Quantity):
            return Quantity(self.value + sign * other.value, self.refs + other.refs, self.terms + other.terms,
                            self.blank and other.blank)  # fmt: skip
        if isinstance(other, (int, Decimal)) and not isinstance(other, bool):
            return Quantity(self.value + sign * Decimal(other), self.refs, self.terms, self.blank)
        raise TypeError(f"cannot combine a Quantity with {type(other).__name__}")

    def __add__(self, other: object) -> Quantity:
        return self._combine(other, 1)

    def __radd__(self, other: object) -> Quantity:
        return self._combine(other, 1)

    def __sub__(self, other: object) -> Quantity:
        return self._combine(other, -1)

    def __rsub__(self, other: object) -> Quantity:
        return (-self)._combine(other, 1)

    def __neg__(self) -> Quantity:
        return Quantity(-self.value, self.refs, self.terms, self.blank)

    def __mul__(self, other: object) -> Quantity:
        if isinstance(other, (int, Decimal)) and not isinstance(other, bool):
            return Quantity(self.value * Decimal(other), self.refs, self.terms, self.blank)
        return NotImplemented

    __rmul__ = __mul__


def shown(cell: Cell, kind: str) -> Decimal:
    """The value as printed: amounts rounded to 0.01 万元 (in 元), counts as they are; blank and na → 0."""
    if cell.value is None or cell.na:
        return ZERO
    return cell.value if kind == "count" else round_to_cents_of_wan(cell.value)


def quantity(table: Table, row: Row, column: str) -> Quantity:
    cell = row.cells.get(column) or Cell()
    blank = cell.value is None
    return Quantity(shown(cell, row.kind), (CellRef(table, row, column),), 0 if blank else 1, blank)


#: Input name → what it is, in Chinese (for "not run" reasons and the docs). See :mod:`juesuan.check.inputs`.
INPUTS: dict[str, str] = {
    "evaluations": "绩效评价数据",
    "statements": "情况说明等文字中陈述的数字",
    "accounts": "账务数据（数据集）",
    "reading": "公开报告的读取情况（仅审核已公开的报告时有）",
    "previous": "上年的报告（比较同一单位相邻两年时有）",
}


def missing_reason(name: str) -> str:
    return f"输入中没有{INPUTS.get(name, name)}"


DEFAULT_LAYOUT = "jiangxi-2023"  # the layout the rules' row keys are named in


@functools.lru_cache(maxsize=512)
def _row_name(role: str, key: str) -> str:
    """The printed label of a row key in the default layout (i2 → 二、政府性基金预算财政拨款收入), else the key."""
    try:
        spec = profiles.get(DEFAULT_LAYOUT).table(role)
    except (KeyError, ProfileError):
        return key
    for side in spec.all_sides():
        for row in side.rows:
            if row.key == key and row.label:
                return row.label
    return key


def _roles(tables: TableSet) -> dict[str, str]:
    """Table id → role, from the profile the tables follow (ids are roles when the profile is unknown)."""
    try:
        profile = profiles.get(tables.profile)
    except ProfileError:
        return {t.id: t.id for t in tables.tables}
    specs = {spec.id: spec.role_id for spec in profile.tables}
    return {t.id: specs.get(t.id, t.id) for t in tables.tables}


class Tables:
    """Cell addressing over a TableSet; every miss raises :class:`NotRun` with a Chinese reason."""

    def __init__(self, tables: TableSet, inputs: Mapping[str, object] | None = None) -> None:
        self.withheld = dict(tables.withheld)
        self.tables = replace(tables, tables=tuple(t for t in tables.tables if t.id not in self.withheld))
        self.roles = _roles(tables)
        self.withheld_roles = {self.roles.get(t, t): reason for t, reason in self.withheld.items()}
        self.by_role: dict[str, Table] = {self.roles[t.id]: t for t in self.tables.tables}
        self.inputs: Mapping[str, object] = inputs or {}
        self._evaluator: _Evaluator | None = None

    def evaluator(self) -> _Evaluator:
        if self._evaluator is None:
            self._evaluator = _Evaluator(self)
        return self._evaluator

    def input(self, name: str) -> object:
        """An input beyond the tables (see :mod:`juesuan.check.inputs`); NotRun when it was not given."""
        if name not in self.inputs:
            raise NotRun(missing_reason(name))
        return self.inputs[name]

    def table(self, role: str) -> Table:
        """The table playing ``role`` (a Jiangxi 2023 table id, see ``TableSpec.role``)."""
        try:
            return self.by_role[role]
        except KeyError:
            if role in self.withheld_roles:
                raise NotRun(self.withheld_roles[role]) from None
            raise NotRun(f"缺少公开{role}表") from None

    def role_of(self, table: Table) -> str:
        return self.roles.get(table.id, table.id)

    def in_scope(self, scope: Iterable[str]) -> list[Table]:
        """The tables whose role is in a rule's scope, in printed order."""
        wanted = set(scope)
        return [t for t in self.tables if self.role_of(t) in wanted]

    def find_row(self, table: Table, row: str, side: str | None) -> Row | None:
        for candidate in table.rows:
            if side is not None and candidate.side != side:
                continue
            if row in (candidate.key, candidate.code, candidate.label):
                return candidate
        return None

    def missing_row(self, table: Table, row: str) -> str:
        """Why a rule cannot read a row: the layout does not print it (a rule keyed on the Jiangxi layout's
        rows, on a table of another layout), or this table lacks it."""
        name = _row_name(self.role_of(table), row)
        if self.tables.profile and self.tables.profile != DEFAULT_LAYOUT:
            return f"公开{table.id}表（{self.tables.profile} 版式）没有「{name}」一行，该规则不适用"
        return f"公开{table.id}表缺少「{name}」行"

    def column(self, table: Table, column: str | None, side: str | None) -> str:
        """The key (``Row.cells``) of a column named by its key or by its printed header: a built table may
        print a header other than the key the rules use (central-2024 prints 金额 for 决算数)."""
        columns = [c for c in table.columns if side is None or c.side == side]
        keys = list(dict.fromkeys(c.key for c in columns))
        if column is None:
            if len(keys) != 1:
                raise NotRun(f"公开{table.id}表需要指明列")
            return keys[0]
        if column in keys:
            return column
        by_header = list(dict.fromkeys(c.key for c in columns if c.header == column))
        if len(by_header) != 1:
            raise NotRun(f"公开{table.id}表缺少「{column}」列")
        return by_header[0]

    def cell(self, table_id: str, row: str, column: str | None = None, side: str | None = None) -> Quantity:
        table = self.table(table_id)
        found = self.find_row(table, row, side)
        if found is None:
            raise NotRun(self.missing_row(table, row))
        return quantity(table, found, self.column(table, column, side or found.side or None))

    def opt(self, table_id: str, row: str, column: str | None = None, side: str | None = None) -> Quantity:
        table = self.table(table_id)
        header = self.column(table, column, side)
        found = self.find_row(table, row, side)
        return Quantity(ZERO) if found is None else quantity(table, found, header)

    def rows(self, table_id: str, keys: Iterable[str], column: str | None = None, side: str | None = None) -> Quantity:
        return sum((self.cell(table_id, k, column, side) for k in keys), Quantity(ZERO))

    def classes(self, table_id: str, column: str | None = None, side: str | None = None) -> Quantity:
        table = self.table(table_id)
        header = self.column(table, column, side)
        picked = [r for r in table.rows if r.code and len(r.code) == 3 and (side is None or r.side == side)]
        if not picked:
            raise NotRun(f"公开{table.id}表没有类级科目行")
        return sum((quantity(table, r, header) for r in picked), Quantity(ZERO))

    def total(self, table_id: str, column: str | None = None) -> Quantity:
        table = self.table(table_id)
        for row in table.rows:
            if row.level == "合计" or row.key == "total":
                return quantity(table, row, self.column(table, column, row.side or None))
        raise NotRun(f"公开{table.id}表缺少「合计」行")


_OPERATORS: dict[type[ast.AST], Callable[..., Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}


@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> ast.AST:
    """The parsed expression (catalogue expressions are few and evaluated once per row and column)."""
    return ast.parse(text.strip()).body[0]


class _Evaluator:
    """One safe evaluator per table set (building a SimpleEval is the costly part); ``here`` and the names
    change from one evaluation to the next."""

    def __init__(self, tables: Tables) -> None:
        self.here: tuple[Table, Row] | None = None
        self.tables = tables
        functions = {
            "cell": tables.cell, "opt": tables.opt, "rows": tables.rows, "classes": tables.classes,
            "total": tables.total, "here": self.here_cell,
            "here_sum": lambda *cols: sum((self.here_cell(c) for c in cols), Quantity(ZERO)),
        }  # fmt: skip
        self.simple = SimpleEval(operators=_OPERATORS, functions=functions, names={})
        self.simple.nodes[ast.List] = lambda node: [self.simple._eval(item) for item in node.elts]  # row keys

    def here_cell(self, column: str) -> Quantity:
        if self.here is None:
            raise ValueError("here() 只能用于逐行规则（each_row）")
        table, row = self.here
        return quantity(table, row, self.tables.column(table, column, row.side))


def evaluate(
    text: str, tables: Tables, here: tuple[Table, Row] | None = None, names: dict[str, Any] | None = None
) -> Quantity:
    """Evaluate one catalogue expression. Raises NotRun, or ValueError for a malformed expression."""
    evaluator = tables.evaluator()
    evaluator.here = here
    evaluator.simple.names = dict(names or {})
    result = evaluator.simple.eval(text, previously_parsed=_parsed(text))
    if isinstance(result, int) and not isinstance(result, bool):
        return Quantity(Decimal(result))
    if not isinstance(result, Quantity):
        raise ValueError(f"表达式结果不是金额：{text}")
    return result
