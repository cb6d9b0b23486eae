"""What the web app's tests share: the seed report made distinct per upload, waiting for an audit, a running
app over a temporary store and data folder."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from juesuan.web.app import create_app
from juesuan.web.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "jdz-nanchang-2023" / "published-report.txt"
DATASET = ROOT / "examples" / "jdz-nanchang-2023" / "dataset.yaml"
CORPUS = ROOT.parent / "shared" / "corpus"
BUREAU = CORPUS / "national-public-complaints-bureau-2024-final-accounts.pdf"
SMALL_PDF = ROOT / "tests" / "ingest" / "zoo" / "unruled" / "jdz.pdf"
#: The seed's 其他收入 (公开01表 行 8), changed per upload so that each file makes its own finding.
OTHER_INCOME = "八、其他收入\t8\t0.00"


def seed_variant(i: int) -> bytes:
    """The seed report with 其他收入 = (i + 3) / 100 万元: its 本年收入合计 is then off by that much, which
    ``t01-income-composition`` finds with the difference −(i + 3) / 100 万元 — a result only this file gives."""
    text = SEED.read_text(encoding="utf-8")
    assert text.count(OTHER_INCOME) == 1
    return text.replace(OTHER_INCOME, f"八、其他收入\t8\t{(i + 3) / 100:.2f}").encode("utf-8")


def wait(client: TestClient, job_id: str, timeout: float = 120.0) -> dict[str, Any]:
    """The audit's JSON once it is no longer queued or running."""
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get(f"/api/audits/{job_id}")
        assert answer.status_code == 200, answer.text
        data: dict[str, Any] = answer.json()
        if data["status"] not in ("queued", "running"):
            return data
        assert time.monotonic() < deadline, f"audit {job_id} still {data['status']} after {timeout} s"
        time.sleep(0.1)


@contextmanager
def running(tmp: Path, **settings: Any) -> Iterator[TestClient]:
    """The app over a store and data folder in ``tmp`` (two workers unless told), started and stopped."""
    options: dict[str, Any] = {"store": str(tmp / "审核.sqlite"), "data": tmp / "data", "jobs": 2, **settings}
    with TestClient(create_app(Settings(**options))) as client:
        yield client


def csrf(client: TestClient) -> str:
    """A CSRF token in the client's cookie (a fresh one, got from a page)."""
    client.cookies.clear()
    client.get("/")
    token = client.cookies.get("juesuan_csrf")
    assert token
    return token
