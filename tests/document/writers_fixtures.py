"""Shared pieces of the writer tests: the documents they render and text comparison helpers."""

from __future__ import annotations

import re
from dataclasses import replace

from writers_sample import EXAMPLE, example_tables, sample_document

import once
from juesuan import build_tables, load
from juesuan.document.compose import compose_document, previous_tables
from juesuan.load.evaluations import read_evaluations
from juesuan.load.loader import parse_file
from juesuan.model.blocks import Document, Paragraph

__all__ = ["REVIEWER_PHRASES", "composed_as_published", "composed_example", "figure_paragraphs", "reviewer_notes",
           "sample", "squeeze"]  # fmt: skip


def sample() -> Document:
    return sample_document(example_tables())


def composed_example() -> Document:
    """The example's whole report as the composer makes it (what ``juesuan build`` writes), once per run."""
    return once.example_document()


def composed_as_published() -> Document:
    """The example's report with the seed's evaluations exactly as published (evaluations-as-published.yaml):
    incomplete 分值, a stated grade the total contradicts, a 部门评价 without any result — each of which the
    reviewer's grade line would explain."""
    path = EXAMPLE.parent / "evaluations-as-published.yaml"
    accounts = replace(load(EXAMPLE), evaluations=read_evaluations(parse_file(path), str(path)))
    return compose_document(accounts, build_tables(accounts), previous=previous_tables(accounts)).document


def squeeze(text: str) -> str:
    """Text without whitespace: PDF lines wrap anywhere in Chinese text and justification adds spaces."""
    return re.sub(r"\s+", "", text)


def figure_paragraphs(document: Document) -> list[Paragraph]:
    return [b for b in document.blocks if isinstance(b, Paragraph) and any(r.figure for r in b.runs)]


#: Wording meant for the reviewer (``juesuan score``'s grade line, finding messages): never in a document for
#: publication. The example's evaluations as published (:func:`composed_as_published`) would print each of the
#: first six.
REVIEWER_PHRASES = ("仅供参考", "所述等级", "所述总分", "总分无法确定", "财政部门常用", "分值不全", "复核", "不符",
                    "请核对", "请在数据集", "数据集", "juesuan")  # fmt: skip
_RULE_ID = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b")


def reviewer_notes(text: str) -> list[str]:
    """The reviewer-only phrases and rule ids (perf-grade, document-missing …) found in a document's text."""
    squeezed = squeeze(text)
    return [p for p in REVIEWER_PHRASES if p in squeezed] + _RULE_ID.findall(text)
