"""Error injection for table cells: build the example's tables.html, change one printed amount at a time
(+1.00 万元), audit the changed file, and count the injections the audit detects (a new error or warning
finding that it did not report on the clean file). Also reports the error findings on the clean file
(false errors; the target is zero) and the detection rate (target ≥ 95 %).

Narrative kinds (a stated amount, a percentage, a direction word, a score) need generated reports with
narrative text; they join when the document writers land. A plain script: nothing is asserted.

    .venv/bin/python bench/bench_inject.py [--limit N] [--dataset examples/jdz-nanchang-2023/dataset.yaml]
"""

from __future__ import annotations

import argparse
import re
import tempfile
from decimal import Decimal
from pathlib import Path

import juesuan
from juesuan.audit import audit
from juesuan.render import write_outputs

ROOT = Path(__file__).resolve().parents[1]
CELL = re.compile(r'(<td class="value">)([^<]+)(</td>)')


def keys(report) -> set[tuple[object, ...]]:  # type: ignore[no-untyped-def]
    return {
        (f.rule, f.severity.value, tuple((loc.table, loc.row, loc.column) for loc in f.locations))
        for f in report.report.findings
        if f.severity.value in ("error", "warning")
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dataset", type=Path, default=ROOT / "examples/jdz-nanchang-2023/dataset.yaml")
    parser.add_argument("--limit", type=int, default=0, help="at most N injections (0: every amount cell)")
    args = parser.parse_args()
    tables = juesuan.build_tables(juesuan.load(args.dataset)).tables
    with tempfile.TemporaryDirectory() as tmp:
        (html,) = write_outputs(tables, tmp, ("html",))
        text = html.read_text(encoding="utf-8")
        clean = audit(html)
        clean_keys = keys(clean)
        false_errors = [f for f in clean.report.findings if f.severity.value == "error"]
        cells = [m for m in CELL.finditer(text) if re.fullmatch(r"-?[\d,]+\.\d\d", m.group(2).strip())]
        if args.limit:
            cells = cells[: args.limit]
        detected, missed = 0, []
        changed = Path(tmp) / "changed.html"
        for match in cells:
            value = Decimal(match.group(2).replace(",", "")) + 1
            changed.write_text(text[: match.start(2)] + f"{value:.2f}" + text[match.end(2) :], encoding="utf-8")
            if keys(audit(changed)) - clean_keys:
                detected += 1
            else:
                line = text.count("\n", 0, match.start()) + 1
                missed.append(f"tables.html:{line} {match.group(2)}")
    print(f"clean document: {len(false_errors)} error findings (false errors), {len(clean_keys)} errors+warnings")
    total = len(cells)
    print(f"table-cell injections: {total}, detected {detected} ({100 * detected / max(total, 1):.1f} %)")
    for item in missed[:20]:
        print(f"  missed: {item}")


if __name__ == "__main__":
    main()
