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
from .check.checker import Report, check_build
from .check.cli import register as register_check_commands
from .check.config import load_config
from .check.registry import RULES
from .cli_messages import input_failure
from .derive.build import Build, build_tables
from .derive.rounding import Rounding
from .document.blocks import Document
from .document.compose import compose_document, previous_tables
from .document.templating import Templates, has_templates
from .errors import JuesuanError
from .findings import Finding, Severity
from .load.loader import load
from .load.schema import Dataset
from .model.accounts import Accounts
from .model.money import format_wan
from .perf.cli import register as register_score_command
from .render import DOCUMENT_FORMATS, write_outputs

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


def _summary(build: Build, units: int, report: Report, dataset: Path) -> None:
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
    counts = report.summary
    run = sum(1 for c in report.coverage if c.status == "run")
    typer.echo(
        f"  校验（{run} 条规则）：错误 {counts.get('error', 0)}，警告 {counts.get('warning', 0)}，"
        f"提示 {counts.get('info', 0)}（全部详情：juesuan check {dataset}）"
    )


#: ``--format`` values: the report (report.docx/pdf/html) and the tables (tables.xlsx/md/json/html).
CLI_FORMATS = ("docx", "pdf", "html", "xlsx", "md", "json", "tables-html")
#: What ``juesuan build`` writes by default: the whole package.
DEFAULT_FORMATS = ("docx", "pdf", "html", "xlsx", "md", "json")
#: The default when no report can be composed (a profile without report templates, or ``--unit``).
TABLES_ONLY = ("xlsx", "tables-html", "md", "json")


def _split_formats(wanted: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(report formats, table formats as :func:`write_outputs` names them)."""
    documents = tuple(f for f in wanted if f in DOCUMENT_FORMATS)
    tables = tuple("html" if f == "tables-html" else f for f in wanted if f not in DOCUMENT_FORMATS)
    return documents, tables


def _compose(accounts: Accounts, result: Build, final: bool) -> tuple[Document, tuple[Finding, ...]]:
    """Compose the report; exits 2 on an unusable previous dataset, 1 under --final while anything is missing."""
    try:
        composed = compose_document(accounts, result, final=final, previous=previous_tables(accounts))
    except JuesuanError as exc:
        raise _fail_input(exc) from None
    missing = composed.missing
    typer.echo(f"  决算报告：待补充 {len(missing)} 处" + ("（已用【待补充：…】标出）" if missing else ""))
    if final and missing:
        typer.echo(f"决算报告尚有 {len(missing)} 处待补充，--final 不输出任何文件：", err=True)
        for finding in missing:
            typer.echo(f"  {finding.message}", err=True)
        raise typer.Exit(1)
    return composed.document, composed.findings


@app.command()
def build(
    dataset: Annotated[Path, typer.Argument(help="数据集文件（YAML 或 JSON）")],
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
) -> None:
    """由数据集生成部门决算报告（DOCX、PDF、HTML）和公开01–10表（XLSX、Markdown、JSON）；
    输出前按规则目录校验生成的表，有错误则不输出。"""
    document_formats, table_formats = _parse_formats(dataset, formats, unit)
    accounts, result, report = _load_and_build(dataset, unit, rounding, config_file)
    if document_formats and not has_templates(accounts.profile):
        if formats is not None:
            try:
                Templates.load(accounts.profile)
            except JuesuanError as exc:
                typer.echo(f"{dataset}: 选项 --format：{exc}", err=True)
            raise typer.Exit(2)
        document_formats, table_formats = _split_formats(TABLES_ONLY)
        typer.echo(f"模板「{accounts.profile}」没有决算报告模板，只生成公开表。")
    _summary(result, len(accounts.units), report, dataset)
    listed = tuple(f for f in report.findings if f.severity is not Severity.INFO)
    if listed:
        _print_findings(listed)
    errors = report.summary.get("error", 0)
    if errors and not force:
        typer.echo(f"数据存在 {errors} 个错误，未输出任何文件（如确需输出，请加 --force）。", err=True)
        raise typer.Exit(1)
    document = None
    if document_formats:
        document, findings = _compose(accounts, result, final)
        if findings:
            _print_findings(findings)
    _write(result, out, table_formats, document, document_formats)


def _parse_formats(dataset: Path, formats: str | None, unit: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if formats is None:
        wanted: tuple[str, ...] = TABLES_ONLY if unit is not None else DEFAULT_FORMATS
    else:
        wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in CLI_FORMATS]
    if unknown or not wanted:
        shown = "、".join(unknown) or "（空）"
        typer.echo(f"{dataset}: 选项 --format：不支持的输出格式：{shown}；可用：{'、'.join(CLI_FORMATS)}", err=True)
        raise typer.Exit(2)
    document_formats, table_formats = _split_formats(wanted)
    if unit is not None and document_formats:
        typer.echo(
            f"{dataset}: 选项 --unit：只能生成该单位的公开表（xlsx、md、json、tables-html）；"
            "决算报告按整个部门编写，请去掉 --unit 或 docx、pdf、html",
            err=True,
        )
        raise typer.Exit(2)
    return document_formats, table_formats


def _load_and_build(
    dataset: Path, unit: str | None, rounding: Rounding, config_file: Path | None
) -> tuple[Accounts, Build, Report]:
    """Load, build and check the built tables with the rule catalogue (exit 2 on unusable input or config)."""
    try:
        config = load_config(config_file, set(RULES)) if config_file else None
        accounts = load(dataset)
        if unit is not None:
            if unit not in accounts.unit_names():
                names = "、".join(accounts.unit_names())
                typer.echo(f"{dataset}: 选项 --unit：数据集中没有单位「{unit}」；现有单位：{names}", err=True)
                raise typer.Exit(2)
            accounts = accounts.for_unit(unit)
        result = build_tables(accounts, rounding)
        return accounts, result, check_build(result, config)
    except JuesuanError as exc:
        raise _fail_input(exc) from None


def _write(
    result: Build,
    out: Path,
    table_formats: tuple[str, ...],
    document: Document | None,
    document_formats: tuple[str, ...],
) -> None:
    try:
        written = write_outputs(result.tables, out, table_formats, document=document, document_formats=document_formats)
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
register_score_command(app)
register_audit_commands(app)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        sys.exit(130)


if __name__ == "__main__":
    main()
