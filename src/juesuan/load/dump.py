"""A dataset (the validated schema) → dataset.yaml text: what ``juesuan convert 填报.xlsx -o dataset.yaml`` writes.

Defaults are left out (the loader restores them), except the keys every dataset states (format, profile, year,
amount_unit, department); enumerated values are written by their Chinese names; amounts as plain numbers,
exactly (a ``Decimal`` is written as its digits, never through a float).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import yaml

from ..model import vocab
from . import workbook_layout as wl
from .schema import Dataset


class _Dumper(yaml.SafeDumper):
    pass


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    if value == value.to_integral_value() and value.as_tuple().exponent >= 0:  # type: ignore[operator]
        return dumper.represent_scalar("tag:yaml.org,2002:int", format(value, "f"))
    text = format(value, "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float", text if "." in text else f"{text}.0")


_Dumper.add_representer(Decimal, _decimal)

_HEAD = ("format", "profile", "year", "amount_unit", "department")


def _named(line: dict[str, Any], key: str, names: dict[str, str]) -> None:
    if key in line and line[key] in names:
        line[key] = names[line[key]]


def dataset_data(dataset: Dataset) -> dict[str, Any]:
    """The dataset as plain data for YAML: defaults dropped, vocabulary in Chinese."""
    data = dataset.model_dump(exclude_defaults=True)
    full = dataset.model_dump()
    out = {key: full[key] for key in _HEAD}
    out |= {key: value for key, value in data.items() if key not in _HEAD}
    out["units"] = data["units"] = [u for u in data.get("units", [])]
    for given, unit in zip(dataset.units, out["units"], strict=True):
        unit["name"] = given.name
        _named(unit, "kind", vocab.UNIT_KINDS)
        for line in unit.get("income", []):
            _named(line, "source", vocab.SOURCES)
        for line in unit.get("expenditure", []):
            _named(line, "nature", vocab.NATURES)
            _named(line, "fund", vocab.FUNDS)
        for key in ("opening_balance", "closing_balance"):
            for line in unit.get(key) or []:
                _named(line, "fund", vocab.FUNDS)
        if given.assets is not None and "assets" not in unit:
            unit["assets"] = {}  # present with every count 0: table 10 prints 0, not blank
        if given.three_public is not None and "three_public" not in unit:
            unit["three_public"] = {}
        if given.closing_balance is not None and "closing_balance" not in unit:
            unit["closing_balance"] = []
    for evaluation in out.get("evaluations", []):
        _named(evaluation, "kind", wl.VOCABS["evaluation_kind"])
    return out


def dataset_yaml(dataset: Dataset) -> str:
    """dataset.yaml text of ``dataset`` (reads back as the same dataset)."""
    head = "# juesuan 数据集（由 juesuan convert 生成；格式见 docs/dataset.md）\n"
    body = yaml.dump(dataset_data(dataset), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    return head + body
