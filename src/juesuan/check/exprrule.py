"""Running an expression rule of the catalogue: pairs × rows (each_row) × columns (each_column)."""

from __future__ import annotations

from collections.abc import Iterator

from ..derive.query import NotRun, evaluate
from ..model.tables import Row, Table
from .context import RuleContext


def _rows(ctx: RuleContext) -> Iterator[tuple[Table, Row] | None]:
    spec = ctx.rule.each_row
    if not spec:
        yield None
        return
    table = ctx.tables.table(str(spec["table"]))
    side = spec.get("side")
    levels = spec.get("levels")
    for row in table.rows:
        if side is not None and row.side != side:
            continue
        if levels is not None and row.level not in levels:
            continue
        if not (row.key or row.label or row.code):
            continue
        yield table, row


def run_expression(ctx: RuleContext) -> None:
    """Evaluate every pair; a pair that cannot run is skipped, a rule none of whose pairs ran is not run."""
    reasons: list[str] = []
    ran = 0
    for here in _rows(ctx):
        for column in ctx.rule.each_column or (None,):
            names = {"COL": column} if column is not None else {}
            for pair in ctx.rule.pairs:
                try:
                    actual = evaluate(pair.actual, ctx.tables, here, names)
                    expected = evaluate(pair.expected, ctx.tables, here, names)
                except NotRun as exc:
                    reasons.append(exc.reason)
                    continue
                ran += 1
                ctx.compare(actual, expected, pair.compare, mode=pair.tolerance)
    if not ran and reasons:
        raise NotRun(reasons[0])
