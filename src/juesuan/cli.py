"""The ``juesuan`` command: a thin shell over the public API. Messages are Chinese.

Exit codes: 0 success; 1 the data has errors (findings of severity error); 2 unusable input.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer

from . import __version__
from .audit.cli import register as register_audit_commands
from .check.cli import register as register_check_commands
from .cli_messages import input_failure
from .derive.build import Build, build_tables
from .derive.rounding import Rounding
from .errors import JuesuanError
from .findings import Finding, Severity, count_by_severity
from .load.loader import load
from .load.schema import Dataset
from .model.money import format_wan
from .render import FORMATS, write_outputs

app = typer.Typer(
    help="juesuan（决算）：部门决算公开表的生成、校验与审核。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def _fail_input(exc: JuesuanError) -> typer.Exit:
    return input_failure(exc, "输入有误，未生成任何文件：")


def _print_findings(findings: tuple[Finding, ...], limit: int = 20) -> None:
    for finding in findings[:limit]:
        where = "；".join(str(loc) for loc in finding.locations[:2])
        typer.echo(
            f"  [{finding.severity.label}] {finding.message}（{finding.rule}）" + (f" @ {where}" if where else "")
        )
    if len(findings) > limit:
        typer.echo(f"  ……另有 {len(findings) - limit} 条")


def _summary(build: Build, units: int) -> None:
    t = build.tables
    t01 = t["01"]
    income = t01.row("income_total", "收入").value("决算数")
    spending = t01.row("expenditure_total", "支出").value("决算数")
    closing = t01.row("closing", "支出").value("决算数")

    def shown(value: Decimal | None) -> str:
        return "—" if value is None else f"{format_wan(value)} 万元"

    typer.echo(f"{t.department}　{t.year} 年度部门决算（模板 {t.profile}，{units} 个单位，尾数处理：{t.rounding}）")
    typer.echo(f"  本年收入合计 {shown(income)}；本年支出合计 {shown(spending)}；年末结转和结余 {shown(closing)}")
    filled = [tb.id for tb in t if not tb.is_empty()]
    empty = [tb.id for tb in t if tb.is_empty()]
    typer.echo(f"  有数据的表：{'、'.join(filled) or '无'}；空表（附说明）：{'、'.join(empty) or '无'}")
    counts = count_by_severity(build.findings)
    typer.echo(f"  发现问题：错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}")


@app.command()
def build(
    dataset: Annotated[Path, typer.Argument(help="数据集文件（YAML 或 JSON）")],
    out: Annotated[Path, typer.Option("-o", "--out", help="输出目录")] = Path("out"),
    unit: Annotated[str | None, typer.Option("--unit", help="只生成该单位的公开表")] = None,
    formats: Annotated[str, typer.Option("--format", help="输出格式，逗号分隔：xlsx,html,md,json")] = ",".join(FORMATS),
    rounding: Annotated[
        Rounding,
        typer.Option("--rounding", help="尾数处理：adjusted（默认，合计等于各项之和）或 independent（逐格四舍五入）"),
    ] = Rounding.ADJUSTED,
    force: Annotated[bool, typer.Option("--force", help="存在错误时仍然输出")] = False,
) -> None:
    """由数据集生成公开01–10表（XLSX、HTML、Markdown、JSON）。"""
    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        shown = "、".join(unknown) or "（空）"
        typer.echo(f"{dataset}: 选项 --format：不支持的输出格式：{shown}；可用：{'、'.join(FORMATS)}", err=True)
        raise typer.Exit(2)
    try:
        accounts = load(dataset)
        if unit is not None:
            if unit not in accounts.unit_names():
                names = "、".join(accounts.unit_names())
                typer.echo(f"{dataset}: 选项 --unit：数据集中没有单位「{unit}」；现有单位：{names}", err=True)
                raise typer.Exit(2)
            accounts = accounts.for_unit(unit)
        result = build_tables(accounts, rounding)
    except JuesuanError as exc:
        raise _fail_input(exc) from None
    _summary(result, len(accounts.units))
    if result.findings:
        _print_findings(result.findings)
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    if errors and not force:
        typer.echo(f"数据存在 {len(errors)} 个错误，未输出任何文件（如确需输出，请加 --force）。", err=True)
        raise typer.Exit(1)
    try:
        written = write_outputs(result.tables, out, wanted)
    except OSError as exc:
        if isinstance(exc, (FileExistsError, NotADirectoryError)):
            reason = "该路径（或其上级）已存在且不是目录"
        elif isinstance(exc, PermissionError):
            reason = "没有写入权限"
        else:
            reason = exc.strerror or str(exc)
        typer.echo(f"{out}: 无法写入输出目录：{reason}", err=True)
        raise typer.Exit(2) from None
    typer.echo("已写入：" + "、".join(str(p) for p in written))


@app.command()
def schema() -> None:
    """打印数据集的 JSON Schema。"""
    typer.echo(json.dumps(Dataset.model_json_schema(), ensure_ascii=False, indent=2))


@app.command()
def version() -> None:
    """显示版本号。"""
    typer.echo(f"juesuan {__version__}")


register_check_commands(app)
register_audit_commands(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
