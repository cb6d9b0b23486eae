"""Audit published reports: ingest → check → coverage (see docs/ingest.md)."""

from .core import AuditReport, audit

__all__ = ["AuditReport", "audit"]
