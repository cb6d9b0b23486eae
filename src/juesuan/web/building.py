"""Building a dataset into its report files in a worker (the web app's /build): :func:`build_files`.

It calls :func:`juesuan.pipeline.build` exactly as ``juesuan build`` does and sends back a small record: the
status, the files written (names only) and the findings as text, the server's paths replaced by the name the
user gave the dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..pipeline.build import WRITTEN, build

#: The formats /build offers, in the order shown (``juesuan build --format``).
FORMATS = {
    "docx": "决算报告 Word（report.docx）",
    "pdf": "决算报告 PDF（report.pdf）",
    "html": "决算报告网页（report.html）",
    "xlsx": "公开表 Excel（tables.xlsx）",
    "md": "公开表 Markdown（tables.md）",
    "json": "公开表 JSON（tables.json）",
}


@dataclass(frozen=True)
class BuildSummary:
    status: str  # written | refused-errors | refused-final | unusable | failed
    exit_code: int
    files: tuple[str, ...] = ()  # names under the build's out/ folder
    notes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()  # why nothing was written
    findings: tuple[tuple[str, str, str], ...] = ()  # (severity label, rule, message)
    errors: int = 0
    warnings: int = 0

    @property
    def written(self) -> bool:
        return self.status == WRITTEN


def build_files(
    dataset: str, out: str, formats: tuple[str, ...] = tuple(FORMATS), shown: str = "", charts: bool = True
) -> BuildSummary:
    """Build ``dataset`` (a YAML/JSON dataset or a fill-in workbook) into ``out`` (runs in a worker process)."""
    result = build(dataset, out, formats=formats, charts=charts)
    name = shown or Path(dataset).name

    def clean(text: str) -> str:
        return text.replace(dataset, name).replace(out, "输出")

    findings = tuple(
        (f.severity.label, f.rule, clean(f.message)) for f in (result.report.findings if result.report else ())
    )
    summary = result.report.summary if result.report else {}
    return BuildSummary(
        status=result.status, exit_code=result.exit_code, files=tuple(p.name for p in result.written),
        notes=tuple(clean(n) for n in result.notes), problems=tuple(clean(f.message) for f in result.problems),
        findings=findings, errors=summary.get("error", 0), warnings=summary.get("warning", 0),
    )  # fmt: skip
