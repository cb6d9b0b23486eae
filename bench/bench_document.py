"""Benchmark the document writers: the whole report rendered as HTML, DOCX and PDF.

Datasets: (a) the example examples/jdz-nanchang-2023/dataset.yaml and (b) a generated department of 20 units ×
500 distinct 项 codes (bench/gen.py, fixed seed). The report is composed once per dataset
(``compose_document``); each writer is then timed on it, the median of a few runs, printed as a ratio to a
baseline measured in the same run on the same dataset file (yaml.safe_load + json.dumps, as in
bench/bench_build.py), so figures stay comparable on a noisy machine. Peak memory: the peak of Python
allocations while rendering (tracemalloc, one extra run; WeasyPrint's Pango/HarfBuzz memory is not traced) and
the peak resident set size of a fresh process that renders all three formats. Nothing is asserted.

    PYTHONPATH=src .venv/bin/python bench/bench_document.py [--repeat N] [--units 20] [--codes 500]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen
from bench_build import baseline
from juesuan.derive.build import build_tables
from juesuan.document.compose import compose_document, previous_tables
from juesuan.document.writers import DOCUMENT_FORMATS, render_document
from juesuan.load.loader import load
from measure import timed, traced_peak

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples/jdz-nanchang-2023/dataset.yaml"

# A fresh interpreter composing and rendering the report in every format; prints peak RSS (KiB) after the
# imports and at the end.
CHILD = """
import sys
from juesuan.derive.build import build_tables
from juesuan.document.compose import compose_document, previous_tables
from juesuan.document.writers import render_document
from juesuan.load.loader import load

def peak():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))

before = peak()
accounts = load(sys.argv[1])
document = compose_document(accounts, build_tables(accounts), previous=previous_tables(accounts)).document
for fmt in sys.argv[2].split(","):
    render_document(document, fmt)
print(before, peak())
"""


def pdf_pages(data: bytes) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return len(pdf)
    finally:
        pdf.close()


def measure(name: str, path: Path, repeat: int) -> None:
    accounts = load(path)
    built = build_tables(accounts)
    compose_time, composed = timed(
        lambda: compose_document(accounts, built, previous=previous_tables(accounts)), repeat
    )
    document = composed.document  # type: ignore[attr-defined]
    base, _ = timed(lambda: baseline(path), repeat)
    rows = sum(len(t.rows) for t in built.tables)
    shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name
    print(f"\n{name}: {shown}, {len(accounts.units)} units, {rows} table rows, {len(document.blocks)} blocks, "
          f"{len(document.figures())} stated figures; median of {repeat}; baseline {base * 1000:.1f} ms")  # fmt: skip
    print(f"  {'stage':<14}{'time':>11}{'× baseline':>12}{'peak traced':>14}{'output':>12}")
    print(f"  {'compose':<14}{compose_time * 1000:>8.1f} ms{compose_time / base:>11.2f}×")
    for fmt in DOCUMENT_FORMATS:
        seconds, data = timed(lambda fmt=fmt: render_document(document, fmt), repeat)
        peak = traced_peak(lambda fmt=fmt: render_document(document, fmt))
        size = len(data)  # type: ignore[arg-type]
        extra = f", {pdf_pages(data)} pages" if fmt == "pdf" else ""  # type: ignore[arg-type]
        print(f"  {'render ' + fmt:<14}{seconds * 1000:>8.1f} ms{seconds / base:>11.2f}×{peak / 1e6:>11.1f} MB"
              f"{size / 1e3:>9.0f} kB{extra}")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), ",".join(DOCUMENT_FORMATS)],
                          capture_output=True, text=True, check=True)  # fmt: skip
    before, after = (int(x) for x in done.stdout.split())
    print(f"  process peak RSS, load + compose + all formats: {after / 1024:.0f} MB", end="")
    print(f" (after imports {before / 1024:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=3, help="runs per writer for the example")
    parser.add_argument("--units", type=int, default=20)
    parser.add_argument("--codes", type=int, default=500)
    args = parser.parse_args()
    measure("example", EXAMPLE, args.repeat)
    with tempfile.TemporaryDirectory() as tmp:
        large = gen.write(Path(tmp) / "large.yaml", units=args.units, codes=args.codes)
        measure(f"large department ({args.units} units × {args.codes} 项 codes)", large, max(1, args.repeat // 2))


if __name__ == "__main__":
    main()
