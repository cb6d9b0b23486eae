"""The 绩效自评表 of the report's 附件 (and of ``juesuan score -o``) fit their page, in PDF and in DOCX.

Read back from the typeset pages, not from our own layout numbers: in the PDF (and in the DOCX as LibreOffice
prints it) every 分值/得分 cell holds exactly one number lying inside its own cell (the old layout printed
"100.0069.55" across two cells), every header wraps only between words (never 分/值, 得/分) and the unit is
stated (单位：分). In the DOCX file itself, the numeric columns are wide enough for their widest number in the
table font at its size, measured with the real glyph widths of the fonts a reader's machine draws them with.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any
from zipfile import ZipFile

import pdfplumber
import pytest
from lxml import etree

from juesuan.document.evaluations import evaluation_blocks
from juesuan.document.writers import extract_text, render_document
from juesuan.document.writers.plan import header_words
from juesuan.load.evaluations import read_evaluations
from juesuan.model.blocks import Document, Heading, SimpleTable
from juesuan.yamlsrc import parse

#: Two evaluations with the widest scores a table holds (100.00), long indicator names and explanations.
EVALUATIONS = """
evaluations:
  - id: project
    kind: 项目自评
    subject: 某某文化传承创新实验区项目对接政策支持工作经费
    amount: 1234.56
    score: 99.99
    grade: 优
    indicators:
      - name: 产出指标
        weight: 50
        score: 49.99
        children:
          - name: 数量指标
            weight: 50
            score: 49.99
            children:
              - {name: 服务协助招商引资工作次数及对接重点项目数量, weight: 50, score: 49.99,
                 target: {direction: ≥, value: 20, unit: 次}, actual: 20,
                 explanation: 全年协助招商引资工作次数达到预期目标，部分重点项目对接进度略慢，下一年度加强跟踪}
      - name: 效益指标
        weight: 40
        score: 40
        children:
          - name: 社会效益指标
            weight: 40
            score: 40
            children:
              - {name: 服务我市经济建设发展, weight: 40, score: 40}
      - name: 满意度指标
        weight: 10
        score: 10
        children:
          - name: 服务对象满意度指标
            weight: 10
            score: 10
            children:
              - {name: 服务对象满意度, weight: 10, score: 10, target: {direction: ≥, value: 90, unit: "%"}, actual: 95}
  - id: overall
    kind: 部门整体支出评价
    subject: 某某服务中心
    amount: 129.23
    score: 100
    indicators:
      - {name: 决策指标, weight: 100, score: 100, children: [{name: 预算编制完整性, weight: 100, score: 100}]}
"""

#: The fonts that draw a DOCX table's digits: SimSun and Times New Roman (Word on Windows), and where those are
#: missing the stand-ins fontconfig picks (DejaVu Serif for Times New Roman, Noto CJK for SimSun).
DIGIT_FONTS = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
NUMBER = re.compile(r"\d+\.\d{2}")


@pytest.fixture(scope="module")
def document() -> Document:
    evaluations = read_evaluations(parse(EVALUATIONS), "<test>")
    blocks = [Heading("第五部分　附件", 0)]
    for evaluation in evaluations:
        blocks.append(Heading(f"附件：{evaluation.subject}", 1))
        blocks += evaluation_blocks(evaluation)
    return Document(title="某某服务中心2023年度部门决算", department="某某服务中心", year=2023, blocks=tuple(blocks))


@pytest.fixture(scope="module")
def pdf(document: Document) -> bytes:
    return render_document(document, "pdf")


@pytest.fixture(scope="module")
def docx(document: Document) -> bytes:
    return render_document(document, "docx")


def _headers(document: Document) -> set[str]:
    return {h for b in document.blocks if isinstance(b, SimpleTable) for row in b.header for h in row if h}


# -- the typeset pages -------------------------------------------------------------------------------------


def _cell_text(page: Any, box: tuple[float, float, float, float]) -> list[str]:
    """The lines of text drawn inside ``box``."""
    return [line for line in (page.within_bbox(box).extract_text() or "").splitlines() if line.strip()]


def _evaluation_tables(data: bytes) -> list[dict[str, Any]]:
    """Every ruled table with a 分值 column, as header lines per column and the words of each cell."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = page.extract_words(x_tolerance=1.5)
            for table in page.find_tables():
                rows = [[_cell_text(page, box) if box else [] for box in row.cells] for row in table.rows]
                # the header row (pdfplumber may take the rules above the table for a first row)
                first = next((i for i, cells in enumerate(rows) if ["分值"] in cells), None)
                if first is None:
                    continue
                header = rows[first]
                body = []
                for row in [row.cells for row in table.rows][first + 1 :]:
                    cells = []
                    for box in row:
                        inside = [w for w in words if box and box[0] <= (w["x0"] + w["x1"]) / 2 <= box[2]
                                  and box[1] <= (w["top"] + w["bottom"]) / 2 <= box[3]]  # fmt: skip
                        cells.append((box, inside))
                    body.append(cells)
                found.append({"page": page.page_number, "header": header, "body": body})
    return found


def _check_pages(data: bytes, headers: set[str]) -> None:
    tables = _evaluation_tables(data)
    assert len(tables) >= 2, "no evaluation table found on the pages"
    for table in tables:
        header = table["header"]
        for lines in header:
            text = "".join(lines)
            assert text in headers, (table["page"], lines)
            words = header_words(text)
            ends = {sum(len(w) for w in words[: i + 1]) for i in range(len(words))}
            # a header wraps only between words: 分值 never as 分/值, 一级指标 as 一级/指标 at most
            assert all(sum(len(line) for line in lines[: i + 1]) in ends for i in range(len(lines))), lines
        assert header.count(["分值"]) == 1 and header.count(["得分"]) == 1, header
        for column in (header.index(["分值"]), header.index(["得分"])):
            for row in table["body"]:
                box, inside = row[column]
                text = "".join(w["text"] for w in inside)
                assert text == "" or NUMBER.fullmatch(text), (table["page"], text)  # one number, nothing else
                for word in inside:  # drawn inside its own cell, not across the rule into the next one
                    assert box[0] - 0.5 <= word["x0"] and word["x1"] <= box[2] + 0.5, (table["page"], word["text"])


def test_pdf_score_cells_hold_one_number_each_and_headers_wrap_between_words(document: Document, pdf: bytes) -> None:
    _check_pages(pdf, _headers(document))


def test_pdf_and_docx_state_the_units(pdf: bytes, docx: bytes) -> None:
    for data, fmt in ((pdf, "pdf"), (docx, "docx")):
        text = re.sub(r"\s+", "", extract_text(data, fmt))
        assert text.count("单位：分") == 2, fmt
        assert "评价金额：1234.56万元" in text and "评价金额：129.23万元" in text, fmt


# -- the DOCX file -----------------------------------------------------------------------------------------


@cache
def _digit_widths() -> tuple[dict[str, float], ...]:
    """Advance widths (em) of digits and "." in each of :data:`DIGIT_FONTS` that is installed."""
    from fontTools.ttLib import TTCollection, TTFont

    out = []
    for path in DIGIT_FONTS:
        if not Path(path).exists():
            continue
        font = TTCollection(path, lazy=True).fonts[0] if path.endswith(".ttc") else TTFont(path, lazy=True)
        cmap, metrics, upm = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        out.append({ch: metrics[cmap[ord(ch)]][0] / upm for ch in "0123456789."})
    return tuple(out)


def _advance_em(text: str) -> float:
    """The widest rendering of ``text`` (digits and ".") among :data:`DIGIT_FONTS`, in em; SimSun and Times New
    Roman digits are 0.5 em, narrower than all of these."""
    return max([0.5 * len(text), *(sum(widths[ch] for ch in text) for widths in _digit_widths())])


def _docx_tables(data: bytes) -> list[tuple[list[int], list[list[list[str]]], int]]:
    """Each table of the DOCX: its grid column widths (twips), its rows as cells of lines, its text size (pt)."""
    with ZipFile(io.BytesIO(data)) as z:
        root = etree.fromstring(z.read("word/document.xml"))
        styles = etree.fromstring(z.read("word/styles.xml"))
    size = styles.find(f".//{W}style[@{W}styleId='JsTableText']//{W}sz")
    assert size is not None
    out = []
    for tbl in root.iter(f"{W}tbl"):
        widths = [int(c.get(f"{W}w")) for c in tbl.iter(f"{W}gridCol")]
        rows = []
        for tr in tbl.iter(f"{W}tr"):
            cells = []
            for tc in tr.iter(f"{W}tc"):
                lines = [""]
                for node in tc.iter(f"{W}t", f"{W}br"):
                    if node.tag == f"{W}br":
                        lines.append("")
                    else:
                        lines[-1] += node.text or ""
                cells.append(lines)
            rows.append(cells)
        out.append((widths, rows, int(size.get(f"{W}val")) // 2))
    return out


def test_docx_numeric_columns_hold_the_widest_number(docx: bytes) -> None:
    tables = [t for t in _docx_tables(docx) if ["分值"] in t[1][0]]
    assert len(tables) == 2
    margins = 2 * 57  # w:tblCellMar left and right, twips
    for widths, rows, size in tables:
        header = rows[0]
        for column in (header.index(["分值"]), header.index(["得分"])):
            widest = max((r[column][0] for r in rows[1:]), key=_advance_em)
            assert NUMBER.fullmatch(widest)
            need = _advance_em(widest) * size * 20 + margins  # twips
            assert widths[column] >= need, (widest, widths[column], need)


def test_docx_headers_break_only_between_words_and_fit(document: Document, docx: bytes) -> None:
    headers = _headers(document)
    for widths, rows, size in (t for t in _docx_tables(docx) if ["分值"] in t[1][0]):
        for column, lines in enumerate(rows[0]):
            text = "".join(lines)
            assert text in headers
            assert all(line in "".join(header_words(text)) for line in lines)
            words = header_words(text)
            ends = {sum(len(w) for w in words[: i + 1]) for i in range(len(words))}
            assert all(sum(len(line) for line in lines[: i + 1]) in ends for i in range(len(lines))), lines
            # each line fits the cell in the heading font (Chinese characters are 1 em)
            assert all(len(line) * size * 20 <= widths[column] - 2 * 57 for line in lines), (lines, widths[column])
        assert ["分值"] in rows[0] and ["得分"] in rows[0]


@pytest.mark.pdf
def test_docx_as_libreoffice_prints_it(document: Document, docx: bytes, tmp_path: Path) -> None:
    """The DOCX printed by LibreOffice (fonts as fontconfig substitutes them): the same checks as the PDF's."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        pytest.skip("LibreOffice is not installed (libreoffice-writer-nogui)")
    (tmp_path / "report.docx").write_bytes(docx)
    profile = f"-env:UserInstallation=file://{tmp_path / 'profile'}"
    subprocess.run([office, profile, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path),
                    str(tmp_path / "report.docx")], check=True, capture_output=True, timeout=180)  # fmt: skip
    _check_pages((tmp_path / "report.pdf").read_bytes(), _headers(document))
