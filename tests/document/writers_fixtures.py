"""Shared pieces of the writer tests: the documents they render and text comparison helpers."""

from __future__ import annotations

import re

from writers_sample import example_tables, sample_document

import once
from juesuan.document.blocks import Document, Paragraph

__all__ = ["composed_example", "figure_paragraphs", "sample", "squeeze"]


def sample() -> Document:
    return sample_document(example_tables())


def composed_example() -> Document:
    """The example's whole report as the composer makes it (what ``juesuan build`` writes), once per run."""
    return once.example_document()


def squeeze(text: str) -> str:
    """Text without whitespace: PDF lines wrap anywhere in Chinese text and justification adds spaces."""
    return re.sub(r"\s+", "", text)


def figure_paragraphs(document: Document) -> list[Paragraph]:
    return [b for b in document.blocks if isinstance(b, Paragraph) and any(r.figure for r in b.runs)]
