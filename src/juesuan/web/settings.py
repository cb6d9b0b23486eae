"""How the web app runs: the store, the data folder, the upload limit, login, the workers and their limits."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from ..batch import Limits

DEFAULT_DATA = "juesuan-web"
DEFAULT_MAX_UPLOAD = 50 * (1 << 20)  # bytes
#: Files one form upload (the page's drag and drop, without script) may carry.
MAX_FILES = 20


def default_jobs() -> int:
    return max(1, min(2, os.cpu_count() or 1))


@dataclass(frozen=True)
class Settings:
    store: str | None = None  # a database URL or an SQLite file (default juesuan-audit.sqlite)
    data: Path = Path(DEFAULT_DATA)  # uploads (by hash), builds, the signing key
    max_upload: int = DEFAULT_MAX_UPLOAD
    auth: bool = False  # sign-in required (users in the store: juesuan users add)
    jobs: int = field(default_factory=default_jobs)  # worker processes for audits and builds
    limits: Limits = field(default_factory=Limits)
