"""The rounding policy: how exact 元 amounts become the 0.01 万元 figures that are published.

``adjusted`` (default)
    Facts are summed over units into *atoms* (e.g. one 项 × 支出性质 × 资金 amount). Each family of atoms
    is rounded top-down along the 支出功能分类 tree: the family total is rounded half-up from 元, then each
    类, 款, 项 and atom gets the floor of its exact value plus, where the parent's displayed figure needs
    it, one more 0.01 万元 (largest remainder first; among the atoms of one 项, where it most reduces the
    running rounding error of the atom's column). Every printed figure is then a sum of rounded atoms, so every
    displayed total equals the sum of its displayed parts and the same quantity prints the same figure in
    every table. Each tree row differs from its exact value by less than 0.01 万元.
    Table 06 is allocated from the displayed 一般公共预算基本支出 total, so 06 and 05 agree.

``independent``
    Every printed figure is rounded half-up from its exact 元 value on its own. Totals can then differ from
    the sum of their parts by a few 0.01 万元 (尾数误差), as in most published reports.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field, replace
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal
from enum import StrEnum

from ..model.accounts import MONEY_FAMILIES, Fact
from ..model.money import CENT_OF_WAN, ZERO
from ..model.source import SourceRef


class Rounding(StrEnum):
    ADJUSTED = "adjusted"
    INDEPENDENT = "independent"


@dataclass
class _Node:
    exact: Decimal = ZERO  # in display units (0.01 万元)
    children: dict[Hashable, _Node] = field(default_factory=dict)
    atom: Fact | None = None
    shown: int = 0


def _units(yuan: Decimal) -> Decimal:
    return yuan / CENT_OF_WAN


def _floor(x: Decimal) -> int:
    return int(x.to_integral_value(rounding=ROUND_FLOOR))


def _half_up(x: Decimal) -> int:
    return int(x.to_integral_value(rounding=ROUND_HALF_UP))


class _Allocator:
    """Top-down largest-remainder allocation with error diffusion across atom columns."""

    def __init__(self) -> None:
        self.error: dict[Hashable, Decimal] = defaultdict(lambda: ZERO)

    def split(self, node: _Node, target: int, column: Callable[[Fact], Hashable]) -> None:
        node.shown = target
        if not node.children:
            return
        kids = list(node.children.values())
        shares = [_floor(k.exact) for k in kids]
        extra = target - sum(shares)
        leaf_level = all(k.atom is not None for k in kids)

        def priority(i: int) -> tuple[Decimal, ...]:
            remainder = kids[i].exact - shares[i]
            atom = kids[i].atom
            if not leaf_level or atom is None:
                return (-remainder,)
            # Give the extra 0.01 where it shrinks its column's running error the most.
            running = self.error[column(atom)]
            benefit = abs(running - remainder) - abs(running + 1 - remainder)
            return (-benefit, -remainder)

        order = sorted(range(len(kids)), key=priority)
        step = 1 if extra > 0 else -1
        while extra != 0:
            moved = False
            for i in order if step > 0 else reversed(order):
                if extra == 0:
                    break
                if step < 0 and shares[i] <= 0:
                    continue
                if step > 0 and kids[i].exact <= 0 and any(k.exact > 0 for k in kids):
                    continue
                shares[i] += step
                extra -= step
                moved = True
            if not moved:  # nothing can absorb the difference (all parts zero): give it to the first part
                shares[0] += extra
                extra = 0
        for kid, share in zip(kids, shares, strict=True):
            if kid.atom is not None:
                self.error[column(kid.atom)] += share - kid.exact
            self.split(kid, share, column)


def _atoms(facts: Iterable[Fact], key: Callable[[Fact], tuple[Hashable, ...]]) -> dict[tuple[Hashable, ...], Fact]:
    """Sum facts with the same key over units; the sum keeps every contributing source."""
    merged: dict[tuple[Hashable, ...], tuple[Fact, list[SourceRef]]] = {}
    for fact in facts:
        k = key(fact)
        if k in merged:
            first, refs = merged[k]
            merged[k] = (replace(first, amount=first.amount + fact.amount), refs)
        else:
            merged[k] = (replace(fact, unit=""), [])
        merged[k][1].extend(fact.refs)
    return {k: replace(f, refs=tuple(refs)) for k, (f, refs) in merged.items()}


def _tree_path(fact: Fact) -> tuple[Hashable, ...]:
    code = fact.code
    if len(code) == 7:
        return (code[:3], code[:5], code)
    if len(code) == 5:
        return (code[:3], code)
    return (code,) if code else ()


def _allocate(atoms: list[Fact], path: Callable[[Fact], tuple[Hashable, ...]],
              column: Callable[[Fact], Hashable], target: int | None = None) -> list[Fact]:  # fmt: skip
    root = _Node()
    for n, atom in enumerate(atoms):
        node = root
        node.exact += _units(atom.amount)
        for part in path(atom):
            node = node.children.setdefault(part, _Node())
            node.exact += _units(atom.amount)
        leaf = node.children.setdefault(("atom", n), _Node())
        leaf.exact, leaf.atom = _units(atom.amount), atom
    _Allocator().split(root, _half_up(root.exact) if target is None else target, column)
    out: list[Fact] = []

    def collect(node: _Node) -> None:
        for kid in node.children.values():
            if kid.atom is not None:
                out.append(replace(kid.atom, amount=Decimal(kid.shown) * CENT_OF_WAN))
            else:
                collect(kid)

    collect(root)
    return out


def round_facts(facts: tuple[Fact, ...]) -> tuple[Fact, ...]:
    """The ``adjusted`` policy: aggregate money facts into atoms and round them consistently."""
    by_family: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        by_family[fact.family].append(fact)
    out: list[Fact] = [f for f in facts if f.family not in MONEY_FAMILIES]
    dims = lambda f: (f.code, f.source, f.nature, f.fund, f.column, f.item)  # noqa: E731

    income = list(_atoms(by_family["income"], dims).values())
    out += _allocate(income, _tree_path, lambda f: f.source)
    spent = list(_atoms(by_family["expenditure"], dims).values())
    expenditure = _allocate(spent, _tree_path, lambda f: (f.fund, f.nature))
    out += expenditure

    def general_basic_of(facts: Iterable[Fact]) -> Decimal:
        return sum((f.amount for f in facts if f.fund == "general_budget" and f.nature == "basic"), ZERO)

    general_basic = general_basic_of(expenditure)
    economic = list(_atoms(by_family["basic_economic"], dims).values())
    exact_economic = sum((f.amount for f in economic), ZERO)
    # Anchor table 06 on table 05's displayed figure when the two agree before rounding (compared exactly:
    # the displayed figure can be up to about 0.01 万元 from the exact one).
    anchored = abs(exact_economic - general_basic_of(spent)) < CENT_OF_WAN and bool(economic)
    target = int(general_basic / CENT_OF_WAN) if anchored else None
    out += _allocate(economic, _tree_path, lambda f: f.code[:3], target)
    for family in ("opening", "closing_given", "distribution", "use_non_fiscal"):
        atoms = list(_atoms(by_family[family], dims).values())
        out += _allocate(atoms, lambda f: (f.fund,), lambda f: f.fund)
    three = list(_atoms(by_family["three_public"], dims).values())
    for column in ("initial_budget", "full_budget", "actual"):
        parts = [f for f in three if f.column == column and f.item != "reception_foreign_affairs"]
        shown = _allocate(parts, lambda f: (f.item,), lambda f: f.item)
        out += shown
        domestic = sum((f.amount for f in shown if f.item == "reception_domestic"), ZERO)
        for inner in (f for f in three if f.column == column and f.item == "reception_foreign_affairs"):
            rounded = Decimal(_half_up(_units(inner.amount))) * CENT_OF_WAN
            out.append(replace(inner, amount=min(rounded, domestic) if domestic else rounded))
    return tuple(out)
