"""Import the 部门决算 software's export (workbooks of sheets named 财决NN表) into a draft dataset.

What is assumed (docs/workbook.md; **nothing here was verified against a real export file**): sheets are
recognised by ``财决NN`` anywhere in their name (e.g. ``Z03 收入决算表(财决03表)``, or cut at Excel's 31
characters: ``Z08_1 一般公共预算财政拨款基本支出决算明细表(财决08-``); the
table numbers change between years, so a sheet's *role* is taken from its title (the sheet name and its
first rows), not from its number:

* 收入决算表 → income lines (one per 功能分类 项 and source column: 一般公共预算财政拨款 …, 其他收入);
* 支出决算表 → expenditure lines by nature (基本支出, 项目支出, 上缴上级支出, 经营支出, 对附属单位补助支出);
  the fund of 上缴上级/经营/对附属单位补助 is 非财政拨款 (财政拨款 can only pay 基本/项目支出); the fund of
  基本/项目支出 is 一般公共预算财政拨款 where a 一般公共预算财政拨款支出决算（明细）表 gives the same amount for the
  same 项 and nature, and is reported as not mapped otherwise;
* 一般公共预算财政拨款基本支出决算（明细）表 → basic_by_economic (部门经济分类 款 rows, the 合计 column).

The header row is found by meaning (a cell 科目编码 / 科目代码, or 类 款 项 columns), the amount columns by their
(multi-row) headers; only 7-digit 项 rows (5-digit 款 for economic rows) are read, subtotals skipped. Whatever
could not be mapped is returned as notes (cell, Chinese text), never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
from python_calamine import CalamineWorkbook

from ..model import vocab
from ..model.codes import economic_codes, functional_codes
from .workbook import a1, formula_cells

SHEET = re.compile(r"财决附?\d{2}")  # names are cut at 31 characters: "…明细表(财决08-"
#: Source columns by the header words that name them (the most specific first).
SOURCE_WORDS = (
    ("一般公共预算财政拨款", "general_budget"), ("政府性基金预算财政拨款", "gov_fund"),
    ("国有资本经营预算财政拨款", "state_capital"), ("上级补助收入", "superior_subsidy"), ("事业收入", "business"),
    ("经营收入", "operating"), ("附属单位上缴收入", "affiliated"), ("其他收入", "other"),
)  # fmt: skip
NATURE_WORDS = (("基本支出", "basic"), ("项目支出", "project"), ("上缴上级支出", "remit_superior"),
                ("经营支出", "operating"), ("对附属单位补助支出", "subsidy_affiliated"))  # fmt: skip
INCOME, EXPENDITURE, GENERAL, ECONOMIC, SUMMARY = "income", "expenditure", "general", "economic", "summary"


def role_of(title: str) -> str | None:
    """What a sheet holds, by its title words (None: not imported)."""
    text = re.sub(r"\s+", "", title)
    if "收入支出决算" in text:
        return SUMMARY
    if "基本支出" in text and "一般公共预算财政拨款" in text:
        return ECONOMIC
    if "一般公共预算财政拨款支出决算" in text:
        return GENERAL
    if "收入决算表" in text:
        return INCOME
    if "支出决算表" in text and "财政拨款" not in text and "明细" not in text:
        return EXPENDITURE
    return None


@dataclass
class Imported:
    """The draft dataset (the dict a dataset.yaml parses to) and what could not be mapped."""

    data: dict[str, Any]
    notes: list[tuple[str, str]] = field(default_factory=list)  # (sheet!cell or "", Chinese text)

    def yaml(self) -> str:
        head = ("# juesuan 数据集草稿：由决算软件导出的报表导入（juesuan convert）。未能对应的内容见命令输出，\n"
                "# 请核对后补全（docs/workbook.md、docs/dataset.md）。\n")  # fmt: skip
        return head + yaml.safe_dump(_plain(self.data), allow_unicode=True, sort_keys=False, width=120)


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)  # YAML text only: exact digits
    return value


@dataclass
class _Grid:
    name: str
    rows: list[list[Any]]
    formulas: set[str]

    def text(self, r: int, c: int) -> str:
        if r >= len(self.rows) or c >= len(self.rows[r]):
            return ""
        value = self.rows[r][c]
        if isinstance(value, float) and value == int(value):
            return str(int(value))
        return re.sub(r"\s+", "", str(value)) if value is not None else ""


def _amount(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value in (None, ""):
        return None
    if isinstance(value, int | float):
        return Decimal(format(float(value), ".15g"))
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None


class _Importer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.notes: list[tuple[str, str]] = []
        self.income: list[dict[str, Any]] = []
        self.expenditure: dict[tuple[str, str], tuple[Decimal, str]] = {}
        self.general: dict[tuple[str, str], Decimal] = {}
        self.economic: list[dict[str, Any]] = []
        self.names: dict[str, str] = {}
        self.department: str | None = None
        self.year: int | None = None
        self.amount_unit: str | None = None

    def note(self, cell: str, text: str) -> None:
        self.notes.append((cell, text))

    def read(self) -> None:
        formulas = formula_cells(self.path)
        book = CalamineWorkbook.from_path(str(self.path))
        for name in book.sheet_names:
            if not SHEET.search(name):
                continue
            grid = _Grid(name, book.get_sheet_by_name(name).to_python(skip_empty_area=False),
                         set(formulas.get(name, ())))  # fmt: skip
            head = " ".join(grid.text(r, c) for r in range(min(6, len(grid.rows))) for c in range(len(grid.rows[r])))
            self.meta(head)
            role = role_of(name + head[:80])
            if role is None or role == SUMMARY:
                why = "总表只用于核对，数据集由明细表导入" if role == SUMMARY else "表样未公开核实，未导入"
                self.note(f"{name}!A1", f"「{name}」：{why}")
                continue
            self.table(grid, role)

    def meta(self, head: str) -> None:
        if self.department is None:
            found = re.search(
                r"(?:编制单位|单位名称|部门名称|填报单位)[:：]?([^\s:：]+?)(?:单位[:：]|金额单位|$|\s)", head
            )
            if found and found[1]:
                self.department = found[1]
        if self.year is None:
            found = re.search(r"(20\d{2})年度?", head)
            if found:
                self.year = int(found[1])
        if self.amount_unit is None:
            found = re.search(r"(?:金额)?单位[:：](万元|元)", head)
            if found:
                self.amount_unit = found[1]

    def header(self, grid: _Grid) -> tuple[int, dict[int, str], list[int]] | None:
        """(first data row, column → header words, code columns) — by meaning."""
        for r in range(min(20, len(grid.rows))):
            cells = [grid.text(r, c) for c in range(len(grid.rows[r]))]
            codes = [c for c, t in enumerate(cells) if re.fullmatch(r".*科目(?:编码|代码)|编码|代码", t)]
            split = [c for c, t in enumerate(cells) if t in ("类", "款", "项")]
            if not codes and len(split) < 2:
                continue
            code_cols = codes[:1] or split
            start = r + 1
            while start < len(grid.rows) and not self.code(grid, start, code_cols):
                start += 1
                if start - r > 5:
                    break
            labels = {c: "".join(grid.text(k, c) for k in range(r, start)) for c in range(len(grid.rows[r]))}
            return start, labels, code_cols
        return None

    def columns(self, grid: _Grid, role: str, start: int, labels: dict[int, str], code_cols: list[int]
                ) -> dict[int, str]:  # fmt: skip
        """Amount column → source, nature or ``amount`` (economic rows), by its header words."""
        words = SOURCE_WORDS if role == INCOME else NATURE_WORDS
        columns: dict[int, str] = {}
        for c, label in labels.items():
            if c in code_cols or not label or "其中" in label:
                continue
            match = next((key for word, key in words if word in label), None)
            if role == ECONOMIC:
                match = "amount" if re.search(r"合计|决算数|金额", label) else None
            if match is not None:
                columns[c] = match
            elif role == INCOME and "财政拨款" in label:
                self.note(f"{grid.name}!{a1(start - 1, c)}", f"「{label}」列未按一般公共预算、政府性基金、国有资本经营"
                          "分列，无法确定收入来源，未导入")  # fmt: skip
        if role == ECONOMIC and len(columns) > 1:
            columns = {min(columns): "amount"}  # the first 合计 column
        return columns

    def code(self, grid: _Grid, r: int, code_cols: list[int]) -> str:
        if len(code_cols) == 1:
            found = re.match(r"\d+", grid.text(r, code_cols[0]))
            return found[0] if found else ""
        parts = [grid.text(r, c) for c in code_cols]
        return "".join(parts) if all(p.isdigit() for p in parts if p) and parts[0] else ""

    def table(self, grid: _Grid, role: str) -> None:
        found = self.header(grid)
        if found is None:
            self.note(f"{grid.name}!A1", f"「{grid.name}」：找不到表头行（科目编码 / 类 款 项），未导入")
            return
        start, labels, code_cols = found
        columns = self.columns(grid, role, start, labels, code_cols)
        if not columns:
            self.note(f"{grid.name}!A{start}", f"「{grid.name}」：没有可对应的金额列，未导入")
            return
        name_col = next((c for c, label in labels.items() if "名称" in label), None)
        digits, first = (5, "3") if role == ECONOMIC else (7, "2")  # 部门经济分类 3xx, 支出功能分类 2xx
        read = 0
        for r in range(start, len(grid.rows)):
            code = self.code(grid, r, code_cols)
            if len(code) != digits or not code.startswith(first):
                continue
            read += 1
            if name_col is not None:
                self.name(code, grid.text(r, name_col), role)
            for c, key in columns.items():
                amount = self.amount(grid, r, c)
                if amount:
                    self.add(role, code, key, amount, f"{grid.name}!{a1(r, c)}")
        if not read:
            what = "部门经济分类款级（5 位，3 开头）" if role == ECONOMIC else "支出功能分类项级（7 位，2 开头）"
            self.note(f"{grid.name}!A{start + 1}", f"「{grid.name}」：没有{what}科目的行，未导入")

    def amount(self, grid: _Grid, r: int, c: int) -> Decimal | None:
        """A positive amount, or None (blank, zero, or not usable: said as a note)."""
        cell = f"{grid.name}!{a1(r, c)}"
        if a1(r, c) in grid.formulas:
            self.note(cell, "单元格含公式，未读取（juesuan 不读取公式结果）")
            return None
        raw = grid.rows[r][c] if c < len(grid.rows[r]) else ""
        amount = _amount(raw)
        if amount is None:
            if str(raw).strip() not in ("", "-", "—"):
                self.note(cell, f"金额「{raw}」不是数字，未导入")
            return None
        if amount < 0:
            self.note(cell, f"金额为负数（{amount}），未导入")
            return None
        return amount or None

    def name(self, code: str, name: str, role: str) -> None:
        table = economic_codes() if role == ECONOMIC else functional_codes()
        if name and code not in table:
            self.names.setdefault(code, re.sub(r"^[\d\s]+", "", name))

    def add(self, role: str, code: str, key: str, amount: Decimal, cell: str) -> None:
        if role == INCOME:
            self.income.append({"code": code, "source": vocab.SOURCES[key], "amount": amount})
        elif role == EXPENDITURE:
            self.expenditure[(code, key)] = (self.expenditure.get((code, key), (Decimal(0), cell))[0] + amount, cell)
        elif role == GENERAL:
            self.general[(code, key)] = self.general.get((code, key), Decimal(0)) + amount
        else:
            self.economic.append({"code": code, "amount": amount})

    def lines(self) -> list[dict[str, Any]]:
        out = []
        for (code, nature), (amount, cell) in self.expenditure.items():
            if nature not in vocab.FISCAL_NATURES:
                out.append({"code": code, "nature": vocab.NATURES[nature], "fund": vocab.FUNDS["non_fiscal"],
                            "amount": amount})  # fmt: skip
                continue
            general = self.general.get((code, nature))
            if general is not None and general == amount:
                out.append({"code": code, "nature": vocab.NATURES[nature], "fund": vocab.FUNDS["general_budget"],
                            "amount": amount})  # fmt: skip
            else:
                shown = (
                    "无一般公共预算财政拨款支出表的对应数" if general is None else f"其中一般公共预算财政拨款 {general}"
                )
                self.note(cell, f"{code} {vocab.NATURES[nature]} {amount}：{shown}，无法确定资金性质，未导入")
        return out

    def result(self) -> Imported:
        if self.department is None:
            self.note("", "未找到单位名称（编制单位），请在数据集中填写 department 和 units[0].name")
        if self.year is None:
            self.note("", "未找到决算年度，请在数据集中填写 year")
        if self.amount_unit is None:
            self.note("", "未找到金额单位，按“元”导入，请核对 amount_unit")
        department = self.department or "【待填写】"
        unit: dict[str, Any] = {"name": department, "income": self.income, "expenditure": self.lines()}
        if self.economic:
            unit["basic_by_economic"] = self.economic
        self.note("", "人员、年初结转和结余、“三公”经费、资产、情况说明和绩效评价不从导出报表导入，请补填")
        data: dict[str, Any] = {"format": "juesuan/1", "profile": "jiangxi-2023", "year": self.year,
                                "amount_unit": self.amount_unit or "元", "department": department}  # fmt: skip
        if self.names:
            data["names"] = self.names
        data["units"] = [unit]
        return Imported(data, self.notes)


def import_export(path: str | Path) -> Imported:
    """Read the export at ``path`` (see the module docstring) into a draft dataset and notes."""
    importer = _Importer(Path(path))
    importer.read()
    return importer.result()


__all__ = ["Imported", "import_export", "role_of"]
