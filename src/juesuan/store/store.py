"""The store: audited reports kept in a database (an embedded SQLite file, or PostgreSQL by URL).

``Store.open(url)`` connects and brings the schema to the current revision (Alembic migrations shipped in
the package), ``save(outcome)`` keeps one file's audit in one transaction (the report, its tables, cells and
findings, and the whole outcome for reading back exactly), ``has`` / ``stored`` say what a batch may skip, and
the queries answer the ``juesuan store`` commands and the web app. A report is unique per file content and the
versions that audited it: saving it again returns the stored one, never a duplicate.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, func, insert, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError, SQLAlchemyError

from ..errors import JuesuanError
from ..findings import Severity
from ..pipeline.outcome import Outcome, Versions
from ..render.summary import FindingRow
from . import rows
from .schema import VERSION_TABLE, cells, findings, reports, tables

DEFAULT_STORE = "juesuan-audit.sqlite"
MIGRATIONS = Path(__file__).with_name("migrations")


class StoreError(JuesuanError):
    """The store cannot be opened or written (message in Chinese, with the URL, password hidden)."""


def store_url(url: str | Path | URL | None) -> URL:
    """A database URL from what the user gave: a URL, or a path to an SQLite file (default in the cwd)."""
    if isinstance(url, URL):
        return url
    text = str(url) if url is not None else DEFAULT_STORE
    if "://" not in text:
        return URL.create("sqlite+pysqlite", database=str(Path(text)))
    try:
        parsed = make_url(text)
    except ArgumentError as exc:
        raise StoreError(
            f"不是可用的数据库地址：{text}（例如 sqlite:///审核.sqlite 或 postgresql+psycopg://用户@主机/库）"
        ) from exc
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _shown(url: URL) -> str:
    """The URL as messages show it: an SQLite file by its path, others without the password."""
    if url.get_backend_name() == "sqlite" and url.database:
        return url.database
    return url.render_as_string(hide_password=True)


@dataclass(frozen=True)
class StoredReport:
    """A stored report's summary row (everything but its cells, findings and whole record)."""

    id: int
    sha256: str
    path: str
    name: str
    size: int
    format: str
    status: str
    exit_code: int
    reason: str
    department: str | None
    year: int | None
    kind: str | None
    profile: str | None
    pages: int | None
    tables_found: int
    tables_missing: int
    cell_count: int
    finding_count: int
    errors: int
    warnings: int
    infos: int
    seconds: float
    juesuan_version: str
    catalogue_version: str
    created_at: Any

    def as_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        out["created_at"] = str(self.created_at)
        return out


_SUMMARY = [reports.c[name] for name in StoredReport.__dataclass_fields__]


@dataclass(frozen=True)
class StoredFinding:
    id: int
    report_id: int
    position: int
    rule: str
    severity: str
    message: str
    expected: Decimal | None
    actual: Decimal | None
    difference: Decimal | None
    tolerance: Decimal | None
    unit: str | None
    waived: str | None
    page: int | None
    line: int | None
    table_id: str | None
    row_label: str | None
    column_key: str | None
    locations: list[dict[str, Any]]

    def summary_row(self, path: str) -> FindingRow:
        """The finding as a row of a summary's 发现 sheet (``path``: the report's file)."""
        return FindingRow(
            report=self.report_id, file=path, rule=self.rule, severity=Severity(self.severity).label,
            message=self.message, page=self.page, line=self.line,
            table=f"公开{self.table_id}表" if self.table_id else None, row=self.row_label, column=self.column_key,
            expected=self.expected, actual=self.actual, difference=self.difference, unit=self.unit,
            tolerance=self.tolerance,
        )  # fmt: skip

    def as_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.__dataclass_fields__}
        for k in ("expected", "actual", "difference", "tolerance"):
            out[k] = None if out[k] is None else str(out[k])
        return out


_FINDING = [findings.c[name] for name in StoredFinding.__dataclass_fields__]


@dataclass(frozen=True)
class StoredCell:
    table_id: str
    row_index: int
    row_label: str
    row_code: str | None
    row_line: int | None
    row_side: str
    column_key: str
    value: Decimal | None
    na: bool
    text: str | None
    page: int | None
    line: int | None
    field: str | None


_CELL = [cells.c[name] for name in StoredCell.__dataclass_fields__]


class Store:
    """A connection to the store; use as a context manager or call :meth:`close`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.url = _shown(engine.url)

    @classmethod
    def open(cls, url: str | Path | URL | None = None, *, migrate: bool = True) -> Store:
        """Connect to ``url`` (a database URL or an SQLite file path; default ``juesuan-audit.sqlite``) and bring
        its schema up to date. StoreError (Chinese) when it cannot be opened."""
        parsed = store_url(url)
        shown = _shown(parsed)
        try:
            if parsed.get_backend_name() == "sqlite":
                if parsed.database and parsed.database != ":memory:":
                    parent = Path(parsed.database).resolve().parent
                    if not parent.is_dir():
                        raise StoreError(f"无法打开审核库 {shown}：目录 {parent} 不存在")
                engine = create_engine(parsed, connect_args={"timeout": 60})
                event.listen(engine, "connect", _sqlite_pragmas)
            else:
                engine = create_engine(parsed, pool_pre_ping=True)
        except (ArgumentError, NoSuchModuleError) as exc:
            raise StoreError(f"不支持的数据库地址：{shown}（可用 SQLite 文件或 postgresql+psycopg://）") from exc
        store = cls(engine)
        try:
            if migrate:
                store.migrate()
            else:
                with engine.connect():
                    pass
        except SQLAlchemyError as exc:
            engine.dispose()
            raise StoreError(f"无法打开审核库 {shown}：{_reason(exc)}") from exc
        return store

    def migrate(self) -> None:
        """Bring the schema to the newest revision (nothing to do when it is there already)."""
        from alembic import command
        from alembic.config import Config
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        head = ScriptDirectory.from_config(config).get_current_head()

        def current() -> str | None:
            with self.engine.connect() as connection:
                return MigrationContext.configure(
                    connection, opts={"version_table": VERSION_TABLE}
                ).get_current_revision()

        if current() == head:
            return
        try:
            with self.engine.begin() as connection:
                if self.engine.dialect.name == "sqlite":
                    connection.exec_driver_sql("BEGIN IMMEDIATE")  # one process migrates; the others wait
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except SQLAlchemyError:
            if current() != head:  # not another process that migrated it meanwhile
                raise

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _writing(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as connection:
                yield connection
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"写入审核库 {self.url} 失败：{_reason(exc)}") from exc

    # -- writing -----------------------------------------------------------------------------------------

    def save(self, outcome: Outcome | rows.Prepared) -> int:
        """Keep one outcome (all of it or nothing); its id. A report stored already for the same file content
        and versions is not written again: its id is returned. ``rows.prepare(outcome)`` made elsewhere (in a
        batch's worker process) saves the same."""
        prepared = outcome if isinstance(outcome, rows.Prepared) else rows.prepare(outcome)
        report = prepared.report
        key = (report["sha256"], Versions(report["juesuan_version"], report["catalogue_version"]))
        existing = self.find(*key)
        if existing is not None:
            return existing
        try:
            with self._writing() as connection:
                report_id = int(connection.execute(insert(reports).returning(reports.c.id), [report]).scalar_one())
                for table, data in ((tables, prepared.tables), (cells, prepared.cells), (findings, prepared.findings)):
                    if data:
                        connection.execute(insert(table), [{**row, "report_id": report_id} for row in data])
        except IntegrityError:  # another process stored the same report meanwhile
            existing = self.find(*key)
            if existing is None:
                raise
            return existing
        return report_id

    # -- reading -----------------------------------------------------------------------------------------

    def find(self, sha256: str, versions: Versions | None = None) -> int | None:
        """The id of the report stored for this file content and versions (the current ones by default)."""
        versions = versions or Versions()
        query = select(reports.c.id).where(
            reports.c.sha256 == sha256,
            reports.c.juesuan_version == versions.juesuan,
            reports.c.catalogue_version == versions.catalogue,
        )
        with self.engine.connect() as connection:
            return connection.execute(query).scalar()

    def has(self, sha256: str, versions: Versions | None = None) -> bool:
        return self.find(sha256, versions) is not None

    def stored(self, versions: Versions | None = None) -> set[str]:
        """The file hashes stored for these versions (what a batch skips)."""
        versions = versions or Versions()
        query = select(reports.c.sha256).where(
            reports.c.juesuan_version == versions.juesuan, reports.c.catalogue_version == versions.catalogue
        )
        with self.engine.connect() as connection:
            return set(connection.execute(query).scalars())

    def count(self) -> int:
        with self.engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(reports)).scalar_one())

    def reports(
        self,
        *,
        department: str | None = None,
        year: int | None = None,
        status: str | None = None,
        kind: str | None = None,
        limit: int | None = None,
        newest_first: bool = False,
    ) -> list[StoredReport]:
        """Stored reports, filtered (``department`` matches a part of the name), by id."""
        query = select(*_SUMMARY)
        if department:
            query = query.where(reports.c.department.contains(department, autoescape=True))
        if year is not None:
            query = query.where(reports.c.year == year)
        if status:
            query = query.where(reports.c.status == status)
        if kind:
            query = query.where(reports.c.kind == kind)
        query = query.order_by(reports.c.id.desc() if newest_first else reports.c.id)
        if limit:
            query = query.limit(limit)
        with self.engine.connect() as connection:
            return [StoredReport(*row) for row in connection.execute(query)]

    def report(self, report_id: int) -> StoredReport | None:
        with self.engine.connect() as connection:
            row = connection.execute(select(*_SUMMARY).where(reports.c.id == report_id)).first()
        return StoredReport(*row) if row is not None else None

    def outcome(self, report_id: int) -> Outcome | None:
        """The stored outcome, exactly as it was saved (case, check report, coverage)."""
        with self.engine.connect() as connection:
            record = connection.execute(select(reports.c.record).where(reports.c.id == report_id)).scalar()
        return rows.unpack(record) if record is not None else None

    def coverage(self, report_id: int) -> dict[str, Any] | None:
        """What the audit looked at (the outcome's coverage), without reading the whole record back."""
        with self.engine.connect() as connection:
            found = connection.execute(select(reports.c.coverage).where(reports.c.id == report_id)).scalar()
        return dict(found) if found is not None else None

    def findings(
        self,
        report_id: int | None = None,
        *,
        rule: str | None = None,
        severity: str | None = None,
        department: str | None = None,
        year: int | None = None,
        waived: bool = False,
    ) -> list[StoredFinding]:
        """Stored findings (not the waived ones unless asked), in report and report order."""
        query = select(*_FINDING).join(reports, reports.c.id == findings.c.report_id)
        if report_id is not None:
            query = query.where(findings.c.report_id == report_id)
        if rule:
            query = query.where(findings.c.rule == rule)
        if severity:
            query = query.where(findings.c.severity == severity)
        if department:
            query = query.where(reports.c.department.contains(department, autoescape=True))
        if year is not None:
            query = query.where(reports.c.year == year)
        if not waived:
            query = query.where(findings.c.waived.is_(None))
        query = query.order_by(findings.c.report_id, findings.c.position)
        with self.engine.connect() as connection:
            return [StoredFinding(*row) for row in connection.execute(query)]

    def cells(self, report_id: int, table_id: str | None = None) -> list[StoredCell]:
        query = select(*_CELL).where(cells.c.report_id == report_id)
        if table_id:
            query = query.where(cells.c.table_id == table_id)
        query = query.order_by(cells.c.table_id, cells.c.row_index, cells.c.id)
        with self.engine.connect() as connection:
            return [StoredCell(*row) for row in connection.execute(query)]

    def units(self) -> list[tuple[str, list[int]]]:
        """Each department with stored reports and the years stored for it."""
        query = (
            select(reports.c.department, reports.c.year)
            .where(reports.c.department.is_not(None), reports.c.department != "")
            .distinct()
            .order_by(reports.c.department, reports.c.year)
        )
        out: dict[str, list[int]] = {}
        with self.engine.connect() as connection:
            for department, year in connection.execute(query):
                out.setdefault(department, []).append(year)
        return list(out.items())


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the writer; a killed writer loses nothing
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=60000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _reason(exc: SQLAlchemyError) -> str:
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()[0] if str(original).strip() else type(original).__name__
    known = {
        "unable to open database file": "无法打开数据库文件",
        "database is locked": "数据库被其他进程锁定",
        "attempt to write a readonly database": "数据库文件只读",
        "file is not a database": "文件不是数据库",
        "disk I/O error": "磁盘读写错误",
        "Connection refused": "连接被拒绝（数据库服务器未运行？）",
        "password authentication failed": "密码验证失败",
        "does not exist": "不存在",
    }
    for english, chinese in known.items():
        if english in text:
            return f"{chinese}（{text}）"
    if isinstance(exc, OperationalError):
        return f"数据库操作失败（{text}）"
    return text


__all__ = ["DEFAULT_STORE", "Store", "StoreError", "StoredCell", "StoredFinding", "StoredReport", "store_url"]
