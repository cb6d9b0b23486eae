"""Classification code tables (支出功能分类, 部门预算支出经济分类) and code → name lookup.

The shipped tables are partial (harvested from published reports, see ``data/codes/PROVENANCE.md``):
an unknown code is a normal value that callers report, never an error.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

LEVEL_BY_LENGTH = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True, slots=True)
class CodeEntry:
    code: str
    name: str
    level: str
    parent: str
    variants: tuple[str, ...] = ()


class CodeTable:
    """An immutable code → entry lookup for one classification."""

    def __init__(self, kind: str, entries: dict[str, CodeEntry]) -> None:
        self.kind = kind
        self._entries = entries

    def __contains__(self, code: object) -> bool:
        return code in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def codes(self) -> tuple[str, ...]:
        """Every code of the table, in the table's order."""
        return tuple(self._entries)

    def get(self, code: str) -> CodeEntry | None:
        return self._entries.get(code)

    def name(self, code: str) -> str | None:
        entry = self._entries.get(code)
        return entry.name if entry else None


def level_of(code: str) -> str | None:
    """类/款/项 by code length (3/5/7 digits), None for anything else."""
    if not code.isdigit():
        return None
    return LEVEL_BY_LENGTH.get(len(code))


def ancestors(code: str) -> tuple[str, ...]:
    """The 类 and 款 prefixes of a code, outermost first (``"2010301"`` → ``("201", "20103")``)."""
    return tuple(code[:n] for n in (3, 5) if n < len(code))


def _variants(raw: str) -> tuple[str, ...]:
    names = []
    for part in raw.split(" | "):
        part = part.removeprefix("partial-file variants:").strip()
        name = part.split(" [", 1)[0].strip()
        if name:
            names.append(name)
    return tuple(names)


def _read(filename: str, kind: str) -> CodeTable:
    text = resources.files("juesuan.data.codes").joinpath(filename).read_text(encoding="utf-8")
    entries: dict[str, CodeEntry] = {}
    for row in csv.DictReader(text.splitlines()):
        entries[row["code"]] = CodeEntry(
            code=row["code"],
            name=row["name"],
            level=row["level"],
            parent=row["parent"],
            variants=_variants(row.get("name_variants") or ""),
        )
    return CodeTable(kind, entries)


@cache
def functional_codes() -> CodeTable:
    """支出功能分类科目 (类 3 / 款 5 / 项 7 digits)."""
    return _read("func_class.csv", "functional")


@cache
def economic_codes() -> CodeTable:
    """部门预算支出经济分类科目 (类 3 / 款 5 digits)."""
    return _read("econ_dept_class.csv", "economic")
