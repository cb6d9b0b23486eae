"""The outcome of auditing one file, as a batch keeps it: never an exception, always a record.

``audit_file(path)`` runs :func:`juesuan.pipeline.audit` and turns whatever happens into an :class:`Outcome`:
audited (clean or with errors), partly audited, not audited (a budget, a scan, no table), unusable (the file
cannot be read as a report: exit 2 with the reason) or failed (the reader crashed: exit 2 with the reason; a
batch runner adds time-outs and memory limits the same way). The outcome is small and picklable: the case
(tables with every cell's source, the reading, the evaluations), the check report and the coverage, not the
pages of the document, so that worker processes can send it back and the store can keep it.
"""

from __future__ import annotations

import hashlib
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..check.checker import Report
from ..check.registry import catalogue_version
from ..errors import JuesuanError
from ..findings import Finding
from ..model.case import Case
from ..model.reading import KIND_NAMES
from ..render.summary import FindingRow, ReportRow
from ..version import __version__
from .audit import AUDITED, NOT_AUDITED, PARTIAL, audit

UNUSABLE, FAILED = "unusable", "failed"
#: Exit codes from best to worst: what a batch exits with is the worst of its reports'.
EXIT_ORDER = (0, 1, 3, 2)


def worst_exit(codes: list[int] | tuple[int, ...]) -> int:
    """The worst of several exit codes (0 clean < 1 errors < 3 not audited < 2 unusable or failed); 0 for none."""
    return max(codes, key=EXIT_ORDER.index, default=0)


@dataclass(frozen=True)
class Versions:
    """What produced an outcome: the same file audited by the same versions gives the same outcome."""

    juesuan: str = __version__
    catalogue: str = field(default_factory=catalogue_version)


@dataclass(frozen=True)
class Outcome:
    """One file's audit, whatever happened."""

    path: str
    sha256: str
    size: int
    status: str  # audited | partial | not_audited | unusable | failed
    exit_code: int
    reason: str = ""  # why not audited, unusable or failed
    case: Case | None = None
    report: Report | None = None
    coverage: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    versions: Versions = field(default_factory=Versions)

    @property
    def errors(self) -> int:
        return self.report.summary.get("error", 0) if self.report else 0

    @property
    def warnings(self) -> int:
        return self.report.summary.get("warning", 0) if self.report else 0


def file_digest(path: str | Path) -> tuple[str, int]:
    """(sha256, size) of a file's bytes; ("", 0) when it cannot be read."""
    digest = hashlib.sha256()
    size = 0
    try:
        with Path(path).open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
                size += len(block)
    except OSError:
        return "", 0
    return digest.hexdigest(), size


def audit_file(path: str | Path, profile: str | None = None) -> Outcome:
    """Audit one file into an outcome; never raises for anything the file does."""
    path = Path(path)
    sha256, size = file_digest(path)
    start = time.perf_counter()
    try:
        result = audit(path, profile)
    except JuesuanError as exc:
        problems = [p.removeprefix(f"{path}: ") for p in getattr(exc, "problems", None) or [str(exc)]]
        return Outcome(str(path), sha256, size, UNUSABLE, 2, "；".join(problems), seconds=time.perf_counter() - start)
    except Exception as exc:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        reason = f"读取时出错（{type(exc).__name__}：{exc}；{Path(where.filename).name}:{where.lineno}）"
        return Outcome(str(path), sha256, size, FAILED, 2, reason, seconds=time.perf_counter() - start)
    return Outcome(
        str(path), sha256, size, result.status, result.exit_code, result.status_reason, result.case, result.report,
        result.coverage(), time.perf_counter() - start,
    )  # fmt: skip


#: What the summary and the batch's messages call each status.
STATUS_LABELS = {AUDITED: "已审核", PARTIAL: "部分审核", NOT_AUDITED: "未审核", UNUSABLE: "不可用", FAILED: "失败"}


def report_row(outcome: Outcome, report_id: int | str) -> ReportRow:
    """The outcome as a row of the summary's 报告 sheet."""
    case, summary = outcome.case, (outcome.report.summary if outcome.report else {})
    reading = case.reading if case is not None else None
    kind = reading.kind if reading is not None else ""
    return ReportRow(
        id=report_id, file=outcome.path, department=case.department if case else "", year=case.year if case else None,
        kind=KIND_NAMES.get(kind, kind), profile=outcome.coverage.get("profile", ""),
        status=STATUS_LABELS.get(outcome.status, outcome.status), reason=outcome.reason,
        errors=summary.get("error", 0), warnings=summary.get("warning", 0), infos=summary.get("info", 0),
        tables=len(outcome.coverage.get("tables_found", ())),
        pages=reading.pages if reading is not None else None,
        seconds=round(outcome.seconds, 2),
    )  # fmt: skip


def finding_row(finding: Finding, report_id: int | str, path: str) -> FindingRow:
    """A finding as a row of the summary's 发现 sheet (its first place that has one of each)."""
    where = finding.locations
    first = next((loc for loc in where if loc.page is not None or loc.line is not None), where[0] if where else None)
    table = next((loc for loc in where if loc.table), None)
    return FindingRow(
        report=report_id, file=path, rule=finding.rule, severity=finding.severity.label, message=finding.message,
        page=first.page if first else None, line=first.line if first else None,
        table=f"公开{table.table}表" if table else None, row=table.row if table else None,
        column=table.column if table else None, expected=finding.expected, actual=finding.actual,
        difference=finding.difference, unit=finding.unit, tolerance=finding.tolerance,
    )  # fmt: skip


__all__ = [
    "AUDITED",
    "EXIT_ORDER",
    "FAILED",
    "NOT_AUDITED",
    "PARTIAL",
    "STATUS_LABELS",
    "UNUSABLE",
    "Outcome",
    "Versions",
    "audit_file",
    "file_digest",
    "finding_row",
    "report_row",
    "worst_exit",
]  # fmt: skip
