"""Figure keys bound to the tables or the accounts (``figures.yaml``), and their values there."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from ..model.accounts import Accounts
from ..yamlsrc import parse

#: Keys compared with the evaluation's own fields rather than with other figures.
OWN_FIELDS = {"amount": "评价金额", "score": "总得分", "rate": "总得分率"}


@dataclass(frozen=True)
class Binding:
    key: str
    title: str
    tables: str | None = None  # an expression over the tables
    accounts: str | None = None  # staff.in_service / staff.authorized


@cache
def bindings() -> dict[str, Binding]:
    text = resources.files("juesuan.perf").joinpath("figures.yaml").read_text(encoding="utf-8")
    return {
        str(e["key"]): Binding(str(e["key"]), str(e["title"]), e.get("tables"), e.get("accounts"))
        for e in parse(text) or []
    }


def accounts_value(accounts: Accounts, what: str) -> Decimal | None:
    """A count from the accounts: ``staff.<field>`` summed over the units (None when any unit lacks it)."""
    kind, _, name = what.partition(".")
    if kind != "staff":
        raise ValueError(f"figures.yaml: unknown accounts binding {what!r}")
    values = [getattr(unit.staff, name) for unit in accounts.units]
    if not values or any(v is None for v in values):
        return None
    return Decimal(sum(values))
