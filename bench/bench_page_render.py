"""Benchmark the web app's page pictures: every page of the corpus PDFs drawn as a finding's picture (pypdfium2
render at the app's scale, the finding's cells and lines found on the page and highlighted, PNG), in ms per
page, with two baselines measured in the same run at the same resolution (108 dpi, the app's 1.5 × 72):

* ``pdftoppm``: poppler's ``pdftoppm -png -r 108 -f N -l N`` for the page (a process per page, as a server
  shelling out to it would run);
* ``plain``: pypdfium2 rendering the page to PNG without looking for anything (what the highlight adds to).

A page's marks are those of the audit's findings on it (audited once, beforehand, as the app would have), made
by the app's own code (:func:`juesuan.web.views.marks` over the report's cells); a page without findings gets
its second line marked. The issue's goal: ≤ 200 ms per page. Medians of ``--repeat`` runs per page. A plain
script: nothing is asserted.

    PYTHONPATH=src .venv/bin/python bench/bench_page_render.py [--repeat 2] [FILE.pdf ...]
"""

from __future__ import annotations

import argparse
import io
import subprocess
import tempfile
from pathlib import Path

from juesuan.pipeline.outcome import audit_file
from juesuan.store import StoredCell
from juesuan.store.rows import cell_values
from juesuan.web.pictures import SCALE, LineMark, Mark, page_count, render
from juesuan.web.views import marks
from measure import median_time

CORPUS = Path("/work/shared/corpus")
DPI = round(72 * SCALE)


def page_marks(path: Path) -> dict[int, list[Mark]]:
    """Each page's marks, from an audit of the file."""
    outcome = audit_file(path)
    fields = StoredCell.__dataclass_fields__
    cells = [StoredCell(**{k: row[k] for k in fields}) for row in cell_values(outcome)]
    out: dict[int, list[Mark]] = {}
    for finding in outcome.report.findings if outcome.report else ():
        locations = [loc.as_dict() for loc in finding.locations]
        for page in {loc["page"] for loc in locations if loc["page"]}:
            out.setdefault(int(str(page)), []).extend(marks(locations, int(str(page)), cells))
    return out


def plain(path: Path, page: int) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    image = pdf[page - 1].render(scale=SCALE).to_pil()
    image.save(io.BytesIO(), "PNG", compress_level=3)
    pdf.close()


def pdftoppm(path: Path, page: int, folder: str) -> None:
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), str(path), f"{folder}/p"],
                   check=True, capture_output=True)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    files = args.files or sorted(CORPUS.glob("*.pdf"))
    print(f"{'file':52} {'pages':>5} {'marked':>6} {'found':>6} {'picture ms':>10} {'max ms':>7} {'pdftoppm ms':>11} "
          f"{'plain ms':>8} {'×pdftoppm':>9} {'×plain':>6}")  # fmt: skip
    worst = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for path in files:
            wanted = page_marks(path)
            pages = page_count(path)
            ours, theirs, bare = [], [], []
            found = 0
            for page in range(1, pages + 1):
                marks_here = wanted.get(page) or [LineMark(2)]
                ours.append(median_time(lambda f=path, p=page, m=marks_here: render(f, p, m), args.repeat))
                found += render(path, page, marks_here)[1]
                theirs.append(median_time(lambda f=path, p=page: pdftoppm(f, p, folder), args.repeat))
                bare.append(median_time(lambda f=path, p=page: plain(f, p), args.repeat))
            mine, base, raw = (1000 * sum(t) / pages for t in (ours, theirs, bare))
            worst = max(worst, 1000 * max(ours))
            marked = sum(len(wanted.get(p) or [None]) for p in range(1, pages + 1))
            print(f"{path.name[:52]:52} {pages:5d} {marked:6d} {found:6d} {mine:10.1f} {1000 * max(ours):7.1f} "
                  f"{base:11.1f} {raw:8.1f} {mine / base:9.2f} {mine / raw:6.2f}")  # fmt: skip
    print(f"slowest page: {worst:.1f} ms (goal ≤ 200 ms per page)")


if __name__ == "__main__":
    main()
