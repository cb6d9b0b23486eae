"""The store's tables (SQLAlchemy Core): reports, their tables, cells and findings.

``migrations/versions/`` creates exactly this schema (a test compares them on SQLite and PostgreSQL): a change
here is a new migration there. Amounts and figures are :class:`~juesuan.store.exact.Exact` (never a float);
counts are integers. A report is one file's content (sha256) audited by one juesuan version and one rule
catalogue version: that triple is unique, and a batch skips a file whose triple is stored.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from .exact import Exact

#: Constraint names fixed by convention, so that migrations and the models name them alike on every backend.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
#: Alembic's own table (the schema revision), named so as not to meet another application's in a shared database.
VERSION_TABLE = "juesuan_schema_version"

metadata = MetaData(naming_convention=NAMING)


def _report_id() -> Column[int]:
    return Column("report_id", Integer, ForeignKey("reports.id", ondelete="CASCADE"), nullable=False)


reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("sha256", String(64), nullable=False),
    Column("juesuan_version", String(40), nullable=False),
    Column("catalogue_version", String(40), nullable=False),
    Column("path", Text, nullable=False),  # the file as given to the audit
    Column("name", Text, nullable=False),  # its file name
    Column("size", BigInteger, nullable=False),
    Column("format", String(16), nullable=False),  # pdf, docx, xlsx, html, text ('' when not read)
    Column("status", String(16), nullable=False),  # audited | partial | not_audited | unusable | failed
    Column("exit_code", Integer, nullable=False),
    Column("reason", Text, nullable=False),  # why partial, not audited, unusable or failed ('' otherwise)
    Column("department", Text),  # the department or unit the report is of, as printed
    Column("year", Integer),
    Column("kind", String(32)),  # final_accounts | budget | other
    Column("kind_reason", Text),
    Column("profile", String(64)),
    Column("pages", Integer),  # the document's numbered pages (0: text, HTML)
    Column("tables_found", Integer, nullable=False),  # standard tables read (with rows)
    Column("tables_missing", Integer, nullable=False),
    Column("cell_count", Integer, nullable=False),  # rows of `cells` saved with the report
    Column("finding_count", Integer, nullable=False),  # rows of `findings` saved with the report (waived too)
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("infos", Integer, nullable=False),
    Column("seconds", Float, nullable=False),  # a timing, not an amount
    Column("coverage", JSON, nullable=False),  # the audit's coverage (pipeline.audit.AuditReport.coverage)
    Column("rule_runs", JSON, nullable=False),  # [{rule, status, reason, checks}] of the check report
    # the whole outcome (case with every cell's source, check report, coverage) as zlib-compressed JSON
    # (model.serial), read back exactly for comparisons and the web app
    Column("record", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("sha256", "juesuan_version", "catalogue_version"),
    Index(None, "department", "year"),
    Index(None, "year"),
    Index(None, "status"),
)

tables = Table(
    "tables",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _report_id(),
    Column("table_id", String(8), nullable=False),  # "01" … "10"
    Column("code", String(16), nullable=False),  # 公开01表
    Column("title", Text, nullable=False),  # as printed where read, else the layout's
    Column("money_unit", String(16), nullable=False),  # 万元 (台、辆、套 for 公开10表); '' for a missing table
    Column("found", Boolean, nullable=False),  # the document prints it (False: the layout has it, the file not)
    Column("pages", JSON, nullable=False),  # [7, 8]: pages its cells were read on ([] in a text file)
    Column("line", Integer),  # the title's line in a text file
    Column("rows", Integer, nullable=False),  # rows read
    Column("uncertain", Text, nullable=False),  # why its reading is uncertain ('' when certain)
    Column("withheld", Text, nullable=False),  # why it is withheld from the checks ('' when not)
    UniqueConstraint("report_id", "table_id"),
)

cells = Table(
    "cells",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _report_id(),
    Column("table_id", String(8), nullable=False),
    Column("row_index", Integer, nullable=False),  # 0-based position of the row in its table
    Column("row_label", Text, nullable=False),
    Column("row_code", String(32)),  # 科目编码
    Column("row_line", Integer),  # 行次
    Column("row_side", String(8), nullable=False),  # 收入 / 支出 in two-sided tables, '' elsewhere
    Column("row_key", String(64)),  # the profile's row key
    Column("row_kind", String(8), nullable=False),  # amount (元) | count
    Column("column_key", Text, nullable=False),
    Column("column_header", Text, nullable=False),
    Column("value", Exact),  # 元 for amounts, a whole number for counts; NULL when blank
    Column("na", Boolean, nullable=False),  # printed "---"
    Column("text", Text),  # as displayed (万元 with 2 decimals, a count, ---); NULL when blank
    Column("page", Integer),  # where it was read: page (PDF) …
    Column("line", Integer),  # … or line (text file, workbook row)
    Column("field", Text),  # the place within: x=331-423 (PDF), Sheet1!C7 (workbook), a dataset's field
    Column("x0", Integer),  # the PDF x extent, from ``field``
    Column("x1", Integer),
    # every SourceRef when they are not the one usual ref (this file, this cell's table, row label and column)
    Column("sources", JSON),
    UniqueConstraint("report_id", "table_id", "row_index", "column_key"),
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _report_id(),
    Column("position", Integer, nullable=False),  # order in the check report
    Column("rule", String(64), nullable=False),
    Column("severity", String(8), nullable=False),  # error | warning | info
    Column("message", Text, nullable=False),
    Column("expected", Exact),
    Column("actual", Exact),
    Column("difference", Exact),
    Column("tolerance", Exact),
    Column("unit", String(16)),  # of expected/actual/difference/tolerance: 元, 万元, %, '' for counts
    Column("waived", Text),  # the waiver's reason when waived (not counted), NULL otherwise
    # the first location, to filter and sort on; all of them in `locations`
    Column("page", Integer),
    Column("line", Integer),
    Column("table_id", String(8)),
    Column("row_label", Text),
    Column("row_code", String(32)),
    Column("column_key", Text),
    Column("locations", JSON, nullable=False),  # [Location.as_dict(), …]
    UniqueConstraint("report_id", "position"),
    Index(None, "rule"),
    Index(None, "severity"),
)

# -- the web app's tables (revision 0002) --------------------------------------------------------------------

audit_jobs = Table(
    "audit_jobs",
    metadata,
    Column("id", String(32), primary_key=True),  # a random token (the web page's and the API's audit id)
    Column("sha256", String(64), nullable=False),  # the uploaded file's content, kept under this name only
    Column("name", Text, nullable=False),  # the file name the user gave, for display (never a path on disk)
    Column("size", BigInteger, nullable=False),
    Column("format", String(16), nullable=False),  # by content: pdf, docx, xlsx, xls, doc, html, text
    Column("status", String(16), nullable=False),  # queued | done | failed (running: while a worker has it)
    Column("report_id", Integer, ForeignKey("reports.id", ondelete="SET NULL")),  # the stored audit, once done
    Column("reason", Text, nullable=False),  # why failed ('' otherwise)
    Column("username", String(64)),  # who uploaded it (with --auth)
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Index(None, "created_at"),
    Index(None, "sha256"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    # a finding of a file's content, whichever report (audit, re-audit by a newer version) found it
    Column("sha256", String(64), nullable=False),
    Column("rule", String(64), nullable=False),
    Column("finding_key", String(40), nullable=False),  # store.reviews.finding_keys: the rule and its places
    Column("verdict", String(16), nullable=False),  # confirmed | dismissed
    Column("note", Text, nullable=False),
    Column("username", String(64)),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("sha256", "rule", "finding_key"),
)

users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(64), nullable=False),
    Column("password_hash", Text, nullable=False),  # argon2id (argon2-cffi), never the password
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("username"),
)
