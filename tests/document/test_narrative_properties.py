"""Properties of the composed narrative over random datasets (the generators of tests/test_properties.py) with a
random report section: direction words agree with the signs, each group of shares adds up to exactly 100.00,
no clause is left empty, no percentage is stated against a zero base, and every figure re-derives from its
cells. JUESUAN_PROPERTY_EXAMPLES raises the number of examples (default 100)."""

from __future__ import annotations

import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/: the shared dataset generators

from narrative_cases import EMPTY_CLAUSE, compose, rederive, wan

from juesuan.model.blocks import Paragraph, Run
from test_properties import SETTINGS, datasets, load_dataset

money = st.integers(0, 10**9).map(lambda n: Decimal(n).scaleb(-2)) | st.sampled_from([Decimal(0), Decimal(50)])
REASON_KEYS = ["opening", "income_total", "expenditure_total", "closing", "budget.201", "basic.301", "basic.302",
               "three_public", "three_public.vehicle", "operating_costs"]  # fmt: skip


@st.composite
def reports(draw: st.DrawFn, scale: Decimal) -> dict[str, Any]:
    def amount() -> Decimal:
        return draw(money) / scale

    previous = {k: amount() for k in ("opening", "use_non_fiscal", "income_total", "expenditure_total",
                                      "distribution", "closing", "operating_costs") if draw(st.booleans())}  # fmt: skip
    previous["basic_by_class"] = {c: amount() for c in ("301", "302", "303", "310") if draw(st.booleans())}
    previous["three_public"] = {k: amount() for k in ("total", "abroad", "vehicle", "reception") if draw(st.booleans())}
    report: dict[str, Any] = {
        "previous": previous,
        "initial_budget": {"by_class": {c: amount() for c in ("201", "208", "210") if draw(st.booleans())}},
        "reasons": {k: "原因说明" for k in REASON_KEYS if draw(st.booleans())},
    }
    if draw(st.booleans()):
        report["operating_costs"] = {"amount": amount()}
    if draw(st.booleans()):
        goods, works, services = amount(), amount(), amount()
        sme_goods = draw(st.integers(0, int(goods * scale * 100))) / (100 * scale)
        report["procurement"] = {"goods": goods, "works": works, "services": services,
                                 "sme_goods": Decimal(sme_goods), "small_micro": Decimal(0)}  # fmt: skip
    return report


@st.composite
def datasets_with_reports(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(datasets(max_units=2, max_codes=8))
    scale = Decimal(10000) if data.get("amount_unit") == "万元" else Decimal(1)
    data["report"] = draw(reports(scale))
    return data


def _runs(document: Any) -> list[tuple[Run, str]]:
    """Each run with the text of its paragraph before it."""
    out = []
    for block in document.blocks:
        if isinstance(block, Paragraph):
            before = ""
            for run in block.runs:
                out.append((run, before))
                before += run.text
    return out


@SETTINGS
@given(datasets_with_reports())
def test_narrative_invariants(data: dict[str, Any]) -> None:
    accounts = load_dataset(data)
    composed, tables = compose(accounts)
    document = composed.document
    shares: dict[tuple[str, ...], Decimal] = defaultdict(Decimal)
    for run, before in _runs(document):
        figure = run.figure
        if figure is None:
            continue
        if figure.formula == "difference":  # 比上年增加/减少 A
            assert figure.value != 0
            assert before.endswith("比上年增加" if figure.value > 0 else "比上年减少"), (before, figure)
            assert run.text == f"{abs(wan(figure.value)):.2f}"
        if figure.formula == "growth":  # 增长/下降 p%, never against a zero base
            assert figure.previous is not None and wan(figure.previous) != 0
            assert before.endswith("增长" if figure.value > 0 else "下降"), (before, figure)
        if figure.formula == "share":
            shares[figure.cells[1:]] += figure.value
        problem = rederive(figure, tables, accounts)
        assert problem is None, problem
    assert all(total == Decimal("100.00") for total in shares.values()), dict(shares)
    for block in document.blocks:
        if isinstance(block, Paragraph):
            text = block.text
            assert not EMPTY_CLAUSE.search(text), text
            assert "万元万元" not in text and "%%" not in text
            if "上年无" in text:
                assert "增长率无可比性" in text
    assert len(composed.missing) == len(document.placeholders())
