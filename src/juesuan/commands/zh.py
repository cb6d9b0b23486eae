"""The command line in Chinese: typer's help and the usage errors of the click it vendors.

typer 0.29 vendors click (``typer._click``), whose messages are English f-strings, not gettext calls; so
there is no catalogue to install. Instead:

- **help**: :class:`Group` and :class:`Command` (the ``cls`` of the app and of each command) write the
  usage line and the ``--help`` option in Chinese, and set typer.rich_utils' strings from :data:`RICH`
  (panel titles, ``[默认：…]``) before printing a help page; :func:`install` translates the type labels
  (``<路径>``, none for a flag) and typer.core's few gettext strings (:data:`GETTEXT`, the help without rich);
- **usage errors**: :class:`Group` runs the app non-standalone and prints any usage error itself, its
  message translated by :data:`ERRORS` (one pattern per English message); exit code 2, as click's. An
  operating-system error no command reported becomes a Chinese line with the path (exit code 2).

The catalogue is data; nothing here imports more than typer itself (``juesuan --help`` stays fast).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from functools import cache
from typing import Any

import typer
import typer.core
from typer._click import Context, HelpFormatter
from typer._click.core import Command as ClickCommand
from typer._click.exceptions import ClickException, NoArgsIsHelpError
from typer.core import TyperCommand, TyperGroup, TyperOption

USAGE = "用法："
HELP_OPTION = "显示本帮助并退出"
OPTIONS_METAVAR = "[选项]"
SUBCOMMAND_METAVAR = "命令 [参数]..."
TRY_HELP = "运行 {command} {option} 查看帮助。"
ERROR = "错误：{message}"
ABORTED = "已中止。"
OS_ERROR = "{path}: 无法访问：{reason}"

#: typer.rich_utils' strings for a help page (module constants, read when one is printed; its error panel
#: is not used: :class:`Group` prints usage errors).
RICH = {
    "ARGUMENTS_PANEL_TITLE": "参数",
    "OPTIONS_PANEL_TITLE": "选项",
    "COMMANDS_PANEL_TITLE": "命令",
    "DEFAULT_STRING": "[默认：{}]",
    "ENVVAR_STRING": "[环境变量：{}]",
    "REQUIRED_LONG_STRING": "[必填]",
    "DEPRECATED_STRING": "（已停用）",
}

#: typer.core's gettext strings (the help page without rich: ``TYPER_USE_RICH=0``).
GETTEXT = {
    "Arguments": "参数",
    "Options": "选项",
    "Commands": "命令",
    "default: {default}": "默认：{default}",
    "required": "必填",
    "env var: {var}": "环境变量：{var}",
    "(dynamic)": "（动态）",
    "Aborted!": ABORTED,
}

#: A parameter's type label in the help (``<path>`` → ``<路径>``); a choice shows its values.
TYPES = {"path": "路径", "file": "文件", "dir": "目录", "str": "文本", "int": "整数", "float": "数值",
         "bool": "true|false", "datetime": "日期时间", "list[Path]": "路径"}  # fmt: skip

#: click's usage errors: an English message (the whole of it) → Chinese, first match wins. Fields:
#: ``name`` option or argument names ('-o' / '--out' → -o/--out), ``value`` what was typed (quotes
#: dropped), ``names`` a list (a、b), ``kind`` a type label (:data:`TYPES`), ``inner`` translated again.
ERRORS = (
    (r"(?P<inner>.+?)\.? Did you mean (?P<names>.+)\?", "{inner}（是否想输入：{names}？）"),
    (r"(?P<inner>.+?) \(Possible options: (?P<names>.+)\)", "{inner}（是否想输入：{names}？）"),
    (r"(?P<inner>.+?)\. Choose from:(?P<names>.+)", "{inner}（可选：{names}）"),
    (r"Missing argument (?P<name>.+?)\.?", "缺少参数：{name}"),
    (r"Missing option (?P<name>.+?)\.?", "缺少选项：{name}"),
    (r"Missing parameter:? (?P<name>.+?)\.?", "缺少参数：{name}"),
    (r"Missing command\.?", "缺少命令（juesuan --help 列出全部命令）"),
    (r"No such option: (?P<name>.+)", "没有这个选项：{name}"),
    (r"No such command (?P<value>.+?)\.?", "没有这个命令：{value}"),
    (r"Got unexpected extra argument(?:s|\(s\))? \((?P<value>.*)\)", "多余的参数：{value}"),
    (r"Option (?P<name>.+?) requires an argument\.?", "选项 {name} 后面缺少取值"),
    (r"Option (?P<name>.+?) requires (?P<count>\d+) arguments\.?", "选项 {name} 后面需要 {count} 个取值"),
    (r"Option (?P<name>.+?) does not take a value\.?", "选项 {name} 不带取值"),
    (r"Argument (?P<name>.+?) takes (?P<count>\d+) values\.?", "参数 {name} 需要 {count} 个取值"),
    (r"Invalid value for (?P<name>.+?): (?P<inner>.+)", "{name} 的取值无效：{inner}"),
    (r"Invalid value: (?P<inner>.+)", "取值无效：{inner}"),
    (r"Value error, (?P<inner>.+)", "{inner}"),
    (r"(?P<value>.+?) is not one of (?P<names>.+?)\.?", "「{value}」不是可选的取值（可选：{names}）"),
    (r"(?P<kind>\w+) (?P<value>.+?) does not exist\.?", "{kind}「{value}」不存在"),
    (r"(?P<kind>\w+) (?P<value>.+?) is a file\.?", "{kind}「{value}」是文件，不是目录"),
    (r"(?P<kind>\w+) (?P<value>.+?) is a directory\.?", "{kind}「{value}」是目录，不是文件"),
    (r"(?P<kind>\w+) (?P<value>.+?) is not readable\.?", "{kind}「{value}」不可读（权限不足）"),
    (r"(?P<kind>\w+) (?P<value>.+?) is not writable\.?", "{kind}「{value}」不可写（权限不足）"),
    (r"Could not open file (?P<value>.+?): (?P<inner>.+)", "无法打开文件「{value}」：{inner}"),
    (r"Value (?P<value>.+?) is not a valid (?P<kind>\w+)\.?", "「{value}」不是有效的{kind}"),
    (r"Value must be an iterable\.?", "应为多个取值"),
)


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern, re.DOTALL), template) for pattern, template in ERRORS)  # on first error


def _unquote(text: str) -> str:
    return re.sub(r"'([^']*)'|\"([^\"]*)\"", lambda m: m[1] if m[1] is not None else m[2], text.strip())


_FIELDS: dict[str, Callable[[str], str]] = {
    "name": lambda text: _unquote(text).replace(" / ", "/"),
    "value": _unquote,
    "names": lambda text: "、".join(_unquote(part) for part in re.split(r",\s*", text.strip()) if part),
    "kind": lambda text: TYPES.get(text.lower(), text),
    "inner": lambda text: translate(text),
}


def translate(message: str) -> str:
    """A click usage error's message in Chinese (unchanged when no pattern of :data:`ERRORS` matches)."""
    for pattern, template in _patterns():
        match = pattern.fullmatch(message.strip())
        if match:
            fields = {key: _FIELDS.get(key, str)(value) for key, value in match.groupdict().items()}
            return template.format(**fields)
    return message


def show_error(exc: ClickException) -> None:
    """Print a usage error the way click does (usage line, where the help is, the error), in Chinese."""
    ctx: Context | None = getattr(exc, "ctx", None)
    if ctx is not None:
        typer.echo(ctx.get_usage(), err=True)
        if ctx.command.get_help_option(ctx) is not None:
            typer.echo(TRY_HELP.format(command=ctx.command_path, option=ctx.help_option_names[0]), err=True)
    typer.echo(ERROR.format(message=translate(exc.format_message())), err=True)


def show_os_error(exc: OSError) -> None:
    from ..pipeline.build import os_reason  # imported on error only

    path = exc.filename if exc.filename is not None else "（未知路径）"
    typer.echo(OS_ERROR.format(path=path, reason=os_reason(exc)), err=True)


def localize_rich() -> None:
    """Set typer.rich_utils' strings to :data:`RICH` (imports rich: called when a help page is printed)."""
    from typer import rich_utils

    for name, text in RICH.items():
        setattr(rich_utils, name, text)


class _Chinese(ClickCommand):
    """What a command and the group share: the usage line, the ``--help`` option and the help page."""

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix=USAGE)

    def get_help_option(self, ctx: Context) -> TyperOption | None:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = HELP_OPTION
        return option

    def format_help(self, ctx: Context, formatter: HelpFormatter) -> None:
        localize_rich()
        super().format_help(ctx, formatter)


class Command(_Chinese, TyperCommand):
    """A juesuan command (``app.command(name, cls=Command)``)."""


class Group(_Chinese, TyperGroup):
    """The ``juesuan`` app (``typer.Typer(cls=Group)``): prints usage errors and unreported OS errors."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        run = super().main  # non-standalone: errors come back here instead of being printed in English
        if not standalone_mode:
            return run(args, prog_name, complete_var, False, windows_expand_args, **extra)
        try:
            result = run(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except NoArgsIsHelpError as exc:  # `juesuan` alone: the help is printed (rich) or is the message
            if exc.message:
                typer.echo(exc.message, err=True)
            sys.exit(exc.exit_code)
        except ClickException as exc:
            show_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            typer.echo(ABORTED, err=True)
            sys.exit(1)
        except OSError as exc:  # a file no command reported (unreadable input …): never a traceback
            show_os_error(exc)
            sys.exit(2)
        sys.exit(result if isinstance(result, int) else 0)


def _gettext(message: str) -> str:
    return GETTEXT.get(message, message)


_display_type = typer.core._TyperParameter.display_type


def _chinese_type(self: typer.core._TyperParameter, ctx: Context) -> str:
    label = _display_type(self, ctx)
    return f"<{TYPES.get(label[1:-1], label[1:-1])}>"


def _flag_type(self: TyperOption, ctx: Context) -> str | None:
    """No type label for a flag (``--force``, ``--help``): it takes no value."""
    return None if self.is_flag else _chinese_type(self, ctx)


def install() -> None:
    """Translate what typer reads from its module state: type labels and typer.core's gettext strings."""
    typer.core._ = _gettext  # type: ignore[attr-defined]
    typer.core._TyperParameter.display_type = _chinese_type  # type: ignore[method-assign]
    TyperOption.display_type = _flag_type  # type: ignore[method-assign,assignment]
