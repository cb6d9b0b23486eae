"""Write a TableSet as a table-mode file (the inverse of :mod:`juesuan.load.tables`).

The file has the shape of ``examples/jdz-nanchang-2023/published.yaml``: amounts in 万元 as text (exact:
two decimals when the value has at most two, every digit otherwise), counts as integers, "---" for ``na``
cells and null for blanks. ``juesuan check`` reads it back into equal tables. Performance evaluations, when
given, follow under ``evaluations:`` (:func:`juesuan.perf.dump.dump_evaluations`), which ``juesuan check``
reads back too.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..model.evaluations import Evaluation
from ..model.money import YUAN_PER_WAN
from ..model.tables import NA_TEXT, Cell, Row, Table, TableSet
from ..perf.dump import dump_evaluations

_CENT = Decimal("0.01")


def _amount_text(value: Decimal) -> str:
    wan = value / YUAN_PER_WAN
    if wan == wan.quantize(_CENT):
        return str(wan.quantize(_CENT))
    return format(wan.normalize(), "f")


def cell_text(cell: Cell, kind: str) -> str | None:
    if cell.na:
        return NA_TEXT
    if cell.value is None:
        return None
    if kind == "count":
        return str(cell.value.normalize()) if cell.value != cell.value.to_integral() else str(int(cell.value))
    return _amount_text(cell.value)


def _row(row: Row) -> dict[str, Any]:
    out: dict[str, Any] = {"label": row.label}
    if row.key and row.key != row.code and row.level is None and row.key != "total":
        out["key"] = row.key  # the profile row it stands for (a label printed twice, or not printed)
    if row.code:
        out["code"] = row.code
    if row.line is not None:
        out["line"] = row.line
    if row.side:
        out["side"] = row.side
    if row.group:
        out["group"] = row.group
    out["values"] = {key: cell_text(cell, row.kind) for key, cell in row.cells.items()}
    return out


def _table(table: Table) -> dict[str, Any]:
    out: dict[str, Any] = {"id": table.id, "code": table.code, "title": table.title}
    if table.unit != "万元":
        out["unit"] = table.unit
    out["rows"] = [_row(r) for r in table.rows]
    return out


def tables_to_data(tables: TableSet, source: dict[str, str] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if source:
        data["source"] = source
    data.update({"department": tables.department, "year": tables.year, "profile": tables.profile, "unit": "万元"})
    data["tables"] = [_table(t) for t in tables]
    return data


def _flow(value: Any) -> str:
    return (
        yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=10**9, sort_keys=False)
        .strip()
        .removesuffix("...")
        .strip()
    )


def dump_tables(tables: TableSet, source: dict[str, str] | None = None, evaluations: Sequence[Evaluation] = ()) -> str:
    """The table-mode YAML text: one flow mapping per row, readable and diffable; then ``evaluations:``
    when there are any."""
    data = tables_to_data(tables, source)
    head = {k: v for k, v in data.items() if k != "tables"}
    what = "公开表和绩效评价表" if evaluations else "公开表"
    lines = [f"# 由 juesuan parse 提取的{what}（表格模式，可用 juesuan check 校验）"]
    lines.append(yaml.safe_dump(head, allow_unicode=True, sort_keys=False, width=10**9).rstrip())
    lines.append("tables:")
    for table in data["tables"]:
        lines.append(f"  - id: {_flow(table['id'])}")
        for key in ("code", "title", "unit"):
            if key in table:
                lines.append(f"    {key}: {_flow(table[key])}")
        lines.append("    rows:" if table["rows"] else "    rows: []")
        lines += [f"      - {_flow(row)}" for row in table["rows"]]
    return "\n".join(lines) + "\n" + dump_evaluations(evaluations)


def write_tables(
    tables: TableSet,
    path: str | Path,
    source: dict[str, str] | None = None,
    evaluations: Sequence[Evaluation] = (),
) -> None:
    Path(path).write_text(dump_tables(tables, source, evaluations), encoding="utf-8")
