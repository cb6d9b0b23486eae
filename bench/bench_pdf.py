"""Benchmark the report's PDF (Typst against WeasyPrint, side by side) and the whole build, format by format.

Dataset: the example examples/jdz-nanchang-2023/dataset.yaml. Measured in this run, on the same composed report:

- ``pdf typst`` and ``pdf weasyprint``: the two PDF engines of juesuan.document.writers.pdf, cold (the first
  PDF of a new process, as each ``juesuan build`` pays) and warm (the same document again in one process);
- each report and table format on its own (docx, pdf, html; xlsx, md, json), charts drawn once per process
  (the first format that draws them pays: measured separately as ``charts``);
- ``build all``: juesuan.pipeline.build of the whole package (load, check, compose, every format, written);
- ``fresh process``: the command ``juesuan build`` in a new interpreter (imports included).

Every time is the median of ``--repeat`` runs, printed with its ratio to a baseline measured in the same run
(yaml.safe_load + json.dumps of the dataset), so figures stay comparable on a noisy machine. With ``--pages
DIR`` the pages of both engines are rendered (pypdfium2) side by side into DIR/page-NN.png to be looked at.
A plain script, not a test: nothing is asserted.

    .venv/bin/python bench/bench_pdf.py [--repeat 5] [--pages /tmp/pdf-pages]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from juesuan.derive.build import Build
from juesuan.document.compose import compose_document, previous_tables
from juesuan.document.writers import charts, render_document
from juesuan.document.writers import pdf as pdf_writer
from juesuan.model.blocks import Chart, Document
from juesuan.pipeline.build import build
from juesuan.pipeline.cases import open_case
from juesuan.render import html, markdown, xlsx
from juesuan.render.json_out import tables_to_json
from measure import median_time

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples/jdz-nanchang-2023/dataset.yaml"


def baseline(path: Path) -> None:
    json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str, ensure_ascii=False)


def pages(data: bytes) -> int:
    import pypdfium2

    return len(pypdfium2.PdfDocument(data))


def side_by_side(typst_pdf: bytes, weasy_pdf: bytes, folder: Path) -> int:
    """Both engines' pages next to each other (Typst left), one PNG per page; returns the pages written."""
    import pypdfium2
    from PIL import Image

    folder.mkdir(parents=True, exist_ok=True)
    left, right = pypdfium2.PdfDocument(typst_pdf), pypdfium2.PdfDocument(weasy_pdf)
    count = max(len(left), len(right))
    for i in range(count):
        shots = [doc[i].render(scale=1.0).to_pil() if i < len(doc) else None for doc in (left, right)]
        width = sum(s.width if s else 600 for s in shots)
        height = max(s.height if s else 0 for s in shots)
        sheet = Image.new("RGB", (width + 20, height), "white")
        x = 0
        for shot in shots:
            if shot is not None:
                sheet.paste(shot, (x, 0))
            x += (shot.width if shot else 600) + 20
        sheet.save(folder / f"page-{i + 1:02d}.png")
    return count


#: A new interpreter typesetting the example's PDF once after the imports and the charts: Typst's first
#: compilation in a process (fonts read, nothing memoized), what each `juesuan build` pays. Prints seconds.
COLD = """
import sys, time
from juesuan.derive.build import Build
from juesuan.document.compose import compose_document, previous_tables
from juesuan.document.writers import charts, pdf
from juesuan.model.blocks import Chart
from juesuan.pipeline.cases import open_case
from pathlib import Path
case = open_case(Path(sys.argv[1])).case
built = Build(case.tables, case.derived)
document = compose_document(case.accounts, built, previous=previous_tables(case.accounts)).document
for block in document.blocks:
    if isinstance(block, Chart):
        charts.png(block)
engine = sys.argv[2]
if engine == "weasyprint":
    import weasyprint
start = time.perf_counter()
pdf.render(document, engine=engine)
print(time.perf_counter() - start)
"""


def cold(path: Path, engine: str) -> float:
    done = subprocess.run([sys.executable, "-c", COLD, str(path), engine], capture_output=True, text=True, check=True)
    return float(done.stdout.split()[-1])


def fresh_build(path: Path) -> float:
    juesuan = Path(sys.executable).with_name("juesuan")
    command = [str(juesuan)] if juesuan.exists() else [sys.executable, "-m", "juesuan"]
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        subprocess.run([*command, "build", str(path), "-o", out], capture_output=True, check=True)
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", type=Path, help="write both engines' pages side by side into this folder")
    args = parser.parse_args()
    path = EXAMPLE
    case = open_case(path).case
    assert case is not None and case.accounts is not None
    document: Document = compose_document(
        case.accounts, Build(case.tables, case.derived), previous=previous_tables(case.accounts)
    ).document
    drawn = [b for b in document.blocks if isinstance(b, Chart)]

    def draw_charts() -> None:
        charts.clear()
        for chart in drawn:
            charts.png(chart)
            charts.svg(chart)

    draw_charts()  # matplotlib imported and fonts registered before anything is timed
    tables = case.tables
    typst_pdf = pdf_writer.render(document, engine="typst")
    weasy_pdf = pdf_writer.render(document, engine="weasyprint")

    def build_all() -> None:
        with tempfile.TemporaryDirectory() as out:
            assert build(path, out).status == "written"

    stages = {
        "baseline": lambda: baseline(path),
        "pdf typst (warm)": lambda: pdf_writer.render(document, engine="typst"),
        "pdf weasyprint (warm)": lambda: pdf_writer.render(document, engine="weasyprint"),
        f"charts ({len(drawn)}, png+svg)": draw_charts,
        "docx": lambda: render_document(document, "docx"),
        "pdf": lambda: render_document(document, "pdf"),
        "html": lambda: render_document(document, "html"),
        "xlsx": lambda: xlsx.render(tables),
        "md": lambda: markdown.render(tables),
        "json": lambda: tables_to_json(tables),
        "tables-html": lambda: html.render(tables),
        "build all": build_all,
    }
    times = {name: median_time(fn, args.repeat) for name, fn in stages.items()}
    few = max(2, args.repeat // 2)
    colds = {engine: statistics.median(cold(path, engine) for _ in range(few)) for engine in pdf_writer.ENGINES}
    fresh = median_time(lambda: fresh_build(path), few)
    base = times["baseline"]
    print(f"example: {path.relative_to(ROOT)}; median of {args.repeat}; charts drawn once per process")
    print(f"  PDF pages: typst {pages(typst_pdf)} ({len(typst_pdf) / 1e3:.0f} kB), "
          f"weasyprint {pages(weasy_pdf)} ({len(weasy_pdf) / 1e3:.0f} kB)")  # fmt: skip
    print(f"  {'stage':<24}{'time':>11}{'× baseline':>13}")
    for name, seconds in times.items():
        print(f"  {name:<24}{seconds * 1000:>8.1f} ms{seconds / base:>12.1f}×")
    for engine, seconds in colds.items():
        print(f"  {'pdf ' + engine + ' (cold)':<24}{seconds * 1000:>8.1f} ms{seconds / base:>12.1f}×")
    print(f"  {'fresh process (CLI)':<24}{fresh * 1000:>8.1f} ms{fresh / base:>12.1f}×")
    print(f"  weasyprint / typst: cold {colds['weasyprint'] / colds['typst']:.1f}×, "
          f"warm {times['pdf weasyprint (warm)'] / times['pdf typst (warm)']:.1f}×")  # fmt: skip
    print("  (warm: the same document again in one process; Typst memoizes layout, so warm is a lower bound)")
    if args.pages:
        count = side_by_side(typst_pdf, weasy_pdf, args.pages)
        print(f"  {count} pages side by side (Typst left, WeasyPrint right) in {args.pages}")


if __name__ == "__main__":
    main()
