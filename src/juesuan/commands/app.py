"""The ``juesuan`` application: every command, registered once.

Exit codes: 0 success; 1 the data has errors (findings of severity error); 2 unusable input; 3 (audit) not
audited.
"""

from __future__ import annotations

import json
import sys

import typer

from ..version import __version__
from . import zh
from .audit import audit_command, parse_command
from .build import build_command
from .check import check_command, rules_command
from .convert import convert_command, template_command
from .score import score_command
from .serve import serve_command, users_app
from .store import store_app

zh.install()  # at import, so that CliRunner().invoke(app, ...) is in Chinese too, not only main()
app = typer.Typer(
    cls=zh.Group,
    name="juesuan",
    help="juesuan（决算）：部门决算公开表的生成、校验与审核。",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    options_metavar=zh.OPTIONS_METAVAR,
    subcommand_metavar=zh.SUBCOMMAND_METAVAR,
)


def schema() -> None:
    """打印数据集的 JSON Schema。"""
    from ..load.schema import Dataset

    typer.echo(json.dumps(Dataset.model_json_schema(), ensure_ascii=False, indent=2))


def version() -> None:
    """显示版本号。"""
    typer.echo(f"juesuan {__version__}")


app.command("build", cls=zh.Command)(build_command)
app.command("check", cls=zh.Command)(check_command)
app.command("rules", cls=zh.Command)(rules_command)
app.command("template", cls=zh.Command)(template_command)
app.command("convert", cls=zh.Command)(convert_command)
app.command("score", cls=zh.Command)(score_command)
app.command("audit", cls=zh.Command)(audit_command)
app.command("parse", cls=zh.Command)(parse_command)
app.add_typer(store_app, name="store")
app.command("serve", cls=zh.Command)(serve_command)
app.add_typer(users_app, name="users")
app.command("schema", cls=zh.Command)(schema)
app.command("version", cls=zh.Command)(version)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("已中断。", err=True)
        sys.exit(130)
