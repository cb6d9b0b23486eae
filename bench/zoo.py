"""The layout zoo (issue 11): the project's own datasets typeset the ways published reports typeset their
tables, every PDF with its truth, so that the table reader can be measured on every failure class.

    PYTHONPATH=src .venv/bin/python bench/zoo.py              # regenerate every family into tests/ingest/zoo/
    PYTHONPATH=src .venv/bin/python bench/zoo.py -f narrow    # one family (repeatable)
    PYTHONPATH=src .venv/bin/python bench/zoo.py --list       # the families and their documents

The tables come from ``juesuan.build_tables`` (nothing is typed by hand): the two examples and a few datasets
made by :func:`generated` from a fixed seed. Each family is a typesetting a real report uses (see
:data:`FAMILIES`); the HTML is written here with Jinja2 and printed by WeasyPrint in a per-document subset of
Noto Sans CJK SC (so the PDFs stay small), except ``libreoffice``: the report DOCX of ``juesuan build``
converted by LibreOffice (``scripts/setup-zoo.sh`` installs it). The truth of a PDF (``NAME.json`` beside it)
is the built tables in the table-mode shape the reader returns: per table, the printed rows (label, code,
行次, side, group) and the displayed text of every cell (``Row.display``); :func:`truth`. A 行次 that the
typesetting does not print is ``null`` there (the reader may leave it out or restore the profile's).

Importable: :func:`dataset`, :func:`build`, :func:`truth`, :data:`FAMILIES`, :func:`generate`.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, StrictUndefined

import juesuan
from juesuan.model.accounts import Accounts
from juesuan.model.tables import NA_TEXT, Column, Row, Table, TableSet
from juesuan.render.layout import caption, economic_blocks

ROOT = Path(__file__).resolve().parents[1]
ZOO = ROOT / "tests/ingest/zoo"
FONT = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
FONT_FAMILY = "Noto Sans CJK SC"

# -- datasets ---------------------------------------------------------------------------------------------

EXAMPLES = {
    "jdz": ROOT / "examples/jdz-nanchang-2023/dataset.yaml",
    "central": ROOT / "examples/central-demo/dataset.yaml",
}
CENT = Decimal("0.01")
SOURCES = ["一般公共预算", "政府性基金", "国有资本经营", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入",
           "其他收入"]  # fmt: skip
FISCAL = {"一般公共预算", "政府性基金", "国有资本经营"}
NON_FISCAL_NATURES = ["基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"]
ECONOMIC_CLASSES = ("301", "302", "303", "307", "310", "312", "399")


@dataclass(frozen=True)
class Generated:
    """A dataset made by :func:`generated`: ``units`` units booking on ``codes`` 项 codes, from ``seed``."""

    seed: int
    profile: str = "jiangxi-2023"
    units: int = 2
    codes: int = 10


#: The generated datasets of the zoo (name → recipe).
GENERATED = {
    "gen-jx-1": Generated(1, codes=9),
    "gen-jx-2": Generated(2, codes=14),
    "gen-central-3": Generated(3, profile="central-2024", codes=10),
    "gen-jx-long": Generated(4, codes=34),  # long tree tables: split across pages
}


def _code_table(name: str) -> list[dict[str, str]]:
    with (ROOT / "src/juesuan/data/codes" / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@cache
def _classes(profile: str) -> frozenset[str]:
    data = yaml.safe_load((ROOT / f"src/juesuan/profiles/{profile}.yaml").read_text(encoding="utf-8"))
    return frozenset(row["code"] for row in data["class_rows"])


def _amount(rng: random.Random) -> Decimal:
    """元, from cents to hundreds of millions, 0–2 decimals (so 万元 displays round both ways)."""
    scale = rng.choice([100, 10_000, 1_000_000, 50_000_000, 3_000_000_000])
    return Decimal(rng.randrange(1, scale * 100)) * CENT


def generated(recipe: Generated) -> dict[str, Any]:
    """A consistent dataset (no build error): every source and nature, 政府性基金 and 国有资本经营 too (07/08
    not empty), a ``basic_by_economic`` summing exactly to the 一般公共预算 basic spending, opening balances
    covering every outflow. Codes are drawn with long names favoured, so that names wrap in narrow columns."""
    rng = random.Random(recipe.seed)
    classes = _classes(recipe.profile)
    pool = [r for r in _code_table("func_class.csv") if r["level"] == "项" and r["code"][:3] in classes]
    longs = [r for r in pool if len(r["name"]) >= 12]
    picked = {r["code"] for r in rng.sample(longs, min(len(longs), recipe.codes // 3))}
    while len(picked) < recipe.codes:
        picked.add(rng.choice(pool)["code"])
    items = sorted(picked)
    economic = sorted(r["code"] for r in _code_table("econ_dept_class.csv")
                      if len(r["code"]) == 5 and r["code"][:3] in ECONOMIC_CLASSES)  # fmt: skip
    units = []
    for u in range(recipe.units):
        income: list[dict[str, Any]] = []
        spending: list[dict[str, Any]] = []
        net: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        basic_total = Decimal(0)
        for n, code in enumerate(items):
            source = SOURCES[(n + u) % len(SOURCES)] if n < len(SOURCES) else rng.choice(SOURCES[:1] * 6 + SOURCES)
            fund = source if source in FISCAL else "非财政拨款"
            amount = _amount(rng)
            income.append({"code": code, "source": source, "amount": amount})
            natures = ["基本支出", "项目支出"] if fund in FISCAL else NON_FISCAL_NATURES
            left = amount
            for nature in rng.sample(natures, rng.randint(1, 2)):
                part = (left * Decimal(rng.randint(20, 95)) / 100).quantize(CENT)
                spending.append({"code": code, "nature": nature, "fund": fund, "amount": part})
                left -= part
                net[(fund, code if fund == "政府性基金" else "")] -= part
                if fund == "一般公共预算" and nature == "基本支出":
                    basic_total += part
            net[(fund, code if fund == "政府性基金" else "")] += amount
        opening = []
        for (fund, code), flow in sorted(net.items()):
            start = (-flow if flow < 0 else Decimal(0)) + rng.choice([Decimal(0), _amount(rng)])
            if start:
                opening.append({"fund": fund, "amount": start, **({"code": code} if code else {})})
        codes = rng.sample(economic, rng.randint(4, 9))
        weights = [rng.randint(1, 100) for _ in codes]
        cents = int(basic_total / CENT)
        parts = [cents * w // sum(weights) for w in weights]
        parts[-1] += cents - sum(parts)
        small = [(_amount(rng) / 1000).quantize(CENT) for _ in range(8)]
        units.append({
            "name": f"单位{u + 1}",
            "kind": rng.choice(["行政单位", "事业单位", "参公事业单位"]),
            "staff": {"in_service": rng.randrange(5, 300), "retired": rng.randrange(0, 40)},
            "income": income,
            "expenditure": spending,
            "basic_by_economic": [{"code": c, "amount": Decimal(p) * CENT} for c, p in zip(codes, parts, strict=True)],
            "opening_balance": opening,
            "three_public": {
                "initial_budget": {"abroad": small[0], "vehicle_operation": small[1], "reception": small[2]},
                "full_budget": {"abroad": small[0], "vehicle_purchase": small[3], "vehicle_operation": small[1],
                                "reception": small[2]},
                "actual": {"abroad": small[4], "vehicle_purchase": small[3], "vehicle_operation": small[5],
                           "reception_domestic": small[6], "reception_foreign_affairs": (small[6] / 10).quantize(CENT)},
                "stats": {"vehicles_held": rng.randrange(0, 10), "domestic_batches": rng.randrange(0, 50)},
            },
            "assets": {"vehicles": {"principal": rng.randrange(0, 3), "other": rng.randrange(0, 5)},
                       "equipment_over_1m": rng.randrange(0, 4)},
        })  # fmt: skip
    department = f"版式样本部门{recipe.seed}"
    return {"profile": recipe.profile, "year": 2023, "department": department, "units": units}


def _json(value: Any) -> str:
    """JSON (a subset of YAML) with Decimals as plain numbers, so the loader reads them exactly."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)}: {_json(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_json(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def dataset_file(name: str, folder: Path) -> Path:
    """The dataset ``name`` as a file (the example itself, or the generated one written into ``folder``)."""
    if name in EXAMPLES:
        return EXAMPLES[name]
    path = folder / f"{name}.yaml"
    path.write_text(_json(generated(GENERATED[name])) + "\n", encoding="utf-8")
    return path


def dataset(name: str) -> Accounts:
    with tempfile.TemporaryDirectory() as tmp:
        return juesuan.load(dataset_file(name, Path(tmp)))


def build(name: str) -> TableSet:
    """The built tables of dataset ``name`` (raises if the build reports an error: the zoo needs clean data)."""
    result = juesuan.build_tables(dataset(name))
    errors = [f.message for f in result.findings if f.severity.name == "ERROR"]
    if errors:
        raise ValueError(f"{name}: {errors[:3]}")
    return result.tables


# -- truth ------------------------------------------------------------------------------------------------


def truth(tables: TableSet, *, name: str, no_line: Iterable[str] = ()) -> dict[str, Any]:
    """The expected reading: per table, every printed row (a label or a value) with its identity and the
    displayed text of each of its cells (None when blank). Tables listed in ``no_line`` print no 行次.
    The shape of ``zoo_score.load_truth`` (tests/ingest/zoo_score.py); :func:`dump_truth` writes it."""
    hidden = set(no_line)
    out: dict[str, Any] = {"dataset": name, "profile": tables.profile, "department": tables.department,
                           "year": tables.year, "tables": {}}  # fmt: skip
    for table in tables:
        rows = []
        for row in table.rows:
            cells = {key: row.display(key) for key in row.cells}
            if not row.label and all(v is None for v in cells.values()):
                continue  # an unused 行次: nothing is printed
            line = None if table.id in hidden else row.line
            rows.append({"side": row.side, "label": row.label, "code": row.code, "line": line,
                         "group": row.group, "cells": cells})  # fmt: skip
        columns = {side: [c.key for c in table.columns_of(side)] for side in table.sides()}
        out["tables"][table.id] = {"title": table.title, "layout": table.layout, "columns": columns, "rows": rows}
    return out


def dump_truth(data: dict[str, Any]) -> str:
    """The truth as compact JSON: a row a line, ``[side, label, code, 行次, group, [values in column order]]``."""
    dumps = json.dumps
    head = {k: v for k, v in data.items() if k != "tables"}
    lines = ["{" + dumps(head, ensure_ascii=False)[1:-1] + ',', ' "row_fields": ["side", "label", "code", "line", '
             '"group", "values"],', ' "tables": {']  # fmt: skip
    for n, (tid, table) in enumerate(data["tables"].items()):
        meta = {k: table[k] for k in ("title", "layout", "columns")}
        lines.append(f"  {dumps(tid)}: {{" + dumps(meta, ensure_ascii=False)[1:-1] + ', "rows": [')
        rows = table["rows"]
        for i, row in enumerate(rows):
            values = [row["cells"][k] for k in table["columns"][row["side"]]]
            item = [row["side"], row["label"], row["code"], row["line"], row["group"], values]
            lines.append("   " + dumps(item, ensure_ascii=False) + ("," if i < len(rows) - 1 else ""))
        lines.append("  ]}" + ("," if n < len(data["tables"]) - 1 else ""))
    lines.append(" }\n}")
    return "\n".join(lines) + "\n"


# -- printed structure ------------------------------------------------------------------------------------


@dataclass
class Cell:
    """One printed cell; ``kind``: head, label, total, code, line, value, na; ``spaced``: letter-spaced text."""

    text: str | None = None
    kind: str = "value"
    rowspan: int = 1
    colspan: int = 1
    indent: int = 0
    spaced: bool = False
    jitter: float = 0.0  # vertical shift of the text in pt (centred family)


@dataclass
class Laid:
    """A table as printed: column kinds and widths (em), header rows and body rows of cells."""

    kinds: list[str]
    widths: list[float]
    head: list[list[Cell]]
    body: list[list[Cell]]


@dataclass(frozen=True)
class Options:
    """How a table's structure is printed."""

    split_codes: bool = False  # 类 | 款 | 项 (06: 类 | 款) in separate columns
    numbers: bool = True  # the 栏次 row
    lines: bool = True  # the 行次 column of two-sided tables
    spaced: bool = False  # letter-spaced 项  目 / 栏  次 / 行  次
    total_on_codes: tuple[str, ...] = ()  # tree tables whose 合计 row is printed on the 类/款/项 line
    subgroups: bool = False  # a third header level: 公务用车购置及运行费 over 小计 / 购置费 / 运行维护费
    name_width: float | None = None  # em, the 科目名称 of tree tables and 06; None: fit the longest name
    side_width: float | None = None  # em, the 项目 of 01/04/09/10; None: fit the longest name


LINE_WIDTH = 3.2  # em: 行次 on one line
SUBGROUP = ("公务用车购置及运行费", ("小计", "公务用车购置费", "公务用车运行维护费"))


class Place:
    """Header cells placed by (row, column); rows are emitted in column order (HTML handles the spans)."""

    def __init__(self) -> None:
        self.cells: dict[int, dict[int, Cell]] = defaultdict(dict)

    def put(self, row: int, col: int, cell: Cell) -> None:
        self.cells[row][col] = cell

    def rows(self) -> list[list[Cell]]:
        height = max(self.cells, default=-1) + 1
        return [[self.cells[r][c] for c in sorted(self.cells[r])] for r in range(height)]


def _head(text: str | None, o: Options, rowspan: int = 1, colspan: int = 1) -> Cell:
    spaced = o.spaced and text is not None and text in {"项目", "栏次", "行次", "金额", "合计"}
    return Cell(text, "head", rowspan, colspan, spaced=spaced)


def _paths(columns: Sequence[Column], o: Options) -> list[tuple[str, ...]]:
    paths = [((c.group,) if c.group else ()) + (c.header,) for c in columns]
    if o.subgroups:
        name, leaves = SUBGROUP
        for i in range(len(paths) - 2):
            if tuple(p[-1] for p in paths[i : i + 3]) == leaves and len({p[:-1] for p in paths[i : i + 3]}) == 1:
                for j in range(i, i + 3):
                    paths[j] = (*paths[j][:-1], name, paths[j][-1])
    return paths


def _depth(columns: Sequence[Column], o: Options) -> int:
    return max((len(p) for p in _paths(columns, o)), default=1)


def _place_headers(place: Place, paths: list[tuple[str, ...]], col0: int, top: int, depth: int, o: Options) -> None:
    """Header cells of value columns from their paths (group › … › leaf): a group spans its columns, a leaf
    spans the rows down to the band's bottom."""

    def level(indices: list[int], lv: int) -> None:
        i = 0
        while i < len(indices):
            k = indices[i]
            if len(paths[k]) == lv + 1:
                place.put(top + lv, col0 + k, _head(paths[k][lv], o, rowspan=depth - lv))
                i += 1
                continue
            run = [k]
            while (
                i + len(run) < len(indices)
                and len(paths[indices[i + len(run)]]) > lv + 1
                and paths[indices[i + len(run)]][lv] == paths[k][lv]
            ):
                run.append(indices[i + len(run)])
            place.put(top + lv, col0 + k, _head(paths[k][lv], o, colspan=len(run)))
            level(run, lv + 1)
            i += len(run)

    level(list(range(len(paths))), 0)


def _numbered(table: Table) -> bool:
    return any(c.number is not None for c in table.columns)


def _value(row: Row | None, key: str) -> Cell:
    text = None if row is None else row.display(key)
    return Cell(text, "na" if text == NA_TEXT else "value")


def _value_width(table: Table) -> float:
    longest = max((len(r.display(k) or "") for r in table.rows for k in r.cells), default=4)
    return max(5.0, 0.58 * longest + 1.4)


def _name_width(labels: Iterable[str], fixed: float | None, low: float = 8.0, high: float = 19.0) -> float:
    if fixed is not None:
        return fixed
    return max(low, min(high, max((len(t) + 2.5 for t in labels), default=low)))


def lay_tree(table: Table, o: Options) -> Laid:
    columns = table.columns
    split = o.split_codes
    on_codes = split and table.id in o.total_on_codes
    ncode = 3 if split else 1
    lead = ncode + 1
    depth = _depth(columns, o)
    band = max(depth, 3 if split and not on_codes else 2)
    place = Place()
    place.put(0, 0, _head("项目", o, colspan=lead))
    if split:
        place.put(1, 0, _head("支出功能分类科目编码", o, colspan=3))
        place.put(1, 3, _head("科目名称", o, rowspan=band - 1))
        if not on_codes:
            for i, text in enumerate(("类", "款", "项")):
                place.put(2, i, _head(text, o, rowspan=band - 2))
    else:
        place.put(1, 0, _head("支出功能分类科目编码", o, rowspan=band - 1))
        place.put(1, 1, _head("科目名称", o, rowspan=band - 1))
    _place_headers(place, _paths(columns, o), lead, 0, band, o)
    if o.numbers and _numbered(table) and not on_codes:
        place.put(band, 0, _head("栏次", o, colspan=lead))
        for i, c in enumerate(columns):
            place.put(band, lead + i, _head(None if c.number is None else str(c.number), o))
    body: list[list[Cell]] = []
    for row in table.rows:
        cells: list[Cell] = []
        if row.code is None and on_codes:
            cells += [Cell("类", "head"), Cell("款", "head"), Cell("项", "head"), Cell(row.label, "total")]
        elif row.code is None:
            cells.append(Cell(row.label, "total", colspan=lead))
        elif split:
            code = row.code
            cells += [Cell(code[:3], "code"), Cell(code[3:5] or None, "code"), Cell(code[5:7] or None, "code")]
            cells.append(Cell(row.label, "label", indent=row.indent))
        else:
            cells += [Cell(row.code, "code"), Cell(row.label, "label", indent=row.indent)]
        cells += [_value(row, c.key) for c in columns]
        body.append(cells)
    name = _name_width((r.label for r in table.rows), o.name_width)
    code_widths = [2.6, 2.2, 2.2] if split else [5.6]
    kinds = ["code"] * ncode + ["name"] + ["value"] * len(columns)
    return Laid(kinds, [*code_widths, name] + [_value_width(table)] * len(columns), place.rows(), body)


def lay_two_sided(table: Table, o: Options) -> Laid:
    place = Place()
    body_sides: list[list[list[Cell]]] = []
    kinds: list[str] = []
    widths: list[float] = []
    start = 0
    depth = _depth(table.columns, o)
    value_width = _value_width(table)
    for index, side in enumerate(table.sides()):
        columns = table.columns_of(side)
        rows = [r for r in table.rows if r.side == side]
        has_line = o.lines and any(r.line is not None for r in rows)
        lead = 2 if has_line else 1
        header = "项目（按功能分类）" if index > 0 and any(r.code for r in rows) else table.row_header
        place.put(0, start, _head(side, o, colspan=lead + len(columns)))
        place.put(1, start, _head(header, o, rowspan=depth))
        if has_line:
            place.put(1, start + 1, _head("行次", o, rowspan=depth))
        _place_headers(place, _paths(columns, o), start + lead, 1, depth, o)
        if o.numbers and _numbered(table):
            place.put(1 + depth, start, _head("栏次", o))
            if has_line:
                place.put(1 + depth, start + 1, _head(None, o))
            for i, c in enumerate(columns):
                place.put(1 + depth, start + lead + i, _head(None if c.number is None else str(c.number), o))
        side_body = []
        for row in rows:
            cells = [Cell(row.label or None, "label", indent=row.indent)]
            if has_line:
                cells.append(Cell(None if row.line is None else str(row.line), "line"))
            side_body.append(cells + [_value(row, c.key) for c in columns])
        body_sides.append(side_body)
        kinds += ["name"] + (["line"] if has_line else []) + ["value"] * len(columns)
        widths += [_name_width((r.label for r in rows), o.side_width, 10, 17)] + ([LINE_WIDTH] if has_line else [])
        widths += [value_width] * len(columns)
        start += lead + len(columns)
    height = max(len(b) for b in body_sides)
    body = []
    for r in range(height):
        cells = []
        for side_body, size in zip(body_sides, _side_sizes(kinds), strict=True):
            cells += side_body[r] if r < len(side_body) else [Cell(None, "value") for _ in range(size)]
        body.append(cells)
    return Laid(kinds, widths, place.rows(), body)


def _side_sizes(kinds: list[str]) -> list[int]:
    """Column counts of the sides (each side starts with a name column)."""
    sizes: list[int] = []
    for kind in kinds:
        if kind == "name":
            sizes.append(0)
        sizes[-1] += 1
    return sizes


def lay_plain(table: Table, o: Options) -> Laid:
    columns = table.columns
    has_line = any(r.line is not None for r in table.rows)
    lead = 2 if has_line else 1
    depth = _depth(columns, o)
    place = Place()
    place.put(0, 0, _head(table.row_header, o, rowspan=depth))
    if has_line:
        place.put(0, 1, _head("行次", o, rowspan=depth))
    _place_headers(place, _paths(columns, o), lead, 0, depth, o)
    if o.numbers and _numbered(table):
        place.put(depth, 0, _head("栏次", o))
        if has_line:
            place.put(depth, 1, _head(None, o))
        for i, c in enumerate(columns):
            place.put(depth, lead + i, _head(None if c.number is None else str(c.number), o))
    body = []
    for row in table.rows:
        cells = [Cell(row.label or None, "label", indent=row.indent)]
        if has_line:
            cells.append(Cell(None if row.line is None else str(row.line), "line"))
        body.append(cells + [_value(row, c.key) for c in columns])
    kinds = ["name"] + (["line"] if has_line else []) + ["value"] * len(columns)
    widths = [_name_width((r.label for r in table.rows), o.side_width, 10, 20)] + ([LINE_WIDTH] if has_line else [])
    return Laid(kinds, widths + [_value_width(table)] * len(columns), place.rows(), body)


def lay_economic(table: Table, o: Options) -> Laid:
    blocks = economic_blocks(table)
    block_rows = [[r for r in table.rows if r.code and r.code[:3] in classes] for _, classes in blocks]
    height = max((len(rows) for rows in block_rows), default=0)
    per = 4 if o.split_codes else 3
    place = Place()
    header = table.columns[0].header
    col = 0
    for group, span in itertools.groupby(blocks, key=lambda b: b[0]):
        count = len(list(span))
        place.put(0, col, _head(group, o, colspan=per * count))
        col += per * count
    body: list[list[Cell]] = [[] for _ in range(height + 1)]
    kinds: list[str] = []
    widths: list[float] = []
    value_width = _value_width(table)
    for b, rows in enumerate(block_rows):
        start = per * b
        if o.split_codes:
            place.put(1, start, _head("经济分类科目编码", o, colspan=2))
            place.put(2, start, _head("类", o))
            place.put(2, start + 1, _head("款", o))
            place.put(1, start + 2, _head("科目名称", o, rowspan=2))
            place.put(1, start + 3, _head(header, o, rowspan=2))
        else:
            for i, text in enumerate(("经济分类", "科目名称", header)):
                place.put(1, start + i, _head(text, o))
        for r in range(height):
            row = rows[r] if r < len(rows) else None
            code = row.code if row else None
            if o.split_codes:
                body[r] += [Cell(code[:3] if code else None, "code"), Cell(code[3:5] or None if code else None, "code")]
            else:
                body[r].append(Cell(code, "code"))
            body[r].append(Cell(row.label if row else None, "label", indent=row.indent if row else 0))
            body[r].append(_value(row, table.columns[0].key))
        kinds += ["code"] * (per - 2) + ["name", "value"]
        widths += ([2.6, 2.2] if o.split_codes else [4.2]) + [_name_width((r.label for r in rows), o.name_width, 8, 14)]
        widths.append(value_width)
    totals = [row for row in table.rows if row.group is None and not row.code]
    col = 0
    for i, (_group, span) in enumerate(itertools.groupby(blocks, key=lambda b: b[0])):
        count = per * len(list(span))
        row = totals[i] if i < len(totals) else None
        body[height].append(Cell(row.label if row else None, "total", colspan=count - 1))
        body[height].append(_value(row, table.columns[0].key))
        col += count
    return Laid(kinds, widths, place.rows(), body)


def lay(table: Table, o: Options) -> Laid:
    if table.layout == "tree":
        return lay_tree(table, o)
    if table.layout == "two_sided":
        return lay_two_sided(table, o)
    if table.layout == "economic_groups":
        return lay_economic(table, o)
    return lay_plain(table, o)


# -- pages ------------------------------------------------------------------------------------------------

PORTRAIT_EM = 57.0  # A4 portrait less 2 × 12 mm margins, in em of 9 pt
LANDSCAPE_EM = 84.0  # A4 landscape likewise


@dataclass(frozen=True)
class Style:
    """How a family prints: page, rules, cell alignment, table structure and page splitting."""

    ruled: bool = True
    options: Options = field(default_factory=Options)
    unit_label: str = "金额单位"
    valign: str = "middle"
    jitter: float = 0.0  # pt: each cell's text shifted by up to ± this (Word's one-by-one centring)
    portrait: bool = False  # portrait pages, wide tables on landscape pages (or turned portrait pages)
    turned: bool = False  # wide tables drawn rotated on portrait pages carrying /Rotate 270
    split: int = 0  # body rows per page (0: WeasyPrint breaks long tables itself, header repeated)
    repeat: bool = True  # split tables repeat their header on the continuation page
    font: float = 9.0


@dataclass
class Chunk:
    head: list[list[Cell]]
    body: list[list[Cell]]


@dataclass
class Sheet:
    id: str
    title: str
    department: str
    year: str
    code: str
    unit: str
    notes: tuple[str, ...]
    widths: list[float]
    chunks: list[Chunk]
    font: float
    page: str  # "", "wide" or "turned"


def _chunks(laid: Laid, style: Style) -> list[Chunk]:
    """The table over pages: with ``split``, at most ``split`` body rows a page, and a table that would fit
    on one page but has ≥ 8 rows still leaves its last 3 rows to a continuation page (sparse pages)."""
    rows = laid.body
    if not style.split or len(rows) < 8:
        return [Chunk(laid.head, rows)]
    cuts = list(range(style.split, len(rows), style.split)) if len(rows) > style.split else [len(rows) - 3]
    parts = [rows[a:b] for a, b in itertools.pairwise([0, *cuts, len(rows)])]
    return [Chunk(laid.head if i == 0 or style.repeat else [], part) for i, part in enumerate(parts)]


def _jitter(laid: Laid, amount: float, seed: str) -> None:
    if not amount:
        return
    rng = random.Random(seed)
    for row in laid.body:
        for cell in row:
            cell.jitter = round(rng.uniform(-amount, amount), 1)


def sheet(table: Table, style: Style, salt: str = "") -> Sheet:
    laid = lay(table, style.options)
    _jitter(laid, style.jitter, f"{salt}/{table.id}")
    cap = caption(table)
    unit = f"{style.unit_label}：{table.unit}"
    width = sum(laid.widths) + 0.5
    page = ""
    font = style.font
    room = LANDSCAPE_EM
    if style.portrait:
        if width * font / 9 > PORTRAIT_EM:
            page = "turned" if style.turned else "wide"
        else:
            room = PORTRAIT_EM
    if width * font / 9 > room:
        font = max(6.0, round(9 * room / width - 0.05, 1))
    return Sheet(table.id, cap.title, cap.department, cap.year, cap.code, unit, cap.notes, laid.widths,
                 _chunks(laid, style), font, page)  # fmt: skip


TEMPLATE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
@font-face { font-family: ZooSans; src: url({{ font_url }}); }
@page { size: A4 {{ "portrait" if portrait else "landscape" }}; margin: 12mm; }
@page wide { size: A4 landscape; margin: 12mm; }
@page turned { size: A4 portrait; margin: 12mm; }
body { margin: 0; color: #000; font-family: ZooSans; }
section + section { break-before: page; }
section.wide { page: wide; }
section.turned { page: turned; }
section.turned .inner { width: 273mm; transform-origin: 0 0; transform: translate(186mm, 0) rotate(90deg); }
.cont { break-before: page; }
h2 { margin: 0 0 4pt; text-align: center; font-size: 15pt; font-weight: normal; }
.meta { display: flex; justify-content: space-between; margin: 1pt 0; }
.meta span { flex: 1; }
.meta .year { text-align: center; }
.meta .code, .meta .unit { text-align: right; }
table { border-collapse: collapse; table-layout: fixed; }
thead { display: {{ "table-header-group" if repeat else "table-row-group" }}; }
tr { break-inside: avoid; }
th, td { border: {{ "0.6pt solid #000" if ruled else "none" }}; padding: 1.6pt 3pt; line-height: 1.25;
  overflow-wrap: anywhere; }
th { font-weight: normal; text-align: center; vertical-align: middle; }
td { vertical-align: {{ valign }}; height: 1.25em; }
td.label, td.code { text-align: left; }
td.total, td.line, td.na, td.head { text-align: center; }
td.value { text-align: right; white-space: nowrap; }
td.code { white-space: nowrap; }
.sp { letter-spacing: 1.2em; margin-right: -1.2em; }
.notes p { margin: 2pt 0; }
</style></head><body>
{% for s in sheets %}
<section class="{{ s.page }}" id="t{{ s.id }}" style="font-size: {{ s.font }}pt">
<div class="inner">
{% for chunk in s.chunks %}
{% if loop.first %}
<h2>{{ s.title }}</h2>
<div class="meta"><span>{{ s.department }}</span><span class="year">{{ s.year }}</span>
<span class="code">{{ s.code }}</span></div>
<div class="meta"><span></span><span class="unit">{{ s.unit }}</span></div>
{% endif %}
<table class="{{ "" if loop.first else "cont" }}" style="width: {{ s.widths | sum + 0.5 }}em">
<colgroup>{% for w in s.widths %}<col style="width: {{ w }}em">{% endfor %}</colgroup>
{% if chunk.head %}<thead>
{% for row in chunk.head %}<tr>{% for c in row %}<th{{ c | spans }}>{{ c | text }}</th>{% endfor %}</tr>
{% endfor %}</thead>{% endif %}
<tbody>
{% for row in chunk.body %}<tr>{% for c in row %}
<td class="{{ c.kind }}"{{ c | spans }}{{ c | pad }}>{{ c | text }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% endfor %}
<div class="notes">{% for note in s.notes %}<p>{{ note }}</p>{% endfor %}</div>
</div>
</section>
{% endfor %}
</body></html>
"""


def _spans(cell: Cell) -> Any:
    from markupsafe import Markup

    attrs = f' rowspan="{cell.rowspan}"' if cell.rowspan > 1 else ""
    attrs += f' colspan="{cell.colspan}"' if cell.colspan > 1 else ""
    return Markup(attrs)


def _text(cell: Cell) -> Any:
    from markupsafe import Markup, escape

    if not cell.text:
        return ""
    if cell.spaced:
        return Markup('<span class="sp">') + escape(cell.text) + Markup("</span>")
    return cell.text


def _pad(cell: Cell) -> Any:
    from markupsafe import Markup

    style = []
    if cell.indent:
        style.append(f"padding-left: {3 + 9 * min(cell.indent, 3)}pt")
    if cell.jitter:
        style.append(f"padding-top: {1.6 + 2 * max(cell.jitter, 0):.1f}pt")
        style.append(f"padding-bottom: {1.6 + 2 * max(-cell.jitter, 0):.1f}pt")
    return Markup(f' style="{"; ".join(style)}"') if style else ""


def html(tables: TableSet, style: Style, font_url: str, salt: str = "") -> str:
    env = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=StrictUndefined)
    env.filters.update(spans=_spans, text=_text, pad=_pad)
    sheets = [sheet(t, style, salt) for t in tables]
    return env.from_string(TEMPLATE).render(
        title=f"{tables.department} {tables.year} 年度部门决算公开表", sheets=sheets, font_url=font_url,
        portrait=style.portrait, repeat=style.repeat, ruled=style.ruled, valign=style.valign,
    )  # fmt: skip


# -- fonts and printing -----------------------------------------------------------------------------------


@cache
def _noto() -> Any:
    from fontTools.ttLib import TTCollection

    fonts = TTCollection(str(FONT)).fonts
    return next(f for f in fonts if f["name"].getDebugName(1) == FONT_FAMILY)


def subset_font(text: str, path: Path) -> Path:
    """Noto Sans CJK SC cut down to the characters of ``text``, without hinting and layout tables: the PDF
    embeds a few tens of KB instead of the 150–200 KB that WeasyPrint's own subset of the system font takes."""
    import copy

    from fontTools import subset

    opts = subset.Options()
    opts.hinting = False
    opts.layout_features = []
    opts.notdef_outline = True
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx"]
    font = copy.deepcopy(_noto())
    chars = set(text) | set("0123456789.,-（）：:年度部门单位万元注 ")
    sub = subset.Subsetter(opts)
    sub.populate(text="".join(sorted(chars)))
    sub.subset(font)
    font.recalcTimestamp = False  # the same bytes every run: regenerating does not churn the PDFs
    font.save(str(path))
    return path


def _text_of(page: str) -> str:
    return re.sub(r"<[^>]+>", "", page)


def print_pdf(page: str, out: Path, *, stylesheet: str = "", turned: Sequence[str] = ()) -> None:
    """WeasyPrint ``page`` into ``out`` in a subset font; pages holding the sections ``turned`` (ids) get
    /Rotate 270 (their content is drawn turned a quarter clockwise)."""
    import weasyprint

    with tempfile.TemporaryDirectory() as tmp:
        font = subset_font(_text_of(page), Path(tmp) / "zoo.otf")
        page = page.replace("{{ font_url }}", font.as_uri())
        config = weasyprint.text.fonts.FontConfiguration()
        sheets = [weasyprint.CSS(string=stylesheet.replace("FONT_URL", font.as_uri()), font_config=config)]
        document = weasyprint.HTML(string=page, base_url=tmp).render(
            stylesheets=sheets if stylesheet else [], font_config=config
        )
        rotate = [i for i, p in enumerate(document.pages) if any(f"t{t}" in p.anchors for t in turned)]
        document.write_pdf(str(out))
    if rotate:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(out))
        for i in rotate:
            pdf[i].set_rotation(270)
        tmp_out = out.with_suffix(".tmp.pdf")
        pdf.save(str(tmp_out))
        pdf.close()
        tmp_out.replace(out)


# -- families ---------------------------------------------------------------------------------------------

#: tables.html in the zoo's subset font, headers not bold (one font embedded instead of two).
RULED_CSS = """@font-face { font-family: ZooSans; src: url(FONT_URL); }
body, th, td, h2 { font-family: ZooSans !important; }
th, h2 { font-weight: normal !important; }"""


@dataclass(frozen=True)
class Family:
    name: str
    about: str
    datasets: tuple[str, ...]
    style: Style | None = None  # None: a family with its own maker
    no_line: tuple[str, ...] = ()  # tables whose 行次 is not printed
    make: Callable[[Family, str, TableSet, Path], None] | None = None


def make_styled(family: Family, name: str, tables: TableSet, out: Path) -> None:
    assert family.style is not None
    turned = [t.id for t in tables if family.style.turned and sheet(t, family.style).page == "turned"]
    page = html(tables, family.style, "{{ font_url }}", salt=f"{family.name}/{name}")
    print_pdf(page, out, turned=turned)


def make_ruled(family: Family, name: str, tables: TableSet, out: Path) -> None:
    from juesuan.render import html as tables_html

    print_pdf(tables_html.render(tables), out, stylesheet=RULED_CSS)


def make_libreoffice(family: Family, name: str, tables: TableSet, out: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice is missing: run scripts/setup-zoo.sh")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        data = dataset_file(name, folder)
        cmd = [sys.executable, "-m", "juesuan", "build", str(data), "-o", str(folder / "out"), "--format", "docx"]
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        docx = folder / "out/report.docx"
        profile = f"-env:UserInstallation={(folder / 'lo').as_uri()}"
        subprocess.run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                       check=True, capture_output=True, timeout=300)  # fmt: skip
        pdf = (folder / "report.pdf").read_bytes()
        # a fixed creation date and file ID of the same lengths (the xref offsets hold): the same bytes every run
        pdf = re.sub(rb"/CreationDate\(D:(\d{14})", b"/CreationDate(D:20240101000000", pdf)
        pdf = re.sub(rb"/ID\s*\[[^]]*\]", lambda m: re.sub(rb"[0-9A-Fa-f]{32}", b"0" * 32, m.group(0)), pdf)
        pdf = re.sub(rb"/DocChecksum /[0-9A-Fa-f]{32}", b"/DocChecksum /" + b"0" * 32, pdf)
        out.write_bytes(pdf)


RULED = Style()
UNRULED = Style(ruled=False)
CENTRED = Style(valign="middle", jitter=1.8, options=Options(name_width=7.5, side_width=9.5))
NARROW = Style(valign="top", options=Options(name_width=6.2, side_width=9.0))
MERGED = Style(options=Options(split_codes=True, spaced=True, total_on_codes=("03", "05", "08"), subgroups=True))
SPLIT = Style(split=20, font=9.5)
SHANGHAI = Style(unit_label="单位", options=Options(numbers=False, lines=False))

FAMILIES: dict[str, Family] = {
    f.name: f
    for f in [
        Family("ruled", "tables.html as juesuan writes it, every cell ruled, printed by WeasyPrint",
               ("jdz", "central", "gen-jx-1"), make=make_ruled),
        Family("unruled", "no ruling line at all: columns only by alignment", ("jdz", "gen-jx-2"), UNRULED),
        Family("centred-ruled", "Word export: every cell centred vertically on its own, each cell's text shifted "
               "by up to ±1.8 pt, names wrapped over 2–4 lines (科目名称 7.5 em, 项目 9.5 em); ruled",
               ("jdz", "gen-central-3"), CENTRED),
        Family("centred-unruled", "as centred-ruled without ruling lines", ("jdz", "central"),
               replace(CENTRED, ruled=False)),
        Family("narrow", "科目名称 in a 6.2 em column (项目 of 01/04/09/10: 9 em), cells top-aligned: names wrap "
               "below the code's line (continuation lines, three-line names); ruled", ("jdz", "gen-jx-2"), NARROW),
        Family("narrow-unruled", "as narrow without ruling lines", ("central", "gen-jx-1"),
               replace(NARROW, ruled=False)),
        Family("merged-headers", "类 | 款 | 项 in separate columns (201 | 06 | 01; 06: 类 | 款), letter-spaced "
               "项  目 / 栏  次 / 行  次, merged two- and three-level headers, the 合计 row of 03, 05 and 08 on "
               "the 类/款/项 line (no 栏次 row there); ruled", ("central", "gen-jx-1"), MERGED),
        Family("landscape", "portrait pages, the wide tables on landscape pages", ("jdz", "gen-central-3"),
               Style(portrait=True)),
        Family("landscape-turned", "portrait pages, the wide tables drawn turned on portrait pages that carry "
               "/Rotate 270 (as printer drivers make them)", ("central",), Style(portrait=True, turned=True)),
        Family("split-repeat", "tables over pages, at most 20 rows a page, a short table's last 3 rows alone on "
               "the next page; the header (and 栏次 row) repeated there", ("gen-jx-long",), SPLIT),
        Family("split-bare", "as split-repeat, the continuation pages with no header", ("gen-jx-long", "central"),
               replace(SPLIT, repeat=False)),
        Family("two-sided-no-line", "Shanghai district form: 01/04 without the 行次 column, no 栏次 row in any "
               "table, only 单位：万元 above each table (no 金额单位)", ("jdz", "central"),
               SHANGHAI, no_line=("01", "04")),
        Family("two-sided-no-line-unruled", "as two-sided-no-line without ruling lines", ("central",),
               replace(SHANGHAI, ruled=False), no_line=("01", "04")),
        Family("libreoffice", "the report DOCX of `juesuan build --format docx` converted by LibreOffice",
               ("jdz", "central"), make=make_libreoffice),
    ]
}  # fmt: skip


def generate(
    families: Iterable[str], zoo: Path = ZOO, echo: Callable[[str], None] = print, truth_only: bool = False
) -> None:
    """Write ``zoo/FAMILY/DATASET.pdf`` and its truth ``DATASET.json`` for each of ``families`` (with
    ``truth_only``, the truth alone: the PDFs do not change when only the build does)."""
    built: dict[str, TableSet] = {}
    for fname in families:
        family = FAMILIES[fname]
        folder = zoo / fname
        folder.mkdir(parents=True, exist_ok=True)
        for name in family.datasets:
            if name not in built:
                built[name] = build(name)
            tables = built[name]
            out = folder / f"{name}.pdf"
            start = time.perf_counter()
            if not truth_only:
                (family.make or make_styled)(family, name, tables, out)
            data = truth(tables, name=name, no_line=family.no_line)
            (folder / f"{name}.json").write_text(dump_truth(data), "utf-8")
            echo(f"{out.relative_to(zoo)}: {out.stat().st_size / 1024:.0f} KB, {time.perf_counter() - start:.1f} s")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--family", action="append", choices=sorted(FAMILIES), help="only these families")
    parser.add_argument("-o", "--out", type=Path, default=ZOO, help="zoo folder (default tests/ingest/zoo)")
    parser.add_argument("--list", action="store_true", help="list the families and their documents")
    parser.add_argument("--truth-only", action="store_true", help="rewrite the truth files, not the PDFs")
    args = parser.parse_args(argv)
    if args.list:
        for family in FAMILIES.values():
            print(f"{family.name}: {', '.join(family.datasets)} — {family.about}")
        return 0
    generate(args.family or list(FAMILIES), args.out, truth_only=args.truth_only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
