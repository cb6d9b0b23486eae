"""What a report's text states: figures (:class:`Statement`), paragraphs and section headings.

A :class:`Statement` is one number written in the narrative (情况说明, 概况, the evaluation attachment): the
quantity it talks about (``subject``, a key of the vocabulary in ``vocabulary.yaml``, or None when no subject
could be linked), which aspect of it (the value, the change from last year, a share, …), the value with its
unit, the direction word, and the sentence and place it was read from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from .source import SourceRef


class Aspect(StrEnum):
    """Which aspect of a subject a number states."""

    VALUE = "value"  # 决算数 / the amount itself / a count / a score
    CHANGE = "change"  # 比上年增加/减少 A (magnitude; the sign is in ``direction``)
    RATE = "rate"  # 增长/下降 p% (magnitude; the sign is in ``direction``)
    SHARE = "share"  # 占 x%
    COMPLETION = "completion"  # 完成年初预算的 z%
    PREVIOUS = "previous"  # 上年数
    INITIAL_BUDGET = "initial_budget"  # 年初预算数
    FULL_BUDGET = "full_budget"  # 全年预算数
    ADJUSTED_BUDGET = "adjusted_budget"  # 调整预算数
    EXECUTION_RATE = "execution_rate"  # 执行率
    WEIGHT = "weight"  # 权重 (scores)
    SCORE_RATE = "score_rate"  # 得分率 (scores)

    @property
    def label(self) -> str:
        return _ASPECT_LABELS[self]


_ASPECT_LABELS = {
    Aspect.VALUE: "数额",
    Aspect.CHANGE: "比上年增减额",
    Aspect.RATE: "比上年增减率",
    Aspect.SHARE: "占比",
    Aspect.COMPLETION: "完成预算率",
    Aspect.PREVIOUS: "上年数",
    Aspect.INITIAL_BUDGET: "年初预算数",
    Aspect.FULL_BUDGET: "全年预算数",
    Aspect.ADJUSTED_BUDGET: "调整预算数",
    Aspect.EXECUTION_RATE: "执行率",
    Aspect.WEIGHT: "权重",
    Aspect.SCORE_RATE: "得分率",
}

#: Direction words and the sign they give a change or a rate.
DIRECTIONS: dict[str, int] = {"增加": 1, "增长": 1, "上升": 1, "减少": -1, "下降": -1, "降低": -1, "持平": 0}


@dataclass(frozen=True, slots=True)
class Statement:
    """One stated figure.

    Attributes:
        subject: vocabulary key of what the number talks about (``income_total``, ``func:201``, ``staff``…),
            or None when it could not be linked.
        subject_text: the words the subject was recognised from, as written.
        aspect: which aspect of the subject the number states.
        value: the number as written (a magnitude for changes and rates: the sign is in ``direction``).
        unit: 万元, 元, %, 人, 人次, 辆, 个, 批, 台, 分, 次, 家, 份, 名 (as written, normalised: 辆（台） → 辆).
        direction: 增加/减少/增长/下降/持平 for changes and rates, else None.
        sentence: the sentence the number is in (line breaks inside it removed).
        source: where the number is: path, page, line.
        span: character offsets of the number and its unit inside ``sentence``.
        part: the report part: 概况, 决算表, 情况说明, 名词解释, 附件 ("" before the first part).
        section: the numbered section inside the part (情况说明 一 … 九: "一" … "九"), or "".
        qualifier: a narrower reading of the subject (``general_budget`` / ``gov_fund`` / ``state_capital``
            for the funds of an evaluated amount), or None.
        denominator: for a share, the vocabulary key of what it is a share of (None if not named or not linked).
        denominator_text: the words after 占 naming the denominator, as written.
        approximate: the number was written with 余 / 多 ("20 余次").
        paragraph: index of its paragraph in ``Statements.paragraphs`` (-1 for table rows).
    """

    subject: str | None
    subject_text: str
    aspect: Aspect
    value: Decimal
    unit: str
    direction: str | None
    sentence: str
    source: SourceRef
    span: tuple[int, int]
    part: str = ""
    section: str = ""
    qualifier: str | None = None
    denominator: str | None = None
    denominator_text: str = ""
    approximate: bool = False
    paragraph: int = -1

    @property
    def sign(self) -> int:
        """+1 / −1 / 0 from the direction word (+1 when there is none)."""
        return DIRECTIONS.get(self.direction or "", 1)

    @property
    def signed_value(self) -> Decimal:
        return self.value * self.sign if self.direction else self.value

    @property
    def decimals(self) -> int:
        """How many decimals were written (``"100"`` → 0, ``"14.86"`` → 2)."""
        exponent = self.value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0

    @property
    def text(self) -> str:
        return self.sentence[self.span[0] : self.span[1]]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready form (value as a string, place flattened), e.g. for ``juesuan parse`` output."""
        return {
            "subject": self.subject, "subject_text": self.subject_text, "aspect": self.aspect.value,
            "value": str(self.value), "unit": self.unit, "direction": self.direction, "text": self.text,
            "sentence": self.sentence, "page": self.source.page, "line": self.source.line, "part": self.part,
            "section": self.section, "qualifier": self.qualifier, "denominator": self.denominator,
            "approximate": self.approximate,
        }  # fmt: skip

    def where(self) -> str:
        """``第N页 第M行`` (or just the line) for messages."""
        parts = []
        if self.source.page is not None:
            parts.append(f"第{self.source.page}页")
        if self.source.line is not None:
            parts.append(f"第{self.source.line}行")
        return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the narrative as one string (line breaks inside sentences removed)."""

    text: str
    source: SourceRef
    part: str = ""
    section: str = ""
    #: (offset in ``text``, line number, page) where each source line starts
    lines: tuple[tuple[int, int, int | None], ...] = ()

    def place_at(self, offset: int) -> tuple[int | None, int | None]:
        """(page, line) of a character offset of ``text``."""
        page, line = self.source.page, self.source.line
        for start, number, on_page in self.lines:
            if start > offset:
                break
            page, line = on_page, number
        return page, line


@dataclass(frozen=True, slots=True)
class Heading:
    """A numbered heading at the start of a paragraph: ``一、`` / ``（一）`` / ``1.`` / ``（1）`` / ``①``.

    ``style`` names the numbering style, ``number`` its value, ``scope`` the index (in the part's headings,
    as a string; "" at the top) of the heading it is nested in: the numbering restarts under each new
    parent. ``title`` is the rest of the line up to 。 or ：.
    """

    style: str
    number: int
    marker: str
    title: str
    source: SourceRef
    part: str
    scope: str


@dataclass(frozen=True)
class Statements:
    """Everything read from a report's text: figures, paragraphs, headings, and the report year."""

    items: tuple[Statement, ...]
    paragraphs: tuple[Paragraph, ...] = ()
    headings: tuple[Heading, ...] = ()
    year: int | None = None
    path: str = ""
    parts: tuple[str, ...] = field(default=())

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def about(self, subject: str, aspect: Aspect | None = None) -> list[Statement]:
        return [s for s in self.items if s.subject == subject and (aspect is None or s.aspect is aspect)]
