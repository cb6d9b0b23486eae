"""The Typst writer (the default PDF engine): every text enters Typst as a string literal, so no report text can
be read as Typst syntax; the page set-up matches the HTML page's print rules; WeasyPrint stays available as the
second engine and prints the same text."""

from __future__ import annotations

import io
import json
import re

import pdfplumber
import pytest
import typst
from hypothesis import given, settings
from hypothesis import strategies as st
from writers_fixtures import composed_example, squeeze

import once
from juesuan.document.writers import extract_text, render_document, typeset
from juesuan.document.writers import pdf as pdf_writer
from juesuan.model.blocks import Document, Heading, Paragraph, Run, SimpleTable, TableOfContents

pytestmark = pytest.mark.pdf

#: Text that means something in Typst markup or code: a function call reading a file, math, emphasis, a label,
#: a comment, an escape, quotes, a raw block, a heading marker.
HOSTILE = (
    '#read("/etc/passwd") $x^2$ *粗* _斜_ <label> @ref // 注释 /* 块 */ \\ "引号" \'单\' `raw` = 标题 - 列表 ~ ---'
)


def _evaluates_to(literal: str) -> str:
    source = f"#metadata({literal}) <probe>".encode()
    return str(json.loads(typst.query(source, "<probe>", field="value", one=True, ignore_system_fonts=True)))


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40))
def test_string_literal_evaluates_to_the_text(text: str) -> None:
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    expected = "".join(ch for ch in expected if ch in "\t\n" or not (ord(ch) < 0x20 or ord(ch) == 0x7F))
    assert _evaluates_to(typeset.string(text)) == expected


def test_hostile_text_is_printed_as_given_and_reads_nothing() -> None:
    table = SimpleTable("表" + HOSTILE, (("项目", HOSTILE),), (("1", HOSTILE),))
    document = Document(
        "标题" + HOSTILE,
        "部门",
        2023,
        (TableOfContents(), Heading(HOSTILE, 1), Paragraph((Run(HOSTILE), Run(HOSTILE, mark="bold"))), table),
    )
    text = squeeze(extract_text(render_document(document, "pdf"), "pdf"))
    assert text.count(squeeze(HOSTILE)) >= 4  # heading, 目录 entry, paragraph (two runs), table cells
    assert "root:" not in text


def test_fonts_are_found_where_the_set_up_installs_them() -> None:
    assert typeset.font_paths(), "no Noto CJK folder: scripts/setup-system.sh installs fonts-noto-cjk"


def test_wide_tables_are_on_landscape_pages_and_the_rest_portrait() -> None:
    with pdfplumber.open(io.BytesIO(once.example_report("pdf"))) as pdf:
        shapes = {(page.extract_text() or "").splitlines()[0]: page.width > page.height for page in pdf.pages[2:]}
    assert shapes["二、收入决算表"] is True  # 02 is wide (7 amount columns)
    assert shapes["九、财政拨款“三公”经费支出决算表"] is False
    assert not any(wide for first, wide in shapes.items() if first.startswith("第三部分"))


def test_the_same_document_gives_the_same_bytes() -> None:
    document = composed_example()
    assert render_document(document, "pdf") == once.example_report("pdf")


def _body_text(data: bytes) -> str:
    """The PDF's text without the page footers (a paragraph may run over a page break)."""
    lines = extract_text(data, "pdf").splitlines()
    return squeeze("".join(line for line in lines if not re.fullmatch(r"\s*- \d+ -\s*", line)))


def test_weasyprint_engine_prints_the_same_paragraphs() -> None:
    document = composed_example()
    typst_text = _body_text(once.example_report("pdf"))
    weasy_text = _body_text(pdf_writer.render(document, engine="weasyprint"))
    for block in document.blocks:
        if isinstance(block, Paragraph) and block.style == "body":
            assert squeeze(block.text) in typst_text
            assert squeeze(block.text) in weasy_text


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown PDF engine"):
        pdf_writer.render(composed_example(), engine="latex")
