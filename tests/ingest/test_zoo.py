"""The layout zoo (issue 11): every PDF of tests/ingest/zoo/ (made by bench/zoo.py from the project's own
datasets, typeset as published reports typeset their tables) read by ``ingest`` and compared with its truth
cell by cell (zoo_score.py). Per family: ≥ 99.9 % of the value cells in the right row and column, and no
value read where the truth has none. The assertion message is the per-document breakdown (missing rows, wrong
columns, wrong values, invented cells, with examples) for whoever fixes the reader.

Each PDF is read once per session. Regenerate the zoo with ``PYTHONPATH=src .venv/bin/python bench/zoo.py``
(tests/ingest/zoo/README.md).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from zoo_score import ZOO, Score, breakdown, documents, load_truth, score

from juesuan.ingest import ingest
from juesuan.model.tables import TableSet

pytestmark = pytest.mark.pdf

DOCS = documents()
FAMILIES = sorted({pdf.parent.name for pdf in DOCS})
THRESHOLD = 0.999


class _Scores(dict[Path, Score]):
    """Each zoo PDF read (once, when first asked for) and scored against its truth."""

    def __missing__(self, pdf: Path) -> Score:
        self[pdf] = score(load_truth(pdf), ingest(pdf).tables)
        return self[pdf]


@pytest.fixture(scope="session")
def zoo_scores() -> dict[Path, Score]:
    return _Scores()


def test_the_zoo_is_there():
    assert len(FAMILIES) >= 10, FAMILIES
    for pdf in DOCS:
        assert pdf.with_suffix(".json").is_file(), f"{pdf} has no truth"
    assert {p.stem for p in ZOO.glob("*/*.json")} >= {p.stem for p in DOCS}


@pytest.mark.parametrize("family", FAMILIES)
def test_family_reads_into_the_right_rows_and_columns(family, zoo_scores):
    docs = [pdf for pdf in DOCS if pdf.parent.name == family]
    total = Score()
    for pdf in docs:
        total = total.add(zoo_scores[pdf])
    report = "\n".join(breakdown(pdf.stem, zoo_scores[pdf]) for pdf in docs)
    print(f"\n{family}: {100 * total.ratio:.2f} % right, {total.invented} invented\n{report}")
    good = total.ratio >= THRESHOLD and total.invented == 0
    assert good, (
        f"{family}: {100 * total.ratio:.2f} % of {total.cells} cells right, {total.invented} invented\n{report}"
    )


def test_truth_is_what_the_datasets_build_today():
    """The truth files are the built tables of their datasets (else the zoo is stale: regenerate it)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import zoo

    built: dict[str, TableSet] = {}
    for pdf in DOCS:
        truth = load_truth(pdf)
        name = truth["dataset"]
        if name not in built:
            built[name] = zoo.build(name)
        family = zoo.FAMILIES[pdf.parent.name]
        assert zoo.truth(built[name], name=name, no_line=family.no_line) == truth, pdf
