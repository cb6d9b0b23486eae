"""What each column of a printed table holds, read from the structure of its header.

A header is the block of rows above the first data row. Every leaf column gets its *path*: the texts of the
header cells above it, top to bottom (a merged cell counts for every column it spans), so a two-level
header such as 本年支出 › 基本支出 or 公务用车购置及运行维护费 › 小计 › 预算数 is kept whole, and a column
literally titled 合计 is a column, not the 合计 row. From its path a column is a *code* column (科目编码,
or 类 / 款 / 项 printed apart), a *label* column (项目, 科目名称), the 行次 column, or a *value* column.

Columns fall into *segments*: a run of label/code columns and the value columns after it. A two-sided
summary (收入 | 支出) has two, a 经济分类 table printed in blocks has one per block.

Value columns are matched to the profile's columns by meaning: the leaf header and the group above it, by
exact spelling first and then by similarity (rapidfuzz), one profile column per printed column. A printed
column that matches nothing is *unknown* (its values are not read, and a problem names it); a profile
column that no printed column matches is *missing*. Nothing is assigned by distance alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ..profiles.model import ColumnSpec
from .cells import is_amount, is_code, is_int

_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "‘": "", "’": "", "(": "（", ")": "）", ":": "：", " ": ""})
CODE_PARTS = ("类", "款", "项")
_LABEL_EXACT = {"项目", "科目名称", "科目", "名称", "项目名称", "支出项目", "收入项目", "预算科目"}
_LINE = {"行次"}
_NUMBER_ROW = {"栏次"}
_TOTALS = {"合计", "小计"}
# Leaf headers that mean the same amount in different layouts (one value column per side/table).
_SAME = [{"决算数", "金额", "本年决算数", "决算金额", "本年数"}]
MATCH_THRESHOLD = 80.0


def norm(text: str) -> str:
    """A header or label for comparison: no whitespace, quotes or ordinal prefix; full-width brackets."""
    text = re.sub(r"\s+", "", text).translate(_QUOTES)
    return re.sub(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、])", "", text)


def is_label_header(text: str) -> bool:
    t = norm(text)
    return t in _LABEL_EXACT or bool(re.fullmatch(r"项目（.*）|.*名称|科目（.*）", t))


def is_code_header(text: str) -> bool:
    t = norm(text)
    return t in CODE_PARTS or (("编码" in t or "代码" in t or t.endswith("分类")) and "名称" not in t)


@dataclass
class Column:
    """One printed leaf column: its index in the grid, its header path, 栏次 and role."""

    index: int
    path: tuple[str, ...]
    number: int | None = None
    role: str = "value"  # "code", "code_part", "label", "line", "value"
    spec: ColumnSpec | None = None  # the profile column it prints, for value columns

    @property
    def leaf(self) -> str:
        return self.path[-1] if self.path else ""

    @property
    def title(self) -> str:
        return "›".join(self.path) or f"第{self.index + 1}列"


@dataclass
class Segment:
    """Label/code columns and the value columns that follow them."""

    columns: list[Column] = field(default_factory=list)
    name: str = ""  # the header over the whole segment (收入 / 支出 / 人员经费 …)

    def role(self, role: str) -> list[Column]:
        return [c for c in self.columns if c.role == role]

    @property
    def values(self) -> list[Column]:
        return self.role("value")

    @property
    def first(self) -> int:
        return self.columns[0].index

    @property
    def last(self) -> int:
        return self.columns[-1].index


def role_of(path: tuple[str, ...]) -> str:
    if not path:
        return "value"
    leaf = norm(path[-1])
    if leaf in _LINE:
        return "line"
    if leaf in CODE_PARTS:
        return "code_part"
    if is_label_header(leaf):
        return "label"
    if is_code_header(leaf):
        return "code"
    if any(is_code_header(p) for p in path) and leaf not in _TOTALS and not any(is_label_header(p) for p in path):
        return "code"
    return "value"


def segments_of(columns: list[Column]) -> list[Segment]:
    """Split the columns into segments: a new one starts at a label/code/行次 column after a value column."""
    out: list[Segment] = []
    current = Segment()
    seen_value = False
    for col in columns:
        if col.role != "value" and seen_value:
            out.append(current)
            current, seen_value = Segment(), False
        current.columns.append(col)
        seen_value = seen_value or col.role == "value"
    if current.columns:
        out.append(current)
    for seg in out:
        seg.name = _common_top(seg)
    return out


def _common_top(seg: Segment) -> str:
    tops = {c.path[0] for c in seg.columns if len(c.path) > 1}
    return next(iter(tops)) if len(tops) == 1 else ""


# ---- matching printed value columns to the profile's columns -------------------------------------------------


def _same(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _SAME)


def _similarity(a: str, b: str) -> float:
    if not a and not b:
        return 100.0
    if not a or not b:
        return 0.0
    if _same(a, b):
        return 100.0
    return float(fuzz.ratio(a, b))


_GENERIC = _TOTALS | {"金额", "决算数", "预算数"}


def _score(spec: ColumnSpec, col: Column, shared: int) -> float:
    """How well a printed column's header path spells a profile column (0–101).

    The leaf must match the profile header, or be a generic 合计/小计/金额 under a header that does; the
    profile's group must match an ancestor, the nearest counting most (5 points less per level up); a
    合计 and a 小计 under a group both print the group's total. Exact spellings earn half a point each.
    """
    full = [norm(p) for p in col.path] or [""]
    leaf = full[-1]
    every = [a for a in reversed(full[:-1]) if a]  # nearest first
    own = [a for a in reversed(full[shared:-1]) if a]  # without the levels every column shares
    want_leaf, want_group = norm(spec.header), norm(spec.group or "")
    s_leaf = _similarity(want_leaf, leaf)
    if leaf in _TOTALS and want_leaf in _TOTALS and (every or want_group):
        s_leaf = 100.0
    if leaf in _GENERIC and own and not want_group:
        s_leaf = max(s_leaf, _similarity(want_leaf, own[0]))
        own = own[1:]
    if not want_group:
        s_group = 100.0 - 2 * len(own)
    else:
        levels = [a for a in every if a not in _TOTALS or want_group in _TOTALS]
        s_group = max((_similarity(want_group, a) - 5 * k for k, a in enumerate(levels)), default=0.0)
    ancestors = every
    bonus = (0.5 if want_leaf == leaf else 0.0) + (
        0.5 if want_group and ancestors and ancestors[0] == want_group else 0.0
    )
    return min(s_leaf, s_group) + bonus


def match_columns(specs: list[ColumnSpec], columns: list[Column]) -> tuple[dict[str, Column], list[Column]]:
    """Profile column key → printed column, and the printed value columns that match none.

    One column only: it is the table's (or side's) single amount column whatever it is titled. Otherwise
    pairs are taken best score first (ties: the leftmost printed column), each side at most once.
    """
    key = [spec.key or spec.header for spec in specs]
    if len(specs) == 1 and len(columns) == 1:
        columns[0].spec = specs[0]
        return {key[0]: columns[0]}, []
    shared = _shared_depth(columns)
    pairs = []
    for i, spec in enumerate(specs):
        for j, col in enumerate(columns):
            score = _score(spec, col, shared)
            if spec.number is not None and col.number == spec.number:
                score += 1.0
            if score >= MATCH_THRESHOLD:
                pairs.append((-score, j, i))
    pairs.sort()
    out: dict[str, Column] = {}
    used: set[int] = set()
    for _, j, i in pairs:
        if key[i] in out or j in used:
            continue
        out[key[i]] = columns[j]
        columns[j].spec = specs[i]
        used.add(j)
    return out, [c for j, c in enumerate(columns) if j not in used]


def _shared_depth(columns: list[Column]) -> int:
    """How many leading header levels every value column shares (a title row spanning the table)."""
    if len(columns) < 2:
        return 0
    depth = 0
    while all(len(c.path) > depth + 1 for c in columns) and len({c.path[depth] for c in columns}) == 1:
        depth += 1
    return depth


# ---- the header block of a grid ---------------------------------------------------------------------------


def is_data_text(text: str) -> bool:
    """Text that only a data row prints: an amount that is not a small integer, or a 科目编码."""
    t = re.sub(r"\s+", "", text)
    if not t:
        return False
    return (is_amount(t) and not is_int(t)) or is_code(t)


def number_row(texts: list[str]) -> dict[int, int] | None:
    """The 栏次 row: column index → 栏次 number, when every non-label cell of the row is a small integer."""
    numbers = {}
    labels = 0
    for i, t in enumerate(texts):
        t = re.sub(r"\s+", "", t)
        if not t:
            continue
        if is_int(t):
            numbers[i] = int(t)
        elif t in _NUMBER_ROW or is_label_header(t) or t in CODE_PARTS:
            labels += 1
        else:
            return None
    if not numbers:
        return None
    if labels or len(numbers) >= 3:
        return numbers
    return None
