"""Performance-evaluation tables (绩效自评表) in an ingested document → :class:`juesuan.model.evaluations.Evaluation`.

A table is recognised by its header row: an 一级指标 column, a 分值 column and a 得分 column (other columns:
二级/三级… 指标 or 指标内容, 指标值 / 年度指标值, 实际完成值, 得分率, 偏差原因分析及改进措施). Below it, every row
until the 总分 / 合计 row (or the first line that is not a table row) is an indicator:

* the deepest level column with a name gives the row's indicator, which carries the row's values (分值, 得分,
  指标值, 实际完成值, 得分率, 偏差原因); a name in a shallower column opens a new indicator at that level, a blank
  (merged) one continues the indicator above, and a name repeating the open indicator at its level (a merged
  cell a reader repeats) continues it too;
* a level name may carry its 分值, "产出指标（50分）";
* the 项目资金 block above the header (年初预算数 全年预算数 全年执行数 分值 执行率 得分, row 年度资金总额) is the
  预算执行率 indicator, first among the 一级;
* the 总分 row gives the stated total and the full score.

Around the table (the rows from its title down to the header, and the few lines after the 总分 row) the
extractor reads 项目名称 / 部门（单位）名称, 评价类型, 评价金额（万元）and the grade (评价等级, 所述等级,
评价结果为“优”); the kind comes from 评价类型, else the title (部门整体支出… → 部门整体支出评价; …评价表
without 自评, or a 部门评价 heading → 部门评价; else 项目自评). Nothing is invented: a value that is not
printed stays None, no scoring method is assumed and no indicator ``key`` is guessed (the document does not
say which indicators are the same survey), so the rules that need those are "not run", never a finding.

Every value keeps its place (:class:`~juesuan.model.source.SourceRef`): path, line (text, HTML, DOCX) or page
(PDF, workbook sheet), and ``field`` (``sheet!C7`` in a workbook, ``y=…`` in a PDF).

Readers: grid lines (HTML, DOCX, XLSX, tab text: one cell per column, in order) are read as they are. A PDF's
evaluation pages (text with 一级指 … 分值 … 得分) are read again with pdfplumber's ruled-table finder, since the
PDF reader positions only the pages of the 公开表.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from typing import Any

from ..derive.query import NotRun, Tables, evaluate
from ..model.evaluations import KINDS, Evaluation, Indicator, Target
from ..model.money import YUAN_PER_WAN, round_to_cents_of_wan
from ..model.source import SourceRef
from ..model.tables import TableSet
from ..perf.grades import scales
from .document import Document

_LEVEL = re.compile(r"^([一二三四五六])级指标")
_LEVELS = "一二三四五六"
_TOTAL = {"总分", "合计", "总计", "得分合计", "分值合计", "总得分"}
_TITLE = re.compile(r"绩效(?:自评|评价)(?:表|结果表|情况表)|评价得分情况表|绩效自评|整体支出绩效")
_HEADING = re.compile(r"^(?:附件[一二三四五六七八九十\d]*|第[一二三四五六七八九十]+部分)")
_NUMBER = re.compile(r"^[-−]?\d+(?:\.\d+)?$")
_WEIGHT_IN_NAME = re.compile(r"[（(]?\s*(\d+(?:\.\d+)?)\s*分\s*[)）]?$")
_TARGET = re.compile(r"^(≥|>=|＞=|不低于|不少于|≤|<=|＜=|不高于|不超过|不多于|=|＝)?\s*(\d+(?:\.\d+)?)\s*(.*)$")
_LE = ("≤", "<=", "＜=", "不高于", "不超过", "不多于")
_GE = ("≥", ">=", "＞=", "不低于", "不少于")
AFTER = 8  # lines read after the 总分 row for the subject, kind, amount and grade
BEFORE = 40  # lines looked back from the header for the title


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


@dataclass(frozen=True)
class Cell:
    text: str | None  # None: a merged cell (continues the one above or to the left)
    ref: SourceRef


@dataclass(frozen=True)
class Row:
    """One table row or text line: its cells in column order and the place of the line."""

    cells: tuple[Cell, ...]
    ref: SourceRef

    def texts(self) -> list[str]:
        return [_clean(c.text) for c in self.cells]

    @property
    def text(self) -> str:
        return " ".join(c.text.strip() for c in self.cells if c.text and c.text.strip())


@dataclass
class Columns:
    levels: list[int]  # column index of 一级, 二级, …
    weight: int
    score: int
    target: int | None = None
    actual: int | None = None
    rate: int | None = None
    explanation: int | None = None
    headers: dict[int, str] = field(default_factory=dict)


def _role(text: str) -> str | None:
    """The value column a header cell names (rate, weight, score, target, actual, explanation), or None."""
    if text.startswith("得分率"):
        return "rate"
    if text in ("权重", "权重（分）") or text.startswith("分值"):
        return "weight"
    if text in ("得分", "得分（分）", "实际得分", "自评得分", "评价得分"):
        return "score"
    if "指标值" in text or "目标值" in text:
        return "target"
    if "完成值" in text or text in ("实际值", "实际完成情况"):
        return "actual"
    if "偏差" in text or "原因" in text:
        return "explanation"
    return None


def header_columns(row: Row) -> Columns | None:
    """The column roles of an evaluation table's header row, or None when ``row`` is not one."""
    texts = row.texts()
    levels: dict[int, int] = {}
    roles: dict[str, int] = {}
    for i, text in enumerate(texts):
        if not text:
            continue
        level = _LEVEL.match(text)
        if level:
            levels.setdefault(_LEVELS.index(level.group(1)), i)
        elif text in ("指标内容", "指标名称") and levels:
            levels.setdefault(max(levels) + 1, i)
        elif (role := _role(text)) is not None:
            roles.setdefault(role, i)
    if 0 not in levels or "weight" not in roles or "score" not in roles:
        return None
    order = [levels[k] for k in sorted(levels)]
    if order != sorted(order) or max(order) > min(roles.values()):
        return None  # names come first, then the values
    return Columns(order, roles["weight"], roles["score"], roles.get("target"), roles.get("actual"),
                   roles.get("rate"), roles.get("explanation"), {i: t for i, t in enumerate(texts) if t})  # fmt: skip


def _decimal(text: str) -> Decimal | None:
    raw = _clean(text).replace(",", "").replace("−", "-").removesuffix("分")
    if not _NUMBER.match(raw):
        return None
    try:
        return Decimal(raw)
    except InvalidOperation:
        return None


def _percent(text: str) -> Decimal | None:
    raw = _clean(text)
    return _decimal(raw[:-1]) if raw.endswith(("%", "％")) else _decimal(raw)


def _target(text: str) -> Target | None:
    raw = _clean(text)
    if not raw:
        return None
    found = _TARGET.match(raw)
    if not found:
        return Target("qualitative", text=raw)
    symbol, number, unit = found.groups()
    direction = "le" if symbol in _LE else ("ge" if symbol in _GE else "eq")
    return Target(direction, Decimal(number), unit.replace("％", "%"), raw)


def _actual(text: str) -> Decimal | None:
    """A stated number (with its unit after it: 123人, 96.72%), or None for text."""
    found = re.match(r"^(\d+(?:\.\d+)?)\s*(%|％|[\u4e00-\u9fff]{0,3})$", _clean(text))
    return Decimal(found.group(1)) if found else None


@dataclass
class _Node:
    name: str
    level: int
    ref: SourceRef
    values: dict[str, Any] = field(default_factory=dict)
    refs: dict[str, SourceRef] = field(default_factory=dict)
    children: list[_Node] = field(default_factory=list)

    def freeze(self, path: str) -> Indicator:
        kids = tuple(c.freeze(f"{path}.children[{i}]") for i, c in enumerate(self.children))
        return Indicator(name=self.name, children=kids, path=path, refs={"": self.ref, **self.refs}, **self.values)


def _cell(row: Row, index: int | None) -> Cell | None:
    if index is None or index >= len(row.cells):
        return None
    return row.cells[index]


def _text(row: Row, index: int | None) -> str:
    cell = _cell(row, index)
    return (cell.text or "").strip() if cell else ""


def _is_total(row: Row, cols: Columns) -> bool:
    return any(_clean(t) in _TOTAL for t in row.texts()[: max(cols.levels) + 1])


def _values(node: _Node, row: Row, cols: Columns, problems: list[str]) -> None:
    """Put the row's 分值, 得分, 得分率, 指标值, 实际完成值 and 偏差原因 on ``node``."""
    for name, index in (("weight", cols.weight), ("score", cols.score), ("rate", cols.rate)):
        cell = _cell(row, index)
        text = _clean(cell.text if cell else "")
        if not text or text in ("-", "--", "—", "——", "/", "－"):
            continue
        value = _percent(text) if name == "rate" else _decimal(text)
        if value is None:
            problems.append(
                f"{_where(row.ref)}「{node.name}」{cols.headers.get(index or 0, name)}“{text}”不是数字，未读取"
            )
            continue
        assert cell is not None
        node.values[name] = value
        node.refs[name] = cell.ref
    target_cell = _cell(row, cols.target)
    target = _target(target_cell.text or "") if target_cell else None
    if target is not None and target_cell is not None:
        node.values["target"] = target
        node.refs["target"] = target_cell.ref
    actual_cell = _cell(row, cols.actual)
    if actual_cell is not None and _clean(actual_cell.text):
        node.values["actual_text"] = (actual_cell.text or "").strip()
        number = _actual(actual_cell.text or "")
        if number is not None:
            node.values["actual"] = number
        node.refs["actual"] = actual_cell.ref
    explanation = _text(row, cols.explanation)
    if explanation:
        node.values["explanation"] = explanation
        cell = _cell(row, cols.explanation)
        assert cell is not None
        node.refs["explanation"] = cell.ref


def _where(ref: SourceRef) -> str:
    if ref.page is not None:
        return f"第{ref.page}页" + (f"第{ref.line}行" if ref.line is not None else "")
    return f"第{ref.line}行" if ref.line is not None else ""


@dataclass
class _Table:
    header: int  # row index of the header
    end: int  # row index after the last row read (the 总分 row included)
    cols: Columns
    top: list[_Node]
    total: Row | None
    problems: list[str]


def _read_table(rows: Sequence[Row], start: int, cols: Columns) -> _Table:
    top: list[_Node] = []
    open_: dict[int, _Node] = {}  # level → the open indicator at that level
    problems: list[str] = []
    width = max([*cols.levels, cols.weight, cols.score]) + 1
    total: Row | None = None
    index = start + 1
    while index < len(rows):
        row = rows[index]
        if len(row.cells) < width or header_columns(row) is not None:
            break  # a paragraph, another table, or the header repeated on the next page
        index += 1
        if _is_total(row, cols):
            total = row
            break
        names = [(level, _text(row, col)) for level, col in enumerate(cols.levels)]
        named = [(level, name) for level, name in names if name]
        if not named:
            if any(_text(row, i) for i in (cols.weight, cols.score)):
                problems.append(f"{_where(row.ref)}有分值或得分但没有指标名称，未读取")
            continue
        deepest = named[-1][0]
        node: _Node | None = None
        for level, name in named:
            weight = _WEIGHT_IN_NAME.search(name)
            plain = _WEIGHT_IN_NAME.sub("", name).strip()
            current = open_.get(level)
            if level < deepest and current is not None and _clean(current.name) == _clean(plain):
                node = current
                continue
            cell = _cell(row, cols.levels[level])
            assert cell is not None
            node = _Node(plain, level, cell.ref)
            if weight:
                node.values["weight"] = Decimal(weight.group(1))
                node.refs["weight"] = cell.ref
            parent = next((open_[k] for k in range(level - 1, -1, -1) if k in open_), None)
            (parent.children if parent else top).append(node)
            open_ = {k: v for k, v in open_.items() if k < level}
            open_[level] = node
        assert node is not None
        _values(node, row, cols, problems)
    return _Table(start, index, cols, top, total, problems)


def _label_value(rows: Sequence[Row], labels: tuple[str, ...]) -> tuple[str, SourceRef] | None:
    """``项目名称：X`` in one cell, or a label cell followed by its value cell."""
    for row in rows:
        cells = [c for c in row.cells if c.text and c.text.strip()]
        for i, cell in enumerate(cells):
            text = cell.text.strip() if cell.text else ""
            for label in labels:
                if not _clean(text).startswith(label):
                    continue
                rest = text[text.find(label[-1]) + 1 :]
                rest = re.sub(r"^\s*(?:[（(][^）)]*[）)])?\s*[:：]?\s*", "", rest).strip()
                if rest:
                    return rest, cell.ref
                if i + 1 < len(cells) and cells[i + 1].text:
                    return (cells[i + 1].text or "").strip(), cells[i + 1].ref
    return None


_GRADE_NAMES = tuple(dict.fromkeys(name for scale in scales().values() for name, _ in scale.bands))


def _grade(rows: Sequence[Row]) -> tuple[str, SourceRef] | None:
    """The stated grade: "所述等级为“优”" first (juesuan's own 附件 print the computed grade beside it), then
    评价等级：优 / 评价等级为“优” / 评价结果为“优”."""
    names = "|".join(sorted(_GRADE_NAMES, key=len, reverse=True))
    for pattern in (
        rf"所述等级为[“\"]({names})[”\"]",
        rf"(?:评价等级|评价结果|等级)(?:[:：]|为)\s*[“\"]?({names})(?![\u4e00-\u9fff])",
    ):
        for row in rows:
            found = re.search(pattern, row.text.replace(" ", ""))
            if found:
                return found.group(1), row.ref
    return None


_FUNDS = {"全年预算数": "budget", "全年执行数": "executed", "执行率": "rate", "分值": "weight", "得分": "score"}


def _funds_columns(row: Row) -> dict[str, int]:
    where: dict[str, int] = {}
    for j, text in enumerate(row.texts()):
        for label, name in _FUNDS.items():
            if text.startswith(label) and (label not in ("分值", "得分") or text == label):
                where.setdefault(name, j)
    return where


def _funds_node(total: Row, where: dict[str, int]) -> _Node | None:
    node = _Node("预算执行率", 0, total.ref)
    for name, j in where.items():
        cell = _cell(total, j)
        value = None if cell is None else (_percent if name == "rate" else _decimal)(cell.text or "")
        if value is None or cell is None:
            continue
        if name == "rate":
            node.values.update(actual=value, actual_text=(cell.text or "").strip())
            node.refs["actual"] = cell.ref
            continue
        node.values[name] = value * YUAN_PER_WAN if name in ("budget", "executed") else value
        node.refs[name] = cell.ref
    return node if "score" in node.values or "weight" in node.values else None


def _funds(rows: Sequence[Row]) -> _Node | None:
    """The 预算执行率 indicator from a 项目资金 block (年初预算数 全年预算数 全年执行数 分值 执行率 得分)."""
    for i, row in enumerate(rows):
        where = _funds_columns(row)
        if not {"weight", "score", "executed"} <= where.keys():
            continue
        for total in rows[i + 1 : i + 3]:
            if any("资金总额" in t for t in total.texts()):
                return _funds_node(total, where)
    return None


def _kind(stated: str | None, context: str) -> str:
    by_name = {v: k for k, v in KINDS.items()}
    if stated and stated.strip() in by_name:
        return by_name[stated.strip()]
    if "部门整体" in context or "整体支出" in context:
        return "department_overall"
    if "部门评价" in context or ("评价" in context and "自评" not in context):
        return "department"
    return "project_self"


def _subject_from_title(title: str) -> str:
    text = re.sub(r"^(?:附件[一二三四五六七八九十\d]*[:：]?|表\s*\d+[:：]?)", "", title.strip())
    text = re.sub(r"（\s*\d{4}\s*年度?\s*）", "", text)
    for tail in ("项目支出绩效自评表", "部门整体支出绩效自评表", "部门整体支出绩效评价表", "项目支出绩效评价表",
                 "绩效自评表", "绩效评价表", "部门整体支出评价", "部门评价", "项目自评"):  # fmt: skip
        text = text.removesuffix(tail)
    return text.removesuffix("项目").strip() or title.strip()


def _is_title(row: Row) -> bool:
    text = _clean(row.text)
    filled = [c for c in row.cells if c.text and c.text.strip()]  # a workbook title spans a merged range
    return len(filled) <= 2 and len(text) <= 60 and bool(_TITLE.search(text) or _HEADING.match(text))


def _after(rows: Sequence[Row], start: int) -> list[Row]:
    """The lines after a table's 总分 row that still belong to it (up to the next title or table)."""
    after: list[Row] = []
    for row in rows[start : start + AFTER]:
        if header_columns(row) is not None or (_is_title(row) and "等级" not in row.text):
            break
        after.append(row)
    return after


def _stated(before: list[Row], after: list[Row], values: dict[str, Any], refs: dict[str, SourceRef]) -> None:
    """The amount and the grade printed around the table."""
    around = before + after
    amount = _label_value(around, ("评价金额",))
    if amount and (value := _decimal(re.sub(r"万?元$", "", amount[0].split("（")[0]))) is not None:
        in_yuan = bool(re.search(r"评价金额[（(]元[)）]|[^万]元$", _clean(amount[0])))
        values["amount"] = value if in_yuan else value * YUAN_PER_WAN
        refs["amount"] = amount[1]
    grade = _grade(after + list(reversed(before)))
    if grade:
        values["grade"] = grade[0]
        refs["grade"] = grade[1]
        values["grades"] = next(k for k, s in scales().items() if grade[0] in {n for n, _ in s.bands})


def _totals(table: _Table, values: dict[str, Any], refs: dict[str, SourceRef]) -> None:
    """The 总分 row: the stated total, the full score (its 分值) and the total 得分率."""
    if table.total is None:
        return
    cols = table.cols
    for name, col in (("score", cols.score), ("total_weight", cols.weight), ("rate", cols.rate)):
        cell = _cell(table.total, col)
        if cell is None:
            continue
        value = _percent(cell.text or "") if name == "rate" else _decimal(cell.text or "")
        if value is not None and (name != "total_weight" or value > 0):
            values[name] = value
            refs["indicators" if name == "total_weight" else name] = cell.ref


def _evaluation(number: int, rows: Sequence[Row], table: _Table, lo: int, after: list[Row]) -> Evaluation:
    index = table.header
    titles = [i for i in range(lo, index) if _is_title(rows[i])]
    first = titles[0] if titles else max(lo, index - 12)
    heading_rows = [rows[i] for i in titles]
    before = list(rows[first:index])
    around = before + after
    title_row = next((r for r in reversed(heading_rows) if _TITLE.search(_clean(r.text))), None)
    title_row = title_row or (heading_rows[-1] if heading_rows else None)
    title = title_row.text if title_row else ""
    kind_stated = _label_value(around, ("评价类型",))
    kind = _kind(kind_stated[0] if kind_stated else None, " ".join(r.text for r in heading_rows))
    subject = _label_value(
        around, ("项目名称", "部门（单位）名称", "部门(单位)名称", "单位名称", "部门名称", "预算部门")
    )
    refs: dict[str, SourceRef] = {"": title_row.ref if title_row else rows[index].ref}
    if subject:
        refs["subject"] = subject[1]
    values: dict[str, Any] = {}
    _stated(before, after, values, refs)
    _totals(table, values, refs)
    nodes = list(table.top)
    funds = _funds(before)
    if funds is not None:
        nodes.insert(0, funds)
    path = f"evaluations[{number}]"
    indicators = tuple(n.freeze(f"{path}.indicators[{i}]") for i, n in enumerate(nodes))
    return Evaluation(
        id=f"e{number + 1}", kind=kind, subject=subject[0] if subject else _subject_from_title(title),
        indicators=indicators, title=title, path=path, refs=refs, **values,
    )  # fmt: skip


def evaluations_from_rows(rows: Sequence[Row]) -> tuple[list[Evaluation], list[str]]:
    """Every evaluation table in ``rows`` (document order), and the values that could not be read. The title
    is the nearest title line above the header, not before the previous table's last line."""
    out: list[Evaluation] = []
    problems: list[str] = []
    previous_end = 0
    index = 0
    while index < len(rows):
        cols = header_columns(rows[index])
        if cols is None:
            index += 1
            continue
        table = _read_table(rows, index, cols)
        problems += table.problems
        after = _after(rows, table.end)
        out.append(_evaluation(len(out), rows, table, max(previous_end, index - BEFORE), after))
        previous_end = table.end + len(after)
        index = max(previous_end, index + 1)
    return out, problems


def _grid_rows(doc: Document) -> list[Row]:
    rows = []
    for page in doc.pages:
        if page.scanned:
            continue
        for line in page.lines:
            base = SourceRef(doc.path, line=line.number, page=page.number)
            cells = []
            for i, cell in enumerate(line.cells):
                place = f"{line.sheet}!{_column_letter(i)}{line.number}" if line.sheet else None
                cells.append(Cell(cell.text, replace(base, field=place) if place else base))
            rows.append(Row(tuple(cells), base))
    return rows


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _pdf_candidate(text: str) -> bool:
    raw = _clean(text)
    return "一级指" in raw and "分值" in raw and "得分" in raw


def _pdf_lines(page: Any, number: int, path: str, box: tuple[float, float], tag: str) -> list[Row]:
    top, bottom = box
    if bottom - top < 1:
        return []
    text = page.crop((0, top, page.width, bottom)).extract_text() or ""
    out = []
    for k, line in enumerate(t for t in text.splitlines() if t.strip()):
        ref = SourceRef(path, page=number, field=f"{tag}{k + 1}")
        out.append(Row((Cell(line.strip(), ref),), ref))
    return out


def _pdf_table(page: Any, table: Any, number: int, path: str) -> list[Row]:
    """A ruled table's rows. In the name columns, a cell pdfplumber leaves out (merged, or a cell whose
    bottom rule is on the next page) is rebuilt from the column's horizontal rules: the block of the column
    between two rules is one name, given to the first row inside it (the rows after it continue it)."""
    rows: list[Row] = []
    cols: Columns | None = None
    blocks: dict[int, list[float]] = {}
    started: set[tuple[int, float]] = set()
    x_of: dict[int, tuple[float, float]] = {}
    for cells, row in zip(table.extract(), table.rows, strict=True):
        ref = SourceRef(path, page=number, field=f"y={row.bbox[1]:.0f}")
        texts = [_pdf_text(c) for c in cells]
        grid = Row(tuple(Cell(t, ref) for t in texts), ref)
        found = header_columns(grid)
        if found is not None:
            cols, blocks, started = found, {}, set()
            x_of = {i: (b[0], b[2]) for i, b in enumerate(row.cells) if b is not None}
            header_bottom = min((b[3] for b in row.cells if b is not None), default=row.bbox[3])
            for index in found.levels:
                if index in x_of:
                    centre = sum(x_of[index]) / 2
                    tops = {
                        float(e["top"])
                        for e in page.edges
                        if e["orientation"] == "h"
                        and float(e["x0"]) <= centre <= float(e["x1"])
                        and header_bottom - 1 <= float(e["top"])
                    }
                    blocks[index] = sorted(tops | {float(table.bbox[3])})  # fmt: skip
        elif cols is not None:
            bottom = min((b[3] for b in row.cells if b is not None), default=row.bbox[3])  # its own height
            middle = (row.bbox[1] + bottom) / 2
            for index, edges in blocks.items():
                if index >= len(texts) or texts[index] is not None:
                    continue
                lower = max((e for e in edges if e <= middle), default=row.bbox[1])
                upper = min((e for e in edges if e > middle), default=float(table.bbox[3]))
                if (index, lower) in started:
                    texts[index] = ""
                    continue
                started.add((index, lower))
                x0, x1 = x_of[index]
                texts[index] = _clean(page.crop((x0, lower, x1, upper)).extract_text() or "")
            for index, edges in blocks.items():
                if index < len(texts) and texts[index]:
                    lower = max((e for e in edges if e <= middle), default=row.bbox[1])
                    started.add((index, lower))
            grid = Row(tuple(Cell(t, ref) for t in texts), ref)
        rows.append(grid)
    return rows


def _remap(rows: list[Row], header: Row) -> list[Row] | None:
    """Rows of a table continued on a new page, laid out on the header's columns (the finder may split the
    columns differently there): same count, or as many as the header's non-merged cells."""
    width = len(header.cells)
    kept = [i for i, c in enumerate(header.cells) if c.text is not None]
    out = []
    for row in rows:
        if len(row.cells) == width:
            out.append(row)
        elif len(row.cells) == len(kept):
            cells = [Cell(None, row.ref)] * width
            for j, i in enumerate(kept):
                cells[i] = row.cells[j]
            out.append(Row(tuple(cells), row.ref))
        else:
            return None
    return out


def _pdf_rows(doc: Document) -> list[Row]:
    """The evaluation pages of a PDF: the text lines around each ruled table and the table's rows (pdfplumber),
    page by page. A table that ends its page without a 总分 row continues in the first table of the next page
    (its rows are laid out on the header's columns; the footer and page header between are skipped)."""
    import pdfplumber

    found = {p.number for p in doc.pages if p.number is not None and not p.scanned and _pdf_candidate(p.text)}
    candidates = found | {n - 1 for n in found if n > 1}  # the title may be on the page before
    rows: list[Row] = []
    open_header: Row | None = None  # header of a table still open at the end of the previous page
    tail: list[Row] = []  # text below that table, kept back until we know whether it continues
    with pdfplumber.open(doc.path) as pdf:
        for number in range(1, len(pdf.pages) + 1):
            if number not in candidates and open_header is None:
                continue
            page = pdf.pages[number - 1]
            tables = sorted(page.find_tables(), key=lambda t: t.bbox[1])
            y = 0.0
            for position, table in enumerate(tables):
                body = _pdf_table(page, table, number, doc.path)
                if position == 0 and open_header is not None:
                    remapped = None if any(header_columns(r) for r in body[:1]) else _remap(body, open_header)
                    if remapped is not None:
                        body = remapped
                        tail = []
                    else:
                        rows += tail + _pdf_lines(page, number, doc.path, (0.0, table.bbox[1]), "上方第")
                else:
                    rows += _pdf_lines(page, number, doc.path, (y, table.bbox[1]), "上方第")
                rows += tail if position else []
                tail = []
                rows += body
                y = table.bbox[3]
                headers = [r for r in body if header_columns(r) is not None]
                if headers:
                    open_header = headers[-1]
                if open_header is not None and any(_is_total(r, header_columns(open_header)) for r in body):  # type: ignore[arg-type]
                    open_header = None
            if not tables:
                rows += tail + _pdf_lines(page, number, doc.path, (0.0, page.height), "第")
                tail, open_header = [], None
                continue
            below = _pdf_lines(page, number, doc.path, (y, page.height), "下方第")
            if open_header is not None:
                tail = below
            else:
                rows += below
            page.flush_cache()
    return rows + tail


def _pdf_text(text: str | None) -> str | None:
    return None if text is None else text.replace("\n", "")


def resolve_amount_basis(evaluations: Sequence[Evaluation], tables: TableSet) -> tuple[Evaluation, ...]:
    """A document does not say whether a 部门整体支出评价's amount is the year's expenditure or the funds
    available: take the basis whose 01 figure the printed amount is nearer to (perf-amount then compares with
    that one)."""

    view = Tables(tables)
    out = []
    for ev in evaluations:
        if ev.kind == "department_overall" and ev.amount is not None:
            try:
                spent = evaluate('cell("01", "expenditure_total", side="支出")', view).value
                available = evaluate('cell("01", "income_grand_total", side="收入")', view).value
            except NotRun:
                out.append(ev)
                continue
            shown = round_to_cents_of_wan(ev.amount)
            basis = "available" if abs(shown - available) < abs(shown - spent) else "expenditure"
            ev = replace(ev, amount_basis=basis)
        out.append(ev)
    return tuple(out)


@dataclass(frozen=True)
class ExtractedEvaluations:
    evaluations: tuple[Evaluation, ...]
    problems: tuple[str, ...] = ()
    note: str = ""  # why nothing was read (a PDF without ``read_pdf``)

    @property
    def indicators(self) -> int:
        return sum(len(e.all_indicators()) for e in self.evaluations)


PDF_NOTE = "PDF 中的绩效评价表暂不读取（表格线识别尚不可靠，见 docs/ingest.md）"


def extract_evaluations(doc: Document, tables: TableSet | None = None, read_pdf: bool = False) -> ExtractedEvaluations:
    """The evaluation tables of ``doc`` as Evaluations (document order), with the values that could not be
    read. ``tables`` (the document's 公开表) settles a 部门整体支出评价's amount basis.

    PDF tables are read only with ``read_pdf`` (experimental): on the corpus, the central report's five
    tables come out right, but some of the Xi'an report's merged cells and totals do not, which would make
    false findings."""
    if doc.kind == "pdf" and not read_pdf:
        return ExtractedEvaluations((), (), PDF_NOTE)
    rows = _pdf_rows(doc) if doc.kind == "pdf" else _grid_rows(doc)
    evaluations, problems = evaluations_from_rows(rows)
    result = tuple(evaluations)
    if tables is not None and tables.tables:
        result = resolve_amount_basis(result, tables)
    return ExtractedEvaluations(result, tuple(problems))


__all__ = ["Cell", "ExtractedEvaluations", "Row", "evaluations_from_rows", "extract_evaluations", "header_columns"]
