"""``juesuan serve``: the web app (uvicorn), and ``juesuan users``: who may sign in to it (``--auth``)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from . import zh

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="审核库：SQLite 文件或 postgresql+psycopg:// 地址（默认 juesuan-audit.sqlite）"),
]


def serve_command(
    host: Annotated[str, typer.Option("--host", help="监听地址（默认只允许本机访问）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="端口（1–65535）")] = 8000,
    store: StoreOption = None,
    data: Annotated[Path, typer.Option("--data", help="上传文件、生成结果和签名密钥的目录")] = Path("juesuan-web"),
    auth: Annotated[bool, typer.Option("--auth", help="需要登录（用户用 juesuan users add 添加）")] = False,
    max_upload: Annotated[int, typer.Option("--max-upload", help="上传文件大小上限（MB）")] = 50,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="审核进程数（默认 CPU 核数，至多 2）")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="每份报告的审核时间上限（秒，0 为不限）")] = 600,
    memory: Annotated[int, typer.Option("--memory", help="每个审核进程的内存上限（MiB，0 为不限）")] = 4096,
) -> None:
    """启动网页界面：上传报告审核、在页面上复核问题、浏览审核库、由数据集生成报告。"""
    checks = (("--port", port, 1, 65535), ("--max-upload", max_upload, 1, None), ("--jobs", jobs, 1, None),
              ("--timeout", timeout, 0, None), ("--memory", memory, 0, None))  # fmt: skip
    for name, value, least, most in checks:
        if value is not None and (value < least or (most is not None and value > most)):
            bound = f"在 {least} 与 {most} 之间" if most is not None else f"不小于 {least}"
            typer.echo(f"错误：选项 {name} 的取值须{bound}，而不是 {value:g}", err=True)
            raise typer.Exit(2)
    import uvicorn

    from ..batch import Limits
    from ..errors import JuesuanError
    from ..store import Store
    from ..store.users import user_names
    from ..web.app import create_app
    from ..web.settings import Settings, default_jobs

    try:
        with Store.open(store) as db:  # the store must open (and migrate) before the server says it runs
            names = user_names(db)
    except JuesuanError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    if auth and not names:
        typer.echo("审核库中还没有用户：先用 juesuan users add 用户名 添加，再加 --auth 启动", err=True)
        raise typer.Exit(2)
    settings = Settings(store=store, data=data, max_upload=max_upload * (1 << 20), auth=auth,
                        jobs=jobs or default_jobs(), limits=Limits(timeout, memory))  # fmt: skip
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"juesuan 网页界面：http://{shown}:{port}/（按 Ctrl+C 停止）")
    if host not in ("127.0.0.1", "localhost", "::1") and not auth:
        typer.echo("提示：服务对其他计算机开放但未启用登录（--auth），任何能访问的人都能上传和复核", err=True)
    sys.stdout.flush()
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning", access_log=False,
                server_header=False)  # fmt: skip


users_app = typer.Typer(
    cls=zh.Group,
    name="users",
    help="网页界面的用户（juesuan serve --auth 时登录用）。",
    no_args_is_help=True,
    options_metavar=zh.OPTIONS_METAVAR,
    subcommand_metavar=zh.SUBCOMMAND_METAVAR,
)


@users_app.command("add", cls=zh.Command)
def add_command(
    username: Annotated[str, typer.Argument(metavar="用户名", help="登录用的名字")],
    store: StoreOption = None,
) -> None:
    """添加用户或修改其密码（密码从终端输入两次，或取自环境变量 JUESUAN_PASSWORD）。"""
    from ..errors import JuesuanError
    from ..store import Store
    from ..web.auth import PasswordRefused, set_password

    password = os.environ.get("JUESUAN_PASSWORD") or typer.prompt("密码", hide_input=True,
                                                                   confirmation_prompt="再输入一次密码")  # fmt: skip
    try:
        with Store.open(store) as db:
            new = set_password(db, username, password)
    except (JuesuanError, PasswordRefused) as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    typer.echo(f"已添加用户 {username}" if new else f"已修改用户 {username} 的密码")


@users_app.command("list", cls=zh.Command)
def list_command(store: StoreOption = None) -> None:
    """列出用户。"""
    from ..errors import JuesuanError
    from ..store import Store
    from ..store.users import user_names

    try:
        with Store.open(store) as db:
            names = user_names(db)
    except JuesuanError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from None
    for name in names:
        typer.echo(name)
    typer.echo(f"共 {len(names)} 个用户")
