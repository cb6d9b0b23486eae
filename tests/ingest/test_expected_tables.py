"""Hand-verified expected tables of the corpus PDFs (``tests/ingest/expected/*.json``), one or more per
failure class of issue 11, against what the reader gives for that page.

Every expected table was transcribed from the rendered page (``pdftoppm -r 110 -png -f N -l N FILE out``)
and checked cell by cell against the image, not copied from the reader. Two levels:

* ``"level": "grid"``: the ruled tables of one page as a person sees them, top to bottom, row by row, a
  merged cell's text at its top-left position and "" in the positions it covers (``Grid.texts()``), all
  whitespace and line breaks removed inside a cell. Compared with the reader's grids of that page after
  leaving out the rows the reader itself takes for text inside the frame (``Grid.is_text_row``: a title,
  the 单位 line) and the rows and columns that are blank throughout (a blank ruled row carries nothing to
  misread; spreadsheet exports draw blank frame cells around the table). ``"prefix": true`` compares only
  the first rows listed.
* ``"level": "table"``: the table-mode rows ``ingest(path).tables[table]`` of a 决算 file: label, code,
  行次, side and the printed values by the profile's column key (blank cells left out), in reading order;
  ``"fields"`` limits the comparison (a two-sided summary prints no codes: the profile's are not compared).

The grid level reads only the pages needed: a copy of the page and the one before it (so a continuation
page is taken for a table page as in the whole document), made with pypdfium2 and read with
``read_document``; every such page was checked to give the same grids as the whole document. The table
level reads the whole 决算 file once per session.

Each file (the test id is its name) lists the failure classes it stands for in ``classes``, printed with any
failure. An expectation that fails today says why in ``reader_bug``: a misreading the reader is to be fixed
for, recorded here rather than worked around.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from juesuan.ingest import Ingested, ingest, read_document
from shared_data import CORPUS

pytestmark = [pytest.mark.corpus, pytest.mark.pdf]

EXPECTED = Path(__file__).parent / "expected"
CASES = sorted(EXPECTED.glob("*.json"))
UNITS = {"万元": Decimal(10000), "元": Decimal(1)}


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _id(path: Path) -> str:
    return path.stem


def _what(data: dict[str, Any]) -> str:
    """The classes an expectation stands for and, when it fails today, the misreading it records."""
    text = f"classes: {'; '.join(data['classes'])}"
    return text + (f"\nreader bug: {data['reader_bug']}" if data.get("reader_bug") else "")


def _source(data: dict[str, Any]) -> Path:
    path = CORPUS / data["file"]
    if not path.exists():
        pytest.skip(f"{path} is not available")
    return path


def _flat(text: str | None) -> str:
    return "".join((text or "").split())


# ---- grid level ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def page_grids(tmp_path_factory):
    """``(file, page) → [rows of each grid on the page]``, reading a two-page excerpt once per page."""
    import pypdfium2 as pdfium

    cache: dict[tuple[str, int], list[list[list[str]]]] = {}
    folder = tmp_path_factory.mktemp("excerpts")

    def read(path: Path, page: int) -> list[list[list[str]]]:
        key = (str(path), page)
        if key not in cache:
            first = max(page - 1, 1)
            src = pdfium.PdfDocument(str(path))
            out = pdfium.PdfDocument.new()
            out.import_pages(src, list(range(first - 1, page)))
            excerpt = folder / f"{path.stem}-p{page}.pdf"
            out.save(str(excerpt))
            out.close()
            src.close()
            doc = read_document(excerpt)
            grids: dict[int, Any] = {}
            for line in doc.pages[page - first].lines:
                if line.grid is not None:
                    grids.setdefault(id(line.grid), line.grid)
            cache[key] = [_visible(grid) for grid in grids.values()]
        return cache[key]

    return read


def _visible(grid: Any) -> list[list[str]]:
    """The grid's rows without its text rows (title, 单位 line) and without blank rows and columns."""
    rows = [[_flat(t) for t in row] for r, row in enumerate(grid.texts()) if not grid.is_text_row(r)]
    return _trim(rows)


def _trim(rows: list[list[str]]) -> list[list[str]]:
    rows = [row for row in rows if any(row)]
    if not rows:
        return []
    keep = [c for c in range(max(len(r) for r in rows)) if any(c < len(r) and r[c] for r in rows)]
    return [[row[c] if c < len(row) else "" for c in keep] for row in rows]


def _case(path: Path) -> Any:
    """A case, marked as a strict expected failure when its JSON names a known limitation of the reader (a
    fix makes it pass, and the mark must then go)."""
    reason = _load(path).get("known_limitation")
    return pytest.param(path, marks=pytest.mark.xfail(strict=True, reason=reason)) if reason else path


GRID_CASES = [_case(p) for p in CASES if _load(p)["level"] == "grid"]
TABLE_CASES = [p for p in CASES if _load(p)["level"] == "table"]


@pytest.mark.parametrize("case", GRID_CASES, ids=[_id(p) for p in CASES if _load(p)["level"] == "grid"])
def test_page_reads_into_the_grid_a_person_sees(case, page_grids):
    """The ruled tables of the page, read into grids, hold the cells a person sees, row by row."""
    data = _load(case)
    got = page_grids(_source(data), data["page"])
    want = [_trim([[_flat(t) for t in row] for row in table["rows"]]) for table in data["tables"]]
    assert len(got) == len(want), f"{len(want)} tables on the page, the reader gives {len(got)} grids\n{_what(data)}"
    for n, (mine, theirs) in enumerate(zip(got, want, strict=True)):
        if data.get("prefix"):
            mine = _trim(mine[: len(theirs)])
        assert mine == theirs, f"table {n + 1} of page {data['page']}\n{_what(data)}"


# ---- table level ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def final_accounts():
    """``file → Ingested``, each 决算 file ingested once per session."""
    cache: dict[str, Ingested] = {}

    def read(path: Path) -> Ingested:
        if str(path) not in cache:
            cache[str(path)] = ingest(path)
        return cache[str(path)]

    return read


def _printed(value: Decimal | None, na: bool, unit: Decimal) -> str | None:
    if na:
        return "---"
    if value is None:
        return None
    return f"{value / unit:,.2f}"


FIELDS = ["label", "code", "line", "side", "values"]


def _rows(ing: Ingested, table: str, unit: Decimal, fields: list[str]) -> list[dict[str, Any]]:
    out = []
    for row in ing.tables[table].rows:
        values = {k: _printed(c.value, c.na, unit) for k, c in row.cells.items()}
        item: dict[str, Any] = {"label": row.label}
        if row.code:
            item["code"] = row.code
        if row.line is not None:
            item["line"] = row.line
        if row.side:
            item["side"] = row.side
        item["values"] = {k: v for k, v in values.items() if v is not None}
        out.append({k: v for k, v in item.items() if k in fields})
    return out


def _expected_rows(data: dict[str, Any], fields: list[str]) -> list[dict[str, Any]]:
    out = []
    for row in data["rows"]:
        item = {"label": row.get("label", "")}
        item.update({k: row[k] for k in ("code", "line", "side") if row.get(k) not in (None, "")})
        item["values"] = {k: v for k, v in row.get("values", {}).items() if v not in (None, "")}
        out.append({k: v for k, v in item.items() if k in fields})
    return out


@pytest.mark.parametrize("case", TABLE_CASES, ids=[_id(p) for p in TABLE_CASES])
def test_table_reads_into_the_rows_a_person_sees(case, final_accounts):
    """The profile table of a 决算 file: every printed row with its label, code, 行次, side and values in
    the right columns, and nothing else."""
    data = _load(case)
    ing = final_accounts(_source(data))
    found = {f.table: f.pages for f in ing.found}
    assert found.get(data["table"]) == data["pages"], _what(data)
    fields = data.get("fields", FIELDS)
    assert _rows(ing, data["table"], UNITS[data["unit"]], fields) == _expected_rows(data, fields), _what(data)


def test_every_class_of_issue_11_has_an_expected_table():
    """Issue 11's failure classes (and the corpus's own) each have at least one hand-verified table."""
    classes = {c for path in CASES for c in _load(path)["classes"]}
    assert classes >= {
        "unit line only (单位：万元)",
        "sparse summary",
        "one-row 三公 table",
        "continuation page of few rows",
        "two-sided without 行次",
        "Word cells centred one by one",
        "wrapped 科目名称 (two lines)",
        "wrapped name (three lines)",
        "合计 on the 类/款/项 line",
        "adjacent narrow headers",
        "经济分类 类/款 in separate columns",
        "栏次 row of a two-sided table",
        "multi-level merged header",
        "rules drawn as curves",
        "rotated page (/Rotate 90)",
        "several tables on one page",
        "decimals wrapped onto the next line",
        "6-decimal amounts",
        "integer 元 amounts",
    }
