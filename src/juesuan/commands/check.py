"""``juesuan check`` and ``juesuan rules``: thin commands over :func:`juesuan.pipeline.check_case`.

Exit codes of ``check``: 0 no error finding; 1 at least one error finding (with ``--strict``: or warning);
2 unusable input or config.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import InputError, JuesuanError
from .messages import input_failure

if TYPE_CHECKING:
    from ..check.checker import Report
    from ..check.config import Config


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


def run_check(path: Path, config: Config | None, evaluations: Path | None = None) -> Report:
    """Check a table-mode file, or a dataset's built tables (its build findings included). Raises JuesuanError
    (an InputError with the problems) when the input is unusable."""
    from ..pipeline.cases import check_case, open_case

    opened = open_case(path, evaluations=evaluations)
    if opened.case is None:
        raise InputError(str(path), [f.message for f in opened.findings])
    return check_case(opened.case, config)


def check_command(
    file: Annotated[
        Path, typer.Argument(metavar="文件", help="公开表文件（tables.json 形状，含 tables:）或数据集文件")
    ],
    fmt: Annotated[Format, typer.Option("--format", help="输出格式：text 或 json")] = Format.TEXT,
    config_file: Annotated[Path | None, typer.Option("--config", help="校验配置文件（YAML）")] = None,
    evaluations: Annotated[
        Path | None,
        typer.Option("--evaluations", help="用另一文件中的绩效评价（evaluations:）代替输入自带的绩效评价"),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option("--strict", help="严格模式：使用 strict 预设（尾数差异作为警告），有警告也视为不通过（退出码 1）"),
    ] = False,
) -> None:
    """校验一套公开表或一份数据集：表内、表间勾稽关系，科目分类，以及录入的绩效评价。"""
    from ..check.config import PRESETS, load_config
    from ..check.formats import report_to_json, report_to_text
    from ..check.registry import RULES
    from ..pipeline.cases import check_case, input_findings, open_case

    as_json = fmt is Format.JSON
    try:
        config = load_config(config_file, set(RULES)) if config_file else None
    except JuesuanError as exc:
        raise input_failure(input_findings(exc, config_file), "输入不可用，未执行校验：", as_json=as_json) from None
    if strict and config is None:
        config = PRESETS["strict"]
    opened = open_case(file, evaluations=evaluations)
    if opened.case is None:
        raise input_failure(opened.findings, "输入不可用，未执行校验：", as_json=as_json)
    report = check_case(opened.case, config)
    typer.echo(report_to_json(report) if as_json else report_to_text(report), nl=False)
    failing = report.summary.get("error", 0) + (report.summary.get("warning", 0) if strict else 0)
    raise typer.Exit(1 if failing else 0)


def rules_command(
    rule_id: Annotated[str | None, typer.Argument(metavar="规则编号", help="规则编号；省略则列出全部规则")] = None,
) -> None:
    """列出全部校验规则，或解释一条规则。"""
    from ..check.docs import rule_text
    from ..check.registry import RULES

    if rule_id is None:
        for rule in RULES.values():
            typer.echo(f"{rule.id}\t{rule.severity.value}\t{rule.title}")
        return
    if rule_id not in RULES:
        typer.echo(f"没有编号为「{rule_id}」的规则（juesuan rules 列出全部规则）", err=True)
        raise typer.Exit(2)
    typer.echo(rule_text(RULES[rule_id]))
