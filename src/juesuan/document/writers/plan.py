"""What every document writer decides the same way: front matter, anchors, the 目录 entries, table grids.

A :class:`~juesuan.model.blocks.Document` is split into

- the **cover**: the leading paragraphs styled ``cover-*`` (or, when there are none, a cover made from the
  document's title, department and year),
- the **front matter**: the cover and a :class:`TableOfContents` that follows it; these pages carry no page
  number,
- the **body**: everything else, numbered from 1.

Tables are laid out once by :func:`juesuan.render.layout.grid` (a :class:`SimpleTable` is turned into the same
kind of grid), so the DOCX, HTML and PDF tables cannot disagree with each other or with ``tables.xlsx``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, replace

from ...model.blocks import Block, Document, Heading, PageBreak, Paragraph, SimpleTable, TableBlock, TableOfContents
from ...render import layout
from ...render.layout import Grid, GridCell

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


# -- fitting a SimpleTable to the text width ---------------------------------------------------------------

#: The text width of a portrait A4 page (210 mm less the 24 mm side margins) in points, which both the HTML/PDF
#: and the DOCX page set-up use.
PORTRAIT_TEXT_PT = 162 / 25.4 * 72
#: Horizontal room a cell takes beyond its text, in em: padding and rules (HTML 0.35 em a side, DOCX 57 twips
#: a side at 9 pt ≈ 0.32 em), with a margin.
CELL_PADDING_EM = 0.8
#: A text column is never made narrower than this many em (its text wraps), unless its longest text is shorter.
MIN_TEXT_EM = 5.0
#: How far a text column's natural width counts when the room is shared out (a long explanation does not take
#: the width from every other column).
MAX_TEXT_EM = 20.0
#: Header words that stay on one line when a header wraps ("分值" never becomes 分/值; 一级指标 wraps as
#: 一级/指标). Other Chinese text wraps between pairs of characters.
HEADER_WORDS = frozenset((
    "一级", "二级", "三级", "四级", "五级", "六级", "指标值", "指标", "实际", "完成值", "分值", "得分率", "得分",
    "复核", "偏差原因", "分析及", "改进措施", "说明", "序号", "单位", "名称", "预算", "级次", "项目", "评价", "等级",
    "金额", "合计", "年初", "全年", "决算数", "预算数", "执行数", "执行率", "栏次", "行次",
))  # fmt: skip
_NARROW = {".": 0.35, ",": 0.35, ":": 0.35, ";": 0.35, "'": 0.3, "|": 0.3, "!": 0.35, "%": 0.95, " ": 0.3}
_CLOSING = set("）)】」』，、。：；％%")
_OPENING = set("（(【「『")
_CLOSING_BRACKETS = set("）)】」』")


def text_em(text: str) -> float:
    """Printed width of ``text`` in em, on the wide side: a Chinese (wide, full-width or ambiguous) character is
    1 em; a digit or Latin letter 0.64 em (Noto CJK's digits are 0.56, DejaVu Serif's — LibreOffice's stand-in
    for Times New Roman — 0.64; SimSun's and Times New Roman's 0.5); "." 0.35, "%" 0.95."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else _NARROW.get(ch, 0.64) for ch in text)


def header_words(text: str) -> list[str]:
    """The pieces a header may wrap between: runs of non-Chinese characters (a number, "(万元)") stay whole;
    Chinese text is split into :data:`HEADER_WORDS` (longest first), else pairs of characters; brackets and
    punctuation stay with the word they belong to."""
    words: list[str] = []
    i = 0
    longest = max(len(w) for w in HEADER_WORDS)
    while i < len(text):
        ch = text[i]
        if unicodedata.east_asian_width(ch) not in "WF":
            j = i
            while j < len(text) and unicodedata.east_asian_width(text[j]) not in "WF":
                j += 1
            words.append(text[i:j])
            i = j
            continue
        word = next((text[i : i + n] for n in range(longest, 1, -1) if text[i : i + n] in HEADER_WORDS), "")
        close = next((j for j in range(i + 1, min(len(text), i + 8)) if text[j] in _CLOSING_BRACKETS), None)
        if ch in _OPENING and close is not None:  # a short bracketed group: （万元）
            word = text[i : close + 1]
        if not word:
            rest = 0
            while i + rest < len(text) and unicodedata.east_asian_width(text[i + rest]) in "WF":
                rest += 1
            word = text[i : i + (3 if rest == 3 else min(2, rest))]  # an odd last character joins its pair
        words.append(word)
        i += len(word)
    glued: list[str] = []
    for word in words:
        if glued and (word[0] in _CLOSING or glued[-1][-1] in _OPENING):
            glued[-1] += word
        else:
            glued.append(word)
    return glued


def wrap_header(text: str, width_em: float) -> str:
    """``text`` as lines (joined by "\n") of at most ``width_em``, broken only between :func:`header_words`."""
    lines: list[str] = []
    for word in header_words(text):
        if lines and text_em(lines[-1] + word) <= width_em:
            lines[-1] += word
        else:
            lines.append(word)
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class _Need:
    least: float  # em the column cannot do without (numbers and header words never wrap)
    natural: float  # em its widest text takes on one line
    numeric: bool


def _needs(table: SimpleTable, ncols: int) -> list[_Need]:
    needs = []
    for c in range(ncols):
        heads = [row[c] for row in table.header if c < len(row) and row[c]]
        words = max((text_em(w) for h in heads for w in header_words(h or "")), default=0.0)
        whole = max((text_em(h or "") for h in heads), default=0.0)
        body = max((text_em(row[c]) for row in table.body if c < len(row)), default=0.0)
        if c in table.numeric_columns:
            least = max(body, words) + CELL_PADDING_EM
            needs.append(_Need(least, max(least, whole + CELL_PADDING_EM), True))
        else:
            # the body's text counts, not the header's: a header wraps between words, body text anywhere
            least = max(min(body, MIN_TEXT_EM), words) + CELL_PADDING_EM
            natural = min(body, MAX_TEXT_EM) + CELL_PADDING_EM
            needs.append(_Need(least, max(least, natural), False))
    return needs


def fit_widths(needs: list[_Need], available: float) -> list[float]:
    """Column widths (em) adding up to ``available``: every column at its natural width when they all fit
    (the room left shared in proportion); else each at its least width plus a share of the rest in proportion
    to what it lacks; when not even the least widths fit, the numeric columns keep theirs and the text columns
    share what is left (their text wraps more)."""
    least = [n.least for n in needs]
    natural = [n.natural for n in needs]
    if not needs:
        return []
    if sum(natural) <= available:
        return [w * available / sum(natural) for w in natural]
    if sum(least) <= available:
        lack = [n - m for n, m in zip(natural, least, strict=True)]
        extra = available - sum(least)
        return [m + extra * d / sum(lack) for m, d in zip(least, lack, strict=True)]
    fixed = sum(n.least for n in needs if n.numeric)
    flexible = sum(n.least for n in needs if not n.numeric)
    if flexible and fixed < available:
        scale = (available - fixed) / flexible
        return [n.least if n.numeric else n.least * scale for n in needs]
    return [w * available / sum(least) for w in least]


#: Grid widths of a fitted SimpleTable are in hundredths of an em (the writers scale widths proportionally).
WIDTH_UNITS_PER_EM = 100


def simple_grid(table: SimpleTable, font_pt: float = 10.5, width_pt: float = PORTRAIT_TEXT_PT) -> Grid:
    """The grid of a :class:`SimpleTable` fitted to ``width_pt`` in ``font_pt`` type: its header rows with
    merged cells, each header broken into lines ("\n") only between words and only when it needs to; its body
    as label/value cells. Numeric columns are as wide as their widest number (plus padding), so numbers never
    wrap nor run into the next cell; text columns share the rest. Widths are in :data:`WIDTH_UNITS_PER_EM`."""
    ncols = max((len(row) for row in (*table.header, *table.body)), default=0)
    widths = fit_widths(_needs(table, ncols), width_pt / font_pt)
    head = tuple(
        tuple(
            replace(
                cell, text=wrap_header(cell.text, sum(widths[cell.col : cell.col + cell.colspan]) - CELL_PADDING_EM)
            )
            if cell.text
            else cell
            for cell in row
        )
        for row in _header_cells(table.header)
    )
    body = tuple(
        tuple(
            GridCell(r, c, text or None, "value" if c in table.numeric_columns else "label")
            for c, text in enumerate(row)
        )
        for r, row in enumerate(table.body)
    )
    units = tuple(round(w * WIDTH_UNITS_PER_EM) for w in widths)
    return Grid(units, head, body)


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
