"""Benchmark `juesuan check`: one dataset in-process, the cost of each rule, and 1,000 datasets through the API.

1. The example (examples/jdz-nanchang-2023): checking its built tables, and its published tables as read from
   published.yaml (parse + check), the median of ``--repeat`` runs.
2. Per-rule cost: each rule run alone over the example's tables and over a generated 20-unit × 500-项
   department (bench/gen.py), the slowest listed.
3. 1,000 generated datasets (1–3 units, 5–60 项 each, distinct seeds) written to files and checked the way
   ``juesuan check FILE`` does (load → build → check), in this process and with one worker process per core.

Every time is printed with its ratio to a baseline measured in the same run on the same data: serialising the
tables to tables.json (one pass over every cell), so the figures stay comparable on a noisy machine. This is a
plain script, not a test: nothing is asserted.

    .venv/bin/python bench/bench_check.py [--repeat 20] [--datasets 1000] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen
from juesuan.check.checker import check
from juesuan.check.registry import RULES
from juesuan.derive.build import build_tables
from juesuan.load.loader import load
from juesuan.load.tables import load_tables
from juesuan.model.tables import TableSet
from juesuan.pipeline import check_case, open_case
from juesuan.render.json_out import tables_to_json
from measure import median_time

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples/jdz-nanchang-2023"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f} ms"


def per_rule(tables: TableSet, repeat: int) -> list[tuple[float, str, int]]:
    out = []
    for rule in RULES.values():
        if rule.category == "meta":
            continue
        seconds = median_time(lambda rule=rule: check(tables, rules={rule.id: rule}), repeat)  # type: ignore[misc]
        report = check(tables, rules={rule.id: rule})
        out.append((seconds, rule.id, report.coverage[0].checks))
    return sorted(out, reverse=True)


def check_file(path: str) -> int:
    """What ``juesuan check FILE`` does for a ledger dataset; returns the number of findings."""
    case = open_case(path).case
    assert case is not None
    return len(check_case(case).findings)


def write_datasets(folder: Path, count: int) -> list[str]:
    rng = random.Random(2023)
    paths = []
    for n in range(count):
        path = folder / f"d{n:04d}.yaml"
        gen.write(path, units=rng.randint(1, 3), codes=rng.randint(5, 60), seed=n)
        paths.append(str(path))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--datasets", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()

    print("== one dataset in-process (median of", args.repeat, "runs)")
    built = build_tables(load(EXAMPLE / "dataset.yaml")).tables
    base = median_time(lambda: tables_to_json(built), args.repeat)
    print(f"baseline: tables.json of the example        {ms(base)}")
    t = median_time(lambda: check(built), args.repeat)
    print(f"check(built example tables)                 {ms(t)}  {t / base:6.1f}× baseline")
    t = median_time(lambda: check(load_tables(EXAMPLE / "published.yaml")), args.repeat)
    print(f"read + check published.yaml                 {ms(t)}  {t / base:6.1f}× baseline")

    with tempfile.TemporaryDirectory() as tmp:
        large_path = gen.write(Path(tmp) / "large.yaml", units=20, codes=500)
        large = build_tables(load(large_path)).tables
    large_base = median_time(lambda: tables_to_json(large), 3)
    t = median_time(lambda: check(large), 3)
    cells = sum(len(r.cells) for tb in large for r in tb.rows)
    print(f"baseline: tables.json of 20 units × 500 项   {ms(large_base)}  ({cells} cells)")
    print(f"check(20 units × 500 项)                     {ms(t)}  {t / large_base:6.1f}× baseline")

    for name, tables, repeat in (("example", built, args.repeat), ("20 units × 500 项", large, 3)):
        costs = per_rule(tables, repeat)
        total = sum(c[0] for c in costs)
        print(f"== per-rule cost, {name} (each rule alone; all rules {ms(total)})")
        for seconds, rule_id, comparisons in costs[:8]:
            print(f"  {rule_id:<30}{ms(seconds)}  {seconds / total:6.1%}  {comparisons:>6} comparisons")

    print(f"== {args.datasets} generated datasets, load → build → check")
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        paths = write_datasets(Path(tmp), args.datasets)
        print(f"written in {time.perf_counter() - start:.1f} s")
        sample = paths[: max(1, len(paths) // 20)]
        base = median_time(lambda: [tables_to_json(build_tables(load(p)).tables) for p in sample], 1) / len(sample)
        start = time.perf_counter()
        findings = sum(check_file(p) for p in paths)
        serial = time.perf_counter() - start
        per = serial / len(paths)
        print(f"baseline: load → build → tables.json        {ms(base)} per dataset")
        print(f"in this process                              {serial:7.1f} s  {ms(per)} per dataset  "
              f"{per / base:5.1f}× baseline  ({findings} findings)")  # fmt: skip
        start = time.perf_counter()
        with ProcessPoolExecutor(args.workers) as pool:
            parallel_findings = sum(pool.map(check_file, paths, chunksize=20))
        parallel = time.perf_counter() - start
        print(f"{args.workers} worker processes                         {parallel:7.1f} s  "
              f"{serial / parallel:4.2f}× faster than one  ({parallel_findings} findings)")  # fmt: skip


if __name__ == "__main__":
    main()
