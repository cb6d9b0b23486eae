"""Paths of the shared documents, and a table set as comparable data: every row's identity and every cell's value and --- marker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from juesuan.model.tables import TableSet
from shared_data import CORPUS, SEED  # noqa: F401 - re-exported to the ingest tests

ROOT = Path(__file__).resolve().parents[2]

CENTRAL = CORPUS / "national-public-complaints-bureau-2024-final-accounts.pdf"
XIAN = CORPUS / "xian-health-commission-2022-final-accounts-consolidated.pdf"
PUBLISHED = ROOT / "examples/jdz-nanchang-2023/published.yaml"


def signature(tables: TableSet) -> dict[str, Any]:
    return {
        t.id: {
            "title": t.title,
            "unit": t.unit,
            "rows": [
                (r.label, r.code, r.line, r.side, r.group, r.key, r.level, r.kind,
                 tuple((k, c.value, c.na) for k, c in r.cells.items()))
                for r in t.rows
            ],
        }
        for t in tables
    }  # fmt: skip
