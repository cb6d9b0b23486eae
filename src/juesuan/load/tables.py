"""Table mode: a file in the ``tables.json`` shape (docs/tables-json.md) → :class:`TableSet`.

Used for tables typed in or extracted from a published report. Amounts are read as printed in 万元
and kept exactly in 元 (× 10000); ``"---"`` becomes an ``na`` cell, ``null`` or ``""`` a blank cell.
Rows are matched to the profile's row keys by (side, 行次) first, then by normalised label, so rules can
address them by key. Every cell remembers the file and line it was read from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import InputError, ProfileError
from ..model.codes import level_of
from ..model.money import YUAN_PER_WAN
from ..model.source import SourceRef
from ..model.tables import NA_TEXT, Cell, Column, Row, Table, TableSet
from ..profiles import loader as profiles
from ..profiles.model import Profile, TableSpec
from ..yamlsrc import LineDict, LineList
from .loader import parse_file

DEFAULT_PROFILE = "jiangxi-2023"
_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|\d+[.．、]\s*|[（(]\d+[)）]|其中[:：])")
_FOOTER_ALIASES = {"人员经费合计": "personnel_total", "公用经费合计": "public_total", "公用支出合计": "public_total"}


def normalise_label(label: str) -> str:
    """Label without spaces, ordinal prefixes and bracket style, for matching printed rows."""
    text = re.sub(r"\s+", "", label).replace("(", "（").replace(")", "）")
    previous = None
    while previous != text:
        previous, text = text, _PREFIX.sub("", text)
    return text.replace("“", "").replace("”", "").replace('"', "")


@dataclass(frozen=True)
class _SpecRow:
    key: str
    label: str
    line: int | None
    side: str
    code: str | None
    kind: str | None
    group: str | None


def spec_rows(profile: Profile, spec: TableSpec) -> list[_SpecRow]:
    """Every printed row a profile table declares, with its 行次 where it has one."""
    group_of = {cls: g.name for g in spec.groups for cls in g.classes}
    out: list[_SpecRow] = []
    for side in spec.all_sides():
        for row in side.rows:
            if row.class_rows:
                first = row.first_line
                for n, cls in enumerate(profile.class_rows):
                    line = None if first is None else first + n
                    out.append(_SpecRow(cls.code, cls.label, line, side.side, cls.code, None, None))
            elif row.economic_rows:
                for eco in profile.economic_rows:
                    out.append(
                        _SpecRow(eco.code, eco.label, None, side.side, eco.code, None, group_of.get(eco.code[:3]))
                    )
            elif row.key:
                out.append(_SpecRow(row.key, row.label, row.line, side.side, row.code, row.kind, None))
    return out


class _Reader:
    """Turns the parsed file into tables, collecting every located problem."""

    def __init__(self, path: str, root: LineDict) -> None:
        self.path = path
        self.root = root
        self.problems: list[str] = []

    def problem(self, line: int | None, text: str) -> None:
        self.problems.append(f"{self.path}:{line}: {text}" if line else f"{self.path}: {text}")

    def profile(self) -> Profile | None:
        name = self.root.get("profile") or DEFAULT_PROFILE
        try:
            return profiles.get(str(name))
        except ProfileError as exc:
            self.problem(self.root.lines.get("profile"), str(exc))
            return None

    def read(self) -> TableSet:
        profile = self.profile()
        tables_node = self.root.get("tables")
        if not isinstance(tables_node, LineList):
            self.problem(self.root.lines.get("tables"), "「tables」应为表的列表")
            raise InputError(self.path, self.problems)
        tables: list[Table] = []
        seen: set[str] = set()
        for index, node in enumerate(tables_node):
            table = self.table(profile, index, node, tables_node.lines[index])
            if table is None:
                continue
            if table.id in seen:
                self.problem(tables_node.lines[index], f"公开{table.id}表重复出现")
            seen.add(table.id)
            tables.append(table)
        if self.problems:
            raise InputError(self.path, self.problems)
        return TableSet(
            profile=profile.id if profile else DEFAULT_PROFILE,
            department=str(self.root.get("department") or ""),
            year=_int_or(self.root.get("year"), 0),
            tables=tuple(tables),
            rounding=str(self.root.get("rounding") or "published"),
        )

    def table(self, profile: Profile | None, index: int, node: Any, line: int) -> Table | None:
        if not isinstance(node, LineDict):
            self.problem(line, f"tables[{index}] 应为映射（id、rows 等）")
            return None
        table_id = _table_id(node.get("id"))
        if table_id is None:
            self.problem(node.line, f'tables[{index}] 缺少表号「id」（如 "01"）')
            return None
        spec = _spec_of(profile, table_id)
        unit = str(node.get("unit") or self.root.get("unit") or (spec.unit if spec else "万元"))
        counts = unit != "万元" or (spec is not None and spec.value_kind == "count")
        rows_node = node.get("rows", LineList())
        if not isinstance(rows_node, LineList):
            self.problem(node.lines.get("rows", node.line), f"公开{table_id}表的「rows」应为列表")
            return None
        matcher = _RowMatcher(profile, spec) if profile and spec else None
        rows = [
            r
            for i, r_node in enumerate(rows_node)
            if (r := self.row(table_id, f"tables[{index}].rows[{i}]", r_node, rows_node.lines[i], counts, matcher))
        ]
        columns = self.columns(node, rows, spec)
        title = str(node.get("title") or (spec.title if spec else ""))
        notes = node.get("notes") or []
        return Table(
            id=table_id, code=str(node.get("code") or f"公开{table_id}表"), title=title, unit=unit,
            department=str(self.root.get("department") or ""), year=_int_or(self.root.get("year"), 0),
            columns=columns, rows=tuple(rows), notes=tuple(str(n) for n in notes if n is not None),
            empty_note=spec.empty_note if spec else None, layout=spec.layout if spec else "plain",
            groups=tuple((g.name, tuple(g.classes)) for g in spec.groups) if spec else (),
        )  # fmt: skip

    def columns(self, node: LineDict, rows: list[Row], spec: TableSpec | None) -> tuple[Column, ...]:
        given = node.get("columns")
        if isinstance(given, list) and given:
            return tuple(
                Column(str(c.get("header")), _int_or(c.get("number"), None), c.get("group"), str(c.get("side") or ""))
                for c in given
                if isinstance(c, dict)
            )
        known = {(s.side, c.header): c for s in spec.all_sides() for c in (s.columns or spec.columns)} if spec else {}
        seen = dict.fromkeys((row.side, header) for row in rows for header in row.cells)
        out = []
        for side, header in seen:
            col = known.get((side, header))
            out.append(Column(header, col.number if col else None, col.group if col else None, side))
        return tuple(out)

    def row(
        self, table_id: str, field: str, node: Any, line: int, counts: bool, matcher: _RowMatcher | None
    ) -> Row | None:
        if not isinstance(node, LineDict):
            self.problem(line, f"{field} 应为映射（label、values 等）")
            return None
        label = str(node.get("label") or "")
        code = node.get("code")
        code = None if code in (None, "") else str(code)
        side = str(node.get("side") or "")
        row_line = _int_or(node.get("line"), None)
        values = node.get("values", LineDict())
        if not isinstance(values, LineDict):
            self.problem(node.lines.get("values", line), f"{field}.values 应为「列名: 数值」的映射")
            return None
        found = matcher.match(label, code, side, row_line, node.get("key")) if matcher else None
        kind = "count" if counts or (found and found.kind == "count") else str(node.get("kind") or "amount")
        cells = {}
        for header, raw in values.items():
            ref = SourceRef(self.path, values.lines.get(header), f"{field}.values.{header}", None, table_id, label,
                            str(header))  # fmt: skip
            cells[str(header)] = self.cell(raw, kind, ref)
        level = str(node.get("level") or "") or _level(code, label, matcher)
        key = found.key if found else (code or ("total" if level == "合计" else node.get("key")))
        code = code or (found.code if found else None)
        group = node.get("group") or (found.group if found else None)
        return Row(label=label, cells=cells, code=code, line=row_line, side=side, key=key, level=level or None,
                   kind=kind, group=group)  # fmt: skip

    def cell(self, raw: Any, kind: str, ref: SourceRef) -> Cell:
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return Cell(sources=(ref,))
        if isinstance(raw, str) and raw.strip() in (NA_TEXT, "—", "--", "-"):
            return Cell(na=True, sources=(ref,))
        try:
            number = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip().replace(",", ""))
            if not number.is_finite() or isinstance(raw, bool):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.problem(ref.line, f"公开{ref.table}表「{ref.row}」「{ref.column}」不是数字：{raw!r}")
            return Cell(sources=(ref,))
        return Cell(number if kind == "count" else number * YUAN_PER_WAN, sources=(ref,))


class _RowMatcher:
    """Finds the profile row a printed row stands for."""

    def __init__(self, profile: Profile, spec: TableSpec) -> None:
        self.tree = spec.kind == "tree"
        self.rows = spec_rows(profile, spec)
        self.by_line = {(r.side, r.line): r for r in self.rows if r.line is not None}
        self.by_label = {(r.side, normalise_label(r.label)): r for r in self.rows if r.label}
        self.by_key = {(r.side, r.key): r for r in self.rows}

    def match(self, label: str, code: str | None, side: str, line: int | None, key: Any) -> _SpecRow | None:
        if self.tree:
            return None
        if key is not None and (side, str(key)) in self.by_key:
            return self.by_key[(side, str(key))]
        if code and (side, code) in self.by_key:
            return self.by_key[(side, code)]
        if line is not None and (side, line) in self.by_line:
            return self.by_line[(side, line)]
        text = normalise_label(label)
        alias = _FOOTER_ALIASES.get(text)
        if alias and (side, alias) in self.by_key:
            return self.by_key[(side, alias)]
        return self.by_label.get((side, text))


def _level(code: str | None, label: str, matcher: _RowMatcher | None) -> str:
    if matcher is None or not matcher.tree:
        return ""
    if code:
        return level_of(code) or ""
    return "合计" if "合计" in label or not label else ""


def _spec_of(profile: Profile | None, table_id: str) -> TableSpec | None:
    if profile is None:
        return None
    try:
        return profile.table(table_id)
    except KeyError:
        return None


def _table_id(raw: Any) -> str | None:
    if raw is None:
        return None
    text = str(raw).strip().removeprefix("公开").removesuffix("表").strip()
    return text.zfill(2) if text.isdigit() else (text or None)


def _int_or(raw: Any, default: int | None) -> Any:
    try:
        return int(str(raw))
    except (TypeError, ValueError):
        return default


def read_tables_data(root: Any, path: str = "<tables>") -> TableSet:
    """Build a TableSet from already-parsed data (a LineDict from :func:`juesuan.yamlsrc.parse`)."""
    if not isinstance(root, LineDict):
        raise InputError(path, [f"{path}: 顶层应为映射，且含「tables」列表"])
    return _Reader(path, root).read()


def load_tables(path: str | Path) -> TableSet:
    """Read a table-mode file (YAML or JSON in the tables.json shape). Raises InputError when unusable."""
    return read_tables_data(parse_file(Path(path)), str(path))


def is_table_mode(root: Any) -> bool:
    """True for a table-mode file: a mapping with a top-level ``tables:`` key."""
    return isinstance(root, dict) and "tables" in root
