"""Classification and note checks (domain notes §4.5 and the empty-table notes)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..derive.query import CellRef, NotRun, Quantity, quantity
from ..errors import ProfileError
from ..load.tables import normalise_label, spec_rows
from ..model.codes import CodeTable, economic_codes, functional_codes
from ..model.tables import Row, Table
from ..profiles import loader as profiles
from ..profiles.model import Profile
from .context import RuleContext, describe


def _coded(ctx: RuleContext) -> Iterator[tuple[Table, Row, CodeTable]]:
    found = False
    for table in ctx.tables.in_scope(ctx.rule.scope):
        found = True
        codes = economic_codes() if table.layout == "economic_groups" else functional_codes()
        for row in table.rows:
            if row.code and row.label:
                yield table, row, codes
    if not found:
        raise NotRun("范围内的表都不存在")


def _ref(table: Table, row: Row) -> CellRef:
    column = next(iter(row.cells), "")
    return CellRef(table, row, column)


def _names(codes: CodeTable, code: str) -> tuple[str, ...]:
    entry = codes.get(code)
    return () if entry is None else (entry.name, *entry.variants)


def code_name(ctx: RuleContext) -> None:
    """The printed name must be the code table's name (or a known variant); truncated names are reported."""
    for table, row, codes in _coded(ctx):
        names = _names(codes, row.code or "")
        if not names:
            continue
        label = normalise_label(row.label)
        official = normalise_label(names[0])
        if label == official:
            ctx.passed()
        elif official.startswith(label):
            ctx.report(f"{describe(_ref(table, row))}：科目名称被截断，完整名称为「{names[0]}」", [_ref(table, row)])
        elif label in (normalise_label(n) for n in names[1:]):
            ctx.passed()  # a known variant spelling
        else:
            ctx.report(f"{describe(_ref(table, row))}：科目名称与编码 {row.code} 不符，代码表名称为「{names[0]}」",
                       [_ref(table, row)])  # fmt: skip


def code_unknown(ctx: RuleContext) -> None:
    """A code missing from the shipped (partial) code tables: reported for checking, never an error."""
    for table, row, codes in _coded(ctx):
        if (row.code or "") in codes:
            ctx.passed()
        else:
            ctx.report(f"{describe(_ref(table, row))}：编码 {row.code} 不在内置代码表中（代码表不完整，请人工核对）",
                       [_ref(table, row)])  # fmt: skip


def code_nesting(ctx: RuleContext) -> None:
    """Tree tables: codes are 3/5/7 digits, and every 款/项 follows its own 类/款 (printed above it)."""
    for table in (t for t in ctx.tables.in_scope(ctx.rule.scope) if t.layout == "tree"):
        seen: set[str] = set()
        for row in (r for r in table.rows if r.code):
            code = row.code or ""
            if not code.isdigit() or len(code) not in (3, 5, 7):
                ctx.report(f"{describe(_ref(table, row))}：功能分类编码应为 3、5 或 7 位数字", [_ref(table, row)])
            elif len(code) > 3 and code[:-2] not in seen:
                ctx.report(f"{describe(_ref(table, row))}：编码 {code} 的上级科目 {code[:-2]} 未在其前列示",
                           [_ref(table, row)])  # fmt: skip
            else:
                ctx.passed()
            seen.add(code)
    if not ctx.tables.in_scope(ctx.rule.scope):
        raise NotRun("范围内的表都不存在")


def admin_affairs_basic(ctx: RuleContext) -> None:
    """xx02 一般行政管理事务 is 项目支出 only: a 03/05 row with 基本支出 > 0 is reported."""
    for table, row, _codes in _coded(ctx):
        if len(row.code or "") != 7 or not (row.code or "").endswith("02"):
            continue
        if "一般行政管理事务" not in row.label or "基本支出" not in row.cells:
            continue
        basic = quantity(table, row, "基本支出")
        if basic.value > 0:
            ctx.report(f"{describe(basic.refs[0])}：一般行政管理事务只反映项目支出，不应列基本支出"
                       f"（实为 {basic.value / 10000:.2f} 万元）", basic.refs)  # fmt: skip
        else:
            ctx.passed()


def empty_table_note(ctx: RuleContext) -> None:
    """An empty 07/08/09/10 table must carry its note (e.g. 本部门（单位）无…), where notes were typed in."""
    profile = _profile(ctx)
    ran = False
    for table in ctx.tables.in_scope(ctx.rule.scope):
        note = _empty_note(profile, table.id)
        if note is None or not table.notes:
            continue
        ran = True
        if any(q.value != 0 for q in _values(table)):
            ctx.passed()
            continue
        text = normalise_label("".join(table.notes))
        if normalise_label(note) in text or _says_empty(text):
            ctx.passed()
        else:
            ctx.report(f"公开{table.id}表为空表，但表注中没有「{note}」的说明", [_ref(table, table.rows[0])]
                       if table.rows else [])  # fmt: skip
    if not ran:
        raise NotRun("范围内没有带表注的表")


_EMPTY = re.compile(r"(?:无|没有|未发生|不涉及|未安排)[^。；]*(?:收入|支出|数据|经费|资产)|空表|本表无数据")


def _says_empty(text: str) -> bool:
    """A note that explains the table is empty in other words than the template's (注：…无政府性基金预算
    财政拨款支出，故本表无数据)."""
    return bool(_EMPTY.search(text))


def _empty_note(profile: Profile, table_id: str) -> str | None:
    try:
        return profile.table(table_id).empty_note
    except KeyError:
        return None


def _values(table: Table) -> Iterator[Quantity]:
    for row in table.rows:
        for column in row.cells:
            yield quantity(table, row, column)


def _profile(ctx: RuleContext) -> Profile:
    try:
        return profiles.get(ctx.tables.tables.profile)
    except ProfileError:
        raise NotRun(f"未知的模板「{ctx.tables.tables.profile}」") from None


def _same_label(printed: str, declared: str) -> bool:
    a, b = normalise_label(printed), normalise_label(declared)
    return a == b or (len(a) >= 4 and len(b) >= 4 and (a in b or b in a))


def label_line(ctx: RuleContext) -> None:
    """A printed row whose label contradicts the row the template puts at its 行次 (e.g. 行次 2 labelled 事业收入):
    either the label or the line number is wrong, and rules reading the row by 行次 read the wrong figure."""
    profile = _profile(ctx)
    ran = False
    for table in ctx.tables.tables:
        try:
            spec = profile.table(table.id)
        except KeyError:
            continue
        declared = {(r.side, r.line): r for r in spec_rows(profile, spec) if r.line is not None and r.label}
        for row in table.rows:
            if row.line is None or not row.label.strip():
                continue
            expected = declared.get((row.side, row.line))
            if expected is None:
                continue
            ran = True
            if _same_label(row.label, expected.label):
                ctx.passed()
                continue
            side = f"{row.side}方" if row.side else ""
            ctx.report(
                f"公开{table.id}表{side}第 {row.line} 行应为「{expected.label}」，实为「{row.label}」：行名与行次不符",
                [_ref(table, row)],
            )
    if not ran:
        raise NotRun("没有印有行次和行名的行")
