"""Where ``juesuan score -o`` found its writers: they are now :mod:`juesuan.document.evaluation_tables`, the
report's own writers (the tables of ``score -o`` and of the report's 附件 cannot differ).

Kept so that ``perf/cli.py`` still imports :func:`write_tables` from here until the command moves to the command
layer; import from :mod:`juesuan.document.evaluation_tables` instead. (This re-export is the one import from
``perf`` up to ``document``: remove the module with the move.)
"""

from __future__ import annotations

from ..document.evaluation_tables import write_tables, write_xlsx

__all__ = ["write_tables", "write_xlsx"]
