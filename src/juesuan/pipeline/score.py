"""``score(path)``: score a case's performance evaluations and check them with the performance rules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from ..check.checker import Report
from ..check.registry import RULES
from ..errors import InputError
from ..findings import Finding
from ..perf.scoring import Sheet, score_evaluation
from .cases import Opened, check_case, input_findings, open_case

PERFORMANCE = {rule_id: rule for rule_id, rule in RULES.items() if rule.category == "performance"}


@dataclass(frozen=True)
class ScoreResult:
    opened: Opened
    sheets: tuple[Sheet, ...] = ()
    report: Report | None = None
    problems: tuple[Finding, ...] = field(default=())

    @property
    def exit_code(self) -> int:
        """0 no error among the performance rules; 1 some; 2 unusable input or no evaluations."""
        if self.report is None:
            return 2
        return 1 if self.report.summary.get("error", 0) else 0


def score(path: str | Path, *, evaluations: str | Path | None = None) -> ScoreResult:
    """The score sheets of the evaluations of ``path`` (a dataset or a table-mode file; ``evaluations``:
    another file's list instead), and the performance rules over them."""
    opened = open_case(path, evaluations=evaluations)
    case = opened.case
    if case is None:
        return ScoreResult(opened, problems=opened.findings)
    if not case.evaluations:
        where = Path(evaluations or path)
        exc = InputError(str(where), [f"{where}: 没有绩效评价（evaluations），无可计分的内容；格式见 docs/dataset.md"])
        return ScoreResult(replace(opened, case=None), problems=input_findings(exc, where))
    sheets = tuple(score_evaluation(e, case.tables) for e in case.evaluations)
    return ScoreResult(opened, sheets, check_case(replace(case, derived=()), rules=PERFORMANCE))
