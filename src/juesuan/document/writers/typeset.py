"""The document as PDF typeset by Typst (the ``typst`` package from PyPI, the compiler in-process).

The page is the same as the HTML page's print layout (:mod:`.html`, ``document.css``): A4 portrait, wide tables
on landscape pages, the cover and the 目录 unnumbered, the body numbered from 1 with the 目录's page numbers,
table headers repeated on every page, the Noto CJK fonts (宋体-like serif for text, 黑体-like sans for headings).
Both writers lay out :func:`.plan.plan` and :func:`juesuan.render.layout.grid`, so they print the same cells.

The Typst source is written in code mode only: every text of the document enters as a Typst string literal
(:func:`string`), never as markup, so no character of a report (``#``, ``*``, ``$``, ``<``, ``//``, quotes)
can be read as Typst syntax. Nothing is fetched: the source imports nothing; the only files it names are the
charts' pictures, written into a fresh temporary folder that is Typst's root (Typst reads nothing outside it).
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ...model.blocks import Chart, Document, Heading, PageBreak, Paragraph, Run, SimpleTable, TableOfContents
from ...render.layout import Caption, Grid, GridCell, caption
from . import charts as charting
from . import plan as planning

#: Where the Noto CJK fonts are on the systems we know (Debian/Ubuntu first); ``JUESUAN_FONT_PATH`` (folders
#: separated by ":") comes before them. Where none is found, Typst looks at the system's fonts.
FONT_DIRS = (
    "/usr/share/fonts/opentype/noto",
    "/usr/share/fonts/noto-cjk",
    "/usr/share/fonts/google-noto-cjk",
    "/usr/share/fonts/opentype/noto-cjk",
    "/usr/local/share/fonts",
)
BODY_FONT = "Noto Serif CJK SC"
HEADING_FONT = "Noto Sans CJK SC"

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def string(text: str) -> str:
    """``text`` as a Typst string literal that evaluates to exactly ``text`` (control characters other than
    tab and newline, which no report can print, are dropped)."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def font_paths() -> list[str]:
    """The font folders handed to Typst: ``JUESUAN_FONT_PATH`` and the known Noto CJK folders that exist."""
    given = [p for p in os.environ.get("JUESUAN_FONT_PATH", "").split(":") if p]
    return [p for p in (*given, *FONT_DIRS) if Path(p).is_dir()]


# -- the preamble: page set-up and styles (document.css in Typst) -------------------------------------------

PREAMBLE = """\
#let body-font = ("{body}", "Noto Serif CJK JP", "Noto Serif", "New Computer Modern")
#let heading-font = ("{heading}", "Noto Sans CJK JP", "Noto Sans", "DejaVu Sans")
#set document(title: {title})
#set text(font: body-font, size: 12pt, lang: "zh", region: "cn", cjk-latin-spacing: none)
#set text(top-edge: 0.88em, bottom-edge: -0.12em)
#set par(leading: 0.75em, spacing: 1.25em, justify: false)
#set page(paper: "a4", margin: (top: 25mm, x: 24mm, bottom: 22mm), footer: none)
#set table(stroke: 0.75pt + black)
#show heading: set text(font: heading-font, weight: "bold")
#show heading: set block(above: 1.6em, below: 1.0em, sticky: true)
#show heading.where(level: 1): it => align(center, text(size: 16pt, it.body))
#show heading.where(level: 2): set text(size: 14pt)
#show heading: set par(leading: 0.5em)
#show heading.where(level: 3): set text(size: 12pt)
#show heading.where(level: 4): set text(size: 12pt)
#let footer-text = {footer}
#let numbered-footer = context {{
  set text(size: 9pt)
  grid(columns: (1fr, auto, 1fr), align: (left, center, right),
    footer-text, text(font: body-font, size: 10.5pt, "- " + counter(page).display() + " -"), [])
}}
#let body-par(it, indent: true, size: none) = {{
  set par(first-line-indent: (amount: if indent {{ 2em }} else {{ 0em }}, all: true), justify: true)
  if size != none {{ text(size: size, it) }} else {{ it }}
  parbreak()
}}
#let meta-line(left-text, mid-text, right-text) = grid(columns: (1fr, 1fr, 1fr),
  align: (left, center, right), left-text, mid-text, right-text)
#let toc-entry(level, body, target) = {{
  let indent = if level <= 0 {{ 0em }} else if level == 1 {{ 2em }} else {{ 4em }}
  let font = if level <= 0 {{ heading-font }} else {{ body-font }}
  block(above: if level <= 0 {{ 0.9em }} else {{ 0.45em }}, below: 0.45em, pad(left: indent, link(target,
    grid(columns: (1fr, auto), text(font: font, body) + box(width: 1fr, repeat[.]),
      context str(counter(page).at(target).first())))))
}}
"""


def _run(run: Run) -> str:
    text = string(run.text)
    if run.mark == "bold":
        return f"strong({text})"
    if run.mark == "placeholder":
        return f'highlight(fill: rgb("#ffff00"), {text})'
    return text


def _runs(runs: Iterable[Run]) -> str:
    parts = [_run(r) for r in runs]
    return "[" + "".join(f"#{p}" for p in parts) + "]" if parts else "[]"


def _paragraph(block: Paragraph) -> str:
    body = _runs(block.runs)
    style = block.style
    if style == "body":
        return f"#body-par({body})"
    if style == "note":
        return f"#body-par({body}, size: 10.5pt)"
    if style == "center":
        return f"#align(center, {body})\n#parbreak()"
    if style == "cover-title":
        return f'#block(below: 0.5em, text(font: heading-font, weight: "bold", size: 26pt, {body}))'
    if style == "cover-line":
        return f"#block(above: 1.2em, text(size: 16pt, {body}))"
    return f"#body-par({body}, indent: false)"


class _Labels:
    """Typst labels for the document's anchors (an anchor is any text; a label must be an identifier)."""

    def __init__(self) -> None:
        self.names: dict[str, str] = {}

    def __call__(self, anchor: str) -> str:
        return self.names.setdefault(anchor, f"jh{len(self.names) + 1}")


def _heading(block: Heading, label: str) -> str:
    level = max(1, min(block.level + 1, 6))
    return f"#heading(level: {level}, outlined: false, {string(block.text)}) <{label}>"


def _toc(p: planning.Plan, labels: _Labels, title: str) -> str:
    lines = [
        f'#align(center, block(below: 1.2em, text(font: heading-font, weight: "bold", size: 16pt, '
        f"tracking: 1em, {string(title)})))"
    ]
    for entry in p.entries:
        lines.append(f"#toc-entry({entry.level}, {string(entry.text)}, <{labels(entry.anchor)}>)")
    for block in p.toc_notes:
        lines.append("#v(2em)")
        lines.append(_paragraph(block))
    return "\n".join(lines)


# -- tables ----------------------------------------------------------------------------------------------

_ALIGN = {"label": "left", "code": "left", "total": "center", "line": "center", "na": "center", "value": "right"}


def _cell(cell: GridCell, y: int, head: bool, inset: tuple[float, float]) -> str:
    args = [f"x: {cell.col}", f"y: {y}"]
    if cell.rowspan > 1:
        args.append(f"rowspan: {cell.rowspan}")
    if cell.colspan > 1:
        args.append(f"colspan: {cell.colspan}")
    text = cell.text or ""
    if head:
        args.append("align: center + horizon")
        body = f"text(font: heading-font, {string(text)})"
    else:
        args.append(f"align: {_ALIGN.get(cell.kind, 'left')} + horizon")
        if cell.indent:
            x, pad = inset
            args.append(f"inset: (left: {x + min(cell.indent, 3):.2f}em, right: {x:g}em, y: {pad:g}em)")
        body = string(text)
        if cell.kind == "value":
            body = f'text(number-width: "tabular", {body})'
    return f"table.cell({', '.join(args)}, {body})"


def _table(grid: Grid, inset: tuple[float, float]) -> str:
    total = sum(grid.widths) or 1
    columns = ", ".join(f"{w / total * 100:.3f}fr" for w in grid.widths) or "1fr"
    if len(grid.widths) == 1:
        columns += ","
    head = ",\n  ".join(_cell(c, r, True, inset) for r, row in enumerate(grid.head) for c in row)
    start = len(grid.head)
    body = ",\n  ".join(_cell(c, start + r, False, inset) for r, row in enumerate(grid.body) for c in row)
    parts = [f"columns: ({columns})", f"inset: (x: {inset[0]:g}em, y: {inset[1]:g}em)"]
    if head:
        parts.append(f"table.header(\n  {head})")
    if body:
        parts.append(body)
    return "#table(" + ",\n".join(parts) + ")"


def _meta(caption: Caption) -> str:
    return (
        f"#meta-line({string(caption.department)}, {string(caption.year)}, {string(caption.code)})\n"
        f"#meta-line([], [], {string(caption.unit)})"
    )


def _notes(notes: Iterable[str]) -> str:
    return "\n".join(f"#block(above: 0.3em, below: 0.3em, {string(n)})" for n in notes)


def _sheet(item: planning.TablePage, labels: _Labels, p: planning.Plan) -> str:
    shown = caption(item.table.table)
    size, title_size = ("8.5pt", "14pt") if item.wide else ("9pt", "16pt")
    lines = ["#set text(size: " + size + ")", "#set par(leading: 0.35em, spacing: 0.5em)"]
    for heading in item.headings:
        lines.append(_heading(heading, labels(p.anchor(heading))))
    lines.append(
        f'#align(center, block(above: 0.4em, below: 0.6em, text(font: heading-font, weight: "bold", '
        f"size: {title_size}, {string(shown.title)})))"
    )
    lines.append(_meta(shown))
    lines.append(_table(item.grid, (0.3, 0.125) if item.wide else (0.35, 0.325)))
    lines.append(_notes(shown.notes))
    lines.extend(f"#block(above: 0.3em, below: 0.3em, {_runs(block.runs)})" for block in item.notes)
    content = "\n".join(lines)
    if item.wide:
        return f"#page(flipped: true, margin: (top: 10mm, x: 14mm, bottom: 14mm))[\n{content}\n]"
    return f"#pagebreak(weak: true)\n#[\n{content}\n]"


def _simple(block: SimpleTable) -> str:
    grid = planning.simple_grid(block)
    lines = ["#[", "#set text(size: 10.5pt)", "#set par(leading: 0.4em, spacing: 0.5em)"]
    lines.append(
        f"#align(center, block(above: 0.8em, below: 0.4em, sticky: true, text(font: heading-font, "
        f'weight: "bold", size: 12pt, {string(block.title)})))'
    )
    for line in block.caption:
        lines.append(f"#block(above: 0.2em, below: 0.2em, sticky: true, {string(line)})")
    if block.unit:
        lines.append(f"#align(right, block(sticky: true, {string(block.unit)}))")
    lines.append(_table(grid, (0.35, 0.3)))
    lines.append(_notes(block.notes))
    lines.append("]")
    return "\n".join(lines)


def _chart(block: Chart, files: dict[str, bytes]) -> str:
    name = charting.file_name(block)
    files[name] = charting.png(block)
    return (
        f'#align(center, block(above: 1em, below: 0.4em, sticky: true, image("{name}", '
        f"width: {charting.WIDTH_MM:g}mm, alt: {string(block.title)})))\n"
        f"#align(center, block(below: 1em, text(font: heading-font, size: 10.5pt, {string(block.title)})))"
    )


def source(document: Document) -> tuple[str, dict[str, bytes]]:
    """The Typst source of ``document`` and the files (the charts' pictures, by name) it refers to."""
    files: dict[str, bytes] = {}
    p = planning.plan(document)
    labels = _Labels()
    out = [
        PREAMBLE.format(
            body=BODY_FONT,
            heading=HEADING_FONT,
            title=string(document.title),
            footer=string(planning.page_footer(document)),
        )
    ]
    out.append("#v(70mm - 25mm)")
    out.append("#align(center)[")
    out.extend(_paragraph(line) for line in p.cover)
    out.append("]")
    if p.toc is not None:
        out.append("#pagebreak()")
        out.append(_toc(p, labels, p.toc.title))
    out.append("#pagebreak()")
    out.append("#set page(footer: numbered-footer)")
    out.append("#counter(page).update(1)")
    for item in planning.items(p.body):
        if isinstance(item, planning.TablePage):
            out.append(_sheet(item, labels, p))
        elif isinstance(item, Heading):
            out.append(_heading(item, labels(p.anchor(item))))
        elif isinstance(item, Paragraph):
            out.append(_paragraph(item))
        elif isinstance(item, PageBreak):
            out.append("#pagebreak(weak: true)")
        elif isinstance(item, TableOfContents):
            out.append(_toc(p, labels, item.title))
        elif isinstance(item, SimpleTable):
            out.append(_simple(item))
        elif isinstance(item, Chart):
            out.append(_chart(item, files))
        else:
            raise TypeError(f"unknown block {item!r}")
    return "\n".join(out) + "\n", files


_COMPILING = threading.Lock()


@functools.cache
def _compiler() -> Any:
    """One compiler per process: Typst reads the fonts once (about 50 ms), not for every report."""
    import typst

    paths = font_paths()
    return typst.Compiler(font_paths=list(paths), ignore_system_fonts=bool(paths))


def render(document: Document) -> bytes:
    """The document as PDF bytes (the creation date fixed, so the same document gives the same bytes)."""
    text, files = source(document)
    with tempfile.TemporaryDirectory(prefix="juesuan-typst-") as root:
        for name, data in files.items():
            Path(root, name).write_bytes(data)
        with _COMPILING:  # one compiler, one compilation at a time (the web app builds in threads)
            result = _compiler().compile(input=text.encode("utf-8"), root=root, format="pdf", timestamp=0)
    assert isinstance(result, bytes)
    return result
