"""A unit's stored reports across years, and each pair of adjacent years compared.

``unit_history(store, unit)`` finds the department (the exact name, else the one stored name that contains
``unit``), takes for each year its newest stored final-accounts report that was audited, and compares each
year with the one before it (:func:`juesuan.pipeline.compare`): the figures side by side with the change, and
the findings only a comparison finds (last year's 决算数 as this year's report states it ≠ last year's report).
The CLI's ``juesuan store compare`` and the web app's unit page show it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ..errors import JuesuanError
from ..model.reading import FINAL_ACCOUNTS
from ..pipeline.audit import AUDITED, PARTIAL
from ..pipeline.compare import Comparison, compare
from .store import Store, StoredReport


@dataclass(frozen=True)
class History:
    unit: str
    reports: tuple[StoredReport, ...]  # one per year, oldest first
    comparisons: tuple[Comparison, ...]  # (year 1, year 2), (year 2, year 3), … for adjacent stored years
    gaps: tuple[int, ...] = ()  # years between the first and the last with no usable report


class UnknownUnit(JuesuanError):
    """No stored report of this unit, or more than one unit matches."""


def resolve_unit(store: Store, unit: str) -> str:
    names = [name for name, _ in store.units()]
    if unit in names:
        return unit
    matches = [name for name in names if unit in name]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise UnknownUnit(f"审核库中没有单位“{unit}”的报告" + (f"（库中有：{'、'.join(names[:10])}）" if names else ""))
    raise UnknownUnit(f"有多个单位的名称含“{unit}”：{'、'.join(matches[:10])}，请给出全名")


def unit_history(store: Store, unit: str) -> History:
    name = resolve_unit(store, unit)
    usable = [
        r
        for r in store.reports(department=name)
        if r.department == name and r.kind == FINAL_ACCOUNTS and r.status in (AUDITED, PARTIAL) and r.year
    ]
    by_year: dict[int, StoredReport] = {}
    for report in usable:  # by id: the newest stored report of a year wins
        by_year[report.year or 0] = report
    years = sorted(by_year)
    reports = tuple(by_year[y] for y in years)
    comparisons = []
    for last, this in itertools.pairwise(reports):
        if (this.year or 0) - (last.year or 0) != 1:
            continue
        before, after = store.outcome(last.id), store.outcome(this.id)
        if before is not None and after is not None and before.case is not None and after.case is not None:
            comparisons.append(compare(before.case, after.case))
    gaps = tuple(y for y in range(years[0], years[-1]) if y not in by_year) if years else ()
    return History(name, reports, tuple(comparisons), gaps)
