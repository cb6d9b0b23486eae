"""Alembic's environment for the store: runs on the connection that :meth:`juesuan.store.Store.open` passes
(``config.attributes["connection"]``); offline SQL generation is not supported."""

from __future__ import annotations

from alembic import context

from juesuan.store.schema import VERSION_TABLE, metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reached from the alembic command line without a connection
    raise SystemExit("juesuan's migrations run through juesuan.store.Store.open(url)")
context.configure(
    connection=connection,
    target_metadata=metadata,
    version_table=VERSION_TABLE,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
