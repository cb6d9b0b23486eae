"""Extraction benchmark: the reader's grids against an independent reading of every corpus PDF.

For every PDF in ``../shared/corpus/`` and ``../shared/corpus/budgets/``:

* **reader**: ``juesuan.ingest.reader.read_document(path)``; per page, the distinct ``line.grid`` objects of
  ``page.lines``, each as ``Grid.texts()`` (rows as a person sees them, a merged cell's text at its
  top-left position).
* **independent reading**: pdfplumber's own ``page.find_tables()`` / ``extract()`` with its default
  (ruling-line) settings, on *every* page, so a table on a page the reader did not take for a table page
  counts as missed. A table of one column (a frame around a paragraph) or without text is left out, and so
  is a one-row table without an amount (underlined prose); a one-row table printing an amount is kept (a
  continuation page may print just the 总计 row).

Both are normalised the same way: ``None`` → "", all whitespace and line breaks removed inside a cell. An
independent table is matched to the reader's grid on the same page whose box overlaps it most.

Per document it prints: table pages (pages where either reading has a table), the reader's grids, the
independent tables and rows, rows read exactly (the matched grid's row at the same index has the same cell
texts in the same order), amount cells in the independent reading (a number with decimals or thousands
separators: ``1,234.56``, ``0.00``, ``12,345``, ``0.123456``; plain integers are left out because 行次,
栏次 and 科目编码 are plain integers too), amount cells recalled (the same text at the same row and column
index of the matched grid), and the reader's wall time. Then totals, and the first disagreements of each
document (page, table, row, the cells that differ) to be checked by eye on the rendered page
(``pdftoppm -r 80 -png -f N -l N FILE out``).

For the 决算 files, also the *table-mode* figure: ``juesuan.ingest.extract_tables`` of the same reading
(what ``ingest(path)`` does) → per profile table, rows and filled cells, against the independent reading's
amount cells on the pages the table was found on (a coarser figure: a filled cell is not checked to be the
right one here; tests/ingest/test_corpus_pdfs.py and test_expected_tables.py do that).

What the independent reading can and cannot tell: it shares pdfplumber's ruling-line finder with the reader,
so it checks which cell each character went to, the text assembled in each cell and which pages were read,
not the rules themselves. A rule the finder invents (white fills taken for rules, Jiangsu 2018) gives both
readings the same wrong grid; those are caught by the hand-verified tables of tests/ingest/expected/.

    PYTHONPATH=src .venv/bin/python bench/bench_extract.py [--show 5] [--json out.json] [FILE.pdf ...]

A plain script: nothing is asserted (the expectations are in tests/ingest/test_expected_tables.py).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from shared_data import CORPUS  # noqa: E402

AMOUNT = re.compile(r"^[-−－]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+)$")
MIN_OVERLAP = 0.5  # share of the independent table's box the matched grid must cover


def norm(text: str | None) -> str:
    return "".join((text or "").split())


def is_amount(text: str) -> bool:
    return bool(AMOUNT.match(text))


Box = tuple[float, float, float, float]


@dataclass
class Table:
    """One table of one reading: its page, box and rows of normalised cell texts."""

    page: int
    bbox: Box
    rows: list[list[str]]


@dataclass
class Disagreement:
    page: int
    table: int  # index of the independent table on its page
    row: int
    mine: list[str] | None  # the reader's row (None: no grid / no such row)
    theirs: list[str]

    def describe(self, width: int = 14) -> str:
        def cut(t: str) -> str:
            return t if len(t) <= width else t[: width - 1] + "…"

        if self.mine is None:
            return f"p{self.page} t{self.table} r{self.row}: reader has no row; independent {_show(self.theirs, cut)}"
        if len(self.mine) != len(self.theirs):
            return (
                f"p{self.page} t{self.table} r{self.row}: {len(self.mine)} vs {len(self.theirs)} cells; "
                f"reader {_show(self.mine, cut)} | independent {_show(self.theirs, cut)}"
            )
        pairs = enumerate(zip(self.mine, self.theirs, strict=True))
        diffs = [f"c{j}: {cut(a)!r} ≠ {cut(b)!r}" for j, (a, b) in pairs if a != b]
        return f"p{self.page} t{self.table} r{self.row}: " + "; ".join(diffs)


def _show(cells: list[str], cut: Any) -> str:
    return "[" + ", ".join(repr(cut(c)) for c in cells) + "]"


@dataclass
class Missed:
    """An independent table that no grid of the reader covers."""

    page: int
    table: int
    rows: int
    amounts: int
    first: list[str]

    def describe(self, width: int = 14) -> str:
        head = ", ".join(repr(t if len(t) <= width else t[: width - 1] + "…") for t in self.first)
        return f"p{self.page} t{self.table}: no grid; {self.rows} rows, {self.amounts} amounts; first row [{head}]"


@dataclass
class Result:
    name: str
    pages: int = 0
    table_pages: int = 0
    grids: int = 0
    tables: int = 0
    rows: int = 0
    rows_exact: int = 0
    amounts: int = 0
    recalled: int = 0
    unmatched_tables: int = 0  # independent tables with no grid
    unmatched_amounts: int = 0  # amount cells in those tables
    extra_grids: int = 0  # grids with no independent table
    seconds: float = 0.0
    disagreements: list[Disagreement] = field(default_factory=list)
    missed: list[Missed] = field(default_factory=list)
    table_mode: list[tuple[str, int, int, int, list[int]]] = field(default_factory=list)
    profile: str = ""  # 决算 files: the profile the table mode chose, and what it found


def reader_tables(path: Path) -> tuple[list[Table], int, float, Any]:
    from juesuan.ingest.reader import read_document

    start = time.perf_counter()
    doc = read_document(path)
    seconds = time.perf_counter() - start
    out = []
    for page in doc.pages:
        seen: dict[int, Any] = {}
        for line in page.lines:
            if line.grid is not None and id(line.grid) not in seen:
                seen[id(line.grid)] = line.grid
        for grid in seen.values():
            out.append(Table(page.number or 0, grid.bbox, [[norm(t) for t in row] for row in grid.texts()]))
    return out, len(doc.pages), seconds, doc


def independent_tables(path: Path) -> list[Table]:
    import pdfplumber

    out = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for table in page.find_tables():
                rows = [[norm(t) for t in row] for row in table.extract()]
                wide = max((len(r) for r in rows), default=0) >= 2
                if wide and ((len(rows) >= 2 and any(any(r) for r in rows)) or any(map(is_amount, rows[0]))):
                    out.append(Table(number, tuple(float(v) for v in table.bbox), rows))  # type: ignore[arg-type]
            page.flush_cache()
    return out


def _overlap(a: Box, b: Box) -> float:
    """Share of ``b``'s area that ``a`` covers."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    area = (b[2] - b[0]) * (b[3] - b[1])
    return max(w, 0) * max(h, 0) / area if area > 0 else 0.0


def compare(name: str, mine: list[Table], theirs: list[Table], result: Result) -> None:
    result.grids = len(mine)
    result.tables = len(theirs)
    result.table_pages = len({t.page for t in mine} | {t.page for t in theirs})
    used: set[int] = set()
    per_page: dict[int, int] = {}
    for table in theirs:
        index = per_page.get(table.page, 0)
        per_page[table.page] = index + 1
        candidates = [(n, _overlap(g.bbox, table.bbox)) for n, g in enumerate(mine) if g.page == table.page]
        best = max(candidates, key=lambda c: c[1], default=(-1, 0.0))
        grid = mine[best[0]] if best[0] >= 0 and best[1] >= MIN_OVERLAP else None
        result.rows += len(table.rows)
        if grid is not None:
            used.add(best[0])
        else:
            result.unmatched_tables += 1
            amounts = sum(1 for row in table.rows for text in row if is_amount(text))
            result.unmatched_amounts += amounts
            result.amounts += amounts
            result.missed.append(Missed(table.page, index, len(table.rows), amounts, table.rows[0]))
            continue
        for i, row in enumerate(table.rows):
            got = grid.rows[i] if i < len(grid.rows) else None
            if got == row:
                result.rows_exact += 1
            else:
                result.disagreements.append(Disagreement(table.page, index, i, got, row))
            for j, text in enumerate(row):
                if is_amount(text):
                    result.amounts += 1
                    if got is not None and j < len(got) and got[j] == text:
                        result.recalled += 1
        if len(grid.rows) > len(table.rows):
            for i in range(len(table.rows), len(grid.rows)):
                result.disagreements.append(Disagreement(table.page, index, i, grid.rows[i], []))
    result.extra_grids = sum(1 for n in range(len(mine)) if n not in used)


def table_mode(doc: Any, theirs: list[Table], result: Result) -> None:
    """Per profile table: id, rows, filled cells, independent amount cells on its pages, pages."""
    from juesuan.ingest.pipeline import extract_tables

    ing = extract_tables(doc)
    result.profile = f"profile {ing.choice.profile.id}, {len(ing.found)} tables found, missing {ing.missing}"
    pages = {f.table: f.pages for f in ing.found}
    for table in ing.tables:
        filled = sum(1 for r in table.rows for c in r.cells.values() if c.value is not None or c.na)
        on = set(pages.get(table.id, []))
        amounts = sum(1 for t in theirs if t.page in on for row in t.rows for text in row if is_amount(text))
        result.table_mode.append((table.id, len(table.rows), filled, amounts, sorted(on)))


def run(path: Path, with_tables: bool) -> Result:
    mine, pages, seconds, doc = reader_tables(path)
    theirs = independent_tables(path)
    result = Result(path.name, pages=pages, seconds=seconds)
    compare(path.name, mine, theirs, result)
    if with_tables:
        table_mode(doc, theirs, result)
    return result


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:6.2f}" if b else "   n/a"


HEADER = (
    f"{'document':52} {'pages':>5} {'tpages':>6} {'grids':>5} {'tables':>6} {'rows':>6} {'exact':>6} "
    f"{'%':>6} {'amounts':>7} {'recall':>7} {'%':>6} {'miss':>4} {'m.amt':>5} {'extra':>5} {'read s':>6}"
)


def line(r: Result) -> str:
    return (
        f"{r.name[:52]:52} {r.pages:5} {r.table_pages:6} {r.grids:5} {r.tables:6} {r.rows:6} {r.rows_exact:6} "
        f"{_pct(r.rows_exact, r.rows)} {r.amounts:7} {r.recalled:7} {_pct(r.recalled, r.amounts)} "
        f"{r.unmatched_tables:4} {r.unmatched_amounts:5} {r.extra_grids:5} {r.seconds:6.1f}"
    )


def total(name: str, results: list[Result]) -> Result:
    t = Result(name)
    for r in results:
        for key in (
            "pages",
            "table_pages",
            "grids",
            "tables",
            "rows",
            "rows_exact",
            "amounts",
            "recalled",
            "unmatched_tables",
            "unmatched_amounts",
            "extra_grids",
        ):
            setattr(t, key, getattr(t, key) + getattr(r, key))
        t.seconds += r.seconds
    return t


def print_report(groups: dict[str, list[Result]], show: int) -> None:
    print()
    print(HEADER)
    for label, results in groups.items():
        for r in results:
            print(line(r))
        if results:
            print(line(total(f"TOTAL {label} ({len(results)} files)", results)))
    every = [r for rs in groups.values() for r in rs]
    print(line(total(f"TOTAL ({len(every)} files)", every)))
    print("\nIndependent tables without a grid (pages the reader did not read as ruled tables):")
    for r in every:
        for m in r.missed:
            print(f"  {r.name}: {m.describe()}")
    print("\nFirst disagreements in matched tables (reader vs independent), per document:")
    for r in every:
        if r.disagreements:
            print(f"  {r.name}: {len(r.disagreements)} rows differ")
            for d in r.disagreements[:show]:
                print("    " + d.describe())
    finals = [r for r in every if r.profile]
    if finals:
        print("\nTable mode (决算): per table, rows and filled cells / independent amount cells on its pages")
        for r in finals:
            rows = sum(t[1] for t in r.table_mode)
            filled = sum(t[2] for t in r.table_mode)
            print(f"  {r.name}: {r.profile}; {len(r.table_mode)} tables, {rows} rows, {filled} filled cells")
            for tid, n_rows, n_filled, n_amounts, pages in r.table_mode:
                print(f"    {tid}: rows {n_rows:4} filled {n_filled:5} / amounts {n_amounts:5}  pages {pages}")


def write_json(results: list[Result], path: Path) -> None:
    skip = ("disagreements", "table_mode", "missed")
    data = [
        {
            **{k: v for k, v in vars(r).items() if k not in skip},
            "table_mode": r.table_mode,
            "missed": [vars(m) for m in r.missed],
            "disagreements": [vars(d) for d in r.disagreements],
        }
        for r in results
    ]
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--show", type=int, default=5, help="disagreements listed per document")
    parser.add_argument("--json", type=Path, help="write every figure and disagreement here")
    args = parser.parse_args()
    files = args.files or [*sorted(CORPUS.glob("*.pdf")), *sorted((CORPUS / "budgets").glob("*.pdf"))]
    groups: dict[str, list[Result]] = {"决算": [], "预算": []}
    for path in files:
        final = path.parent == CORPUS
        try:
            result = run(path, with_tables=final)
        except Exception as exc:  # a benchmark reports, it does not stop
            print(f"{path.name}: {type(exc).__name__}: {exc}", flush=True)
            continue
        groups["决算" if final else "预算"].append(result)
        print(line(result), flush=True)
    print_report(groups, args.show)
    if args.json:
        write_json([r for rs in groups.values() for r in rs], args.json)


if __name__ == "__main__":
    main()
