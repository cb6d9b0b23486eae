"""The HTML writer (also the source of the PDF): golden page, structure, escaping, self-containment.

Regenerate the golden after an intended change with::

    JUESUAN_UPDATE_GOLDEN=1 PYTHONPATH=src .venv/bin/pytest tests/document/test_writers_html.py
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from writers_fixtures import (
    composed_as_published,
    composed_example,
    figure_paragraphs,
    reviewer_notes,
    sample,
    squeeze,
)

import once
from juesuan.document.writers import DOCUMENT_FORMATS, extract_text, render_document
from juesuan.document.writers.plan import simple_grid
from juesuan.model.blocks import Document, Heading, Paragraph, Run, SimpleTable

GOLDEN = Path(__file__).parent / "golden" / "writers"
UPDATE = os.environ.get("JUESUAN_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def document() -> Document:
    return sample()


@pytest.fixture(scope="module")
def page(document: Document) -> str:
    return render_document(document, "html").decode("utf-8")


def test_golden_sample_page(page: str) -> None:
    path = GOLDEN / "sample.html"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
        return
    expected = path.read_text(encoding="utf-8")
    if page != expected:
        diff = "\n".join(list(difflib.unified_diff(expected.splitlines(), page.splitlines(), lineterm="", n=2))[:120])
        pytest.fail(f"sample.html differs from its golden (JUESUAN_UPDATE_GOLDEN=1 to accept):\n{diff}", pytrace=False)


def test_formats() -> None:
    assert DOCUMENT_FORMATS == ("docx", "pdf", "html")
    with pytest.raises(ValueError, match="odt"):
        render_document(sample(), "odt")


def test_every_table_is_a_sheet_with_repeatable_header(document: Document, page: str) -> None:
    for table in example_tables_of(document):
        section = re.search(rf'<section class="sheet[^"]*" id="sheet-{table.id}">.*?</section>', page, re.S)
        assert section is not None, table.id
        assert f'<p class="table-title">{table.title}</p>' in section.group(0)
        assert "<thead>" in section.group(0)
    assert "thead { display: table-header-group; }" in page


def example_tables_of(document: Document) -> list:
    from juesuan.model.blocks import TableBlock

    return [b.table for b in document.blocks if isinstance(b, TableBlock)]


def test_toc_links_every_heading_in_toc(document: Document, page: str) -> None:
    ids = set(re.findall(r' id="([^"]+)"', page))
    links = re.findall(r'<li class="toc-l(\d)"><a href="#([^"]+)">([^<]*)</a></li>', page)
    expected = [h for h in document.headings() if h.in_toc and h.level <= 1]
    assert [text for _, _, text in links] == [h.text for h in expected]
    assert all(anchor in ids for _, anchor, _ in links)
    assert "target-counter(attr(href), page)" in page


def test_placeholders_and_bold_are_marked(document: Document, page: str) -> None:
    for text in document.placeholders():
        assert f'<mark class="placeholder">{text}</mark>' in page
    assert "<strong>一般公共预算财政拨款收入</strong>" in page


def test_page_is_self_contained(page: str) -> None:
    assert "<style>" in page
    assert not re.search(r'(src|href)="(?!#)', page), "the page must not refer to anything outside itself"
    assert "@import" not in page and "url(" not in page


def test_text_is_escaped() -> None:
    hostile = Document(
        "<b>标题</b>",
        "部门",
        2023,
        (Heading("<script>x</script>", 1), Paragraph((Run("a < b & c"), Run("<i>", mark="placeholder")))),
    )
    page = render_document(hostile, "html").decode("utf-8")
    assert "<script>x" not in page and "<b>标题" not in page and "<i>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert "a &lt; b &amp; c" in page


def test_simple_table_header_spans() -> None:
    table = SimpleTable("t", (("序号", "单位", None), (None, "名称", "级次")), (("1", "甲", "一级"),))
    grid = simple_grid(table)
    placed = {(c.row, c.col): (c.text, c.rowspan, c.colspan) for row in grid.head for c in row}
    assert placed == {(0, 0): ("序号", 2, 1), (0, 1): ("单位", 1, 2), (1, 1): ("名称", 1, 1), (1, 2): ("级次", 1, 1)}


def test_composed_report_states_every_figure() -> None:
    """Every paragraph with a stated figure of the composed example is printed whole in the HTML."""
    document = composed_example()
    printed = extract_text(once.example_report("html"), "html")
    text = squeeze(printed)
    paragraphs = figure_paragraphs(document)
    assert len(paragraphs) > 20
    for paragraph in paragraphs:
        assert squeeze(paragraph.text) in text
    assert reviewer_notes(printed) == []  # nothing meant for the reviewer


def test_evaluations_as_published_print_no_reviewer_note() -> None:
    """The reviewer's notes on the as-published evaluations are findings, never 附件 text."""
    printed = extract_text(render_document(composed_as_published(), "html"), "html")
    assert "【待补充：评价等级】" in printed and "【待补充：部门评价结果】" in printed
    assert reviewer_notes(printed) == []


def test_cover_defaults_to_title_and_cover_lines() -> None:
    document = dataclasses.replace(sample(), meta={"cover_lines": "景德镇陶瓷文化南昌服务中心\n2024年9月"})
    page = render_document(document, "html").decode("utf-8")
    cover = re.search(r'<section class="cover">(.*?)</section>', page, re.S)
    assert cover is not None
    lines = re.findall(r'<p class="(cover-[a-z]+)">([^<]*)</p>', cover.group(1))
    assert lines == [
        ("cover-title", "景德镇陶瓷文化南昌服务中心"),
        ("cover-title", "2023 年度部门决算"),
        ("cover-line", "2024年9月"),
    ]


def test_page_breaks_collapse() -> None:
    from juesuan.document.writers.plan import items, plan
    from juesuan.model.blocks import PageBreak

    blocks = (PageBreak(), Paragraph.plain("甲"), PageBreak(), PageBreak(), Paragraph.plain("乙"), PageBreak())
    body = items(plan(Document("标题", "部门", 2023, blocks)).body)
    assert [type(b).__name__ for b in body] == ["Paragraph", "PageBreak", "Paragraph"]


@pytest.mark.parametrize("fmt", DOCUMENT_FORMATS)
def test_minimal_documents_render(fmt: str) -> None:
    """No 目录, no headings, no blocks at all: still a cover and a valid file."""
    for blocks in ((), (Paragraph.plain("正文"),), (Heading("甲", 0, in_toc=False),)):
        data = render_document(Document("某单位2023年度部门决算", "某单位", 2023, blocks), fmt)
        text = extract_text(data, fmt)
        assert "某单位" in text and "2023年度部门决算" in text


def test_wide_tables_get_landscape_pages(document: Document, page: str) -> None:
    from juesuan.document.writers.plan import PORTRAIT_WIDTH
    from juesuan.model.blocks import TableBlock
    from juesuan.render.layout import grid

    for table in (b.table for b in document.blocks if isinstance(b, TableBlock)):
        wide = sum(grid(table).widths) > PORTRAIT_WIDTH
        assert f'<section class="sheet{" wide" if wide else ""}" id="sheet-{table.id}">' in page, table.id
    assert "@page wide" in page and ".sheet.wide { page: wide;" in page


header_rows = st.integers(1, 3).flatmap(
    lambda width: st.lists(
        st.lists(st.one_of(st.none(), st.sampled_from(["甲", "乙", "丙"])), min_size=width, max_size=width),
        min_size=1,
        max_size=3,
    )
)


@given(header_rows)
def test_simple_table_header_cells_cover_every_position_once(rows: list[list[str | None]]) -> None:
    header = tuple(tuple(row) for row in rows)
    grid = simple_grid(SimpleTable("t", header, ()))
    covered: Counter[tuple[int, int]] = Counter()
    for cell in (c for row in grid.head for c in row):
        assert cell.text == header[cell.row][cell.col]
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.col, cell.col + cell.colspan):
                covered[(r, c)] += 1
                assert (r, c) == (cell.row, cell.col) or header[r][c] is None
    assert covered == Counter({(r, c): 1 for r, row in enumerate(header) for c in range(len(row))})
