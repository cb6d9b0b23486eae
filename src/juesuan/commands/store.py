"""``juesuan store``: what the store of audited reports holds (thin commands over :mod:`juesuan.store`)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from . import zh

store_app = typer.Typer(
    cls=zh.Group,
    name="store",
    help="查看审核库：报告列表、单份报告、问题清单、同一单位各年度对比。",
    no_args_is_help=True,
    options_metavar=zh.OPTIONS_METAVAR,
    subcommand_metavar=zh.SUBCOMMAND_METAVAR,
)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", help="审核库：SQLite 文件或 postgresql+psycopg:// 地址（默认 juesuan-audit.sqlite）"),
]


class Format(StrEnum):
    TEXT = "text"
    JSON = "json"


FormatOption = Annotated[Format, typer.Option("--format", help="输出格式：text 或 json")]


def _fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(2)


def _open(url: str | None):  # type: ignore[no-untyped-def]
    """The store, which must exist already (these commands never create one)."""
    from ..errors import JuesuanError
    from ..store import DEFAULT_STORE, Store, store_url

    parsed = store_url(url or DEFAULT_STORE)
    if parsed.get_backend_name() == "sqlite" and parsed.database and not Path(parsed.database).is_file():
        raise _fail(f"审核库 {parsed.database} 不存在：先用 juesuan audit 报告... --store {parsed.database} 审核")
    try:
        return Store.open(parsed)
    except JuesuanError as exc:
        raise _fail(str(exc)) from None


def _echo_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@store_app.command("reports", cls=zh.Command)
def reports_command(
    unit: Annotated[str | None, typer.Option("--unit", help="单位名称（包含即可）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="年度")] = None,
    status: Annotated[
        str | None, typer.Option("--status", help="审核状态：audited、partial、not_audited、unusable、failed")
    ] = None,
    fmt: FormatOption = Format.TEXT,
    store: StoreOption = None,
) -> None:
    """列出审核库中的报告（可按单位、年度、状态筛选）。"""
    from ..pipeline.outcome import STATUS_LABELS

    if status is not None and status not in STATUS_LABELS:
        raise _fail(f"未知的审核状态：{status}（可用：{'、'.join(STATUS_LABELS)}）")
    with _open(store) as db:
        found = db.reports(department=unit, year=year, status=status)
    if fmt is Format.JSON:
        _echo_json([r.as_dict() for r in found])
        return
    for r in found:
        label = STATUS_LABELS.get(r.status, r.status)
        typer.echo(
            f"{r.id}\t{r.department or '（单位未知）'}\t{r.year or ''}\t{label}\t错误 {r.errors}\t警告 {r.warnings}"
            f"\t表 {r.tables_found}\t{r.name}"
        )
    typer.echo(f"共 {len(found)} 份报告")


@store_app.command("show", cls=zh.Command)
def show_command(
    report_id: Annotated[int, typer.Argument(metavar="编号", help="报告编号（juesuan store reports 列出）")],
    fmt: FormatOption = Format.TEXT,
    store: StoreOption = None,
) -> None:
    """显示一份已存报告的审核结果：覆盖情况和全部问题。"""
    from ..check.formats import report_to_dict, report_to_text
    from ..pipeline.outcome import STATUS_LABELS

    with _open(store) as db:
        summary = db.report(report_id)
        outcome = db.outcome(report_id) if summary is not None else None
    if summary is None or outcome is None:
        raise _fail(f"审核库中没有编号为 {report_id} 的报告")
    if fmt is Format.JSON:
        data = summary.as_dict()
        if outcome.report is not None:
            data.update(report_to_dict(outcome.report))
        data["coverage"] = outcome.coverage
        _echo_json(data)
        return
    label = STATUS_LABELS.get(summary.status, summary.status)
    lines = [
        f"报告 {summary.id}：{summary.path}",
        f"单位：{summary.department or '未知'}　年度：{summary.year or '未知'}　模板：{summary.profile or '—'}",
        f"审核状态：{label}" + (f"（{summary.reason}）" if summary.reason else ""),
        f"读出的表 {summary.tables_found} 张，未找到 {summary.tables_missing} 张；页数 {summary.pages or '—'}；"
        f"用时 {summary.seconds:.2f} 秒",
        f"审核版本：juesuan {summary.juesuan_version}，规则目录 {summary.catalogue_version}",
    ]
    typer.echo("\n".join(lines))
    if outcome.report is not None:
        typer.echo("\n" + report_to_text(outcome.report), nl=False)


@store_app.command("findings", cls=zh.Command)
def findings_command(
    report_id: Annotated[int | None, typer.Option("--report", help="只看这份报告（编号）")] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="单位名称（包含即可）")] = None,
    year: Annotated[int | None, typer.Option("--year", help="年度")] = None,
    rule: Annotated[str | None, typer.Option("--rule", help="规则编号")] = None,
    severity: Annotated[str | None, typer.Option("--severity", help="级别：error、warning、info")] = None,
    out: Annotated[Path | None, typer.Option("-o", "--out", help="导出为 .xlsx 或 .csv")] = None,
    fmt: FormatOption = Format.TEXT,
    store: StoreOption = None,
) -> None:
    """列出或导出审核库中的问题（可按报告、单位、年度、规则、级别筛选）。"""
    from ..findings import Severity
    from ..pipeline.build import os_reason
    from ..render.summary import write_summary

    if severity is not None and severity not in {s.value for s in Severity}:
        raise _fail(f"未知的级别：{severity}（可用：error、warning、info）")
    if out is not None and out.suffix.lower() not in (".xlsx", ".csv"):
        raise _fail(f"{out}: 导出文件须为 .xlsx 或 .csv")
    with _open(store) as db:
        found = db.findings(report_id, rule=rule, severity=severity, department=unit, year=year)
        names = {r.id: r.path for r in db.reports()} if found else {}
    if out is not None:
        rows = [f.summary_row(names.get(f.report_id, "")) for f in found]
        try:
            written = write_summary(out, [], rows)
        except OSError as exc:
            raise _fail(f"{out}: 无法写入：{os_reason(exc)}") from None
        typer.echo(f"已导出 {len(rows)} 条问题：{'、'.join(map(str, written))}")
        return
    if fmt is Format.JSON:
        _echo_json([f.as_dict() for f in found])
        return
    for f in found:
        place = f"第{f.page}页" if f.page else (f"第{f.line}行" if f.line else "")
        table = f" 公开{f.table_id}表" if f.table_id else ""
        typer.echo(f"[{f.report_id}] {Severity(f.severity).label} {f.rule}{table} {place}：{f.message}")
    typer.echo(f"共 {len(found)} 条")


@store_app.command("compare", cls=zh.Command)
def compare_command(
    unit: Annotated[str, typer.Argument(metavar="单位", help="单位名称（全名，或库中唯一包含它的名称）")],
    fmt: FormatOption = Format.TEXT,
    store: StoreOption = None,
) -> None:
    """比较同一单位各年度的报告：主要数字及增减，以及只有对比才能发现的问题（本年报告所列上年数与上年报告不符）。"""
    from ..check.formats import report_to_dict, report_to_text
    from ..store.history import UnknownUnit, unit_history

    with _open(store) as db:
        try:
            history = unit_history(db, unit)
        except UnknownUnit as exc:
            raise _fail(str(exc)) from None
    if fmt is Format.JSON:
        _echo_json(
            {
                "unit": history.unit,
                "reports": [{"id": r.id, "year": r.year, "path": r.path} for r in history.reports],
                "gaps": list(history.gaps),
                "comparisons": [
                    {
                        "years": list(c.years),
                        "figures": [
                            {
                                "subject": f.subject,
                                "label": f.label,
                                "last": f.last,
                                "this": f.this,
                                "change": f.change,
                                "rate": f.rate,
                            }
                            for f in c.figures
                        ],
                        **report_to_dict(c.report),
                    }
                    for c in history.comparisons
                ],
            }
        )
        return
    years = "、".join(f"{r.year}（报告 {r.id}）" for r in history.reports)
    typer.echo(f"单位：{history.unit}\n已存年度：{years}")
    if history.gaps:
        typer.echo(f"缺少年度：{'、'.join(map(str, history.gaps))}")
    if not history.comparisons:
        typer.echo("没有相邻两个年度的报告，无法比较。")
        return
    for c in history.comparisons:
        last, this = c.years
        typer.echo(f"\n{last} 年 → {this} 年（万元）")
        typer.echo(f"  {'项目':<12}{last:>12}{this:>12}{'增减':>12}{'增减率':>10}")
        for f in c.figures:
            if f.last is None and f.this is None:
                continue
            rate = f"{f.rate}%" if f.rate is not None else ""
            change = f.wan(f.change) if f.change is not None else ""
            typer.echo(f"  {f.label:<12}{f.wan(f.last):>12}{f.wan(f.this):>12}{change:>12}{rate:>10}")
        typer.echo("\n" + report_to_text(c.report), nl=False)
