"""Read YAML (and JSON, a subset of YAML) into plain Python values that remember their line numbers.

Numbers with a fractional part become ``Decimal`` built from the text as written: no float ever
exists between the file and the model.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode


class LineDict(dict[Any, Any]):
    """A mapping read from YAML; ``line`` is where it starts, ``lines[key]`` where each key is."""

    line: int
    lines: dict[Any, int]


class LineList(list[Any]):
    """A sequence read from YAML; ``line`` is where it starts, ``lines[i]`` where item i is."""

    line: int
    lines: list[int]


class DuplicateKeyError(yaml.MarkedYAMLError):
    pass


class _Loader(yaml.SafeLoader):
    pass


def _construct_mapping(loader: _Loader, node: MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise DuplicateKeyError("在映射中", node.start_mark, f"键「{key}」重复出现", key_node.start_mark)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _Loader, node: SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


def _construct_decimal(loader: _Loader, node: ScalarNode) -> Decimal | str:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf, .nan and friends: keep the text, validation rejects it
        return text


#: libyaml's parser (about 5× faster) when PyYAML was built with it; same constructors, same line marks.
_FastLoader: type[Any] | None = type("_FastLoader", (yaml.CSafeLoader,), {}) if yaml.__with_libyaml__ else None

for _loader in (_Loader, _FastLoader):
    if _loader is not None:
        _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
        _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
        _loader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def parse(text: str) -> Any:
    """Parse YAML or JSON text. Raises ``yaml.YAMLError`` (with a line mark) when malformed."""
    if _FastLoader is not None:
        try:
            return yaml.load(text, Loader=_FastLoader)
        except (yaml.YAMLError, RecursionError):
            pass  # parse again with the pure-Python parser, whose errors and marks the loader explains
    return yaml.load(text, Loader=_Loader)


def line_of(root: Any, loc: tuple[int | str, ...]) -> int | None:
    """The line of the deepest node along ``loc`` that we know a line for."""
    node, line = root, getattr(root, "line", None)
    for part in loc:
        if isinstance(node, LineDict) and part in node:
            line = node.lines.get(part, line)
            node = node[part]
        elif isinstance(node, LineList) and isinstance(part, int) and 0 <= part < len(node):
            line = node.lines[part]
            node = node[part]
        else:
            break
    return line
