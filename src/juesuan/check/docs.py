"""Generate docs/rules.md from the catalogue: ``python -m juesuan.check.docs > docs/rules.md``."""

from __future__ import annotations

from typing import Any

import yaml

from .registry import RULES
from .rules import Rule

_CATEGORY = {
    "within": "表内关系",
    "cross": "表间关系",
    "classification": "科目分类",
    "notes": "表注",
    "narrative": "文字说明与表格、文字内部的数字关系",
    "text": "文字瑕疵",
    "meta": "检查本身",
}
_TOLERANCE = {"envelope": "尾数容差 (n+1)×0.005 万元", "exact": "完全一致"}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, (int, str)) else str(value)


def rule_text(rule: Rule) -> str:
    """The explanation of one rule (used by ``juesuan rules ID`` and the docs)."""
    lines = [f"{rule.id}　{rule.title}", f"严重程度：{rule.severity.value}　范围：公开{'、'.join(rule.scope) or '—'}表"]
    lines.append(f"容差：{_TOLERANCE.get(rule.tolerance, rule.tolerance + ' 万元')}　依据：{rule.source or '—'}")
    lines.append(rule.explanation.strip())
    ops = {"eq": "=", "le": "≤", "ge": "≥"}
    for pair in rule.pairs:
        lines.append(f"  {pair.actual} {ops[pair.compare]} {pair.expected}")
    if rule.check:
        lines.append(f"  Python 检查：{rule.check}")
    return "\n".join(lines)


def _section(rule: Rule) -> list[str]:
    out = [f"### `{rule.id}` {rule.title}", ""]
    out.append(
        f"- 严重程度：`{rule.severity.value}`；范围：{'、'.join(rule.scope) or '—'}；"
        f"容差：{_TOLERANCE.get(rule.tolerance, rule.tolerance + ' 万元')}；依据：{rule.source or '—'}"
    )
    out += ["", rule.explanation.strip(), ""]
    if rule.pairs:
        ops = {"eq": "=", "le": "≤", "ge": "≥"}
        out.append("```text")
        if rule.each_row:
            out.append(f"逐行：{_plain(rule.each_row)}")
        if rule.each_column:
            out.append(f"逐栏（COL）：{'、'.join(rule.each_column)}")
        out += [f"{p.actual} {ops[p.compare]} {p.expected}" for p in rule.pairs]
        out += ["```", ""]
    if rule.check:
        out += [f"Python 检查：`{rule.check}`（juesuan/check/registry.py）", ""]
    for kind, label in (("pass", "通过示例"), ("fail", "不通过示例")):
        if kind in rule.examples:
            dumped = yaml.safe_dump(_plain(rule.examples[kind]), allow_unicode=True, sort_keys=False, width=200)
            out += [f"<details><summary>{label}</summary>", "", "```yaml", dumped.rstrip(), "```", "", "</details>", ""]
    return out


def render() -> str:
    lines = ["# 校验规则（由 `python -m juesuan.check.docs` 生成，请勿手改）", ""]
    lines.append(
        "每条规则有稳定编号、严重程度、范围与容差；通过/不通过示例即该规则的测试。尾数政策见 `rounding-tail`。"
    )
    lines.append("")
    for category, name in _CATEGORY.items():
        rules = [r for r in RULES.values() if r.category == category]
        if not rules:
            continue
        lines += [f"## {name}", "", "| 编号 | 严重程度 | 标题 |", "|---|---|---|"]
        lines += [f"| `{r.id}` | {r.severity.value} | {r.title} |" for r in rules]
        lines.append("")
        for rule in rules:
            lines += _section(rule)
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
