"""Round trip of the composed report: the report.docx, report.pdf and report.html that ``juesuan build`` writes
(cover, 目录, 概况, the ten tables, 情况说明, 名词解释, 附件) parse back into the built tables, every row's
identity and every cell as displayed (:func:`test_round_trip.shown`), for the example and random datasets.

The documents are written as the CLI writes them: ``compose_document(..., previous=previous_tables(...))`` and
``write_outputs(..., document=..., document_formats=...)``. Random datasets carry a random ``report:`` section
(last year's figures, reasons, 年初预算, 政府采购; the generator of tests/document), so the narrative names the
tables' items and figures next to the tables themselves.
"""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import juesuan
from juesuan.document.compose import compose_document, previous_tables
from juesuan.ingest import ingest
from juesuan.model.accounts import Accounts
from juesuan.model.tables import TableSet
from juesuan.render import write_outputs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the dataset generators
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "document"))  # and the report generator
from test_narrative_properties import reports
from test_round_trip import EXAMPLE, shown

from test_properties import datasets, load_dataset

REPORT_FORMATS = ("docx", "pdf", "html")


def write_report(
    accounts: Accounts, out: Path, formats: tuple[str, ...] = REPORT_FORMATS
) -> tuple[TableSet, list[Path]]:
    """Build, compose and write the report as ``juesuan build`` does (report formats only); the built tables
    and the paths written."""
    build = juesuan.build_tables(accounts)
    composed = compose_document(accounts, build, previous=previous_tables(accounts))
    paths = write_outputs(build.tables, out, (), document=composed.document, document_formats=formats)
    return build.tables, paths


def cells(tables: TableSet) -> int:
    """Cells compared by :func:`shown` (every cell of every printed row)."""
    return sum(len(row[-1]) for rows in shown(tables).values() for row in rows)


@pytest.fixture(scope="module")
def example_report() -> tuple[TableSet, dict[str, Path]]:
    with tempfile.TemporaryDirectory() as tmp:
        built, paths = write_report(juesuan.load(EXAMPLE), Path(tmp))
        yield built, {p.suffix[1:]: p for p in paths}


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_example_report_parses_back_into_the_built_tables(example_report, fmt):
    built, paths = example_report
    back = ingest(paths[fmt])
    assert back.tables.profile == built.profile
    assert not back.missing
    assert shown(back.tables) == shown(built)
    assert cells(built) > 600  # the comparison is not vacuous: every table, every printed cell


@st.composite
def datasets_with_reports(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(datasets(max_units=3, max_codes=30))
    scale = Decimal(10000) if data.get("amount_unit") == "万元" else Decimal(1)
    data["report"] = draw(reports(scale))
    return data


def assert_round_trip(data: dict[str, Any], formats: tuple[str, ...]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        built, paths = write_report(load_dataset(data), Path(tmp), formats)
        for path in paths:
            assert shown(ingest(path).tables) == shown(built), path.name


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets_with_reports())
def test_random_report_docx_and_html_parse_back(data):
    assert_round_trip(data, ("docx", "html"))


# Typesetting the PDF takes seconds per document: a few examples, generated only (no shrinking).
@settings(max_examples=3, deadline=None, phases=(Phase.generate,), suppress_health_check=[HealthCheck.too_slow])
@given(datasets_with_reports())
def test_random_report_pdf_parses_back(data):
    assert_round_trip(data, ("pdf",))
