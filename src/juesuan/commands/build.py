"""``juesuan build``: print what :func:`juesuan.pipeline.build` did, and exit with its code.

Exit codes: 0 written; 1 the data has errors, or 【待补充】 remain under ``--final`` (nothing written);
2 unusable input or output.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..derive.rounding import Rounding
from ..findings import Finding, Severity
from ..model.money import format_wan
from .messages import input_failure

if TYPE_CHECKING:
    from ..check.checker import Report
    from ..model.case import Case
    from ..pipeline.build import BuildResult


def print_findings(findings: tuple[Finding, ...], limit: int = 20) -> None:
    for finding in findings[:limit]:
        where = "；".join(str(loc) for loc in finding.locations[:2])
        typer.echo(
            f"  [{finding.severity.label}] {finding.message}（{finding.rule}）" + (f" @ {where}" if where else "")
        )
    if len(findings) > limit:
        typer.echo(f"  ……另有 {len(findings) - limit} 条")


def _summary(case: Case, report: Report, dataset: Path) -> None:
    t = case.tables
    t01 = t["01"]
    income = t01.row("income_total", "收入").value("决算数")
    spending = t01.row("expenditure_total", "支出").value("决算数")
    closing = t01.row("closing", "支出").value("决算数")

    def shown(value: Decimal | None) -> str:
        return "—" if value is None else f"{format_wan(value)} 万元"

    units = len(case.accounts.units) if case.accounts else 0
    typer.echo(f"{t.department}　{t.year} 年度部门决算（模板 {t.profile}，{units} 个单位，尾数处理：{t.rounding}）")
    typer.echo(f"  本年收入合计 {shown(income)}；本年支出合计 {shown(spending)}；年末结转和结余 {shown(closing)}")
    filled = [tb.id for tb in t if not tb.is_empty()]
    empty = [tb.id for tb in t if tb.is_empty()]
    typer.echo(f"  有数据的表：{'、'.join(filled) or '无'}；空表（附说明）：{'、'.join(empty) or '无'}")
    counts = report.summary
    run = sum(1 for c in report.coverage if c.status == "run")
    typer.echo(
        f"  校验（{run} 条规则）：错误 {counts.get('error', 0)}，警告 {counts.get('warning', 0)}，"
        f"提示 {counts.get('info', 0)}（全部详情：juesuan check {dataset}）"
    )


def show(result: BuildResult, dataset: Path) -> None:
    """Print a build the way ``juesuan build`` does (stdout; refusals and problems on stderr)."""
    from ..pipeline.build import REFUSED_ERRORS, REFUSED_FINAL

    case = result.opened.case
    for note in result.notes:
        typer.echo(note)
    if case is None or result.report is None:
        return
    _summary(case, result.report, dataset)
    listed = tuple(f for f in result.report.findings if f.severity is not Severity.INFO)
    if listed:
        print_findings(listed)
    if result.status == REFUSED_ERRORS:
        typer.echo(f"数据存在 {result.errors} 个错误，未输出任何文件（如确需输出，请加 --force）。", err=True)
        return
    if result.composed is not None:
        missing = result.composed.missing
        typer.echo(f"  决算报告：待补充 {len(missing)} 处" + ("（已用【待补充：…】标出）" if missing else ""))
        if result.status == REFUSED_FINAL:
            typer.echo(f"决算报告尚有 {len(missing)} 处待补充，--final 不输出任何文件：", err=True)
            for finding in missing:
                typer.echo(f"  {finding.message}", err=True)
            return
        if result.composed.findings:
            print_findings(result.composed.findings)
    if result.written:
        typer.echo("已写入：" + "、".join(str(p) for p in result.written))


def build_command(
    dataset: Annotated[Path, typer.Argument(metavar="数据集", help="数据集文件（YAML 或 JSON）")],
    out: Annotated[Path, typer.Option("-o", "--out", help="输出目录")] = Path("out"),
    unit: Annotated[str | None, typer.Option("--unit", help="只生成该单位的公开表")] = None,
    formats: Annotated[
        str | None,
        typer.Option(
            "--format",
            help="输出格式，逗号分隔：docx、pdf、html（决算报告 report.*）；xlsx、md、json、tables-html"
            "（公开表 tables.*）。默认：docx,pdf,html,xlsx,md,json",
        ),
    ] = None,
    rounding: Annotated[
        Rounding,
        typer.Option("--rounding", help="尾数处理：adjusted（默认，合计等于各项之和）或 independent（逐格四舍五入）"),
    ] = Rounding.ADJUSTED,
    force: Annotated[bool, typer.Option("--force", help="存在错误时仍然输出")] = False,
    final: Annotated[
        bool, typer.Option("--final", help="定稿：决算报告仍有【待补充：…】时不输出任何文件（退出码 1）")
    ] = False,
    config_file: Annotated[Path | None, typer.Option("--config", help="校验配置文件（YAML，同 juesuan check）")] = None,
    no_charts: Annotated[bool, typer.Option("--no-charts", help="决算报告中不附图（收入、支出构成等）")] = False,
) -> None:
    """由数据集生成部门决算报告（DOCX、PDF、HTML）和公开01–10表（XLSX、Markdown、JSON）；
    输出前按规则目录校验（与 juesuan check 相同，含绩效评价），有错误则不输出。"""
    from ..pipeline.build import build  # the pipeline is imported when a command runs, not for --help

    wanted = (
        None if formats is None else tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    )
    result = build(dataset, out, formats=wanted, unit=unit, rounding=rounding, force=force, final=final,
                   config=config_file, charts=not no_charts)  # fmt: skip
    show(result, dataset)
    if result.problems:
        raise input_failure(result.problems, "输入有误，未生成任何文件：")
    raise typer.Exit(result.exit_code)
