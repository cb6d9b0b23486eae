"""Python checks too rich for one expression: tree sums, 06 class sums, class rows across tables, counts.

Each check takes a :class:`RuleContext`, reads cells through ``ctx.tables`` and reports through
``ctx.compare`` / ``ctx.report``. A missing table raises NotRun (via ``ctx.tables.table``).
"""

from __future__ import annotations

from decimal import Decimal

from ..derive.query import CellRef, NotRun, Quantity, quantity
from ..model.money import YUAN_PER_WAN, ZERO
from ..model.tables import Row, Table
from .context import RuleContext, describe


def _by_parent_code(table: Table) -> dict[str, list[Row]]:
    """款 rows by their 类 code and 项 rows by their 款 code, in table order (one pass, not one per parent)."""
    groups: dict[str, list[Row]] = {}
    for row in table.rows:
        if row.code and len(row.code) in (5, 7):
            groups.setdefault(row.code[:-2], []).append(row)
    return groups


def _children(table: Table, parent: Row, groups: dict[str, list[Row]]) -> list[Row]:
    """Rows one level below ``parent`` in a tree table (合计 → 类, 类 → 款, 款 → 项)."""
    if parent.level == "合计":
        return [r for r in table.rows if r.code and len(r.code) == 3 and r.side == parent.side]
    code = parent.code or ""
    return groups.get(code, []) if len(code) in (3, 5) else []


def tree_sum(ctx: RuleContext) -> None:
    """合计 = Σ 类, 类 = Σ 款, 款 = Σ 项, in every column of every tree table in scope."""
    present = [t for t in ctx.tables.in_scope(ctx.rule.scope) if t.layout == "tree"]
    if not present:
        raise NotRun("范围内的树形表（02/03/05/07/08）都不存在")
    for table in present:
        groups = _by_parent_code(table)
        for parent in table.rows:
            children = _children(table, parent, groups)
            if not children:
                continue
            for column in (c.key for c in table.columns if c.side == parent.side):
                parts = sum((quantity(table, r, column) for r in children), Quantity(ZERO))
                ctx.compare(quantity(table, parent, column), parts)


def economic_class_sums(ctx: RuleContext) -> None:
    """06: each 经济分类 类 (3 digits) = Σ of its 款 (5 digits) printed below it."""
    table = ctx.tables.table("06")
    for row in table.rows:
        if not (row.code and len(row.code) == 3):
            continue
        parts = [r for r in table.rows if r.code and len(r.code) == 5 and r.code.startswith(row.code)]
        if not parts:
            continue
        for column in (c.key for c in table.columns):
            total = sum((quantity(table, r, column) for r in parts), Quantity(ZERO))
            ctx.compare(quantity(table, row, column), total)


def class_rows_match(ctx: RuleContext) -> None:
    """Each 类 row of a two-sided summary table equals the 类 row of a tree table (absent = 0), exactly.

    params: left {table, side, column}, right {table, column}.
    """
    left, right = ctx.rule.params["left"], ctx.rule.params["right"]
    lt, rt = ctx.tables.table(str(left["table"])), ctx.tables.table(str(right["table"]))
    lcol = ctx.tables.column(lt, left.get("column"), left.get("side"))
    rcol = ctx.tables.column(rt, right.get("column"), None)
    lrows = {r.code: r for r in lt.rows if r.code and len(r.code) == 3 and r.side == left.get("side", r.side)}
    rrows = {r.code: r for r in rt.rows if r.code and len(r.code) == 3}
    for code in sorted(set(lrows) | set(rrows)):
        a = quantity(lt, lrows[code], lcol) if code in lrows else Quantity(ZERO)
        e = quantity(rt, rrows[code], rcol) if code in rrows else Quantity(ZERO)
        if code not in lrows and e.value != 0:
            ctx.report(f"{describe(e.refs[0])} 的类级科目 {code} 在公开{lt.id}表中没有对应的行", e.refs)
            continue
        ctx.compare(a, e, mode="exact")


def _only_general_budget(ctx: RuleContext) -> bool:
    """True when the unit shows no money other than 一般公共预算财政拨款: 02 cols 3–7, 01 lines 2, 3 and 28 are
    zero, 01 年初结转和结余 equals 04 年初财政拨款结转和结余 (no non-财政拨款 balance) and 01 本年支出合计 equals
    04's 一般公共预算 本年支出合计 (nothing spent from other money)."""
    t02 = ctx.tables.table("02")
    total = next((r for r in t02.rows if r.level == "合计" or r.key == "total"), None)
    if total is None:
        raise NotRun("公开02表缺少「合计」行")
    others = [quantity(t02, total, c.key).value for c in t02.columns[2:]]
    try:
        funds = [ctx.tables.opt("01", k, side="收入").value for k in ("i2", "i3", "use_non_fiscal")]
        opening = ctx.tables.opt("01", "opening", side="收入").value
        funds.append(opening - ctx.tables.opt("04", "opening", side="收入").value)
        # spending not paid by 一般公共预算 (e.g. from a non-财政拨款 opening balance, with no such income)
        spent = ctx.tables.opt("01", "expenditure_total", side="支出").value
        funds.append(spent - ctx.tables.opt("04", "expenditure_total", "一般公共预算财政拨款", side="支出").value)
    except NotRun:  # without 01 or 04, judge by 02 alone
        funds = []
    return all(v == 0 for v in others + funds)


def t05_within_t03(ctx: RuleContext) -> None:
    """X6: 05 ≤ 03 cell by cell (same code, same column header); equal when only 一般公共预算 money exists."""
    t05, t03 = ctx.tables.table("05"), ctx.tables.table("03")
    op = "eq" if _only_general_budget(ctx) else "le"
    title = "公开05表与公开03表相等（单位只有一般公共预算财政拨款）" if op == "eq" else None
    by_code = {(r.code or "total"): r for r in t03.rows}
    keys03 = {c.key for c in t03.columns}
    for row in t05.rows:
        other = by_code.get(row.code or "total")
        for column in (c.key for c in t05.columns if c.key in keys03):
            expected = quantity(t03, other, column) if other else Quantity(ZERO)
            ctx.compare(quantity(t05, row, column), expected, op, mode="exact", title=title)


def counts_integers(ctx: RuleContext) -> None:
    """Statistics (09 相关统计数, table 10) are non-negative whole numbers."""
    seen = False
    for table in ctx.tables.in_scope(ctx.rule.scope):
        for row in (r for r in table.rows if r.kind == "count"):
            for column, cell in row.cells.items():
                seen = True
                value = cell.value
                if value is None or cell.na:
                    continue
                if value < 0 or value != value.to_integral_value():
                    ctx.report(f"{describe(CellRef(table, row, column))} 应为非负整数，实为 {value}",
                               [CellRef(table, row, column)])  # fmt: skip
                else:
                    ctx.passed()
    if not seen:
        raise NotRun("范围内没有统计数行")


def _actual(ctx: RuleContext, key: str) -> Decimal:
    return ctx.tables.cell("09", key, "决算数").value


#: 09: the 决算数 row of spending and the statistics rows that count it (团组 / 批次, 人次), with their names.
_TRIP_RECEPTION = (
    ("abroad", "因公出国（境）费",
     (("abroad_groups", "因公出国（境）团组数"), ("abroad_people", "因公出国（境）人次数"))),
    ("reception_domestic", "国内接待费",
     (("domestic_batches", "国内公务接待批次"), ("domestic_people", "国内公务接待人次"))),
    ("reception_foreign_affairs", "外事接待费",
     (("domestic_foreign_batches", "外事接待批次"), ("domestic_foreign_people", "外事接待人次"))),
    ("reception_abroad", "国（境）外接待费",
     (("abroad_reception_batches", "国（境）外公务接待批次"), ("abroad_reception_people", "国（境）外公务接待人次"))),
)  # fmt: skip


def trip_reception_counts(ctx: RuleContext) -> None:
    """09: money spent on 因公出国（境）or 公务接待 ⇒ its 团组/批次 and 人次 are not 0. A blank count is not
    judged (nothing is stated; the report composer marks it 【待补充】); a layout without the statistics rows
    is not run."""
    missing: NotRun | None = None
    checked = False
    for money, what, counts in _TRIP_RECEPTION:
        for key, name in counts:
            try:
                count = ctx.tables.cell("09", key, "决算数")
            except NotRun as exc:  # this layout has no such row: the others may still be checked
                missing = exc
                continue
            checked = True
            spent = ctx.tables.opt("09", money, "决算数")
            if spent.value > 0 and not count.blank and count.value == 0:
                amount = (spent.value / YUAN_PER_WAN).quantize(Decimal("0.01"))
                ctx.report(f"公开09表{what}决算数 {amount} 万元，但{name}为 0：有支出就应有{name}（请核对统计数）",
                           (*count.refs, *spent.refs))  # fmt: skip
            else:
                ctx.passed()
    if not checked and missing is not None:
        raise missing  # the layout has none of the statistics rows (the table's own words for it)


def vehicle_counts(ctx: RuleContext) -> None:
    """09: 公务用车购置费 > 0 ⇒ 购置数 > 0; 运行维护费 > 0 ⇒ 保有量 > 0 (normally). A blank count is not judged
    (nothing is stated; the report composer marks it 【待补充】), as in trip_reception_counts."""
    for money, key, text in (
        ("vehicle_purchase", "vehicles_purchased", "有公务用车购置费但购置数为 0"),
        ("vehicle_operation", "vehicles_held", "有公务用车运行维护费但保有量为 0"),
    ):
        count = ctx.tables.cell("09", key, "决算数")
        if _actual(ctx, money) > 0 and not count.blank and count.value <= 0:
            ctx.report(f"公开09表{text}（请核对统计数或说明原因）", count.refs)
        else:
            ctx.passed()
