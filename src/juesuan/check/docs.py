"""Generate docs/rules.md from the catalogue: ``python -m juesuan.check.docs > docs/rules.md``."""

from __future__ import annotations

import textwrap
from typing import Any

import yaml

from ..derive.query import INPUTS
from . import config
from .registry import RULES
from .rules import Rule

_CATEGORY = {
    "within": "表内关系",
    "cross": "表间关系",
    "classification": "科目分类",
    "notes": "表注",
    "performance": "绩效评价",
    "narrative": "文字说明与表格、文字内部的数字关系",
    "text": "文字瑕疵",
    "ingest": "公开报告的读取",
    "ledger": "账务数据（生成公开表时）",
    "document": "决算报告的编写",
    "input": "输入文件与选项",
    "meta": "检查本身",
}
_TOLERANCE = {"envelope": "尾数容差 (n+1)×0.005 万元", "exact": "完全一致"}


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value if value is None or isinstance(value, (int, str)) else str(value)


def _scope(rule: Rule, bare: bool = False) -> str:
    """The tables a rule reads (公开01、03表, or 01、03 when ``bare``) and the other inputs it needs."""

    tables = "、".join(rule.scope)
    parts = [tables if bare else f"公开{tables}表"] if rule.scope else []
    parts += [INPUTS.get(name, name) for name in rule.needs]
    return "、".join(parts) or "—"


def rule_text(rule: Rule) -> str:
    """The explanation of one rule (used by ``juesuan rules ID`` and the docs)."""
    lines = [f"{rule.id}　{rule.title}", f"严重程度：{rule.severity.value}　范围：{_scope(rule)}"]
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
        f"- 严重程度：`{rule.severity.value}`；范围：{_scope(rule, bare=True)}；"
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


def _config_example() -> str:
    """The YAML example of the configuration module's docstring."""

    doc = config.__doc__ or ""
    block = doc.split("::", 1)[1].split("\n\n", 2)[1] if "::" in doc else ""
    return textwrap.dedent(block).rstrip()


def render() -> str:
    lines = ["# 校验规则（由 `python -m juesuan.check.docs` 生成，请勿手改）", ""]
    lines.append(
        "每条规则有稳定编号、严重程度、范围与容差；通过/不通过示例即该规则的测试。尾数政策见 `rounding-tail`。"
    )
    lines.append("")
    lines += [
        "## 配置：预设、尾数政策、严重程度、豁免",
        "",
        "`juesuan check --config 文件` 与 `juesuan build --config 文件` 读取如下 YAML"
        "（`--strict` 等于 `extends: strict`，且有警告即退出码 1）。",
        "",
        "```yaml",
        _config_example(),
        "```",
        "",
        "## JSON 输出（`--format json`）",
        "",
        "```text",
        '{"findings": [{"rule", "severity", "message", "expected", "actual", "difference",',
        '               "locations": [{"table", "row", "code", "column", "page", "line", "path", "field"}]}],',
        ' "summary": {"error", "warning", "info"},',
        ' "coverage": {"run": [...], "not_run": [{"rule", "reason"}], "crashed", "disabled", "waived"}}',
        "```",
        "",
        "金额（expected、actual、difference）为万元的十进制字符串；位置中 page 为 PDF 页码（工作簿为第几张表），"
        "line 为输入文件行号（工作簿为行号），field 为行内位置（数据集字段、PDF 横坐标范围或 `表名!C7`）。"
        "`juesuan audit` 的 coverage 另有找到和未找到的表、单元格数与扫描页，见 docs/ingest.md。",
        "",
    ]
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
