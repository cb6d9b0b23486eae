"""``build(path, ...)``: a dataset's whole report — every policy decision of ``juesuan build`` made here.

1. open the case (load, derive the tables; the unit alone with ``unit``);
2. check it exactly as ``juesuan check`` does (evaluations and accounts included);
3. refuse, writing nothing, when the check has errors (unless ``force``);
4. compose the report where the layout has report templates; under ``final`` refuse while anything is
   【待补充】;
5. write the formats asked for, all or nothing.

Nothing is raised for bad input: the result carries ``input-unusable`` findings and exit code 2.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..check.checker import Report, stamp
from ..check.config import load_config
from ..check.registry import RULES
from ..derive.build import Build
from ..derive.rounding import Rounding
from ..document.compose import Composed, compose_document, previous_tables
from ..document.templating import Templates, has_templates
from ..errors import InputError, JuesuanError, OptionError, OutputError
from ..findings import Finding
from ..model.case import Case
from ..render import DOCUMENT_FORMATS
from .cases import Opened, check_case, input_findings, open_case
from .outputs import write_outputs

#: ``--format`` values: the report (report.docx/pdf/html) and the tables (tables.xlsx/md/json/html).
CLI_FORMATS = ("docx", "pdf", "html", "xlsx", "md", "json", "tables-html")
#: What ``juesuan build`` writes by default: the whole package.
DEFAULT_FORMATS = ("docx", "pdf", "html", "xlsx", "md", "json")
#: The default when no report can be composed (a profile without report templates, or ``--unit``).
TABLES_ONLY = ("xlsx", "tables-html", "md", "json")

WRITTEN, REFUSED_ERRORS, REFUSED_FINAL, UNUSABLE = "written", "refused-errors", "refused-final", "unusable"


@dataclass(frozen=True)
class BuildResult:
    """What ``build`` did: the case and its check, the composed report, what was written or why not."""

    status: str
    opened: Opened
    report: Report | None = None
    case: Case | None = None  # the case built, its composed report included
    composed: Composed | None = None
    written: tuple[Path, ...] = ()
    notes: tuple[str, ...] = ()  # what the user should know (a layout without report templates …)
    problems: tuple[Finding, ...] = field(default=())  # input-unusable: why nothing could be done

    @property
    def exit_code(self) -> int:
        """0 written; 1 refused (errors, or 【待补充】 under --final); 2 unusable input or output."""
        return {WRITTEN: 0, REFUSED_ERRORS: 1, REFUSED_FINAL: 1}.get(self.status, 2)

    @property
    def errors(self) -> int:
        return self.report.summary.get("error", 0) if self.report else 0


def split_formats(wanted: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(report formats, table formats as :func:`write_outputs` names them)."""
    documents = tuple(f for f in wanted if f in DOCUMENT_FORMATS)
    tables = tuple("html" if f == "tables-html" else f for f in wanted if f not in DOCUMENT_FORMATS)
    return documents, tables


def _formats(path: Path, formats: tuple[str, ...] | None, unit: str | None) -> tuple[str, ...]:
    wanted = (TABLES_ONLY if unit is not None else DEFAULT_FORMATS) if formats is None else formats
    unknown = [f for f in wanted if f not in CLI_FORMATS]
    if unknown or not wanted:
        shown = "、".join(unknown) or "（空）"
        raise OptionError(
            str(path), [f"{path}: 选项 --format：不支持的输出格式：{shown}；可用：{'、'.join(CLI_FORMATS)}"]
        )
    if unit is not None and split_formats(wanted)[0]:
        raise OptionError(str(path), [f"{path}: 选项 --unit：只能生成该单位的公开表（xlsx、md、json、tables-html）；"
                                     "决算报告按整个部门编写，请去掉 --unit 或 docx、pdf、html"])  # fmt: skip
    return wanted


def _unusable(opened: Opened, exc: JuesuanError, path: Path) -> BuildResult:
    return BuildResult(UNUSABLE, opened, problems=input_findings(exc, path))


def build(
    path: str | Path,
    out: str | Path,
    *,
    formats: tuple[str, ...] | None = None,
    unit: str | None = None,
    rounding: Rounding = Rounding.ADJUSTED,
    force: bool = False,
    final: bool = False,
    config: str | Path | None = None,
    charts: bool = True,
) -> BuildResult:
    """Build the report and tables of the dataset at ``path`` into ``out`` (see the module docstring);
    ``charts=False`` leaves the report's charts (图) out."""
    path = Path(path)
    empty = Opened(None)
    try:
        wanted = _formats(path, formats, unit)
        rules_config = load_config(Path(config), set(RULES)) if config is not None else None
    except JuesuanError as exc:
        return _unusable(empty, exc, path)
    opened = open_case(path, unit=unit, rounding=rounding)
    case = opened.case
    if case is None or case.accounts is None:
        problems = opened.findings or input_findings(
            InputError(str(path), [f"{path}: 这是公开表文件（含 tables:），不是数据集：请用 juesuan check 校验"]), path
        )
        return BuildResult(UNUSABLE, opened, problems=problems)
    document_formats, table_formats = split_formats(wanted)
    notes: list[str] = []
    if document_formats and not has_templates(case.profile):
        if formats is not None:
            try:
                Templates.load(case.profile)
            except JuesuanError as exc:
                return _unusable(opened, OptionError(str(path), [f"{path}: 选项 --format：{exc}"]), path)
        document_formats, table_formats = split_formats(TABLES_ONLY)
        notes.append(f"模板「{case.profile}」没有决算报告模板，只生成公开表。")
    report = check_case(case, rules_config)
    if report.summary.get("error", 0) and not force:
        return BuildResult(REFUSED_ERRORS, opened, report, case, notes=tuple(notes))
    composed = None
    if document_formats:
        try:
            last = previous_tables(case.accounts)
            composed = compose_document(
                case.accounts, Build(case.tables, case.derived), final=final, previous=last, charts=charts
            )
            composed = replace(composed, findings=tuple(stamp(composed.findings, rules_config)))
        except JuesuanError as exc:
            return _unusable(opened, exc, path)
        case = replace(case, document=composed.document)
        if final and composed.missing:
            return BuildResult(REFUSED_FINAL, opened, report, case, composed, notes=tuple(notes))
    try:
        written = write_outputs(case.tables, out, table_formats, document=composed.document if composed else None,
                                document_formats=document_formats)  # fmt: skip
    except OSError as exc:
        return _unusable(opened, OutputError(str(out), [f"{out}: 无法写入输出目录：{os_reason(exc)}"]), Path(out))
    return BuildResult(WRITTEN, opened, report, case, composed, tuple(written), tuple(notes))


#: Operating-system errors by errno name, in Chinese (the system's own message is English).
_OS_ERRORS = {
    "ENOSPC": "磁盘空间不足", "EDQUOT": "超出磁盘配额", "EROFS": "只读文件系统", "ENAMETOOLONG": "文件名过长",
    "EIO": "读写设备出错", "EFBIG": "文件过大", "ELOOP": "符号链接层数过多（可能是循环链接）",
    "EMFILE": "打开的文件过多", "ENFILE": "打开的文件过多", "EBUSY": "设备或资源正忙", "ETXTBSY": "文件正被占用",
    "EINVAL": "路径无效（文件名中可能有不允许的字符）", "ENOTEMPTY": "目录不是空的", "EXDEV": "不能跨文件系统移动文件",
    "ENODEV": "没有这个设备", "ENXIO": "没有这个设备", "EAGAIN": "资源暂时不可用，请重试",
}  # fmt: skip


def os_reason(exc: OSError) -> str:
    """An operating-system error in Chinese, never the system's English message."""
    if isinstance(exc, FileExistsError | NotADirectoryError):
        return "该路径（或其上级）已存在且不是目录"
    if isinstance(exc, IsADirectoryError):
        return "该路径是目录，不是文件"
    if isinstance(exc, PermissionError):
        return "权限不足"
    if isinstance(exc, FileNotFoundError):
        return "上级目录不存在"
    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_ERRORS.get(name, f"系统错误（{name}）" if name else "系统错误")


__all__ = ["CLI_FORMATS", "DEFAULT_FORMATS", "TABLES_ONLY", "BuildResult", "build", "os_reason", "split_formats"]
