"""Audit jobs: the files uploaded to the web app, each with its status and, once audited, its stored report.

A job is one upload (the same file uploaded twice is two jobs that share one stored report). Its id is a
random token, so that one user cannot guess another's audits; its ``name`` is the file name the user gave,
kept for display only (the file itself is kept under its sha256). ``queued`` until a worker's outcome is
saved (``done``, with the report id) or the audit could not be run (``failed``, with the reason).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update

from .schema import audit_jobs
from .store import Store

QUEUED, DONE, FAILED = "queued", "done", "failed"


@dataclass(frozen=True)
class AuditJob:
    id: str
    sha256: str
    name: str
    size: int
    format: str
    status: str
    report_id: int | None
    reason: str
    username: str | None
    created_at: Any
    finished_at: Any


_COLUMNS = [audit_jobs.c[name] for name in AuditJob.__dataclass_fields__]


def new_job_id() -> str:
    return secrets.token_hex(8)


def add_job(
    store: Store,
    *,
    sha256: str,
    name: str,
    size: int,
    format: str,
    username: str | None = None,
    report_id: int | None = None,
) -> AuditJob:
    """A new job: queued, or done at once when ``report_id`` (the store holds the file's audit already)."""
    now = datetime.now(UTC)
    made = AuditJob(
        id=new_job_id(), sha256=sha256, name=name, size=size, format=format,
        status=DONE if report_id is not None else QUEUED, report_id=report_id, reason="", username=username,
        created_at=now, finished_at=now if report_id is not None else None,
    )  # fmt: skip
    with store.engine.begin() as connection:
        connection.execute(insert(audit_jobs), [{name: getattr(made, name) for name in AuditJob.__dataclass_fields__}])
    return made


def finish_job(store: Store, job_id: str, *, report_id: int | None, reason: str = "") -> None:
    """The job is done (its outcome saved as ``report_id``) or failed (no report: ``reason``)."""
    status = DONE if report_id is not None else FAILED
    with store.engine.begin() as connection:
        connection.execute(
            update(audit_jobs)
            .where(audit_jobs.c.id == job_id)
            .values(status=status, report_id=report_id, reason=reason, finished_at=datetime.now(UTC))
        )


def job(store: Store, job_id: str) -> AuditJob | None:
    with store.engine.connect() as connection:
        row = connection.execute(select(*_COLUMNS).where(audit_jobs.c.id == job_id)).first()
    return AuditJob(*row) if row is not None else None


def jobs(store: Store, *, limit: int = 50, status: str | None = None) -> list[AuditJob]:
    """The newest jobs first."""
    query = select(*_COLUMNS)
    if status is not None:
        query = query.where(audit_jobs.c.status == status)
    query = query.order_by(audit_jobs.c.created_at.desc(), audit_jobs.c.id).limit(limit)
    with store.engine.connect() as connection:
        return [AuditJob(*row) for row in connection.execute(query)]


def jobs_of_report(store: Store, report_id: int) -> list[AuditJob]:
    """The uploads audited as this report, newest first."""
    query = select(*_COLUMNS).where(audit_jobs.c.report_id == report_id).order_by(audit_jobs.c.created_at.desc())
    with store.engine.connect() as connection:
        return [AuditJob(*row) for row in connection.execute(query)]


def unfinished(store: Store) -> list[AuditJob]:
    """Queued jobs, oldest first (what a restarted server audits again)."""
    query = select(*_COLUMNS).where(audit_jobs.c.status == QUEUED).order_by(audit_jobs.c.created_at)
    with store.engine.connect() as connection:
        return [AuditJob(*row) for row in connection.execute(query)]
