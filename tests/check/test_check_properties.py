"""Property: tables built from any random dataset pass every arithmetic rule (nothing above info).

Reuses the dataset strategy of tests/test_properties.py (written for the builder).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

from hypothesis import given
from test_checker import CONTENT_RULES

from juesuan.check.checker import check
from juesuan.derive.build import build_tables
from juesuan.findings import Severity

_PATH = Path(__file__).resolve().parents[1] / "test_properties.py"
_spec = importlib.util.spec_from_file_location("juesuan_test_properties", _PATH)
assert _spec and _spec.loader
props: Any = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(props)


@props.SETTINGS
@given(props.datasets(), props.st.sampled_from(["adjusted", "independent"]))
def test_random_datasets_check_clean(data: dict[str, Any], rounding: str) -> None:
    build = build_tables(props.load_dataset(data), rounding)
    report = check(build.tables)
    above = [f.message for f in report.findings if f.severity is not Severity.INFO and f.rule not in CONTENT_RULES]
    assert above == []
    assert not [c for c in report.coverage if c.status == "crashed"]
