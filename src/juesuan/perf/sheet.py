"""A scored evaluation as a grid of strings: the printed score sheet and the self-evaluation table.

One grid feeds every output (terminal text, XLSX, HTML, document blocks), so they cannot disagree.
Scores and weights are printed with two decimals, rates as percentages with two decimals.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from ..model.evaluations import BANDS, Evaluation
from ..model.money import format_wan
from .grades import scale_of
from .scoring import Scored, Sheet, round_score

LEVELS = ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标", "六级指标")
TITLES = {"project_self": "项目支出绩效自评表", "department": "项目支出绩效评价表",
          "department_overall": "部门整体支出绩效自评表"}  # fmt: skip


def num(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def pct(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}%"


@dataclass(frozen=True)
class Grid:
    """A titled table of strings: ``info`` lines above it, ``header`` and ``body`` rows, ``footer`` lines."""

    title: str
    info: tuple[tuple[str, str], ...]
    header: tuple[str, ...]
    body: tuple[tuple[str, ...], ...]
    footer: tuple[str, ...]
    numeric: tuple[int, ...]
    #: the unit of the numeric columns ("分"), printed as 单位：分 by the writers of the tables for publication
    unit: str = ""


def _levels(sheet: Sheet) -> int:
    return max(3, min(sheet.depth, len(LEVELS)))


_PERCENT_METHODS = ("budget-execution", "budget-execution-threshold", "satisfaction", "satisfaction-banded")


def _actual(scored: Scored) -> str:
    ind = scored.indicator
    unit = ind.target.unit if ind.target else ("%" if ind.method in _PERCENT_METHODS else "")
    if ind.actual is not None:
        return f"{ind.actual}{unit}"
    if scored.execution is not None:  # 预算执行率 computed from the tables
        return pct(round_score(scored.execution.rate))
    if ind.band is not None:
        return BANDS[ind.band][0]
    return ind.actual_text


def published_grade(sheet: Sheet) -> str | None:
    """The grade a document for publication may state: the grade of the stated total, or of a complete tree
    (一级 分值 all known and adding up to the full score), or the stated grade when there is no total at all. A
    grade computed from an incomplete tree is only indicative: the reviewer learns it from :func:`grade_line`
    and the ``perf-weights`` findings; the reader never sees it."""
    ev = sheet.evaluation
    if sheet.score is None:  # no total to contradict it: the grade as stated, if any
        return ev.grade
    return sheet.grade if ev.score is not None or sheet.complete else None


def grade_line(sheet: Sheet) -> str:
    """The reviewer's grade line (``juesuan score``): how the grade was decided and what disagrees with it. Never
    printed in a document for publication (see :func:`published_grade`)."""
    ev = sheet.evaluation
    scale = scale_of(ev.grades, ev.grade_bands)
    if sheet.score is None:
        return f"评价等级：{ev.grade or '—'}（总分无法确定）"
    basis = "所述总分" if ev.score is not None else "总分"
    text = f"评价等级：{sheet.grade}（{basis} {num(sheet.score)}；{scale.title}：{scale.describe()}）"
    if ev.score is None and not sheet.complete:
        text += "；一级指标分值不全或合计不为满分，等级仅供参考"
    if ev.grade is not None and ev.grade != sheet.grade:
        text += f"；所述等级为“{ev.grade}”"
    return text


def info_lines(ev: Evaluation) -> tuple[tuple[str, str], ...]:
    name = "项目名称" if ev.kind != "department_overall" else "部门（单位）名称"
    out = [(name, ev.subject), ("评价类型", ev.kind_name)]
    if ev.amount is not None:
        out.append(("评价金额", f"{format_wan(ev.amount)}万元"))
    return tuple(out)


def score_sheet(sheet: Sheet) -> Grid:
    """The score sheet ``juesuan score`` prints: levels, 分值, 得分 (as entered, else computed), 得分率, 复核得分."""
    levels = _levels(sheet)
    header = (*LEVELS[:levels], "分值", "得分", "得分率", "复核得分", "说明")
    body = []
    for node in sheet.walk():
        cells = [""] * levels
        cells[min(node.level, levels) - 1] = node.indicator.name
        differs = (
            node.computed is not None and node.indicator.score is not None and node.computed != node.indicator.score
        )
        note = node.note + ("；与填报得分不符" if differs else "")
        body.append((*cells, num(node.weight), num(node.score), pct(node.rate), num(node.computed), note))
    ev = sheet.evaluation
    total_note = "一级指标得分之和" + ("；与所述总分不符" if ev.score is not None and sheet.computed is not None
                                        and sheet.computed != ev.score else "")  # fmt: skip
    body.append(("合计", *[""] * (levels - 1), num(ev.total_weight), num(sheet.score), pct(sheet.rate),
                 num(sheet.computed), total_note))  # fmt: skip
    numeric = tuple(range(levels, levels + 4))
    title = f"{ev.kind_name}：{ev.subject}"
    return Grid(title, info_lines(ev), header, tuple(body), (grade_line(sheet),), numeric)


def self_evaluation_table(sheet: Sheet) -> Grid:
    """The 绩效自评表 as published: levels, 指标值, 实际完成值, 分值, 得分, 偏差原因分析及改进措施; below it only
    the grade a reader may be told (:func:`published_grade`), no reviewer note."""
    levels = _levels(sheet)
    header = (*LEVELS[:levels], "指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施")
    body = []
    for node in sheet.walk():
        cells = [""] * levels
        cells[min(node.level, levels) - 1] = node.indicator.name
        target = node.indicator.target.shown() if node.indicator.target else ""
        body.append((*cells, target, _actual(node), num(node.weight), num(node.score), node.indicator.explanation))
    ev = sheet.evaluation
    body.append(("总分", *[""] * (levels - 1), "", "", num(ev.total_weight), num(sheet.score), ""))
    grade = published_grade(sheet)
    footer = (f"评价等级：{grade}",) if grade else ()
    return Grid(TITLES[ev.kind], info_lines(ev), header, tuple(body), footer, (levels + 2, levels + 3), "分")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def grid_text(grid: Grid) -> str:
    """The grid as aligned terminal text (East Asian wide characters count double)."""
    rows = [grid.header, *grid.body]
    widths = [max(_width(r[i]) for r in rows) for i in range(len(grid.header))]
    lines = [grid.title, "  " + "；".join(f"{k}：{v}" for k, v in grid.info)]
    for row in rows:
        cells = [_pad(c, widths[i], i in grid.numeric and row is not grid.header) for i, c in enumerate(row)]
        lines.append(("  " + "  ".join(cells)).rstrip())
    lines += [f"  {line}" for line in grid.footer]
    return "\n".join(lines) + "\n"
