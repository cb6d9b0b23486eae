"""``juesuan template`` and ``juesuan convert``: the fill-in workbook (docs/workbook.md) and dataset.yaml, both ways.

* ``write_template(out, profile=, year=)``: a blank 填报.xlsx;
* ``convert(source, out)``: dataset.yaml/.json → 填报.xlsx (the template filled with the dataset's values),
  填报.xlsx → dataset.yaml, and the 决算软件's export (财决NN表) → a draft dataset.yaml (what could not be mapped
  is said as ``import-unmapped`` findings).

The input is validated with the dataset schema (the same messages, with file and line or sheet!cell, as
``juesuan check``); on any problem nothing is written. The output is written whole or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError, JuesuanError, OptionError, OutputError, ProfileError
from ..findings import Finding, Location, Severity
from ..load import exporter
from ..load.dump import dataset_yaml
from ..load.loader import parse_file
from ..load.messages import Places, YamlPlaces
from ..load.schema import FIRST_YEAR, LAST_YEAR, Dataset
from ..load.workbook import EXPORT, TEMPLATE, is_workbook, read_workbook, workbook_kind
from ..load.workbook_template import workbook_bytes
from ..profiles import loader as profiles
from .build import os_reason
from .cases import input_findings

UNMAPPED_RULE = "import-unmapped"
YAML_SUFFIXES = {".yaml", ".yml", ".json"}
WRITTEN, UNUSABLE = "written", "unusable"


@dataclass(frozen=True)
class ConvertResult:
    """What was written (or why nothing was), and what the user should know (``notes``: warnings)."""

    status: str
    written: Path | None = None
    problems: tuple[Finding, ...] = ()  # input-unusable / input-option / output-unwritable
    notes: tuple[Finding, ...] = ()  # import-unmapped

    @property
    def exit_code(self) -> int:
        return 0 if self.status == WRITTEN else 2


def _write(out: Path, data: bytes) -> Path:
    """Write ``data`` to ``out`` whole (a temporary file beside it, then renamed). Raises OutputError."""
    temporary = out.with_name(f".{out.name}.juesuan-tmp")
    try:
        if out.is_dir():
            raise IsADirectoryError(21, "Is a directory", str(out))
        temporary.write_bytes(data)
        temporary.replace(out)
    except OSError as exc:
        if temporary.parent.is_dir():
            temporary.unlink(missing_ok=True)
        raise OutputError(str(out), [f"{out}: 无法写入文件：{os_reason(exc)}"]) from exc
    return out


def _failed(exc: JuesuanError, path: Path) -> ConvertResult:
    return ConvertResult(UNUSABLE, problems=input_findings(exc, path))


def write_template(out: str | Path, *, profile: str = "jiangxi-2023", year: int | None = None) -> ConvertResult:
    """A blank fill-in workbook for ``profile`` (and ``year``, written into 单位信息)."""
    out = Path(out)
    try:
        if out.suffix.lower() != ".xlsx":
            raise OptionError(str(out), [f"{out}: 选项 -o：模板须为 .xlsx 文件"])
        try:
            profiles.get(profile)
        except ProfileError as exc:
            raise OptionError(str(out), [f"{out}: 选项 --profile：{exc}"]) from exc
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise OptionError(
                str(out), [f"{out}: 选项 --year：年度 {year} 超出范围（应在 {FIRST_YEAR}–{LAST_YEAR} 之间）"]
            )
        return ConvertResult(WRITTEN, _write(out, workbook_bytes(None, profile=profile, year=year)))
    except JuesuanError as exc:
        return _failed(exc, out)


def read_dataset(source: Path) -> Dataset:
    """A dataset file or a fill-in workbook, validated by the schema. Raises InputError (every problem)."""
    places: Places
    if is_workbook(source):
        root, places, problems = read_workbook(source)
    else:
        root = parse_file(source)
        places, problems = YamlPlaces(str(source), root), []
    try:
        dataset = Dataset.model_validate(root)
    except ValidationError as exc:
        raise InputError(str(source), [*problems, *places.errors(exc)]) from exc
    if problems:
        raise InputError(str(source), problems)
    return dataset


def _unmapped(source: Path, notes: list[tuple[str, str]]) -> tuple[Finding, ...]:
    return tuple(Finding(UNMAPPED_RULE, Severity.WARNING, f"{source}: {cell}：{text}" if cell else f"{source}: {text}",
                         (Location(path=str(source), field=cell or None),)) for cell, text in notes)  # fmt: skip


def convert(source: str | Path, out: str | Path) -> ConvertResult:
    """dataset.yaml ↔ 填报.xlsx; 财决NN表 → dataset.yaml (see the module docstring)."""
    source, out = Path(source), Path(out)
    suffix = out.suffix.lower()
    try:
        if suffix not in YAML_SUFFIXES | {".xlsx"}:
            raise OptionError(str(out), [f"{out}: 选项 -o：输出须为 .xlsx（填报工作簿）或 .yaml（数据集）文件"])
        kind = workbook_kind(source) if is_workbook(source) else None
        if kind == EXPORT:
            imported = exporter.import_export(source)
            notes = _unmapped(source, imported.notes)
            if suffix == ".xlsx":
                dataset = Dataset.model_validate(imported.data)  # a complete import only
                return ConvertResult(WRITTEN, _write(out, workbook_bytes(dataset)), notes=notes)
            return ConvertResult(WRITTEN, _write(out, imported.yaml().encode("utf-8")), notes=notes)
        if is_workbook(source) and kind != TEMPLATE:
            read_workbook(source)  # says what the workbook is not
        if (suffix == ".xlsx") == is_workbook(source):
            what = "工作簿转换为数据集（-o 填 .yaml）" if is_workbook(source) else "数据集转换为工作簿（-o 填 .xlsx）"
            raise OptionError(str(out), [f"{out}: 选项 -o：convert 把{what}"])
        dataset = read_dataset(source)
        data = workbook_bytes(dataset) if suffix == ".xlsx" else dataset_yaml(dataset).encode("utf-8")
        return ConvertResult(WRITTEN, _write(out, data))
    except ValidationError as exc:
        message = (
            f"{source}: 导入的数据不完整，无法直接写成工作簿（{len(exc.errors())} 处）：请先转换为 .yaml，补全后再转换"
        )
        return _failed(InputError(str(source), [message]), source)
    except JuesuanError as exc:
        return _failed(exc, source if not isinstance(exc, OutputError | OptionError) else out)


__all__ = ["UNMAPPED_RULE", "ConvertResult", "convert", "read_dataset", "write_template"]
