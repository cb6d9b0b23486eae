"""Property tests: figures worded the way the narrative composer words them are read back exactly, and the
narrative checks find nothing wrong with them."""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from hypothesis import example, given, settings
from hypothesis import strategies as st

from juesuan.check.checker import check
from juesuan.check.registry import RULES
from juesuan.findings import Severity
from juesuan.statements import Aspect, extract_statements

CENT = Decimal("0.01")
HUNDRED = Decimal(100)
NARRATIVE = {k: r for k, r in RULES.items() if "statements" in r.needs}
SUBJECTS = {"本年收入合计": "income_total", "年初结转和结余": "opening", "本年支出合计": "expenditure_total",
            "年末结转和结余": "closing"}  # fmt: skip
SOURCES = ["财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"]

amounts = st.integers(min_value=0, max_value=99_999_999).map(lambda n: Decimal(n) / 100)


def change_phrase(now: Decimal, before: Decimal) -> str:
    """The composer's wording (juesuan.document.wording.Writer.change) of a year-on-year change."""
    difference = now - before
    if difference == 0:
        return "与上年持平"
    up = difference > 0
    text = f"{'比上年增加' if up else '比上年减少'}{abs(difference):.2f}万元，"
    if before == 0:
        return text + "上年无此项，增长率无可比性"
    growth = (abs(difference) / before * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    return text + f"{'增长' if up else '下降'}{growth:.2f}%"


def largest_remainder(parts: list[Decimal]) -> list[Decimal]:
    """The composer's shares: cut down to 0.01, the missing 0.01s to the largest remainders."""
    whole = sum(parts, Decimal(0))
    exact = [p / whole * HUNDRED for p in parts]
    floors = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    missing = int(((HUNDRED - sum(floors, Decimal(0))) / CENT).to_integral_value(rounding=ROUND_HALF_UP))
    for i in sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))[:missing]:
        floors[i] += CENT
    return floors


def _problems(statements):  # type: ignore[no-untyped-def]
    report = check(None, inputs={"statements": statements}, rules=NARRATIVE)
    return [f.message for f in report.findings if f.severity is not Severity.INFO]


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(SUBJECTS)), amounts, amounts)
@example("年初结转和结余", Decimal("200"), Decimal("200.01"))  # 下降0.00%: a rate that rounds to zero
def test_change_wording_reads_back(name: str, now: Decimal, before: Decimal) -> None:
    text = f"本部门 2023 年度{name}{now:.2f}万元，{change_phrase(now, before)}。"
    statements = extract_statements([(None, 1, text)])
    got = {s.aspect: s for s in statements.items}
    assert got[Aspect.VALUE].value == now and got[Aspect.VALUE].subject == SUBJECTS[name]
    change = got[Aspect.CHANGE]
    assert change.subject == SUBJECTS[name]
    assert change.signed_value == now - before
    if now != before and before != 0:
        rate = got[Aspect.RATE]
        assert rate.direction == ("增长" if now > before else "下降")
        assert rate.value == (abs(now - before) / before * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    else:
        assert Aspect.RATE not in got
    assert _problems(statements) == []


@settings(max_examples=100, deadline=None)
@given(st.lists(amounts, min_size=2, max_size=6).filter(lambda xs: sum(xs) > 0))
def test_composition_wording_reads_back_and_adds_up(parts: list[Decimal]) -> None:
    shares = largest_remainder(parts)
    listed = "；".join(
        f"{SOURCES[i]}{p:.2f}万元，占{s:.2f}%" for i, (p, s) in enumerate(zip(parts, shares, strict=True))
    )
    text = f"本年收入合计{sum(parts):.2f}万元。本年收入的具体构成：{listed}。"
    statements = extract_statements([(None, 1, text)])
    read = [s.value for s in statements.items if s.aspect is Aspect.SHARE]
    assert read == shares
    assert all(s.denominator == "income_total" for s in statements.items if s.aspect is Aspect.SHARE)
    assert _problems(statements) == []


@settings(max_examples=100, deadline=None)
@given(amounts.filter(lambda b: b > 0), amounts)
def test_completion_wording_reads_back(budget: Decimal, actual: Decimal) -> None:
    rate = (actual / budget * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)
    text = (
        f"（一）一般公共服务支出（类）年初预算数{budget:.2f}万元，决算数{actual:.2f}万元，完成年初预算的{rate:.2f}%。"
    )
    statements = extract_statements([(None, 1, text)])
    assert [(s.subject, s.aspect, s.value) for s in statements.items] == [
        ("func:201", Aspect.INITIAL_BUDGET, budget), ("func:201", Aspect.VALUE, actual),
        ("func:201", Aspect.COMPLETION, rate),
    ]  # fmt: skip
    assert _problems(statements) == []


@settings(max_examples=100, deadline=None)
@given(amounts.filter(lambda b: b > 0), amounts, st.integers(min_value=1, max_value=500))
def test_a_wrong_completion_rate_is_found(budget: Decimal, actual: Decimal, off: int) -> None:
    rate = (actual / budget * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP) + Decimal(off) / 10
    text = (
        f"（一）一般公共服务支出（类）年初预算数{budget:.2f}万元，决算数{actual:.2f}万元，完成年初预算的{rate:.2f}%。"
    )
    report = check(None, inputs={"statements": extract_statements([(None, 1, text)])}, rules=NARRATIVE)
    found = [f for f in report.findings if f.rule in ("narrative-completion", "rounding-tail")]
    assert found, text
