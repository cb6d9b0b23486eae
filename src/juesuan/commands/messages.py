"""The one shape of an "unusable input" message shared by every command (exit code 2)."""

from __future__ import annotations

import json

import typer

from ..findings import Finding

MAX_PROBLEMS = 50
PLAIN = {"input-option", "output-unwritable"}  # printed as one line, without the headline


def input_failure(findings: tuple[Finding, ...], headline: str, *, as_json: bool = False) -> typer.Exit:
    """Print ``headline`` and every problem (at most 50) to stderr — or, with ``as_json``, the findings as
    the JSON every command prints — and return the exit to raise (code 2)."""
    if as_json:
        data = {"findings": [f.as_dict() for f in findings], "summary": {"error": len(findings), "warning": 0,
                "info": 0}, "coverage": {"status": "unusable"}}  # fmt: skip
        typer.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return typer.Exit(2)
    if not all(f.rule in PLAIN for f in findings):  # a file's problems under a headline; an option's alone
        typer.echo(headline, err=True)
    for finding in findings[:MAX_PROBLEMS]:
        typer.echo(finding.message if finding.rule in PLAIN else f"  {finding.message}", err=True)
    if len(findings) > MAX_PROBLEMS:
        typer.echo(f"  ……另有 {len(findings) - MAX_PROBLEMS} 处问题", err=True)
    return typer.Exit(2)
