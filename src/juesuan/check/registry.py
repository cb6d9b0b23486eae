"""The explicit rule registry: the catalogue's rules by id, and the Python checks they name.

Nothing is discovered: every Python check is listed in ``CHECKS`` below, and every rule comes from
``catalogue/*.yaml``. A duplicate id, or a rule naming a check that is not listed, fails at import.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from importlib import resources

from . import checks_class, checks_ingest, checks_narrative, checks_perf, checks_tables
from .context import RuleContext
from .rules import Rule, read_catalogue

Check = Callable[[RuleContext], None]

CHECKS: dict[str, Check] = {
    "tree_sum": checks_tables.tree_sum,
    "uncertain_tables": checks_ingest.uncertain_tables,
    "missing_tables": checks_ingest.missing_tables,
    "economic_class_sums": checks_tables.economic_class_sums,
    "class_rows_match": checks_tables.class_rows_match,
    "t05_within_t03": checks_tables.t05_within_t03,
    "counts_integers": checks_tables.counts_integers,
    "vehicle_counts": checks_tables.vehicle_counts,
    "trip_reception_counts": checks_tables.trip_reception_counts,
    "code_name": checks_class.code_name,
    "code_unknown": checks_class.code_unknown,
    "code_nesting": checks_class.code_nesting,
    "admin_affairs_basic": checks_class.admin_affairs_basic,
    "empty_table_note": checks_class.empty_table_note,
    "tree_sum_scores": checks_perf.tree_sum,
    "score_within_weight": checks_perf.score_within_weight,
    "weights_add_up": checks_perf.weights_add_up,
    "weight_missing": checks_perf.weight_missing,
    "rate_recomputed": checks_perf.rate_recomputed,
    "grade_matches": checks_perf.grade_matches,
    "method_score": checks_perf.method_score,
    "budget_execution": checks_perf.budget_execution,
    "amount_matches": checks_perf.amount_matches,
    "share_recomputed": checks_perf.share_recomputed,
    "same_value": checks_perf.same_value,
    "figures_match_tables": checks_perf.figures_match_tables,
    "result_missing": checks_perf.result_missing,
    "label_line": checks_class.label_line,
    "narrative_table": checks_narrative.narrative_table,
    "narrative_change": checks_narrative.narrative_change,
    "narrative_previous_year": checks_narrative.narrative_previous_year,
    "narrative_rate": checks_narrative.narrative_rate,
    "narrative_share": checks_narrative.narrative_share,
    "narrative_share_total": checks_narrative.narrative_share_total,
    "narrative_completion": checks_narrative.narrative_completion,
    "narrative_parts_sum": checks_narrative.narrative_parts_sum,
    "narrative_indicator_sum": checks_narrative.narrative_indicator_sum,
    "narrative_direction": checks_narrative.narrative_direction,
    "narrative_zero_base": checks_narrative.narrative_zero_base,
    "narrative_repeated": checks_narrative.narrative_repeated,
    "text_placeholder": checks_narrative.text_placeholder,
    "text_empty_clause": checks_narrative.text_empty_clause,
    "text_brackets": checks_narrative.text_brackets,
    "text_numbering": checks_narrative.text_numbering,
    "text_citation": checks_narrative.text_citation,
    "text_year": checks_narrative.text_year,
}


def build_registry(rules: list[Rule]) -> dict[str, Rule]:
    """``{id: rule}`` in catalogue order. Raises ValueError on a duplicate id or an unknown check name."""
    registry: dict[str, Rule] = {}
    for rule in rules:
        if rule.id in registry:
            raise ValueError(f"duplicate rule id: {rule.id!r}")
        if rule.check is not None and rule.check not in CHECKS:
            raise ValueError(f"rule {rule.id!r} names an unregistered check: {rule.check!r}")
        registry[rule.id] = rule
    return registry


RULES: dict[str, Rule] = build_registry(read_catalogue())


def get(rule_id: str) -> Rule:
    """The rule with this id. Raises KeyError with a Chinese message for an unknown id."""
    try:
        return RULES[rule_id]
    except KeyError:
        raise KeyError(f"没有编号为「{rule_id}」的规则") from None


@cache
def catalogue_version() -> str:
    """A short fingerprint of the shipped rule catalogue and the layouts it reads by (catalogue/*.yaml and
    profiles/*.yaml): a stored result is current only for the same fingerprint (and juesuan version)."""
    digest = hashlib.sha256()
    for package, folder in (("juesuan.check", "catalogue"), ("juesuan", "profiles")):
        root = resources.files(package).joinpath(folder)
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".yaml"):
                digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()[:16]
