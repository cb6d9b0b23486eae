"""``juesuan score``: print the score sheets of a dataset's performance evaluations, optionally write the
self-evaluation tables (XLSX, DOCX, HTML). A thin command over :mod:`juesuan.perf.scoring` and the check catalogue.

Exit codes: 0 no error finding among the performance rules; 1 at least one; 2 unusable input or no evaluations.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..check.checker import check
from ..check.registry import RULES
from ..cli_messages import input_failure
from ..derive.build import build_tables
from ..errors import InputError, JuesuanError
from ..load.evaluations import read_evaluations
from ..load.loader import load, parse_file
from ..model.evaluations import Evaluation
from ..model.tables import TableSet
from .render import write_tables
from .scoring import score_evaluation
from .sheet import grid_text, score_sheet, self_evaluation_table

MAX_FINDINGS = 30


def read_input(
    path: Path, evaluations_file: Path | None = None
) -> tuple[tuple[Evaluation, ...], TableSet, dict[str, object]]:
    """Evaluations, tables and check inputs of a dataset or a table-mode file (its evaluations replaced by those
    of ``evaluations_file`` when given). Raises JuesuanError."""
    from ..load.tables import is_table_mode, read_tables_data

    root = parse_file(path)
    if is_table_mode(root):
        tables = read_tables_data(root, str(path))
        evaluations = read_evaluations(root, str(path))
        inputs: dict[str, object] = {"evaluations": evaluations}
    else:
        accounts = load(path)
        tables = build_tables(accounts).tables
        evaluations = accounts.evaluations
        inputs = {"evaluations": evaluations, "accounts": accounts}
    if evaluations_file is not None:
        evaluations = read_evaluations(parse_file(evaluations_file), str(evaluations_file))
        inputs["evaluations"] = evaluations
        path = evaluations_file
    if not evaluations:
        raise InputError(str(path), [f"{path}: 没有绩效评价（evaluations），无可计分的内容；格式见 docs/dataset.md"])
    return evaluations, tables, inputs


def score_command(
    dataset: Annotated[Path, typer.Argument(help="数据集文件，或含 evaluations 的公开表文件")],
    out: Annotated[
        Path | None, typer.Option("-o", "--out", help="输出目录：写出绩效自评表（XLSX、DOCX、HTML）")
    ] = None,
    evaluations_file: Annotated[
        Path | None, typer.Option("--evaluations", help="另一文件中的 evaluations 列表，代替数据集自带的绩效评价")
    ] = None,
) -> None:
    """打印绩效评价计分表（一级/二级/三级指标、分值、得分、得分率、总分与等级），并复核评价。"""
    try:
        evaluations, tables, inputs = read_input(dataset, evaluations_file)
    except JuesuanError as exc:
        raise input_failure(exc, "输入不可用，未计分：") from exc
    sheets = [score_evaluation(e, tables) for e in evaluations]
    typer.echo("\n".join(grid_text(score_sheet(s)) for s in sheets), nl=False)
    rules = {k: r for k, r in RULES.items() if r.category == "performance"}
    report = check(tables, rules=rules, inputs=inputs)
    counts = report.summary
    typer.echo(f"绩效评价复核：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}")
    for finding in report.findings[:MAX_FINDINGS]:
        typer.echo(f"  [{finding.severity.label}] {finding.message}（{finding.rule}）")
    if len(report.findings) > MAX_FINDINGS:
        typer.echo(f"  ……另有 {len(report.findings) - MAX_FINDINGS} 条（juesuan check 列出全部）")
    if out is not None:
        grids = [self_evaluation_table(s) for s in sheets]
        try:
            written = write_tables(grids, out, f"{tables.department} {tables.year} 年度绩效自评表")
        except OSError as exc:
            typer.echo(f"{out}: 无法写入输出目录：{exc.strerror or exc}", err=True)
            raise typer.Exit(2) from None
        typer.echo("已写入：" + "、".join(str(p) for p in written))
    raise typer.Exit(1 if counts["error"] else 0)


def register(app: typer.Typer) -> None:
    """Add the ``score`` command to the juesuan command line."""
    app.command("score")(score_command)
