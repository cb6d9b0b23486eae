"""The rendered document: what the narrative composer produces and every document writer consumes.

A :class:`Document` is a flat sequence of blocks (headings, paragraphs, tables, page breaks, the table of
contents). It holds text exactly as printed: every figure in it was computed and formatted before it got
here, so the DOCX, PDF and HTML writers lay it out and compute nothing.

Figures stated in the text are :class:`Run` s with a :class:`Figure` attached: the value before formatting
and the table cells or the computation it came from. That is what lets a test (and the audit of our own
output) re-derive every stated number from the tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .tables import Table

#: Paragraph styles the writers know: body text, a centred line, a note in smaller type, the cover's lines.
PARAGRAPH_STYLES = ("body", "center", "note", "cover-title", "cover-line")

#: Run marks: a ``placeholder`` (【待补充：…】) is shown highlighted so that a draft cannot be mistaken for final.
RUN_MARKS = ("bold", "placeholder")


@dataclass(frozen=True, slots=True)
class Figure:
    """A stated number and where it comes from.

    Attributes:
        value: the exact value (元 for amounts, percent for rates, a count) before formatting.
        kind: "amount" (shown in 万元), "percent", "count" or "score".
        cells: the table cells it is read from, as "table:row_key:column" (e.g. "01:income_total:决算数").
        formula: how it is computed from ``cells`` when it is not one of them: "sum", "difference",
            "growth" (current over previous − 1), "share" (part over whole), "ratio" (e.g. 完成年初预算的 %).
        previous: for "difference"/"growth", the comparison figure (last year's value).
    """

    value: Decimal
    kind: str = "amount"
    cells: tuple[str, ...] = ()
    formula: str | None = None
    previous: Decimal | None = None


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of paragraph text, optionally a stated figure or marked."""

    text: str
    figure: Figure | None = None
    mark: str | None = None


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading; level 0 is a 部分 (第一部分 …), 1 a numbered section (一、…), 2 a subsection ((一) …)."""

    text: str
    level: int = 1
    anchor: str = ""
    in_toc: bool = True


@dataclass(frozen=True, slots=True)
class Paragraph:
    runs: tuple[Run, ...]
    style: str = "body"

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @classmethod
    def plain(cls, text: str, style: str = "body") -> Paragraph:
        return cls((Run(text),), style)


@dataclass(frozen=True, slots=True)
class TableBlock:
    """One of the disclosure tables, laid out by :func:`juesuan.render.layout.grid`."""

    table: Table


@dataclass(frozen=True, slots=True)
class SimpleTable:
    """A small table that is not one of the disclosure tables (the units list, a score sheet).

    ``header`` rows may use ``None`` for a position covered by a merged cell to its left or above; body
    cells are plain strings, already formatted. ``caption`` lines are printed between the title and the table
    (项目名称：…), ``unit`` right-aligned above it (单位：分), ``notes`` below it. The writers never let a cell
    of a ``numeric_columns`` column wrap or overflow.
    """

    title: str
    header: tuple[tuple[str | None, ...], ...]
    body: tuple[tuple[str, ...], ...]
    unit: str = ""
    notes: tuple[str, ...] = ()
    numeric_columns: tuple[int, ...] = ()
    caption: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ChartSeries:
    """One series of a chart: a value per label in 万元 as the tables print it (None where nothing is printed),
    and where each value comes from ("table:row_key:column", or "previous:<key>" for last year's figure)."""

    name: str
    values: tuple[Decimal | None, ...]
    cells: tuple[str, ...] = ()


#: Chart kinds: ``pie`` (the parts of a whole, one series), ``bar`` (a group of bars per label, a bar per
#: series: last year against this year, 预算数 against 决算数).
CHART_KINDS = ("pie", "bar")


@dataclass(frozen=True, slots=True)
class Chart:
    """A chart (图) of figures read from the tables, printed where the layout has one; ``title`` includes its
    number (图1　…). ``shares`` are a pie's parts in percent as the text states them (adding up to 100.00).
    Writers draw it and compute nothing."""

    title: str
    kind: str
    labels: tuple[str, ...]
    series: tuple[ChartSeries, ...]
    unit: str = "万元"
    shares: tuple[Decimal, ...] = ()


@dataclass(frozen=True, slots=True)
class PageBreak:
    pass


@dataclass(frozen=True, slots=True)
class TableOfContents:
    """Where the 目录 goes; writers generate it from the headings with ``in_toc``."""

    title: str = "目录"
    depth: int = 1


Block = Heading | Paragraph | TableBlock | SimpleTable | Chart | PageBreak | TableOfContents


@dataclass(frozen=True, slots=True)
class Document:
    """A whole report: title lines for the cover, then the blocks in order."""

    title: str
    department: str
    year: int
    blocks: tuple[Block, ...]
    profile: str = ""
    footer: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    def headings(self) -> tuple[Heading, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Heading))

    def figures(self) -> tuple[Figure, ...]:
        return tuple(
            run.figure for b in self.blocks if isinstance(b, Paragraph) for run in b.runs if run.figure is not None
        )

    def placeholders(self) -> tuple[str, ...]:
        return tuple(
            run.text for b in self.blocks if isinstance(b, Paragraph) for run in b.runs if run.mark == "placeholder"
        )
