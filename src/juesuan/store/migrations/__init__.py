"""Alembic migrations of the store's schema (run by :meth:`juesuan.store.Store.open`)."""
