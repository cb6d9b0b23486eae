"""Failure class: charts drawn as inline SVG in an HTML report (juesuan's own report.html, and any report whose
图 are inline SVG). Their labels and hover titles repeat figures of other subjects ("本年收入合计 2022年度：99.33
万元" is last year's); read as text they became narrative statements that contradict the tables. An SVG is a
picture: neither the HTML reader nor the text extractor reads it as text."""

from __future__ import annotations

import once
from juesuan.document.writers import extract_text
from juesuan.ingest.html import read_html

PAGE = """<html><body><h2>一、收入决算情况说明</h2>
<p>本年收入合计83.58万元。</p>
<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg"><g id="bar-0-0"><title>本年收入合计 2022年度：99.33 万元</title>
<rect width="1" height="1"/></g><text>99.33</text><text>本年收入合计</text></svg>
<figcaption>图1　本年与上年对比</figcaption></figure>
<p>本年支出合计125.07万元。</p></body></html>"""


def test_the_reader_reads_the_text_around_a_chart_and_not_the_chart() -> None:
    document = read_html("report.html", PAGE)
    lines = ["".join(c.text for c in line.cells) for line in document.lines()]
    assert lines == [
        "一、收入决算情况说明",
        "本年收入合计83.58万元。",
        "图1　本年与上年对比",
        "本年支出合计125.07万元。",
    ]


def test_the_text_extractor_skips_charts_too() -> None:
    text = extract_text(PAGE.encode(), "html")
    assert "99.33" not in text and "83.58" in text and "125.07" in text


def test_our_own_report_html_carries_charts_and_their_figures_are_not_read() -> None:
    html = once.example_report("html").decode("utf-8")
    assert "<svg" in html and "99.33" in html  # last year's 本年收入合计, in the chart's hover title
    lines = ["".join(c.text for c in line.cells) for line in read_html("report.html", html).lines()]
    assert not any("99.33" in line for line in lines)
