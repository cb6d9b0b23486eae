"""``audit(path) -> AuditReport``: ingest a published report, check its tables (the whole catalogue) and,
when the narrative extractor is available, the figures stated in its text.

The coverage says what was looked at: the profile and why, the tables found (with pages) and missing,
the cells extracted, the rules run and not run (with the reason), and the scanned pages (never checked).
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..check.checker import Report, check
from ..check.formats import report_to_dict, report_to_text
from ..ingest import Ingested, ingest
from ..ingest.evaluations import ExtractedEvaluations, extract_evaluations


@dataclass(frozen=True)
class AuditReport:
    path: str
    ingested: Ingested
    report: Report
    evaluations: ExtractedEvaluations = field(default_factory=lambda: ExtractedEvaluations(()))

    @property
    def has_errors(self) -> bool:
        return self.report.has_errors

    def coverage(self) -> dict[str, Any]:
        ing = self.ingested
        return {
            "profile": ing.choice.profile.id,
            "tables_found": [{"table": f.table, "title": f.title, "pages": f.pages} for f in ing.found],
            "tables_missing": ing.missing,
            "cells": ing.cells,
            "rules_run": [c.rule for c in self.report.coverage if c.status == "run"],
            "rules_not_run": [
                {"rule": c.rule, "reason": c.reason}
                for c in self.report.coverage
                if c.status in ("not-run", "crashed", "disabled")
            ],
            "scanned_pages": ing.document.scanned_pages,
        }

    def ingest_notes(self) -> dict[str, Any]:
        """What the reader adds to the coverage: why this profile, how many cells carry a value, and the
        cells it could not read (kept blank)."""
        ing = self.ingested
        return {
            "kind": ing.document.kind,
            "profile_reason": ing.choice.reason,
            "cells_filled": ing.filled_cells,
            "problems": ing.problems,
            "evaluations": len(self.evaluations.evaluations),
            "indicators": self.evaluations.indicators,
            "evaluation_tables": [_evaluation_summary(e) for e in self.evaluations.evaluations],
            "evaluation_problems": list(self.evaluations.problems),
            **({"evaluations_note": self.evaluations.note} if self.evaluations.note else {}),
        }

    def to_dict(self) -> dict[str, Any]:
        data = report_to_dict(self.report)
        data["coverage"] = self.coverage()
        return {"file": self.path, **data, "ingest": self.ingest_notes()}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1) + "\n"

    def to_text(self) -> str:
        ing = self.ingested
        cov = self.coverage()
        lines = [f"审核文件：{self.path}", f"模板：{cov['profile']}（{ing.choice.reason}）"]
        # pages where the document has them (PDF; a workbook's sheets); text and HTML have none
        paged = any(f["pages"] for f in cov["tables_found"])
        found = ("；" if paged else "、").join(
            f"公开{f['table']}表 第{'、'.join(map(str, f['pages']))}页" if f["pages"] else f"公开{f['table']}表"
            for f in cov["tables_found"]
        )
        lines.append(f"找到的表（{len(cov['tables_found'])} 张）：{found or '无'}")
        missing = "、".join(f"公开{t}表" for t in cov["tables_missing"])
        lines.append(f"未找到的表：{missing or '无'}")
        lines.append(f"提取单元格 {cov['cells']} 个（有数值或“---” {ing.filled_cells} 个）")
        lines += [f"  无法读取：{problem}" for problem in ing.problems[:20]]
        lines.append(_evaluations_line(self.evaluations))
        lines += [f"  无法读取：{problem}" for problem in self.evaluations.problems[:20]]
        if cov["scanned_pages"]:
            pages = "、".join(map(str, cov["scanned_pages"]))
            lines.append(f"扫描页（无文字层，未审核）：第 {pages} 页")
        return "\n".join(lines) + "\n\n" + report_to_text(self.report)


def _statement_inputs(ing: Ingested) -> dict[str, object]:
    """The narrative figures, when the statements extractor is installed (juesuan.statements)."""
    try:
        module = importlib.import_module("juesuan.statements")
    except ImportError:
        return {}
    extract = getattr(module, "extract_statements", None)
    if extract is None:
        return {}
    pages = [(page.number, 1, page.text) for page in ing.document.pages if not page.scanned]
    year = ing.tables.year or None
    return {"statements": extract(pages, path=ing.document.path, year=year)}


def _evaluation_summary(ev: Any) -> dict[str, Any]:
    ref = ev.ref()
    return {"title": ev.title, "kind": ev.kind_name, "subject": ev.subject, "indicators": len(ev.all_indicators()),
            "page": ref.page if ref else None, "line": ref.line if ref else None}  # fmt: skip


def _evaluations_line(found: ExtractedEvaluations) -> str:
    if not found.evaluations:
        return f"绩效评价表：{found.note or '未找到'}"
    where = "；".join(
        f"{e.title or e.kind_name}（{e.subject}，{len(e.all_indicators())} 个指标）" for e in found.evaluations
    )
    return f"绩效评价表 {len(found.evaluations)} 张，指标 {found.indicators} 个：{where}"


def audit(path: str | Path, profile: str | None = None) -> AuditReport:
    """Audit a published report (PDF, DOCX, XLSX/XLS or text). Raises InputError for an unusable file."""
    ing = ingest(path, profile)
    inputs = _statement_inputs(ing)
    found = extract_evaluations(ing.document, ing.tables)
    if found.evaluations:
        inputs["evaluations"] = found.evaluations
    report = check(ing.tables, inputs=inputs or None)
    return AuditReport(str(path), ing, report, found)
