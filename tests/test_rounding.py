"""The adjusted rounding policy, stated on small hand-checked cases."""

from decimal import Decimal

from juesuan.derive.rounding import round_facts
from juesuan.model.accounts import Fact


def spend(code: str, yuan: str, nature: str = "basic") -> Fact:
    return Fact("expenditure", Decimal(yuan), code=code, nature=nature, fund="general_budget")


def shown(facts, **dims) -> Decimal:
    return sum((f.amount for f in facts if all(getattr(f, k) == v for k, v in dims.items())), Decimal(0)) / 10000


def test_total_is_rounded_from_yuan_and_parts_add_up_to_it():
    # three items of 0.3334 万元: independent rounding prints 0.33 ×3 = 0.99 under a total of 1.00
    facts = tuple(spend(code, "3334") for code in ("2010301", "2010302", "2010350"))
    rounded = round_facts(facts)
    assert shown(rounded) == Decimal("1.00")
    assert sorted(shown(rounded, code=c) for c in ("2010301", "2010302", "2010350")) == [
        Decimal("0.33"),
        Decimal("0.33"),
        Decimal("0.34"),
    ]


def test_every_tree_node_stays_within_one_hundredth_of_its_exact_value():
    facts = tuple(spend(f"20103{n:02d}", str(12345 + 4999 * n)) for n in range(1, 40))
    rounded = round_facts(facts)
    for fact, exact in zip(sorted(rounded, key=lambda f: f.code), sorted(facts, key=lambda f: f.code), strict=True):
        assert abs(fact.amount - exact.amount) < 100


def test_same_item_split_by_nature_keeps_column_totals_close():
    facts = []
    for n in range(1, 60):
        facts.append(spend(f"20103{n:02d}", "4449", "basic"))
        facts.append(spend(f"20103{n:02d}", "4449", "project"))
    rounded = round_facts(tuple(facts))
    exact_basic = Decimal(4449 * 59) / 10000
    assert abs(shown(rounded, nature="basic") - exact_basic) <= Decimal("0.02")
    assert abs(shown(rounded, nature="project") - exact_basic) <= Decimal("0.02")


def test_zero_facts_stay_zero_and_are_kept():
    rounded = round_facts((spend("2010301", "0"), spend("2010302", "12345")))
    assert {f.code: f.amount for f in rounded} == {"2010301": Decimal(0), "2010302": Decimal(12300)}


def test_the_extra_hundredth_goes_where_it_reduces_the_column_error():
    # 2010301 leaves 基本 0.0964 under; 2010302 must still give its extra 0.01 to 项目 (remainder 0.996),
    # not to 基本 (remainder 0.10): both column totals then round correctly.
    facts = (
        spend("2010301", "130796.36"),
        spend("2010302", "136210.37"),
        spend("2010302", "503099.58", "project"),
    )
    rounded = round_facts(facts)
    assert shown(rounded, nature="basic") == Decimal("26.70")
    assert shown(rounded, nature="project") == Decimal("50.31")
