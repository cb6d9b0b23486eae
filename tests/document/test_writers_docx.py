"""The DOCX writer, read back with python-docx: headings, fonts, tables and merged headers, the 目录 field,
page numbers, landscape sections, placeholders, and every stated figure of the composed example."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from writers_fixtures import (
    composed_as_published,
    composed_example,
    figure_paragraphs,
    reviewer_notes,
    sample,
    squeeze,
)

import once
from juesuan.document.writers import extract_text, render_document
from juesuan.model.blocks import Document, SimpleTable, TableBlock


@pytest.fixture(scope="module")
def document() -> Document:
    return sample()


@pytest.fixture(scope="module")
def data(document: Document) -> bytes:
    return render_document(document, "docx")


@pytest.fixture(scope="module")
def word(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def _attr(element: Any, path: str, name: str) -> str | None:
    found = element.find(path)
    return None if found is None else found.get(qn(name))


def test_headings_use_heading_styles(document: Document, word: Any) -> None:
    expected = [(f"heading {min(h.level, 2) + 1}", h.text) for h in document.headings() if h.in_toc]
    actual = [(p.style.name.lower(), p.text) for p in word.paragraphs if p.style.name.lower().startswith("heading ")]
    assert actual == expected
    untoc = [p.text for p in word.paragraphs if p.style.name.startswith("Subheading")]
    assert untoc == [h.text for h in document.headings() if not h.in_toc]


def test_fonts_heiti_headings_fangsong_body(word: Any) -> None:
    styles = word.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    assert _attr(defaults, ".//" + qn("w:rFonts"), "w:eastAsia") == "仿宋"
    for name in ("Heading1", "Heading2", "Heading3", "JsTableHeading", "JsCoverTitle"):
        style = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='{name}']")
        assert _attr(style, ".//" + qn("w:rFonts"), "w:eastAsia") == "黑体", name
        assert style.find(".//" + qn("w:rFonts")).get(qn("w:eastAsiaTheme")) is None
    table_text = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='JsTableText']")
    assert _attr(table_text, ".//" + qn("w:rFonts"), "w:eastAsia") == "宋体"


def test_one_word_table_per_table_with_borders(document: Document, word: Any) -> None:
    expected = sum(isinstance(b, TableBlock | SimpleTable) for b in document.blocks)
    assert len(word.tables) == expected == 11
    for table in word.tables:
        borders = table._tbl.tblPr.find(qn("w:tblBorders"))
        assert {b.tag.rsplit("}", 1)[1] for b in borders} == {"top", "left", "bottom", "right", "insideH", "insideV"}
        assert all(b.get(qn("w:val")) == "single" for b in borders)


def test_merged_headers_and_repeated_header_rows(word: Any) -> None:
    table01 = word.tables[1]  # after the units list
    first = table01.rows[0]
    assert first.cells[0].text == "收入" and first.cells[-1].text == "支出"
    spans = [tc.tcPr.find(qn("w:gridSpan")) for tc in table01._tbl.tr_lst[0].tc_lst]
    assert [int(s.get(qn("w:val"))) for s in spans] == [3, 3]
    head_rows = [
        tr for tr in table01._tbl.tr_lst if tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
    ]
    assert len(head_rows) == 3
    table02 = word.tables[2]
    restarts = table02._tbl.xpath(".//w:vMerge[@w:val='restart']")
    assert restarts, "02's 本年收入合计 header spans two rows"
    units = word.tables[0]
    assert units.cell(0, 0).text == "序号" and units.cell(0, 1).text == "单位" and units.cell(1, 1).text == "名称"
    assert units._tbl.tr_lst[1].tc_lst[0].tcPr.find(qn("w:vMerge")) is not None


def test_table_values_are_the_layout_texts(document: Document, word: Any) -> None:
    table = next(b.table for b in document.blocks if isinstance(b, TableBlock) and b.table.id == "01")
    texts = {c.text for row in word.tables[1].rows for c in row.cells}
    assert {r.display("决算数") for r in table.rows if r.display("决算数")} <= texts


def test_toc_field_prefilled_and_updated_on_open(document: Document, word: Any, data: bytes) -> None:
    body = word.element.body
    instructions = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith('TOC \\o "1-2"') for i in instructions)
    entries = [p.text.rstrip() for p in word.paragraphs if p.style.name.lower().startswith("toc ")]
    assert entries == [h.text for h in document.headings() if h.in_toc and h.level <= 1]
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    pagerefs = [i.split()[1] for i in instructions if i.strip().startswith("PAGEREF")]
    assert pagerefs and set(pagerefs) <= bookmarks
    assert word.settings.element.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_page_numbers_from_the_body_on(word: Any) -> None:
    sections = word.sections
    assert sections[0].footer.is_linked_to_previous  # cover and 目录: no footer, no number
    assert not sections[0].footer.paragraphs or not any(p.text for p in sections[0].footer.paragraphs)
    body = sections[1]
    assert body._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    footer = body.footer._element
    assert any("PAGE" in t.text for t in footer.iter(qn("w:instrText")))


def test_a4_and_landscape_for_wide_tables(word: Any) -> None:
    sizes = {(round(s.page_width.mm), round(s.page_height.mm)) for s in word.sections}
    assert sizes == {(210, 297), (297, 210)}
    for section in word.sections:
        assert (section.page_width > section.page_height) == (section.orientation == 1)
    assert abs(word.sections[0].page_width - Mm(210)) < Mm(0.1)


def test_placeholders_are_highlighted(document: Document, word: Any) -> None:
    marked = [
        r.text
        for p in word.paragraphs
        for r in p.runs
        if r._r.rPr is not None and r._r.rPr.find(qn("w:highlight")) is not None
    ]
    assert marked == list(document.placeholders())


def test_composed_report_states_every_figure() -> None:
    """The acceptance check: every paragraph with a stated figure of the composed example is in the DOCX text,
    so each stated amount and percentage (each re-derived from its cells by the composer's tests) is printed."""
    document = composed_example()
    printed = extract_text(once.example_report("docx"), "docx")
    text = squeeze(printed)
    paragraphs = figure_paragraphs(document)
    assert len(paragraphs) > 20
    for paragraph in paragraphs:
        assert squeeze(paragraph.text) in text
    for run in (r for p in paragraphs for r in p.runs if r.figure is not None):
        assert run.text in text
    assert reviewer_notes(printed) == []  # nothing meant for the reviewer


def test_evaluations_as_published_print_no_reviewer_note() -> None:
    """The reviewer's notes on the as-published evaluations are findings, never 附件 text."""
    printed = extract_text(render_document(composed_as_published(), "docx"), "docx")
    assert "【待补充：评价等级】" in printed and "【待补充：部门评价结果】" in printed
    assert reviewer_notes(printed) == []
