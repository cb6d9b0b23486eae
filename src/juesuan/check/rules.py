"""The rule record and the catalogue reader (``catalogue/*.yaml``: rules as data).

A catalogue entry has:

``id``          stable kebab-case id (``t01-balance``)
``title``       short Chinese title; ``explanation``: Chinese text for ``juesuan rules ID`` and docs/rules.md
``severity``    error / warning / info (configuration may override it)
``scope``       the tables the rule reads, by role (the Jiangxi 2023 table id; see docs/profiles.md)
``category``    within / cross / classification / notes / performance / narrative / text / ingest; and, made
                outside the run, ledger / document / input / meta
``source``      where the identity comes from (domain notes section)
either an expression rule: ``actual``, ``expected`` (expressions, see :mod:`juesuan.derive.query`) and
    ``compare`` (eq / le / ge: actual = / ≤ / ≥ expected), or a list of them under ``pairs``; optional
    ``each_row`` ({table, side, levels}: run once per row, ``here(column)`` reads the row) and
    ``each_column`` (a list of headers: run once per header, bound to the name ``COL``)
or ``check``: the name of a Python check in :mod:`juesuan.check.registry`, with optional ``params``.
``needs``       inputs beyond the tables the rule reads (see :mod:`juesuan.check.inputs`); without them
                the rule is "not run"
``tolerance``   ``envelope`` (rounding envelope, §4.6), ``exact``, or a number of 万元
``examples``    ``pass`` and ``fail``: small table sets (the tables.json shape) run as the rule's tests
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

from ..derive.query import INPUTS
from ..findings import Severity
from ..yamlsrc import parse

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CATALOGUE_FILES = (
    "within.yaml",
    "cross.yaml",
    "classification.yaml",
    "performance.yaml",
    "narrative.yaml",
    "ingest.yaml",
    "ledger.yaml",
    "document.yaml",
    "meta.yaml",
)
CATEGORIES = (
    "within", "cross", "classification", "notes", "performance", "narrative", "text", "ingest",
    "ledger", "document", "input", "meta",
)  # fmt: skip
#: Categories of rules whose findings are made outside the catalogue's run (deriving the tables, composing
#: the report, reading the input, the checker itself): listed so that every id can be explained, configured
#: and waived, but not run by the checker.
EMITTED = ("ledger", "document", "input", "meta")
COMPARE = ("eq", "le", "ge")


@dataclass(frozen=True)
class Pair:
    """One comparison of an expression rule: ``actual compare expected``."""

    actual: str
    expected: str
    compare: str = "eq"
    tolerance: str | None = None  # overrides the rule's tolerance for this pair


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    explanation: str
    severity: Severity
    scope: tuple[str, ...]
    category: str
    source: str = ""
    pairs: tuple[Pair, ...] = ()
    each_row: dict[str, Any] | None = None
    each_column: tuple[str, ...] = ()
    check: str | None = None
    tolerance: str = "envelope"
    params: dict[str, Any] = field(default_factory=dict)
    examples: dict[str, Any] = field(default_factory=dict)
    needs: tuple[str, ...] = ()

    def tolerance_wan(self) -> Decimal | None:
        """A fixed tolerance in 万元, or None for ``envelope`` / ``exact``."""
        if self.tolerance in ("envelope", "exact"):
            return None
        return Decimal(self.tolerance)


class CatalogueError(ValueError):
    """A malformed catalogue entry (a packaging error: caught by the tests)."""


def _require(entry: dict[str, Any], key: str, where: str) -> Any:
    if key not in entry or entry[key] in (None, ""):
        raise CatalogueError(f"{where}: missing {key}")
    return entry[key]


def rule_from_entry(entry: dict[str, Any], where: str) -> Rule:
    rule_id = str(_require(entry, "id", where))
    where = f"{where} {rule_id}"
    if not _ID.match(rule_id):
        raise CatalogueError(f"{where}: id must be kebab-case")
    pairs = _pairs(entry, where)
    if bool(pairs) == ("check" in entry) and entry.get("category") not in EMITTED:
        raise CatalogueError(f"{where}: give either actual/expected (or pairs) or check")
    tolerance = str(entry.get("tolerance", "envelope"))
    if tolerance not in ("envelope", "exact"):
        try:
            Decimal(tolerance)
        except InvalidOperation as exc:
            raise CatalogueError(f"{where}: bad tolerance {tolerance!r}") from exc
    category = str(_require(entry, "category", where))
    if category not in CATEGORIES:
        raise CatalogueError(f"{where}: bad category")
    examples = entry.get("examples") or {}
    if category not in EMITTED and not ({"pass", "fail"} <= set(examples)):
        raise CatalogueError(f"{where}: needs a pass and a fail example")
    return Rule(
        id=rule_id, title=str(_require(entry, "title", where)), explanation=str(_require(entry, "explanation", where)),
        severity=Severity(_require(entry, "severity", where)), scope=tuple(str(s) for s in entry.get("scope", [])),
        category=category, source=str(entry.get("source", "")), pairs=pairs,
        each_row=entry.get("each_row"), each_column=tuple(entry.get("each_column") or ()), check=entry.get("check"),
        tolerance=tolerance, params=dict(entry.get("params") or {}), examples=dict(examples),
        needs=_needs(entry, where),
    )  # fmt: skip


def _needs(entry: dict[str, Any], where: str) -> tuple[str, ...]:

    needs = tuple(str(n) for n in entry.get("needs") or ())
    unknown = [n for n in needs if n not in INPUTS]
    if unknown:
        raise CatalogueError(f"{where}: unknown input in needs: {unknown}")
    return needs


def _pairs(entry: dict[str, Any], where: str) -> tuple[Pair, ...]:
    raw = entry.get("pairs") or ([entry] if "actual" in entry or "expected" in entry else [])
    out = []
    for item in raw:
        compare = str(item.get("compare", "eq"))
        if compare not in COMPARE or not item.get("actual") or not item.get("expected"):
            raise CatalogueError(f"{where}: each pair needs actual, expected and compare in {COMPARE}")
        tolerance = item.get("tolerance")
        out.append(
            Pair(str(item["actual"]), str(item["expected"]), compare, None if tolerance is None else str(tolerance))
        )
    return tuple(out)


def read_catalogue() -> list[Rule]:
    """Every rule of the shipped catalogue, in file order."""
    rules: list[Rule] = []
    package = resources.files("juesuan.check").joinpath("catalogue")
    for name in CATALOGUE_FILES:
        entries = parse(package.joinpath(name).read_text(encoding="utf-8")) or []
        for n, entry in enumerate(entries):
            rules.append(rule_from_entry(entry, f"catalogue/{name}[{n}]"))
    return rules
