"""``juesuan audit`` of many files: a thin command over :func:`juesuan.batch.run_batch` and the store.

Prints one line per file (status, errors, warnings, the reason where it was not audited), the totals, and
exits with the worst exit code of the files (0 clean < 1 errors < 3 not audited < 2 unusable or failed).
A progress bar with the files being read goes to stderr.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..batch import BatchResult, Limits, Progress, run_batch
from ..errors import JuesuanError
from ..pipeline.build import os_reason
from ..pipeline.outcome import STATUS_LABELS
from ..render.summary import write_summary
from ..store import DEFAULT_STORE, Store

SUMMARY_SUFFIXES = (".xlsx", ".csv")


def fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


def audit_batch(
    files: list[Path],
    *,
    fmt: str,
    profile: str | None,
    jobs: int | None,
    store: str | None,
    summary: Path | None,
    cluster: str | None,
    timeout: float,
    memory: int,
) -> None:
    if summary is not None:
        _check_summary(summary)
    try:
        db = Store.open(store or DEFAULT_STORE)
    except JuesuanError as exc:
        raise fail(str(exc)) from None
    try:
        with _bar() as show:
            result = run_batch(
                files, store=db, jobs=jobs, limits=Limits(timeout, memory), profile=profile, cluster=cluster,
                progress=show,
            )  # fmt: skip
    except JuesuanError as exc:
        raise fail(str(exc)) from None
    except OSError as exc:  # a Dask scheduler that cannot be reached
        raise fail(f"无法连接集群 {cluster}：{os_reason(exc)}") from None
    finally:
        db.close()
    if not result.entries:
        raise fail("".join(f"{p}\n" for p in result.problems) + "没有可审核的文件，未执行审核。")
    if summary is not None:
        try:
            write_summary(summary, [e.row for e in result.entries], [f for e in result.entries for f in e.findings])
        except OSError as exc:
            raise fail(f"{summary}: 无法写入汇总表：{os_reason(exc)}") from None
    where = db.url
    typer.echo(_json(result, where, summary) if fmt == "json" else _text(result, where, summary), nl=False)
    raise typer.Exit(result.exit_code)


def _check_summary(path: Path) -> None:
    if path.suffix.lower() not in SUMMARY_SUFFIXES:
        raise fail(f"{path}: 汇总表须为 .xlsx 或 .csv 文件")
    if path.is_dir():
        raise fail(f"{path}: 是一个目录，请给出汇总表的文件名")
    if not path.resolve().parent.is_dir():
        raise fail(f"{path}: 目录 {path.resolve().parent} 不存在")


class _bar:
    """A rich progress bar on stderr: files done of all, and the file(s) being read now."""

    def __enter__(self):  # type: ignore[no-untyped-def]
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as Bar

        self.bar = Bar(
            TextColumn("审核"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
            TextColumn("{task.description}"), console=Console(stderr=True), transient=True,
        )  # fmt: skip
        self.bar.__enter__()
        self.task = self.bar.add_task("", total=None)
        return self.show

    def show(self, progress: Progress) -> None:
        now = "、".join(Path(p).name for p in progress.running[:2])
        self.bar.update(self.task, total=progress.total, completed=progress.done, description=now)

    def __exit__(self, *exc: object) -> None:
        self.bar.__exit__(None, None, None)


def _text(result: BatchResult, where: str, summary: Path | None) -> str:
    lines = [f"{_pad('编号', 6, True)}  {_pad('状态', 8)}  {_pad('错误', 6, True)}  {_pad('警告', 6, True)}  文件"]
    for e in result.entries:
        label = STATUS_LABELS.get(e.status, e.status)
        mark = "（已存）" if e.skipped else ""
        number, errors, warnings = (_pad(f"{v}", 6, True) for v in (e.report_id or "", e.row.errors, e.row.warnings))
        lines.append(f"{number}  {_pad(label, 8)}  {errors}  {warnings}  {e.path}{mark}")
        if e.reason:
            lines.append(f"{'':>8}原因：{e.reason}")
    counts: dict[str, int] = {}
    for e in result.entries:
        counts[e.status] = counts.get(e.status, 0) + 1
    parts = "，".join(f"{STATUS_LABELS.get(k, k)} {v}" for k, v in counts.items())
    total_errors = sum(e.row.errors for e in result.entries)
    lines.append(
        f"共 {len(result.entries)} 份：{parts}；错误 {total_errors} 条。"
        f"本次审核 {result.audited} 份，跳过已存 {result.skipped} 份，用时 {result.seconds:.1f} 秒。"
    )
    lines += [f"未找到：{p}" for p in result.problems]
    lines.append(f"审核库：{where}" + (f"；汇总表：{summary}" if summary else ""))
    return "\n".join(lines) + "\n"


def _pad(text: str, width: int, right: bool = False) -> str:
    """``text`` padded to ``width`` terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len

    fill = " " * max(0, width - cell_len(text))
    return fill + text if right else text + fill


def _json(result: BatchResult, where: str, summary: Path | None) -> str:
    data = {
        "store": where,
        "summary": str(summary) if summary else None,
        "exit_code": result.exit_code,
        "audited": result.audited,
        "skipped": result.skipped,
        "seconds": round(result.seconds, 2),
        "problems": result.problems,
        "reports": [
            {
                "id": e.report_id,
                "path": e.path,
                "sha256": e.sha256,
                "status": e.status,
                "exit_code": e.exit_code,
                "reason": e.reason,
                "skipped": e.skipped,
                "department": e.row.department,
                "year": e.row.year,
                "errors": e.row.errors,
                "warnings": e.row.warnings,
                "infos": e.row.infos,
                "tables": e.row.tables,
                "pages": e.row.pages,
                "seconds": round(e.seconds, 2),
            }
            for e in result.entries
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
