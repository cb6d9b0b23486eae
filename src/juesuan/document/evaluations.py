"""Performance evaluations as document blocks (:mod:`juesuan.model.blocks`) for the report writers.

* :func:`evaluation_blocks`: one evaluation's self-evaluation table (第五部分 附件, or beside 第三部分 九);
* :func:`narrative_section`: 第三部分 九、预算绩效情况说明 composed from the evaluations, every stated figure a
  :class:`~juesuan.model.blocks.Figure`; facts the evaluations do not hold become 【待补充：…】 placeholders.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

from ..model.blocks import Block, Figure, Heading, Paragraph, Run, SimpleTable
from ..model.evaluations import Evaluation
from ..model.money import format_wan, round_to_cents_of_wan
from ..model.tables import TableSet
from ..perf.scoring import score_evaluation
from ..perf.sheet import Grid, num, published_grade, self_evaluation_table


def evaluation_table(grid: Grid) -> SimpleTable:
    """A 绩效自评表 grid (:func:`juesuan.perf.sheet.self_evaluation_table`) as a document table: the information
    lines above it, 单位：分 (分值 and 得分 are scores; an amount states its own 万元), the grade line below it."""
    return SimpleTable(title=grid.title, header=(grid.header,), body=grid.body,
                       unit=f"单位：{grid.unit}" if grid.unit else "", notes=grid.footer,
                       numeric_columns=grid.numeric, caption=tuple(f"{k}：{v}" for k, v in grid.info))  # fmt: skip


def evaluation_blocks(evaluation: Evaluation, tables: TableSet | None = None) -> tuple[Block, ...]:
    """The evaluation's 绩效自评表 (a SimpleTable; none for an evaluation without indicators) followed by a
    sentence stating its total and grade. Only what a reader may be told is printed: a grade computed from an
    incomplete tree is a 【待补充：评价等级】 mark (the ``perf-*`` findings say why), an evaluation without
    any result is a 【待补充：…结果】 mark."""
    sheet = score_evaluation(evaluation, tables)
    blocks: list[Block] = []
    if evaluation.indicators:
        grid = self_evaluation_table(sheet)
        blocks.append(replace(evaluation_table(grid), notes=()))  # the sentence below states the grade
    grade = published_grade(sheet)
    lead = f"{evaluation.subject}{evaluation.kind_name}"
    if sheet.score is not None:
        blocks.append(Paragraph((
            Run(f"{lead}得分"), Run(num(sheet.score), Figure(sheet.score, "score")), Run("分，评价等级为“"),
            Run(grade) if grade else _todo("评价等级"), Run("”。"),
        )))  # fmt: skip
    elif grade:
        blocks.append(Paragraph((Run(f"{lead}评价等级为“{grade}”。"),)))
    else:
        blocks.append(Paragraph((Run(f"{lead}："), _todo(f"{evaluation.kind_name}结果"), Run("。"))))
    return tuple(blocks)


def _wan(value: Decimal, cells: tuple[str, ...] = ()) -> Run:
    return Run(format_wan(value), Figure(value, "amount", cells))


def _todo(what: str) -> Run:
    return Run(f"【待补充：{what}】", mark="placeholder")


def _projects_total(tables: TableSet | None) -> Decimal | None:
    if tables is None or "03" not in {t.id for t in tables}:
        return None
    table = tables["03"]
    row = next((r for r in table.rows if r.level == "合计" or r.key == "total"), None)
    cell = row.cells.get("项目支出") if row else None
    return None if cell is None or cell.value is None else cell.value


def narrative_section(evaluations: Sequence[Evaluation], tables: TableSet | None = None) -> tuple[Block, ...]:
    """第三部分 九、预算绩效情况说明, composed from the evaluations (and 03 项目支出 for the share)."""
    blocks: list[Block] = [Heading("九、预算绩效情况说明", 1), Heading("（一）绩效管理工作开展情况。", 2)]
    selfs = [e for e in evaluations if e.kind == "project_self"]
    depts = [e for e in evaluations if e.kind == "department"]
    overall = [e for e in evaluations if e.kind == "department_overall"]
    if selfs:
        # a missing amount is never counted as 0: the sum and the share are then placeholders
        known = [e.amount for e in selfs if e.amount is not None]
        amount = sum(known, Decimal(0)) if len(known) == len(selfs) else None
        projects = _projects_total(tables)
        runs = [Run(f"根据预算绩效管理要求，我部门组织对纳入部门预算范围的二级项目{len(selfs)}个全面开展绩效自评，"
                    "共涉及资金"), _wan(amount) if amount is not None else _todo("涉及资金"),
                Run("万元，占项目支出总额的")]  # fmt: skip
        if projects and amount is not None:
            share = (round_to_cents_of_wan(amount) * 100 / round_to_cents_of_wan(projects)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
            runs.append(Run(f"{share}", Figure(share, "percent", ("03:total:项目支出",), "share")))
        else:
            runs.append(_todo("占项目支出总额的比例"))
        graded = [published_grade(score_evaluation(e, tables)) for e in selfs]
        grades = "、".join(dict.fromkeys(g for g in graded if g)) if all(graded) else ""
        runs += [Run("%。其中，项目评价结果为“"), Run(grades) if grades else _todo("评价结果"), Run("”。")]
        blocks.append(Paragraph(tuple(runs)))
    for ev in depts:
        grade = published_grade(score_evaluation(ev, tables))
        blocks.append(Paragraph((
            Run(f"组织对1个项目开展了部门评价，为：{ev.subject}。涉及资金"),
            _wan(ev.amount) if ev.amount is not None else _todo("涉及资金"), Run("万元。评价结果为“"),
            Run(grade) if grade else _todo("评价结果"), Run("”。"),
        )))  # fmt: skip
    for ev in overall:
        sheet = score_evaluation(ev, tables)
        blocks.append(Paragraph((
            Run("组织开展部门整体支出绩效评价，涉及资金"),
            _wan(ev.amount) if ev.amount is not None else _todo("涉及资金"), Run("万元，自评得分"),
            Run(num(sheet.score), Figure(sheet.score, "score")) if sheet.score is not None else _todo("得分"),
            Run("分，评价结果为“"), Run(grade) if (grade := published_grade(sheet)) else _todo("评价结果"),
            Run("”。"),
        )))  # fmt: skip
    if selfs:
        blocks.append(Heading("（二）部门决算中项目绩效自评情况。", 2))
        for ev in selfs:
            blocks += evaluation_blocks(ev, tables)
    if depts:
        blocks.append(Heading("（三）部门评价项目绩效评价情况。", 2))
        for ev in depts:
            blocks += evaluation_blocks(ev, tables) if ev.indicators else (
                Paragraph((Run(f"{ev.subject}："), _todo("部门评价报告"), Run("。"))),)  # fmt: skip
    return tuple(blocks)


__all__ = ["evaluation_blocks", "evaluation_table", "narrative_section"]
