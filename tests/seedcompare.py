"""Compare built tables with tables transcribed from a published report.

Both sides use the shape of ``tables.json`` (docs/tables-json.md): the built side is
``juesuan.render.json_out.tables_to_dict(...)``, the published side is a ``published.yaml`` such as
``examples/jdz-nanchang-2023/published.yaml`` (top-level ``tables:``, each with ``id`` and ``rows``;
each row with ``label``, optional ``code``/``line``/``side``, and ``values`` keyed by column header).

Rows are matched within a table and side by 行次 when the published row has one, else by 科目编码, else
by label (with :data:`LABEL_ALIASES` for labels the report prints differently from the profile). Cells
are compared as printed text: ``"0.00"`` differs from blank, ``"---"`` must match ``"---"``.

Vocabulary used below:

* an *amount cell* is a published cell holding an amount (text with a decimal point, e.g. ``"83.58"``);
  counts (``"0"``) and ``"---"`` are compared too but are not amount cells;
* the *match rate* is matching amount cells / published amount cells;
* a *difference* is any cell where the two sides print different text, including a blank published cell
  that the build fills (``published`` is then None) and cells of rows missing on either side.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

#: Published label → the label juesuan's profile uses for the same row (rows matched by label only).
LABEL_ALIASES = {"公用支出合计": "公用经费合计"}

RowKey = tuple[str, str, str]  # (side, "line" | "code" | "label", value)


def load_published(path: str | Path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict) or not isinstance(data.get("tables"), list):
        raise ValueError(f"{path}: expected a mapping with a `tables:` list")
    return data


def is_amount(text: str | None) -> bool:
    return text is not None and "." in text and _number(text) is not None


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def row_key(row: Mapping[str, Any]) -> RowKey:
    side = str(row.get("side") or "")
    if row.get("line") is not None:
        return (side, "line", str(row["line"]))
    if row.get("code"):
        return (side, "code", str(row["code"]))
    label = str(row.get("label", ""))
    return (side, "label", LABEL_ALIASES.get(label, label))


def _where(key: RowKey) -> str:
    _, kind, value = key
    return f"行{value}" if kind == "line" else value


@dataclass(frozen=True, order=True)
class CellDiff:
    """One cell printed differently. ``where`` is 行N, the 科目编码, or the row label."""

    table: str
    side: str
    where: str
    row: str
    column: str
    published: str | None
    built: str | None

    @property
    def delta(self) -> Decimal | None:
        """built − published, when both are amounts."""
        p, b = _number(self.published), _number(self.built)
        if p is None or b is None or not (is_amount(self.published) and is_amount(self.built)):
            return None
        return b - p

    def pin(self) -> tuple[str, str, str, str, str | None, str | None]:
        """A compact, stable form for pinning in tests: (table, side+where, row, column, published, built)."""
        return (self.table, f"{self.side}{self.where}", self.row, self.column, self.published, self.built)


@dataclass(frozen=True)
class LabelDiff:
    """A matched row whose printed label differs from the built one (informational)."""

    table: str
    side: str
    where: str
    published: str
    built: str


@dataclass(frozen=True)
class Comparison:
    amount_cells: int
    amount_matches: int
    diffs: tuple[CellDiff, ...]
    label_diffs: tuple[LabelDiff, ...]

    @property
    def rate(self) -> float:
        return self.amount_matches / self.amount_cells if self.amount_cells else 1.0

    @property
    def numeric_diffs(self) -> tuple[CellDiff, ...]:
        """Differences where both sides print an amount."""
        return tuple(d for d in self.diffs if d.delta is not None)

    @property
    def other_diffs(self) -> tuple[CellDiff, ...]:
        """Differences where one side is blank (or not an amount)."""
        return tuple(d for d in self.diffs if d.delta is None)

    def max_abs_delta(self) -> Decimal:
        return max((abs(d.delta) for d in self.numeric_diffs if d.delta is not None), default=Decimal(0))

    def pins(self) -> list[tuple[str, str, str, str, str | None, str | None]]:
        return sorted(d.pin() for d in self.diffs)


def _rows_by_key(rows: Iterable[Mapping[str, Any]]) -> dict[RowKey, Mapping[str, Any]]:
    out: dict[RowKey, Mapping[str, Any]] = {}
    for row in rows:
        key = row_key(row)
        if key in out:
            raise ValueError(f"two rows share the key {key}")
        out[key] = row
    return out


def compare(published: Mapping[str, Any], built: Mapping[str, Any]) -> Comparison:
    """Compare every cell of every published table with the built table of the same id."""
    built_tables = {t["id"]: t for t in built["tables"]}
    amount_cells = amount_matches = 0
    diffs: list[CellDiff] = []
    label_diffs: list[LabelDiff] = []
    for table in published["tables"]:
        tid = str(table["id"])
        built_rows = _rows_by_key(built_tables.get(tid, {"rows": []})["rows"])
        seen: set[RowKey] = set()
        for prow in table["rows"]:
            key = row_key(prow)
            seen.add(key)
            brow = built_rows.get(key)
            pvalues: Mapping[str, str | None] = prow.get("values") or {}
            bvalues: Mapping[str, str | None] = brow["values"] if brow else {}
            if brow is not None and brow["label"] != prow["label"]:
                label_diffs.append(LabelDiff(tid, key[0], _where(key), prow["label"], brow["label"]))
            for column in list(dict.fromkeys([*pvalues, *bvalues])):
                p, b = pvalues.get(column), bvalues.get(column)
                if is_amount(p):
                    amount_cells += 1
                    amount_matches += p == b
                if p != b:
                    diffs.append(CellDiff(tid, key[0], _where(key), prow["label"], column, p, b))
        for key, brow in built_rows.items():
            if key in seen:
                continue
            for column, b in brow["values"].items():
                if b is not None:
                    diffs.append(CellDiff(tid, key[0], _where(key), brow["label"], column, None, b))
    return Comparison(amount_cells, amount_matches, tuple(sorted(diffs)), tuple(label_diffs))


def build_dict(dataset: str | Path, rounding: str = "adjusted") -> tuple[dict[str, Any], tuple[Any, ...]]:
    """Build a dataset with juesuan's API; returns (tables.json dict, findings)."""
    import juesuan
    from juesuan.render.json_out import tables_to_dict

    result = juesuan.build_tables(juesuan.load(dataset), rounding)
    return tables_to_dict(result.tables), result.findings


def describe_row(diff: CellDiff) -> str:
    """The row as README tables show it: 支出第 32 行 一、一般公共服务支出 / 201 一般公共服务支出 / 合计."""
    if diff.where.startswith("行"):
        return f"{diff.side}第 {diff.where[1:]} 行 {diff.row}"
    if diff.where != diff.row:
        return f"{diff.side}{diff.where} {diff.row}"
    return f"{diff.side}{diff.row}"


def markdown_diffs(diffs: Iterable[CellDiff], why: Mapping[tuple[str, str, str], str] | None = None) -> str:
    """The differences as Markdown table rows: 表 | 行 | 栏 | 公开数 | 生成数 | 原因.

    ``why`` maps (table, side+where, column) to an explanation.
    """
    lines = []
    for d in diffs:
        reason = (why or {}).get((d.table, f"{d.side}{d.where}", d.column), "")
        published, built = d.published or "（空白）", d.built or "（空白）"
        lines.append(f"| {d.table} | {describe_row(d)} | {d.column} | {published} | {built} | {reason} |")
    return "\n".join(lines)
