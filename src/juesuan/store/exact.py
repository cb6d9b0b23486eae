"""Exact decimals in the database: NUMERIC on PostgreSQL, decimal text on SQLite, never a float.

Amounts are ``Decimal`` 元 inside juesuan and the figures of findings carry whatever scale they were computed
with (a tolerance of 0.065 万元, a rate of 35.94 %), so the store keeps one exact type for all of them.
PostgreSQL's unconstrained ``NUMERIC`` is exact at any scale. SQLite has no exact decimal (SQLAlchemy's
``Numeric`` goes through a float there, and a column of NUMERIC affinity turns text into REAL), so on SQLite
the value is stored as its plain decimal text (``format(value, "f")``) in a TEXT column and read back with
``Decimal(text)``: equal to what was saved, digit for digit. Comparisons and sums over such a column in SQL
are textual on SQLite: do arithmetic in Python (or on PostgreSQL).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator, TypeEngine


class Exact(TypeDecorator[Decimal]):
    """A ``Decimal`` column stored exactly on every backend (None stays NULL)."""

    impl = Numeric
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(Numeric(asdecimal=True))
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, Decimal | int):
            raise TypeError(f"an exact column takes a Decimal or an int, not {type(value).__name__}: {value!r}")
        value = Decimal(value)
        if not value.is_finite():
            raise ValueError(f"an exact column takes a finite number, not {value}")
        return value if dialect.name == "postgresql" else format(value, "f")

    def process_result_value(self, value: Any, dialect: Dialect) -> Decimal | None:
        if value is None:
            return None
        return value if isinstance(value, Decimal) else Decimal(str(value))

    @property
    def python_type(self) -> type[Decimal]:
        return Decimal
