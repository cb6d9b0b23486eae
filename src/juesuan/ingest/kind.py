"""What kind of document this is: a 部门决算 (final accounts), a 部门预算 (budget), or something else.

Read from the document's own words, not its file name (crawled files are often misnamed): the title on
its first pages ("2024 年度部门决算", "2026 年部门预算", "单位预算公开", "预算01表"), else which of 决算 and
预算 its opening pages name more often, else whether the layout's 决算 tables were found at all.
"""

from __future__ import annotations

import re

from ..model.reading import BUDGET, FINAL_ACCOUNTS, OTHER
from .document import Document

_TITLE = re.compile(
    r"(?:部门|单位)(决算|预算)|(?:年度?|本级|汇总|）|\))(决算|预算)(?:公开|报告|信息|情况|说明|报表|表|$|\d|[^\u4e00-\u9fff])"
)
_BUDGET_TABLE = re.compile(r"预算\d+表|收支预算总表|支出预算表|收入预算表")
# 预算 inside a fund's name or a 决算 table's column (年初预算数) says nothing about the document's kind
_FUND_WORDS = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|预算数|预算单位|预算绩效|预算管理")
_TRAILING = re.compile(r"[^\u4e00-\u9fff0-9（）]+$")
HEAD_CHARS = 4000
TITLE_CHARS = 400


def _head(doc: Document, pages: int = 4) -> str:
    texts = [p.text for p in doc.pages[:pages] if not p.scanned]
    if not texts:  # plain text, DOCX: one page
        texts = [doc.pages[0].text] if doc.pages else []
    return re.sub(r"\s+", "", "".join(texts))[:HEAD_CHARS]


def document_kind(doc: Document, tables_found: int = 0) -> tuple[str, str]:
    """(kind, Chinese reason)."""
    head = _head(doc)
    if not head:
        return OTHER, "没有可读的文字"
    title = _TITLE.search(head[:TITLE_CHARS])
    if title is not None:
        kind = FINAL_ACCOUNTS if (title.group(1) or title.group(2)) == "决算" else BUDGET
        start = head.rfind("年", 0, title.start() + 1)
        words = head[start - 4 if 0 <= title.start() - start < 6 else title.start() : title.end()]
        return kind, f"开头写明“{_TRAILING.sub('', words)}”"
    counted = _FUND_WORDS.sub("", head)
    finals, budgets = counted.count("决算"), counted.count("预算")
    if _BUDGET_TABLE.search(head) and finals == 0:
        return BUDGET, "表名为预算表（如“预算01表”“收支预算总表”），未提到决算"
    if finals >= 3 and finals > budgets:
        return FINAL_ACCOUNTS, f"开头几页提到“决算”{finals} 次、“预算”{budgets} 次"
    if budgets >= 3 and budgets > finals:
        return BUDGET, f"开头几页提到“预算”{budgets} 次、“决算”{finals} 次"
    if tables_found >= 2:
        return FINAL_ACCOUNTS, f"找到 {tables_found} 张部门决算公开表"
    return OTHER, "既没有部门决算或部门预算的标题，也没有找到部门决算公开表"
