"""The proposed row-label-line rule (check/checks_labels.py, catalogue/labels.yaml; not yet in the shipped
catalogue): its pass and fail examples, and the one finding it makes on each real document."""

from __future__ import annotations

from importlib import resources

import pytest
from audit_support import CENTRAL, SEED, XIAN

from juesuan.check.checker import check
from juesuan.check.checks_labels import row_label_line
from juesuan.check.registry import CHECKS
from juesuan.check.rules import rule_from_entry
from juesuan.check.tableset import read_tables_data
from juesuan.ingest import ingest
from juesuan.load.yamlsrc import parse

ENTRY = parse(resources.files("juesuan.check").joinpath("catalogue/labels.yaml").read_text(encoding="utf-8"))[0]
RULE = rule_from_entry(ENTRY, "catalogue/labels.yaml[0]")


@pytest.fixture(autouse=True)
def wired(monkeypatch):
    """Register the check for these tests only (the shipped registry does not list it yet)."""
    monkeypatch.setitem(CHECKS, "row_label_line", row_label_line)


def _run(tables):  # type: ignore[no-untyped-def]
    return check(tables, rules={RULE.id: RULE})


def _example(kind: str):  # type: ignore[no-untyped-def]
    return read_tables_data(RULE.examples[kind], f"labels.yaml {kind}")


def test_examples():
    assert _run(_example("pass")).findings == ()
    (finding,) = _run(_example("fail")).findings
    assert finding.message == "公开04表支出方第 60 行应为「年末财政拨款结转和结余」，印为「年初财政拨款结转和结余」"


def test_seed_mislabelled_line_60_of_04():
    found = _run(ingest(SEED).tables).findings
    assert [(f.locations[0].table, f.locations[0].line) for f in found] == [("04", 216)]


def test_corpus_labels_agree_with_their_profiles():
    for path in (CENTRAL, XIAN):
        report = _run(ingest(path).tables)
        assert report.findings == ()
        assert [c.status for c in report.coverage] == ["run"]
