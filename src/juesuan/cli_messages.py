"""The one shape of an "unusable input" message shared by every command (exit code 2)."""

from __future__ import annotations

import typer

from .errors import InputError, JuesuanError

MAX_PROBLEMS = 50


def input_failure(exc: JuesuanError, headline: str) -> typer.Exit:
    """Print ``headline`` and every located problem (at most 50) to stderr; return the exit to raise."""
    problems = exc.problems if isinstance(exc, InputError) else [str(exc)]
    typer.echo(headline, err=True)
    for problem in problems[:MAX_PROBLEMS]:
        typer.echo(f"  {problem}", err=True)
    if len(problems) > MAX_PROBLEMS:
        typer.echo(f"  ……另有 {len(problems) - MAX_PROBLEMS} 处问题", err=True)
    return typer.Exit(2)
