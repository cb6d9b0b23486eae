"""Write the fill-in workbook (填报.xlsx): blank (``juesuan template``) or filled with a dataset (``juesuan convert``).

The shape is :mod:`juesuan.load.workbook_layout`'s. The writer only needs the dataset's schema, so it sits next
to the reader. Codes are text cells (leading zeros, 7 digits never a float); amounts are numbers with the format
``#,##0.00`` (``Decimal`` → ``float`` only here, at the xlsxwriter boundary, and only when the float gives the
same number back; otherwise the amount is written as its exact text, which the reader accepts). Header rows
are locked (sheet protection without a password) and frozen; data cells are unlocked and validated: code
columns get drop-downs from the bundled code tables (a hidden 代码表 sheet), vocabulary columns drop-downs of
the Chinese names, amounts ``decimal >= 0``, counts ``integer >= 0``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

from ..model.codes import CodeTable, economic_codes, functional_codes
from . import report_schema as rs
from . import workbook_layout as wl
from .evaluations_schema import IndicatorInput
from .schema import Dataset

Record = dict[str, Any]  # dotted column key → value as the model holds it (ids, Decimal, int, str)

#: Protection: the user may still format, resize, insert and delete rows, sort and filter.
_PROTECTION = {"format_cells": True, "format_columns": True, "format_rows": True, "insert_rows": True,
               "delete_rows": True, "sort": True, "autofilter": True, "select_locked_cells": True,
               "select_unlocked_cells": True}  # fmt: skip
AMOUNT_FORMAT = "#,##0.00####"


def _flat(data: Mapping[str, Any], prefix: str = "") -> Record:
    out: Record = {}
    for key, value in data.items():
        if isinstance(value, Mapping) and key not in ("params",):
            out |= _flat(value, f"{prefix}{key}.")
        else:
            out[f"{prefix}{key}"] = value
    return out


def _dump(model: Any, *drop: str) -> Record:
    return _flat(model.model_dump(exclude=set(drop)))


def reason_keys() -> tuple[str, ...]:
    """The 原因键 a user may pick (the patterns' keys for the code tables' 类 are listed too)."""
    fixed = [*rs.REASON_KEYS]
    fixed += [f"three_public.{item}{suffix}" for item in rs.THREE_PUBLIC_ITEMS for suffix in ("", ".budget")]
    return tuple(fixed)


def records(dataset: Dataset) -> dict[str, tuple[Record, list[Record]]]:
    """Each sheet's key–value record and table rows, from the dataset."""
    out: dict[str, tuple[Record, list[Record]]] = {sheet.name: ({}, []) for sheet in wl.SHEETS}

    def rows(sheet: wl.Sheet) -> list[Record]:
        return out[sheet.name][1]

    out[wl.INFO.name][0].update(_dump(dataset, "names", "report", "units", "evaluations"))
    for unit in dataset.units:
        name = unit.name
        rows(wl.INFO).append(_dump(unit, "income", "expenditure", "basic_by_economic", "opening_balance",
                                   "closing_balance", "three_public", "assets"))  # fmt: skip
        rows(wl.INCOME).extend({"unit": name, **_dump(line)} for line in unit.income)
        rows(wl.EXPENDITURE).extend({"unit": name, **_dump(line)} for line in unit.expenditure)
        rows(wl.ECONOMIC).extend({"unit": name, **_dump(line)} for line in unit.basic_by_economic)
        for kind, lines in (("opening_balance", unit.opening_balance), ("closing_balance", unit.closing_balance)):
            rows(wl.BALANCES).extend({"unit": name, "balance": kind, **_dump(line)} for line in lines or [])
        if unit.three_public is not None:
            rows(wl.THREE_PUBLIC).append({"unit": name, **_dump(unit.three_public)})
        if unit.assets is not None:
            rows(wl.ASSETS).append({"unit": name, **_dump(unit.assets)})
    report = dataset.report
    out[wl.PREVIOUS.name][0].update(_dump(report.previous, "basic_by_class"))
    rows(wl.PREVIOUS).extend({"code": c, "amount": a} for c, a in report.previous.basic_by_class.items())
    out[wl.BUDGET.name][0]["total"] = report.initial_budget.total
    rows(wl.BUDGET).extend({"code": c, "amount": a} for c, a in report.initial_budget.by_class.items())
    rows(wl.REASONS).extend({"key": k, "text": t} for k, t in report.reasons.items())
    narrative = out[wl.NARRATIVE.name][0]
    organization = report.organization
    narrative |= {"organization.authorized": organization.authorized, "organization.actual": organization.actual,
                  "previous_dataset": report.previous_dataset}  # fmt: skip
    if report.operating_costs is not None:
        narrative["operating_costs.amount"] = report.operating_costs.amount
    if report.procurement is not None:
        narrative |= _flat({"procurement": report.procurement.model_dump()})
    for item, key in wl.PARAGRAPHS.items():
        value: Any = report
        for part in key.split("."):
            value = getattr(value, part)
        rows(wl.NARRATIVE).extend({"item": item, "text": text} for text in value)
    rows(wl.GLOSSARY).extend({"term": k, "text": t} for k, t in report.glossary.items())
    rows(wl.NAMES).extend({"code": c, "name": n} for c, n in dataset.names.items())
    for evaluation in dataset.evaluations:
        row = _dump(evaluation, "figures", "indicators", "grade_bands")
        row["grade_bands"] = "；".join(f"{b.grade}:{b.min}" for b in evaluation.grade_bands) or None
        rows(wl.EVALUATIONS).append(row)
        rows(wl.FIGURES).extend({"evaluation": evaluation.id, **_dump(f)} for f in evaluation.figures)
        rows(wl.INDICATORS).extend(_indicators(evaluation.id, evaluation.indicators, 1))
    return out


def _indicators(evaluation: str, nodes: list[IndicatorInput], level: int) -> Iterator[Record]:
    for node in nodes:
        row = {"evaluation": evaluation, "level": level, **_dump(node, "children", "target")}
        if node.target is not None:
            row |= _flat({"target": node.target.model_dump()})
        yield row
        yield from _indicators(evaluation, node.children, level + 1)


def _yaml_value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_yaml_value(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def params_text(params: Mapping[str, Any]) -> str:
    """A ``params`` mapping as one flow-style YAML line (numbers exact, strings quoted)."""
    return "{" + ", ".join(f"{_yaml_value(k)}: {_yaml_value(v)}" for k, v in params.items()) + "}"


class _Writer:
    def __init__(self, buffer: io.BytesIO) -> None:
        self.book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                                 "strings_to_formulas": False, "strings_to_urls": False})  # fmt: skip
        base = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
        self.header = self.book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "border": 1,
                                            "text_wrap": True, "align": "center", "locked": True})  # fmt: skip
        self.label = self.book.add_format({**base, "bg_color": "#F2F2F2", "border": 1, "locked": True})
        self.text = self.book.add_format({**base, "locked": False, "num_format": "@", "text_wrap": True})
        self.amount = self.book.add_format({**base, "locked": False, "num_format": AMOUNT_FORMAT})
        self.number = self.book.add_format({**base, "locked": False})
        self.plain = self.book.add_format({**base, "text_wrap": True})
        self.title = self.book.add_format({**base, "bold": True, "font_size": 16})
        self.code_ranges: dict[str, str] = {}
        self._places: dict[int, Any] = {}
        self.code_lists: tuple[tuple[str, str, list[tuple[str, str]]], ...] = ()
        self.unit_range = ""

    def places(self, places: int) -> Any:
        """The number format showing ``places`` decimals (what the reader takes a number's precision from)."""
        if places not in self._places:
            code = "0" if places == 0 else "0." + "0" * places
            self._places[places] = self.book.add_format({"font_name": "宋体", "font_size": 11, "valign": "vcenter",
                                                         "locked": False, "num_format": code})  # fmt: skip
        return self._places[places]

    def format_of(self, kind: str) -> Any:
        if kind == wl.AMOUNT:
            return self.amount
        if kind in (wl.NUMBER, wl.COUNT):
            return self.number
        return self.text

    def cell(self, sheet: Worksheet, row: int, col: int, kind: str, value: Any) -> None:
        fmt = self.format_of(kind)
        if value is None or value == "" or (kind == wl.YAML and not value):
            sheet.write_blank(row, col, None, fmt)
        elif kind in (wl.AMOUNT, wl.NUMBER):
            number = Decimal(value)
            exact = Decimal(repr(float(number))) == number
            exponent = number.as_tuple().exponent
            if exact and kind == wl.NUMBER and isinstance(exponent, int) and 0 < -exponent <= 10:
                sheet.write_number(row, col, float(number), self.places(-exponent))
            elif exact:
                sheet.write_number(row, col, float(number), fmt)
            else:
                sheet.write_string(row, col, str(number), fmt)
        elif kind == wl.COUNT:
            sheet.write_number(row, col, int(value), fmt)
        elif kind in wl.VOCABS:
            sheet.write_string(row, col, wl.VOCABS[kind].get(str(value), str(value)), fmt)
        elif kind == wl.YAML:
            sheet.write_string(row, col, params_text(value), fmt)
        else:
            sheet.write_string(row, col, str(value), fmt)

    def validate(self, sheet: Worksheet, first: int, last: int, col: int, column: wl.Column) -> None:
        kind = column.kind
        options: dict[str, Any] = {}
        if kind == wl.AMOUNT:
            options = {"validate": "decimal", "criteria": ">=", "value": 0, "error_title": "金额有误",
                       "error_message": "金额应为不小于 0 的数字（不要填公式或文字）"}  # fmt: skip
        elif kind == wl.COUNT:
            options = {"validate": "integer", "criteria": ">=", "value": 0, "error_title": "应为整数",
                       "error_message": "应为不小于 0 的整数"}  # fmt: skip
        elif kind in self.code_ranges:
            options = {"validate": "list", "source": self.code_ranges[kind], "error_type": "warning",
                       "error_title": "编码不在内置代码表中", "error_message": "内置代码表并不完整：编码无误可继续；"
                       "请在科目名称表中给出其名称"}  # fmt: skip
        elif kind == wl.UNIT and self.unit_range:
            options = {"validate": "list", "source": self.unit_range, "error_type": "warning",
                       "error_title": "单位", "error_message": "请填单位信息表中的单位名称"}  # fmt: skip
        elif kind == "paragraph":
            options = {"validate": "list", "source": list(wl.PARAGRAPHS)}
        elif kind in wl.VOCABS:
            options = {"validate": "list", "source": list(dict.fromkeys(wl.VOCABS[kind].values())),
                       "error_title": "取值", "error_message": "请从下拉列表中选择"}  # fmt: skip
        if column.note:
            options |= {"input_title": column.header[:32], "input_message": column.note[:255]}
            options.setdefault("validate", "any")
        if options:
            sheet.data_validation(first, col, last, col, options)

    def code_columns(self) -> None:
        """The 代码表 lists (written last, hidden), and the ranges the drop-downs refer to."""
        self.code_lists = (
            (wl.CODE7, "支出功能分类科目（项）", [e for e in _entries(functional_codes()) if len(e[0]) == 7]),
            (wl.CODE5, "部门经济分类科目（款）", [e for e in _entries(economic_codes()) if len(e[0]) == 5]),
            (wl.CODE3, "类级科目（功能、经济）", sorted({e for t in (functional_codes(), economic_codes())
                                               for e in _entries(t) if len(e[0]) == 3})),
            ("reason", "原因键", [(k, "") for k in reason_keys()]),
        )  # fmt: skip
        for n, (kind, _, entries) in enumerate(self.code_lists):
            letter = xl_col_to_name(2 * n)
            self.code_ranges[kind] = f"='{wl.CODES_SHEET}'!${letter}$2:${letter}${len(entries) + 1}"

    def codes_sheet(self) -> None:
        sheet = self.book.add_worksheet(wl.CODES_SHEET)
        for n, (_, title, entries) in enumerate(self.code_lists):
            col = 2 * n
            sheet.write_string(0, col, f"{title}编码", self.header)
            sheet.write_string(0, col + 1, "名称", self.header)
            sheet.set_column(col, col + 1, 16)
            for r, (code, name) in enumerate(entries, start=1):
                sheet.write_string(r, col, code)
                sheet.write_string(r, col + 1, name)
        sheet.protect("", _PROTECTION)
        sheet.hide()

    def readme(self, dataset: Dataset | None) -> None:
        sheet = self.book.add_worksheet(wl.README_SHEET)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, 1, 100)
        sheet.write_string(0, 0, "juesuan 部门决算填报工作簿", self.title)
        lines = [
            (
                "用途",
                "在本工作簿中填写一个部门一个年度的账务事实，然后运行 juesuan build 填报.xlsx 生成决算报告和公开表，"
                "或 juesuan check 填报.xlsx 校验。与数据集 dataset.yaml 等价（juesuan convert 可互相转换）。",
            ),
            (
                "金额",
                "填数字（不要填公式、文字或“万元”等单位），单位见单位信息表的金额单位；不能为负数；"
                "元为单位时最多两位小数。绩效评价中的金额单位见该评价的金额单位（默认万元）。",
            ),
            ("公式", "含公式的单元格一律不读取（即使显示了结果），会报告错误：请复制后“选择性粘贴—数值”。"),
            (
                "编码",
                "科目编码按文本填写（下拉列表来自内置代码表；内置表并不完整，不在表中的编码可继续，"
                "并请在科目名称表中给出名称）。",
            ),
            (
                "百分比",
                "占比、得分率、实际值等百分数填百分数的数值（96.78）；设为百分比格式的单元格按显示的值读取"
                "（96.78% 读作 96.78）。绩效评价的数按单元格显示的小数位读取（显示 99.10 即为 99.10）。",
            ),
            ("表头", "表头行已锁定（工作表保护，无密码）；请勿修改、删除表头；可插入、删除数据行。"),
            ("单位名称", "各表的单位名称须与单位信息表一致；部门只有一个单位时可不填。"),
        ]
        lines += [(f"工作表「{s.name}」", s.note) for s in wl.SHEETS]
        lines.append(("原因键", "、".join(reason_keys()) + "；以及 basic.<经济分类类级编码>（如 basic.301）、"
                      "budget.<功能分类类级编码>（如 budget.201）。"))  # fmt: skip
        lines.append(("格式说明", "docs/workbook.md"))
        for r, (label, text) in enumerate(lines, start=2):
            sheet.write_string(r, 0, label, self.label)
            sheet.write_string(r, 1, text, self.plain)
        if dataset is not None:
            sheet.write_string(len(lines) + 3, 0, "数据", self.label)
            sheet.write_string(len(lines) + 3, 1, f"{dataset.department} {dataset.year} 年度", self.plain)
        sheet.protect("", _PROTECTION)

    def data_sheet(self, spec: wl.Sheet, record: Record, rows: list[Record]) -> Worksheet:
        sheet = self.book.add_worksheet(spec.name)
        if spec.fields:
            sheet.set_column(0, 0, 36)
            sheet.set_column(1, 1, 24)
            sheet.write_string(0, 0, wl.KV_HEADER[0], self.header)
            sheet.write_string(0, 1, wl.KV_HEADER[1], self.header)
            for r, column in enumerate(spec.fields, start=1):
                sheet.write_string(r, 0, column.header, self.label)
                self.cell(sheet, r, 1, column.kind, record.get(column.key))
                self.validate(sheet, r, r, 1, column)
        if spec.table:
            top = spec.table_row
            last = top + max(wl.TEMPLATE_ROWS, len(rows) + 100)
            for c, column in enumerate(spec.table):
                width = max(column.width, 36 if c == 0 and spec.fields else 0)
                sheet.set_column(c, c, width, self.format_of(column.kind))
                sheet.write_string(top, c, column.header, self.header)
                self.validate(sheet, top + 1, last, c, column)
            for r, row in enumerate(rows, start=top + 1):
                for c, column in enumerate(spec.table):
                    self.cell(sheet, r, c, column.kind, row.get(column.key))
            sheet.freeze_panes(top + 1, 0)
            if spec is wl.INFO:
                self.unit_range = f"='{wl.INFO.name}'!$A${top + 2}:$A${last + 1}"
        else:
            sheet.freeze_panes(1, 0)
        sheet.protect("", _PROTECTION)
        return sheet


def _entries(table: CodeTable) -> list[tuple[str, str]]:
    return [(code, table.name(code) or "") for code in table.codes()]


def workbook_bytes(dataset: Dataset | None = None, *, profile: str = "jiangxi-2023", year: int | None = None) -> bytes:
    """The workbook: ``dataset``'s values, or a blank template for ``profile`` and ``year``."""
    buffer = io.BytesIO()
    writer = _Writer(buffer)
    writer.code_columns()
    filled = records(dataset) if dataset is not None else {}
    writer.readme(dataset)
    for spec in wl.SHEETS:
        record, rows = filled.get(spec.name, ({}, []))
        if dataset is None and spec is wl.INFO:
            record = {"format": "juesuan/1", "profile": profile, "year": year, "amount_unit": "元"}
        writer.data_sheet(spec, record, rows)
    writer.codes_sheet()
    writer.book.close()
    return buffer.getvalue()


def write_workbook(path: str | Path, dataset: Dataset | None = None, *, profile: str = "jiangxi-2023",
                   year: int | None = None) -> Path:  # fmt: skip
    """Write :func:`workbook_bytes` to ``path`` (an operating-system error is raised as OSError)."""
    path = Path(path)
    path.write_bytes(workbook_bytes(dataset, profile=profile, year=year))
    return path


__all__ = ["params_text", "reason_keys", "records", "workbook_bytes", "write_workbook"]
