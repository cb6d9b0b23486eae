"""Acceptance: every amount and percentage a reader finds in the generated report's 第三部分 (text extracted from
the DOCX, the PDF and the HTML) is, in order, a stated figure of the composed document, and every stated figure
re-derives from the table cells by its documented formula (narrative_cases.rederive, docs/document.md)."""

from __future__ import annotations

import re
from functools import cache

import pytest
from narrative_cases import EXAMPLE, compose, rederive

import once
from juesuan.document.writers import extract_text
from juesuan.load.loader import load
from juesuan.model.blocks import Document, Heading, Paragraph

#: An amount (万元) or a percentage as stated in the text.
STATED = re.compile(r"(\d+\.\d{2})(?=万元|%)")


@cache
def example() -> Document:
    accounts = load(EXAMPLE)
    composed, tables = compose(accounts)
    assert composed.document == once.example_document()  # the report build writes (its PDF typeset once)
    # the narrative's figures (the 附件's scores are the evaluations', checked by tests/perf)
    stated = [f for f in composed.document.figures() if f.kind != "score"]
    assert [p for f in stated if (p := rederive(f, tables, accounts))] == []
    return composed.document


def narrative_figures(document: Document) -> list[str]:
    """The texts of the amount and percent figures of 第三部分, in reading order."""
    out: list[str] = []
    inside = False
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 0:
            inside = "情况说明" in block.text
        if inside and isinstance(block, Paragraph):
            out += [r.text for r in block.runs if r.figure is not None and r.figure.kind in ("amount", "percent")]
    return out


def narrative_section(text: str) -> str:
    """第三部分 of the extracted text, whitespace removed (lines may wrap inside a number): after the last
    "第三部分" (the first ones are in the 目录) up to the following "第四部分"."""
    flat = re.sub(r"\s+", "", text)
    start = flat.rindex("第三部分")
    return flat[start : flat.index("第四部分", start)]


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html"])
def test_every_stated_amount_and_percentage_is_a_derived_figure(fmt: str) -> None:
    document = example()
    expected = narrative_figures(document)
    assert len(expected) > 60  # the example states no 三公 (it has none, in one sentence)
    section = narrative_section(extract_text(once.example_report(fmt), fmt))
    assert STATED.findall(section) == expected
