"""Shared, session-cached ingests of the seed text and the two corpus PDFs (parsed once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest
from ingest_support import CENTRAL, SEED, XIAN

import once
from juesuan.ingest import Ingested, ingest


def _need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not available")


@pytest.fixture(scope="session")
def seed() -> Ingested:
    _need(SEED)
    return ingest(SEED)


@pytest.fixture(scope="session")
def central() -> Ingested:
    return once.audited(CENTRAL).ingested  # the same reading the audit tests pin


@pytest.fixture(scope="session")
def xian() -> Ingested:
    return once.audited(XIAN).ingested
