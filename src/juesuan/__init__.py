"""juesuan (决算): build, check and audit China's department final-accounts disclosures.

The public API; the command line (``juesuan``) is a thin shell over these functions::

    import juesuan
    accounts = juesuan.load("dataset.yaml")
    build = juesuan.build_tables(accounts)
    juesuan.write_outputs(build.tables, "out/")
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .version import __version__ as __version__

#: Public name → the module that defines it, imported on first use (``import juesuan`` stays light, so that
#: ``juesuan --help`` answers at once).
_EXPORTS = {
    "Build": "derive.build", "build_tables": "derive.build", "Rounding": "derive.rounding",
    "InputError": "errors", "JuesuanError": "errors", "ProfileError": "errors",
    "Finding": "findings", "Location": "findings", "Severity": "findings", "load": "load.loader",
    "Accounts": "model.accounts", "Fact": "model.accounts", "Unit": "model.accounts",
    "Cell": "model.tables", "Column": "model.tables", "Row": "model.tables", "Table": "model.tables",
    "TableSet": "model.tables", "Case": "model.case", "write_outputs": "pipeline", "tables_to_json": "render",
}  # fmt: skip
del _EXPORTS["load"]  # a function named like the subpackage: defined below, so that the package cannot hide it
__all__ = [
    "Accounts", "Build", "Case", "Cell", "Column", "Fact", "Finding", "InputError", "JuesuanError", "Location",
    "ProfileError", "Rounding", "Row", "Severity", "Table", "TableSet", "Unit",
    "build_tables", "load", "tables_to_json", "write_outputs",
]  # fmt: skip


from . import load as _load_package  # noqa: E402, F401 - bound first, so that `load` below is the function


def load(path: Any) -> Any:
    """Read a dataset (YAML or JSON) into :class:`~juesuan.model.accounts.Accounts` (see
    :func:`juesuan.load.loader.load`)."""
    from .load.loader import load as load_dataset

    return load_dataset(path)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'juesuan' has no attribute {name!r}")


if TYPE_CHECKING:
    from .derive.build import Build, build_tables
    from .derive.rounding import Rounding
    from .errors import InputError, JuesuanError, ProfileError
    from .findings import Finding, Location, Severity
    from .model.accounts import Accounts, Fact, Unit
    from .model.case import Case
    from .model.tables import Cell, Column, Row, Table, TableSet
    from .pipeline import write_outputs
    from .render import tables_to_json
