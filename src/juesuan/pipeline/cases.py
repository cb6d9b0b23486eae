"""Opening a case from any input, and checking it: the two steps every front end shares.

``open_case(path)`` reads a dataset (ledger: load → derive the tables) or a table-mode file (tables typed in
or extracted, with their evaluations); a published report goes through :func:`juesuan.pipeline.audit`.
Bad input is never raised past this module: it becomes ``input-unusable`` findings (one per located problem,
with the file and line), and no case.

``check_case(case)`` runs the whole catalogue with everything the case carries (accounts, evaluations,
statements, reading): ``juesuan build``, ``juesuan check`` and ``juesuan audit`` all check this way, so they
cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from ..check.checker import Report, apply_waivers, check, sort_findings, stamp
from ..check.config import Config
from ..check.rules import Rule
from ..derive.build import build_tables
from ..derive.rounding import Rounding
from ..errors import InputError, JuesuanError, OptionError, OutputError
from ..findings import Finding, Location, Severity, count_by_severity
from ..load.evaluations import read_evaluations
from ..load.loader import load, parse_file
from ..load.tables import is_table_mode, read_tables_data
from ..load.workbook import is_workbook, read_workbook_evaluations, workbook_kind
from ..model.case import DATASET, TABLES, Case, SourceFile

INPUT_RULE = "input-unusable"
OPTION_RULE = "input-option"
OUTPUT_RULE = "output-unwritable"
REPORT_SUFFIXES = {".pdf", ".docx", ".doc", ".xlsx", ".xls", ".html", ".htm"}
_REPORT_MAGIC = (b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_PLACE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<text>.*)$")
_CELL = re.compile(r"^(?P<path>.+?): (?P<cell>[^\s:：!（]+![A-Z]{1,3}\d+)[（：:]")  # 填报.xlsx: 支出!D17（金额）：…


def input_findings(exc: JuesuanError, path: str | Path | None = None) -> tuple[Finding, ...]:
    """The problems of an unusable input as findings, each with its file and line: ``input-unusable`` (the
    file), ``input-option`` (an option that does not fit it), ``output-unwritable`` (where it was to go)."""
    problems = exc.problems if isinstance(exc, InputError) else [str(exc)]
    rule = OPTION_RULE if isinstance(exc, OptionError) else OUTPUT_RULE if isinstance(exc, OutputError) else INPUT_RULE
    out = []
    for problem in problems:
        found = _PLACE.match(problem)
        cell = _CELL.match(problem)
        if found:
            where = Location(path=found["path"], line=int(found["line"]))
        elif cell:
            where = Location(path=cell["path"], field=cell["cell"])
        else:
            where = Location(path=getattr(exc, "path", None) or (str(path) if path else None))
        out.append(Finding(rule, Severity.ERROR, problem, (where,)))
    return tuple(out)


@dataclass(frozen=True)
class Opened:
    """A case, or why there is none (``findings``: ``input-unusable``)."""

    case: Case | None
    findings: tuple[Finding, ...] = ()

    @property
    def usable(self) -> bool:
        return self.case is not None


def open_case(
    path: str | Path,
    *,
    unit: str | None = None,
    rounding: Rounding = Rounding.ADJUSTED,
    evaluations: str | Path | None = None,
) -> Opened:
    """The case of a dataset or a table-mode file (``unit``: one unit of a dataset; ``evaluations``: another
    file's ``evaluations:`` instead of the input's own)."""
    path = Path(path)
    try:
        return Opened(_open(path, unit, rounding, evaluations))
    except JuesuanError as exc:
        return Opened(None, input_findings(exc, path))


def _is_report(path: Path) -> bool:
    """A published report's file (PDF, Office, HTML) rather than a dataset or table file (YAML/JSON)."""
    if not path.is_file():
        return False
    with path.open("rb") as handle:
        head = handle.read(8)
    return path.suffix.lower() in REPORT_SUFFIXES or head.startswith(_REPORT_MAGIC)


def _fill_in_workbook(path: Path) -> bool:
    """A workbook of the fill-in template (or the 决算软件's export, which the loader explains), not a report."""
    if not (is_workbook(path) and path.is_file()):
        return False
    try:
        return workbook_kind(path) is not None
    except InputError:
        return False  # not a readable workbook: said as for any report file


def _open(path: Path, unit: str | None, rounding: Rounding, evaluations: str | Path | None) -> Case:
    workbook = _fill_in_workbook(path)
    if not workbook and _is_report(path):
        kind = path.suffix.lstrip(".").upper() or "PDF"
        raise InputError(
            str(path), [f"{path}: 这是公开报告（{kind}），不是数据集或公开表文件：请用 juesuan audit 审核"]
        )
    root = None if workbook else parse_file(path)
    if root is not None and is_table_mode(root):
        if unit is not None:
            raise OptionError(str(path), [f"{path}: 选项 --unit 只适用于数据集（公开表文件没有单位的明细）"])
        tables = read_tables_data(root, str(path))
        own = read_evaluations(root, str(path))
        case = Case(source=SourceFile.of(path, TABLES), tables=tables, evaluations=tuple(own))
    else:
        accounts = load(path)
        if unit is not None:
            if unit not in accounts.unit_names():
                names = "、".join(accounts.unit_names())
                raise OptionError(str(path), [f"{path}: 选项 --unit：数据集中没有单位「{unit}」；现有单位：{names}"])
            accounts = accounts.for_unit(unit)
        built = build_tables(accounts, rounding)
        case = Case(source=SourceFile.of(path, DATASET), tables=built.tables, accounts=accounts,
                    evaluations=tuple(accounts.evaluations), derived=tuple(built.findings))  # fmt: skip
    if evaluations is not None:
        other = Path(evaluations)
        if is_workbook(other):
            root, places = read_workbook_evaluations(other)
            replaced = read_evaluations(root, str(other), places)
        else:
            replaced = read_evaluations(parse_file(other), str(other))
        if not replaced:
            raise InputError(str(other), [f"{other}: 文件中没有绩效评价（evaluations）；格式见 docs/dataset.md"])
        case = replace(case, evaluations=tuple(replaced))
    return case


def check_case(case: Case, config: Config | None = None, rules: Mapping[str, Rule] | None = None) -> Report:
    """The catalogue over the case, with everything it carries; the findings made while deriving its tables
    (a dataset's ledger checks) come first, waived like the rest."""
    report = check(case.tables, config, dict(rules) if rules is not None else None, inputs=case.inputs())
    if not case.derived:
        return report
    kept, _ = apply_waivers(stamp(case.derived, config), (config or Config()).waivers)
    unnamed = {loc.code for f in kept if f.rule == "code-unnamed" for loc in f.locations}
    checked = [f for f in report.findings if not (f.rule == "code-unknown" and _code(f) in unnamed)]  # one cause
    findings = sort_findings([*kept, *checked])
    return replace(report, findings=tuple(findings), summary=count_by_severity(findings))


def _code(finding: Finding) -> str | None:
    return next((loc.code for loc in finding.locations if loc.code), None)
