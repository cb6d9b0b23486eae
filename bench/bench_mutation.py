"""Mutation benchmark for the rule catalogue: how many single-cell typos does `juesuan check` catch?

For every amount cell of the example's tables as built (examples/jdz-nanchang-2023/dataset.yaml, which prints
the seed report's figures), each mutation changes the printed figure:

- ``+0.05`` and ``+1.00`` 万元 (a slip of the pen);
- ``×10`` (a misplaced decimal point);
- ``transposed``: two adjacent different digits swapped (83.58 → 38.58, 83.58 → 85.38, …), every such swap.

A mutation that leaves the printed figure unchanged (×10 of 0.00) is not counted. A mutation is *detected*
when at least one error finding names the mutated cell (same table, column and row code or label) — a warning,
or an error that points elsewhere, does not count. A change no larger than the rounding envelope of the sums
the cell is in ((n + 1) × 0.005 万元 for n printed terms, e.g. +0.05 on one of eleven 06 items) is 尾数 by
design: the checker reports it as a rounding-tail info naming the cell, and it is counted apart from the rest.
The target is ≥ 99% of the mutations beyond the envelope detected.

Before mutating, the unmutated tables must give no error finding at all (otherwise the figure would mean
nothing); the script says so and stops if they do.

    .venv/bin/python bench/bench_mutation.py [--dataset FILE] [--show 20]

This is a plain script, not a test: it prints figures and the undetected mutations, and asserts nothing.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path

from juesuan.check.checker import check
from juesuan.check.context import TAIL_RULE
from juesuan.derive.build import build_tables
from juesuan.findings import Finding, Severity
from juesuan.load.loader import load
from juesuan.model.money import YUAN_PER_WAN, format_wan, to_wan
from juesuan.model.tables import Cell, Row, Table, TableSet

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples/jdz-nanchang-2023/dataset.yaml"


@dataclass(frozen=True)
class Mutation:
    table: str
    row_index: int
    column: str
    kind: str
    before: Decimal  # printed 万元
    after: Decimal


def transpositions(shown: str) -> Iterator[Decimal]:
    """Every figure obtained by swapping two adjacent different digits of a printed figure."""
    digits = [i for i, ch in enumerate(shown) if ch.isdigit()]
    for a, b in itertools.pairwise(digits):
        if shown[a] != shown[b]:
            chars = list(shown)
            chars[a], chars[b] = chars[b], chars[a]
            yield Decimal("".join(chars))


def mutations(tables: TableSet) -> Iterator[Mutation]:
    for table in tables:
        for r, row in enumerate(table.rows):
            if row.kind != "amount":
                continue
            for column, cell in row.cells.items():
                if cell.value is None or cell.na:
                    continue
                shown = to_wan(cell.value)
                text = format_wan(cell.value)
                candidates = [
                    ("+0.05", shown + Decimal("0.05")),
                    ("+1.00", shown + Decimal("1.00")),
                    ("×10", shown * 10),
                    *(("transposed", value) for value in transpositions(text.lstrip("-"))),
                ]
                for kind, after in candidates:
                    if kind == "transposed" and shown < 0:
                        after = -after
                    if after != shown:
                        yield Mutation(table.id, r, column, kind, shown, after)


def apply(tables: TableSet, m: Mutation) -> TableSet:
    def mutate_table(table: Table) -> Table:
        if table.id != m.table:
            return table
        rows = list(table.rows)
        row = rows[m.row_index]
        cell = row.cells[m.column]
        cells = {**row.cells, m.column: Cell(m.after * YUAN_PER_WAN, cell.na, cell.sources)}
        rows[m.row_index] = replace(row, cells=cells)
        return replace(table, rows=tuple(rows))

    return replace(tables, tables=tuple(mutate_table(t) for t in tables))


def names_cell(finding: Finding, table: Table, row: Row, column: str) -> bool:
    for loc in finding.locations:
        if loc.table != table.id or loc.column != column:
            continue
        if row.code and loc.code == row.code:
            return True
        label = f"{row.label}（{row.side}）" if row.side else row.label
        if not row.code and loc.row in (label, row.label, row.key):
            return True
    return False


def outcome(tables: TableSet, m: Mutation) -> str:
    """ "error": an error finding names the cell; "tail": only a 尾数 (rounding-tail) finding does, i.e. the
    change is within the rounding envelope of every identity the cell is in; "missed": nothing names it."""
    mutated = apply(tables, m)
    table = mutated[m.table]
    row = table.rows[m.row_index]
    naming = [f for f in check(mutated).findings if names_cell(f, table, row, m.column)]
    if any(f.severity is Severity.ERROR for f in naming):
        return "error"
    return "tail" if any(f.rule == TAIL_RULE for f in naming) else "missed"


def where(tables: TableSet, m: Mutation) -> str:
    row = tables[m.table].rows[m.row_index]
    label = f"{row.code} {row.label}" if row.code else row.label
    side = f"（{row.side}）" if row.side else ""
    return f"公开{m.table}表「{label}{side}」「{m.column}」 {m.before} → {m.after} ({m.kind})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dataset", type=Path, default=EXAMPLE)
    parser.add_argument("--show", type=int, default=20, help="undetected mutations to list")
    args = parser.parse_args()

    tables = build_tables(load(args.dataset)).tables
    clean = check(tables)
    errors = [f for f in clean.findings if f.severity is Severity.ERROR]
    print(f"{args.dataset.relative_to(ROOT) if args.dataset.is_relative_to(ROOT) else args.dataset}")
    print(f"unmutated built tables: {len(errors)} error findings, {clean.summary}")
    if errors:
        for f in errors:
            print("  ", f.message)
        return

    start = time.perf_counter()
    results: dict[str, Counter[str]] = {}
    missed: list[Mutation] = []
    cells = set()
    for m in mutations(tables):
        cells.add((m.table, m.row_index, m.column))
        result = outcome(tables, m)
        results.setdefault(m.kind, Counter())[result] += 1
        if result == "missed":
            missed.append(m)
    elapsed = time.perf_counter() - start

    count = sum(sum(c.values()) for c in results.values())
    print(f"amount cells: {len(cells)}; mutations: {count}; {elapsed:.1f} s ({elapsed / count * 1000:.0f} ms each)")
    print("error: an error finding names the mutated cell; 尾数: the change is within the rounding envelope of")
    print("the identities the cell is in, and a rounding-tail finding names it; missed: nothing names it.")
    print(f"{'mutation':<14}{'error':>8}{'尾数':>7}{'missed':>8}{'detected beyond the envelope':>31}")
    totals: Counter[str] = Counter()
    for kind, c in sorted(results.items()):
        totals.update(c)
        beyond = c["error"] + c["missed"]
        share = f"{c['error'] / beyond:.2%}" if beyond else "—"
        print(f"{kind:<14}{c['error']:>8}{c['tail']:>8}{c['missed']:>8}{share:>31}")
    beyond = totals["error"] + totals["missed"]
    print(f"{'all':<14}{totals['error']:>8}{totals['tail']:>8}{totals['missed']:>8}{totals['error'] / beyond:>31.2%}")
    if missed:
        print(f"missed ({len(missed)}):")
        for m in missed[: args.show]:
            print("  ", where(tables, m))


if __name__ == "__main__":
    main()
