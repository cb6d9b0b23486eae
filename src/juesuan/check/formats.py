"""Report formats: human text (grouped by table, counted, capped) and the JSON contract.

JSON (``--format json``)::

    {"findings": [{"rule", "severity", "message",
                   "locations": [{"table", "row", "code", "column", "page", "line"}],
                   "expected", "actual", "difference"}],
     "summary": {"error", "warning", "info"},
     "coverage": {"run": [rule ids], "not_run": [{"rule", "reason"}], "crashed": [{"rule", "reason"}],
                  "disabled": [rule ids], "waived": [{"rule", "reason", "message"}]}}

``expected`` / ``actual`` / ``difference`` are strings in 万元 (counts for statistics rows), or null.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from ..findings import Finding
from ..load.workbook_layout import EVALUATION_SHEETS
from .checker import Report

MAX_PER_TABLE = 20


def report_to_dict(report: Report) -> dict[str, Any]:
    coverage: dict[str, Any] = {
        "run": [c.rule for c in report.coverage if c.status == "run"],
        "not_run": [{"rule": c.rule, "reason": c.reason} for c in report.coverage if c.status == "not-run"],
        "crashed": [{"rule": c.rule, "reason": c.reason} for c in report.coverage if c.status == "crashed"],
        "disabled": [c.rule for c in report.coverage if c.status == "disabled"],
        "waived": [{"rule": f.rule, "reason": w.reason, "message": f.message} for f, w in report.waived],
    }
    return {
        "findings": [f.as_dict() for f in report.findings],
        "summary": {k: report.summary.get(k, 0) for k in ("error", "warning", "info")},
        "coverage": coverage,
    }


def report_to_json(report: Report) -> str:
    return json.dumps(report_to_dict(report), ensure_ascii=False, indent=1) + "\n"


def _group(finding: Finding) -> str:
    field = finding.locations[0].field or "" if finding.locations else ""
    if field.startswith("evaluations") or field.startswith(tuple(f"{name}!" for name in EVALUATION_SHEETS)):
        return "绩效评价"
    table = next((loc.table for loc in finding.locations if loc.table), None)
    return f"公开{table}表" if table else "其他"


def _line(finding: Finding) -> str:
    first = next((loc for loc in finding.locations if loc.line is not None or loc.page is not None), None)
    where = ""
    if first is not None:
        where = (
            f"{first.path or ''}"
            + (f":第{first.page}页" if first.page else "")
            + (f":{first.line}" if first.line else "")
        )
        where = f"  @ {where}"
    cell = next((loc for loc in finding.locations if loc.path and loc.field and "!" in loc.field), None)
    if first is None and cell is not None:  # a workbook's cell (填报.xlsx 收入!B5): no line nor page
        where = f"  @ {cell.path} {cell.field}"
    return f"  [{finding.severity.label}] {finding.message}（{finding.rule}）{where}"


def report_to_text(report: Report, limit: int = MAX_PER_TABLE) -> str:
    """Findings grouped by table (at most ``limit`` per table, then "+N more"), then coverage and counts."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        groups[_group(finding)].append(finding)
    lines: list[str] = []
    for name, found in groups.items():
        lines.append(f"{name}（{len(found)} 条）")
        lines += [_line(f) for f in found[:limit]]
        if len(found) > limit:
            lines.append(f"  ……另有 {len(found) - limit} 条（--format json 列出全部）")
    for finding, waiver in report.waived:
        lines.append(f"  [已豁免] {finding.message}（{finding.rule}）：{waiver.reason}")
    not_run = [c for c in report.coverage if c.status in ("not-run", "crashed")]
    ran = sum(1 for c in report.coverage if c.status == "run")
    lines.append(f"已执行规则 {ran} 条，未执行 {len(not_run)} 条")
    by_reason: dict[str, list[str]] = defaultdict(list)  # one line per reason: 18 narrative rules share one
    for c in not_run:
        by_reason[c.reason].append(c.rule)
    lines += [f"  未执行（{reason}）：{'、'.join(rules)}" for reason, rules in by_reason.items()]
    s = report.summary
    lines.append(f"错误 {s.get('error', 0)}，警告 {s.get('warning', 0)}，提示 {s.get('info', 0)}")
    return "\n".join(lines) + "\n"
