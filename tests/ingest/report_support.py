"""The composed report as ``juesuan build`` writes it, random datasets with a report section, and what auditing
our own report may find (tests/ingest/test_report_round_trip.py, tests/audit/test_own_report.py)."""

from __future__ import annotations

import re
import sys
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import juesuan
from juesuan.audit import AuditReport, audit
from juesuan.check.checker import check
from juesuan.check.registry import RULES
from juesuan.document.compose import Composed, compose_document, previous_tables
from juesuan.findings import Finding
from juesuan.model.accounts import Accounts
from juesuan.model.blocks import Document, Paragraph
from juesuan.model.tables import TableSet
from juesuan.pipeline import write_outputs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the dataset generators
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "document"))  # and the report generator
from test_narrative_properties import reports

from test_properties import datasets

REPORT_FORMATS = ("docx", "pdf", "html")
#: Rules about the text (they need the statements extracted from it); every other rule is about the tables.
NARRATIVE = frozenset(k for k, r in RULES.items() if "statements" in r.needs)
EVALUATION = frozenset(k for k, r in RULES.items() if "evaluations" in r.needs)
_TAIL = re.compile(r"尾数差异（([\w-]+)")


def write_report(
    accounts: Accounts, out: Path, formats: tuple[str, ...] = REPORT_FORMATS
) -> tuple[TableSet, Composed, list[Path]]:
    """Build, compose and write the report as ``juesuan build`` does (report formats only): the built tables,
    the composed document and the paths written."""
    build = juesuan.build_tables(accounts)
    composed = compose_document(accounts, build, previous=previous_tables(accounts))
    paths = write_outputs(build.tables, out, (), document=composed.document, document_formats=formats)
    return build.tables, composed, paths


@st.composite
def datasets_with_reports(draw: st.DrawFn) -> dict[str, Any]:
    """A random dataset (up to 3 units, 30 项) with a random ``report:`` section. Last year's closing balance,
    when given, is this year's opening (as in any real pair of years): otherwise the report would truthfully
    state a 年初 that is not last year's 年末, which narrative-change reports."""
    data = draw(datasets(max_units=3, max_codes=30))
    scale = Decimal(10000) if data.get("amount_unit") == "万元" else Decimal(1)
    report = draw(reports(scale))
    if "closing" in report["previous"]:
        report["previous"]["closing"] = sum(
            (Decimal(str(b["amount"])) for u in data["units"] for b in u.get("opening_balance", [])), Decimal(0)
        )
    data["report"] = report
    return data


def origin(finding: Finding) -> str:
    """The rule a finding is about: a rounding-tail note names the rule whose tolerance it fell within."""
    if finding.rule == "rounding-tail":
        match = _TAIL.match(finding.message)
        if match:
            return match.group(1)
    return finding.rule


def key(finding: Finding) -> tuple[str, str, str]:
    return finding.rule, finding.severity.value, finding.message


def table_and_narrative(result: AuditReport) -> tuple[list[Finding], list[Finding]]:
    """The findings about the tables and those about the narrative (the evaluations' are in neither:
    :func:`evaluation_findings`)."""
    findings = [f for f in result.report.findings if origin(f) not in EVALUATION]
    return [f for f in findings if origin(f) not in NARRATIVE], [f for f in findings if origin(f) in NARRATIVE]


def evaluation_findings(result: AuditReport) -> list[Finding]:
    """The findings of the perf-* rules, on the evaluation tables read back from the 附件."""
    return [f for f in result.report.findings if origin(f) in EVALUATION]


def placeholders(document: Document) -> list[str]:
    """The 【待补充：…】 marks of the composed document's paragraphs."""
    return [r.text for b in document.blocks if isinstance(b, Paragraph) for r in b.runs if r.mark == "placeholder"]


def audit_own_report(path: Path, built: TableSet, composed: Composed) -> tuple[list[Finding], list[Finding]]:
    """Audit our own report and assert what holds for every report juesuan writes:

    * about the tables, the audit finds exactly what the catalogue finds on the built tables (the document
      adds and loses nothing; the example's data carries six warnings of its own, pinned by the caller);
    * about the text, errors and warnings are only the composer's 【待补充：…】 marks, one for each (no
      numbering defect: 名词解释 groups renumber when one is empty, and entries of the same name are told
      apart), and the notes are rounding-tail (information only).

    Returns the table and narrative findings for the caller's own expectations.
    """
    result = audit(path)
    assert (result.ingested.missing, result.ingested.problems) == ([], []), path.name
    table, narrative = table_and_narrative(result)
    got, want = Counter(map(key, table)), Counter(map(key, check(built).findings))
    assert got == want, (path.name, got - want, want - got)
    flagged = [f for f in narrative if f.severity.value != "info"]
    assert [f.rule for f in flagged] == ["text-placeholder"] * len(flagged), [f.message for f in flagged]
    found = Counter(re.sub(r"^.*「(.*)」$", r"\1", f.message) for f in flagged)
    marks = Counter(placeholders(composed.document))
    assert found == marks, (path.name, found - marks, marks - found)
    assert {f.rule for f in narrative if f.severity.value == "info"} <= {"rounding-tail"}
    return table, narrative
