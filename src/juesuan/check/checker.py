"""``check(tables, config) -> Report``: run every rule of the catalogue over a TableSet.

Stages: (1) pick the rules the configuration enables; (2) run each one in isolation (a missing table or
cell makes it "not run", a crash becomes an ``execution-error`` finding); (3) apply waivers; (4) count.
The checker never raises on bad data.
"""

from __future__ import annotations

import traceback
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..derive.query import NotRun, Tables, missing_reason
from ..findings import Finding, Severity, count_by_severity
from ..model.tables import TableSet
from .config import Config, Waiver
from .context import RuleContext
from .exprrule import run_expression
from .inputs import empty_tables
from .registry import CHECKS, RULES
from .rules import EMITTED, Rule

EXECUTION_ERROR = "execution-error"
_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(frozen=True)
class RuleRun:
    """Coverage of one rule: ``status`` is run / not-run / disabled / crashed. A rule that ran with some of
    its tables withheld (read uncertainly) has ``reason`` saying which."""

    rule: str
    status: str
    reason: str = ""
    checks: int = 0


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]
    coverage: tuple[RuleRun, ...]
    waived: tuple[tuple[Finding, Waiver], ...] = ()
    summary: dict[str, int] = field(default_factory=dict)

    @property
    def has_errors(self) -> bool:
        return self.summary.get("error", 0) > 0


def _run_rule(rule: Rule, tables: Tables, config: Config) -> tuple[list[Finding], RuleRun]:
    missing = [name for name in rule.needs if name not in tables.inputs]
    if missing:
        return [], RuleRun(rule.id, "not-run", "；".join(missing_reason(name) for name in missing))
    ctx = RuleContext(rule, tables, config)
    skipped = [reason for role, reason in tables.withheld_roles.items() if role in rule.scope]
    try:
        if rule.check is not None:
            CHECKS[rule.check](ctx)
        else:
            run_expression(ctx)
    except NotRun as exc:  # a table withheld from the checks is the reason, where there is one
        return [], RuleRun(rule.id, "not-run", "；".join(skipped) or exc.reason)
    except Exception as exc:  # a crashing rule must never hide behind a pass
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        finding = Finding(EXECUTION_ERROR, Severity.ERROR, f"规则 {rule.id} 执行出错：{detail}")
        return [finding], RuleRun(rule.id, "crashed", detail, ctx.comparisons)
    return ctx.findings, RuleRun(rule.id, "run", "；".join(skipped), ctx.comparisons)


def _sort_key(finding: Finding) -> tuple[str, int, str]:
    table = next((loc.table for loc in finding.locations if loc.table), None) or "99"
    return table, _ORDER[finding.severity], finding.rule


def check(
    tables: TableSet | None,
    config: Config | None = None,
    rules: dict[str, Rule] | None = None,
    inputs: Mapping[str, object] | None = None,
) -> Report:
    """Check a set of tables (and any other inputs) against the rule catalogue.

    Args:
        tables: the tables (built by :func:`juesuan.build_tables` or read by :func:`load_tables`); None when
            there are none (every rule that reads a table is then "not run").
        config: presets, severities, waivers (see :mod:`juesuan.check.config`); default preset if None.
        rules: the rules to run (default: the whole catalogue).
        inputs: inputs beyond the tables, by name (see :mod:`juesuan.check.inputs`); rules that need an
            input that is not given are "not run".

    Returns:
        a Report: findings (sorted by table, severity, rule), coverage of every rule, waived findings, counts.
    """
    config = config or Config()
    view = Tables(tables if tables is not None else empty_tables(), inputs)
    findings: list[Finding] = []
    coverage: list[RuleRun] = []
    for rule in (rules or RULES).values():
        if rule.category in EMITTED:
            continue
        if rule.id in config.disabled:
            coverage.append(RuleRun(rule.id, "disabled", "配置中关闭"))
            continue
        found, run = _run_rule(rule, view, config)
        findings += found
        coverage.append(run)
    kept, waived = apply_waivers(findings, config.waivers)
    return Report(tuple(sort_findings(kept)), tuple(coverage), tuple(waived), count_by_severity(kept))


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """By table, then severity, then rule (the order every report prints)."""
    return sorted(findings, key=_sort_key)


def stamp(findings: list[Finding] | tuple[Finding, ...], config: Config | None = None) -> list[Finding]:
    """Findings made outside the catalogue's run (deriving, composing, reading), given the severity the
    configuration sets for their rule (the catalogue's by default); a disabled rule's are dropped."""
    config = config or Config()
    out = []
    for finding in findings:
        rule = RULES.get(finding.rule)
        if finding.rule in config.disabled:
            continue
        default = rule.severity if rule is not None else finding.severity
        severity = config.severity_of(finding.rule, default)
        out.append(finding if severity is finding.severity else replace(finding, severity=severity))
    return out


def apply_waivers(
    findings: list[Finding], waivers: tuple[Waiver, ...]
) -> tuple[list[Finding], list[tuple[Finding, Waiver]]]:
    kept, waived = [], []
    for finding in findings:
        waiver = next((w for w in waivers if w.matches(finding)), None)
        if waiver is None:
            kept.append(finding)
        else:
            waived.append((finding, waiver))
    return kept, waived
