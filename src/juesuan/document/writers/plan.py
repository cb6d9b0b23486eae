"""What every document writer decides the same way: front matter, anchors, the 目录 entries, table grids.

A :class:`~juesuan.document.blocks.Document` is split into

- the **cover**: the leading paragraphs styled ``cover-*`` (or, when there are none, a cover made from the
  document's title, department and year),
- the **front matter**: the cover and a :class:`TableOfContents` that follows it; these pages carry no page
  number,
- the **body**: everything else, numbered from 1.

Tables are laid out once by :func:`juesuan.render.layout.grid` (a :class:`SimpleTable` is turned into the same
kind of grid), so the DOCX, HTML and PDF tables cannot disagree with each other or with ``tables.xlsx``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...render import layout
from ...render.layout import Grid, GridCell
from ..blocks import Block, Document, Heading, PageBreak, Paragraph, SimpleTable, TableBlock, TableOfContents

#: A table wider than this many character units (see :func:`juesuan.render.layout.text_width`) is printed on
#: a landscape page: about what fits across an A4 portrait text block in 9 pt type.
PORTRAIT_WIDTH = 100


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int
    text: str
    anchor: str


@dataclass(frozen=True, slots=True)
class Plan:
    """The document as the writers lay it out."""

    cover: tuple[Paragraph, ...]
    toc: TableOfContents | None
    toc_notes: tuple[Paragraph, ...]
    entries: tuple[TocEntry, ...]
    body: tuple[Block, ...]
    anchors: dict[int, str]

    def anchor(self, heading: Heading) -> str:
        return self.anchors[id(heading)]


def _is_cover(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.style.startswith("cover-")


def default_cover(document: Document) -> tuple[Paragraph, ...]:
    """The title (the department on a line of its own), then the lines of ``meta["cover_lines"]`` that the
    title does not already say (a date, an issuing office)."""
    title = document.title
    if document.department and title.startswith(document.department) and title != document.department:
        # 部门 on its own line and the rest below it, so that a long title does not wrap mid-word
        lines = [
            Paragraph.plain(document.department, "cover-title"),
            Paragraph.plain(title[len(document.department) :].strip(), "cover-title"),
        ]
    else:
        lines = [Paragraph.plain(title, "cover-title")]
    extra = [line for line in document.meta.get("cover_lines", "").splitlines() if line.strip()]
    if document.department not in title:
        extra.insert(0, document.department)
    if str(document.year) not in title:
        extra.append(f"{document.year} 年度")
    lines += [Paragraph.plain(line, "cover-line") for line in extra if line not in title]
    return tuple(lines)


def _anchors(document: Document) -> dict[int, str]:
    anchors: dict[int, str] = {}
    used: set[str] = set()
    for number, heading in enumerate(document.headings(), 1):
        anchor = heading.anchor or f"h{number}"
        while anchor in used:
            anchor += "-"
        used.add(anchor)
        anchors[id(heading)] = anchor
    return anchors


def plan(document: Document) -> Plan:
    blocks = list(document.blocks)
    i = 0
    while i < len(blocks) and (_is_cover(blocks[i]) or isinstance(blocks[i], PageBreak)):
        i += 1
    cover = tuple(b for b in blocks[:i] if isinstance(b, Paragraph)) or default_cover(document)
    toc: TableOfContents | None = None
    notes: list[Paragraph] = []
    if i < len(blocks) and isinstance(blocks[i], TableOfContents):
        toc = blocks[i]  # type: ignore[assignment]
        i += 1
        while i < len(blocks) and isinstance(blocks[i], Paragraph):  # e.g. the 尾数 note under the 目录
            notes.append(blocks[i])  # type: ignore[arg-type]
            i += 1
    while i < len(blocks) and isinstance(blocks[i], PageBreak):
        i += 1
    anchors = _anchors(document)
    depth = max((b.depth for b in blocks if isinstance(b, TableOfContents)), default=1)
    entries = tuple(
        TocEntry(h.level, h.text, anchors[id(h)]) for h in document.headings() if h.in_toc and h.level <= depth
    )
    return Plan(cover, toc, tuple(notes), entries, tuple(blocks[i:]), anchors)


def table_grid(block: TableBlock | SimpleTable) -> Grid:
    return layout.grid(block.table) if isinstance(block, TableBlock) else simple_grid(block)


def is_wide(grid: Grid) -> bool:
    return sum(grid.widths) > PORTRAIT_WIDTH


def _header_cells(header: tuple[tuple[str | None, ...], ...]) -> tuple[tuple[GridCell, ...], ...]:
    """Header cells with spans: a ``None`` belongs to the cell on its left when that cell starts in the same
    row, otherwise to the cell above it when the whole width of that cell is ``None`` in this row; any other
    ``None`` is a blank cell."""
    owner: dict[tuple[int, int], list[int]] = {}  # position -> [row, col, rowspan, colspan] of its cell
    starts: list[list[int]] = []
    for r, row in enumerate(header):
        for c, text in enumerate(row):
            if (r, c) in owner:
                continue
            left = owner.get((r, c - 1))
            above = owner.get((r - 1, c))
            cell = [r, c, 1, 1]
            if text is None and left is not None and left[0] == r:
                cell = left
                cell[3] = c - cell[1] + 1
            elif text is None and above is not None and above[1] == c and _blank(row, c, above[3]):
                cell = above
                cell[2] = r - cell[0] + 1
                for col in range(c + 1, c + cell[3]):
                    owner[(r, col)] = cell
            else:
                starts.append(cell)
            owner[(r, c)] = cell
    rows: list[list[GridCell]] = [[] for _ in header]
    for r, c, rowspan, colspan in starts:
        rows[r].append(GridCell(r, c, header[r][c], "head", rowspan, colspan))
    return tuple(tuple(row) for row in rows)


def _blank(row: tuple[str | None, ...], start: int, count: int) -> bool:
    return len(row) >= start + count and all(text is None for text in row[start : start + count])


def simple_grid(table: SimpleTable) -> Grid:
    """The grid of a :class:`SimpleTable`: its header rows with merged cells, its body as label/value cells."""
    ncols = max((len(row) for row in (*table.header, *table.body)), default=0)
    widths = []
    for c in range(ncols):
        texts = [row[c] or "" for row in (*table.header, *table.body) if c < len(row)]
        widths.append(max(6, min(40, max((layout.text_width(t) + 2 for t in texts), default=6))))
    body = tuple(
        tuple(
            GridCell(r, c, text or None, "value" if c in table.numeric_columns else "label")
            for c, text in enumerate(row)
        )
        for r, row in enumerate(table.body)
    )
    return Grid(tuple(widths), _header_cells(table.header), body)


@dataclass(frozen=True, slots=True)
class TablePage:
    """A disclosure table with the headings directly before it: they start a new page together, a landscape
    page when the table is wide."""

    headings: tuple[Heading, ...]
    table: TableBlock
    grid: Grid
    wide: bool
    notes: tuple[Paragraph, ...] = ()


Item = Block | TablePage


def items(body: tuple[Block, ...]) -> tuple[Item, ...]:
    """The body with each :class:`TableBlock` gathered into a :class:`TablePage` with the headings right before
    it and the ``note`` paragraphs right after it; a page break right before a table page is dropped (the table
    page starts a page anyway), and so are repeated breaks and a break at the end."""
    out: list[Item] = []
    for block in body:
        last = out[-1] if out else None
        if isinstance(block, Paragraph) and block.style == "note" and isinstance(last, TablePage):
            out[-1] = replace(last, notes=(*last.notes, block))
            continue
        if isinstance(block, PageBreak) and (last is None or isinstance(last, PageBreak)):
            continue  # one break is enough, and the body starts on a new page anyway
        if not isinstance(block, TableBlock):
            out.append(block)
            continue
        headings: list[Heading] = []
        while out and isinstance(out[-1], Heading):
            headings.insert(0, out.pop())  # type: ignore[arg-type]
        while out and isinstance(out[-1], PageBreak):
            out.pop()
        grid = layout.grid(block.table)
        out.append(TablePage(tuple(headings), block, grid, is_wide(grid)))
    while out and isinstance(out[-1], PageBreak):
        out.pop()
    return tuple(out)


def page_footer(document: Document) -> str:
    """``document.footer`` for the foot of every page, unless a paragraph of the document already says it (the
    composer prints the 尾数 note under the 目录 and also names it as the footer)."""
    said = {b.text for b in document.blocks if isinstance(b, Paragraph)}
    return "" if document.footer in said else document.footer
