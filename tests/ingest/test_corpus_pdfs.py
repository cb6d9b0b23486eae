"""The two corpus PDFs: every table found with its pages, and the amount cells checked by an independent
route — poppler's ``pdftotext -layout`` text of the table pages, stored as fixtures (regenerate with
``pdftotext -layout -f FIRST -l LAST <pdf> tests/ingest/fixtures/<name>.tables.layout.txt``; FIRST/LAST
below). Two checks, both against that text, none against our own extraction:

1. per page, the multiset of printed amounts (``1,234.56`` tokens above the page's 注 line) equals the
   multiset of amounts we extracted on that page: every printed amount read exactly once, none invented;
2. per row, the row's amounts appear, in column order, on the printed line that carries the row's code or
   label: each amount sits in the right row and the row's columns keep their order.

Columns themselves are then confirmed by the table identities (tests/audit: the pinned findings show the
within-table and cross-table sums holding to the rounding tail).
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from juesuan.ingest import ingest
from shared_data import TEMPLATES

pytestmark = [pytest.mark.corpus, pytest.mark.pdf]

FIXTURES = Path(__file__).parent / "fixtures"
AMOUNT = re.compile(r"(?<![\d.,])-?\d{1,3}(?:,\d{3})*\.\d{2}(?!\d)")
CENTRAL_FIRST, XIAN_FIRST = 7, 146


def _printed(value: Decimal) -> str:
    return f"{(value / 10000).quantize(Decimal('0.01')):,.2f}"


def _layout(name: str) -> list[str]:
    return (FIXTURES / f"{name}.tables.layout.txt").read_text(encoding="utf-8").split("\f")


def _subsequence(values: list[str], line: str) -> bool:
    tokens = iter(AMOUNT.findall(line))
    return all(any(token == value for token in tokens) for value in values)


def _verify(ing, name: str, first: int) -> tuple[int, int, list[str]]:
    pages = _layout(name)
    extracted: Counter[tuple[int, str]] = Counter()
    bad_rows = []
    for table in ing.tables:
        for row in table.rows:
            cells = [c for c in row.cells.values() if c.value is not None and row.kind == "amount"]
            if not cells:
                continue
            page = cells[0].sources[0].page
            values = [_printed(c.value) for c in cells]
            extracted.update((c.sources[0].page, _printed(c.value)) for c in cells)
            lines = pages[page - first].splitlines()
            label = re.sub(r"^[一二三四五六七八九十]+、", "", row.label)[:6]
            carrying = [
                ln
                for ln in lines
                if ((row.code and row.code in ln) or (label and label in ln.replace(" ", ""))) and AMOUNT.search(ln)
            ]
            if not any(_subsequence(values, ln) for ln in carrying or lines):
                bad_rows.append(f"{table.id} {row.label} {values}")
    printed: Counter[tuple[int, str]] = Counter()
    for found in ing.found:
        for page in found.pages:
            body = pages[page - first].split("注：")[0]
            printed.update((page, token) for token in AMOUNT.findall(body))
    assert printed - extracted == Counter(), "printed amounts not extracted"
    assert extracted - printed == Counter(), "extracted amounts not printed"
    return sum(extracted.values()), sum(printed.values()), bad_rows


def test_central_tables_found_with_pages(central):
    assert central.choice.profile.id == "central-2024"
    assert "9/9" in central.choice.reason
    assert [(f.table, f.pages) for f in central.found] == [
        ("01", [7]), ("02", [8]), ("03", [9]), ("04", [10]), ("05", [11]),
        ("06", [12]), ("07", [13]), ("08", [14]), ("09", [15]),
    ]  # fmt: skip
    assert central.missing == [] and central.document.scanned_pages == []


def test_xian_tables_found_with_pages(xian):
    assert xian.choice.profile.id == "xian-2022"
    assert [(f.table, f.pages) for f in xian.found] == [
        ("01", [146]), ("02", [147, 148, 149]), ("03", [150, 151, 152]), ("04", [153]),
        ("05", [154, 155, 156]), ("06", [157, 158]), ("07", [159]), ("08", [160]), ("09", [161]),
    ]  # fmt: skip
    assert xian.missing == []
    assert xian.document.scanned_pages == [8]  # the chart image page: reported, never checked


@pytest.mark.parametrize(
    ("fixture", "name", "first", "amounts"),
    [
        ("central", "national-public-complaints-bureau-2024-final-accounts", CENTRAL_FIRST, 249),
        ("xian", "xian-health-commission-2022-final-accounts-consolidated", XIAN_FIRST, 655),
    ],
)
def test_every_printed_amount_is_extracted_once_in_its_row(request, fixture, name, first, amounts):
    ing = request.getfixturevalue(fixture)
    extracted, printed, bad_rows = _verify(ing, name, first)
    assert bad_rows == []
    assert extracted == printed
    if amounts:
        assert extracted == amounts


def test_sample_cells_transcribed_by_hand(central, xian):
    """A few cells read by eye from the printed pages (pdftotext -layout), column by column."""
    c = central.tables
    assert c["01"].row("i1", "收入").value("决算数") == Decimal("195729100")
    assert c["02"].row("2014003").value("其他收入") == Decimal("6099400")
    assert c["03"].row("2014099").value("基本支出") == Decimal("5406100")
    assert c["04"].row("expenditure_total", "支出").value("小计") == Decimal("137338000")
    assert c["05"].row("2014004").value("项目支出") == Decimal("20668400")
    assert c["05"].row("2014004").value("基本支出") is None
    assert c["06"].row("30239").value("金额") == Decimal("3214200")
    assert c["06"].row("public_total").value("金额") == Decimal("22666500")
    (three,) = c["09"].rows
    assert three.value("决算数·合计") == Decimal("462100")
    assert three.value("预算数·公务接待费") == Decimal("58000")
    assert three.value("决算数·公务用车购置费") is None
    x = xian.tables
    assert x["01"].row("closing", "支出").value("决算数") == Decimal("3990358000")
    assert x["02"].row("2100205").value("事业收入") == Decimal("228148900")
    assert x["02"].row("2080505").label == "机关事业单位基本养老保险缴费支出"  # wrapped over two lines
    assert x["04"].row("expenditure_total", "支出").value("政府性基金预算财政拨款") == Decimal("5680516300")
    assert x["06"].row("30399").value("金额") == Decimal("1747100")  # on the continuation page 158
    budget, actual = x["09"].rows
    assert (budget.label, actual.label) == ("预算数", "决算数")
    assert actual.value("公务接待费") == Decimal("1100")
    assert actual.value("因公出国（境）费用") is None


def test_shanghai_template_is_recognised():
    """The blank Shanghai 2024 template (shared/reference): all nine tables, found by title, no values."""
    path = TEMPLATES / "shanghai_2024_dept_final_template.pdf"
    if not path.exists():
        pytest.skip(f"{path} is not available")
    ing = ingest(path)
    assert ing.choice.profile.id == "shanghai-2024"
    assert [(f.table, f.pages) for f in ing.found] == [
        ("01", [5]), ("02", [6]), ("03", [7]), ("04", [8, 9]), ("05", [10]),
        ("06", [11]), ("07", [12]), ("08", [13]), ("09", [14]),
    ]  # fmt: skip
    assert ing.missing == [] and ing.filled_cells == 0
