"""``tables.html``: one printable page with every table (A4 landscape, a page per table, headers repeated).

The table structure comes from :mod:`.layout`, the same grid the XLSX writer prints; the page itself is the
Jinja2 template ``templates/tables.html.j2`` (autoescaped). The table markup is the macro ``grid_table`` of
``templates/grid.html.j2``, which the document writers (:mod:`juesuan.document.writers.html`) import too:
:func:`add_filters` and :func:`sheet` are what they share.
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..model.tables import Table, TableSet
from . import layout
from .layout import Caption, Grid, GridCell

TEMPLATE = "tables.html.j2"


@dataclass(frozen=True, slots=True)
class Sheet:
    """One table as printed: its caption lines, its grid and the columns' widths as CSS percentages."""

    id: str
    caption: Caption
    grid: Grid
    widths: tuple[str, ...]


def _css(cell: GridCell) -> str:
    classes = [cell.kind]
    if cell.indent:
        classes.append(f"i{min(cell.indent, 3)}")
    return " ".join(classes)


def _spans(cell: GridCell) -> Markup:
    attrs = ""
    if cell.rowspan > 1:
        attrs += f' rowspan="{cell.rowspan}"'
    if cell.colspan > 1:
        attrs += f' colspan="{cell.colspan}"'
    return Markup(attrs)


def add_filters(env: Environment) -> Environment:
    """Register the ``css`` and ``spans`` filters the ``grid_table`` macro uses."""
    env.filters["css"] = _css
    env.filters["spans"] = _spans
    return env


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("juesuan.render", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
    )
    return add_filters(env)


def percent_widths(grid: Grid) -> tuple[str, ...]:
    total = sum(grid.widths) or 1
    return tuple(f"{100 * w / total:.2f}%" for w in grid.widths)


def sheet(table: Table) -> Sheet:
    grid = layout.grid(table)
    return Sheet(table.id, layout.caption(table), grid, percent_widths(grid))


def render(tables: TableSet) -> str:
    template = _environment().get_template(TEMPLATE)
    title = f"{tables.department} {tables.year} 年度部门决算公开表"
    return template.render(title=title, pages=[sheet(t) for t in tables])
