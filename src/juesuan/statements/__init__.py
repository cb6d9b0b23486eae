"""Figures stated in a report's text (情况说明, 概况, evaluation attachment), as data.

Public API (stable):

``extract_statements(pages, path="", vocabulary=None, year=None) -> Statements``
    ``pages``: an iterable of ``(page number or None, number of the page's first line, text)``; feed one
    tuple per PDF/DOCX page (or one tuple ``(None, 1, text)`` for a whole text file). The 决算表 part and
    the table of contents are skipped; the year is read from the title when not given.
``statements_from_text(path) -> Statements``
    the same for a UTF-8 plain-text report (form feeds, if any, separate pages).

``Statements`` holds ``items`` (each a :class:`Statement`: ``subject`` key, ``aspect``, ``value`` Decimal,
``unit``, ``direction``, ``sentence``, ``source`` SourceRef with page and line, ``span`` in the sentence),
``paragraphs``, ``headings`` and ``year``; ``Statement.as_dict()`` is JSON-ready. The narrative checks
(catalogue ``narrative.yaml``: 18 rules, categories ``narrative`` and ``text``) read it as the
``statements`` input::

    from juesuan.check.checker import check
    report = check(tables, inputs={"statements": statements_from_text("report.txt")})

See docs/statements.md.
"""

from ..model.statements import Aspect, Heading, Paragraph, Statement, Statements
from .extract import extract_statements, statements_from_text
from .vocabulary import Vocabulary, default_vocabulary

__all__ = [
    "Aspect",
    "Heading",
    "Paragraph",
    "Statement",
    "Statements",
    "Vocabulary",
    "default_vocabulary",
    "extract_statements",
    "statements_from_text",
]
