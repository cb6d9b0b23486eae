"""The web tests: one app (two workers, a 2 MB upload limit) for the module, over a temporary store."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent))
from web_support import running

LIMIT = 2 * (1 << 20)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    with running(tmp_path_factory.mktemp("web"), max_upload=LIMIT) as c:
        yield c
