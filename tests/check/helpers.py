"""Shared helpers for the check tests."""

from __future__ import annotations

from typing import Any

from juesuan.check.checker import Report, check
from juesuan.load.tables import read_tables_data
from juesuan.yamlsrc import parse


def tables_from_yaml(text: str) -> Any:
    return read_tables_data(parse(text), "<test>")


def check_yaml(text: str) -> Report:
    return check(tables_from_yaml(text))


def keys(report: Report) -> list[tuple[str, str | None, str | None, str | None]]:
    out = []
    for f in report.findings:
        loc = f.locations[0] if f.locations else None
        out.append((f.rule, loc and loc.table, loc and (loc.code or loc.row), loc and loc.column))
    return out
