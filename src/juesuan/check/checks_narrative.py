"""Narrative checks: the figures stated in a report's text against its tables and against each other, and
defects of the text itself (domain notes §4.3, §4.4, §5).

They read the ``statements`` input (:class:`juesuan.statements.Statements`). Amounts stated in 万元 are
compared in 万元; a table cell is read as printed (rounded to 0.01 万元) and, when the text gives fewer
decimals, rounded to the decimals written. A percentage is recomputed from the printed figures; it passes
when it is their correct rounding, is reported as 尾数 (info) when it is one unit of its last decimal away
(a rounding, or the largest-remainder adjustment that makes shares add up to 100%) or lies within the range
the rounded figures allow (it was computed from unrounded data), and is an error beyond that (a warning
within 0.1 pp).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..derive.query import NotRun, Quantity, Tables, quantity
from ..errors import ProfileError
from ..findings import Finding, Location, Severity
from ..load.tables import read_tables_data
from ..model.money import YUAN_PER_WAN, ZERO
from ..model.source import SourceRef
from ..model.statements import Aspect, Heading, Paragraph, Statement, Statements
from ..model.tables import Table, TableSet
from ..profiles import loader as profiles
from ..statements.extract import extract_statements, numbered_heading
from ..statements.vocabulary import CellSpec, Subject, Vocabulary, default_vocabulary
from ..yamlsrc import LineDict
from .context import TAIL_RULE, RuleContext, describe, location_of
from .inputs import EXAMPLE_READERS

HUNDRED = Decimal(100)
_AMOUNTS = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
_WARN_PP = Decimal("0.1")


# -- reading the input ---------------------------------------------------------------------------------
def _statements(ctx: RuleContext) -> Statements:
    value = ctx.tables.input("statements")
    if not isinstance(value, Statements):
        raise NotRun("statements 输入不是 Statements 对象")
    return value


def read_example(raw: object, where: str) -> Statements:
    """A rule example's ``statements``: the text itself, or ``{text, year}``."""
    if isinstance(raw, str):
        return extract_statements([(None, 1, raw)], path=where)
    if isinstance(raw, dict) and isinstance(raw.get("text"), str):
        year = raw.get("year")
        return extract_statements([(None, 1, raw["text"])], path=where, year=int(year) if year else None)
    raise ValueError(f"{where}: statements example must be text or {{text, year}}")


EXAMPLE_READERS["statements"] = read_example


def read_previous_example(raw: object, where: str) -> TableSet:
    """A rule example's ``previous``: last year's tables, in the shape of the example's own ``tables``."""
    root = LineDict({"tables": raw, "year": 0})
    return read_tables_data(root, where)


EXAMPLE_READERS["previous"] = read_previous_example


# -- figures -------------------------------------------------------------------------------------------
def half(decimals: int) -> Decimal:
    """Half a unit of the last decimal written: 2 → 0.005, 0 → 0.5."""
    return Decimal(5) * Decimal(10) ** (-(decimals + 1))


def wan(s: Statement) -> Decimal:
    """The stated value in 万元 (amounts) or as written (anything else)."""
    return s.value * _AMOUNTS.get(s.unit, Decimal(1))


def _half_of(s: Statement) -> Decimal:
    return half(s.decimals) * _AMOUNTS.get(s.unit, Decimal(1))


def _is_amount(s: Statement) -> bool:
    return s.unit in _AMOUNTS


def _round(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _fmt(value: Decimal, decimals: int = 2) -> str:
    return f"{_round(value, decimals):.{decimals}f}"


# -- findings ------------------------------------------------------------------------------------------
def _excerpt(sentence: str, span: tuple[int, int], width: int = 70) -> str:
    text = sentence.strip()
    if len(text) <= width:
        return text
    start = max(0, min(span[0] - width // 2, len(sentence) - width))
    return ("…" if start else "") + sentence[start : start + width].strip() + "…"


def stmt_location(s: Statement) -> Location:
    return Location(page=s.source.page, line=s.source.line, path=s.source.path or None,
                    field=f"「{_excerpt(s.sentence, s.span)}」")  # fmt: skip


def para_location(p: Paragraph, offset: int = 0, excerpt: str | None = None) -> Location:
    page, line = p.place_at(offset)
    text = excerpt if excerpt is not None else _excerpt(p.text, (offset, offset))
    return Location(page=page, line=line, path=p.source.path or None, field=f"「{text}」")


def _place(s: Statement) -> str:
    where = s.where()
    return f"（{where}）" if where else ""


@dataclass
class _Emit:
    """Builds this rule's findings (statement places first, then the cells compared with)."""

    ctx: RuleContext

    def __call__(
        self, message: str, statements: Iterable[Statement] = (), cells: Iterable[Quantity] = (), *,
        locations: Iterable[Location] = (), severity: Severity | None = None, tail: bool = False,
        expected: Decimal | None = None, actual: Decimal | None = None, tolerance: Decimal | None = None,
        unit: str | None = None,
    ) -> None:  # fmt: skip
        ctx = self.ctx
        ctx.comparisons += 1
        locs = [stmt_location(s) for s in statements] + list(locations)
        locs += [location_of(r) for q in cells for r in q.refs]
        locs = list(dict.fromkeys(locs))
        rule = ctx.rule.id
        if tail:
            if TAIL_RULE in ctx.config.disabled:
                return
            rule, severity = TAIL_RULE, ctx.config.severity_of(TAIL_RULE, ctx.config.tail_severity)
            message = f"尾数差异（{ctx.rule.id}「{ctx.rule.title}」）{message}"
        elif severity is None or severity is ctx.rule.severity:
            severity = ctx.severity
        difference = None if expected is None or actual is None else actual - expected
        ctx.findings.append(Finding(rule, severity, message, tuple(locs), expected, actual, difference, tolerance,
                                    unit))  # fmt: skip


# -- finding related statements --------------------------------------------------------------------------
class _Index:
    """Statements by paragraph, for pairing a change with its value, a share with its numerator, …"""

    def __init__(self, statements: Statements) -> None:
        self.all = list(statements.items)
        self.by_paragraph: dict[tuple[int, int, int], list[Statement]] = defaultdict(list)
        for s in self.all:
            self.by_paragraph[_paragraph_key(s)].append(s)

    def _group(self, s: Statement) -> list[Statement]:
        return self.by_paragraph[_paragraph_key(s)]

    def near(self, s: Statement, aspect: Aspect, subject: str | None = None) -> Statement | None:
        """The statement of ``subject`` (default: s's) with ``aspect`` nearest before s in its paragraph, else
        nearest after it."""
        subject = subject or s.subject
        group = self._group(s)
        at = next(i for i, x in enumerate(group) if x is s)
        match = [x for x in group if x.subject == subject and x.aspect is aspect and x.qualifier == s.qualifier]
        before = [x for x in match if group.index(x) < at]
        after = [x for x in match if group.index(x) > at]
        return before[-1] if before else (after[0] if after else None)

    def value_of(self, s: Statement, subject: str, whole_part: bool = False) -> Statement | None:
        """A stated value of ``subject``: in s's paragraph, else in its section (or its whole part)."""
        found = self.near(s, Aspect.VALUE, subject)
        if found is not None:
            return found
        same = [x for x in self.all if x.subject == subject and x.aspect is Aspect.VALUE and not x.approximate]
        local = [x for x in same if x.part == s.part and (whole_part or x.section == s.section)]
        return local[0] if local else None


def _text_row(profile: str, row: str) -> str:
    """The row the layout's narrative means by the vocabulary's row (profile ``text_rows``)."""
    try:
        return profiles.get(profile).text_rows.get(row, row)
    except ProfileError:
        return row


def cell_of(tables: Tables, spec: CellSpec) -> Quantity:
    """The printed cell a vocabulary spec names (元, as displayed); an absent row of a tree table is 0."""
    table = tables.table(spec.table)
    if spec.row == "total":
        row = next((r for r in table.rows if r.level == "合计" or r.key == "total"), None)
    else:
        row = tables.find_row(table, _text_row(tables.tables.profile, spec.row), spec.side)
    column = _column(tables, table, spec, spec.side or (row.side if row else None) or None)
    if row is None:
        if table.layout == "tree":
            return Quantity(ZERO)
        raise NotRun(f"公开{spec.table}表缺少「{spec.row}」行")
    return quantity(table, row, column)


def _cell(ctx: RuleContext, spec: CellSpec) -> Quantity:
    return cell_of(ctx.tables, spec)


def _column(tables: Tables, table: Table, spec: CellSpec, side: str | None) -> str:
    """The first of the spec's columns the table has; else NotRun with the reason for the first."""
    missing: NotRun | None = None
    for name in (spec.column, *spec.alternatives):
        try:
            return tables.column(table, name, side)
        except NotRun as exc:
            missing = missing or exc
    raise missing or NotRun(f"公开{spec.table}表缺少列")


def _cell_value(q: Quantity, s: Statement) -> Decimal:
    """A cell in the statement's unit, rounded to the decimals written."""
    if not _is_amount(s):
        return q.value
    return _round(q.value / YUAN_PER_WAN / _AMOUNTS[s.unit], s.decimals)


# -- narrative ↔ table -------------------------------------------------------------------------------------
def narrative_table(ctx: RuleContext) -> None:
    """Each stated figure equals its published cell (exactly, at the decimals written)."""
    statements, vocab = _statements(ctx), default_vocabulary()
    emit, compared, reasons = _Emit(ctx), 0, set()
    for s in statements.items:
        sub = vocab.get(s.subject) if s.subject else None
        spec = sub.cells.get(s.aspect) if sub else None
        if sub is None or spec is None or s.approximate:
            continue
        if sub.code and sub.key.startswith("func:") and s.aspect is Aspect.VALUE:
            by_section, section_spec = vocab.functional_cell(sub.code, _section_title(statements, s))
            if by_section and section_spec is None:
                continue  # a section about a fund no table compares by code
            spec = section_spec or spec
        try:
            cell = _cell(ctx, spec)
        except NotRun as exc:
            reasons.add(exc.reason)
            continue
        compared += 1
        printed = _cell_value(cell, s)
        if printed == s.value:
            ctx.passed()
            continue
        where = describe(cell.refs[0]) if cell.refs else f"公开{spec.table}表"
        emit(f"{vocab.label(s.subject)}{_aspect_word(s)}：文字为 {s.value}{s.unit}{_place(s)}，{where}为 {printed}"
             f"{s.unit}，相差 {s.value - printed:+}{s.unit}", [s], [cell],
             expected=printed, actual=s.value, tolerance=ZERO, unit=s.unit)  # fmt: skip
    compared += _any_cell(ctx, statements, vocab, emit, reasons)
    if not compared:
        raise NotRun("；".join(sorted(reasons)) or "文字中没有可与表格核对的数字")


def _at(ref: SourceRef) -> tuple[int, int]:
    """Where in the document: (page, line) — a PDF's lines are numbered per page."""
    return ref.page or 0, ref.line or 0


def _paragraph_key(s: Statement) -> tuple[int, int, int]:
    """The paragraph of a statement, or for a table row's statement (paragraph -1) its line."""
    return (s.paragraph, 0, 0) if s.paragraph >= 0 else (-1, *_at(s.source))


def _section_title(statements: Statements, s: Statement) -> str:
    """The title of the section heading the statement is under (in its part), or "": a 一、 heading, or in a
    part without them (a university's 三、决算报表说明 with （一）…（四）, one per table) the outermost style."""
    at = _at(s.source)
    part = [h for h in statements.headings if h.part == s.part]
    if not any(h.style == "一、" for h in part):
        part = [h for h in part if not h.scope and _TITLE_ONLY.match(h.title)]  # titles, not run-in figures
    style = "一、" if any(h.style == "一、" for h in part) else next((h.style for h in part), "")
    above = [h for h in part if h.style == style and _at(h.source) <= at]
    return above[-1].title if above else ""


#: A heading that is a title only (words, no figure, no bracket): "高等学校支出决算表说明".
_TITLE_ONLY = re.compile(r"^[^\d，。：（）()【】]{2,30}$")


def _aspect_word(s: Statement) -> str:
    return "" if s.aspect is Aspect.VALUE else s.aspect.label


def _any_cell(ctx: RuleContext, statements: Statements, vocab: Vocabulary, emit: _Emit, reasons: set[str]) -> int:
    """Amounts that should equal one of several cells (the department-wide evaluation: total funds or total
    spending), summed over the funds stated in one paragraph."""
    totals: dict[tuple[str, int, int, int], list[Statement]] = defaultdict(list)
    for s in statements.items:
        sub = vocab.get(s.subject) if s.subject else None
        if sub and sub.any_cell and s.aspect is Aspect.VALUE and _is_amount(s):
            totals[(sub.key, *_paragraph_key(s))].append(s)
    compared = 0
    for (key, *_), group in totals.items():
        try:
            cells = [_cell(ctx, spec) for spec in vocab.subjects[key].any_cell]
        except NotRun as exc:
            reasons.add(exc.reason)
            continue
        compared += 1
        total = sum((wan(s) for s in group), ZERO)
        printed = [_round(c.value / YUAN_PER_WAN, 2) for c in cells]
        if any(total == p for p in printed):
            ctx.passed()
            continue
        names = "或".join(f"{describe(c.refs[0])} {p}万元" for c, p in zip(cells, printed, strict=True) if c.refs)
        emit(f"{vocab.label(key)}：文字为 {_fmt(total)}万元{_place(group[0])}，应等于{names}", group, cells,
             severity=Severity.WARNING, actual=total, unit="万元")  # fmt: skip
    return compared


# -- arithmetic inside the narrative ---------------------------------------------------------------------
def _ratio_bounds(num: Decimal, num_half: Decimal, den: Decimal, den_half: Decimal) -> tuple[Decimal, Decimal]:
    """The range of num/den × 100 when both were rounded by the given half-units (den > 0, num ≥ 0)."""
    low_den = den - den_half
    high = (num + num_half) / low_den * HUNDRED if low_den > 0 else Decimal("Infinity")
    low = max(ZERO, num - num_half) / (den + den_half) * HUNDRED
    return low, high


def _check_percent(
    ctx: RuleContext, emit: _Emit, stated: Statement, num: Decimal, num_half: Decimal, den: Decimal,
    den_half: Decimal, what: str, others: Sequence[Statement], cells: Sequence[Quantity] = (),
) -> None:  # fmt: skip
    """A stated percentage against num/den × 100 of the printed figures (see the module doc)."""
    printed = num / den * HUNDRED
    gap = abs(stated.value) - printed
    h = half(stated.decimals)
    if abs(gap) <= h:
        ctx.passed()
        return
    low, high = _ratio_bounds(num, num_half, den, den_half)
    shown = _fmt(printed, max(stated.decimals, 2))
    text = (f"{what}：文字为 {stated.value}%{_place(stated)}，按文字中的数字重算为 {shown}%，"
            f"相差 {_round(gap, 2):+} 个百分点")  # fmt: skip
    expected = _round(printed, max(stated.decimals, 2))
    if abs(gap) <= 2 * h:
        emit(f"{text}，不超过末位一个单位（舍入或为使合计为 100% 所作的调整）", [stated, *others], cells, tail=True,
             expected=expected, actual=stated.value, unit="%")  # fmt: skip
        return
    if low - h <= abs(stated.value) <= high + h:
        emit(f"{text}，在各数字舍入允许的范围（{_fmt(low)}%～{_fmt(high)}%）内，可能按未舍入数据计算",
             [stated, *others], cells, tail=True, expected=expected, actual=stated.value, unit="%")  # fmt: skip
        return
    severity = Severity.WARNING if abs(gap) <= _WARN_PP else None
    emit(f"{text}，超出舍入允许的范围（{_fmt(low)}%～{_fmt(high)}%）", [stated, *others], cells,
         severity=severity, expected=expected, actual=stated.value, unit="%")  # fmt: skip


def _previous(index: _Index, s: Statement) -> tuple[Decimal, Decimal, list[Statement]] | None:
    """上年数 of s's subject: stated, or 本年 − 增减额; with its half-unit and the statements used."""
    current = index.near(s, Aspect.VALUE)
    previous = index.near(s, Aspect.PREVIOUS)
    if current is not None and previous is not None and _is_amount(current):
        return wan(previous), _half_of(previous), [current, previous]
    change = index.near(s, Aspect.CHANGE) if s.aspect is not Aspect.CHANGE else s
    if current is None or change is None or not _is_amount(current) or change.direction is None:
        return None
    return wan(current) - wan(change) * change.sign, _half_of(current) + _half_of(change), [current, change]


def narrative_change(ctx: RuleContext) -> None:
    """增减额 = 本年 − 上年 when both are stated; 上年年末结转和结余 = 本年年初结转和结余."""
    statements, vocab = _statements(ctx), default_vocabulary()
    index, emit, ran = _Index(statements), _Emit(ctx), False
    for s in statements.items:
        if s.aspect is not Aspect.CHANGE or s.direction is None or not _is_amount(s) or s.subject is None:
            continue
        current, previous = index.near(s, Aspect.VALUE), index.near(s, Aspect.PREVIOUS)
        if current is not None and previous is not None:
            ran = True
            _compare(ctx, emit, wan(current) - wan(previous), wan(s) * s.sign, 3,
                     f"{vocab.label(s.subject)}比上年增减额（本年 {current.value} − 上年 {previous.value}）",
                     [s, current, previous])  # fmt: skip
        sub = vocab.get(s.subject) if s.subject else None
        if sub is not None and sub.previous_is and current is not None:
            opening = index.value_of(s, sub.previous_is, whole_part=True)
            if opening is not None:
                ran = True
                derived = wan(current) - wan(s) * s.sign
                _compare(ctx, emit, wan(opening), derived, 3,
                         f"{vocab.label(sub.previous_is)}（本年年初）应等于上年{vocab.label(s.subject)}"
                         f"（{current.value} {'−' if s.sign > 0 else '+'} {s.value} = {_fmt(derived)}）",
                         [opening, current, s])  # fmt: skip
    if not ran:
        raise NotRun("文字中没有同时给出本年数、上年数与增减额的数字")


def narrative_previous_year(ctx: RuleContext) -> None:
    """The 上年数 this year's text states (or implies: 本年 − 增减额) = the cell of last year's report."""
    statements, vocab = _statements(ctx), default_vocabulary()
    last = ctx.tables.input("previous")
    if not isinstance(last, TableSet):
        raise NotRun("previous 输入不是 TableSet")
    last_tables = Tables(last)
    index, emit, reasons = _Index(statements), _Emit(ctx), set()
    compared: set[tuple[str, int]] = set()
    for s in statements.items:
        if s.aspect not in (Aspect.CHANGE, Aspect.PREVIOUS) or s.subject is None or not _is_amount(s):
            continue
        sub = vocab.get(s.subject)
        spec = sub.cells.get(Aspect.VALUE) if sub else None
        if spec is None or (s.aspect is Aspect.CHANGE and s.direction is None):
            continue
        if s.aspect is Aspect.PREVIOUS:
            stated: tuple[Decimal, Decimal, list[Statement]] | None = (wan(s), _half_of(s), [s])
            how = f"所述上年数 {s.value}{s.unit}"
        else:
            stated = _previous(index, s)
            how = "本年数 − 增减额"
        if stated is None or (s.subject, s.paragraph) in compared:
            continue
        try:
            cell = cell_of(last_tables, spec)
        except NotRun as exc:
            reasons.add(f"上年报告：{exc.reason}")
            continue
        compared.add((s.subject, s.paragraph))
        previous, _, used = stated
        printed = _round(cell.value / YUAN_PER_WAN, 2)
        terms = len(used) + 1  # the printed figures it is made of, and last year's cell
        report = f"上年报告（{last.year}年度）" if last.year else "上年报告"
        place = describe(cell.refs[0]) if cell.refs else f"公开{spec.table}表"
        what = f"{vocab.label(s.subject)}的上年数（{how}）与{report}{place}"
        _compare(ctx, emit, previous, printed, terms, what, used, cells=[cell])
    if not compared:
        raise NotRun("；".join(sorted(reasons)) or "文字中没有可与上年报告核对的上年数或增减额")


def _compare(
    ctx: RuleContext, emit: _Emit, actual: Decimal, expected: Decimal, terms: int, what: str,
    statements: Sequence[Statement], exact: bool = False, cells: Sequence[Quantity] = (),
) -> None:  # fmt: skip
    """Two 万元 amounts built from ``terms`` printed figures: equal, 尾数 within (terms)×0.005, else a finding."""
    gap = actual - expected
    if gap == 0:
        ctx.passed()
        return
    tolerance = ZERO if exact else terms * Decimal("0.005")
    text = f"{what}：应为 {_fmt(expected)}，实为 {_fmt(actual)}，相差 {_fmt(gap):s}（容差 {_fmt(tolerance, 3)}）"
    emit(text, statements, cells, tail=abs(gap) <= tolerance, expected=expected, actual=actual, tolerance=tolerance,
         unit="万元")  # fmt: skip


def narrative_rate(ctx: RuleContext) -> None:
    """增长/下降 p% = 增减额 ÷ 上年数 (上年 = 本年 − 增减额, or as stated)."""
    statements, vocab = _statements(ctx), default_vocabulary()
    index, emit, ran = _Index(statements), _Emit(ctx), False
    for s in statements.items:
        if s.aspect is not Aspect.RATE or s.unit != "%" or s.subject is None:
            continue
        found = _previous(index, s)
        current = index.near(s, Aspect.VALUE)
        if found is None or current is None:
            continue
        previous, previous_half, used = found
        if previous <= 0:
            continue  # a zero base: narrative-zero-base
        ran = True
        change = abs(wan(current) - previous)
        _check_percent(ctx, emit, s, change, _half_of(current) + previous_half, previous, previous_half,
                       f"{vocab.label(s.subject)}比上年增减率", used)  # fmt: skip
    if not ran:
        raise NotRun("文字中没有可重算的增减率")


def _denominator(
    ctx: RuleContext, index: _Index, s: Statement, vocab: Vocabulary
) -> tuple[Decimal, Decimal, list[Statement], list[Quantity]] | None:
    """The value a share is of: stated (nearest), else its published cell."""
    if s.denominator is None:
        return None
    stated = index.value_of(s, s.denominator)
    if stated is not None and _is_amount(stated):
        return wan(stated), _half_of(stated), [stated], []
    sub = vocab.get(s.denominator)
    spec = sub.cells.get(Aspect.VALUE) if sub else None
    if spec is None:
        return None
    try:
        cell = _cell(ctx, spec)
    except NotRun:
        return None
    return cell.value / YUAN_PER_WAN, Decimal("0.005"), [], [cell]


def narrative_share(ctx: RuleContext) -> None:
    """占 x% = 部分 ÷ 整体; a share stated without its amount cannot imply more than the whole it is part of."""
    statements, vocab = _statements(ctx), default_vocabulary()
    index, emit, ran = _Index(statements), _Emit(ctx), False
    for s in statements.items:
        if s.aspect is not Aspect.SHARE or s.unit != "%" or s.subject is None:
            continue
        den = _denominator(ctx, index, s, vocab)
        if den is None or den[0] <= 0:
            continue
        whole, whole_half, used, cells = den
        part = index.near(s, Aspect.VALUE)
        ran = True
        what = f"{vocab.label(s.subject)}占{vocab.label(s.denominator)}的比重"
        if (
            part is not None
            and _is_amount(part)
            and s.value <= HUNDRED
            and wan(part) - _half_of(part) > whole + whole_half
        ):
            # "共涉及资金 91.89 万元，占项目支出总额的 100%" with 项目支出 91.80: a part of at most the whole is more
            # than the whole (the rounding of the percentage cannot excuse that)
            emit(f"{vocab.label(s.subject)} {part.value}{part.unit}{_place(part)} 大于{vocab.label(s.denominator)} "
                 f"{_fmt(whole)}万元，文字却称占其 {s.value}%", [s, part, *used], cells, expected=whole,
                 actual=wan(part), unit="万元")  # fmt: skip
        elif part is not None and _is_amount(part):
            _check_percent(ctx, emit, s, wan(part), _half_of(part), whole, whole_half, what, [part, *used], cells)
        else:
            _implied_part(ctx, emit, index, vocab, s, whole, whole_half, used)
    if not ran:
        raise NotRun("文字中没有可重算的占比")


def _implied_part(
    ctx: RuleContext, emit: _Emit, index: _Index, vocab: Vocabulary, s: Statement, whole: Decimal,
    whole_half: Decimal, used: list[Statement],
) -> None:  # fmt: skip
    sub = vocab.get(s.subject) if s.subject else None
    container_key = (sub.within or (sub.part_of[0] if sub.part_of else None)) if sub else None
    container = index.value_of(s, container_key) if container_key else None
    if container is None or not _is_amount(container):
        return
    low = max(ZERO, s.value - half(s.decimals)) / HUNDRED * max(ZERO, whole - whole_half)
    limit = wan(container) + _half_of(container)
    if low <= limit:
        ctx.passed()
        return
    implied = s.value / HUNDRED * whole
    emit(f"{vocab.label(s.subject)}：按文字所述占比 {s.value}%{_place(s)} 推算约为 {_fmt(implied)}万元，"
         f"超过{vocab.label(container_key)} {container.value}万元{_place(container)}",
         [s, container, *used], expected=wan(container), actual=_round(implied, 2), unit="万元")  # fmt: skip


def narrative_share_total(ctx: RuleContext) -> None:
    """The shares of one composition (same paragraph, same denominator) add up to 100%."""
    statements, vocab = _statements(ctx), default_vocabulary()
    emit = _Emit(ctx)
    groups: dict[tuple[int, str, str], list[Statement]] = defaultdict(list)
    for s in statements.items:
        if s.aspect is Aspect.SHARE and s.unit == "%" and s.denominator and not s.denominator_text:
            groups[(s.paragraph, s.denominator, _composition(s))].append(s)
    groups = {k: g for k, g in groups.items() if len(g) >= 2 and any(x.value for x in g)}
    if not groups:
        raise NotRun("文字中没有成组的占比")
    for (_, denominator, _), group in groups.items():
        total = sum((s.value for s in group), ZERO)
        tolerance = sum((half(s.decimals) for s in group), ZERO)
        if abs(total - HUNDRED) <= tolerance:
            ctx.passed()
            continue
        emit(f"{vocab.label(denominator)}的构成：{len(group)} 项占比合计 {total}%{_place(group[0])}，应为 100%"
             f"（容差 {tolerance}）", group, expected=HUNDRED, actual=total, tolerance=tolerance, unit="%")  # fmt: skip


def _composition(s: Statement) -> str:
    """Which breakdown of a whole a share belongs to: one paragraph may split 本年支出合计 by 功能分类 类 and
    again into 基本支出 / 项目支出 ("按功能分类…；按经济分类…"), each adding up to 100% on its own."""
    subject = s.subject or ""
    return "func" if subject.startswith("func:") else "econ" if subject.startswith("econ:") else "subjects"


def narrative_completion(ctx: RuleContext) -> None:
    """完成年初预算的 z% = 决算数 ÷ 年初预算数 (全年预算数 when the sentence says 全年 or gives only that)."""
    statements, vocab = _statements(ctx), default_vocabulary()
    index, emit, ran = _Index(statements), _Emit(ctx), False
    for s in statements.items:
        if s.aspect is not Aspect.COMPLETION or s.unit != "%" or s.subject is None:
            continue
        actual, budget = _completion_terms(index, s)
        if actual is None or budget is None or wan(budget) <= 0:
            continue
        ran = True
        _check_percent(ctx, emit, s, wan(actual), _half_of(actual), wan(budget), _half_of(budget),
                       f"{vocab.label(s.subject)}完成预算率（决算数 {actual.value} ÷ {budget.aspect.label} "
                       f"{budget.value}）", [actual, budget])  # fmt: skip
    if not ran:
        raise NotRun("文字中没有可重算的预算完成率")


def _completion_terms(index: _Index, s: Statement) -> tuple[Statement | None, Statement | None]:
    actual = index.near(s, Aspect.VALUE)
    initial, full = index.near(s, Aspect.INITIAL_BUDGET), index.near(s, Aspect.FULL_BUDGET)
    budget = full if ("全年预算" in s.sentence and full is not None) or initial is None else initial
    return actual, budget


_SUMMED = (Aspect.VALUE, Aspect.INITIAL_BUDGET, Aspect.FULL_BUDGET, Aspect.WEIGHT)


def narrative_parts_sum(ctx: RuleContext) -> None:
    """The parts listed under a whole (其中 …) add up to it: income sources, spending by kind, 类 budgets and
    决算, economic classes, 三公 items, procurement, vehicles, evaluation scores."""
    statements, vocab = _statements(ctx), default_vocabulary()
    emit = _Emit(ctx)
    usable = [
        s for s in statements.items if s.subject and s.aspect in _SUMMED and not s.approximate and not s.qualifier
    ]
    checked: set[tuple[int, ...]] = set()
    for whole in usable:
        items = _listed_parts(vocab, whole, usable)
        key = tuple(sorted(id(s) for s in items))
        if len(items) < 2 or key in checked:
            continue
        checked.add(key)
        _sum_check(ctx, emit, vocab, whole, items)
    within = _within_checks(ctx, emit, vocab, statements)
    if not checked and not within:
        raise NotRun("文字中没有列出分项的合计数")


def _within_checks(ctx: RuleContext, emit: _Emit, vocab: Vocabulary, statements: Statements) -> int:
    """A stated amount cannot exceed the whole it is ``within`` (stated nearby, else its published cell)."""
    index, done = _Index(statements), 0
    for s in statements.items:
        sub = vocab.get(s.subject) if s.subject else None
        if sub is None or not sub.within or s.aspect is not Aspect.VALUE or not _is_amount(s) or s.approximate:
            continue
        whole = _whole_value(ctx, index, vocab, s, sub.within)
        if whole is None:
            continue
        done += 1
        value, half_unit, used, cells = whole
        if wan(s) <= value + half_unit + _half_of(s):
            ctx.passed()
            continue
        emit(f"{vocab.label(s.subject)} {s.value}{s.unit}{_place(s)} 超过其所属的{vocab.label(sub.within)} "
             f"{_fmt(value)}万元", [s, *used], cells, expected=value, actual=wan(s), unit="万元")  # fmt: skip
    return done


def _whole_value(
    ctx: RuleContext, index: _Index, vocab: Vocabulary, s: Statement, key: str
) -> tuple[Decimal, Decimal, list[Statement], list[Quantity]] | None:
    stated = index.value_of(s, key)
    if stated is not None and _is_amount(stated):
        return wan(stated), _half_of(stated), [stated], []
    sub = vocab.get(key)
    spec = sub.cells.get(Aspect.VALUE) if sub else None
    if spec is None:
        return None
    try:
        cell = _cell(ctx, spec)
    except NotRun:
        return None
    return cell.value / YUAN_PER_WAN, ZERO, [], [cell]


_PARTS_WINDOW = 12  # paragraphs after a whole in which its parts are listed


def _listed_parts(vocab: Vocabulary, whole: Statement, usable: list[Statement]) -> list[Statement]:
    """The parts of ``whole`` listed with it: its paragraph and the next few (same part and section), or its
    table row; the first statement of each part."""
    listed: dict[str, Statement] = {}
    for s in usable:
        sub = vocab.get(s.subject) if s.subject else None
        if sub is None or whole.subject not in sub.part_of or s.aspect is not whole.aspect:
            continue
        if (s.part, s.section) != (whole.part, whole.section):
            continue
        if whole.paragraph < 0 or s.paragraph < 0:
            near = s.paragraph == whole.paragraph and s.source.line == whole.source.line
        else:
            near = whole.paragraph <= s.paragraph <= whole.paragraph + _PARTS_WINDOW
        if near:
            listed.setdefault(sub.key, s)
    return list(listed.values())


def _sum_check(ctx: RuleContext, emit: _Emit, vocab: Vocabulary, whole: Statement, items: list[Statement]) -> None:
    total = sum((wan(s) for s in items), ZERO)
    amounts = _is_amount(whole)
    tolerance = (_half_of(whole) + sum((_half_of(s) for s in items), ZERO)) if amounts else ZERO
    gap = wan(whole) - total
    if gap == 0:
        ctx.passed()
        return
    unit = "万元" if amounts else whole.unit
    names = "、".join(vocab.label(s.subject) for s in items)
    text = (f"{vocab.label(whole.subject)}{_aspect_word(whole)} {whole.value}{whole.unit}{_place(whole)} 应等于"
            f"所列分项（{names}）之和 {total}{unit}，相差 {gap:+}{unit}")  # fmt: skip
    emit(text, [whole, *items], tail=abs(gap) <= tolerance, expected=total, actual=wan(whole), tolerance=tolerance,
         unit=unit)  # fmt: skip


def narrative_indicator_sum(ctx: RuleContext) -> None:
    """An evaluation indicator's score (决策指标 … 实际得分为 10.5 分) = Σ the scores its section then gives its
    sub-indicators ("该项指标得分为 3 分" …), up to the next heading that is not nested in the indicator's."""
    statements, vocab = _statements(ctx), default_vocabulary()
    emit = _Emit(ctx)
    wholes = {k for k, sub in vocab.subjects.items() if any(vocab.subjects[w].unit == "分" for w in sub.part_of)}
    ran = False
    for s in statements.items:
        if s.subject not in wholes or s.aspect is not Aspect.VALUE or s.paragraph < 0:
            continue
        if not _SCORED.search(s.sentence[: s.span[0]]):
            continue  # "产出指标（50分）" in a table is a weight, not a score
        items = _sub_scores(statements, s, wholes)
        if len(items) < 2:
            continue
        ran = True
        total = sum((x.value for x in items), ZERO)
        if total == s.value:
            ctx.passed()
            continue
        listed = " + ".join(_plain(x.value) for x in items)
        emit(f"{vocab.label(s.subject)}得分 {_plain(s.value)}分{_place(s)} 应等于其下各指标得分之和 {listed} = "
             f"{_plain(total)}分", [s, *items], expected=total, actual=s.value, unit="分")  # fmt: skip
    if not ran:
        raise NotRun("文字中没有分项打分的评价指标")


_SCORED = re.compile(r"得分")
_ITEM_SCORE = re.compile(r"(?:得分|为)\s*$")


def _sub_scores(statements: Statements, whole: Statement, wholes: set[str]) -> list[Statement]:
    """Unlinked 分 figures after ``whole`` inside the section of the heading it is under."""
    line = _at(whole.source)
    part = [h for h in statements.headings if h.part == whole.part]
    above = [h for h in part if _at(h.source) <= line]
    if not above:
        return []
    index = {id(h): n for n, h in enumerate(statements.headings)}
    own = above[-1]
    end = next((_at(h.source) for h in part if _at(h.source) > line
                and not _nested(statements.headings, index[id(h)], index[id(own)])), None)  # fmt: skip
    out = []
    for x in statements.items:
        where = _at(x.source)
        if where <= line or (end is not None and where >= end) or x.part != whole.part:
            continue
        if x.subject in wholes:
            break  # the next indicator
        before = x.sentence[: x.span[0]]
        scored = _ITEM_SCORE.search(before) and "满分" not in before
        if x.subject is None and x.unit == "分" and x.aspect is Aspect.VALUE and not x.approximate and scored:
            out.append(x)
    return out


def _nested(headings: Sequence[Heading], child: int, parent: int) -> bool:
    """Whether heading ``child`` is nested (at any depth) under heading ``parent`` (indexes into headings)."""
    seen = 0
    while headings[child].scope and seen < 50:
        child, seen = int(headings[child].scope), seen + 1
        if child == parent:
            return True
    return False


# -- direction words, zero bases, repeated facts -------------------------------------------------------------
def narrative_direction(ctx: RuleContext) -> None:
    """增加/增长 with a rise, 减少/下降 with a fall, 持平 with no change; the amount and the rate agree."""
    statements, vocab = _statements(ctx), default_vocabulary()
    index, emit, ran = _Index(statements), _Emit(ctx), False
    for s in statements.items:
        if s.aspect not in (Aspect.CHANGE, Aspect.RATE) or s.direction is None or s.subject is None:
            continue
        ran = True
        problem = _direction_problem(index, s)
        if problem is None:
            ctx.passed()
        else:
            emit(f"{vocab.label(s.subject)}：{problem}{_place(s)}", [s])
    if not ran:
        raise NotRun("文字中没有增减方向词")


#: Right after a stated change: "，上年无…" (last year had none of it).
_ZERO_BASE = re.compile(r"[，,]\s*上年(?:无|没有|未发生)")


def _direction_problem(index: _Index, s: Statement) -> str | None:
    if s.value < 0:
        return f"“{s.direction}”后接负数 {s.value}，方向不明"
    if s.direction != "持平" and s.value == 0 and s.aspect is Aspect.CHANGE:  # a rate may round to 0.00%
        return f"增减为 0 却写作“{s.direction}”，应写“与上年持平”"
    if s.aspect is Aspect.RATE:
        change = index.near(s, Aspect.CHANGE)
        if change is not None and change.direction and change.sign != s.sign and change.value != 0:
            return f"增减额写作“{change.direction}”，增减率却写作“{s.direction}”"
        return None
    if s.direction == "持平":
        other = [x for x in index._group(s) if x.subject == s.subject and x.aspect is Aspect.CHANGE and x.value]
        return f"写作“与上年持平”，同段又写增减 {other[0].value}{other[0].unit}" if other else None
    previous = index.near(s, Aspect.PREVIOUS)
    current = index.near(s, Aspect.VALUE)
    if _ZERO_BASE.match(s.sentence, s.span[1]):  # "比上年增加 A 万元，上年无…": last year was 0, so A = 本年数
        if s.sign < 0:
            return f"同句写明上年无此项（上年为 0），却写作“{s.direction}”"
        if current is not None and current.unit == s.unit and current.value != s.value:
            stated = f"{s.value}{s.unit}"
            return f"同句写明上年无此项（上年为 0），增加额 {stated} 应等于本年数 {current.value}{current.unit}"
    if previous is not None and current is not None:
        actual = (current.value > previous.value) - (current.value < previous.value)
        if actual != s.sign:
            return f"本年 {current.value} 与上年 {previous.value} 相比，不应写作“{s.direction}”"
    return None


def narrative_zero_base(ctx: RuleContext) -> None:
    """No percentage on a zero base: a growth rate when 上年 = 0, a share of a zero whole, a completion rate of
    a zero budget."""
    statements, vocab = _statements(ctx), default_vocabulary()
    index, emit, ran = _Index(statements), _Emit(ctx), False
    for s in statements.items:
        base = _base(ctx, index, vocab, s)
        if base is None:
            continue
        ran = True
        value, what = base
        if value != 0:
            ctx.passed()
            continue
        emit(
            f"{vocab.label(s.subject)}：{what}为 0，却给出百分比 {s.value}%{_place(s)}（应写“无可比性”或不写比率）", [s]
        )
    if not ran:
        raise NotRun("文字中没有可判断基数的百分比")


def _base(ctx: RuleContext, index: _Index, vocab: Vocabulary, s: Statement) -> tuple[Decimal, str] | None:
    if s.unit != "%" or s.subject is None:
        return None
    if s.aspect is Aspect.RATE:
        found = _previous(index, s)
        return (found[0], "上年数") if found else None
    if s.aspect is Aspect.SHARE:
        den = _denominator(ctx, index, s, vocab)
        return (den[0], f"分母（{vocab.label(s.denominator)}）") if den else None
    if s.aspect is Aspect.COMPLETION:
        _, budget = _completion_terms(index, s)
        return (wan(budget), budget.aspect.label) if budget else None
    return None


def narrative_repeated(ctx: RuleContext) -> None:
    """The same quantity stated twice must have the same value (quantities no table carries: staff counts,
    satisfaction, evaluated amounts, execution rates, scores)."""
    statements, vocab = _statements(ctx), default_vocabulary()
    emit = _Emit(ctx)
    facts: dict[tuple[str, Aspect, str], list[tuple[Decimal, list[Statement]]]] = defaultdict(list)
    for key, value, group in _facts(statements, vocab):
        facts[key].append((value, group))
    facts = {k: v for k, v in facts.items() if len(v) >= 2 and not _ambiguous(vocab, k[0], v)}
    if not facts:
        raise NotRun("文字中没有重复陈述的数字")
    for (subject, aspect, unit), stated in facts.items():
        values = sorted({v for v, _ in stated})
        if len(values) == 1:
            ctx.passed()
            continue
        shown = "；".join(f"{_plain(v)}{unit}{_place(g[0])}" for v, g in stated)
        label = vocab.label(subject) + ("" if aspect is Aspect.VALUE else aspect.label)
        emit(f"{label}前后不一致：{shown}", [s for _, g in stated for s in g], actual=values[-1], expected=values[0],
             unit=unit)  # fmt: skip


def _ambiguous(vocab: Vocabulary, subject: str, stated: list[tuple[Decimal, list[Statement]]]) -> bool:
    """A ``repeated: parts`` subject stated with two values inside one part (several evaluated objects)."""
    sub = vocab.get(subject)
    if sub is None or sub.repeated != "parts":
        return False
    per_part: dict[str, set[Decimal]] = defaultdict(set)
    for value, group in stated:
        per_part[group[0].part].add(value)
    return any(len(values) > 1 for values in per_part.values())


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _facts(
    statements: Statements, vocab: Vocabulary
) -> Iterable[tuple[tuple[str, Aspect, str], Decimal, list[Statement]]]:
    """(subject, aspect, unit) → value for each statement of a quantity without a table cell; the funds of a
    qualified amount are added up per paragraph."""
    qualified: dict[tuple[str, int], list[Statement]] = defaultdict(list)
    seen: set[tuple[str, Aspect, int]] = set()
    for s in statements.items:
        sub = vocab.get(s.subject) if s.subject else None
        if sub is None or sub.repeated == "none" or s.approximate or s.aspect in sub.cells or s.direction:
            continue
        if sub.key.startswith(("func:", "econ:")):
            continue  # a 类 is stated of 本年支出 in one section and of 财政拨款 in another
        if not sub.qualified:
            if (sub.key, s.aspect, s.paragraph) in seen:
                continue  # the first figure of a paragraph is its headline; the rest are often 其中 parts
            seen.add((sub.key, s.aspect, s.paragraph))
        unit = "万元" if _is_amount(s) else s.unit
        if s.aspect is Aspect.SHARE:
            if s.denominator is None or s.denominator_text == "":
                continue  # a share of an unnamed whole may differ legitimately ("占比" of two totals)
            unit = f"%（占{s.denominator}）"
        if sub.qualified and _is_amount(s):
            qualified[(sub.key, s.paragraph)].append(s)
            continue
        yield (sub.key, s.aspect, unit), wan(s), [s]
    for (key, _), group in qualified.items():
        yield (key, Aspect.VALUE, "万元"), sum((wan(s) for s in group), ZERO), group


# -- text defects ------------------------------------------------------------------------------------------
def _paragraphs(ctx: RuleContext) -> tuple[Statements, tuple[Paragraph, ...]]:
    statements = _statements(ctx)
    if not statements.paragraphs:
        raise NotRun("输入中没有文字段落")
    return statements, statements.paragraphs


def _prose(paragraph: Paragraph) -> bool:
    """A paragraph of sentences, not a fragment of a table cell (PDF text of wrapped cells has no ，/。)."""
    return "，" in paragraph.text or "。" in paragraph.text or len(paragraph.text) <= 30


def _pattern_check(ctx: RuleContext, patterns: Sequence[str], message: str) -> None:
    _, paragraphs = _paragraphs(ctx)
    paragraphs = tuple(p for p in paragraphs if _prose(p))
    emit = _Emit(ctx)
    regex = re.compile(patterns[0] if len(patterns) == 1 else "|".join(f"(?:{p})" for p in patterns))
    for paragraph in paragraphs:
        found = list(regex.finditer(paragraph.text))
        if not found:
            ctx.passed()
        for match in found:
            excerpt = _excerpt(paragraph.text, match.span(), 50)
            emit(f"{message}：「{match.group(0)}」", locations=[para_location(paragraph, match.start(), excerpt)])


def text_placeholder(ctx: RuleContext) -> None:
    """Patterns from the rule's params found in the text (placeholders; doubled words); ``params.message``."""
    params = ctx.rule.params
    _pattern_check(ctx, [str(p) for p in params.get("patterns", [])], str(params.get("message", "文字中留有占位符")))


def text_empty_clause(ctx: RuleContext) -> None:
    """A clause with nothing after its lead words ("主要原因是。", "从评价情况看，。")."""
    params = ctx.rule.params
    _pattern_check(ctx, [str(p) for p in params.get("patterns", [])], "文字中有空的分句")


_PAIRS = {"（": "）", "(": ")", "“": "”", "《": "》", "〔": "〕", "【": "】", "[": "]", "‘": "’"}
_SAME = {"(": "（", ")": "）"}


def text_brackets(ctx: RuleContext) -> None:
    """Brackets and quotation marks open and close in order (full- and half-width parentheses pair). A pair may
    span paragraphs (PDF text breaks paragraphs where a line ends with 。 or ；) up to the next numbered heading."""
    _, paragraphs = _paragraphs(ctx)
    emit = _Emit(ctx)
    stack: list[tuple[str, Paragraph, int]] = []
    previous_part = None
    for paragraph in (p for p in paragraphs if _prose(p)):
        if paragraph.part != previous_part or numbered_heading(paragraph.text) is not None:
            _unclosed(ctx, emit, stack)
            previous_part = paragraph.part
        _scan(ctx, emit, paragraph, stack)
    _unclosed(ctx, emit, stack)


_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}|[a-zA-Z])[)）]")
_CLOSERS = {v: k for k, v in _PAIRS.items()}


def _scan(ctx: RuleContext, emit: _Emit, paragraph: Paragraph, stack: list[tuple[str, Paragraph, int]]) -> None:
    text = paragraph.text
    skip = _LIST_MARK.match(text)
    for at, raw in enumerate(text):
        if skip and at < skip.end():
            continue  # a list marker "1)" closes nothing
        char = _SAME.get(raw, raw)
        if char in _PAIRS and char != "(":
            stack.append((char, paragraph, at))
        elif char in _CLOSERS:
            opener = _SAME.get(_CLOSERS[char], _CLOSERS[char])
            if stack and stack[-1][0] == opener:
                stack.pop()
                ctx.passed()
            else:
                emit(f"括号或引号不配对：“{raw}”前没有对应的“{opener}”",
                     locations=[para_location(paragraph, at, _excerpt(text, (at, at), 50))])  # fmt: skip


def _unclosed(ctx: RuleContext, emit: _Emit, stack: list[tuple[str, Paragraph, int]]) -> None:
    if stack:
        char, paragraph, at = stack[0]
        emit(f"括号或引号不配对：“{char}”之后没有对应的“{_PAIRS[char]}”",
             locations=[para_location(paragraph, at, _excerpt(paragraph.text, (at, at), 50))])  # fmt: skip
    stack.clear()


_CITATION = re.compile(
    r"《([^《》]{4,80})》\s*[（(]\s*([\u4e00-\u9fff]{1,10})\s*[〔\[［【]\s*(\d{4})\s*[〕\]］】]\s*(\d+)\s*号\s*[）)]"
)


def text_citation(ctx: RuleContext) -> None:
    """A document cited twice by the same 文号 (景财监〔2024〕2号) carries the same title both times."""
    _, paragraphs = _paragraphs(ctx)
    emit = _Emit(ctx)
    cited: dict[tuple[str, str, str], list[tuple[str, Paragraph, int]]] = defaultdict(list)
    for paragraph in paragraphs:
        for match in _CITATION.finditer(paragraph.text):
            title, prefix, year, number = match.groups()
            cited[(prefix, year, number)].append((re.sub(r"\s+", "", title), paragraph, match.start()))
    if not cited:
        raise NotRun("文字中没有带文号的文件引用")
    for (prefix, year, number), uses in cited.items():
        titles = list(dict.fromkeys(title for title, _, _ in uses))
        if len(titles) == 1:
            ctx.passed()
            continue
        shown = "；".join(f"《{t}》" for t in titles)
        locations = [para_location(p, at, _excerpt(p.text, (at, at), 50)) for _, p, at in uses]
        emit(f"同一文号 {prefix}〔{year}〕{number}号 引用的文件标题不一致：{shown}", locations=locations)


def text_numbering(ctx: RuleContext) -> None:
    """Numbered headings run in sequence under their parent: no number twice, none skipped, no title twice."""
    statements = _statements(ctx)
    if not statements.headings:
        raise NotRun("输入中没有编号标题")
    emit = _Emit(ctx)
    last: dict[tuple[str, str, str], Heading] = {}
    titles: dict[tuple[str, str, str], dict[str, Heading]] = defaultdict(dict)
    for heading in statements.headings:
        key = (heading.part, heading.scope, heading.style)
        previous = last.get(key)
        last[key] = heading
        if previous is None or heading.number == 1:
            titles[key] = {heading.title: heading}
            ctx.passed()
            continue
        problem = _sequence_problem(previous, heading)
        seen = titles[key].get(heading.title) if 4 <= len(heading.title) <= 20 else None
        titles[key].setdefault(heading.title, heading)
        if seen is not None and problem is None:
            problem = f"标题“{heading.marker}、{heading.title}”与“{seen.marker}”重复"
        if problem is None:
            ctx.passed()
            continue
        emit(f"{heading.part}编号有误：{problem}", locations=[_heading_location(previous), _heading_location(heading)])


def _sequence_problem(previous: Heading, heading: Heading) -> str | None:
    mark = _mark(heading)
    if heading.number == previous.number + 1:
        return None
    if heading.number == previous.number:
        return f"“{mark}”重复出现"
    if heading.number > previous.number + 1:
        missing = "、".join(_mark(heading, n) for n in range(previous.number + 1, heading.number))
        return f"“{_mark(previous)}”之后为“{mark}”，缺少“{missing}”（或其标题并入了上一段）"
    return f"“{_mark(previous)}”之后为“{mark}”，编号倒序"


_CN = "零一二三四五六七八九十"


def _mark(heading: Heading, number: int | None = None) -> str:
    n = heading.number if number is None else number
    if number is None:
        value = heading.marker
    elif heading.style in ("一、", "（一）"):
        value = _CN[n] if n <= 10 else f"十{_CN[n - 10]}" if n < 20 else str(n)
    elif heading.style == "①":
        value = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"[n - 1] if 1 <= n <= 20 else str(n)
    else:
        value = str(n)
    return heading.style.replace("一", value).replace("1", value).replace("①", value)


def _heading_location(heading: Heading) -> Location:
    return Location(page=heading.source.page, line=heading.source.line, path=heading.source.path or None,
                    field=f"「{_mark(heading)}{heading.title}」")  # fmt: skip


def text_year(ctx: RuleContext) -> None:
    """Where the wording means the report year (本部门{年}年度…, 截止{年}年12月31日, part headings), the year is
    the report's."""
    statements, paragraphs = _paragraphs(ctx)
    if statements.year is None:
        raise NotRun("无法确定报告年度")
    emit = _Emit(ctx)
    regex = re.compile("|".join(f"(?:{p})" for p in ctx.rule.params.get("patterns", [])))
    for paragraph in paragraphs:
        if paragraph.part not in ("", "概况", "情况说明") and not paragraph.text.startswith("第"):
            continue
        for match in regex.finditer(paragraph.text):
            year = int(next(g for g in match.groups() if g))
            if year == statements.year:
                ctx.passed()
                continue
            excerpt = _excerpt(paragraph.text, match.span(), 50)
            emit(f"年度有误：「{match.group(0)}」应为 {statements.year} 年（报告年度）",
                 locations=[para_location(paragraph, match.start(), excerpt)], expected=Decimal(statements.year),
                 actual=Decimal(year))  # fmt: skip


__all__ = ["Subject", "read_example"]
