"""The store keeps every audited report exactly, once, and all of it or nothing — on SQLite and PostgreSQL.

* a saved outcome reads back equal to what was saved (case with every cell's source, check report, coverage);
  its cells and findings are queryable with exact ``Decimal`` amounts (never a float);
* the same file audited by the same versions is stored once; a new catalogue version is a new report;
* the migrations create exactly the schema of ``juesuan.store.schema``;
* a save that fails midway leaves nothing; a process killed while saving loses no report saved before and
  leaves no half report;
* what cannot be opened says why, in Chinese.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from decimal import Decimal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Column, Table, func, insert, select, text

from juesuan.pipeline.outcome import Outcome, Versions, audit_file
from juesuan.store import Store, StoreError, schema
from juesuan.store.exact import Exact

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "jdz-nanchang-2023" / "published-report.txt"


@cache
def seed() -> Outcome:
    return audit_file(SEED)


def unusable(name: str = "broken.pdf") -> Outcome:
    return Outcome(name, "0" * 64, 25, "unusable", 2, "PDF 文件不完整（缺少文件结束标记，可能被截断）")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        url = str(tmp_path / "审核.sqlite")
    else:
        url = request.getfixturevalue("postgres")
        with Store.open(url) as db, db.engine.begin() as connection:  # a clean database for each test
            for table in reversed(schema.metadata.sorted_tables):
                connection.execute(table.delete())
    with Store.open(url) as db:
        yield db


def test_a_saved_report_reads_back_exactly(store: Store) -> None:
    outcome = seed()
    report_id = store.save(outcome)
    assert store.outcome(report_id) == outcome
    row = store.report(report_id)
    assert row is not None
    assert (row.department, row.year, row.kind, row.profile, row.status) == (
        "景德镇陶瓷文化南昌服务中心", 2023, "final_accounts", "jiangxi-2023", "audited",
    )  # fmt: skip
    assert (row.errors, row.warnings) == (outcome.errors, outcome.warnings) == (17, 23)
    assert row.tables_found == 10 and row.sha256 == outcome.sha256


def test_cells_are_exact_decimals_with_their_place(store: Store) -> None:
    report_id = store.save(seed())
    cells = store.cells(report_id, "01")
    first = cells[0]
    assert (first.row_label, first.column_key, first.value, first.text, first.line) == (
        "一、一般公共预算财政拨款收入", "决算数", Decimal("835800.00"), "83.58", 69,
    )  # fmt: skip
    assert all(isinstance(c.value, Decimal) for c in cells if c.value is not None)
    case = seed().case
    assert case is not None
    printed = sum(1 for t in case.tables.tables for r in t.rows for c in r.cells.values() if c.value is not None)
    assert sum(1 for c in store.cells(report_id) if c.value is not None) == printed


def test_findings_keep_their_figures_and_places(store: Store) -> None:
    report_id = store.save(seed())
    errors = store.findings(report_id, severity="error")
    assert len(errors) == 17
    first = next(f for f in errors if f.rule == "narrative-table")
    assert (first.expected, first.actual, first.unit) == (Decimal("125.07"), Decimal("129.23"), "万元")
    assert first.line == 673 and first.table_id == "01"
    report = seed().report
    assert report is not None
    assert [f.message for f in store.findings(report_id, rule="narrative-table")] == [
        f.message for f in report.findings if f.rule == "narrative-table"
    ]
    assert [f.message for f in store.findings(report_id)] == [f.message for f in report.findings]


def test_the_same_file_and_versions_are_stored_once(store: Store) -> None:
    outcome = seed()
    first = store.save(outcome)
    assert store.save(outcome) == first
    assert store.count() == 1 and store.has(outcome.sha256)
    later = dataclasses.replace(outcome, versions=Versions(catalogue="a-newer-catalogue"))
    assert store.save(later) != first
    assert store.count() == 2
    assert not store.has(outcome.sha256, Versions(juesuan="0.0.0"))


def test_a_file_that_could_not_be_read_is_stored_with_its_reason(store: Store) -> None:
    report_id = store.save(unusable())
    row = store.report(report_id)
    assert row is not None and (row.status, row.exit_code, row.reason) == ("unusable", 2, unusable().reason)
    assert store.cells(report_id) == [] and store.findings(report_id) == []
    assert store.outcome(report_id) == unusable()


def test_filters(store: Store) -> None:
    store.save(seed())
    store.save(unusable())
    assert [r.status for r in store.reports(department="景德镇")] == ["audited"]
    assert [r.status for r in store.reports(status="unusable")] == ["unusable"]
    assert store.reports(year=2024) == []
    assert store.units() == [("景德镇陶瓷文化南昌服务中心", [2023])]
    assert store.findings(department="没有这个单位") == []


def test_a_save_that_fails_midway_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    from juesuan.store import rows

    def broken(outcome: Outcome) -> list[dict[str, object]]:
        return [{"position": 0}]  # not a finding row: the insert fails after the report and its cells

    monkeypatch.setattr(rows, "finding_values", broken)
    with pytest.raises(Exception):  # noqa: B017 - whatever the database says
        store.save(seed())
    with store.engine.connect() as connection:
        counts = [
            connection.execute(select(func.count()).select_from(t)).scalar() for t in schema.metadata.tables.values()
        ]
    assert counts == [0] * len(schema.metadata.tables)


def _columns(table: Table) -> dict[str, Column[object]]:
    return {c.name: c for c in table.columns}


def test_amounts_are_never_floats() -> None:
    money = {"value", "expected", "actual", "difference", "tolerance"}
    for table in schema.metadata.tables.values():
        for name, column in _columns(table).items():
            if name in money:
                assert isinstance(column.type, Exact), (table.name, name)
    floats = [(t.name, c.name) for t in schema.metadata.tables.values() for c in t.columns if "Float" in repr(c.type)]
    assert floats == [("reports", "seconds")]  # a timing


def test_the_migrations_create_the_schema(store: Store) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "version_table": schema.VERSION_TABLE}
        )
        assert compare_metadata(context, schema.metadata) == []
        revision = connection.execute(text(f"select version_num from {schema.VERSION_TABLE}")).scalar()
    assert revision == "0002"


exact_numbers = st.decimals(allow_nan=False, allow_infinity=False, places=None).filter(lambda d: abs(d.adjusted()) < 60)


@settings(max_examples=60, deadline=None)
@given(values=st.lists(exact_numbers, min_size=1, max_size=8))
def test_exact_columns_round_trip_any_decimal(tmp_path_factory: pytest.TempPathFactory, values: list[Decimal]) -> None:
    db = Store.open(tmp_path_factory.mktemp("exact") / "s.sqlite")
    with db.engine.begin() as connection:
        connection.execute(schema.cells.delete())
        connection.execute(insert(schema.reports), [_report_row()])
        report_id = connection.execute(select(schema.reports.c.id)).scalar()
        connection.execute(insert(schema.cells), [_cell_row(report_id, i, v) for i, v in enumerate(values)])
        back = list(connection.execute(select(schema.cells.c.value).order_by(schema.cells.c.row_index)).scalars())
    db.close()
    assert back == values and [str(b) for b in back] == [str(v) for v in values]


def test_exact_columns_on_postgresql(postgres: str) -> None:
    values = [Decimal("0.01"), Decimal("123456789012345.67"), Decimal("-0.065"), Decimal("1E-30"), Decimal("0")]
    with Store.open(postgres) as db, db.engine.begin() as connection:
        for table in reversed(schema.metadata.sorted_tables):
            connection.execute(table.delete())
        connection.execute(insert(schema.reports), [_report_row()])
        report_id = connection.execute(select(schema.reports.c.id)).scalar()
        connection.execute(insert(schema.cells), [_cell_row(report_id, i, v) for i, v in enumerate(values)])
        back = list(connection.execute(select(schema.cells.c.value).order_by(schema.cells.c.row_index)).scalars())
        kind = connection.execute(
            text("select data_type from information_schema.columns where table_name='cells' and column_name='value'")
        ).scalar()
    assert back == values and kind == "numeric"


def test_floats_are_refused() -> None:
    with pytest.raises(TypeError, match="Decimal"):
        Exact().process_bind_param(0.1, Store.open(":memory:").engine.dialect)


def _report_row() -> dict[str, object]:
    values = {c.name: None for c in schema.reports.columns if c.name != "id"}
    values.update(sha256="x", juesuan_version="v", catalogue_version="c", path="p", name="p", size=0, format="",
                  status="failed", exit_code=2, reason="", tables_found=0, tables_missing=0, cell_count=0,
                  finding_count=0, errors=0, warnings=0, infos=0, seconds=0.0, coverage={}, rule_runs=[],
                  record=b"", created_at=__import__("datetime").datetime.now())  # fmt: skip
    return values


def _cell_row(report_id: object, index: int, value: Decimal) -> dict[str, object]:
    return {"report_id": report_id, "table_id": "01", "row_index": index, "row_label": "r", "row_side": "",
            "row_kind": "amount", "column_key": "c", "column_header": "c", "value": value, "na": False}  # fmt: skip


def test_what_cannot_be_opened_says_why(tmp_path: Path) -> None:
    not_a_database = tmp_path / "notes.sqlite"
    not_a_database.write_text("这不是数据库" * 200, encoding="utf-8")
    with pytest.raises(StoreError, match="文件不是数据库"):
        Store.open(not_a_database)
    with pytest.raises(StoreError, match=r"目录 .* 不存在"):
        Store.open(tmp_path / "no" / "s.sqlite")
    with pytest.raises(StoreError, match="不支持的数据库地址"):
        Store.open("mongodb://host/db")
    with pytest.raises(StoreError, match=r"无法打开审核库 postgresql\+psycopg://u:\*\*\*@127.0.0.1:1/x"):
        Store.open("postgresql://u:secret@127.0.0.1:1/x")


KILLED_WRITER = """
import sys, dataclasses
from juesuan.pipeline.outcome import audit_file, Versions
from juesuan.store import Store
outcome = audit_file(sys.argv[2])
db = Store.open(sys.argv[1])
for i in range(10_000):
    db.save(dataclasses.replace(outcome, sha256=f"{i:064d}"))
    print(i, flush=True)
"""


def test_a_writer_killed_midway_loses_nothing_saved_and_leaves_no_half_report(tmp_path: Path) -> None:
    path = tmp_path / "s.sqlite"
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    writer = subprocess.Popen([sys.executable, "-c", KILLED_WRITER, str(path), str(SEED)], stdout=subprocess.PIPE,
                              text=True, env=env)  # fmt: skip
    assert writer.stdout is not None
    saved = -1
    deadline = time.monotonic() + 120
    while saved < 5 and time.monotonic() < deadline:
        saved = int(writer.stdout.readline().split()[0])
    time.sleep(0.05)  # somewhere inside the next save
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    with Store.open(path) as db, db.engine.connect() as connection:
        stored = db.reports()
        assert len(stored) >= saved + 1  # every save that returned is there
        for report in stored:  # and each report is whole
            cells = connection.execute(
                select(func.count()).select_from(schema.cells).where(schema.cells.c.report_id == report.id)
            ).scalar()
            found = connection.execute(
                select(func.count()).select_from(schema.findings).where(schema.findings.c.report_id == report.id)
            ).scalar()
            assert (cells, found) == (report.cell_count, report.finding_count) != (0, 0)
        assert [r.sha256 for r in stored] == [f"{i:064d}" for i in range(len(stored))]


def _open_and_count(path: str) -> int:
    with Store.open(path) as db:
        return db.count()


def test_processes_opening_a_new_store_at_once_all_get_it(tmp_path: Path) -> None:
    """The first opens of a new SQLite store race to create its tables: one migrates, the others wait."""
    from concurrent.futures import ProcessPoolExecutor

    for attempt in range(3):
        path = str(tmp_path / f"new{attempt}.sqlite")
        with ProcessPoolExecutor(4) as pool:
            assert list(pool.map(_open_and_count, [path] * 6)) == [0] * 6
