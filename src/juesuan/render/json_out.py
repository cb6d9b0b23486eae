"""``tables.json``: the documented contract (docs/tables-json.md)."""

from __future__ import annotations

import json
from typing import Any

from ..model.tables import Table, TableSet

FORMAT = "juesuan-tables/1"


def table_to_dict(table: Table) -> dict[str, Any]:
    sides = table.sides()
    two_sided = sides != ("",)
    columns = []
    for col in table.columns:
        entry: dict[str, Any] = {"header": col.header, "number": col.number}
        if col.group:
            entry["group"] = col.group
        if col.key != col.header:
            entry["key"] = col.key
        if two_sided:
            entry["side"] = col.side
        columns.append(entry)
    rows = []
    for row in table.rows:
        item: dict[str, Any] = {"label": row.label}
        if row.code:
            item["code"] = row.code
        if row.line is not None:
            item["line"] = row.line
        if two_sided:
            item["side"] = row.side
        if row.level:
            item["level"] = row.level
        if row.group:
            item["group"] = row.group
        if row.kind != "amount":
            item["kind"] = row.kind
        item["values"] = {header: row.display(header) for header in row.cells}
        rows.append(item)
    out: dict[str, Any] = {
        "id": table.id,
        "code": table.code,
        "title": table.title,
        "unit": table.unit,
        "columns": columns,
        "rows": rows,
        "notes": list(table.notes),
        "empty": table.is_empty(),
    }
    return out


def tables_to_dict(tables: TableSet) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "profile": tables.profile,
        "department": tables.department,
        "year": tables.year,
        "rounding": tables.rounding,
        "tables": [table_to_dict(t) for t in tables],
    }


def tables_to_json(tables: TableSet) -> str:
    return json.dumps(tables_to_dict(tables), ensure_ascii=False, indent=1) + "\n"
