"""第四部分 名词解释, assembled from what the report uses.

Entries: the income sources named in 本年收入的具体构成, every 支出功能分类 类/款/项 printed in the tree
tables (02, 03, 05 in Jiangxi), and the terms of the narrative (“三公”经费, 机关运行经费). Definitions come
from ``data/glossary.yaml`` (by code, then by name, then by a name pattern) and the dataset's
``report.glossary`` (which wins). A used item without a definition gets a 【待补充：名词解释】 mark.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ..model.blocks import Block, Heading, Paragraph, Run
from ..model.tables import TableSet
from .wording import Writer, chinese_number

DATA = Path(__file__).parent / "data" / "glossary.yaml"


@cache
def definitions() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Entry:
    name: str
    definition: str | None
    key: str


def functional_items(tables: TableSet, table_ids: Iterable[str]) -> list[tuple[str, str]]:
    """(code, name) of every 支出功能分类 row with a code printed in the given tree tables, by code."""
    seen: dict[str, str] = {}
    for table_id in table_ids:
        try:
            table = tables[table_id]
        except KeyError:
            continue
        if table.layout != "tree":
            continue
        for row in table.rows:
            if row.code:  # a tree table prints only the codes that have data
                seen.setdefault(row.code, row.label)
    return sorted(seen.items())


def define_functional(code: str, name: str, overrides: dict[str, str]) -> str | None:
    data = definitions()
    for key in (code, name):
        if key in overrides:
            return overrides[key]
    if code in data.get("functional", {}):
        return str(data["functional"][code])
    if name in data.get("by_name", {}):
        return str(data["by_name"][name])
    for pattern in data.get("patterns", []):
        match = re.match(pattern["match"], name)
        if match:
            return str(pattern["text"]).format(*match.groups())
    return None


_LEVEL = {3: "类", 5: "款", 7: "项"}


def _titled(items: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(code, name, entry title): a name used by several codes is qualified so that no two entries read the
    same: by its parent's name (事业运行 under 财政事务 and under 审计事务), or by its level when the parent
    has the same name (职业教育 as 款 and as 项)."""
    names = dict(items)
    counts = Counter(names.values())
    titled = []
    for code, name in items:
        title = name
        if counts[name] > 1:
            parent = names.get(code[:-2]) if len(code) > 3 else None
            title = f"{name}（{parent}）" if parent and parent != name else f"{name}（{_LEVEL.get(len(code), code)}）"
        titled.append((code, name, title))
    return titled


def glossary_blocks(
    tables: TableSet,
    *,
    income_labels: Iterable[str],
    terms: Iterable[str],
    tree_tables: Iterable[str],
    groups: dict[str, str],
    overrides: dict[str, str],
    writer: Writer,
) -> list[Block]:
    """The headings and entries of 名词解释; missing definitions are recorded in ``writer``."""
    data = definitions()
    sections: list[tuple[str, list[Entry]]] = [
        (
            groups["income"],
            [Entry(n, overrides.get(n, data["income"].get(n)), f"glossary.{n}") for n in dict.fromkeys(income_labels)],
        ),
        (
            groups["functional"],
            [
                Entry(title, define_functional(code, name, overrides), f"glossary.{code}")
                for code, name, title in _titled(functional_items(tables, tree_tables))
            ],
        ),
        (
            groups["terms"],
            [Entry(t, overrides.get(t, data["terms"].get(t)), f"glossary.{t}") for t in dict.fromkeys(terms)],
        ),
    ]
    writer.section = "名词解释"
    blocks: list[Block] = []
    group = 0
    for title, entries in sections:
        if not entries:
            continue
        group += 1  # an empty group is left out and the next takes its number (一、收入科目 二、相关专业名词)
        plain = re.sub(r"^[一二三四五六七八九十]+、", "", title)
        blocks.append(Heading(f"{chinese_number(group)}、{plain}", level=1, in_toc=False))
        for number, entry in enumerate(entries, 1):
            lead = Run(f"（{chinese_number(number)}）{entry.name}：")
            if entry.definition:
                blocks.append(Paragraph((lead, Run(entry.definition))))
            else:
                mark = writer.placeholder(entry.key, f"{entry.name}的名词解释", f"report.{entry.key}")
                blocks.append(Paragraph((lead, mark)))
    return blocks
