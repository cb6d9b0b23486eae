"""The canonical model: money, provenance, classification codes, accounts and tables (no I/O)."""
