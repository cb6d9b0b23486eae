"""``juesuan check`` and ``juesuan rules``: thin commands over :func:`juesuan.check.check`.

Exit codes of ``check``: 0 no error finding; 1 at least one error finding (with ``--strict``: or warning);
2 unusable input or config.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from ..cli_messages import input_failure
from ..derive.build import build_tables
from ..errors import JuesuanError
from ..load.evaluations import read_evaluations
from ..load.loader import load, parse_file
from ..load.tables import is_table_mode, read_tables_data
from ..model.tables import TableSet
from .checker import Report, check, check_build
from .config import PRESETS, Config, load_config
from .docs import rule_text
from .formats import report_to_json, report_to_text
from .registry import RULES


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def _unusable(exc: JuesuanError) -> typer.Exit:
    return input_failure(exc, "输入不可用，未执行校验：")


def run_check(path: Path, config: Config | None) -> Report:
    """Check a table-mode file, or build the tables of a ledger dataset first (its build findings included)."""
    root = parse_file(path)
    if is_table_mode(root):
        tables = read_tables_data(root, str(path))
        evaluations = read_evaluations(root, str(path))
        return check(tables, config, inputs={"evaluations": evaluations} if evaluations else None)
    accounts = load(path)
    inputs: dict[str, object] = {"accounts": accounts}
    if accounts.evaluations:
        inputs["evaluations"] = accounts.evaluations
    return check_build(build_tables(accounts), config, inputs=inputs)


def tables_of(path: Path) -> TableSet:
    root = parse_file(path)
    return read_tables_data(root, str(path)) if is_table_mode(root) else build_tables(load(path)).tables


def check_command(
    file: Annotated[Path, typer.Argument(help="公开表文件（tables.json 形状，含 tables:）或数据集文件")],
    fmt: Annotated[Format, typer.Option("--format", help="输出格式：text 或 json")] = Format.TEXT,
    config_file: Annotated[Path | None, typer.Option("--config", help="校验配置文件（YAML）")] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="严格模式：使用 strict 预设（尾数差异作为警告），有警告也视为不通过（退出码 1）"),
    ] = False,
) -> None:
    """校验一套公开表：表内、表间勾稽关系与科目分类。"""
    try:
        config = load_config(config_file, set(RULES)) if config_file else None
        if strict and config is None:
            config = PRESETS["strict"]
        report = run_check(file, config)
    except JuesuanError as exc:
        raise _unusable(exc) from exc
    typer.echo(report_to_json(report) if fmt is Format.JSON else report_to_text(report), nl=False)
    failing = report.summary.get("error", 0) + (report.summary.get("warning", 0) if strict else 0)
    raise typer.Exit(1 if failing else 0)


def rules_command(rule_id: Annotated[str | None, typer.Argument(help="规则编号；省略则列出全部规则")] = None) -> None:
    """列出全部校验规则，或解释一条规则。"""
    if rule_id is None:
        for rule in RULES.values():
            typer.echo(f"{rule.id}\t{rule.severity.value}\t{rule.title}")
        return
    if rule_id not in RULES:
        typer.echo(f"没有编号为「{rule_id}」的规则（juesuan rules 列出全部规则）", err=True)
        raise typer.Exit(2)
    typer.echo(rule_text(RULES[rule_id]))


def register(app: typer.Typer) -> None:
    """Add the ``check`` and ``rules`` commands to the juesuan command line."""
    app.command("check")(check_command)
    app.command("rules")(rules_command)
