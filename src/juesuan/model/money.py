"""Money goes through one door.

Amounts are ``Decimal`` in 元 everywhere inside juesuan; ``float`` is never used.
Published tables show 万元 with two decimals: one display unit is 0.01 万元 = 100 元.
The single rounding rule is half-up (四舍五入) at that unit, see :func:`to_wan`.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

ZERO = Decimal(0)
YUAN_PER_WAN = Decimal(10000)
#: One displayed unit (0.01 万元) expressed in 元.
CENT_OF_WAN = Decimal(100)
TWO_PLACES = Decimal("0.01")


def D(value: object) -> Decimal:
    """Build a Decimal from an int, a Decimal or a numeric string; never from a float."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (bool, float)):
        raise TypeError(f"refusing to build money from {type(value).__name__}: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, str):
        text = value.strip().replace(",", "")
        try:
            result = Decimal(text)
        except InvalidOperation as exc:
            raise ValueError(f"not a number: {value!r}") from exc
        if not result.is_finite():
            raise ValueError(f"not a finite number: {value!r}")
        return result
    raise TypeError(f"cannot build money from {type(value).__name__}")


def to_wan(yuan: Decimal) -> Decimal:
    """元 → 万元 rounded half-up to 0.01 (the one display rounding rule)."""
    return (yuan / YUAN_PER_WAN).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def wan_to_yuan(wan: Decimal) -> Decimal:
    return wan * YUAN_PER_WAN


def round_to_cents_of_wan(yuan: Decimal) -> Decimal:
    """Round an amount in 元 to a whole number of display units, returned in 元."""
    return to_wan(yuan) * YUAN_PER_WAN


def format_wan(yuan: Decimal) -> str:
    """Display string of an amount in 元 as 万元 with two decimals, e.g. ``"83.58"``."""
    return f"{to_wan(yuan):.2f}"
