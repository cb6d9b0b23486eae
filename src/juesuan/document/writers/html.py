"""The document as one self-contained HTML page (inline CSS), also the source of the PDF.

The page is the Jinja2 template ``templates/document.html.j2`` with the stylesheet ``templates/document.css``
inlined. Print rules (A4 pages, landscape pages for wide tables, page numbers, the 目录's page numbers, repeated
table headers) are in the same stylesheet: a browser ignores what it does not support, WeasyPrint uses them
(:mod:`.pdf`). Tables are the ``grid_table`` macro of ``juesuan/render/templates/grid.html.j2``, the markup of
``tables.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from ...model.blocks import Chart, Document, Heading, PageBreak, Paragraph, Run, SimpleTable, TableOfContents
from ...render.html import add_filters, percent_widths, sheet
from ...render.layout import Caption, Grid
from . import charts
from . import plan as planning

TEMPLATE = "document.html.j2"
STYLESHEET = "document.css"


@dataclass(frozen=True, slots=True)
class _Item:
    """One body item for the template: ``kind`` is heading, paragraph, break, toc, sheet, simple or chart."""

    kind: str
    block: Any = None
    anchor: str = ""
    headings: tuple[tuple[Heading, str], ...] = ()
    caption: Caption | None = None
    grid: Grid | None = None
    widths: tuple[str, ...] = ()
    wide: bool = False
    notes: tuple[Paragraph, ...] = ()
    picture: Markup | None = None


def _run(run: Run) -> Markup:
    text = escape(run.text)
    if run.mark == "bold":
        return Markup("<strong>{}</strong>").format(text)
    if run.mark == "placeholder":
        return Markup('<mark class="placeholder">{}</mark>').format(text)
    return text


def _environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [PackageLoader("juesuan.document.writers", "templates"), PackageLoader("juesuan.render", "templates")]
        ),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    env.filters["run"] = _run
    return add_filters(env)


def stylesheet() -> str:
    return resources.files("juesuan.document.writers").joinpath("templates", STYLESHEET).read_text("utf-8")


def _item(item: planning.Item, p: planning.Plan) -> _Item:
    if isinstance(item, planning.TablePage):
        page = sheet(item.table.table)
        heads = tuple((h, p.anchor(h)) for h in item.headings)
        return _Item("sheet", item.table, "", heads, page.caption, page.grid, page.widths, item.wide, item.notes)
    if isinstance(item, Heading):
        return _Item("heading", item, p.anchor(item))
    if isinstance(item, Paragraph):
        return _Item("paragraph", item)
    if isinstance(item, PageBreak):
        return _Item("break")
    if isinstance(item, TableOfContents):
        return _Item("toc", item)
    if isinstance(item, SimpleTable):
        grid = planning.simple_grid(item)
        return _Item("simple", item, grid=grid, widths=percent_widths(grid))
    if isinstance(item, Chart):
        return _Item("chart", item, picture=charts.svg(item))
    raise TypeError(f"unknown block {item!r}")


def render(document: Document) -> str:
    """The document as an HTML page (a string); every figure and text is printed as given."""
    p = planning.plan(document)
    body = [_item(item, p) for item in planning.items(p.body)]
    template = _environment().get_template(TEMPLATE)
    return template.render(
        document=document,
        css=Markup(stylesheet()),
        cover=p.cover,
        toc=p.toc,
        toc_notes=p.toc_notes,
        footer=planning.page_footer(document),
        entries=p.entries,
        body=body,
    )
