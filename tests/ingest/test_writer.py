"""The table-mode writer is the inverse of the check reader: parse → YAML → check reads back equal."""

from __future__ import annotations

import sys
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_support import signature

import juesuan
from juesuan.ingest.writer import _amount_text, dump_tables, write_tables
from juesuan.load.tables import load_tables

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from test_properties import datasets, load_dataset


def test_seed_round_trip(seed, tmp_path):
    path = tmp_path / "seed.yaml"
    write_tables(seed.tables, path)
    assert signature(load_tables(path)) == signature(seed.tables)


@pytest.mark.corpus
def test_central_round_trip(central, tmp_path):
    path = tmp_path / "central.yaml"
    path.write_text(dump_tables(central.tables, {"path": "x.pdf"}), encoding="utf-8")
    assert signature(load_tables(path)) == signature(central.tables)


@settings(max_examples=200)
@given(st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False))
def test_amount_text_is_exact(yuan):
    assert Decimal(_amount_text(yuan)) * 10000 == yuan


def test_two_decimals_when_exact():
    assert _amount_text(Decimal(835800)) == "83.58"
    assert _amount_text(Decimal(0)) == "0.00"
    assert _amount_text(Decimal("1.5")) == "0.00015"


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(max_units=2, max_codes=10))
def test_random_built_tables_round_trip(data):
    tables = juesuan.build_tables(load_dataset(data)).tables
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.yaml"
        write_tables(tables, path)
        assert signature(load_tables(path)) == signature(tables)
