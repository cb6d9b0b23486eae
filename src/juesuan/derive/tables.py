"""Facts + profile → filled tables. Pure computation: every cell is a sum of facts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..model.accounts import Accounts, Fact
from ..model.codes import economic_codes, functional_codes, level_of
from ..model.money import ZERO
from ..model.source import SourceRef
from ..model.tables import Cell, Column, Row, Table
from ..model.vocab import STAT_SPENDING
from ..profiles.model import Measure, Profile, RowSpec, SideSpec, TableSpec

_DIMS = ("source", "nature", "fund", "column", "item")
_MAX_SOURCES = 50  # provenance kept per cell (the rest is derivable from the facts)


@dataclass(frozen=True)
class _Selector:
    families: frozenset[str] | None
    dims: tuple[tuple[str, frozenset[str]], ...]
    code: str

    @classmethod
    def of(cls, measure: Measure) -> _Selector:
        def values(v: str | list[str]) -> frozenset[str]:
            return frozenset([v] if isinstance(v, str) else v)

        family = measure.get("family")
        dims = tuple((d, values(measure[d])) for d in _DIMS if d in measure)
        code = measure.get("code", "")
        return cls(None if family is None else values(family), dims, code if isinstance(code, str) else "")

    def matches(self, fact: Fact) -> bool:
        if self.families is not None and fact.family not in self.families:
            return False
        if self.code and not fact.code.startswith(self.code):
            return False
        return all(getattr(fact, d) in allowed for d, allowed in self.dims)


class _Sums:
    """Σ of matching facts, cached per selector; by code prefix for classified rows.

    A 三公 statistic (团组数, 人次, 批次 …) that some units state and another unit with 三公 data does not is
    unknown for the department, not the sum of those given: its cell stays blank (the report marks it
    【待补充】), so a missing count is never printed as 0."""

    def __init__(self, facts: Iterable[Fact], partial_stats: frozenset[str] = frozenset()) -> None:
        self.facts = tuple(facts)
        self._by_prefix: dict[_Selector, dict[str, tuple[Decimal, list[SourceRef]]]] = {}
        self.partial_stats = partial_stats

    def by_prefix(self, selector: _Selector) -> dict[str, tuple[Decimal, list[SourceRef]]]:
        cached = self._by_prefix.get(selector)
        if cached is not None:
            return cached
        out: dict[str, tuple[Decimal, list[SourceRef]]] = {}
        for fact in self.facts:
            if not selector.matches(fact):
                continue
            code = fact.code
            for key in {"", code[:3], code[:5], code} if code else {""}:
                amount, refs = out.get(key, (ZERO, []))
                if len(refs) < _MAX_SOURCES:
                    refs = refs + list(fact.refs[: _MAX_SOURCES - len(refs)])
                out[key] = (amount + fact.amount, refs)
        self._by_prefix[selector] = out
        return out

    def cell(self, measure: Measure, code: str = "") -> Cell:
        if measure.get("family") == STATS and measure.get("item") in self.partial_stats:
            return Cell()
        found = self.by_prefix(_Selector.of({k: v for k, v in measure.items() if k != "code"}))
        prefix = code or str(measure.get("code", ""))
        if prefix not in found:
            return Cell()
        amount, refs = found[prefix]
        return Cell(amount, sources=tuple(refs))


STATS = "three_public_stats"


def _partial_stats(facts: tuple[Fact, ...]) -> frozenset[str]:
    """The 三公 statistics stated by some units but not by a unit that spent on what they count (from the
    ledger's facts, which name their unit; the rounded facts the tables sum may not). A unit that spent
    nothing on it and states nothing has none."""
    spent = {(f.unit, f.item) for f in facts if f.family == "three_public" and f.column == "actual" and f.amount}
    stated: dict[str, set[str]] = {}
    for fact in facts:
        if fact.family == STATS:
            stated.setdefault(fact.item, set()).add(fact.unit)
    units = {f.unit for f in facts}
    return frozenset(
        item
        for item, given in stated.items()
        if any((unit, money) in spent for unit in units - given for money in STAT_SPENDING.get(item, ()))
    )


def _merge(*measures: Measure | None) -> Measure:
    """Combine table, side, column and row measures: the most specific ``family`` and ``code`` win;
    every other dimension must hold in all of them (the allowed values are intersected)."""
    merged: Measure = {}
    for m in measures:
        for key, value in (m or {}).items():
            if key in ("family", "code") or key not in merged:
                merged[key] = value
            else:
                before = merged[key]
                allowed = {before} if isinstance(before, str) else set(before)
                merged[key] = sorted(allowed & ({value} if isinstance(value, str) else set(value)))
    return merged


class TableBuilder:
    def __init__(self, profile: Profile, accounts: Accounts, facts: tuple[Fact, ...]) -> None:
        self.profile = profile
        self.accounts = accounts
        self.sums = _Sums(facts, _partial_stats(tuple(accounts.facts)))
        self.unknown_codes: dict[str, str] = {}

    def build(self, spec: TableSpec) -> Table:
        columns: list[Column] = []
        rows: list[Row] = []
        for side in spec.all_sides():
            side_columns = side.columns or spec.columns
            columns += [Column(c.header, c.number, c.group, side.side, c.key or c.header) for c in side_columns]
            if spec.kind == "tree":
                rows += self._tree_rows(spec, side)
            else:
                rows += self._fixed_rows(spec, side)
        notes = tuple(n.replace("{year}", str(self.accounts.year)) for n in spec.notes)
        empty = all(cell.value is None or cell.value == 0 for row in rows for cell in row.cells.values())
        if empty and spec.empty_note and not any(_squeeze(spec.empty_note) in _squeeze(n) for n in notes):
            notes += (f"{spec.empty_note}。",)  # an empty table is published with its statement (e.g. Shanghai)
        return Table(
            id=spec.id, code=spec.code, title=spec.title, unit=spec.unit, department=self.accounts.department,
            year=self.accounts.year, columns=tuple(columns), rows=tuple(rows), notes=notes,
            empty_note=spec.empty_note, layout=spec.layout, row_header=spec.row_header,
            groups=tuple((g.name, tuple(g.classes)) for g in spec.groups),
        )  # fmt: skip

    # -- names -------------------------------------------------------------------------------------
    def name(self, code: str, economic: bool = False, fallback: str = "") -> str:
        if code in self.accounts.names:
            return self.accounts.names[code]
        if fallback:
            return fallback
        table = economic_codes() if economic else functional_codes()
        found = table.name(code)
        if found is None:
            self.unknown_codes[code] = "economic" if economic else "functional"
            return "（未知科目）"
        return found

    # -- tree tables -------------------------------------------------------------------------------
    def _tree_rows(self, spec: TableSpec, side: SideSpec) -> list[Row]:
        columns = side.columns or spec.columns
        measures = {c.key or c.header: _merge(spec.measure, side.measure, c.measure) for c in columns}
        codes: set[str] = set()
        for measure in measures.values():
            selector = _Selector.of(measure)
            codes.update(k for k in self.sums.by_prefix(selector) if k)
        rows = [self._row(spec.total_label, measures, "", side.side, level="合计", key="total")]
        for code in sorted(codes):
            level = level_of(code) or "项"
            indent = {"类": 0, "款": 1, "项": 2}[level]
            rows.append(self._row(self.name(code), measures, code, side.side, level=level, indent=indent))
        return rows

    def _row(self, label: str, measures: dict[str, Measure], code: str, side: str, **extra: object) -> Row:
        cells = {h: self.sums.cell(m, code) for h, m in measures.items()}
        return Row(label=label, cells=cells, code=code or None, side=side,
                   key=str(extra.pop("key", code)) or None, **extra)  # type: ignore[arg-type]  # fmt: skip

    # -- fixed tables ------------------------------------------------------------------------------
    def _expand(self, spec: TableSpec, side: SideSpec) -> list[tuple[RowSpec, str | None]]:
        """Rows with class/economic markers expanded; each with its group (06) or None."""
        out: list[tuple[RowSpec, str | None]] = []
        for row in side.rows or spec.rows:
            if row.class_rows:
                for n, cls in enumerate(self.profile.class_rows):
                    line = None if row.first_line is None else row.first_line + n
                    out.append((RowSpec(key=cls.code, label=cls.label, line=line, code=cls.code,
                                        measure=row.measure), None))  # fmt: skip
            elif row.economic_rows:
                out += self._economic_rows(spec)
            else:
                out.append((row, None))
        return out

    def _economic_rows(self, spec: TableSpec) -> list[tuple[RowSpec, str | None]]:
        listed = {r.code: r.label for r in self.profile.economic_rows}
        selector = _Selector.of(spec.measure)
        used = {k for k in self.sums.by_prefix(selector) if len(k) == 5}
        codes = sorted(set(listed) | used | {c[:3] for c in used})
        group_of = {cls: g.name for g in spec.groups for cls in g.classes}
        out = []
        for code in codes:
            label = self.name(code, economic=True, fallback=listed.get(code, ""))
            indent = 0 if len(code) == 3 else 1
            out.append((RowSpec(key=code, label=label, code=code, indent=indent), group_of.get(code[:3])))
        return out

    def _fixed_rows(self, spec: TableSpec, side: SideSpec) -> list[Row]:
        columns = side.columns or spec.columns
        expanded = self._expand(spec, side)
        by_key = {r.key: r for r, _ in expanded if r.key}
        class_keys = [r.key for r, _ in expanded if r.key and r.code and len(r.code) == 3]
        computed: dict[str, dict[str, Cell]] = {}

        def cells_of(row: RowSpec) -> dict[str, Cell]:
            if row.key and row.key in computed:
                return computed[row.key]
            cells: dict[str, Cell] = {}
            for col in columns:
                key = col.key or col.header
                if col.header in row.na or key in row.na:
                    cells[key] = Cell(na=True)
                elif row.sum is not None:
                    keys = [k for part in row.sum for k in (class_keys if part == "class_rows" else [part])]
                    parts = [cells_of(by_key[k])[key] for k in keys if k in by_key]
                    values = [p.value for p in parts if p.value is not None]
                    cells[key] = Cell(sum(values, ZERO) if values else None)
                elif row.measure is not None or row.code:
                    measure = _merge(spec.measure, side.measure, col.measure, row.measure)
                    cells[key] = self.sums.cell(measure, row.code or "")
                else:
                    cells[key] = Cell()
            if row.key:
                computed[row.key] = cells
            return cells

        rows = []
        for row, group in expanded:
            kind = row.kind or spec.value_kind
            rows.append(Row(label=row.label, cells=cells_of(row), code=row.code, line=row.line, side=side.side,
                            key=row.key, kind=kind, indent=row.indent, group=group))  # fmt: skip
        return rows


def _squeeze(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace()).replace("(", "（").replace(")", "）")
