"""The report's charts (图): a profile's ``charts`` in ``document.yaml`` turned into :class:`Chart` blocks.

Each chart names the 第三部分 section it closes and reads its figures from the built tables (as printed, in
万元) or from last year's figures (``previous:<key>``, the same figures the text compares with)::

    charts:
      - {section: income, kind: pie, title: "{year}年度本年收入构成", parts: income_parts}
      - section: expenditure
        kind: bar
        title: 本年与上年收入支出对比
        series: ["{last}年度", "{year}年度"]
        items:
          - {label: 本年收入合计, cells: ["previous:income_total", "01:income_total:决算数"]}

A pie's ``parts`` names a list of the document data (the same parts the text states shares of); parts that
print 0.00 or nothing are left out. A bar chart's series whose figures are all missing is left out (no last
year's figures: this year only), and so is every chart with nothing above 0.00 to show. Charts are numbered
图1, 图2 … in the order they are printed.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..errors import ProfileError
from ..model.blocks import CHART_KINDS, Chart, ChartSeries
from ..model.money import to_wan
from .templating import Context
from .wording import largest_remainder

PREVIOUS = "previous:"


def _value(c: Context, ref: str) -> Decimal | None:
    """The figure of ``ref`` in 万元 as printed, None where nothing is printed (a blank cell, no last year)."""
    if ref.startswith(PREVIOUS):
        previous = c.previous.get(ref[len(PREVIOUS) :])
        return None if previous is None else to_wan(previous)
    given = c.cells.given(ref)
    return None if given is None else to_wan(given)


def _shown(value: Decimal | None) -> bool:
    return value is not None and value > 0


def _pie(c: Context, spec: dict[str, Any], title: str) -> Chart | None:
    parts = c.templates.data.get(str(spec.get("parts", "")))
    if not isinstance(parts, list):
        raise ProfileError(f"模板「{c.templates.profile}」的图「{title}」：parts 应指向 document.yaml 中的一组科目")
    kept = [(str(p["label"]), str(p["cell"]), _value(c, str(p["cell"]))) for p in parts]
    kept = [k for k in kept if _shown(k[2])]
    if not kept:
        return None
    values = tuple(v for _, _, v in kept)
    series = ChartSeries("", values, tuple(ref for _, ref, _ in kept))
    shares = largest_remainder([v or Decimal(0) for v in values]) or []
    return Chart(title, "pie", tuple(label for label, _, _ in kept), (series,), shares=tuple(shares))


def _bar(c: Context, spec: dict[str, Any], title: str, fields: dict[str, object]) -> Chart | None:
    names = [str(n).format(**fields) for n in spec.get("series", [])]
    items = spec.get("items", [])
    if not names or not items:
        raise ProfileError(f"模板「{c.templates.profile}」的图「{title}」：柱状图需要 series 和 items")
    series = []
    for k, name in enumerate(names):
        refs = tuple(str(item["cells"][k]) for item in items)
        values = tuple(_value(c, ref) for ref in refs)
        if any(v is not None for v in values):
            series.append(ChartSeries(name, values, refs))
    if not any(_shown(v) for s in series for v in s.values):
        return None
    return Chart(title, "bar", tuple(str(item["label"]) for item in items), tuple(series))


def section_charts(c: Context, section: str, first: int) -> list[Chart]:
    """The charts that close ``section``, numbered from 图``first``."""
    fields: dict[str, object] = {
        "year": c.accounts.year,
        "last": c.accounts.year - 1,
        "department": c.accounts.department,
    }
    out: list[Chart] = []
    for spec in c.templates.data.get("charts", []):
        if spec.get("section") != section:
            continue
        kind = spec.get("kind")
        if kind not in CHART_KINDS:
            raise ProfileError(f"模板「{c.templates.profile}」的图的类型「{kind}」未知；可用：{'、'.join(CHART_KINDS)}")
        title = f"图{first + len(out)}　{str(spec['title']).format(**fields)}"
        chart = _pie(c, spec, title) if kind == "pie" else _bar(c, spec, title, fields)
        if chart is not None:
            out.append(chart)
    return out


__all__ = ["PREVIOUS", "section_charts"]
