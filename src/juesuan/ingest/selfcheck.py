"""The reader checks itself: a table whose reading breaks its own identities the way a misreading does is
*uncertain*, so that its rules are not run and the reviewer is pointed at the page instead of at dozens of
false errors.

Patterns of a misreading (each a reason, in Chinese):

* nothing read: the title was found but no row came out, and no note says the table is empty;
* figures lost: a cell printed a figure the reader could not take (two amounts run together, a value in a
  column without a header, a coded-table row without its code);
* totals blank under non-zero items: a 合计 / 类 row of a tree table, or a row of a fixed table that the
  layout defines as a sum, is blank or zero in a column where what it adds up is not;
* identities broken wholesale: one relation of the table (its column identity, its tree sums) fails on at
  least half of the rows it checks (and at least three) — the signature of amounts read into the wrong
  columns or rows.

A report that really gets one sum wrong still has its error found: one failing relation is not a pattern.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from decimal import Decimal

from ..check.checker import check
from ..check.registry import RULES
from ..model.money import YUAN_PER_WAN, ZERO, format_wan
from ..model.tables import Row, Table, TableSet
from ..profiles import loader as profiles
from ..profiles.model import Profile, TableSpec

_EMPTY_NOTE = ("空表", "无数据", "没有", "不涉及", "无此", "未发生", "无相关", "为零", "为0")
MIN_BROKEN = 3
WITHIN = {rule_id: rule for rule_id, rule in RULES.items() if rule.category == "within"}


def _value(row: Row, key: str) -> Decimal:
    cell = row.cells.get(key)
    return cell.value if cell is not None and cell.value is not None else ZERO


def _wan(value: Decimal) -> str:
    return format_wan(value) if value % 1 or abs(value) >= YUAN_PER_WAN else str(value)


def _tree_totals(table: Table) -> str:
    """A 合计 row or a parent row blank where its children are not."""
    coded = [r for r in table.rows if r.code]
    total = next((r for r in table.rows if r.level == "合计" or (not r.code and "合计" in r.label)), None)
    for key in dict.fromkeys(c.key for c in table.columns):
        classes = sum((_value(r, key) for r in coded if len(r.code or "") == 3), ZERO)
        if total is not None and _value(total, key) == ZERO and classes != ZERO:
            return f"合计行「{key}」栏为空，而各类合计 {_wan(classes)} 万元"
        children: dict[str, Decimal] = defaultdict(lambda: ZERO)
        for r in coded:
            code = r.code or ""
            if len(code) in (5, 7):
                children[code[:-2]] += _value(r, key)
        for r in coded:
            below = children.get(r.code or "", ZERO)
            if _value(r, key) == ZERO and below != ZERO:
                return f"「{r.code} {r.label}」「{key}」栏为空，而其下各项合计 {_wan(below)} 万元"
    return ""


def _fixed_totals(table: Table, profile: Profile, spec: TableSpec) -> str:
    """A row the layout defines as a sum, blank where its parts are not."""
    sums = {(side.side, row.key): row.sum for side in spec.all_sides() for row in side.rows if row.key and row.sum}
    by_key = {(r.side, r.key): r for r in table.rows if r.key}
    class_codes = {c.code for c in profile.class_rows}
    for (side, key), parts in sums.items():
        row = by_key.get((side, key))
        if row is None:
            continue
        for column in (c.key for c in table.columns if c.side == side):
            if _value(row, column) != ZERO:
                continue
            members = [
                r
                for (s, k), r in by_key.items()
                if s == side and (k in parts or ("class_rows" in parts and k in class_codes))
            ]
            added = sum((_value(r, column) for r in members), ZERO)
            if added != ZERO:
                return f"「{row.label}」「{column}」为空，而其各组成部分合计 {_wan(added)} 万元"
    return ""


def _broken_wholesale(table: Table, tables: TableSet) -> str:
    """A relation of the table (its column identity, its tree sums) that fails on half its rows or more."""
    alone = replace(tables, tables=(table,), withheld=())
    report = check(alone, rules=WITHIN)
    for run in report.coverage:
        broken = sum(1 for f in report.findings if f.rule == run.rule and f.severity.value == "error")
        if broken >= MIN_BROKEN and 2 * broken >= run.checks:
            title = WITHIN[run.rule].title
            return f"「{title}」大面积不成立（{run.checks} 处核对中 {broken} 处不成立），像是数字读错了行或列"
    return ""


def uncertain_tables(
    tables: TableSet, notes: dict[str, list[str]] | None = None, garbled: dict[str, list[str]] | None = None
) -> dict[str, str]:
    """Table id → why its reading is uncertain, for the tables read in a misread pattern."""
    try:
        profile = profiles.get(tables.profile)
    except Exception:  # an unknown profile: no layout knowledge, nothing to judge by
        return {}
    out: dict[str, str] = {}
    for table in tables.tables:
        try:
            spec = profile.table(table.id)
        except KeyError:
            continue
        reason = _reason(
            table, tables, profile, spec, (notes or {}).get(table.id, []), (garbled or {}).get(table.id, [])
        )
        if reason:
            out[table.id] = reason
    return out


def _reason(
    table: Table, tables: TableSet, profile: Profile, spec: TableSpec, notes: list[str], garbled: list[str]
) -> str:
    if not table.rows:
        if any(word in note for note in [*notes, *table.notes] for word in _EMPTY_NOTE):
            return ""
        return "找到了表名，但没有读出任何行"
    if garbled:
        more = f"等 {len(garbled)} 处" if len(garbled) > 1 else ""
        return f"有印出的数字未能读入（{garbled[0]}{more}）"
    reason = _tree_totals(table) if spec.kind == "tree" else ""
    if not reason and spec.kind == "fixed":
        reason = _fixed_totals(table, profile, spec)
    return reason or _broken_wholesale(table, tables)
