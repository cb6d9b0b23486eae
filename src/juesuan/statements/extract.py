"""Read the stated figures of a report's text: ``extract_statements(pages) -> Statements``.

Stages: (1) lines, with the report part each is in (概况 / 决算表 / 情况说明 / 名词解释 / 附件; the table
of contents and the tables themselves are skipped); (2) paragraphs, joining lines broken inside a
sentence (a PDF line, or "0.00\\n\\n万元" in a text export); (3) numbered headings (一、 / （一） / 1. / （1） /
1) / ①) with the section of 情况说明 each paragraph is in; (4) in each paragraph, every number with a unit,
linked to the subject last named before it (vocabulary.yaml), with the aspect the words before it give
(比上年增加 → change, 占 → share, 完成年初预算的 → completion, …), plus "与上年持平" as a zero change;
(5) tab-separated score tables of the evaluation attachment (权重 / 分值 / 得分率 rows).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import cn2an  # type: ignore[import-untyped]

from ..model.source import SourceRef
from ..model.statements import Aspect, Heading, Paragraph, Statement, Statements
from .vocabulary import ECON, FUNC, Vocabulary, default_vocabulary

#: One page of input: (page number or None, number of its first line, text).
Page = tuple[int | None, int, str]

_PART = re.compile(r"^第([一二三四五六七八九十]+)部分\s*(.*)$")
_ANNEX = re.compile(r"^附\s*件\s*\d*\s*[:：]?\s*$")
_PART_NAMES = (("报表说明", "情况说明"), ("决算报表", "决算表"), ("决算表", "决算表"), ("情况说明", "情况说明"),
               ("名词解释", "名词解释"), ("附件", "附件"), ("概况", "概况"))  # fmt: skip
_TOC = re.compile(r"^目\s*录$")
_CJK = r"[\u4e00-\u9fff，。；：、“”（）《》％%]"
_CJK_SPACE = re.compile(rf"(?<={_CJK}) {{1,2}}(?={_CJK})")  # "货 物 采 购" (justified text) → "货物采购"
_TERMINAL = "。！？；;!?：:"
_UNITS = "万元|亿元|元|%|％|个百分点|人次|人|名|辆|台|套|个|批|次|家|份|项|分"
_NUMBER = re.compile(
    rf"(?<![\d.A-Za-z])(-?\d+(?:,\d{{3}})*(?:\.\d+)?)\s*(余|多)?\s*({_UNITS})(?:[（(]([台套辆])[）)])?"
)
_CN_NUMBER = re.compile(r"(?<=[共有计为设达])([零一二两三四五六七八九十百]+)\s*(人|名|辆|个|家|次)")
_MARK = re.compile(r"【[^】]*】")
_SENTENCE_END = re.compile(r"[。！？；;!?]")
_UNIT_ALIAS = {"％": "%", "套": "台"}
_PERCENT_ASPECTS = {Aspect.RATE, Aspect.SHARE, Aspect.COMPLETION, Aspect.EXECUTION_RATE, Aspect.SCORE_RATE}
_AMOUNT_UNITS = {"万元", "亿元", "元"}

# Numbered headings: style → pattern (the number is group 1). "1." and "1、" are one style.
_HEADINGS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("一、", re.compile(r"^([一二三四五六七八九十]+)[、]\s*")),
    ("（一）", re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*")),
    ("1.", re.compile(r"^(\d{1,2})[.．、](?!\d)\s*")),
    ("（1）", re.compile(r"^[（(](\d{1,2})[）)]\s*")),
    ("1)", re.compile(r"^(\d{1,2})[)）]\s*")),
    ("①", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])\s*")),
)
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def chinese_to_int(text: str) -> int | None:
    """``九`` → 9, ``十三`` → 13, ``两`` → 2 (cn2an); None if it is not a Chinese numeral."""
    try:
        value = cn2an.cn2an(text.replace("两", "二"), "strict")
    except (ValueError, KeyError, TypeError):
        return None
    return int(value)


def heading_number(style: str, marker: str) -> int | None:
    if style == "①":
        return _CIRCLED.index(marker) + 1
    if marker.isdigit():
        return int(marker)
    return chinese_to_int(marker)


@dataclass
class _Line:
    page: int | None
    number: int
    text: str
    part: str


def _part_of(title: str) -> str:
    for word, part in _PART_NAMES:
        if word in title:
            return part
    return "其他"


#: Digits set one character apart ("年初预算 9 9 9 . 8 3万元", heading "1 9 .卫生健康支出"): a run of single
#: digits with a decimal point or a thousands comma among them is one number.
_SPACED_DIGITS = re.compile(r"(?<![\d.,])\d(?: [\d.,])+(?![\d.,])")
#: A page number printed alone on the first or last line of a page ("21", "- 12 -", "第 3 页").
_PAGE_FOOTER = re.compile(r"^(?:[-—–]\s*)?\d{1,4}(?:\s*[-—–])?$|^第\s*\d{1,4}\s*页(?:\s*共\s*\d{1,4}\s*页)?$")
#: A top-level heading ("三、决算报表说明") that names a part, in a report without 第N部分 headings.
_TOP = re.compile(r"^([一二三四五六七八九十]+)、\s*(\S.{0,30})$")
_TOC_ENTRY_TAIL = re.compile(r"[.…·．_\-—\s]*\d*$")


def _normalise(raw: str) -> str:
    line = _CJK_SPACE.sub("", raw.strip())
    return _SPACED_DIGITS.sub(lambda m: m.group(0).replace(" ", "") if re.search(r"[.,]", m.group(0))
                              else m.group(0), line)  # fmt: skip


def _toc_key(line: str) -> str:
    """A contents entry without spaces, leader dots and page number, to recognise its heading in the body."""
    return _TOC_ENTRY_TAIL.sub("", re.sub(r"\s+", "", line))


def _page_lines(text: str) -> list[tuple[int, str]]:
    """(index, normalised line) of a page, without the page number printed alone on its first or last line."""
    lines = [(n, _normalise(raw)) for n, raw in enumerate(text.splitlines())]
    filled = [i for i, (_, line) in enumerate(lines) if line]
    if len(filled) >= 3:
        for i in (filled[0], filled[-1]):
            if _PAGE_FOOTER.match(lines[i][1]):
                lines[i] = (lines[i][0], "")
    return lines


class _Parts:
    """The part each line is in, and whether it is in the table of contents (see :func:`_lines`)."""

    def __init__(self, numbered_parts: bool) -> None:
        self.numbered_parts = numbered_parts
        self.part = ""
        self.in_toc = False
        self.seen_parts: set[str] = set()
        self.pending = ""  # a part title read so far
        self.more = 0  # lines that may still complete it
        self.title_line = -1  # where in the output that title started
        self.toc_first = ""
        self.toc_keys: set[str] = set()

    def read(self, line: str, out: list[_Line]) -> bool:
        """Update the part for ``line``; False when the line is not body text (the contents)."""
        if _TOC.match(line.replace(" ", "")):
            self.in_toc, self.toc_first, self.toc_keys = True, "", set()
            return False
        heading = _PART.match(line)
        if self.in_toc and not heading and line:
            self._contents(line)
        if heading:
            if self.in_toc and heading.group(1) not in self.seen_parts:
                self.seen_parts.add(heading.group(1))
                return False
            self.in_toc = False
            title = heading.group(2).strip()
            self.pending, self.title_line = title, len(out)
            self.part = _part_of(title) if title else self.part
            self.more = 0 if title and self.part != "其他" else (1 if title else 2)
        elif self.in_toc:
            return False
        elif self._top_part(line):
            self.part, self.more = _part_of(line), 0
        elif _ANNEX.match(line):
            self.part, self.more = "附件", 0
        elif self.more and line:  # the part title goes on on this line
            self.pending += line
            self.part = _part_of(self.pending)
            self.more = self.more - 1 if self.part == "其他" and len(self.pending) < 40 else 0
            if self.part != "其他" and 0 <= self.title_line < len(out):
                out[self.title_line].part = self.part
        return True

    def _contents(self, line: str) -> None:
        key = _toc_key(line)
        if "。" in line or (len(self.toc_keys) >= 2 and key == self.toc_first):
            self.in_toc = False  # the body starts: its first heading, or prose
            return
        self.toc_first = self.toc_first or key
        self.toc_keys.add(key)

    def _top_part(self, line: str) -> bool:
        """A top-level heading naming a part and listed in the contents, in a report without 第N部分."""
        if self.numbered_parts or _toc_key(line) not in self.toc_keys:
            return False
        top = _TOP.match(line)
        return top is not None and _part_of(top.group(2)) != "其他"


def _lines(pages: Iterable[Page]) -> list[_Line]:
    """Body lines with their part; the table of contents is dropped, and so are page numbers (blank lines
    are kept as empty text: they separate paragraphs).

    A part starts at a 第N部分 heading, whose title may go on over the next line or two ("…部门决算情况" /
    "说明"). A report without 第N部分 headings (a university's 一、学校概况 … 三、决算报表说明 … 四、名词解释) has
    its parts started by the top-level headings that name one and are listed in its contents. The contents
    end where a part heading or the first entry repeats, or at a line of prose."""
    read = [(page, first, _page_lines(text)) for page, first, text in pages]
    parts = _Parts(any(_PART.match(line) for _, _, lines in read for _, line in lines))
    out: list[_Line] = []
    for page, first, lines in read:
        for n, line in lines:
            if parts.read(line, out):
                out.append(_Line(page, first + n, line, parts.part))
    return out


_COLUMNS = re.compile(r"\t|(?<=\S) {3,}(?=\S)")


def is_table_row(text: str) -> bool:
    """A line of a table: tab-separated, or columns aligned with runs of 3+ spaces (``pdftotext -layout``)."""
    return bool(_COLUMNS.search(text))


def _is_heading(text: str) -> bool:
    return bool(_PART.match(text)) or (len(text) <= 40 and "，" not in text and numbered_heading(text) is not None)


def numbered_heading(text: str) -> tuple[str, str, int] | None:
    """(style, marker, number) of a numbered heading at the start of ``text``, or None."""
    for style, pattern in _HEADINGS:
        match = pattern.match(text)
        if match:
            number = heading_number(style, match.group(1))
            if number is not None:
                return style, match.group(1), number
    return None


@dataclass
class _Block:
    lines: list[_Line] = field(default_factory=list)

    def text(self) -> tuple[str, tuple[tuple[int, int, int | None], ...]]:
        parts, offsets, at = [], [], 0
        for line in self.lines:
            offsets.append((at, line.number, line.page))
            parts.append(line.text)
            at += len(line.text)
        return "".join(parts), tuple(offsets)


def _blocks(lines: list[_Line]) -> list[_Block]:
    """Paragraphs: a line continues the previous one unless that one ended a sentence, is a heading or a
    table row, or the part changed; a line that breaks inside brackets always continues, and so does a line
    that fills the page's text width (wrapped text) and ends in a numbered heading's words ("（二）……年初预算数
    【待补充：……】万" / "元，决算数6.35万元。") or a clause's ；/：. Blank lines and page numbers ("- 12 -")
    between a broken sentence are skipped."""
    widest: dict[int | None, int] = {}
    for line in lines:
        if not is_table_row(line.text):
            widest[line.page] = max(widest.get(line.page, 0), _width(line.text))
    blocks: list[_Block] = []
    current: _Block | None = None
    for line in lines:
        if not line.text or _PAGE_NUMBER.match(line.text):
            continue
        if current is not None and _continues(
            current.lines[-1], line, widest[current.lines[-1].page], len(current.lines) == 1
        ):
            current.lines.append(line)
            continue
        current = _Block([line])
        blocks.append(current)
    return blocks


_PAIRS = (("“", "”"), ("【", "】"), ("《", "》"))
_PAGE_NUMBER = re.compile(r"^[-—–]\s*\d{1,4}\s*[-—–]$")  # "- 12 -": a page footer, not text
_CLAUSE_END = "；;：:"  # ends a clause, not the paragraph, when the line is full (wrapped text)
#: A page whose widest line is at least this many columns (CJK = 2) has wrapped text: a line within
#: ``_FULL`` of the widest is full, i.e. its paragraph (or run-in heading) goes on. The first line of a
#: paragraph is indented (two CJK characters, ``_INDENT`` columns) and is full a little earlier.
_WRAPPED, _FULL, _INDENT = 50, 0.9, 4
#: A heading line that goes on after its first sentence ("1.一般公共服务（类）信访事务（款）行政运行（项）。年"):
#: a run-in heading, i.e. the first line of a paragraph.
_RUN_IN = re.compile(r"[。！？][^。！？]")


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def _open_bracket(text: str) -> bool:
    """A bracket or quotation mark opened and not closed: the line breaks inside it (a PDF line ends inside
    "（包括……）" or inside a mark such as "【待补充：……】", whose "：" does not end the sentence)."""
    if text.count("(") + text.count("（") > text.count(")") + text.count("）"):
        return True
    return any(text.count(opening) > text.count(closing) for opening, closing in _PAIRS)


#: A line that cannot start a paragraph: it starts with the level of a coded name wrapped away from it
#: ("…其他教育支出" / "（项）。年初预算…") or with punctuation that closes or continues a sentence.
_GOES_ON = re.compile(r"^(?:[（(][类款项][）)]|[，。、；：）)％%])")


def _continues(previous: _Line, line: _Line, widest: int, first: bool = False) -> bool:
    if previous.part != line.part or is_table_row(previous.text) or is_table_row(line.text):
        return False
    if _GOES_ON.match(line.text) and previous.text[-1] not in "。！？":
        return True
    if numbered_heading(line.text) is not None:
        return False
    if _open_bracket(previous.text):  # e.g. "（二）机关运行经费：指……行政单位（包括参照公务员法管" / "理的……）"
        return True
    indent = _INDENT if first else 0
    full = widest >= _WRAPPED and _width(previous.text) + indent >= _FULL * widest
    if previous.text[-1] in _TERMINAL and not (full and previous.text[-1] in _CLAUSE_END):
        return False
    if _is_heading(previous.text) and not full and not _RUN_IN.search(previous.text):
        return False
    return not line.text.startswith(("- ", "注：", "注:"))


class _Sections:
    """The numbered section of 情况说明 (一 … 九): accepted only in sequence, so a nested 一、 under 九 does not
    restart it."""

    def __init__(self) -> None:
        self.part = ""
        self.number = 0
        self.marker = ""
        self.title = ""

    def update(self, part: str, text: str) -> str:
        if part != self.part:
            self.part, self.number, self.marker, self.title = part, 0, "", ""
        match = _HEADINGS[0][1].match(text)
        if match:
            number = chinese_to_int(match.group(1))
            if number == self.number + 1:
                self.number, self.marker, self.title = number, match.group(1), text[match.end() :]
        return self.marker


class _Numbering:
    """Numbered headings with their scope: a stack of styles, learnt as they nest."""

    def __init__(self) -> None:
        self.part = ""
        self.stack: list[tuple[str, int]] = []  # (style, index of the heading)
        self.count = 0

    def heading(self, block: _Block, text: str, path: str) -> Heading | None:
        first = block.lines[0]
        if first.part != self.part or _PART.match(text):
            self.part, self.stack = first.part, []
            return None
        found = numbered_heading(text)
        if found is None:
            return None
        style, marker, number = found
        styles = [s for s, _ in self.stack]
        if style in styles:
            del self.stack[styles.index(style) :]
        scope = str(self.stack[-1][1]) if self.stack else ""
        self.stack.append((style, self.count))
        self.count += 1
        title = _HEADINGS[[s for s, _ in _HEADINGS].index(style)][1].sub("", text, count=1)
        title = re.split(r"[。：:]", title, maxsplit=1)[0].strip()
        return Heading(style, number, marker, title[:80], SourceRef(path, first.number, page=first.page),
                       first.part, scope)  # fmt: skip


@dataclass
class _Mention:
    start: int
    end: int
    subject: str | None
    text: str
    coded: bool = False  # a 类/款/项 written as such ("名称（类）", "名称（2050202）")
    fund: str | None = None  # the fund written with the name ("一般公共预算" + 财政拨款收入)


_FULL_STOP = re.compile(r"[。！？]")  # a sentence with its clauses (；) for what it is about
_TITLE = re.compile(r"《[^《》]*》")  # a document title names nothing of this report
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]")
_CLAUSE = re.compile(r"[，,。；;：:、！？]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+$")
#: A bound, not a value: "满意度大于90%", "近 58000 人"
_BOUND = re.compile(r"(?:近|约|超过|逾|不足|不低于|不少于|大于|小于|高于|低于|≥|≤|>|<|＞|＜|≧|≦)\s*$")
_Event = tuple[int, int, "re.Match[str] | None", "Decimal | None"]


class _ParagraphReader:
    """Finds the statements of one paragraph.

    ``fund`` is the fund the paragraph's section is about (from its title), ``inherited`` the subject named by
    the heading paragraph just before it ("2.一般公共服务（类）信访事务（款）一般行政管理事务（项）。" /
    "年初预算为 590.53 万元，…")."""

    def __init__(self, vocabulary: Vocabulary, paragraph: Paragraph, path: str, fund: str | None = None,
                 inherited: str | None = None) -> None:  # fmt: skip
        self.vocab = vocabulary
        self.paragraph = paragraph
        self.text = paragraph.text
        self.path = path
        self.fund = fund
        self.inherited = inherited
        self.figures = [m.start() for m in _NUMBER.finditer(self.text)]
        self.figures += [m.start() for m in _CN_NUMBER.finditer(self.text)]
        self.mentions = self._mentions()
        self.ignored = self._ignored()

    # -- what the paragraph names --------------------------------------------------------------------------
    def _mentions(self) -> list[_Mention]:
        marks = [m.span() for m in _MARK.finditer(self.text)]  # 【待补充：…】 names nothing
        marks += [m.span() for m in _TITLE.finditer(self.text)]  # nor does 《项目支出绩效评价管理办法》
        explained = [m.span() for m in self.vocab.explanation.finditer(self.text)
                     if not any(m.start() <= f < m.end() for f in self.figures)]  # fmt: skip
        out = []
        for m in self._all_mentions():
            if any(a <= m.start < b for a, b in marks):
                continue
            if not m.coded and any(a <= m.start < b for a, b in explained):
                continue  # "主要用于：局本部人员经费及公用经费等的基本支出。"
            out.append(m)
        return self._with_funds(out)

    def _coded(self) -> list[_Mention]:
        """类/款/项 names, each 款 and 项 looked up under the code named just before it ("信访事务（款）行政运行
        （项）": 行政运行 of 信访事务, not of 人大事务)."""
        out: list[_Mention] = []
        parent, chain_end = None, -1
        for match in self.vocab.coded.finditer(self.text):
            name = re.sub(r"^(?:其中|包括|主要是)", "", match.group(1))
            level = match.group(2)
            adjacent = chain_end >= 0 and not self.text[chain_end : match.start()].strip(" 、")
            wanted = {"款": 3, "项": 5}.get(level)
            under = parent if adjacent and parent and len(parent) == wanted else None
            key = self.vocab.link_coded(name, level, under)
            code = key[len(FUNC) :] if key and key[len(FUNC) :].isdigit() else None
            parent, chain_end = code, match.end()
            out.append(_Mention(match.start(), match.end(), key, match.group(0), coded=True))
        for match in self.vocab.code_named.finditer(self.text):
            key = self.vocab.link_code(match.group(2))
            if key and not any(c.start < match.end() and match.start() < c.end for c in out):
                out.append(_Mention(match.start(), match.end(), key, match.group(0), coded=True))
        return out

    def _all_mentions(self) -> list[_Mention]:
        coded = self._coded()
        out = list(coded)
        for match in self.vocab.mention.finditer(self.text):
            if any(c.start < match.end() and match.start() < c.end for c in coded):
                continue
            restates = any(p.match(self.text, match.start()) for p in self.vocab.restating)
            if restates and any(c.end <= match.start() for c in coded):
                continue  # "…（项）。本年支出决算 568,051.63 万元": the 项's figure
            key: str | None = self.vocab.names[match.group(0)]
            structured = bool(self.paragraph.part)
            if (
                key
                and key.startswith(ECON)
                and structured
                and self.paragraph.section not in self.vocab.economic_sections
            ):
                key = None  # economic class names only count where the 基本支出 is described
            fund = self.vocab.fund_before(self.text, match.start())
            out.append(_Mention(match.start(), match.end(), key, match.group(0), fund=fund))
        return sorted(out, key=lambda m: m.start)

    def _with_funds(self, mentions: list[_Mention]) -> list[_Mention]:
        """A fund written with a name narrows it (``funds`` in the vocabulary), and so does a fund named
        earlier in the sentence ("政府性基金预算财政拨款年初结转和结余 A 万元，…，年末结转和结余 B 万元") or in the
        section title; a fund written with a name that has no entry for it unlinks the name."""
        out = []
        sentence_fund, sentence_end = None, -1
        for m in mentions:
            if m.start >= sentence_end:
                found = _SENTENCE_END.search(self.text, m.start)
                sentence_end = found.end() if found else len(self.text)
                sentence_fund = None
            own = m.fund or (self.vocab.fund_in(m.text) if not m.coded else None)
            if own is not None:
                sentence_fund = own
            if m.fund is not None:
                m.subject = self.vocab.in_fund(m.subject, m.fund, strict=True)
            elif sentence_fund is not None and own is None:
                m.subject = self.vocab.in_fund(m.subject, sentence_fund, strict=self._compared(m.subject))
            elif own is None:
                m.subject = self.vocab.in_fund(m.subject, self.fund, strict=False)
            out.append(m)
        return out

    def _compared(self, key: str | None) -> bool:
        """Whether a subject is compared with a table (a figure of another fund would be a false error)."""
        sub = self.vocab.get(key) if key else None
        return sub is not None and bool(sub.cells or sub.funds)

    def label_subject(self) -> str | None:
        """The subject a heading paragraph that is only a subject's name names ("2.一般公共服务（类）信访事务
        （款）一般行政管理事务（项）。"), else None."""
        found = numbered_heading(self.text)
        if found is None or self.figures or not self.mentions:
            return None
        rest = _HEADINGS[[s for s, _ in _HEADINGS].index(found[0])][1].sub("", self.text, count=1)
        at = len(self.text) - len(rest)
        for m in reversed(self.mentions):
            rest = rest[: max(0, m.start - at)] + rest[m.end - at :]
        return self.mentions[-1].subject if not re.sub(r"[\s。：:，、；]", "", rest) else None

    def _ignored(self) -> list[tuple[int, int]]:
        spans = []
        for pattern in self.vocab.ignore:
            regex = re.compile(pattern.replace("{n}", r"\d+(?:\.\d+)?"))
            spans += [m.span() for m in regex.finditer(self.text)]
        return spans

    def _last_mention(self, start: int, end: int) -> _Mention | None:
        found = None
        for mention in self.mentions:
            if mention.start >= start and mention.end <= end:
                found = mention
        return found

    def _chain_head(self, mention: _Mention, since: int) -> _Mention:
        """The first of names listed together before one number ("收入总计、支出总计均为 N": 收入总计)."""
        at = self.mentions.index(mention)
        while at > 0:
            before = self.mentions[at - 1]
            if before.start < since or not self.vocab.joined.match(self.text[before.end : self.mentions[at].start]):
                break
            at -= 1
        return self.mentions[at]

    def _unknown_named(self, tail: str) -> bool:
        """Whether the words right before a number (in its clause, after the last subject named) name money
        the vocabulary does not know ("人员经费", "带来医疗收入", "收入决算")."""
        clause = _BRACKETED.sub("", _CLAUSE.split(tail)[-1])
        run = _CJK_RUN.search(clause.strip())
        if run is None:
            return False
        word = self.vocab.unknown_strip.sub("", run.group(0))
        if not word or self.vocab.unknown_generic.match(word):
            return False
        if self.vocab.qualifier_pattern.pattern and self.vocab.qualifier_pattern.search(word):
            return False  # "涉及一般公共预算支出 91.79 万元": the fund of an evaluated amount
        return bool(self.vocab.unknown_nouns.search(word))

    def _sentence(self, start: int, end: int) -> tuple[str, int]:
        begin = 0
        for match in _SENTENCE_END.finditer(self.text):
            if match.end() <= start:
                begin = match.end()
            elif match.start() >= end:
                return self.text[begin : match.end()], begin
        return self.text[begin:], begin

    # -- figures -----------------------------------------------------------------------------------------------
    def _flat_events(self) -> list[_Event]:
        """No change: "与上年持平", "与 2023 年度持平", and a bare "持平" in a paragraph that compares with last
        year unless its clause is about the budget ("决算数与预算数基本持平")."""
        out: list[_Event] = [(m.start(), m.end(), None, None) for m in self.vocab.flat_stated.finditer(self.text)]
        if self.vocab.flat_context.search(self.text):
            for m in self.vocab.flat_bare.finditer(self.text):
                if any(a <= m.start() < b for a, b, _, _ in out):
                    continue
                clause = _CLAUSE.split(self.text[: m.start()])[-1]
                if not self.vocab.flat_not_after.search(clause):
                    out.append((m.start(), m.end(), None, None))
        return out

    def statements(self) -> list[Statement]:
        events: list[_Event] = []
        for number in _NUMBER.finditer(self.text):
            if any(a <= number.start(1) < b for a, b in self.ignored):
                continue
            events.append((number.start(), number.end(), number, None))
        for chinese in _CN_NUMBER.finditer(self.text):
            value = chinese_to_int(chinese.group(1))
            if value is not None:
                events.append((chinese.start(), chinese.end(), chinese, Decimal(value)))
        events += self._flat_events()
        events.sort(key=lambda e: e[0])
        out: list[Statement] = []
        current: str | None = self.inherited
        previous_end = 0
        for start, end, found, written in events:
            statement, current = self._statement(start, end, found, written, previous_end, current, out)
            previous_end = end
            if statement is not None:
                out.append(statement)
        return out

    def _statement(
        self, start: int, end: int, match: re.Match[str] | None, chinese: Decimal | None, since: int,
        current: str | None, before: list[Statement],
    ) -> tuple[Statement | None, str | None]:  # fmt: skip
        gap = self.text[since:start]
        if match is None:  # 与上年持平
            mention = self._last_mention(since, start)
            subject = mention.subject if mention else current
            unit = self._unit_of(subject)
            return self._make(subject, mention, Aspect.CHANGE, Decimal(0), unit, "持平", start, end), subject
        if chinese is not None:
            value, unit, approx = chinese, match.group(2), False
        else:
            try:
                value = Decimal(match.group(1).replace(",", ""))
            except InvalidOperation:
                return None, current
            unit = _UNIT_ALIAS.get(match.group(3), match.group(3))
            approx = bool(match.group(2)) or bool(_BOUND.search(self.text, max(0, start - 4), start))
        clause_start = max((m.end() for m in _CLAUSE.finditer(self.text, 0, start)), default=0)
        aspect, direction, denominator_text, cut = self._aspect(gap, unit, self.text[clause_start:start])
        mention = self._last_mention(since, since + cut)
        if mention is not None and self.vocab.listed_together.match(self.text[mention.end : start]):
            mention = self._chain_head(mention, since)
        if unit in _AMOUNT_UNITS and self._unknown_named(self.text[mention.end if mention else since : since + cut]):
            return self._make(None, None, aspect, value, unit, direction, start, end), None
        subject = mention.subject if mention else current
        subject = self._under(subject, start, before)
        if mention is not None:
            current = subject
        subject = self._fit_unit(subject, aspect, unit)
        if mention is None and subject != current and subject is not None:
            current = subject
        statement = self._make(subject, mention, aspect, value, unit, direction, start, end)
        extra: dict[str, object] = {"approximate": approx}
        if aspect is Aspect.SHARE:
            extra["denominator_text"] = bare_share(denominator_text, self.vocab)
            extra["denominator"] = self._denominator(subject, denominator_text, before)
        sub = self.vocab.get(subject) if subject else None
        if sub is not None and sub.qualified:
            extra["qualifier"] = self._qualifier(since, start)
        return _replace(statement, **extra), current

    def _under(self, subject: str | None, start: int, before: list[Statement]) -> str | None:
        """The subject as a part of the whole its sentence is about (``under``): "财政拨款支出总计为 A 万元，其中
        基本支出 B 万元" — B is 财政拨款基本支出."""
        sub = self.vocab.get(subject) if subject else None
        if sub is None or not sub.under:
            return subject
        begin = max((m.end() for m in _FULL_STOP.finditer(self.text, 0, start)), default=0)
        head = next((s for s in before if s.aspect is Aspect.VALUE and self._offset(s) >= begin), None)
        return sub.under.get(head.subject or "", subject) if head is not None else subject

    def _offset(self, s: Statement) -> int:
        """Where in the paragraph a statement of it is (its sentence is a slice of the paragraph)."""
        at = self.text.find(s.sentence)
        return at + s.span[0] if at >= 0 else -1

    def _aspect(self, gap: str, unit: str, clause: str) -> tuple[Aspect, str | None, str, int]:
        """Aspect, direction word, share denominator text, and where in ``gap`` the subject may be named."""
        percent = unit in ("%", "个百分点")
        for pattern in self.vocab.aspects:
            found = pattern.pattern.search(clause if pattern.clause else gap)
            if not found:
                continue
            aspect = pattern.aspect
            if aspect in (Aspect.CHANGE, Aspect.RATE):
                word = found.group(1)
                return (Aspect.RATE if percent else Aspect.CHANGE), word, "", found.start()
            if aspect in _PERCENT_ASPECTS and not percent:
                continue
            if pattern.percent is not None and pattern.percent != percent:
                continue
            if aspect is Aspect.SHARE:
                return aspect, None, found.group(1).strip(), found.start()
            return aspect, None, "", len(gap)
        return Aspect.VALUE, None, "", len(gap)

    def _fit_unit(self, subject: str | None, aspect: Aspect, unit: str) -> str | None:
        """A number whose unit does not fit the subject is about the subject's follower, or unlinked."""
        if subject is None:
            return None
        sub = self.vocab.get(subject)
        if aspect in _PERCENT_ASPECTS:  # a rate or share of an amount or a count; a score's rate is its own
            if aspect is Aspect.SCORE_RATE:
                return subject
            budgeted = aspect in (Aspect.COMPLETION, Aspect.EXECUTION_RATE)
            keep = sub is None or (sub.unit in _AMOUNT_UNITS if budgeted else sub.unit not in ("分", "%"))
            return subject if keep else None
        if aspect is Aspect.CHANGE and unit in _AMOUNT_UNITS:
            return subject
        if sub is None or _same_unit(sub.unit, unit):
            return subject
        return self.vocab.follower(subject, unit)

    def _unit_of(self, subject: str | None) -> str:
        sub = self.vocab.get(subject) if subject else None
        return sub.unit if sub else "万元"

    def _denominator(self, subject: str | None, text: str, before: list[Statement]) -> str | None:
        text = bare_share(text, self.vocab)
        if text:
            coded = self.vocab.coded.search(text)
            if coded:
                return self.vocab.link_coded(coded.group(1), coded.group(2))
            mention = self.vocab.mention.search(text)
            if mention is None:
                return self.vocab.link_name(text)
            rest = re.sub(r"总额|金额|合计|总计|的|本年|比重|比例|为|是|合同", "", text.replace(mention.group(0), ""))
            if rest.strip():
                return None  # "一般公共预算项目支出总额": not 项目支出
            key = self.vocab.names.get(mention.group(0))
            fund = self.vocab.fund_before(text, mention.start())
            return self.vocab.in_fund(key, fund, strict=True) if fund else key
        if subject and subject.startswith(FUNC):
            wholes = self.vocab.functional_wholes()  # the total stated before it in the paragraph
            stated = [s.subject for s in before if s.aspect is Aspect.VALUE and s.subject in wholes]
            return stated[-1] if stated else None
        sub = self.vocab.get(subject) if subject else None
        return sub.share_of if sub else None

    def _qualifier(self, since: int, start: int) -> str | None:
        found = None
        for match in self.vocab.qualifier_pattern.finditer(self.text, since, start):
            found = self.vocab.qualifier_of(match.group(0))
        return found

    def _make(
        self, subject: str | None, mention: _Mention | None, aspect: Aspect, value: Decimal, unit: str,
        direction: str | None, start: int, end: int,
    ) -> Statement:  # fmt: skip
        sentence, begin = self._sentence(start, end)
        page, line = self.paragraph.place_at(start)
        subject_text = mention.text if mention else self.vocab.label(subject) if subject else ""
        return Statement(
            subject=subject, subject_text=subject_text, aspect=aspect, value=value, unit=unit, direction=direction,
            sentence=sentence, source=SourceRef(self.path, line, page=page), span=(start - begin, end - begin),
            part=self.paragraph.part, section=self.paragraph.section,
        )  # fmt: skip


def bare_share(text: str, vocabulary: Vocabulary | None = None) -> str:
    """The words after 占 that name a denominator: "" for "占比" / "占比重为" and for the words that name the
    subject's own whole ("占收入总额", "占总支出": ``generic_denominators``), i.e. a share of the default whole."""
    text = re.sub(r"^(?:比重|比例|比)(?:为|是)?$", "", text)
    generic = (vocabulary or default_vocabulary()).generic_denominators
    return "" if re.sub(r"的|比重|比例|为|是", "", text) in generic else text


def _replace(statement: Statement, **changes: object) -> Statement:
    from dataclasses import replace

    return replace(statement, **changes)  # type: ignore[arg-type]


def _same_unit(expected: str, unit: str) -> bool:
    if expected in _AMOUNT_UNITS:
        return unit in _AMOUNT_UNITS
    return expected == unit or {expected, unit} <= {"人", "名"} or {expected, unit} <= {"辆", "台"}


_SCORE_ROWS = {"权重": Aspect.WEIGHT, "分值": Aspect.VALUE, "得分": Aspect.VALUE, "得分率": Aspect.SCORE_RATE}


def _table_statements(vocab: Vocabulary, rows: list[_Line], path: str, part: str) -> list[Statement]:
    """A tab-separated score table: a header row naming subjects, then 权重 / 分值 / 得分率 rows."""
    out: list[Statement] = []
    header: list[str | None] = []
    for line in rows:
        cells = [c.strip() for c in _COLUMNS.split(line.text)]
        linked = [vocab.names.get(c) or vocab.names.get(c.removesuffix("指标")) for c in cells[1:]]
        if sum(1 for k in linked if k) >= 2:
            header = [*linked[:-1], linked[-1] or ("whole_score" if cells[-1] in ("合计", "总分") else None)]
            continue
        aspect = _SCORE_ROWS.get(cells[0])
        if not header or aspect is None:
            continue
        for n, (cell, subject) in enumerate(zip(cells[1:], header, strict=False)):
            number = re.fullmatch(r"(-?\d+(?:\.\d+)?)\s*(%?)", cell)
            if not number or subject is None:
                continue
            unit = "%" if number.group(2) or aspect is Aspect.SCORE_RATE else "分"
            at = _cell_offset(line.text, cells, n + 1)
            out.append(Statement(subject, cell, aspect, Decimal(number.group(1)), unit, None, line.text,
                                 SourceRef(path, line.number, page=line.page), (at, at + len(cell)), part))  # fmt: skip
    return out


def _cell_offset(text: str, cells: list[str], index: int) -> int:
    at = 0
    for n, cell in enumerate(cells):
        at = text.find(cell, at)
        if n == index:
            return at
        at += len(cell)
    return at


def _year(lines: Sequence[_Line]) -> int | None:
    for line in lines[:60]:
        found = re.search(r"(\d{4})\s*年度?\s*(?:部门|单位)?决算", line.text)
        if found:
            return int(found.group(1))
    counts: dict[int, int] = {}
    for line in lines:
        for found in re.finditer(r"本部门\s*(\d{4})\s*年度", line.text):
            counts[int(found.group(1))] = counts.get(int(found.group(1)), 0) + 1
    return max(counts, key=lambda y: counts[y]) if counts else None


def extract_statements(
    pages: Iterable[Page], path: str = "", vocabulary: Vocabulary | None = None, year: int | None = None
) -> Statements:
    """The stated figures, paragraphs and numbered headings of a report's text.

    Args:
        pages: (page number or None, number of the page's first line, text) for each page, in order.
        path: the file the text came from (for SourceRef).
        vocabulary: subjects and patterns (default: the shipped ``vocabulary.yaml``).
        year: the report year; read from the title ("2023 年度部门决算") when None.
    """
    vocab = vocabulary or default_vocabulary()
    all_lines = _lines(pages)
    body = [line for line in all_lines if line.part != "决算表"]
    sections, numbering = _Sections(), _Numbering()
    paragraphs: list[Paragraph] = []
    headings: list[Heading] = []
    items: list[Statement] = []
    table_rows: list[_Line] = []
    label: str | None = None  # the subject a heading paragraph named, for the paragraph under it
    for block in _blocks(body):
        text, offsets = block.text()
        first = block.lines[0]
        section = sections.update(first.part, text) if first.part == "情况说明" else ""
        heading = numbering.heading(block, text, path)
        if heading is not None:
            headings.append(heading)
        if is_table_row(text):
            table_rows.append(first)
            label = None
            continue
        paragraph = Paragraph(text, SourceRef(path, first.number, page=first.page), first.part, section, offsets)
        paragraphs.append(paragraph)
        fund = vocab.fund_in(sections.title) if first.part == "情况说明" and section else None
        reader = _ParagraphReader(vocab, paragraph, path, fund, label)
        items += [_replace(s, paragraph=len(paragraphs) - 1) for s in reader.statements()]
        label = reader.label_subject()
    for part in ("附件", "情况说明"):
        items += _table_statements(vocab, [r for r in table_rows if r.part == part], path, part)
    items.sort(key=lambda s: (s.source.page or 0, s.source.line or 0))
    parts = tuple(dict.fromkeys(line.part for line in all_lines if line.part))
    return Statements(tuple(items), tuple(paragraphs), tuple(headings), year or _year(all_lines), path, parts)


def statements_from_text(path: str | Path, vocabulary: Vocabulary | None = None) -> Statements:
    """Statements of a plain-text report (UTF-8; form feeds separate pages when present)."""
    text = Path(path).read_text(encoding="utf-8")
    pages: list[Page] = []
    line = 1
    chunks = text.split("\f")
    for n, chunk in enumerate(chunks):
        pages.append((n + 1 if len(chunks) > 1 else None, line, chunk))
        line += chunk.count("\n")
    return extract_statements(pages, str(path), vocabulary)
