"""Benchmark `juesuan audit` on the corpus PDFs: time per page, as a ratio to pdfplumber's own text and
table extraction of the same file measured in the same run (the baseline), and peak RSS of a fresh
process auditing the file. The issue's target: a whole audit within 2× of the baseline.

Baseline = for every page, ``page.extract_text()`` and ``page.extract_tables()`` (pdfplumber alone).
Audit = read (pypdfium2 text for all pages, pdfplumber words on table pages) + recognise + extract +
check + statements (when installed). Medians of ``--repeat`` runs. A plain script: nothing is asserted.

    .venv/bin/python bench/bench_audit.py [--repeat 3] [FILE.pdf ...]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from measure import median_time

CORPUS = Path("/work/shared/corpus")


def baseline(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.extract_tables()
            page.flush_cache()
        return len(pdf.pages)


def run_audit(path: Path) -> None:
    from juesuan.audit import audit

    audit(path)


def peak_rss_mb(path: Path) -> float:
    code = (
        "import resource, sys; from juesuan.audit import audit; audit(sys.argv[1]); "
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().splitlines()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    files = args.files or sorted(CORPUS.glob("*.pdf"))
    print(f"{'file':60} {'pages':>5} {'baseline s':>10} {'audit s':>8} {'ms/page':>8} {'ratio':>6} {'RSS MB':>7}")
    for path in files:
        pages = baseline(path)
        base = median_time(lambda path=path: baseline(path), args.repeat)
        mine = median_time(lambda path=path: run_audit(path), args.repeat)
        rss = peak_rss_mb(path)
        print(f"{path.name[:60]:60} {pages:5d} {base:10.2f} {mine:8.2f} {1000 * mine / pages:8.1f} "
              f"{mine / base:6.2f} {rss:7.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
