"""The first schema: reports, tables, cells, findings

Revision ID: 0001
Revises: (none)
Create Date: 2026-12-04 22:33:54.523867
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import juesuan.store.exact

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "reports",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("juesuan_version", sa.String(length=40), nullable=False),
        sa.Column("catalogue_version", sa.String(length=40), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("format", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("exit_code", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("department", sa.Text(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("kind_reason", sa.Text(), nullable=True),
        sa.Column("profile", sa.String(length=64), nullable=True),
        sa.Column("pages", sa.Integer(), nullable=True),
        sa.Column("tables_found", sa.Integer(), nullable=False),
        sa.Column("tables_missing", sa.Integer(), nullable=False),
        sa.Column("cell_count", sa.Integer(), nullable=False),
        sa.Column("finding_count", sa.Integer(), nullable=False),
        sa.Column("errors", sa.Integer(), nullable=False),
        sa.Column("warnings", sa.Integer(), nullable=False),
        sa.Column("infos", sa.Integer(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("coverage", sa.JSON(), nullable=False),
        sa.Column("rule_runs", sa.JSON(), nullable=False),
        sa.Column("record", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reports")),
        sa.UniqueConstraint(
            "sha256",
            "juesuan_version",
            "catalogue_version",
            name=op.f("uq_reports_sha256_juesuan_version_catalogue_version"),
        ),
    )
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reports_department_year"), ["department", "year"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_status"), ["status"], unique=False)
        batch_op.create_index(batch_op.f("ix_reports_year"), ["year"], unique=False)

    op.create_table(
        "cells",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.String(length=8), nullable=False),
        sa.Column("row_index", sa.Integer(), nullable=False),
        sa.Column("row_label", sa.Text(), nullable=False),
        sa.Column("row_code", sa.String(length=32), nullable=True),
        sa.Column("row_line", sa.Integer(), nullable=True),
        sa.Column("row_side", sa.String(length=8), nullable=False),
        sa.Column("row_key", sa.String(length=64), nullable=True),
        sa.Column("row_kind", sa.String(length=8), nullable=False),
        sa.Column("column_key", sa.Text(), nullable=False),
        sa.Column("column_header", sa.Text(), nullable=False),
        sa.Column("value", juesuan.store.exact.Exact(), nullable=True),
        sa.Column("na", sa.Boolean(), nullable=False),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("field", sa.Text(), nullable=True),
        sa.Column("x0", sa.Integer(), nullable=True),
        sa.Column("x1", sa.Integer(), nullable=True),
        sa.Column("sources", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_cells_report_id_reports"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cells")),
        sa.UniqueConstraint(
            "report_id",
            "table_id",
            "row_index",
            "column_key",
            name=op.f("uq_cells_report_id_table_id_row_index_column_key"),
        ),
    )
    op.create_table(
        "findings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("severity", sa.String(length=8), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("expected", juesuan.store.exact.Exact(), nullable=True),
        sa.Column("actual", juesuan.store.exact.Exact(), nullable=True),
        sa.Column("difference", juesuan.store.exact.Exact(), nullable=True),
        sa.Column("tolerance", juesuan.store.exact.Exact(), nullable=True),
        sa.Column("unit", sa.String(length=16), nullable=True),
        sa.Column("waived", sa.Text(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("table_id", sa.String(length=8), nullable=True),
        sa.Column("row_label", sa.Text(), nullable=True),
        sa.Column("row_code", sa.String(length=32), nullable=True),
        sa.Column("column_key", sa.Text(), nullable=True),
        sa.Column("locations", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_findings_report_id_reports"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_findings")),
        sa.UniqueConstraint("report_id", "position", name=op.f("uq_findings_report_id_position")),
    )
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_findings_rule"), ["rule"], unique=False)
        batch_op.create_index(batch_op.f("ix_findings_severity"), ["severity"], unique=False)

    op.create_table(
        "tables",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("table_id", sa.String(length=8), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("money_unit", sa.String(length=16), nullable=False),
        sa.Column("found", sa.Boolean(), nullable=False),
        sa.Column("pages", sa.JSON(), nullable=False),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("uncertain", sa.Text(), nullable=False),
        sa.Column("withheld", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["report_id"], ["reports.id"], name=op.f("fk_tables_report_id_reports"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tables")),
        sa.UniqueConstraint("report_id", "table_id", name=op.f("uq_tables_report_id_table_id")),
    )


def downgrade() -> None:

    op.drop_table("tables")
    with op.batch_alter_table("findings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_findings_severity"))
        batch_op.drop_index(batch_op.f("ix_findings_rule"))

    op.drop_table("findings")
    op.drop_table("cells")
    with op.batch_alter_table("reports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reports_year"))
        batch_op.drop_index(batch_op.f("ix_reports_status"))
        batch_op.drop_index(batch_op.f("ix_reports_department_year"))

    op.drop_table("reports")
