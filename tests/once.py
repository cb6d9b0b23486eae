"""What the suite makes once per run and shares: each real document audited (read, its tables and text
extracted, checked), and the example's report composed and typeset in each format.

Reading a corpus PDF takes seconds and typesetting the example's PDF about two; the tests that look at the
same result from different sides (pinned table findings, pinned text findings, the reader's rows) share one.
The results are frozen records, so sharing them cannot couple the tests.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import juesuan
from juesuan.audit import AuditReport, audit
from juesuan.document.compose import compose_document, previous_tables
from juesuan.document.writers import render_document
from juesuan.model.blocks import Document

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jdz-nanchang-2023" / "dataset.yaml"


def need(path: Path) -> None:
    """Skip, saying which file, when a real document is not on this machine."""
    if not path.exists():
        pytest.skip(f"{path} is not available")


def audited(path: Path) -> AuditReport:
    """``juesuan audit`` of a real document, once per run (skips when the file is not there)."""
    need(path)
    return _audited(Path(path).resolve())


@cache
def _audited(path: Path) -> AuditReport:
    return audit(path)


@cache
def example_document() -> Document:
    """The example's whole report as the composer makes it (what ``juesuan build`` writes)."""
    accounts = juesuan.load(EXAMPLE)
    return compose_document(accounts, juesuan.build_tables(accounts), previous=previous_tables(accounts)).document


@cache
def example_report(fmt: str) -> bytes:
    """The example's report typeset as ``fmt`` (docx, pdf, html), once per run."""
    return render_document(example_document(), fmt)
