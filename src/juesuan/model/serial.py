"""Records to plain JSON data and back, exactly: for keeping a case (its tables, statements, reading,
evaluations) in the store and reading it back as it was.

Any frozen dataclass of the model converts by its type hints: ``Decimal`` as its exact text, enums by value,
tuples and lists as lists, dicts as objects (keys as text), ``X | None`` as the value or null. Nothing is
pickled: the data is readable JSON, and reading it back checks every field's type.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections import abc
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")


def to_data(value: Any) -> Any:
    """A record as JSON-ready data (see the module docstring)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_data(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, tuple | list):
        return [to_data(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_data(v) for k, v in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot convert {type(value).__name__} to data")


def from_data(kind: Any, data: Any) -> Any:
    """``data`` (from :func:`to_data`) read back as ``kind``; TypeError when it does not fit."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        return _union(typing.get_args(kind), data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], v) for v in _list(data))
        return tuple(from_data(a, v) for a, v in zip(args, _list(data), strict=True))
    if origin is list:
        return [from_data(typing.get_args(kind)[0], v) for v in _list(data)]
    if origin in (dict, abc.Mapping) or kind is dict:
        key, item = typing.get_args(kind) or (str, Any)
        return {from_data(key, k): from_data(item, v) for k, v in _dict(data, "a mapping").items()}
    if kind is Any or kind is object:
        return data
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        hints, given = _hints(kind), _dict(data, kind.__name__)
        return kind(
            **{f.name: from_data(hints[f.name], given[f.name]) for f in dataclasses.fields(kind) if f.name in given}
        )
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(data)
    if kind in _SCALARS:
        accepts, convert = _SCALARS[kind]
        if isinstance(data, bool) is not (kind is bool) or not isinstance(data, accepts):
            raise TypeError(f"expected {kind.__name__}, got {data!r}")
        return convert(data)
    raise TypeError(f"cannot read {kind!r}")


#: Scalar kinds: (the JSON types accepted, the conversion).
_SCALARS: dict[Any, tuple[type | tuple[type, ...], Any]] = {
    Decimal: (str, Decimal), bool: (bool, bool), int: (int, int), float: ((int, float), float), str: (str, str),
    type(None): (type(None), lambda _: None),
}  # fmt: skip


def _union(options: tuple[Any, ...], data: Any) -> Any:
    if data is None and type(None) in options:
        return None
    errors = []
    for option in (o for o in options if o is not type(None)):
        try:
            return from_data(option, data)
        except (TypeError, ValueError, KeyError) as exc:
            errors.append(str(exc))
    raise TypeError(f"{data!r} fits none of {options}: {'; '.join(errors)}")


def _dict(data: Any, what: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise TypeError(f"expected an object for {what}, got {data!r}")
    return data


def _list(data: Any) -> list[Any]:
    if not isinstance(data, list):
        raise TypeError(f"expected a list, got {data!r}")
    return data


@cache
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)


def dumps(value: Any) -> str:
    """A record as compact JSON text."""
    return json.dumps(to_data(value), ensure_ascii=False, separators=(",", ":"))


def loads(kind: type[T], text: str) -> T:
    """JSON text from :func:`dumps` read back as ``kind``."""
    return typing.cast(T, from_data(kind, json.loads(text)))
