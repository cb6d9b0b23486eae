"""An outcome as the store's rows: one report row, its tables, their cells and its findings.

Pure functions from :class:`~juesuan.pipeline.outcome.Outcome` to dicts keyed by the columns of
:mod:`juesuan.store.schema`; :mod:`juesuan.store.store` writes them in one transaction.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..findings import Finding
from ..model import serial
from ..model.source import SourceRef
from ..model.tables import Cell, Row, Table
from ..pipeline.outcome import Outcome, finding_row
from ..render.summary import FindingRow

_X_RANGE = re.compile(r"x=(\d+)-(\d+)")


@dataclass(frozen=True)
class Prepared:
    """An outcome as the rows the store writes (picklable: a batch's worker makes them, the parent saves)."""

    report: dict[str, Any]
    tables: list[dict[str, Any]]
    cells: list[dict[str, Any]]
    findings: list[dict[str, Any]]


def prepare(outcome: Outcome) -> Prepared:
    report = report_values(outcome)
    cells, found = cell_values(outcome), finding_values(outcome)
    report["cell_count"], report["finding_count"] = len(cells), len(found)
    return Prepared(report, table_values(outcome), cells, found)


def pack(outcome: Outcome) -> bytes:
    """The whole outcome as compressed JSON (exact: read back by :func:`unpack`)."""
    return zlib.compress(serial.dumps(outcome).encode("utf-8"), 6)


def unpack(record: bytes) -> Outcome:
    return serial.loads(Outcome, zlib.decompress(record).decode("utf-8"))


def report_values(outcome: Outcome) -> dict[str, Any]:
    case, report, cov = outcome.case, outcome.report, outcome.coverage
    reading = case.reading if case is not None else None
    summary = report.summary if report is not None else {}
    return {
        "sha256": outcome.sha256,
        "juesuan_version": outcome.versions.juesuan,
        "catalogue_version": outcome.versions.catalogue,
        "path": outcome.path,
        "name": outcome.path.replace("\\", "/").rsplit("/", 1)[-1],
        "size": outcome.size,
        "format": case.source.format if case is not None else "",
        "status": outcome.status,
        "exit_code": outcome.exit_code,
        "reason": outcome.reason,
        "department": case.department if case is not None else None,
        "year": case.year if case is not None else None,
        "kind": case.kind if case is not None else None,
        "kind_reason": reading.kind_reason if reading is not None else None,
        "profile": cov.get("profile") or (case.profile if case is not None else None),
        "pages": reading.pages if reading is not None else None,
        "tables_found": len(cov.get("tables_found", ())),
        "tables_missing": len(cov.get("tables_missing", ())),
        "cell_count": 0,  # set by the writer once the cells are counted
        "finding_count": 0,
        "errors": summary.get("error", 0),
        "warnings": summary.get("warning", 0),
        "infos": summary.get("info", 0),
        "seconds": float(outcome.seconds),
        "coverage": cov,
        "rule_runs": [
            {"rule": r.rule, "status": r.status, "reason": r.reason, "checks": r.checks}
            for r in (report.coverage if report is not None else ())
        ],
        "record": pack(outcome),
        "created_at": datetime.now(UTC),
    }


def table_values(outcome: Outcome) -> list[dict[str, Any]]:
    case = outcome.case
    if case is None:
        return []
    reading = case.reading
    withheld = dict(case.tables.withheld)
    out = []
    for table in case.tables.tables:
        read = reading.table(table.id) if reading is not None else None
        out.append(
            {
                "table_id": table.id,
                "code": table.code,
                "title": read.title if read is not None else table.title,
                "money_unit": table.unit,
                "found": read is not None or reading is None,
                "pages": list(read.pages) if read is not None else [],
                "line": read.line if read is not None else None,
                "rows": len(table.rows),
                "uncertain": read.uncertain if read is not None else "",
                "withheld": withheld.get(table.id, ""),
            }
        )
    return out


def _usual(ref: SourceRef, path: str, table: Table, row: Row, header: str) -> bool:
    return ref.path == path and ref.table in (None, table.id) and ref.row in (None, row.label)


def cell_values(outcome: Outcome) -> list[dict[str, Any]]:
    case = outcome.case
    if case is None:
        return []
    out = []
    for table in case.tables.tables:
        headers = {c.key: c.header for c in table.columns}
        for index, row in enumerate(table.rows):
            for key, cell in row.cells.items():
                if cell.value is None and not cell.na and not cell.sources:
                    continue  # a blank cell with nothing to say about it
                out.append(_cell(outcome.path, table, index, row, key, headers.get(key, key), cell))
    return out


def _cell(path: str, table: Table, index: int, row: Row, key: str, header: str, cell: Cell) -> dict[str, Any]:
    ref = cell.sources[0] if cell.sources else None
    x = _X_RANGE.search(ref.field or "") if ref is not None else None
    unusual = len(cell.sources) > 1 or (ref is not None and not _usual(ref, path, table, row, header))
    return {
        "table_id": table.id,
        "row_index": index,
        "row_label": row.label,
        "row_code": row.code,
        "row_line": row.line,
        "row_side": row.side,
        "row_key": row.key,
        "row_kind": row.kind,
        "column_key": key,
        "column_header": header,
        "value": cell.value,
        "na": cell.na,
        "text": row.display(key),
        "page": ref.page if ref is not None else None,
        "line": ref.line if ref is not None else None,
        "field": ref.field if ref is not None else None,
        "x0": int(x.group(1)) if x else None,
        "x1": int(x.group(2)) if x else None,
        "sources": [serial.to_data(s) for s in cell.sources] if unusual else None,
    }


def finding_values(outcome: Outcome) -> list[dict[str, Any]]:
    report = outcome.report
    if report is None:
        return []
    every: list[tuple[Finding, str | None]] = [(f, None) for f in report.findings]
    every += [(f, w.reason) for f, w in report.waived]
    return [_finding(position, f, reason, outcome.path) for position, (f, reason) in enumerate(every)]


def _finding(position: int, finding: Finding, waived: str | None, path: str) -> dict[str, Any]:
    row: FindingRow = finding_row(finding, 0, path)
    table = next((loc for loc in finding.locations if loc.table), None)
    return {
        "position": position,
        "rule": finding.rule,
        "severity": finding.severity.value,
        "message": finding.message,
        "expected": finding.expected,
        "actual": finding.actual,
        "difference": finding.difference,
        "tolerance": finding.tolerance,
        "unit": finding.unit,
        "waived": waived,
        "page": row.page,
        "line": row.line,
        "table_id": table.table if table else None,
        "row_label": row.row,
        "row_code": table.code if table else None,
        "column_key": row.column,
        "locations": [loc.as_dict() for loc in finding.locations],
    }
