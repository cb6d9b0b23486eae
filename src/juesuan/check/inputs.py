"""Inputs beyond the tables that some rules read: the performance evaluations, the figures stated in a
report's narrative, ...

A rule lists what it reads under ``needs`` in the catalogue. :func:`juesuan.check.checker.check` receives
the inputs it has as ``inputs={name: object}``; a rule whose input is missing is "not run" with the reason
below, never passed. Rule examples give an input under its name next to ``tables``; ``EXAMPLE_READERS``
turns that raw example data into the object the rule reads (registered explicitly, like the checks).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..derive.query import INPUTS
from ..model.tables import TableSet
from ..yamlsrc import LineDict

#: Input name → reader of a rule example's raw data for it: ``reader(raw, where) -> object``.
EXAMPLE_READERS: dict[str, Callable[[Any, str], object]] = {}


def split_example(example: Mapping[str, Any], where: str) -> tuple[LineDict, dict[str, object]]:
    """Split a rule example into its table-mode part and its other inputs (read by ``EXAMPLE_READERS``)."""
    tables = LineDict((k, v) for k, v in example.items() if k not in INPUTS)
    tables.line = getattr(example, "line", 0)
    tables.lines = {k: n for k, n in getattr(example, "lines", {}).items() if k not in INPUTS}
    inputs = {}
    for name in INPUTS:
        if name in example:
            reader = EXAMPLE_READERS.get(name)
            if reader is None:
                raise ValueError(f"{where}: no example reader registered for input {name!r}")
            inputs[name] = reader(example[name], f"{where}.{name}")
    return tables, inputs


def empty_tables() -> TableSet:
    return TableSet(profile="", department="", year=0, tables=())
