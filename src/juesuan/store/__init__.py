"""The store of audited reports (SQLite by default, PostgreSQL by URL): see :mod:`juesuan.store.store`."""

from .store import DEFAULT_STORE, Store, StoredCell, StoredFinding, StoredReport, StoreError, store_url

__all__ = ["DEFAULT_STORE", "Store", "StoreError", "StoredCell", "StoredFinding", "StoredReport", "store_url"]
