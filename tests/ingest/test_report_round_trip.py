"""Round trip of the composed report: the report.docx, report.pdf and report.html that ``juesuan build`` writes
(cover, 目录, 概况, the ten tables, 情况说明, 名词解释, 附件) parse back into the built tables, every row's
identity and every cell as displayed (:func:`test_round_trip.shown`), for the example and random datasets.

The documents are written as the CLI writes them (:func:`report_support.write_report`). Random datasets carry
a random ``report:`` section (last year's figures, reasons, 年初预算, 政府采购), so the narrative names the
tables' items and figures around the tables themselves. Each document is also audited
(:func:`report_support.audit_own_report`: the audit finds what the catalogue finds on the built tables, and
in the text only the composer's 【待补充】 marks); typesetting the PDF is the slow part, so it is done once.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from report_support import REPORT_FORMATS, audit_own_report, datasets_with_reports, write_report
from test_round_trip import EXAMPLE, shown

import juesuan
from juesuan.ingest import ingest
from juesuan.model.tables import TableSet
from test_properties import load_dataset

pytestmark = pytest.mark.pdf


def cells(tables: TableSet) -> int:
    """Cells compared by :func:`shown` (every cell of every printed row)."""
    return sum(len(row[-1]) for rows in shown(tables).values() for row in rows)


@pytest.fixture(scope="module")
def example_report():
    with tempfile.TemporaryDirectory() as tmp:
        built, _, paths = write_report(juesuan.load(EXAMPLE), Path(tmp))
        yield built, {p.suffix[1:]: p for p in paths}


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_example_report_parses_back_into_the_built_tables(example_report, fmt):
    built, paths = example_report
    back = ingest(paths[fmt])
    assert back.tables.profile == built.profile
    assert not back.missing and not back.problems
    assert shown(back.tables) == shown(built)
    assert cells(built) == 669  # not vacuous: every table, every printed cell (06 alone has 91 rows)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets_with_reports())
def test_random_report_docx_and_html_parse_back_and_audit_as_built(data):
    with tempfile.TemporaryDirectory() as tmp:
        built, composed, paths = write_report(load_dataset(data), Path(tmp), ("docx", "html"))
        for path in paths:
            assert shown(ingest(path).tables) == shown(built), path.name
            audit_own_report(path, built, composed)


# Typesetting the PDF takes seconds per document: a few examples, generated only (no shrinking).
@settings(max_examples=3, deadline=None, phases=(Phase.generate,), suppress_health_check=[HealthCheck.too_slow])
@given(datasets_with_reports())
def test_random_report_pdf_parses_back_and_audits_as_built(data):
    with tempfile.TemporaryDirectory() as tmp:
        built, composed, (path,) = write_report(load_dataset(data), Path(tmp), ("pdf",))
        assert shown(ingest(path).tables) == shown(built)
        audit_own_report(path, built, composed)
