"""Every rule's pass and fail examples from the catalogue are its tests."""

from __future__ import annotations

import pytest

from juesuan.check.checker import check
from juesuan.check.inputs import split_example
from juesuan.check.registry import RULES, build_registry
from juesuan.check.rules import EMITTED, Rule, read_catalogue
from juesuan.load.tables import read_tables_data

EXAMPLED = [r for r in RULES.values() if r.examples]


def _run(rule: Rule, kind: str):  # type: ignore[no-untyped-def]
    where = f"{rule.id}:{kind}"
    raw, inputs = split_example(rule.examples[kind], where)
    tables = read_tables_data(raw, where) if "tables" in raw else None
    return check(tables, inputs=inputs)


def test_every_rule_the_checker_runs_has_examples() -> None:
    """Rules made outside the run (ledger, document, input, meta) are tested where they are made."""
    missing = [r.id for r in RULES.values() if r.category not in EMITTED and not {"pass", "fail"} <= set(r.examples)]
    assert missing == []


@pytest.mark.parametrize("rule", EXAMPLED, ids=[r.id for r in EXAMPLED])
def test_pass_example(rule: Rule) -> None:
    report = _run(rule, "pass")
    assert [f.message for f in report.findings if f.rule in (rule.id, "execution-error")] == []
    if rule.category != "meta":
        status = {c.rule: c.status for c in report.coverage}[rule.id]
        assert status == "run", status


@pytest.mark.parametrize("rule", EXAMPLED, ids=[r.id for r in EXAMPLED])
def test_fail_example(rule: Rule) -> None:
    report = _run(rule, "fail")
    mine = [f for f in report.findings if f.rule == rule.id]
    assert mine, [f.message for f in report.findings]
    assert all(f.severity is rule.severity for f in mine)
    assert not [f for f in report.findings if f.rule == "execution-error"]


def test_duplicate_ids_fail() -> None:
    rules = read_catalogue()
    with pytest.raises(ValueError, match="duplicate rule id"):
        build_registry([*rules, rules[0]])


def test_unknown_check_name_fails() -> None:
    from dataclasses import replace

    rule = replace(read_catalogue()[0], id="x-new", check="no_such_check", pairs=())
    with pytest.raises(ValueError, match="unregistered check"):
        build_registry([rule])
