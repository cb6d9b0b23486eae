"""The document as PDF: WeasyPrint lays out the HTML page of :mod:`.html` (A4, Noto CJK fonts).

Nothing is fetched: the page is self-contained and the URL fetcher refuses every request, so a stray URL in a
text can neither reach the network nor read a local file.
"""

from __future__ import annotations

from typing import Any

from ...model.blocks import Document
from . import html


class RefusingFetcher:
    """A WeasyPrint URL fetcher that fetches nothing and remembers what was asked for."""

    _fail_on_errors = False

    def __init__(self) -> None:
        self.refused: list[str] = []

    def __call__(self, url: str, *args: Any, **kwargs: Any) -> Any:
        self.refused.append(url)
        raise ValueError(f"juesuan does not fetch resources when writing a PDF: {url}")


def render(document: Document, fetcher: RefusingFetcher | None = None) -> bytes:
    # imported here: loading Pango takes time that the other writers need not pay
    import weasyprint  # type: ignore[import-untyped]

    page = html.render(document)
    result = weasyprint.HTML(string=page, base_url=None, url_fetcher=fetcher or RefusingFetcher()).write_pdf()
    assert result is not None
    return bytes(result)
