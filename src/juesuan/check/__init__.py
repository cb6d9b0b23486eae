"""``juesuan check``: the rule catalogue run over any set of 公开表 (built, typed in or extracted).

from juesuan.check import check, load_tables
report = check(load_tables("published.yaml"))
"""

from ..load.tables import load_tables, read_tables_data
from .checker import Report, RuleRun, check
from .config import Config, ConfigError, load_config

__all__ = [
    "Config",
    "ConfigError",
    "Report",
    "RuleRun",
    "check",
    "load_config",
    "load_tables",
    "read_tables_data",
]
