"""Audit published reports (see docs/ingest.md): :func:`juesuan.pipeline.audit`, re-exported."""

from ..pipeline.audit import AuditReport, audit

__all__ = ["AuditReport", "audit"]
