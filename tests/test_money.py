from decimal import Decimal

import pytest

from juesuan.model.money import D, format_wan, to_wan


def test_half_up_at_one_hundredth_of_wan():
    assert to_wan(Decimal("835849")) == Decimal("83.58")
    assert to_wan(Decimal("41550")) == Decimal("4.16")  # 4.155 rounds up, not to even
    assert to_wan(Decimal("41549.99")) == Decimal("4.15")


def test_format_wan_keeps_two_decimals():
    assert format_wan(Decimal(0)) == "0.00"
    assert format_wan(Decimal("10000")) == "1.00"


@pytest.mark.parametrize("bad", [1.5, True])
def test_money_is_never_built_from_float_or_bool(bad):
    with pytest.raises(TypeError):
        D(bad)


def test_money_from_text_accepts_thousands_separators():
    assert D("1,234.50") == Decimal("1234.50")
    with pytest.raises(ValueError):
        D("12a")
