"""Evaluations → the ``evaluations:`` input (the inverse of :mod:`juesuan.load.evaluations`).

:func:`evaluations_to_data` gives the plain data of docs/dataset.md (section 绩效评价): amounts in the
default ``amount_unit`` 万元 (the model holds 元; two decimals when they suffice, every digit otherwise, so
the loader reads back the same value), money figures in 万元, rates and percentages as numbers of percent,
enumerations by their Chinese names; None, empty and default fields are left out. Numbers stay ``Decimal``;
:func:`dump_evaluations` writes them as YAML numbers, which juesuan's YAML reader turns back into the
same ``Decimal`` (no float in between). Provenance (``path``, ``refs``) is not written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

import yaml

from ..model.evaluations import BANDS, DIRECTIONS, KINDS, Evaluation, Figure, Indicator, Target
from ..model.money import YUAN_PER_WAN

_CENT = Decimal("0.01")
#: amount_basis → the Chinese name the schema accepts (BASIS_ALIASES).
_BASIS = {"expenditure": "本年支出合计", "available": "收入总计"}
_MONEY = {"元": Decimal(1), "万元": Decimal(YUAN_PER_WAN)}


def _wan(yuan: Decimal) -> Decimal:
    """元 → 万元, exact: two decimals when the value has at most two, every digit otherwise."""
    wan = yuan.scaleb(-4)
    return wan.quantize(_CENT) if wan == wan.quantize(_CENT) else wan.normalize()


def _put(out: dict[str, Any], key: str, value: Any, default: Any = None) -> None:
    if value is None or value == default or (isinstance(value, str | list | dict | tuple) and not value):
        return
    out[key] = value


def _params(value: object) -> object:
    if isinstance(value, Mapping):
        return {str(k): _params(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_params(v) for v in value]
    return value


def _target(target: Target) -> dict[str, Any]:
    out: dict[str, Any] = {"direction": DIRECTIONS[target.direction]}
    _put(out, "value", target.value)
    _put(out, "unit", target.unit)
    _put(out, "text", target.text)
    return out


def _indicator(ind: Indicator) -> dict[str, Any]:
    out: dict[str, Any] = {"name": ind.name}
    _put(out, "key", ind.key)
    _put(out, "weight", ind.weight)
    if ind.target is not None:
        out["target"] = _target(ind.target)
    _put(out, "actual", ind.actual)
    _put(out, "actual_text", ind.actual_text)
    _put(out, "band", None if ind.band is None else BANDS[ind.band][0])
    _put(out, "method", ind.method)
    _put(out, "params", _params(dict(ind.params)))
    _put(out, "score", ind.score)
    _put(out, "rate", ind.rate)
    _put(out, "explanation", ind.explanation)
    _put(out, "executed", None if ind.executed is None else _wan(ind.executed))
    _put(out, "budget", None if ind.budget is None else _wan(ind.budget))
    _put(out, "children", [_indicator(c) for c in ind.children])
    return out


def _figure(fig: Figure) -> dict[str, Any]:
    value, unit = (_wan(fig.value * _MONEY[fig.unit]), "万元") if fig.unit in _MONEY else (fig.value, fig.unit)
    out: dict[str, Any] = {"key": fig.key, "value": value}
    _put(out, "unit", unit)
    _put(out, "label", fig.label)
    _put(out, "where", fig.where)
    return out


def evaluation_to_data(ev: Evaluation) -> dict[str, Any]:
    """One evaluation as the schema's input (``EvaluationInput``), amounts in 万元."""
    out: dict[str, Any] = {"id": ev.id, "kind": KINDS[ev.kind], "subject": ev.subject}
    _put(out, "title", ev.title)
    _put(out, "amount", None if ev.amount is None else _wan(ev.amount))
    _put(out, "amount_basis", _BASIS[ev.amount_basis], _BASIS["expenditure"])
    _put(out, "share", ev.share)
    if ev.total_weight != 100:
        out["total_weight"] = ev.total_weight
    _put(out, "score", ev.score)
    _put(out, "rate", ev.rate)
    _put(out, "grade", ev.grade)
    _put(out, "grades", ev.grades, "default")
    _put(out, "grade_bands", [{"grade": g, "min": m} for g, m in ev.grade_bands])
    _put(out, "figures", [_figure(f) for f in ev.figures])
    _put(out, "indicators", [_indicator(i) for i in ev.indicators])
    return out


def evaluations_to_data(evaluations: Sequence[Evaluation]) -> list[dict[str, Any]]:
    """The ``evaluations:`` list for ``evaluations`` (read back equal by
    :func:`juesuan.load.evaluations.read_evaluations`, provenance aside)."""
    return [evaluation_to_data(e) for e in evaluations]


class _Dumper(yaml.SafeDumper):
    pass


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "tag:yaml.org,2002:int" if "." not in text else "tag:yaml.org,2002:float"
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(Decimal, _represent_decimal)


def dump_evaluations(evaluations: Sequence[Evaluation]) -> str:
    """``evaluations:`` as YAML text (a top-level key; empty text when there is none)."""
    if not evaluations:
        return ""
    data = {"evaluations": evaluations_to_data(evaluations)}
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**9)
