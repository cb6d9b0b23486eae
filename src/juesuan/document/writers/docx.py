"""The document as a Word file (python-docx), the file a unit edits before it publishes.

Layout decisions, the same as the HTML/PDF rendering wherever Word allows:

- **Fonts.** Headings 黑体, body text 仿宋, table text 宋体 (East Asian font names, ``w:rFonts/@w:eastAsia``),
  Latin text and digits in Times New Roman (黑体 in headings). These are the customary fonts of Chinese
  government reports and are present on every Chinese Windows/Office installation, so Word on a user's machine
  shows them as intended. The font table names their English aliases (SimHei, FangSong, SimSun) as
  ``w:altName``. Where they are not installed (LibreOffice on Linux) the system's CJK fallback, the Noto CJK
  fonts installed by ``scripts/setup-system.sh``, draws the glyphs (LibreOffice ignores ``w:altName``, so
  naming Noto there would not help; naming Noto in ``w:rFonts`` would make Word users lose 黑体/仿宋).
- **Pages.** A4 portrait, margins 25/24/22 mm; a table wider than :data:`.plan.PORTRAIT_WIDTH` gets a
  landscape section. The cover and the 目录 carry no page number; the body is numbered from 1 ("- 1 -",
  a PAGE field in the footer).
- **目录.** A TOC field over the heading styles, pre-filled with one entry per heading (a hyperlink to the
  heading's bookmark and a PAGEREF field) so it reads well before fields are updated; the file asks Word to
  update fields when opened, which fills in the page numbers.
- **Tables.** Real Word tables built from :func:`juesuan.render.layout.grid` (merged cells as ``gridSpan`` /
  ``vMerge``), single black borders, header rows repeated on every page (``tblHeader``), rows not split.
- **Marks.** Placeholder runs (【待补充：…】) are highlighted yellow; bold runs are bold.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import docx
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm

from ...model.blocks import Chart, Document, Heading, PageBreak, Paragraph, Run, SimpleTable, TableOfContents
from ...render.layout import Grid, GridCell, caption
from . import charts
from . import plan as planning

HEADING_FONT = "黑体"
BODY_FONT = "仿宋"
TABLE_FONT = "宋体"
#: The size of table text (``w:sz`` 18 half-points): simple tables are fitted to the page at this size.
TABLE_FONT_PT = 9.0
LATIN_FONT = "Times New Roman"
#: The fonts' alternative names written to the font table: the English names Word also knows them by.
FONT_ALIASES = {
    HEADING_FONT: "SimHei",
    BODY_FONT: "FangSong",
    TABLE_FONT: "SimSun",
}

PAGE_WIDTH, PAGE_HEIGHT = 210, 297  # mm
MARGINS = (25, 24, 22, 24)  # top, right, bottom, left (mm), portrait
WIDE_MARGINS = (10, 14, 14, 14)
TWIPS_PER_MM = 1440 / 25.4

HEADING_SIZES = (32, 28, 24)  # half-points: 16, 14, 12 pt for heading levels 0, 1, 2
ALIGN = {"value": "right", "total": "center", "line": "center", "na": "center", "head": "center"}


def _fonts(east_asia: str, latin: str = LATIN_FONT) -> str:
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"/>'


def _style(style_id: str, name: str, ppr: str = "", rpr: str = "", based_on: str = "Normal", extra: str = "") -> str:
    return (
        f'<w:style {nsdecls("w")} w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
        f'<w:name w:val="{name}"/><w:basedOn w:val="{based_on}"/>{extra}<w:qFormat/>'
        f"<w:pPr>{ppr}</w:pPr><w:rPr>{rpr}</w:rPr></w:style>"
    )


def _heading_style(level: int, in_toc: bool) -> str:
    size = HEADING_SIZES[min(level, 2)]
    outline = f'<w:outlineLvl w:val="{level}"/>' if in_toc else ""
    jc = '<w:jc w:val="center"/>' if level == 0 else ""
    before, after = (240, 240) if level == 0 else (120, 60)
    spacing = f'<w:spacing w:before="{before}" w:after="{after}" w:line="264" w:lineRule="auto"/>'
    ppr = f"<w:keepNext/><w:keepLines/>{spacing}{jc}{outline}"
    rpr = f'{_fonts(HEADING_FONT, HEADING_FONT)}<w:b w:val="0"/><w:color w:val="000000"/><w:sz w:val="{size}"/>'
    if in_toc:
        return _style(f"Heading{level + 1}", f"heading {level + 1}", ppr, rpr, extra='<w:next w:val="Normal"/>')
    return _style(f"Subheading{level + 1}", f"Subheading {level + 1}", ppr, rpr)


def _text_width(margins: tuple[int, int, int, int], width: int) -> int:
    """Twips across the text block."""
    return round((width - margins[1] - margins[3]) * TWIPS_PER_MM)


def _styles(doc: WordDocument) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    styles.insert(
        0,
        parse_xml(
            f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{_fonts(BODY_FONT)}"
            '<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
            '</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="360" w:lineRule="auto"/>'
            "</w:pPr></w:pPrDefault></w:docDefaults>"
        ),
    )
    for level in range(3):
        for in_toc in (True, False):
            old = styles.find(f"{qn('w:style')}[@{qn('w:styleId')}='Heading{level + 1}']") if in_toc else None
            if old is not None:
                styles.remove(old)
            styles.append(parse_xml(_heading_style(level, in_toc)))
    text_width = _text_width(MARGINS, PAGE_WIDTH)
    table_rpr = f'{_fonts(TABLE_FONT)}<w:sz w:val="18"/><w:szCs w:val="18"/>'
    single = '<w:spacing w:line="240" w:lineRule="auto"/>'
    exact = '<w:spacing w:line="210" w:lineRule="exact"/>'  # 10.5 pt lines for 8 pt table text on landscape pages
    toc_line = (
        f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_width}"/></w:tabs>'
        '<w:spacing w:line="300" w:lineRule="auto"/>'
    )
    for xml in (
        _style(
            "JsBodyText",
            "Body Text Indent 2ch",
            '<w:ind w:firstLineChars="200" w:firstLine="480"/><w:jc w:val="both"/>',
        ),
        _style("JsCenter", "Centered", '<w:jc w:val="center"/>'),
        _style("JsNote", "Note", '<w:ind w:firstLineChars="200" w:firstLine="420"/>', '<w:sz w:val="21"/>'),
        _style(
            "JsCoverTitle",
            "Cover Title",
            '<w:spacing w:after="120"/><w:jc w:val="center"/>',
            f'{_fonts(HEADING_FONT, HEADING_FONT)}<w:sz w:val="52"/>',
        ),
        _style("JsCoverLine", "Cover Line", '<w:spacing w:before="240"/><w:jc w:val="center"/>', '<w:sz w:val="32"/>'),
        _style(
            "JsTOCTitle",
            "Contents Title",
            '<w:spacing w:after="240"/><w:jc w:val="center"/>',
            f'{_fonts(HEADING_FONT, HEADING_FONT)}<w:sz w:val="32"/>',
        ),
        _style(
            "TOC1",
            "toc 1",
            toc_line,
            _fonts(HEADING_FONT, HEADING_FONT),
        ),
        _style(
            "TOC2",
            "toc 2",
            f'{toc_line}<w:ind w:left="480"/>',
        ),
        _style(
            "TOC3",
            "toc 3",
            f'{toc_line}<w:ind w:left="960"/>',
        ),
        _style(
            "JsTableTitle",
            "Table Title",
            '<w:keepNext/><w:spacing w:after="120" w:line="264" w:lineRule="auto"/><w:jc w:val="center"/>',
            f'{_fonts(HEADING_FONT, HEADING_FONT)}<w:sz w:val="32"/>',
        ),
        _style("JsTableMeta", "Table Caption Line", f"<w:keepNext/>{single}", table_rpr),
        _style("JsTableText", "Table Text", single, table_rpr),
        _style("JsTableTextSmall", "Table Text Small", exact, '<w:sz w:val="16"/><w:szCs w:val="16"/>', "JsTableText"),
        _style(
            "JsTableHeadingSmall",
            "Table Heading Small",
            exact,
            '<w:sz w:val="16"/><w:szCs w:val="16"/>',
            "JsTableHeading",
        ),
        _style(
            "JsTableHeading",
            "Table Heading",
            f'{single}<w:jc w:val="center"/>',
            f'{_fonts(HEADING_FONT)}<w:sz w:val="18"/><w:szCs w:val="18"/>',
        ),
        _style("JsTableNote", "Table Note", single, table_rpr),
    ):
        styles.append(parse_xml(xml))


def _font_table(doc: WordDocument) -> None:
    """Name each Chinese font's English alias in the font table, with its GB2312 character set."""
    for rel in doc.part.rels.values():
        if rel.reltype.endswith("/fontTable"):
            part = rel.target_part
            element = parse_xml(part.blob)
            for name, alias in FONT_ALIASES.items():
                element.append(
                    parse_xml(
                        f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alias}"/>'
                        '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
                    )
                )
            part._blob = serialize_part_xml(element)
            return


def _update_fields_on_open(doc: WordDocument) -> None:
    """Ask Word to refresh fields (the 目录's page numbers) when the file is opened."""
    settings = doc.settings.element
    successors = {
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    }
    element = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    for child in settings:
        if child.tag.rsplit("}", 1)[-1] in successors:
            child.addprevious(element)
            return
    settings.append(element)


# -- runs and paragraphs -----------------------------------------------------------------------------------


def _t(text: str) -> str:
    return f'<w:t xml:space="preserve">{escape(text)}</w:t>'


def _run_xml(run: Run) -> str:
    rpr = ""
    if run.mark == "bold":
        rpr = "<w:b/>"
    elif run.mark == "placeholder":
        rpr = '<w:highlight w:val="yellow"/>'
    return f"<w:r>{f'<w:rPr>{rpr}</w:rPr>' if rpr else ''}{_t(run.text)}</w:r>"


def _field(instruction: str, shown: str = "") -> str:
    """A complex field: begin, instruction, separate, the cached result, end."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instruction)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{_t(shown)}</w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )


#: What follows ``w:pgNumType`` in a ``w:sectPr``.
SECTION_SUCCESSORS = frozenset(
    {"cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid"}
)

PARAGRAPH_STYLE_IDS = {
    "body": "JsBodyText",
    "center": "JsCenter",
    "note": "JsNote",
    "cover-title": "JsCoverTitle",
    "cover-line": "JsCoverLine",
}


# -- tables ------------------------------------------------------------------------------------------------


def _cell_xml(cell: GridCell | None, width: int, span: int, merge: str | None, style: str) -> str:
    tcpr = f'<w:tcW w:w="{width}" w:type="dxa"/>'
    if span > 1:
        tcpr += f'<w:gridSpan w:val="{span}"/>'
    if merge:
        tcpr += f'<w:vMerge w:val="{merge}"/>' if merge == "restart" else "<w:vMerge/>"
    tcpr += '<w:vAlign w:val="center"/>'
    head = style.startswith("JsTableHeading")
    ppr = f'<w:pStyle w:val="{style}"/>'
    text = ""
    if cell is not None and merge != "continue":
        align = ALIGN.get(cell.kind)
        if cell.indent:
            ppr += f'<w:ind w:left="{180 * cell.indent}"/>'
        if align and not head:
            ppr += f'<w:jc w:val="{align}"/>'
        if cell.text:  # a header wrapped by the plan breaks its lines where the plan says
            text = "<w:r>" + "<w:br/>".join(_t(line) for line in cell.text.split("\n")) + "</w:r>"
    return f"<w:tc><w:tcPr>{tcpr}</w:tcPr><w:p><w:pPr>{ppr}</w:pPr>{text}</w:p></w:tc>"


def _rows_xml(rows: tuple[tuple[GridCell, ...], ...], widths: list[int], head: bool, small: bool) -> list[str]:
    """Rows of ``w:tr``: a merged cell starts with ``vMerge restart`` and continues in the rows below."""
    ncols = len(widths)
    starts: dict[tuple[int, int], GridCell] = {(c.row, c.col): c for row in rows for c in row}
    covering: dict[tuple[int, int], GridCell] = {}
    for start in starts.values():
        for r in range(start.row + 1, start.row + start.rowspan):
            covering[(r, start.col)] = start
    trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if head else "<w:trPr><w:cantSplit/></w:trPr>"
    style = ("JsTableHeading" if head else "JsTableText") + ("Small" if small else "")
    out = []
    for r in range(len(rows)):
        cells = []
        c = 0
        while c < ncols:
            cell = starts.get((r, c))
            above = covering.get((r, c))
            owner = cell or above
            span = owner.colspan if owner else 1
            width = sum(widths[c : c + span])
            if above is not None:
                cells.append(_cell_xml(above, width, span, "continue", style))
            elif cell is not None:
                cells.append(_cell_xml(cell, width, span, "restart" if cell.rowspan > 1 else None, style))
            else:
                cells.append(_cell_xml(None, width, 1, None, style))
            c += span
        out.append(f"<w:tr>{trpr}{''.join(cells)}</w:tr>")
    return out


def table_xml(grid: Grid, text_width: int, small: bool = False) -> str:
    """A Word table of the grid across ``text_width`` twips; ``small`` sets it in 8 pt (landscape pages)."""
    total = sum(grid.widths) or 1
    widths = [round(text_width * w / total) for w in grid.widths]
    border = 'w:val="single" w:sz="4" w:space="0" w:color="000000"'
    borders = "".join(f"<w:{side} {border}/>" for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    cols = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    rows = _rows_xml(grid.head, widths, True, small) + _rows_xml(grid.body, widths, False, small)
    return (
        f"<w:tbl {nsdecls('w')}><w:tblPr>"
        f'<w:tblW w:w="{sum(widths)}" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>{borders}</w:tblBorders>'
        '<w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" '
        f'w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>{cols}</w:tblGrid>{"".join(rows)}</w:tbl>'
    )


# -- the writer --------------------------------------------------------------------------------------------


@dataclass
class _Writer:
    doc: WordDocument
    plan: planning.Plan
    wide: bool = False
    pending_break: bool = False
    after_table: bool = False
    bookmark: int = 0
    bookmarks: dict[str, str] = field(default_factory=dict)

    @property
    def text_width(self) -> int:
        if self.wide:
            return _text_width(WIDE_MARGINS, PAGE_HEIGHT)
        return _text_width(MARGINS, PAGE_WIDTH)

    def append(self, xml: str) -> None:
        body = self.doc.element.body
        body.sectPr.addprevious(parse_xml(xml))

    def paragraph(
        self, style: str, content: str, *, keep_next: bool = False, tabs: str = "", spacing: str = "", jc: str = ""
    ) -> None:
        """Append a paragraph; the properties are written in the order the schema requires."""
        ppr = f'<w:pStyle w:val="{style}"/>' + ("<w:keepNext/>" if keep_next else "")
        if self.pending_break:
            ppr += "<w:pageBreakBefore/>"
            self.pending_break = False
        if self.after_table and not spacing:
            spacing = '<w:spacing w:before="120"/>'  # keep text off a table's bottom border
        self.after_table = False
        ppr += tabs + spacing + (f'<w:jc w:val="{jc}"/>' if jc else "")
        self.append(f"<w:p {nsdecls('w')}><w:pPr>{ppr}</w:pPr>{content}</w:p>")

    # page set-up

    def page_setup(self, wide: bool) -> None:
        sect = self.doc.sections[-1]
        top, right, bottom, left = WIDE_MARGINS if wide else MARGINS
        sect.orientation = WD_ORIENT.LANDSCAPE if wide else WD_ORIENT.PORTRAIT
        sect.page_width, sect.page_height = (
            (Mm(PAGE_HEIGHT), Mm(PAGE_WIDTH)) if wide else (Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT))
        )
        sect.top_margin, sect.right_margin, sect.bottom_margin, sect.left_margin = (
            Mm(top),
            Mm(right),
            Mm(bottom),
            Mm(left),
        )
        sect.header_distance, sect.footer_distance = Mm(10), Mm(10)

    def new_section(self, wide: bool, numbered_from: int | None = None) -> None:
        self.doc.add_section()
        sect_pr = self.doc.sections[-1]._sectPr
        for old in sect_pr.findall(qn("w:pgNumType")):
            sect_pr.remove(old)
        if numbered_from is not None:
            number_type = parse_xml(f'<w:pgNumType {nsdecls("w")} w:start="{numbered_from}"/>')
            later = [c for c in sect_pr if c.tag.rsplit("}", 1)[-1] in SECTION_SUCCESSORS]
            if later:
                later[0].addprevious(number_type)
            else:
                sect_pr.append(number_type)
        # python-docx leaves the new section's break paragraph empty; it holds the previous section's end
        self.wide = wide
        self.page_setup(wide)
        self.pending_break = False

    def footer(self, note: str) -> None:
        footer = self.doc.sections[-1].footer
        footer.is_linked_to_previous = False
        element = footer._element
        for child in list(element):
            element.remove(child)
        if note:
            element.append(
                parse_xml(
                    f'<w:p {nsdecls("w")}><w:pPr><w:pStyle w:val="JsTableNote"/></w:pPr><w:r>{_t(note)}</w:r></w:p>'
                )
            )
        element.append(
            parse_xml(
                f'<w:p {nsdecls("w")}><w:pPr><w:jc w:val="center"/></w:pPr><w:r>{_t("- ")}</w:r>'
                f"{_field('PAGE', '1')}<w:r>{_t(' -')}</w:r></w:p>"
            )
        )

    # blocks

    def cover(self, lines: tuple[Paragraph, ...]) -> None:
        self.append(f'<w:p {nsdecls("w")}><w:pPr><w:spacing w:before="3600"/></w:pPr></w:p>')
        for line in lines:
            self.paragraph(PARAGRAPH_STYLE_IDS.get(line.style, "JsCoverLine"), "".join(_run_xml(r) for r in line.runs))

    def toc(self, toc: TableOfContents, entries: tuple[planning.TocEntry, ...]) -> None:
        self.pending_break = True
        self.paragraph("JsTOCTitle", f"<w:r>{_t(toc.title)}</w:r>")
        levels = f"1-{toc.depth + 1}"
        begin = (
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> TOC \\o "{levels}" \\h \\z \\u </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        )
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        if not entries:
            self.paragraph("TOC1", begin + end)
            return
        for i, entry in enumerate(entries):
            name = self.bookmark_name(entry.anchor)
            pageref = f"PAGEREF {name} \\h"
            link = (
                f'<w:hyperlink w:anchor="{name}" w:history="1"><w:r>{_t(entry.text)}</w:r><w:r><w:tab/></w:r>'
                f"{_field(pageref)}</w:hyperlink>"
            )
            content = (begin if i == 0 else "") + link + (end if i == len(entries) - 1 else "")
            self.paragraph(f"TOC{min(entry.level, 2) + 1}", content)

    def bookmark_name(self, anchor: str) -> str:
        """Word bookmark names are short and plain: ``_Toc`` and the heading's position."""
        if not self.bookmarks:
            self.bookmarks.update((a, f"_Toc{i:06d}") for i, a in enumerate(self.plan.anchors.values(), 1))
        return self.bookmarks[anchor]

    def heading(self, heading: Heading) -> None:
        name = self.bookmark_name(self.plan.anchor(heading))
        self.bookmark += 1
        style = f"Heading{min(heading.level, 2) + 1}" if heading.in_toc else f"Subheading{min(heading.level, 2) + 1}"
        content = (
            f'<w:bookmarkStart w:id="{self.bookmark}" w:name="{name}"/><w:r>{_t(heading.text)}</w:r>'
            f'<w:bookmarkEnd w:id="{self.bookmark}"/>'
        )
        self.paragraph(style, content)

    def table_page(self, page: planning.TablePage) -> None:
        if page.wide != self.wide:
            self.new_section(page.wide)
        else:
            self.pending_break = True
        for heading in page.headings:
            self.heading(heading)
        cap = caption(page.table.table)
        self.paragraph("JsTableTitle", f"<w:r>{_t(cap.title)}</w:r>", keep_next=True)
        center, right = self.text_width // 2, self.text_width
        tabs = f'<w:tabs><w:tab w:val="center" w:pos="{center}"/><w:tab w:val="right" w:pos="{right}"/></w:tabs>'
        line = f"<w:r>{_t(cap.department)}</w:r><w:r><w:tab/>{_t(cap.year)}</w:r><w:r><w:tab/>{_t(cap.code)}</w:r>"
        self.paragraph("JsTableMeta", line, tabs=tabs)
        self.paragraph("JsTableMeta", f"<w:r>{_t(cap.unit)}</w:r>", jc="right")
        self.append(table_xml(page.grid, self.text_width, small=page.wide))
        for note in cap.notes:
            self.paragraph("JsTableNote", f"<w:r>{_t(note)}</w:r>")
        for block in page.notes:
            self.paragraph(PARAGRAPH_STYLE_IDS["note"], "".join(_run_xml(r) for r in block.runs))

    def simple_table(self, table: SimpleTable) -> None:
        self.paragraph(
            "JsTableTitle",
            f'<w:r><w:rPr><w:sz w:val="24"/></w:rPr>{_t(table.title)}</w:r>',
            keep_next=True,
            spacing='<w:spacing w:before="120"/>',
        )
        for line in table.caption:
            self.paragraph("JsTableMeta", f"<w:r>{_t(line)}</w:r>", keep_next=True)
        if table.unit:
            self.paragraph("JsTableMeta", f"<w:r>{_t(table.unit)}</w:r>", keep_next=True, jc="right")
        grid = planning.simple_grid(table, font_pt=TABLE_FONT_PT, width_pt=self.text_width / 20)
        self.append(table_xml(grid, self.text_width))
        self.after_table = True
        for note in table.notes:
            self.paragraph("JsTableNote", f"<w:r>{_t(note)}</w:r>")

    def item(self, item: planning.Item) -> None:
        if isinstance(item, planning.TablePage):
            self.table_page(item)
            return
        if self.wide:
            self.new_section(False)
        if isinstance(item, Heading):
            self.heading(item)
        elif isinstance(item, Paragraph):
            style = PARAGRAPH_STYLE_IDS.get(item.style, "JsBodyText")
            self.paragraph(style, "".join(_run_xml(r) for r in item.runs))
        elif isinstance(item, PageBreak):
            self.pending_break = True
        elif isinstance(item, TableOfContents):
            self.toc(item, self.plan.entries)
        elif isinstance(item, SimpleTable):
            self.simple_table(item)
        elif isinstance(item, Chart):
            self.chart(item)

    def chart(self, chart: Chart) -> None:
        """The chart's picture (the PNG the PDF prints), centred, kept with its caption below it."""
        paragraph = self.doc.add_paragraph()  # python-docx puts it before the body's last sectPr, as append does
        paragraph.paragraph_format.keep_with_next = True
        paragraph.paragraph_format.page_break_before = self.pending_break
        self.pending_break = False
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run().add_picture(io.BytesIO(charts.png(chart)), width=Mm(charts.WIDTH_MM))
        self.after_table = False
        self.paragraph(PARAGRAPH_STYLE_IDS["center"], f"<w:r>{_t(chart.title)}</w:r>")


def render(document: Document) -> bytes:
    """The document as a .docx file (bytes)."""
    doc = docx.Document()
    _styles(doc)
    _font_table(doc)
    _update_fields_on_open(doc)
    props = doc.core_properties
    props.title, props.subject, props.author, props.language = document.title, document.department, "juesuan", "zh-CN"
    p = planning.plan(document)
    writer = _Writer(doc, p)
    writer.page_setup(False)
    writer.cover(p.cover)
    if p.toc is not None:
        writer.toc(p.toc, p.entries)
        for block in p.toc_notes:
            writer.paragraph(
                PARAGRAPH_STYLE_IDS.get(block.style, "JsBodyText"), "".join(_run_xml(r) for r in block.runs)
            )
    writer.new_section(False, numbered_from=1)
    writer.footer(planning.page_footer(document))
    for item in planning.items(p.body):
        writer.item(item)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
