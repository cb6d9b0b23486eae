"""Benchmark `juesuan build` stage by stage: load, derive, each writer, and all formats written to disk.

Datasets: (a) the example examples/jdz-nanchang-2023/dataset.yaml (tests/fixtures/mini.yaml if it is missing) and
(b) a generated department of 20 units × 500 distinct 项 codes (bench/gen.py, fixed seed).

Each time is the median of a few runs and is printed as a ratio to a baseline measured in the same run on the
same file (yaml.safe_load + json.dumps), so figures stay comparable on a noisy machine. Peak memory is given two
ways: the peak of Python allocations during each stage (tracemalloc, one extra run), and the peak resident set
size of a fresh process doing the whole build (resource.getrusage in a subprocess). Writers that raise
NotImplementedError are reported as skipped. This is a plain script, not a test: nothing is asserted.

    .venv/bin/python bench/bench_build.py [--repeat N] [--units 20] [--codes 500]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen
from juesuan.derive.build import build_tables
from juesuan.load.loader import load
from juesuan.pipeline import write_outputs
from juesuan.render import FORMATS
from juesuan.render.json_out import tables_to_json
from measure import median_time, traced_peak

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples/jdz-nanchang-2023/dataset.yaml"
FALLBACK = ROOT / "tests/fixtures/mini.yaml"

# A fresh interpreter doing the whole build; prints its peak RSS in KiB after the imports and at the end.
# VmHWM (Linux) belongs to the new process image; ru_maxrss would also count the parent's peak at fork time.
CHILD = """
import resource, sys, tempfile
from juesuan.derive.build import build_tables
from juesuan.load.loader import load
from juesuan.pipeline import write_outputs

def peak():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

before = peak()
tables = build_tables(load(sys.argv[1])).tables
with tempfile.TemporaryDirectory() as out:
    for fmt in sys.argv[2].split(","):
        try:
            write_outputs(tables, out, (fmt,))
        except NotImplementedError:
            pass
print(before, peak())
"""


def baseline(path: Path) -> None:
    json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str, ensure_ascii=False)


def writer(fmt: str) -> Callable[..., object]:
    from juesuan.render import html, markdown, xlsx

    return {"json": tables_to_json, "md": markdown.render, "html": html.render, "xlsx": xlsx.render}[fmt]


def child_rss(path: Path, formats: list[str]) -> tuple[int, int]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), ",".join(formats)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    before, after = (int(x) for x in done.stdout.split())
    return before, after


def measure(name: str, path: Path, repeat: int) -> None:
    accounts = load(path)
    tables = build_tables(accounts).tables
    stages: dict[str, Callable[[], object]] = {
        "baseline": lambda: baseline(path),
        "load": lambda: load(path),
        "derive": lambda: build_tables(accounts),
    }
    skipped: list[str] = []
    working: list[str] = []
    for fmt in FORMATS:
        try:
            writer(fmt)(tables)
        except NotImplementedError:
            skipped.append(fmt)
            continue
        working.append(fmt)
        stages[f"render {fmt}"] = lambda fmt=fmt: writer(fmt)(tables)

    def write_all() -> None:
        with tempfile.TemporaryDirectory() as out:
            write_outputs(tables, out, tuple(working))

    stages["write all"] = write_all
    stages["build total"] = lambda: write_all_from(path, working)

    times = {stage: median_time(fn, repeat) for stage, fn in stages.items()}
    peaks = {stage: traced_peak(fn) for stage, fn in stages.items()}
    rss_before, rss_after = child_rss(path, working)

    base = times["baseline"]
    size = path.stat().st_size
    rows = sum(len(t.rows) for t in tables)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    print(f"\n{name}: {shown}, {size / 1e6:.2f} MB, {len(accounts.units)} units, {len(accounts.facts)} facts, "
          f"{rows} table rows; median of {repeat}")  # fmt: skip
    print(f"  {'stage':<13}{'time':>11}{'× baseline':>12}{'peak traced':>14}")
    for stage in stages:
        print(f"  {stage:<13}{times[stage] * 1000:>8.1f} ms{times[stage] / base:>11.2f}×{peaks[stage] / 1e6:>11.1f} MB")
    for fmt in skipped:
        print(f"  render {fmt:<6}   skipped (NotImplementedError)")
    print(f"  process peak RSS: {rss_after / 1024:.0f} MB (after imports {rss_before / 1024:.0f} MB)")


def write_all_from(path: Path, formats: list[str]) -> None:
    """load + derive + every working format written to a temporary directory: the whole `juesuan build`."""
    with tempfile.TemporaryDirectory() as out:
        write_outputs(build_tables(load(path)).tables, out, tuple(formats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5, help="runs per stage for the small dataset")
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--codes", type=int, default=500)
    args = parser.parse_args()
    example = EXAMPLE if EXAMPLE.exists() else FALLBACK
    measure("example", example, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        large = gen.write(Path(tmp) / "large.yaml", units=args.units, codes=args.codes)
        print(f"\n(generated {large.name} in {time.perf_counter() - start:.1f} s)")
        measure(f"large department ({args.units} units × {args.codes} 项 codes)", large, max(2, args.repeat // 2))


if __name__ == "__main__":
    main()
