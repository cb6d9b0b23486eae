"""The fill-in workbook (填报.xlsx, docs/workbook.md) → the plain dict a dataset.yaml parses to, with every value's
cell.

The workbook's shape is :mod:`juesuan.load.workbook_layout`'s. The dict is validated by the loader with the same
:class:`~juesuan.load.schema.Dataset` schema as YAML, so everything downstream is unchanged; what differs is
where a problem is said to be: ``填报.xlsx: 支出!D17（金额）：…`` instead of a line (:class:`WorkbookPlaces`).

* **Formula cells are refused**, never read as their cached result: the sheet XML is scanned for ``<f>``
  elements (``zipfile``; sheet files mapped to sheet names by ``xl/workbook.xml`` and its relationships).
* Numbers come from calamine as floats: an amount becomes ``Decimal`` of the float's 15 significant digits (what
  Excel shows and stores for a typed number, so 0.1 + 0.2 noise never reaches the ledger); a finer amount is
  then reported by the loader like a YAML one. A count must be integral. A code read as a number (a cell
  the user typed without the text format) becomes the integer's digits.
* Every problem is collected (not only the first): formula cells, unknown units, a missing header, bad values.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from pydantic import ValidationError
from python_calamine import CalamineWorkbook

from ..errors import InputError
from ..model.source import SourceRef
from ..yamlsrc import parse
from . import workbook_layout as wl
from .messages import check_input_file, describe, field_path

SUFFIXES = {".xlsx", ".xlsm"}
TEMPLATE, EXPORT = "template", "export"
EXPORT_SHEET = re.compile(r"财决附?\d{2}")
_BLANK = object()
Loc = tuple[int | str, ...]
_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def a1(row: int, col: int) -> str:
    """0-based (row, col) → ``D17``."""
    letters, n = "", col + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def sheet_names(path: Path) -> list[str]:
    """The workbook's sheet names. Raises InputError for a file that is not a readable workbook."""
    shown = check_input_file(path)
    if not zipfile.is_zipfile(path):
        raise InputError(shown, [f"{shown}: 不是有效的 Excel 工作簿（.xlsx）：文件已损坏，或是加密、旧版（.xls）文件"])
    try:
        return list(CalamineWorkbook.from_path(shown).sheet_names)
    except Exception as exc:  # calamine raises its own error types for a damaged package
        raise InputError(shown, [f"{shown}: 无法读取 Excel 工作簿（文件已损坏？）"]) from exc


def workbook_kind(path: Path) -> str | None:
    """``template`` (this project's 填报 workbook), ``export`` (the 决算软件's 财决NN表) or None (anything else,
    e.g. a published report's tables)."""
    names = sheet_names(path)
    if wl.INFO.name in names:
        return TEMPLATE
    if any(EXPORT_SHEET.search(name) for name in names):
        return EXPORT
    return None


#: Excel's built-in number formats that fix decimal places (id → format code).
_BUILTIN_FORMATS = {1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00", 9: "0%", 10: "0.00%", 11: "0.00E+00"}


def _places(code: str) -> tuple[int, bool] | None:
    """(decimal places shown, percent) of a number format code; None for General, text or dates."""
    first = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.split(";")[0])
    if not re.search(r"[0#]", first) or re.search(r"[yYmMdDhHsS@]", first):
        return None
    fraction = first.split(".", 1)[1] if "." in first else ""
    return len(re.match(r"0*", fraction)[0]), "%" in first  # type: ignore[index]


@dataclass
class _Package:
    """What the sheet XML says and calamine does not: formula cells, and each numeric cell's shown format."""

    formulas: dict[str, list[str]] = field(default_factory=dict)  # sheet → cells (A1) holding a formula
    formats: dict[str, dict[str, tuple[int, bool]]] = field(default_factory=dict)  # sheet → A1 → (places, %)


def _scan(path: Path, wanted: set[str] | None = None) -> _Package:
    """Read the package's XML (sheets mapped to names by xl/workbook.xml and its relationships); only the
    sheets in ``wanted`` for formats (every sheet for formulas)."""
    out = _Package()
    with zipfile.ZipFile(path) as package:
        try:
            book = ElementTree.fromstring(package.read("xl/workbook.xml"))
            rels = ElementTree.fromstring(package.read("xl/_rels/workbook.xml.rels"))
        except (KeyError, ElementTree.ParseError):
            return out
        styles: list[tuple[int, bool] | None] = []
        try:
            style = ElementTree.fromstring(package.read("xl/styles.xml"))
            custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in style.iter(f"{_NS_MAIN}numFmt")}
            xfs = style.find(f"{_NS_MAIN}cellXfs")
            for xf in xfs if xfs is not None else ():
                number = int(xf.get("numFmtId", "0"))
                code = custom.get(number, _BUILTIN_FORMATS.get(number, ""))
                styles.append(_places(code) if code else None)
        except (KeyError, ElementTree.ParseError, ValueError):
            styles = []
        targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{_NS_PKG}Relationship")}
        for sheet in book.iter(f"{_NS_MAIN}sheet"):
            name = sheet.get("name", "")
            target = targets.get(sheet.get(f"{_NS_REL}id"), "")
            member = target.lstrip("/") if target.startswith("/") else posixpath.normpath(f"xl/{target}")
            try:
                data = package.read(member)
            except KeyError:
                continue
            formats = wanted is None or name in wanted
            if b"<f" not in data and not (formats and styles):
                continue
            shown: dict[str, tuple[int, bool]] = {}
            for cell in ElementTree.fromstring(data).iter(f"{_NS_MAIN}c"):
                where = cell.get("r", "")
                if cell.find(f"{_NS_MAIN}f") is not None:
                    out.formulas.setdefault(name, []).append(where)
                index = int(cell.get("s", "0") or 0)
                if formats and cell.get("t") in (None, "n") and 0 < index < len(styles) and styles[index]:
                    shown[where] = styles[index]  # type: ignore[assignment]
            if shown:
                out.formats[name] = shown
    return out


def formula_cells(path: Path) -> dict[str, list[str]]:
    """Sheet name → the cells (A1) that hold a formula, read from the package's XML (not from calamine, which
    returns a formula's cached result as if it were a value)."""
    return _scan(path, set()).formulas


@dataclass
class WorkbookPlaces:
    """Where each value of the dict was read: field path → (sheet!cell, header). Formats the loader's messages."""

    path: str
    cells: dict[Loc, tuple[str, str]] = field(default_factory=dict)
    flagged: set[str] = field(default_factory=set)  # cells already reported: no second message for them

    def find(self, loc: Loc) -> tuple[str, str] | None:
        for end in range(len(loc), 0, -1):
            found = self.cells.get(tuple(loc[:end]))
            if found is not None:
                return found
        return None

    def where(self, loc: Loc) -> str:
        found = self.find(loc)
        return f"{self.path}: {found[0]}" if found else f"{self.path}: 字段 {field_path(loc) or '（根）'}"

    def at(self, loc: Loc) -> str:
        found = self.find(loc)
        if found is None:
            return f"{self.path}: 字段 {field_path(loc) or '（根）'}"
        return f"{self.path}: {found[0]}（{found[1]}）" if found[1] else f"{self.path}: {found[0]}"

    def ref(self, loc: Loc) -> SourceRef:
        found = self.find(loc)
        return SourceRef(self.path, None, found[0] if found else field_path(loc))

    def errors(self, exc: ValidationError) -> list[str]:
        out = []
        for error in exc.errors(include_url=False):
            loc = tuple(error["loc"])
            found = self.find(loc)
            if found is not None and found[0] in self.flagged:
                continue
            if error["type"] == "missing" and found is not None:
                exact = loc in self.cells
                out.append(f"{self.at(loc)}：缺少必填项" + ("" if exact else f"（字段 {field_path(loc)}）"))
                continue
            out.append(f"{self.at(loc)}：{describe(error)}")
        return out


class _Sheet:
    """One sheet's cells as calamine reads them (from A1), with the formula cells blanked."""

    def __init__(self, name: str, rows: list[list[Any]], formulas: set[str],
                 formats: dict[str, tuple[int, bool]] | None = None) -> None:  # fmt: skip
        self.name, self.rows, self.formulas = name, rows, formulas
        self.formats = formats or {}

    def raw(self, row: int, col: int) -> Any:
        if row >= len(self.rows) or col >= len(self.rows[row]) or a1(row, col) in self.formulas:
            return ""
        return self.rows[row][col]

    def cell(self, row: int, col: int) -> str:
        return f"{self.name}!{a1(row, col)}"


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _integral(value: float) -> bool:
    return value == value and value not in (float("inf"), float("-inf")) and value == int(value)


def _decimal(value: float) -> Decimal:
    """A float from a cell as the number Excel shows (15 significant digits)."""
    return Decimal(format(value, ".15g"))


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.shown = str(path)
        self.places = WorkbookPlaces(self.shown)
        self.problems: list[str] = []
        self.structure: list[str] = []  # the workbook is not of the template's shape: nothing else is said
        self.sheets: dict[str, _Sheet] = {}

    # ---- reading cells -------------------------------------------------------------------------------------
    def open(self) -> None:
        package = _scan(self.path, set(wl.EVALUATION_SHEETS))
        book = CalamineWorkbook.from_path(self.shown)
        for name in book.sheet_names:
            if name in wl.BY_NAME:
                rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
                formulas = package.formulas.get(name, [])
                self.sheets[name] = _Sheet(name, rows, set(formulas), package.formats.get(name))
                for cell in formulas:
                    where = f"{name}!{cell}"
                    self.places.flagged.add(where)
                    self.problems.append(f"{self.shown}: {where}：单元格含公式，请改为数值（juesuan 不读取公式结果）")

    def problem(self, cell: str, header: str, text: str) -> None:
        self.places.flagged.add(cell)
        self.problems.append(f"{self.shown}: {cell}（{header}）：{text}" if header else f"{self.shown}: {cell}：{text}")

    def value(self, sheet: _Sheet, row: int, col: int, column: wl.Column) -> Any:
        """The cell's value for the schema, or _BLANK."""
        raw = sheet.raw(row, col)
        if _blank(raw):
            return _BLANK
        kind = column.kind
        if isinstance(raw, bool):
            return raw  # validation says what was expected
        if kind in (wl.AMOUNT, wl.NUMBER, wl.COUNT):
            if not isinstance(raw, float | int):
                return raw.strip() if isinstance(raw, str) else raw
            return self.number(sheet, row, col, kind, float(raw))
        if isinstance(raw, float | int):  # a number in a text or code column: its digits
            return str(int(raw)) if _integral(float(raw)) else format(float(raw), ".15g")
        if not isinstance(raw, str):
            return str(raw)  # a date typed into a text column: its text
        if kind == wl.YAML:
            try:
                return parse(raw)
            except Exception:  # yaml's own errors: reported on the cell
                self.problem(sheet.cell(row, col), column.header, f"不是有效的 YAML/JSON 映射：「{raw}」")
                return _BLANK
        return raw if kind == wl.TEXT else raw.strip()

    @staticmethod
    def number(sheet: _Sheet, row: int, col: int, kind: str, raw: float) -> Any:
        """A numeric cell: a count's integer, or the Decimal the cell shows (an evaluation's 99.10 with its two
        places, 96.78 for a cell formatted 96.78%)."""
        if kind == wl.COUNT:
            return int(raw) if _integral(raw) else _decimal(raw)
        number = _decimal(raw)
        shown = sheet.formats.get(a1(row, col)) if kind == wl.NUMBER else None
        if shown is not None:
            places, percent = shown
            number = _decimal(raw * 100) if percent else number
            exponent = number.as_tuple().exponent
            if isinstance(exponent, int) and -exponent < places <= 10:
                number = number.quantize(Decimal(1).scaleb(-places))
        return number

    # ---- blocks --------------------------------------------------------------------------------------------
    def header_row(self, sheet: _Sheet, spec: wl.Sheet) -> tuple[int, dict[str, int]] | None:
        anchor = spec.table[0].header
        start = len(spec.fields) + 1 if spec.fields else 0
        for r in range(start, min(len(sheet.rows), start + 200)):
            texts = {str(v).strip(): c for c, v in enumerate(sheet.rows[r]) if isinstance(v, str) and v.strip()}
            if anchor in texts:
                missing = [c.header for c in spec.table if c.header not in texts]
                if missing:
                    self.structure.append(f"{self.shown}: {sheet.cell(r, 0)}：缺少表头「{'」「'.join(missing)}」"
                                          "（请勿修改或删除模板的表头）")  # fmt: skip
                    return None
                return r, {c.header: texts[c.header] for c in spec.table}
        self.structure.append(f"{self.shown}: {sheet.name}：找不到表头行（应有「{anchor}」等表头；请勿修改模板的表头）")
        return None

    def fields(self, sheet: _Sheet, spec: wl.Sheet, end: int) -> Iterator[tuple[wl.Column, Any, str]]:
        """(field, value, cell) of the key–value block (rows 2… up to ``end``)."""
        labels = {c.header: c for c in spec.fields}
        for r in range(1, min(end, len(sheet.rows))):
            label = sheet.raw(r, 0)
            if _blank(label):
                continue
            column = labels.get(str(label).strip())
            if column is None:
                self.problem(sheet.cell(r, 0), "", f"不认识的项目「{label}」（可用：{'、'.join(labels)}）")
                continue
            value = self.value(sheet, r, 1, column)
            yield column, value, sheet.cell(r, 1)

    def table(self, spec: wl.Sheet) -> Iterator[tuple[int, dict[str, tuple[Any, str]]]]:
        """(row, column key → (value, cell)) of each non-blank row of the table block."""
        sheet = self.sheets.get(spec.name)
        if sheet is None:
            return
        found = self.header_row(sheet, spec)
        if found is None:
            return
        top, positions = found
        for r in range(top + 1, len(sheet.rows)):
            record = {c.key: (self.value(sheet, r, positions[c.header], c), sheet.cell(r, positions[c.header]))
                      for c in spec.table}  # fmt: skip
            if all(v is _BLANK for v, _ in record.values()):
                continue
            yield r, record

    def kv(self, spec: wl.Sheet) -> Iterator[tuple[wl.Column, Any, str]]:
        sheet = self.sheets.get(spec.name)
        if sheet is None:
            return
        end = len(sheet.rows)
        if spec.table:
            anchor = spec.table[0].header
            end = next((r for r in range(1, len(sheet.rows)) if sheet.raw(r, 0) == anchor), end)
        yield from self.fields(sheet, spec, end)

    # ---- the dict ------------------------------------------------------------------------------------------
    def put(self, target: dict[str, Any], loc: Loc, column: wl.Column, value: Any, cell: str) -> None:
        """Set ``column``'s dotted key in ``target`` (the record at ``loc``) and remember the cell."""
        self.places.cells[(*loc, *column.path)] = (cell, column.header)
        if value is _BLANK:
            return
        node = target
        for part in column.path[:-1]:
            node = node.setdefault(part, {})
        node[column.path[-1]] = value

    def record(self, spec: wl.Sheet, loc: Loc, cells: dict[str, tuple[Any, str]], skip: tuple[str, ...] = ()
               ) -> dict[str, Any]:  # fmt: skip
        out: dict[str, Any] = {}
        row = cells["code"] if "code" in cells else next(iter(cells.values()))  # a row is named by its code cell
        self.places.cells[loc] = (row[1], "")
        for column in spec.table:
            if column.key not in skip:
                value, cell = cells[column.key]
                self.put(out, loc, column, value, cell)
        return out

    def read(self) -> dict[str, Any]:
        root: dict[str, Any] = {}
        for column, value, cell in self.kv(wl.INFO):
            self.put(root, (), column, value, cell)
        units: list[dict[str, Any]] = []
        root["units"] = units
        if wl.INFO.name in self.sheets:
            self.places.cells[("units",)] = (f"{wl.INFO.name}!A{wl.INFO.table_row + 1}", "单位名称")
        index: dict[str, int] = {}
        for _, cells in self.table(wl.INFO):
            loc: Loc = ("units", len(units))
            units.append(self.record(wl.INFO, loc, cells))
            name = cells["name"][0]
            if isinstance(name, str):
                index.setdefault(name.strip(), len(units) - 1)
        self.unit_lines(units, index)
        root["report"] = self.report()
        names: dict[str, Any] = {}
        for _, cells in self.table(wl.NAMES):
            self.keyed(names, ("names",), cells, "code", "name", wl.NAMES)
        if names:
            root["names"] = names
        evaluations = self.evaluations()
        if evaluations:
            root["evaluations"] = evaluations
        return root

    def unit_of(self, cells: dict[str, tuple[Any, str]], index: dict[str, int], n_units: int) -> int | None:
        name, cell = cells["unit"]
        if name is _BLANK:
            if n_units == 1:
                return 0
            self.problem(cell, "单位名称", "有多个单位时须填单位名称")
            return None
        found = index.get(str(name).strip())
        if found is None:
            known = "、".join(index) or "（单位信息表中没有单位）"
            self.problem(cell, "单位名称", f"单位「{name}」不在单位信息表中（现有：{known}）")
        return found

    def unit_lines(self, units: list[dict[str, Any]], index: dict[str, int]) -> None:
        for spec, key in ((wl.INCOME, "income"), (wl.EXPENDITURE, "expenditure"), (wl.ECONOMIC, "basic_by_economic")):
            for _, cells in self.table(spec):
                i = self.unit_of(cells, index, len(units))
                if i is not None:
                    lines = units[i].setdefault(key, [])
                    lines.append(self.record(spec, ("units", i, key, len(lines)), cells, ("unit",)))
        for _, cells in self.table(wl.BALANCES):
            i = self.unit_of(cells, index, len(units))
            kind, cell = cells["balance"]
            keys = {v: k for k, v in wl.VOCABS["balance_kind"].items()} | {"年初": "opening_balance",
                                                                           "年末": "closing_balance"}  # fmt: skip
            found = keys.get(str(kind).strip()) if kind is not _BLANK else None
            if found is None:
                self.problem(
                    cell,
                    "类别",
                    f"类别应为 年初结转和结余 或 年末结转和结余，实际为「{'' if kind is _BLANK else kind}」",
                )
            if i is not None and found is not None:
                lines = units[i].setdefault(found, [])
                lines.append(self.record(wl.BALANCES, ("units", i, found, len(lines)), cells, ("unit", "balance")))
        for spec, key in ((wl.THREE_PUBLIC, "three_public"), (wl.ASSETS, "assets")):
            for _, cells in self.table(spec):
                i = self.unit_of(cells, index, len(units))
                if i is None:
                    continue
                if key in units[i]:
                    self.problem(cells["unit"][1], "单位名称", f"同一单位在「{spec.name}」表中只能有一行")
                    continue
                units[i][key] = self.record(spec, ("units", i, key), cells, ("unit",))

    def keyed(self, target: dict[str, Any], loc: Loc, cells: dict[str, tuple[Any, str]], key: str, value: str,
              spec: wl.Sheet) -> None:  # fmt: skip
        """A dict entry from a row: ``cells[key]`` → ``cells[value]``."""
        headers = {c.key: c.header for c in spec.table}
        name, name_cell = cells[key]
        amount, amount_cell = cells[value]
        if name is _BLANK:
            self.problem(name_cell, headers[key], "缺少必填项")
            return
        text = str(name).strip()
        if text in target:
            self.problem(name_cell, headers[key], f"「{text}」重复")
            return
        self.places.cells[(*loc, text, "[key]")] = (name_cell, headers[key])
        self.places.cells[(*loc, text)] = (amount_cell, headers[value])
        if amount is _BLANK:
            self.problem(amount_cell, headers[value], "缺少必填项")
            return
        target[text] = amount

    def report(self) -> dict[str, Any]:
        report: dict[str, Any] = {}
        at: Loc = ("report",)
        for key, spec in (("previous", wl.PREVIOUS), ("initial_budget", wl.BUDGET)):
            part: dict[str, Any] = {}
            for column, value, cell in self.kv(spec):
                self.put(part, (*at, key), column, value, cell)
            by_class: dict[str, Any] = {}
            inner = "basic_by_class" if key == "previous" else "by_class"
            for _, cells in self.table(spec):
                self.keyed(by_class, (*at, key, inner), cells, "code", "amount", spec)
            if by_class:
                part[inner] = by_class
            if part:
                report[key] = part
        for key, spec, term in (("reasons", wl.REASONS, "key"), ("glossary", wl.GLOSSARY, "term")):
            entries: dict[str, Any] = {}
            for _, cells in self.table(spec):
                self.keyed(entries, (*at, key), cells, term, "text", spec)
            if entries:
                report[key] = entries
        for column, value, cell in self.kv(wl.NARRATIVE):
            self.put(report, at, column, value, cell)
        self.paragraphs(report)
        return report

    def paragraphs(self, report: dict[str, Any]) -> None:
        """情况说明's table: one paragraph (or 内设机构) a row, appended to the list its 项目 names."""
        for _, cells in self.table(wl.NARRATIVE):
            item, item_cell = cells["item"]
            text, text_cell = cells["text"]
            key = wl.PARAGRAPHS.get(str(item).strip()) if item is not _BLANK else None
            if key is None:
                shown = "" if item is _BLANK else item
                self.problem(item_cell, "项目", f"项目应为 {'、'.join(wl.PARAGRAPHS)} 之一，实际为「{shown}」")
                continue
            node = report
            path = key.split(".")
            for part in path[:-1]:
                node = node.setdefault(part, {})
            paragraphs = node.setdefault(path[-1], [])
            self.places.cells[("report", *path, len(paragraphs))] = (text_cell, "内容")
            paragraphs.append("" if text is _BLANK else text)

    def evaluations(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        index: dict[str, int] = {}
        for _, cells in self.table(wl.EVALUATIONS):
            loc: Loc = ("evaluations", len(out))
            record = self.record(wl.EVALUATIONS, loc, cells, ("grade_bands",))
            bands, cell = cells["grade_bands"]
            self.places.cells[(*loc, "grade_bands")] = (cell, "自定义等级")
            if bands is not _BLANK:
                parsed = _bands(str(bands))
                if parsed is None:
                    self.problem(
                        cell,
                        "自定义等级",
                        f"应写作 等级:最低分；等级:最低分 …（如 优:90；良:80；差:0），实际为「{bands}」",
                    )
                else:
                    record["grade_bands"] = parsed
                    for n in range(len(parsed)):
                        self.places.cells[(*loc, "grade_bands", n)] = (cell, "自定义等级")
            out.append(record)
            if isinstance(cells["id"][0], str):
                index.setdefault(cells["id"][0].strip(), len(out) - 1)
        stacks: dict[int, list[tuple[Loc, dict[str, Any]]]] = {}
        for _, cells in self.table(wl.INDICATORS):
            e = self.evaluation_of(cells, index)
            if e is None:
                continue
            level, level_cell = cells["level"]
            depth = 1 if level is _BLANK else level
            stack = stacks.setdefault(e, [])
            if not isinstance(depth, int) or depth < 1 or depth > len(stack) + 1:
                self.problem(level_cell, "级次", f"级次应为 1 到 {len(stack) + 1} 之间的整数（上方最近的指标为"
                             f"第 {len(stack)} 级），实际为「{'' if level is _BLANK else level}」")  # fmt: skip
                continue
            del stack[depth - 1 :]
            parent_loc, parent = stack[-1] if stack else (("evaluations", e), out[e])
            children = parent.setdefault("indicators" if not stack else "children", [])
            loc = (*parent_loc, "indicators" if not stack else "children", len(children))
            node = self.record(wl.INDICATORS, loc, cells, ("evaluation", "level"))
            children.append(node)
            stack.append((loc, node))
        for _, cells in self.table(wl.FIGURES):
            e = self.evaluation_of(cells, index)
            if e is not None:
                figures = out[e].setdefault("figures", [])
                figures.append(self.record(wl.FIGURES, ("evaluations", e, "figures", len(figures)), cells,
                                           ("evaluation",)))  # fmt: skip
        return out

    def evaluation_of(self, cells: dict[str, tuple[Any, str]], index: dict[str, int]) -> int | None:
        ident, cell = cells["evaluation"]
        if ident is _BLANK and len(index) == 1:
            return 0
        found = index.get(str(ident).strip()) if ident is not _BLANK else None
        if found is None:
            known = "、".join(index) or "（绩效评价表中没有评价）"
            shown = "" if ident is _BLANK else ident
            self.problem(cell, "评价编号", f"评价编号「{shown}」不在绩效评价表中（现有：{known}）")
        return found


def _bands(text: str) -> list[dict[str, str]] | None:
    out = []
    for part in re.split(r"[；;，,]", text):
        if not part.strip():
            continue
        pieces = re.split(r"[:：]", part, maxsplit=1)
        if len(pieces) != 2 or not pieces[0].strip() or not pieces[1].strip():
            return None
        out.append({"grade": pieces[0].strip(), "min": pieces[1].strip()})
    return out or None


def read_workbook(path: str | Path) -> tuple[dict[str, Any], WorkbookPlaces, list[str]]:
    """The workbook as the plain dict a dataset.yaml parses to, where each value was read, and the problems the
    reading found (formula cells, unknown units …: the loader adds the schema's). Raises InputError when the
    file is not a workbook of the template's shape (a missing sheet or header: nothing else is said then)."""
    path = Path(path)
    kind = workbook_kind(path)
    if kind != TEMPLATE:
        what = "决算软件导出的报表（财决NN表）：请先用 juesuan convert 转换为数据集" if kind == EXPORT else (
            f"juesuan 填报工作簿（缺少「{wl.INFO.name}」工作表）：请用 juesuan template 生成模板，"
            "或用 juesuan audit 审核公开报告")  # fmt: skip
        raise InputError(str(path), [f"{path}: 这不是{what}"])
    reader = _Reader(path)
    reader.open()
    root = reader.read()
    if reader.structure:
        raise InputError(str(path), reader.structure)
    return root, reader.places, reader.problems


def read_workbook_evaluations(path: str | Path) -> tuple[dict[str, Any], WorkbookPlaces]:
    """The fill-in workbook's evaluations (``--evaluations 填报.xlsx``): the dict with its places. Raises
    InputError for what reading the evaluation sheets found (the other sheets are not this option's)."""
    root, places, problems = read_workbook(path)
    own = [p for p in problems if any(f": {name}!" in p for name in wl.EVALUATION_SHEETS)]
    if own:
        raise InputError(str(path), own)
    return {"evaluations": root.get("evaluations", [])}, places


__all__ = ["EXPORT", "TEMPLATE", "WorkbookPlaces", "a1", "formula_cells", "is_workbook", "read_workbook",
           "read_workbook_evaluations",
           "sheet_names", "workbook_kind"]  # fmt: skip
