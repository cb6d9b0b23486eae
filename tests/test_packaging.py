"""Every data file the package reads at run time is declared as package data, so an installed juesuan
(not only a checkout run from src/) has its profiles, rules, templates and code tables."""

from __future__ import annotations

import fnmatch
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "juesuan"


def test_every_data_file_is_package_data() -> None:
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["juesuan"]
    data = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data, "no data files found"
    missing = [f for f in data if not any(fnmatch.fnmatch(f, pattern) for pattern in patterns)]
    assert missing == []


@pytest.mark.parametrize(
    "module",
    ["juesuan", "juesuan.commands.app", "juesuan.pipeline", "juesuan.audit", "juesuan.ingest", "juesuan.check",
     "juesuan.perf.scoring", "juesuan.document.evaluations", "juesuan.document.compose", "juesuan.check.checks_perf",
     "juesuan.derive.build", "juesuan.derive.query", "juesuan.load.tables", "juesuan.model.case"],
)  # fmt: skip
def test_each_entry_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    """No import cycle bites whichever module a user (or a test) imports first."""
    result = subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
