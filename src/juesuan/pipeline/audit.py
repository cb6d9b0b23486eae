"""``audit(path) -> AuditReport``: read a published report into a case (its tables, the figures its text
states, its evaluation tables, what was read of it), and check the case (the whole catalogue).

The coverage says what was looked at: the profile and why, the tables found (with pages) and missing,
the cells extracted, the rules run and not run (with the reason), and the scanned pages (never checked).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..check.checker import Report, RuleRun
from ..check.formats import report_to_dict, report_to_text
from ..check.registry import RULES
from ..ingest import Ingested, ingest
from ..ingest.evaluations import ExtractedEvaluations, extract_evaluations
from ..ingest.selfcheck import uncertain_tables
from ..model.case import REPORT, Case, SourceFile
from ..model.reading import BUDGET, FINAL_ACCOUNTS, KIND_NAMES, Reading, TableReading
from ..model.statements import Statements
from ..statements import extract_statements
from .cases import check_case

AUDITED, PARTIAL, NOT_AUDITED = "audited", "partial", "not_audited"
STATUS_NAMES = {AUDITED: "已审核", PARTIAL: "部分审核", NOT_AUDITED: "未审核"}


@dataclass(frozen=True)
class AuditReport:
    path: str
    ingested: Ingested
    report: Report
    case: Case | None = None
    evaluations: ExtractedEvaluations = field(default_factory=lambda: ExtractedEvaluations(()))
    reading: Reading = field(default_factory=Reading)
    status: str = AUDITED
    status_reason: str = ""

    @property
    def has_errors(self) -> bool:
        return self.report.has_errors

    @property
    def exit_code(self) -> int:
        """0 audited without error, 1 error findings, 3 not audited (2, an unusable file, is raised)."""
        if self.status == NOT_AUDITED:
            return 3
        return 1 if self.has_errors else 0

    def coverage(self) -> dict[str, Any]:
        ing = self.ingested
        read = [t for t in self.reading.tables if t.rows]
        return {
            "status": self.status,
            "status_reason": self.status_reason,
            "document_kind": self.reading.kind,
            "document_kind_reason": self.reading.kind_reason,
            "profile": ing.choice.profile.id,
            "tables_found": [
                {
                    "table": t.table,
                    "title": t.title,
                    "pages": list(t.pages),
                    "rows": t.rows,
                    **({"uncertain": t.uncertain} if t.uncertain else {}),
                }
                for t in read
            ],
            "tables_unread": [
                {"table": t.table, "title": t.title, "pages": list(t.pages)} for t in self.reading.tables if not t.rows
            ],
            "tables_uncertain": [{"table": t, "reason": r} for t, r in self.reading.uncertain.items()],
            "tables_missing": ing.missing,
            "cells": ing.cells,
            "rules_run": [c.rule for c in self.report.coverage if c.status == "run"],
            "rules_partial": [
                {"rule": c.rule, "reason": c.reason} for c in self.report.coverage if c.status == "run" and c.reason
            ],
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
        kind = KIND_NAMES.get(self.reading.kind, self.reading.kind)
        lines = [f"审核文件：{self.path}", f"文件类型：{kind}（{self.reading.kind_reason}）"]
        lines.append(
            f"审核状态：{STATUS_NAMES[self.status]}" + (f"（{self.status_reason}）" if self.status_reason else "")
        )
        if self.status == NOT_AUDITED:
            return "\n".join(lines) + "\n"
        lines.append(f"模板：{cov['profile']}（{ing.choice.reason}）")
        # pages where the document has them (PDF; a workbook's sheets); text and HTML have none
        paged = any(f["pages"] for f in cov["tables_found"])
        found = ("；" if paged else "、").join(
            (f"公开{f['table']}表 第{'、'.join(map(str, f['pages']))}页" if f["pages"] else f"公开{f['table']}表")
            + f" {f['rows']} 行"
            for f in cov["tables_found"]
        )
        lines.append(f"读出的表（{len(cov['tables_found'])} 张）：{found or '无'}")
        for t in cov["tables_unread"]:
            lines.append(f"  找到表名但未读出任何行：公开{t['table']}表「{t['title']}」")
        for t in cov["tables_uncertain"]:
            lines.append(f"  读取不确定（该表规则未执行）：公开{t['table']}表：{t['reason']}")
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


def _statements(ing: Ingested) -> Statements:
    """The figures the report's text states (every page with a text layer)."""
    pages = [(page.number, 1, page.text) for page in ing.document.pages if not page.scanned]
    return extract_statements(pages, path=ing.document.path, year=ing.tables.year or None)


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


def reading_of(ing: Ingested) -> Reading:
    """What was read: each standard table found (pages, rows, and whether read uncertainly), those missing."""
    uncertain = uncertain_tables(ing.tables, garbled=ing.garbled)
    by_id = {t.id: t for t in ing.tables.tables}
    tables = []
    for f in ing.found:
        table = by_id.get(f.table)
        rows = len(table.rows) if table is not None else 0
        cells = [c for r in table.rows for c in r.cells.values()] if table is not None else []
        pages = sorted({s.page for c in cells for s in c.sources if s.page}) or f.pages
        line = f.lines[0] if f.lines and not pages else None
        tables.append(TableReading(f.table, f.title, tuple(pages), rows, uncertain.get(f.table, ""), line))
    spec_titles = {s.id: s.title for s in ing.choice.profile.tables}
    missing = tuple((t, spec_titles.get(t, "")) for t in ing.missing)
    numbered = [p for p in ing.document.pages if p.number is not None]
    return Reading(ing.kind, ing.kind_reason, tuple(tables), missing, ing.document.path, len(numbered) or None)


def _status(ing: Ingested, reading: Reading) -> tuple[str, str]:
    pages = [p for p in ing.document.pages if p.number is not None]
    if pages and all(p.scanned for p in pages):
        return NOT_AUDITED, f"全部 {len(pages)} 页都是扫描图像（没有文字层），暂不能识别（OCR 尚未支持）"
    if not any(p.text.strip() for p in ing.document.pages):
        return NOT_AUDITED, "文件中没有可读的文字"
    if reading.kind == BUDGET:
        return NOT_AUDITED, (
            f"这是部门预算文件（{reading.kind_reason}），不按部门决算的规则审核：部门预算的审核规则尚未提供"
        )
    if reading.kind != FINAL_ACCOUNTS:
        return NOT_AUDITED, f"这不是部门决算报告（{reading.kind_reason}）：只审核部门决算公开报告"
    read = [t for t in reading.tables if t.rows]
    if not read:
        return NOT_AUDITED, "没有读出任何部门决算公开表（" + (
            "找到的表名下没有读出数据行" if reading.tables else "没有找到公开表的表名"
        ) + "）"
    gaps = []
    if reading.missing:
        gaps.append(f"缺少 {len(reading.missing)} 张表")
    if reading.uncertain:
        gaps.append(f"{len(reading.uncertain)} 张表读取不确定")
    if len(read) < len(reading.tables):
        gaps.append(f"{len(reading.tables) - len(read)} 张表未读出")
    if ing.document.scanned_pages:
        gaps.append(f"{len(ing.document.scanned_pages)} 页为扫描图像")
    return (PARTIAL, "，".join(gaps)) if gaps else (AUDITED, "")


def _not_run(reason: str) -> Report:
    coverage = tuple(RuleRun(rule.id, "not-run", reason) for rule in RULES.values() if rule.category != "meta")
    return Report((), coverage, (), {"error": 0, "warning": 0, "info": 0})


def audit(path: str | Path, profile: str | None = None) -> AuditReport:
    """Audit a published report (PDF, DOCX, XLSX/XLS or text). Raises InputError for an unusable file.

    A file that is not a 部门决算 (a budget, another document), has no text layer, or yields no standard
    table is *not audited* (``status`` ``not_audited``, exit code 3): no rule runs, so nothing is passed.
    """
    ing = ingest(path, profile)
    reading = reading_of(ing)
    status, why = _status(ing, reading)
    source = SourceFile.of(path, REPORT, ing.document.kind)
    if status == NOT_AUDITED:
        case = Case(source=source, tables=ing.tables, reading=reading)
        return AuditReport(str(path), ing, _not_run(f"未审核：{why}"), case, reading=reading, status=status,
                           status_reason=why)  # fmt: skip
    found = extract_evaluations(ing.document, ing.tables)
    withheld = tuple((t, f"公开{t}表读取不确定，未核对") for t in reading.uncertain)
    case = Case(source=source, tables=replace(ing.tables, withheld=withheld), evaluations=tuple(found.evaluations),
                statements=_statements(ing), reading=reading)  # fmt: skip
    return AuditReport(str(path), ing, check_case(case), case, found, reading, status, why)
