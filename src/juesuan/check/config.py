"""Check configuration: presets, the rounding (尾数) policy, per-rule severity, waivers.

A configuration file (YAML)::

    extends: default          # or strict
    rounding:
      tolerance: envelope     # envelope: a gap within (n + 1) × per_term 万元 is 尾数 (rounding-tail);
                              # exact: every gap is a finding of the rule's own severity
      per_term: "0.005"       # 万元 per displayed figure in the sum (half a display unit)
      tail_severity: info     # severity of rounding-tail findings
      percent: "0.01"         # percentages (增长率, 占比, 完成率, 得分率 …) are printed to 0.01 %: a stated
                              # percentage within this many percentage points of the recomputed one is 尾数
    rules:
      x10-t09-t06: error      # error / warning / info, or off to skip the rule
    waivers:
      - rule: t04-closing-funds
        table: "04"
        row: 年末财政拨款结转和结余   # optional: row label, code or key; column likewise
        reason: 印刷时结转结余未分资金列示，已与财政核对

Presets: ``default`` (envelope, 尾数 as info) and ``strict`` (envelope, 尾数 as warning). Rules whose
tolerance is ``exact`` in the catalogue (the same figure printed in two tables) never get the envelope.
Unknown keys, rule ids or severities are errors: a typo is never silently ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import JuesuanError
from ..findings import Finding, Location, Severity
from ..load.loader import parse_file


class ConfigError(JuesuanError):
    """An unusable check configuration (bad key, unknown rule id, bad severity)."""


@dataclass(frozen=True)
class Waiver:
    rule: str
    reason: str
    table: str | None = None
    row: str | None = None
    column: str | None = None

    def matches(self, finding: Finding) -> bool:
        if finding.rule != self.rule:
            return False
        if self.table is None and self.row is None and self.column is None:
            return True
        return any(self._at(loc) for loc in finding.locations)

    def _at(self, loc: Location) -> bool:
        if self.table is not None and loc.table != self.table:
            return False
        if self.row is not None and self.row not in (loc.row, loc.code):
            return False
        return self.column is None or self.column == loc.column


@dataclass(frozen=True)
class Config:
    preset: str = "default"
    tolerance: str = "envelope"
    per_term: Decimal = Decimal("0.005")
    tail_severity: Severity = Severity.INFO
    percent: Decimal = Decimal("0.01")
    severity: dict[str, Severity] = field(default_factory=dict)
    disabled: frozenset[str] = frozenset()
    waivers: tuple[Waiver, ...] = ()

    def severity_of(self, rule_id: str, default: Severity) -> Severity:
        return self.severity.get(rule_id, default)


PRESETS: dict[str, Config] = {
    "default": Config(),
    "strict": Config(preset="strict", tail_severity=Severity.WARNING),
}
_TOP = {"extends", "rounding", "rules", "waivers"}
_ROUNDING = {"tolerance", "per_term", "tail_severity", "percent"}


def _severity(value: Any, where: str) -> Severity:
    try:
        return Severity(str(value))
    except ValueError:
        raise ConfigError(f"{where}: 严重程度应为 error、warning 或 info，实际为「{value}」") from None


def _rounding(base: Config, raw: Any, where: str) -> Config:
    if not isinstance(raw, dict) or set(raw) - _ROUNDING:
        raise ConfigError(f"{where}: rounding 只能包含 {'、'.join(sorted(_ROUNDING))}")
    tolerance = str(raw.get("tolerance", base.tolerance))
    if tolerance not in ("envelope", "exact"):
        raise ConfigError(f"{where}: rounding.tolerance 应为 envelope 或 exact")
    per_term = _number(raw.get("per_term", base.per_term), f"{where}: rounding.per_term")
    percent = _number(raw.get("percent", base.percent), f"{where}: rounding.percent")
    tail = _severity(raw.get("tail_severity", base.tail_severity.value), where)
    return replace(base, tolerance=tolerance, per_term=per_term, tail_severity=tail, percent=percent)


def _number(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ConfigError(f"{where} 不是数字：「{value}」") from None
    if not number.is_finite() or number < 0:
        raise ConfigError(f"{where} 应为不小于 0 的数：「{value}」")
    return number


def _rules(base: Config, raw: Any, known: set[str], where: str) -> Config:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where}: rules 应为「规则编号: 严重程度」的映射")
    severity, disabled = dict(base.severity), set(base.disabled)
    for rule_id, level in raw.items():
        if rule_id not in known:
            raise ConfigError(f"{where}: 未知的规则编号「{rule_id}」")
        if str(level) == "off" or level is False:
            disabled.add(rule_id)
        else:
            severity[rule_id] = _severity(level, where)
    return replace(base, severity=severity, disabled=frozenset(disabled))


def _waivers(raw: Any, known: set[str], where: str) -> tuple[Waiver, ...]:
    if not isinstance(raw, list):
        raise ConfigError(f"{where}: waivers 应为列表")
    out = []
    for n, item in enumerate(raw):
        if not isinstance(item, dict) or set(item) - {"rule", "reason", "table", "row", "column"}:
            raise ConfigError(f"{where}: waivers[{n}] 只能包含 rule、reason、table、row、column")
        if item.get("rule") not in known or not item.get("reason"):
            raise ConfigError(f"{where}: waivers[{n}] 需要已知的 rule 和非空的 reason")
        table = item.get("table")
        out.append(Waiver(str(item["rule"]), str(item["reason"]), None if table is None else str(table).zfill(2),
                          _opt(item.get("row")), _opt(item.get("column"))))  # fmt: skip
    return tuple(out)


def _opt(value: Any) -> str | None:
    return None if value is None else str(value)


def config_from_data(raw: Any, known: set[str], where: str = "配置") -> Config:
    """Build a Config from parsed YAML; ``known`` is the set of rule ids."""
    if raw is None:
        return PRESETS["default"]
    if not isinstance(raw, dict) or set(raw) - _TOP:
        raise ConfigError(f"{where}: 顶层只能包含 {'、'.join(sorted(_TOP))}")
    preset = str(raw.get("extends", "default"))
    if preset not in PRESETS:
        raise ConfigError(f"{where}: 未知的预设「{preset}」（可选：{'、'.join(PRESETS)}）")
    config = PRESETS[preset]
    if "rounding" in raw:
        config = _rounding(config, raw["rounding"], where)
    if "rules" in raw:
        config = _rules(config, raw["rules"], known, where)
    if "waivers" in raw:
        config = replace(config, waivers=_waivers(raw["waivers"], known, where))
    return config


def load_config(path: str | Path, known: set[str]) -> Config:
    """Read a configuration file. Raises InputError (unreadable) or ConfigError (bad content)."""
    return config_from_data(parse_file(Path(path)), known, str(path))
