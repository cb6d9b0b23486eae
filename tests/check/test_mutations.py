"""A slice of the mutation benchmark (bench/bench_mutation.py) as a test: in tables 01 and 04 of the example,
every typo beyond the rounding envelope is caught by an error finding that names the mistyped cell."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

from juesuan.derive.build import build_tables
from juesuan.load.loader import load

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("bench_mutation", ROOT / "bench" / "bench_mutation.py")
assert _spec and _spec.loader
bench: Any = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = bench  # dataclasses look their module up
_spec.loader.exec_module(bench)


def test_transpositions_swap_adjacent_different_digits() -> None:
    assert [str(v) for v in bench.transpositions("83.58")] == ["38.58", "85.38", "83.85"]
    assert list(bench.transpositions("0.00")) == []


def test_every_mutation_of_tables_01_and_04_is_named_by_an_error() -> None:
    tables = build_tables(load(ROOT / "examples/jdz-nanchang-2023/dataset.yaml")).tables
    picked = [m for m in bench.mutations(tables) if m.table in ("01", "04") and m.kind != "+0.05"]
    assert len(picked) > 40
    outcomes = {bench.where(tables, m): bench.outcome(tables, m) for m in picked}
    assert [w for w, o in outcomes.items() if o != "error"] == []
