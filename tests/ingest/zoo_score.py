"""Scoring a reading of a layout-zoo PDF against its truth (tests/ingest/zoo/FAMILY/NAME.json, written by
bench/zoo.py), cell by cell. Shared by tests/ingest/test_zoo.py and bench/bench_zoo.py.

Rows are matched per table in two passes. First by their whole identity: side, code, label (whitespace
ignored) and 行次 (not compared where the truth has none: a typesetting that does not print it). Then, for
the rows left, by the identifier a person would go by: the code in tree and 06 tables, else the 行次, else the
label; a row matched only so is a row read with a wrong identity (``row differs``), its cells still scored.
Truth rows left over are missing rows; rows read that match no truth row are invented rows.

A value cell (amount, count or ---) of the truth is right only when the matched row holds the same displayed
text under the same column key. Otherwise it is a ``wrong column`` (the text is in the row under another key),
a ``wrong value`` (another text there), ``missing`` (blank there) or in a ``missing row``/``missing table``.
A cell read where the truth is blank is ``invented`` (a value shifted into a neighbour column counts both as
a wrong column and as invented), and so is every value of an invented row or table.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan.model.tables import TableSet

ZOO = Path(__file__).resolve().parent / "zoo"

#: Problem kinds, in report order; the first six concern truth cells, ``invented`` read cells.
KINDS = ("missing table", "missing row", "wrong column", "wrong value", "missing", "row differs", "invented")


def documents(zoo: Path = ZOO) -> list[Path]:
    """Every zoo PDF (FAMILY/NAME.pdf), family by family."""
    return sorted(zoo.glob("*/*.pdf"))


def load_truth(pdf: Path) -> dict[str, Any]:
    """The truth of ``pdf`` with every row as a dict: side, label, code, line, group, cells (key → text)."""
    data: dict[str, Any] = json.loads(pdf.with_suffix(".json").read_text(encoding="utf-8"))
    fields = data.pop("row_fields")
    for table in data["tables"].values():
        rows = []
        for item in table["rows"]:
            row = dict(zip(fields, item, strict=True))
            row["cells"] = dict(zip(table["columns"][row["side"]], row.pop("values"), strict=True))
            rows.append(row)
        table["rows"] = rows
    return data


def printed_rows(tables: TableSet) -> dict[str, list[dict[str, Any]]]:
    """A table set in the truth's shape: per table id, every row with a label or a value."""
    out: dict[str, list[dict[str, Any]]] = {}
    for table in tables:
        rows = []
        for row in table.rows:
            cells = {key: row.display(key) for key in row.cells}
            if row.label or any(v is not None for v in cells.values()):
                rows.append({"label": row.label, "code": row.code, "line": row.line, "side": row.side,
                             "group": row.group, "cells": cells})  # fmt: skip
        out[table.id] = rows
    return out


@dataclass
class Problem:
    kind: str
    table: str
    row: str
    detail: str

    def __str__(self) -> str:
        return f"{self.table} {self.row}: {self.detail}"


@dataclass
class Score:
    """Counts of one document (or a sum of documents)."""

    cells: int = 0  # value cells of the truth
    right: int = 0
    invented: int = 0
    rows: int = 0  # printed rows of the truth
    rows_exact: int = 0  # matched by whole identity with every cell as the truth has it
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ratio(self) -> float:
        return self.right / self.cells if self.cells else 1.0

    def add(self, other: Score) -> Score:
        return Score(self.cells + other.cells, self.right + other.right, self.invented + other.invented,
                     self.rows + other.rows, self.rows_exact + other.rows_exact,
                     self.problems + other.problems, self.seconds + other.seconds)  # fmt: skip

    def counts(self) -> Counter[str]:
        """Cells (or rows, for ``row differs``) per problem kind."""
        return Counter(p.kind for p in self.problems)


def _norm(label: str | None) -> str:
    return re.sub(r"\s+", "", label or "")


def _describe(row: dict[str, Any]) -> str:
    parts = [row["side"], row["code"] or "", _norm(row["label"])]
    if row["line"] is not None:
        parts.append(f"行{row['line']}")
    return " ".join(p for p in parts if p) or "(无名行)"


def _same(truth: dict[str, Any], read: dict[str, Any]) -> bool:
    return (
        truth["side"] == read["side"]
        and truth["code"] == read["code"]
        and _norm(truth["label"]) == _norm(read["label"])
        and (truth["line"] is None or truth["line"] == read["line"])
    )


def _near(truth: dict[str, Any], read: dict[str, Any], layout: str) -> bool:
    if truth["side"] != read["side"]:
        return False
    if truth["code"] and layout in ("tree", "economic_groups"):
        return truth["code"] == read["code"]
    if truth["line"] is not None:
        return truth["line"] == read["line"]
    return _norm(truth["label"]) == _norm(read["label"])


def _match(truth: list[dict[str, Any]], read: list[dict[str, Any]], layout: str) -> tuple[dict[int, int], set[int]]:
    """truth index → read index, and the truth indices matched by whole identity."""
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for test, exact in ((_same, True), (None, False)):
        for t, row in enumerate(truth):
            if t in pairs:
                continue
            for r, got in enumerate(read):
                if r not in used and (test(row, got) if exact and test else _near(row, got, layout)):
                    pairs[t] = r
                    used.add(r)
                    break
        if exact:
            whole = set(pairs)
    return pairs, whole


def _value_count(row: dict[str, Any]) -> int:
    return sum(v is not None for v in row["cells"].values())


def _score_row(table: str, t_row: dict[str, Any], r_row: dict[str, Any], score: Score) -> bool:
    """Score the cells of a matched pair; True when every cell is as the truth has it."""
    where = _describe(t_row)
    exact = True
    expected = t_row["cells"]
    got = r_row["cells"]
    for key, value in expected.items():
        if value is None:
            continue
        shown = got.get(key)
        if shown == value:
            score.right += 1
            continue
        exact = False
        elsewhere = [k for k, v in got.items() if v == value and k != key and expected.get(k) != value]
        if elsewhere:
            score.problems.append(Problem("wrong column", table, where, f"{key} {value} read under {elsewhere[0]}"))
        elif shown is not None:
            score.problems.append(Problem("wrong value", table, where, f"{key} expected {value}, got {shown}"))
        else:
            score.problems.append(Problem("missing", table, where, f"{key} {value} not read"))
    for key, shown in got.items():
        if shown is not None and expected.get(key) is None:
            exact = False
            score.invented += 1
            score.problems.append(Problem("invented", table, where, f"{key} {shown} read where the truth is blank"))
    return exact


def score(truth: dict[str, Any], tables: TableSet) -> Score:
    """Score a reading (``ingest(pdf).tables``) against a zoo truth."""
    result = Score()
    read = printed_rows(tables)
    for tid, expected in truth["tables"].items():
        t_rows = expected["rows"]
        result.rows += len(t_rows)
        result.cells += sum(_value_count(r) for r in t_rows)
        if tid not in read:
            for row in t_rows:
                for key, value in row["cells"].items():
                    if value is not None:
                        result.problems.append(Problem("missing table", tid, _describe(row), f"{key} {value}"))
            continue
        r_rows = read[tid]
        pairs, whole = _match(t_rows, r_rows, expected["layout"])
        for t, row in enumerate(t_rows):
            if t not in pairs:
                for key, value in row["cells"].items():
                    if value is not None:
                        result.problems.append(Problem("missing row", tid, _describe(row), f"{key} {value}"))
                if not _value_count(row):
                    result.problems.append(Problem("missing row", tid, _describe(row), "(row without values)"))
                continue
            got = r_rows[pairs[t]]
            exact = _score_row(tid, row, got, result)
            if t not in whole:
                result.problems.append(Problem("row differs", tid, _describe(row), f"read as {_describe(got)}"))
            elif exact:
                result.rows_exact += 1
        matched = set(pairs.values())
        for r, got in enumerate(r_rows):
            if r not in matched:
                for key, value in got["cells"].items():
                    if value is not None:
                        result.invented += 1
                        result.problems.append(Problem("invented", tid, f"invented row {_describe(got)}",
                                                       f"{key} {value}"))  # fmt: skip
                if not _value_count(got):
                    result.problems.append(Problem("row differs", tid, f"invented row {_describe(got)}", "(no value)"))
    for tid, r_rows in read.items():
        if tid not in truth["tables"]:
            for got in r_rows:
                for key, value in got["cells"].items():
                    if value is not None:
                        result.invented += 1
                        result.problems.append(Problem("invented", tid, f"unexpected table, {_describe(got)}",
                                                       f"{key} {value}"))  # fmt: skip
    return result


def breakdown(name: str, score: Score, examples: int = 4) -> str:
    """One line of counts and a few examples per problem kind."""
    counts = score.counts()
    head = (f"{name}: {score.right}/{score.cells} cells right ({100 * score.ratio:.2f} %), "
            f"{score.invented} invented, rows exact {score.rows_exact}/{score.rows}")  # fmt: skip
    lines = [head]
    for kind in KINDS:
        if counts[kind]:
            shown = [str(p) for p in score.problems if p.kind == kind][:examples]
            lines.append(f"  {kind}: {counts[kind]} — " + "; ".join(shown))
    return "\n".join(lines)
