"""A real PostgreSQL server for the tests, from Debian's packages (``scripts/setup-system.sh`` installs them).

:func:`server` starts one in a temporary directory for the test session (as the ``postgres`` user when the
suite runs as root, since the server refuses to run as root), listening only on a Unix socket in that
directory, and gives its SQLAlchemy URL. Where the server is not installed the tests that need it are
skipped with the reason; under CI (``CI`` set) that is a failure instead, since CI installs it.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", "postgres", "--", *command]


@contextmanager
def server() -> Iterator[str]:
    bin_dir = binaries()
    if bin_dir is None:
        reason = "PostgreSQL 服务器未安装（scripts/setup-system.sh 安装 Debian 的 postgresql 包）"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    root = Path(tempfile.mkdtemp(prefix="juesuan-pg-"))
    data, socket = root / "data", root
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    log = root / "server.log"
    subprocess.run(
        _as_owner([str(bin_dir / "initdb"), "-D", str(data), "-U", "juesuan", "-A", "trust", "-E", "UTF8",
                   "--locale=C.UTF-8", "--no-sync"]),
        check=True, capture_output=True,
    )  # fmt: skip
    options = f"-k {socket} -c listen_addresses='' -c fsync=off -c full_page_writes=off -p 5439"
    subprocess.run(
        _as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]),
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        yield f"postgresql+psycopg://juesuan@/postgres?host={socket}&port=5439"
    finally:
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       capture_output=True, check=False)  # fmt: skip
        shutil.rmtree(root, ignore_errors=True)
