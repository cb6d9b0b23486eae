"""``juesuan audit`` and ``juesuan parse``: thin commands over :func:`juesuan.pipeline.audit` and
:func:`juesuan.ingest.ingest`. Exit codes: 0 audited, no error finding; 1 error findings; 2 unusable
file; 3 not audited (not a 部门决算, every page scanned, or no standard table read)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..errors import JuesuanError
from .messages import input_failure


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def audit_command(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="报告...", help="公开报告或目录：PDF、DOCX、XLSX/XLS、HTML 或文本文件；目录递归查找"),
    ],
    fmt: Annotated[Format, typer.Option("--format", help="输出格式：text 或 json")] = Format.TEXT,
    profile: Annotated[str | None, typer.Option("--profile", help="指定模板（默认自动识别）")] = None,
    jobs: Annotated[
        int | None, typer.Option("--jobs", "-j", help="同时审核的进程数（默认：CPU 核数）；给出即按批量审核")
    ] = None,
    store: Annotated[
        str | None,
        typer.Option(
            "--store", help="审核库：SQLite 文件或 postgresql+psycopg:// 地址（批量审核默认 juesuan-audit.sqlite）"
        ),
    ] = None,
    summary: Annotated[
        Path | None, typer.Option("--summary", help="汇总表：.xlsx 或 .csv（每份报告一行，另列全部问题）")
    ] = None,
    cluster: Annotated[str | None, typer.Option("--cluster", help="Dask 集群调度器地址，如 tcp://主机:8786")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="每份报告的时间限制（秒，0 为不限）")] = 600,
    memory: Annotated[int, typer.Option("--memory", help="每个审核进程的内存限制（MiB，0 为不限）")] = 4096,
) -> None:
    """审核已公开的部门决算报告：提取公开表并校验，列出问题及页码。给出多个文件、目录或批量选项时，逐份在独立进程中审核，存入审核库。"""
    for name, value, least in (("--jobs", jobs, 1), ("--timeout", timeout, 0), ("--memory", memory, 0)):
        if value is not None and value < least:
            typer.echo(f"错误：选项 {name} 的取值须不小于 {least}，而不是 {value:g}", err=True)
            raise typer.Exit(2)
    single = len(files) == 1 and not files[0].is_dir()
    if single and jobs is None and store is None and summary is None and cluster is None:
        _audit_one(files[0], fmt, profile)
    from .batch import audit_batch

    audit_batch(files, fmt=fmt.value, profile=profile, jobs=jobs, store=store, summary=summary, cluster=cluster,
                timeout=timeout, memory=memory)  # fmt: skip


def _audit_one(file: Path, fmt: Format, profile: str | None) -> None:
    from ..pipeline.audit import audit
    from ..pipeline.cases import input_findings

    try:
        result = audit(file, profile)
    except JuesuanError as exc:
        raise input_failure(input_findings(exc, file), "文件不可用，未执行审核：", as_json=fmt is Format.JSON) from None
    typer.echo(result.to_json() if fmt is Format.JSON else result.to_text(), nl=False)
    raise typer.Exit(result.exit_code)


def parse_command(
    file: Annotated[Path, typer.Argument(metavar="报告", help="公开报告：PDF、DOCX、XLSX/XLS 或文本文件")],
    out: Annotated[Path, typer.Option("-o", "--out", help="输出的表格模式文件（YAML）")],
    profile: Annotated[str | None, typer.Option("--profile", help="指定模板（默认自动识别）")] = None,
) -> None:
    """从公开报告中提取公开表和绩效评价表，写成表格模式文件（可用 juesuan check 校验）。"""
    from ..ingest import ingest
    from ..ingest.evaluations import extract_evaluations
    from ..ingest.writer import dump_tables
    from ..pipeline.build import os_reason
    from ..pipeline.cases import input_findings

    try:
        ing = ingest(file, profile)
    except JuesuanError as exc:
        raise input_failure(input_findings(exc, file), "文件不可用，未生成任何文件：") from None
    evaluations = extract_evaluations(ing.document, ing.tables)
    source = {"path": str(file), "profile_reason": ing.choice.reason}
    try:
        out.write_text(dump_tables(ing.tables, source, evaluations.evaluations), encoding="utf-8")
    except OSError as exc:
        typer.echo(f"{out}: 无法写入文件：{os_reason(exc)}", err=True)
        raise typer.Exit(2) from None
    found = "、".join(f.table for f in ing.found) or "无"
    typer.echo(f"已写入 {out}：模板 {ing.choice.profile.id}（{ing.choice.reason}），表 {found}，单元格 {ing.cells} 个")
    if ing.missing:
        typer.echo(f"未找到的表：{'、'.join(ing.missing)}")
    if evaluations.evaluations:
        count = len(evaluations.evaluations)
        typer.echo(f"绩效评价表 {count} 张，指标 {evaluations.indicators} 个，已写入 evaluations")
    else:
        typer.echo(f"绩效评价表：{evaluations.note or '未找到'}")
    typer.echo("".join(f"  无法读取：{problem}\n" for problem in evaluations.problems[:20]), nl=False)
