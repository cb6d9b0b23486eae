"""Ingest a document: read it, choose the profile, find and extract its tables into a TableSet."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..load.tables import read_tables_data
from ..model.source import SourceRef
from ..model.tables import Table, TableSet
from ..profiles import loader as profiles
from ..yamlsrc import LineDict, LineList
from .cells import norm_title
from .document import Document
from .extract import extract_table
from .kind import document_kind
from .locate import Located, ProfileChoice, choose_profile, locate


@dataclass(frozen=True)
class FoundTable:
    table: str
    title: str
    pages: list[int]
    lines: list[int]


@dataclass
class Ingested:
    """The tables of one document, and what was (not) found."""

    document: Document
    choice: ProfileChoice
    tables: TableSet
    raw: dict[str, Any]
    found: list[FoundTable] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # cells that could not be read (kept blank)
    garbled: dict[str, list[str]] = field(default_factory=dict)  # table id → problems that lost figures
    kind: str = "final_accounts"  # document kind (juesuan.model.reading)
    kind_reason: str = ""

    @property
    def cells(self) -> int:
        return sum(len(row.cells) for table in self.tables for row in table.rows)

    @property
    def filled_cells(self) -> int:
        return sum(1 for t in self.tables for r in t.rows for c in r.cells.values() if c.value is not None or c.na)


def _lined(value: Any) -> Any:
    if isinstance(value, dict):
        out = LineDict((k, _lined(v)) for k, v in value.items())
        out.line = 0
        out.lines = {}
        return out
    if isinstance(value, list):
        seq = LineList(_lined(v) for v in value)
        seq.line = 0
        seq.lines = [0] * len(seq)
        return seq
    return value


def _with_sources(table: Table, sources: list[dict[str, SourceRef]]) -> Table:
    rows = []
    for row, refs in zip(table.rows, sources, strict=True):
        cells = {k: replace(c, sources=(refs[k],)) if k in refs else c for k, c in row.cells.items()}
        rows.append(replace(row, cells=cells))
    return replace(table, rows=tuple(rows))


def _empty_table_list(doc: Document) -> list[tuple[str, str]]:
    """Lines of a list of empty tables (Shaanxi: "表8 国有资本经营…决算表 是 本部门不涉及故公开空表"), by
    normalised title: they are the table's empty-table note in layouts that print it there."""
    out = []
    for line in doc.lines():
        text = line.text
        if "空表" in text and "决算表" in text:
            for cell in line.cells:
                for part in cell.text.split():
                    if part.endswith("表") and len(part) > 4:
                        out.append((norm_title(part), text))
    return out


#: A cover or title "{单位}{年}年度部门决算" or "{年}年度{单位}部门决算" (also 部门预算, 单位决算, …公开说明/情况说明/
#: 信息公开/报告), on one line or split over two or three (the year, the unit and 部门决算 each on its own line).
_SUFFIX = r"(?:部门|单位)?(?:决算|预算)(?:信息)?(?:公开)?(?:情况)?(?:说明|报告)?"
_TITLES = (
    re.compile(rf"^(?P<unit>.+?)20\d\d年(?:度)?{_SUFFIX}$"),
    re.compile(rf"^20\d\d年(?:度)?(?P<unit>.+?){_SUFFIX}$"),
)
_NOT_A_UNIT = re.compile(r"\d|目录|第.部分|公开|说明|关于|[，。；：:]|^(?:部门|单位|本级|汇总)$")


def _department(doc: Document) -> str:
    """The unit the report is of: its "编制部门：" line, else the name on its title (cover) lines."""
    lines = doc.lines()
    for line in lines[:400]:
        found = re.search(r"(?:编制)?部门[:：]\s*([^\s\d]+?)(?:\s|\d|$)", line.text)
        if found:
            return found.group(1)
    texts = [re.sub(r"\s+", "", line.text) for line in lines[:60]]
    texts = [t for t in texts if t]
    for span in (1, 2, 3):
        for i in range(len(texts) - span + 1):
            text = "".join(texts[i : i + span])
            for pattern in _TITLES:
                title = pattern.match(text)
                unit = title.group("unit") if title else ""
                if unit.endswith("部门") and len(unit) > 4:
                    unit = unit.removesuffix("部门")
                if 2 <= len(unit) <= 40 and not _NOT_A_UNIT.search(unit):
                    return unit
    return ""


def _year(doc: Document) -> int:
    import re

    for line in doc.lines()[:200]:
        found = re.search(r"(20\d\d)\s*年度", line.text)
        if found:
            return int(found.group(1))
    return 0


def extract_tables(doc: Document, profile: str | None = None, choice: ProfileChoice | None = None) -> Ingested:
    """Find the profile's tables in ``doc`` (profile chosen automatically unless given, or the ``choice``
    made already) and read them."""
    if choice is None:
        choice = choose_profile(doc) if profile is None else ProfileChoice(profiles.get(profile), "由参数指定", {})
    located: list[Located] = locate(doc, choice.profile)
    raw_tables = []
    sources = []
    problems: list[str] = []
    garbled: dict[str, list[str]] = {}
    listed = _empty_table_list(doc)
    for found in located:
        extracted = extract_table(doc.path, choice.profile, found)
        notes = found.notes + [text for title, text in listed if title == norm_title(found.spec.title)]
        if notes:
            extracted.raw["notes"] = notes
        raw_tables.append(extracted.raw)
        problems += extracted.problems
        if extracted.garbled:
            garbled[found.spec.id] = extracted.garbled
        sources.append(extracted.sources)
    raw: dict[str, Any] = {
        "source": {"path": doc.path, "note": f"由 juesuan parse 从 {doc.kind} 文件提取"},
        "department": _department(doc),
        "year": _year(doc),
        "profile": choice.profile.id,
        "unit": "万元",
        "tables": raw_tables,
    }
    tableset = read_tables_data(_lined(raw), doc.path)
    tables = tuple(_with_sources(t, s) for t, s in zip(tableset.tables, sources, strict=True))
    tableset = replace(tableset, tables=tables)
    found_ids = {f.spec.id for f in located}
    kind, kind_reason = document_kind(doc, len(located))
    return Ingested(
        document=doc,
        choice=choice,
        tables=tableset,
        raw=raw,
        found=[FoundTable(f.spec.id, f.title.strip(), f.pages, [ln.number for ln in f.lines[:1]]) for f in located],
        missing=[s.id for s in choice.profile.tables if s.id not in found_ids],
        problems=problems,
        garbled=garbled,
        kind=kind,
        kind_reason=kind_reason,
    )
