"""Performance-evaluation tables read back from reports juesuan builds (juesuan.ingest.evaluations), and the
perf rules run on them by ``juesuan audit``."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

import juesuan
from juesuan.audit import audit
from juesuan.check.checker import check
from juesuan.document.compose import compose_document
from juesuan.ingest import read_document
from juesuan.ingest.evaluations import PDF_NOTE, extract_evaluations
from juesuan.load.evaluations import read_evaluations
from juesuan.load.loader import parse_file
from juesuan.model.evaluations import Evaluation, Indicator
from shared_data import SEED

EXAMPLE = Path("examples/jdz-nanchang-2023")
DATASET = EXAMPLE / "dataset.yaml"
AS_PUBLISHED = EXAMPLE / "evaluations-as-published.yaml"


def _build(out: Path, evaluations: tuple[Evaluation, ...] | None) -> tuple[juesuan.Accounts, Path]:
    accounts = juesuan.load(DATASET)
    if evaluations is not None:
        accounts = replace(accounts, evaluations=evaluations)
    build = juesuan.build_tables(accounts)
    composed = compose_document(accounts, build)
    juesuan.write_outputs(build.tables, out, (), document=composed.document, document_formats=("html", "docx"))
    return accounts, out


@pytest.fixture(scope="module")
def corrected(tmp_path_factory: pytest.TempPathFactory) -> tuple[juesuan.Accounts, Path]:
    return _build(tmp_path_factory.mktemp("corrected"), None)  # the dataset's own evaluations


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[juesuan.Accounts, Path]:
    evaluations = read_evaluations(parse_file(AS_PUBLISHED), str(AS_PUBLISHED))
    return _build(tmp_path_factory.mktemp("published"), evaluations)


def _shape(ind: Indicator) -> tuple[object, ...]:
    return (ind.name, ind.weight, ind.score, tuple(_shape(c) for c in ind.children))


def _perf(findings: object) -> list:  # type: ignore[type-arg]
    return [f for f in findings if f.rule.startswith("perf-")]  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["report.html", "report.docx"])
def test_corrected_evaluations_read_back_equal_and_clean(corrected: tuple[juesuan.Accounts, Path], name: str) -> None:
    accounts, out = corrected
    result = audit(out / name)
    found = result.evaluations.evaluations
    assert [(e.kind, e.subject) for e in found] == [(e.kind, e.subject) for e in accounts.evaluations]
    for got, want in zip(found, accounts.evaluations, strict=True):
        assert [_shape(i) for i in got.indicators] == [_shape(i) for i in want.indicators]
        assert (got.score, got.grade, got.amount) == (want.score, want.grade, want.amount)
        assert got.title in ("项目支出绩效自评表", "部门整体支出绩效自评表")
        # every value has its place: the line of the report it was read from
        for ind in got.all_indicators():
            assert ind.ref("score") is not None and ind.ref("score").line is not None  # type: ignore[union-attr]
    perf = _perf(result.report.findings)
    assert [f.message for f in perf if f.severity.name == "ERROR"] == []
    ran = {c.rule for c in result.report.coverage if c.status == "run"}
    assert {"perf-tree-sum", "perf-score-within-weight", "perf-weights", "perf-grade", "perf-amount"} <= ran
    notes = result.ingest_notes()
    assert (notes["evaluations"], notes["indicators"]) == (2, sum(len(e.all_indicators()) for e in found))
    assert "绩效评价表 2 张" in result.to_text()


def _key(finding: object) -> tuple[str, str | None]:
    return (finding.rule, finding.locations[0].row)  # type: ignore[attr-defined]


def test_published_evaluations_findings_match_check(published: tuple[juesuan.Accounts, Path]) -> None:
    """The perf findings of auditing the built report = those ``juesuan check`` makes on the dataset, for
    the rules that can run from the document. The differences, each explained:

    * the document prints no scoring method, no indicator ``key`` and none of the narrative's figures
      (实有人数, 全年执行数 …; they are in 第三部分 / the 附件 text, not the table): perf-method-score,
      perf-same-value, perf-budget-execution and perf-figure-tables are not run on the document, so their
      dataset findings (executed 125.06, 96.77 % vs the tables; 95 % vs 91 % satisfaction; 129.23 stated as
      全年执行数; 实有人数 8) have no counterpart;
    * the 部门评价 gives no indicator, score or grade: the 附件 prints a 【待补充：部门评价结果】 mark, not an empty
      table, so its perf-result-missing is the document's text-placeholder instead;
    * the table prints the parents' scores (sums juesuan computed), so perf-weight-missing names those
      parents too, not only the leaf.
    """
    accounts, out = published
    expected = check(juesuan.build_tables(accounts).tables, inputs={"evaluations": accounts.evaluations,
                                                                    "accounts": accounts})  # fmt: skip
    not_from_document = {"perf-method-score", "perf-same-value", "perf-budget-execution", "perf-figure-tables"}
    want = {_key(f) for f in _perf(expected.findings) if f.rule not in not_from_document}
    want.remove(("perf-result-missing", "景德镇国家陶瓷文化传承创新实验区项目对接政策支持工作经费"))
    # the printed parent scores: the 项目自评 finding lists 满意度指标 first, then its child and the leaf
    want.remove(("perf-weight-missing", "服务对象满意度"))
    want.add(("perf-weight-missing", "满意度指标"))
    for name in ("report.html", "report.docx"):
        result = audit(out / name)
        got = {_key(f) for f in _perf(result.report.findings)}
        assert got == want, name
        not_run = {c.rule: c.reason for c in result.report.coverage if c.status == "not-run"}
        assert not_from_document <= not_run.keys()
        # the tree-sum findings point at the report's lines, with the same numbers as the dataset's
        tree = [(f.expected, f.actual) for f in result.report.findings if f.rule == "perf-tree-sum"]
        assert tree == [(f.expected, f.actual) for f in expected.findings if f.rule == "perf-tree-sum"]
        assert all(f.locations[0].path == str(out / name) for f in _perf(result.report.findings))


def test_wrong_leaf_score_is_found(corrected: tuple[juesuan.Accounts, Path], tmp_path: Path) -> None:
    """+1 分 on one leaf of the HTML: its parent no longer adds up (perf-tree-sum names the parent, at its
    line) and the leaf now exceeds its 分值 (perf-score-within-weight names the leaf)."""
    _, out = corrected
    html = (out / "report.html").read_text(encoding="utf-8")
    row = '<td class="label">服务协助招商引资工作次数</td>'
    start = html.index(row)
    end = html.index("</tr>", start)
    cells = html[start:end]
    assert cells.count('<td class="value">20.00</td>') == 2  # 分值, 得分
    changed = cells[::-1].replace("<00.02>", "<00.12>", 1)[::-1]  # the last one: 得分
    bad = tmp_path / "report.html"
    bad.write_text(html[:start] + changed + html[end:], encoding="utf-8")
    result = audit(bad)
    perf = [f for f in _perf(result.report.findings) if f.severity.name == "ERROR"]
    tree = [f for f in perf if f.rule == "perf-tree-sum"]
    assert len(tree) == 1 and "「产出指标」" in tree[0].message and "21" in tree[0].message
    assert (tree[0].expected, tree[0].actual) == (51, 50)
    over = [f for f in perf if f.rule == "perf-score-within-weight"]
    assert len(over) == 1 and "服务协助招商引资工作次数" in over[0].message
    # HTML lines are the reader's lines (docs/ingest.md): that line is the leaf's row, with the wrong score
    line = next(ln for ln in read_document(bad).lines() if ln.number == over[0].locations[0].line)
    assert "服务协助招商引资工作次数" in line.texts()
    assert "21.00" in line.texts()


def test_no_evaluation_tables_in_the_seed_text() -> None:
    """The seed's 一级 summary (lines 759–762: 权重 / 分值 / 得分率 rows, no 一级指标 header) is not taken for
    an evaluation table; the perf rules stay not run."""
    result = audit(SEED)
    assert result.evaluations.evaluations == ()
    assert "绩效评价表：未找到" in result.to_text()
    assert not _perf(result.report.findings)


def test_pdf_tables_are_not_read_by_default(tmp_path: Path) -> None:
    from juesuan.ingest.document import Document

    found = extract_evaluations(Document(str(tmp_path / "x.pdf"), "pdf", []))
    assert found.evaluations == () and found.note == PDF_NOTE


def test_score_workbook_reads_back(corrected: tuple[juesuan.Accounts, Path], tmp_path: Path) -> None:
    """evaluations.xlsx of ``juesuan score -o`` (a sheet per evaluation, title and information above the table)."""
    from juesuan.document.evaluation_tables import write_tables
    from juesuan.perf.scoring import score_evaluation
    from juesuan.perf.sheet import self_evaluation_table

    accounts, _ = corrected
    tables = juesuan.build_tables(accounts).tables
    grids = [self_evaluation_table(score_evaluation(e, tables)) for e in accounts.evaluations]
    xlsx, _, _ = write_tables(grids, tmp_path, "绩效自评表")
    found = extract_evaluations(read_document(xlsx)).evaluations
    assert [(e.kind, e.subject, e.title) for e in found] == [
        (e.kind, e.subject, g.title) for e, g in zip(accounts.evaluations, grids, strict=True)
    ]
    for got, want in zip(found, accounts.evaluations, strict=True):
        assert [_shape(i) for i in got.indicators] == [_shape(i) for i in want.indicators]
        assert all(i.ref("score").field for i in got.all_indicators())  # type: ignore[union-attr]
