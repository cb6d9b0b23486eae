"""The PDF writer: WeasyPrint over the HTML page. Read back with pdfplumber and pypdfium2: pages, text (CJK
extractable, every table title, every stated figure of the composed example), embedded CJK fonts, page
numbers that start after the 目录, repeated table headers, and no fetching."""

from __future__ import annotations

import io
import re
from collections import Counter

import pdfplumber
import pytest
import weasyprint
from writers_fixtures import composed_example, figure_paragraphs, reviewer_notes, squeeze

import once
from juesuan.document.writers import extract_text, render_document
from juesuan.document.writers.pdf import RefusingFetcher
from juesuan.model.blocks import Document, Heading, SimpleTable, TableBlock, TableOfContents

pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def document() -> Document:
    return composed_example()


@pytest.fixture(scope="module")
def data(document: Document) -> bytes:
    return once.example_report("pdf")


@pytest.fixture(scope="module")
def pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def test_pages_and_cjk_text(document: Document, data: bytes, pages: list[str]) -> None:
    assert data.startswith(b"%PDF")
    assert len(pages) > 10
    text = squeeze("".join(pages))
    assert squeeze(document.department) in text
    for table in (b.table for b in document.blocks if isinstance(b, TableBlock)):
        assert squeeze(table.title) in text, table.title


def test_embedded_fonts_are_cjk(data: bytes) -> None:
    """Every character is drawn with an embedded Noto CJK face: no fallback font, no missing glyph boxes."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        fonts = Counter(char["fontname"] for page in pdf.pages for char in page.chars)
    assert fonts
    assert all("CJK" in name for name in fonts), fonts
    assert any("Sans" in name for name in fonts) and any("Serif" in name for name in fonts)


def test_every_stated_figure_is_printed(document: Document, data: bytes) -> None:
    printed = extract_text(data, "pdf")
    text = squeeze(printed)
    paragraphs = figure_paragraphs(document)
    assert len(paragraphs) > 20
    for paragraph in paragraphs:
        assert squeeze(paragraph.text) in text
    assert reviewer_notes(printed) == []  # nothing meant for the reviewer (the as-published: docx and html tests)


def test_page_numbers_start_after_the_toc(document: Document, pages: list[str]) -> None:
    """Cover and 目录 are unnumbered; the body's pages show - 1 -, - 2 - …; the 目录 gives each part's page."""
    numbers = [re.findall(r"^- (\d+) -$", page, re.M) for page in pages]
    first = next(i for i, n in enumerate(numbers) if n)  # the 目录 may run over more than one page
    assert first >= 2 and all(n == [] for n in numbers[:first])
    assert [int(n[-1]) for n in numbers[first:]] == list(range(1, len(pages) - first + 1))
    toc = "\n".join(pages[1:first])
    first_part = next(h for h in document.headings() if h.level == 0)
    line = next(line for line in toc.splitlines() if squeeze(first_part.text) in squeeze(line))
    assert line.rstrip().endswith("1")


def test_long_table_repeats_its_header_on_every_page() -> None:
    rows = tuple((str(i), f"单位{i}", "一级") for i in range(1, 121))
    table = SimpleTable("很长的单位表", (("序号", "单位名称", "预算级次"),), rows)
    document = Document("长表", "部门", 2023, (TableOfContents(), Heading("一、长表", 1), table))
    with pdfplumber.open(io.BytesIO(render_document(document, "pdf"))) as pdf:
        body = [page.extract_text() or "" for page in pdf.pages][2:]
    assert len(body) >= 3
    assert all("单位名称" in page for page in body)
    assert "单位120" in body[-1]


def test_nothing_is_fetched() -> None:
    fetcher = RefusingFetcher()
    page = '<html><body><img src="http://example.invalid/x.png"><link rel="stylesheet" href="file:///etc/passwd"></body></html>'
    weasyprint.HTML(string=page, url_fetcher=fetcher).write_pdf()
    assert "http://example.invalid/x.png" in fetcher.refused
