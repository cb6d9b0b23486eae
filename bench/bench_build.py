"""Benchmark `juesuan build`: load, derive and each writer, for the example and a large department.

Times are medians of a few runs and are printed with their ratio to a baseline measured in the same
run (parsing the same file with yaml.safe_load and dumping it with json.dumps), so figures stay
comparable on a noisy machine. Peak memory is measured with tracemalloc for one full build.

    .venv/bin/python bench/bench_build.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen
import juesuan
from juesuan.render import html, markdown, xlsx
from juesuan.render.json_out import tables_to_json

ROOT = Path(__file__).resolve().parents[1]


def timed(fn: Callable[[], object], repeat: int) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def baseline(path: Path) -> None:
    json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str, ensure_ascii=False)


def measure(name: str, path: Path, repeat: int) -> None:
    base = timed(lambda: baseline(path), repeat)
    accounts = juesuan.load(path)
    tables = juesuan.build_tables(accounts).tables
    stages: dict[str, Callable[[], object]] = {
        "load": lambda: juesuan.load(path),
        "derive": lambda: juesuan.build_tables(accounts),
        "json": lambda: tables_to_json(tables),
        "md": lambda: markdown.render(tables),
        "html": lambda: html.render(tables),
        "xlsx": lambda: xlsx.render(tables),
    }
    times = {stage: timed(fn, repeat) for stage, fn in stages.items()}
    with tempfile.TemporaryDirectory() as out:
        tracemalloc.start()
        start = time.perf_counter()
        juesuan.write_outputs(juesuan.build_tables(juesuan.load(path)).tables, out)
        total = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    facts = len(accounts.facts)
    rows = sum(len(t.rows) for t in tables)
    print(f"\n{name}: {path.name}, {path.stat().st_size / 1e6:.2f} MB, {len(accounts.units)} units, "
          f"{facts} facts, {rows} table rows")  # fmt: skip
    print(f"  baseline (yaml.safe_load + json.dumps): {base * 1000:8.1f} ms")
    for stage, seconds in times.items():
        print(f"  {stage:<8} {seconds * 1000:8.1f} ms   {seconds / base:6.2f}× baseline")
    print(f"  all formats, one run (traced): {total:.2f} s, peak traced memory {peak / 1e6:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    measure("example", ROOT / "examples/jdz-nanchang-2023/dataset.yaml", args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        large = gen.write(Path(tmp) / "large.yaml", units=20, codes=500)
        measure("large department (20 units × 500 项 codes)", large, max(1, args.repeat - 1))


if __name__ == "__main__":
    main()
