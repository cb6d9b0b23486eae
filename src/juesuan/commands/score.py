"""``juesuan score``: print the score sheets of a dataset's performance evaluations, optionally write the
self-evaluation tables (XLSX, DOCX, HTML). A thin command over :func:`juesuan.pipeline.score`.

Exit codes: 0 no error finding among the performance rules; 1 at least one; 2 unusable input or no evaluations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .messages import input_failure

MAX_FINDINGS = 30


def score_command(
    dataset: Annotated[Path, typer.Argument(metavar="数据集", help="数据集文件，或含 evaluations 的公开表文件")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="输出目录：写出绩效自评表（XLSX、DOCX、HTML）")
    ] = None,
    evaluations_file: Annotated[
        Path | None, typer.Option("--evaluations", help="另一文件中的 evaluations 列表，代替数据集自带的绩效评价")
    ] = None,
) -> None:
    """打印绩效评价计分表（一级/二级/三级指标、分值、得分、得分率、总分与等级），并复核评价。"""
    from ..document.evaluation_tables import write_tables
    from ..perf.sheet import grid_text, score_sheet, self_evaluation_table
    from ..pipeline.build import os_reason
    from ..pipeline.score import score

    result = score(dataset, evaluations=evaluations_file)
    if result.report is None or result.opened.case is None:
        raise input_failure(result.problems, "输入不可用，未计分：")
    typer.echo("\n".join(grid_text(score_sheet(s)) for s in result.sheets), nl=False)
    counts = result.report.summary
    typer.echo(f"绩效评价复核：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}")
    for finding in result.report.findings[:MAX_FINDINGS]:
        typer.echo(f"  [{finding.severity.label}] {finding.message}（{finding.rule}）")
    if len(result.report.findings) > MAX_FINDINGS:
        typer.echo(f"  ……另有 {len(result.report.findings) - MAX_FINDINGS} 条（juesuan check 列出全部）")
    if out is not None:
        tables = result.opened.case.tables
        grids = [self_evaluation_table(s) for s in result.sheets]
        try:
            written = write_tables(grids, out, f"{tables.department} {tables.year} 年度绩效自评表")
        except OSError as exc:
            typer.echo(f"{out}: 无法写入输出目录：{os_reason(exc)}", err=True)
            raise typer.Exit(2) from None
        typer.echo("已写入：" + "、".join(str(p) for p in written))
    raise typer.Exit(result.exit_code)
