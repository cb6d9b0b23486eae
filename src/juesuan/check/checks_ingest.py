"""Rules over what the reader made of a published document (the ``reading`` input, see
:mod:`juesuan.model.reading`): a table read uncertainly, a standard table the document does not print.

They are findings about the *reading*, so that a reviewer sees, with the page, which tables the other
rules did not check and why; they never judge the report's figures.
"""

from __future__ import annotations

from typing import Any

from ..derive.query import NotRun
from ..findings import Finding, Location
from ..model.reading import Reading, TableReading
from .context import RuleContext
from .inputs import EXAMPLE_READERS


def _reading(ctx: RuleContext) -> Reading:
    value = ctx.tables.input("reading")
    if not isinstance(value, Reading):
        raise NotRun("reading 输入不是 Reading 对象")
    return value


def _where(table: TableReading) -> str:
    if table.pages:
        return f"（第{'、'.join(map(str, table.pages))}页）"
    return f"（第{table.line}行）" if table.line else ""


def uncertain_tables(ctx: RuleContext) -> None:
    """One finding per table whose reading breaks its own identities the way a misreading does."""
    reading = _reading(ctx)
    if not reading.tables:
        raise NotRun("没有读出任何公开表")
    for table in reading.tables:
        if not table.uncertain:
            ctx.passed()
            continue
        message = (
            f"公开{table.table}表「{table.title}」{_where(table)}读取不确定：{table.uncertain}；"
            "该表的规则未执行，请人工核对"
        )
        location = Location(table=table.table, page=table.pages[0] if table.pages else None, line=table.line,
                            path=reading.path or None)  # fmt: skip
        ctx.comparisons += 1
        ctx.findings.append(Finding(ctx.rule.id, ctx.severity, message, (location,)))


def missing_tables(ctx: RuleContext) -> None:
    """A standard table of the document's layout that the document does not print."""
    reading = _reading(ctx)
    if not reading.tables:
        raise NotRun("没有读出任何公开表，无法判断缺少哪些表")
    for table_id, title in reading.missing:
        ctx.comparisons += 1
        message = f"报告中未找到公开{table_id}表「{title}」（该版式的标准公开表）"
        ctx.findings.append(Finding(ctx.rule.id, ctx.severity, message, (Location(table=table_id),)))
    if not reading.missing:
        ctx.passed()


def read_example(raw: Any, where: str) -> Reading:
    """A rule example's ``reading``: ``{tables: [{table, title, pages, rows, uncertain}], missing: [[id, title]]}``."""
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: reading example must be a mapping")
    tables = tuple(
        TableReading(
            str(t["table"]),
            str(t.get("title", "")),
            tuple(t.get("pages") or ()),
            int(t.get("rows", 0)),
            str(t.get("uncertain") or ""),
        )
        for t in raw.get("tables") or ()
    )
    missing = tuple((str(m[0]), str(m[1])) for m in raw.get("missing") or ())
    return Reading(tables=tables, missing=missing, path=where)


EXAMPLE_READERS["reading"] = read_example
