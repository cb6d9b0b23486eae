"""The document as PDF, typeset by one of two engines that lay out the same plan (:mod:`.plan`):

- ``typst`` (the default): :mod:`.typeset`, the Typst compiler from PyPI, in-process; the example's 20 pages
  take about 0.3 s;
- ``weasyprint``: WeasyPrint over the HTML page of :mod:`.html` (the print rules of ``document.css``); the same
  pages take 3–4 s. It stays for comparison (``bench/bench_pdf.py`` measures both and renders their pages side
  by side) and for users who style the HTML page.

Neither fetches anything: the Typst source imports nothing, and WeasyPrint's URL fetcher refuses every
request, so a stray URL in a text can neither reach the network nor read a local file.
"""

from __future__ import annotations

from typing import Any

from ...model.blocks import Document
from . import html, typeset

#: The engines, the default first.
ENGINES = ("typst", "weasyprint")


class RefusingFetcher:
    """A WeasyPrint URL fetcher that fetches nothing and remembers what was asked for."""

    _fail_on_errors = False

    def __init__(self) -> None:
        self.refused: list[str] = []

    def __call__(self, url: str, *args: Any, **kwargs: Any) -> Any:
        self.refused.append(url)
        raise ValueError(f"juesuan does not fetch resources when writing a PDF: {url}")


def render(document: Document, engine: str = ENGINES[0], fetcher: RefusingFetcher | None = None) -> bytes:
    """The document as PDF bytes, typeset by ``engine`` (see :data:`ENGINES`)."""
    if engine == "typst":
        return typeset.render(document)
    if engine == "weasyprint":
        return render_weasyprint(document, fetcher)
    raise ValueError(f"unknown PDF engine {engine!r}; expected one of {', '.join(ENGINES)}")


def render_weasyprint(document: Document, fetcher: RefusingFetcher | None = None) -> bytes:
    # imported here: loading Pango takes time that the other writers need not pay
    import weasyprint  # type: ignore[import-untyped]

    page = html.render(document)
    result = weasyprint.HTML(string=page, base_url=None, url_fetcher=fetcher or RefusingFetcher()).write_pdf()
    assert result is not None
    return bytes(result)
