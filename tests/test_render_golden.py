"""Golden tests of the XLSX, HTML and Markdown writers on tests/fixtures/small.yaml.

Regenerate the goldens after an intended change with::

    JUESUAN_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render_golden.py

The XLSX golden is a normalised dump read back with openpyxl (sheets, print setup, widths, merged ranges,
cell values and number formats), not the zip bytes.
"""

from __future__ import annotations

import dataclasses
import difflib
import io
import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

import juesuan
from juesuan.model.tables import TableSet
from juesuan.render import html, markdown, xlsx
from juesuan.render.json_out import tables_to_dict

HERE = Path(__file__).parent
FIXTURE = HERE / "fixtures" / "small.yaml"
GOLDEN = HERE / "golden"
UPDATE = os.environ.get("JUESUAN_UPDATE_GOLDEN") == "1"
AMOUNT_FORMAT = "#,##0.00"
COUNT_FORMAT = "0"


@pytest.fixture(scope="module")
def tables() -> TableSet:
    return juesuan.build_tables(juesuan.load(FIXTURE)).tables


@pytest.fixture(scope="module")
def workbook(tables: TableSet) -> Any:
    return openpyxl.load_workbook(io.BytesIO(xlsx.render(tables)))


def _fit(pages: int | None) -> int:
    return 1 if pages is None else pages  # 1 is the default, left out of the file


def xlsx_dump(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data))
    lines: list[str] = []
    for sheet in book.worksheets:
        setup = sheet.page_setup
        lines += [
            f"== {sheet.title}",
            f"print: orientation={setup.orientation} paper={setup.paperSize} "
            f"fit={sheet.sheet_properties.pageSetUpPr.fitToPage} {_fit(setup.fitToWidth)}x{_fit(setup.fitToHeight)} "
            f"titles={sheet.print_title_rows} area={sheet.print_area}",
            "widths: " + " ".join(f"{k}={d.width:g}" for k, d in sorted(sheet.column_dimensions.items())),
            "merged: " + " ".join(str(r) for r in sorted(sheet.merged_cells.ranges, key=lambda r: r.bounds[::-1])),
        ]
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                fmt = "" if cell.number_format == "General" else f"  [{cell.number_format}]"
                lines.append(f"{cell.coordinate} {cell.value!r}{fmt}")
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[[TableSet], str]] = {
    "md": markdown.render,
    "html": html.render,
    "xlsx.txt": lambda tables: xlsx_dump(xlsx.render(tables)),
}


def check_golden(name: str, actual: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"missing golden {path}; run with JUESUAN_UPDATE_GOLDEN=1 to create it", pytrace=False)
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = difflib.unified_diff(
            expected.splitlines(), actual.splitlines(), f"golden/{name}", "rendered", lineterm="", n=2
        )
        text = "\n".join(list(diff)[:200])
        pytest.fail(f"{name} differs from its golden (JUESUAN_UPDATE_GOLDEN=1 to accept):\n{text}", pytrace=False)


@pytest.mark.parametrize("suffix", list(RENDERERS))
def test_golden(tables: TableSet, suffix: str) -> None:
    check_golden(f"small.{suffix}", RENDERERS[suffix](tables))


def test_fixture_covers_the_cases(tables: TableSet) -> None:
    assert not tables["07"].is_empty()
    assert not tables["09"].is_empty()
    assert tables["08"].is_empty()
    assert len(juesuan.load(FIXTURE).units) == 2


def test_empty_tables_keep_their_notes(tables: TableSet, workbook: Any) -> None:
    page = html.render(tables)
    text = markdown.render(tables)
    empty = [t for t in tables if t.is_empty()]
    assert empty
    for table in empty:
        assert table.notes
        cells = {c.value for row in workbook[table.code].iter_rows() for c in row}
        section = re.search(rf'<section class="sheet" id="table-{table.id}">.*?</section>', page, re.S)
        assert section is not None
        md_section = text.split(f"## {table.code} ")[1].split("\n## ")[0]
        for note in table.notes:
            assert note in cells
            assert f"<p>{note}</p>" in section.group(0)
            assert note in md_section


def _numeric_cells(row: tuple[Any, ...]) -> Counter[str]:
    """Display strings of the row's amount and count cells."""
    found: Counter[str] = Counter()
    for cell in row:
        if isinstance(cell.value, int | float) and cell.number_format == AMOUNT_FORMAT:
            found[f"{cell.value:.2f}"] += 1
        elif isinstance(cell.value, int | float) and cell.number_format == COUNT_FORMAT:
            found[str(int(cell.value))] += 1
    return found


def _json_numbers(row: dict[str, Any]) -> Counter[str]:
    return Counter(v for v in row["values"].values() if v is not None and v != "---")


def _rows_with(sheet: Any, key: str, line: int | None) -> list[tuple[Any, ...]]:
    return [
        cells
        for cells in sheet.iter_rows()
        if any(c.value == key for c in cells)
        and (line is None or any(c.value == line and c.number_format == "General" for c in cells))
    ]


def _sheet_row(sheet: Any, row: dict[str, Any]) -> tuple[Any, ...]:
    """The one sheet row holding the table row's code (else its label) and, when it has one, its 行次."""
    line = row.get("line")
    matches = _rows_with(sheet, row["code"], line) if "code" in row else []
    matches = matches or _rows_with(sheet, row["label"], line)
    assert len(matches) == 1, f"{sheet.title}: {row['label']!r} (行次 {line}) found on {len(matches)} rows"
    return matches[0]


def test_xlsx_amounts_equal_tables_json(tables: TableSet, workbook: Any) -> None:
    for table in tables_to_dict(tables)["tables"]:
        sheet = workbook[table["code"]]
        expected: Counter[str] = Counter()
        for row in table["rows"]:
            numbers = _json_numbers(row)
            expected += numbers
            if numbers:
                found = _numeric_cells(_sheet_row(sheet, row))
                assert numbers <= found, f"{table['code']} {row['label']}: {numbers} not in {found}"
        actual: Counter[str] = sum((_numeric_cells(r) for r in sheet.iter_rows()), Counter())
        assert actual == expected, table["code"]


def test_blank_cells_stay_empty_and_na_is_text(workbook: Any) -> None:
    sheet = workbook["公开09表"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "---" in values
    assert "0.00" not in values and "" not in values


def test_html_escapes_text(tables: TableSet) -> None:
    hostile = dataclasses.replace(tables, tables=tuple(dataclasses.replace(t, department="<b>&甲</b>") for t in tables))
    page = html.render(hostile)
    assert "<b>&甲" not in page
    assert "部门：&lt;b&gt;&amp;甲&lt;/b&gt;" in page


def test_write_outputs_writes_every_format(tables: TableSet, tmp_path: Path) -> None:
    written = juesuan.write_outputs(tables, tmp_path)
    assert sorted(p.name for p in written) == ["tables.html", "tables.json", "tables.md", "tables.xlsx"]
    assert all(p.stat().st_size > 0 for p in written)
