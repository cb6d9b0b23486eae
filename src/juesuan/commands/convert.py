"""``juesuan template`` and ``juesuan convert``: thin commands over :mod:`juesuan.pipeline.convert`.

Exit codes: 0 written; 2 unusable input, option or output (nothing written).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .messages import input_failure


def template_command(
    out: Annotated[Path, typer.Option("-o", "--out", help="输出的填报工作簿（.xlsx）")] = Path("填报.xlsx"),
    profile: Annotated[str, typer.Option("--profile", help="模板（地区版式），如 jiangxi-2023")] = "jiangxi-2023",
    year: Annotated[int | None, typer.Option("--year", help="决算年度（写入单位信息表）")] = None,
) -> None:
    """生成空白的填报工作簿（XLSX）：每部分一个工作表，表头锁定，科目编码、收入来源等有下拉列表；
    填好后用 juesuan build 填报.xlsx 生成决算报告，格式见 docs/workbook.md。"""
    from ..pipeline.convert import write_template

    result = write_template(out, profile=profile, year=year)
    if result.problems:
        raise input_failure(result.problems, "未生成模板：")
    shown = result.written
    typer.echo(f"已写入 {shown}：填好后运行 juesuan check {shown} 校验，juesuan build {shown} 生成报告")


def convert_command(
    source: Annotated[
        Path, typer.Argument(metavar="输入", help="数据集（YAML/JSON）、填报工作簿或决算软件导出的报表（XLSX）")
    ],
    out: Annotated[Path, typer.Option("-o", "--out", help="输出文件：.xlsx（填报工作簿）或 .yaml（数据集）")],
) -> None:
    """数据集与填报工作簿互相转换：dataset.yaml → 填报.xlsx（模板填入数据集的数），填报.xlsx → dataset.yaml；
    决算软件导出的报表（财决01表等）→ 数据集草稿（不能对应的内容逐项列出）。输入有误时不写出任何文件。"""
    from ..pipeline.convert import convert

    result = convert(source, out)
    if result.problems:
        raise input_failure(result.problems, "输入有误，未写出任何文件：")
    typer.echo(f"已写入 {result.written}")
    if result.notes:
        typer.echo(f"以下 {len(result.notes)} 项未能对应到数据集，请在 {result.written} 中补填：")
        for note in result.notes:
            typer.echo(f"  [{note.severity.label}] {note.message}（{note.rule}）")
