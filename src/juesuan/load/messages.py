"""Pydantic validation errors → located Chinese messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from ..errors import InputError
from ..model.source import SourceRef
from ..yamlsrc import line_of

Loc = tuple[int | str, ...]

_TEMPLATES = {
    "missing": "缺少必填字段",
    "extra_forbidden": "不认识的字段（请检查拼写，或参阅 docs/dataset.md）",
    "non_negative": "不能为负数，实际为「{input}」",
    "greater_than_equal": "超出范围：不能小于 {ge}，实际为「{input}」",
    "greater_than": "必须大于 {gt}，实际为「{input}」",
    "less_than_equal": "超出范围：不能大于 {le}，实际为「{input}」",
    "int_parsing": "应为整数，实际为「{input}」",
    "int_type": "应为整数，实际为「{input}」",
    "int_from_float": "应为整数，实际为「{input}」",
    "decimal_parsing": "应为数字，实际为「{input}」",
    "decimal_type": "应为数字，实际为「{input}」",
    "finite_number": "应为有限的数字，实际为「{input}」",
    "string_type": "应为文字，实际为「{input}」",
    "string_too_short": "不能为空",
    "too_short": "至少需要 {min_length} 项",
    "list_type": "应为列表（- 开头的多项），实际为「{input}」",
    "dict_type": "应为映射（键: 值），实际为「{input}」",
    "model_type": "应为映射（键: 值），实际为「{input}」",
    "model_attributes_type": "应为映射（键: 值），实际为「{input}」",
    "literal_error": "取值应为 {expected}，实际为「{input}」",
    "bool_type": "应为 true 或 false，实际为「{input}」",
}


def field_path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def describe(error: Any) -> str:
    kind = error["type"]
    if kind == "greater_than_equal" and (error.get("ctx") or {}).get("ge") == 0:
        kind = "non_negative"  # the bound of amounts and counts: not "smaller than 0" but "negative"
    if kind == "value_error":
        return str(error["ctx"]["error"])
    template = _TEMPLATES.get(kind)
    if template is None:
        return f"取值不符合要求（{error['msg']}）"
    ctx = {k: _short(v) for k, v in (error.get("ctx") or {}).items()}
    return template.format(input=_short(error.get("input")), **ctx)


def located(path: str, root: Any, exc: ValidationError) -> list[str]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        # dict-key errors come back with "[key]" as the last part; keep the path readable
        line = line_of(root, loc)
        where = f"{path}:{line}" if line else path
        problems.append(f"{where}: 字段 {field_path(loc) or '（根）'}：{describe(error)}")
    return problems


class Places(Protocol):
    """Where the values of a parsed input were read: the line of a YAML file, the cell of a workbook. The
    loader says every problem through it, so that it names the place the user can find."""

    path: str

    def where(self, loc: Loc) -> str:
        """The file and place (``data.yaml:12``, ``填报.xlsx: 支出!D5``)."""
        ...

    def at(self, loc: Loc) -> str:
        """The place and what is there (``data.yaml:12: 字段 units[0].name``, ``填报.xlsx: 支出!D5（金额）``)."""
        ...

    def ref(self, loc: Loc) -> SourceRef: ...

    def errors(self, exc: ValidationError) -> list[str]:
        """The schema's errors, each at its place."""
        ...


class YamlPlaces:
    """Places in a parsed YAML/JSON file (by line)."""

    def __init__(self, path: str, root: Any) -> None:
        self.path, self.root = path, root

    def where(self, loc: Loc) -> str:
        line = line_of(self.root, loc)
        return f"{self.path}:{line}" if line else self.path

    def at(self, loc: Loc) -> str:
        return f"{self.where(loc)}: 字段 {field_path(loc) or '（根）'}"

    def ref(self, loc: Loc) -> SourceRef:
        return SourceRef(self.path, line_of(self.root, loc), field_path(loc))

    def errors(self, exc: ValidationError) -> list[str]:
        return located(self.path, self.root, exc)


#: The largest input file read (a dataset or a workbook).
MAX_BYTES = 64 * 1024 * 1024


def check_input_file(path: Path) -> str:
    """``path`` as shown in messages; raises InputError (Chinese) for a missing file, a directory or a file
    over :data:`MAX_BYTES`."""
    shown = str(path)
    if not path.exists():
        raise InputError(shown, [f"{shown}: 文件不存在"])
    if path.is_dir():
        raise InputError(shown, [f"{shown}: 这是一个目录，不是数据文件"])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise InputError(shown, [f"{shown}: 文件过大（{size} 字节，上限 {MAX_BYTES} 字节）"])
    return shown
