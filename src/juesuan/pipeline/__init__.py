"""The one pipeline every front end calls (the commands, and the batch runner, store and web app to come).

    from juesuan.pipeline import open_case, check_case, build, audit, score, write_outputs

    opened = open_case("dataset.yaml")        # Opened: .case (Case) or .findings (input-unusable)
    report = check_case(opened.case)          # the whole catalogue, with everything the case carries
    result = build("dataset.yaml", "out/")    # BuildResult: .status, .report, .written, .exit_code
    audited = audit("report.pdf")             # AuditReport: .case, .report, .coverage(), .exit_code
    scored = score("dataset.yaml")            # ScoreResult: .sheets, .report
    converted = convert("dataset.yaml", "填报.xlsx")  # ConvertResult: .written, .notes; also write_template

Each returns its results and findings; bad input becomes ``input-unusable`` findings (``audit`` raises
InputError for a file that cannot be read at all). Policy — refusing to write on an error, ``--force``,
``--final`` — is decided here, not in the commands.
"""

from .audit import AuditReport, audit
from .build import BuildResult, build
from .cases import Opened, check_case, input_findings, open_case
from .convert import ConvertResult, convert, write_template
from .outputs import write_outputs
from .score import ScoreResult, score

__all__ = [
    "AuditReport", "BuildResult", "ConvertResult", "Opened", "ScoreResult",
    "audit", "build", "check_case", "convert", "input_findings", "open_case", "score", "write_outputs",
    "write_template",
]  # fmt: skip
