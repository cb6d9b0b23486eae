"""juesuan (决算): build, check and audit China's department final-accounts disclosures.

The public API; the command line (``juesuan``) is a thin shell over these functions::

    import juesuan
    accounts = juesuan.load("dataset.yaml")
    build = juesuan.build_tables(accounts)
    juesuan.write_outputs(build.tables, "out/")
"""

from .derive.build import Build, build_tables
from .derive.rounding import Rounding
from .errors import InputError, JuesuanError, ProfileError
from .findings import Finding, Location, Severity
from .load.loader import load
from .model.accounts import Accounts, Fact, Unit
from .model.tables import Cell, Column, Row, Table, TableSet
from .render import tables_to_json, write_outputs

__all__ = [
    "Accounts", "Build", "Cell", "Column", "Fact", "Finding", "InputError", "JuesuanError", "Location",
    "ProfileError", "Rounding", "Row", "Severity", "Table", "TableSet", "Unit",
    "build_tables", "load", "tables_to_json", "write_outputs",
]  # fmt: skip
__version__ = "0.1.0"
