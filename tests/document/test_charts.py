"""Charts (图): the profile's document data places them after 第三部分 sections; every charted number is the
table cell (as printed, 万元) or last year's figure the text compares with; a pie's shares are the text's; the
DOCX, PDF and HTML carry each chart once; ``--no-charts`` leaves them all out."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pdfplumber
from typer.testing import CliRunner
from writers_fixtures import composed_example

import once
from juesuan import build_tables, load
from juesuan.commands.app import app
from juesuan.document.compose import compose_document, previous_tables
from juesuan.document.templating import Cells
from juesuan.model.blocks import Chart, Document, Heading, Paragraph
from juesuan.model.money import to_wan

ROOT = Path(__file__).resolve().parents[2]
CENTRAL = ROOT / "examples" / "central-demo" / "dataset.yaml"


def charts(document: Document) -> list[Chart]:
    return [b for b in document.blocks if isinstance(b, Chart)]


def section_of(document: Document, chart: Chart) -> str:
    """The level-1 heading the chart is printed under."""
    heading = ""
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            heading = block.text
        if block is chart:
            return heading
    raise AssertionError(chart.title)


def section_text(document: Document, title: str) -> str:
    out, inside = [], False
    for block in document.blocks:
        if isinstance(block, Heading) and block.level <= 1:
            inside = block.text == title
        elif inside and isinstance(block, Paragraph):
            out.append(block.text)
    return "".join(out)


def central_document() -> tuple[Document, Cells]:
    accounts = load(CENTRAL)
    built = build_tables(accounts)
    document = compose_document(accounts, built, previous=previous_tables(accounts)).document
    return document, Cells(built.tables, accounts)


def test_the_example_has_three_charts_where_the_layout_puts_them() -> None:
    document = composed_example()
    placed = [(c.title, c.kind, section_of(document, c)) for c in charts(document)]
    assert placed == [
        ("图1　2023年度本年收入构成", "pie", "一、收入决算情况说明"),
        ("图2　2023年度本年支出构成", "pie", "二、支出决算情况说明"),
        ("图3　2023年度与2022年度收入支出决算对比", "bar", "二、支出决算情况说明"),
    ]  # no 图 of the 三公: the example's table 09 is blank


def test_every_charted_number_is_a_printed_cell_or_last_years_figure() -> None:
    accounts = load(once.EXAMPLE)
    cells = Cells(build_tables(accounts).tables, accounts)
    previous = {key: to_wan(value) for key, value in accounts.report.previous.items()}
    seen = 0
    for chart in charts(composed_example()):
        for series in chart.series:
            assert len(series.values) == len(series.cells) == len(chart.labels)
            for value, ref in zip(series.values, series.cells, strict=True):
                if ref.startswith("previous:"):
                    assert value == previous[ref.removeprefix("previous:")], ref
                else:
                    given = cells.given(ref)
                    assert value == (None if given is None else to_wan(given)), ref
                seen += 1
    assert seen == 1 + 2 + 8
    bars = charts(composed_example())[2]
    assert [s.name for s in bars.series] == ["2022年度", "2023年度"]
    assert bars.series[1].values == (Decimal("83.58"), Decimal("125.07"), Decimal("45.65"), Decimal("4.16"))
    assert bars.series[0].values == (Decimal("99.33"), Decimal("107.31"), Decimal("53.62"), Decimal("45.65"))


def test_pie_shares_are_the_shares_the_text_states() -> None:
    document = composed_example()
    pies = [c for c in charts(document) if c.kind == "pie"]
    for pie in pies:
        assert sum(pie.shares) == 100
        text = section_text(document, section_of(document, pie))
        for label, value, share in zip(pie.labels, pie.series[0].values, pie.shares, strict=True):
            assert f"{label}{value:.2f}万元，占{share:.2f}%" in text, (label, share)
    assert pies[1].labels == ("基本支出", "项目支出") and pies[1].shares == (Decimal("26.61"), Decimal("73.39"))


def test_central_layout_charts_the_three_public_budget_and_actual() -> None:
    document, cells = central_document()
    titles = [c.title for c in charts(document)]
    assert [t.split("　")[0] for t in titles] == ["图1", "图2", "图3", "图4"]
    three_public = charts(document)[-1]
    assert "“三公”经费" in three_public.title
    assert [s.name for s in three_public.series] == ["预算数", "决算数"]
    for series in three_public.series:
        for value, ref in zip(series.values, series.cells, strict=True):
            given = cells.given(ref)
            assert value == (None if given is None else to_wan(given))
    assert any(v for v in three_public.series[1].values)


def test_each_format_carries_each_chart_once() -> None:
    count = len(charts(composed_example()))
    with zipfile.ZipFile(io.BytesIO(once.example_report("docx"))) as docx:
        media = [n for n in docx.namelist() if n.startswith("word/media/")]
    assert len(media) == count
    html = once.example_report("html").decode("utf-8")
    assert html.count('<figure class="chart">') == count
    assert "<title>基本支出：33.28 万元（26.61%）</title>" in html  # the hover text of a slice
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # several inline SVGs, no id twice
    assert "<script" not in html
    with pdfplumber.open(io.BytesIO(once.example_report("pdf"))) as pdf:
        pictures = sum(len(page.images) for page in pdf.pages)
        text = "".join(page.extract_text() or "" for page in pdf.pages)
    assert pictures == count
    for chart in charts(composed_example()):
        assert chart.title.replace("　", " ") in text or chart.title in text


def test_no_charts_leaves_them_out(tmp_path: Path) -> None:
    accounts = load(once.EXAMPLE)
    document = compose_document(accounts, build_tables(accounts), previous=previous_tables(accounts), charts=False)
    assert charts(document.document) == []
    result = CliRunner().invoke(app, ["build", str(once.EXAMPLE), "-o", str(tmp_path), "--format", "docx,html",
                                      "--no-charts"])  # fmt: skip
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "report.docx") as docx:
        assert not [n for n in docx.namelist() if n.startswith("word/media/")]
    assert "<figure" not in (tmp_path / "report.html").read_text("utf-8")


def test_chart_pictures_are_not_empty() -> None:
    from juesuan.document.writers import charts as drawing

    for chart in charts(composed_example()):
        png = drawing.png(chart)
        assert png.startswith(b"\x89PNG") and len(png) > 5000
        assert drawing.svg(chart).startswith("<svg")
