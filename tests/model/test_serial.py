"""Records to JSON and back (juesuan.model.serial), exactly: what the store keeps of a case reads back equal."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.check.checker import Report
from juesuan.model.case import Case
from juesuan.model.serial import dumps, from_data, loads, to_data
from juesuan.model.tables import Cell
from juesuan.pipeline import open_case
from juesuan.pipeline.outcome import audit_file

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jdz-nanchang-2023"


@pytest.mark.parametrize("source", ["published-report.txt", "dataset.yaml", "published.yaml"])
def test_a_case_and_its_report_read_back_equal(source: str) -> None:
    """An audited report (tables with every cell's source, statements, reading), a dataset (the ledger and the
    evaluations) and a table-mode file."""
    if source.endswith(".txt"):
        outcome = audit_file(EXAMPLE / source)
        case, report = outcome.case, outcome.report
        assert case is not None and case.statements is not None and report is not None
        assert loads(Report, dumps(report)) == report
    else:
        case = open_case(EXAMPLE / source).case
        assert case is not None
    text = dumps(case)
    assert loads(Case, text) == case
    json.loads(text)  # plain JSON


def test_decimals_are_exact_text() -> None:
    cell = Cell(Decimal("123456789012.3456789"))
    data = to_data(cell)
    assert data["value"] == "123456789012.3456789"
    assert from_data(Cell, data) == cell


@pytest.mark.parametrize(
    "data",
    [{"value": 1.5}, {"value": "x"}, {"na": "yes"}, [], {"value": ["1"]}],
    ids=["float-for-decimal", "not-a-number", "text-for-bool", "list-for-record", "list-for-decimal"],
)
def test_data_that_does_not_fit_is_refused(data: object) -> None:
    with pytest.raises((TypeError, ArithmeticError)):
        from_data(Cell, data)
