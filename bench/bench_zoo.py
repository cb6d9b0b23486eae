"""Layout-zoo benchmark: every PDF of tests/ingest/zoo/ read by ``ingest`` and scored against its truth.

Prints per document and per family: value cells, rows read exactly, cells in the right row and column (%),
invented cells and reading time; with ``-v`` the breakdown of what went wrong (tests/ingest/zoo_score.py).

    PYTHONPATH=src .venv/bin/python bench/bench_zoo.py [-v] [-f FAMILY ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests/ingest"))

from zoo_score import Score, breakdown, documents, load_truth, score  # noqa: E402

from juesuan.ingest import ingest  # noqa: E402

ROW = "{:<34} {:>6} {:>11} {:>9} {:>8} {:>7}"


def _line(name: str, s: Score) -> str:
    rows = f"{s.rows_exact}/{s.rows}"
    return ROW.format(name, s.cells, rows, f"{100 * s.ratio:.2f}", s.invented, f"{s.seconds:.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-f", "--family", action="append", help="only these families")
    parser.add_argument("-v", "--verbose", action="store_true", help="what went wrong, with examples")
    args = parser.parse_args(argv)
    docs = [d for d in documents() if not args.family or d.parent.name in args.family]
    families: dict[str, Score] = {}
    print(ROW.format("document", "cells", "rows exact", "right %", "invented", "read s"))
    for pdf in docs:
        start = time.perf_counter()
        tables = ingest(pdf).tables
        seconds = time.perf_counter() - start
        result = score(load_truth(pdf), tables)
        result.seconds = seconds
        name = f"{pdf.parent.name}/{pdf.stem}"
        print(_line(name, result))
        if args.verbose and result.problems:
            print("\n".join("    " + line for line in breakdown(name, result).splitlines()[1:]))
        families[pdf.parent.name] = families.get(pdf.parent.name, Score()).add(result)
    print()
    print(ROW.format("family", "cells", "rows exact", "right %", "invented", "read s"))
    total = Score()
    for family, result in families.items():
        print(_line(family, result))
        total = total.add(result)
    print(_line("all", total))
    return 0


if __name__ == "__main__":
    sys.exit(main())
