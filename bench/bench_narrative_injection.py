"""Error injection into the seed's narrative: does each injected error give a new finding at its line?

The baseline is the seed report as published (its own findings are known, see
tests/statements/test_seed_narrative_findings.py). For every figure stated in 第三部分 情况说明 that is
linked to a subject, one error is injected at a time, in one of these kinds:

* ``amount``    a 万元 figure + 0.10 (or a count + 1)
* ``percent``   a percentage + 1.00 pp
* ``direction`` a direction word flipped (增加 ↔ 减少, 增长 ↔ 下降)

and the narrative rules are run against the published tables. An injection is *detected* when a finding
appears that is not in the baseline and points at the injected line. Findings that appear at other lines are
counted as collateral (they are consequences, e.g. a share that no longer adds up). Nothing is asserted: the
script prints detection rates per kind and per aspect, and lists what was missed.

    PYTHONPATH=src .venv/bin/python bench/bench_narrative_injection.py
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

from juesuan.check.checker import check
from juesuan.check.registry import RULES
from juesuan.load.tables import load_tables
from juesuan.model.statements import Statement
from juesuan.statements import extract_statements

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "jdz-nanchang-2023-final-accounts.txt"
PUBLISHED = ROOT / "examples" / "jdz-nanchang-2023" / "published.yaml"
NARRATIVE = {k: r for k, r in RULES.items() if "statements" in r.needs}
FLIP = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长"}


def findings(text: str, tables):  # type: ignore[no-untyped-def]
    statements = extract_statements([(None, 1, text)], path=str(SEED))
    report = check(tables, inputs={"statements": statements}, rules=NARRATIVE)
    return {(f.rule, f.message, tuple(loc.line for loc in f.locations if loc.table is None)) for f in report.findings}


def inject(lines: list[str], s: Statement, kind: str) -> list[str] | None:
    number = s.source.line
    if number is None:
        return None
    line = lines[number - 1]
    written = s.text
    if kind == "direction":
        if s.direction not in FLIP:
            return None
        # the direction word right before the number
        at = line.find(written)
        head = line[:at]
        cut = head.rfind(s.direction)
        if cut < 0:
            return None
        changed = head[:cut] + FLIP[s.direction] + head[cut + len(s.direction) :] + line[at:]
    else:
        if s.direction == "持平":
            return None
        value = s.value
        if kind == "percent":
            if s.unit != "%":
                return None
            bumped = value + Decimal(1)
        else:
            if s.unit == "%":
                return None
            bumped = value + (Decimal("0.10") if s.unit == "万元" else Decimal(1))
        text = f"{bumped:.{s.decimals}f}"
        number_text = written.split(s.unit)[0].strip().rstrip("余多").strip()
        if number_text not in line:
            return None
        changed = line.replace(number_text + written[len(number_text) :], text + written[len(number_text) :], 1)
    if changed == line:
        return None
    out = list(lines)
    out[number - 1] = changed
    return out


def main() -> int:
    if not SEED.exists():
        print("seed report not found:", SEED)
        return 1
    tables = load_tables(PUBLISHED)
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    started = time.perf_counter()
    base = findings(text, tables)
    statements = extract_statements([(None, 1, text)], path=str(SEED))
    targets = [s for s in statements.items if s.part == "情况说明" and s.subject]
    tried: Counter[str] = Counter()
    hit: Counter[str] = Counter()
    missed: list[str] = []
    collateral = 0
    for s in targets:
        for kind in ("amount", "percent", "direction"):
            changed = inject(lines, s, kind)
            if changed is None:
                continue
            key = f"{kind}/{s.aspect.value}"
            tried[key] += 1
            new = findings("\n".join(changed), tables) - base
            at_line = [f for f in new if s.source.line in f[2]]
            collateral += len(new) - len(at_line)
            if at_line:
                hit[key] += 1
            else:
                missed.append(f"{key:28} 第{s.source.line}行 {s.subject} {s.text}")
    elapsed = time.perf_counter() - started
    total_tried, total_hit = sum(tried.values()), sum(hit.values())
    print(f"baseline findings on the seed: {len(base)}; injected errors: {total_tried}; runs: {total_tried + 1}")
    print(f"detected at the injected line: {total_hit}/{total_tried} = {total_hit / max(total_tried, 1):.1%}")
    for kind in ("amount", "percent", "direction"):
        t = sum(v for k, v in tried.items() if k.startswith(kind))
        h = sum(v for k, v in hit.items() if k.startswith(kind))
        print(f"  {kind:9} {h}/{t} = {h / max(t, 1):.1%}")
    for key in sorted(tried):
        print(f"    {key:28} {hit[key]}/{tried[key]}")
    print(f"collateral findings at other lines: {collateral}")
    print(f"time: {elapsed:.1f} s for {total_tried + 1} extract+check runs")
    if missed:
        print("missed:")
        for line in missed:
            print("  ", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
