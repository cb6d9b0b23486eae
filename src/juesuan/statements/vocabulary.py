"""The subject vocabulary (``vocabulary.yaml``): names → subject keys, cells, shares and parts.

Functional 类/款/项 subjects (``func:201``) come from the shipped code table and economic 类 subjects
(``econ:301``) from the names listed in the vocabulary; a name that is not exactly known is linked with
rapidfuzz when it is close enough (``min_score``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from ..model.codes import functional_codes
from ..model.statements import Aspect

FUNC = "func:"
ECON = "econ:"


@dataclass(frozen=True)
class CellSpec:
    """A published cell: table id, row (key, code or label), column header, side. ``column`` may be a list
    in the vocabulary: the first of them the table has (layouts head 05's first column 本年支出合计, 小计 or
    合计); ``alternatives`` are the others."""

    table: str
    row: str
    column: str | None = None
    side: str | None = None
    alternatives: tuple[str, ...] = ()

    @staticmethod
    def read(raw: dict[str, Any], row: str | None = None) -> CellSpec:
        column = raw.get("column")
        names = [str(c) for c in column] if isinstance(column, list) else [column] if column else [None]
        return CellSpec(str(raw["table"]), row or str(raw["row"]), names[0], raw.get("side"),
                        tuple(str(c) for c in names[1:]))  # fmt: skip


@dataclass(frozen=True)
class Subject:
    key: str
    label: str
    names: tuple[str, ...]
    unit: str = "万元"
    cells: dict[Aspect, CellSpec] = field(default_factory=dict)
    any_cell: tuple[CellSpec, ...] = ()
    share_of: str | None = None
    part_of: tuple[str, ...] = ()
    within: str | None = None
    previous_is: str | None = None
    follows: tuple[str, str] | None = None
    qualified: bool = False
    code: str | None = None
    repeated: str = "all"  # all / parts (compared across parts only if each part states one value) / none
    #: fund (general_budget / gov_fund / state_capital) → the subject this one is when a fund names it
    #: ("一般公共预算财政拨款收入" → gpb_income); a fund not listed leaves the figure unlinked
    funds: dict[str, str] = field(default_factory=dict)
    #: whole → the subject this one is when listed under that whole ("财政拨款支出 A，其中基本支出 B" → fiscal_basic)
    under: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class AspectPattern:
    """Words before a number that give its aspect. A pattern with ``{amount}`` is matched against the clause
    of the number (from the last ，/。/；), so that it can name the figure written just before it ("完成预算
    100.00万元的 95%"); the others against the words since the previous number."""

    pattern: re.Pattern[str]
    aspect: Aspect
    percent: bool | None
    clause: bool = False


#: An amount written in a clause, for ``{amount}`` in aspect patterns.
_AMOUNT = r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元)"


class Vocabulary:
    """Subjects by key and the patterns that recognise them in text."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.subjects: dict[str, Subject] = {}
        for key, entry in (raw.get("subjects") or {}).items():
            self.subjects[str(key)] = _subject(str(key), entry)
        self.functional = dict(raw.get("functional") or {})
        self.economic = dict(raw.get("economic") or {})
        self.economic_sections = tuple(str(s) for s in self.economic.get("sections") or ())
        self._economic_names: dict[str, str] = {}
        for code, listed in (self.economic.get("names") or {}).items():
            for name in listed:
                self._economic_names[str(name)] = str(code)
        self.qualifiers = {str(k): tuple(v) for k, v in (raw.get("qualifiers") or {}).items()}
        self.aspects = tuple(_aspect(a) for a in raw["aspects"])
        self.ignore = tuple(str(p) for p in raw.get("ignore") or ())
        names: dict[str, str] = {}
        for subject in self.subjects.values():
            for name in subject.names:
                names.setdefault(name, subject.key)
        for name, code in self._economic_names.items():
            names.setdefault(name, ECON + code)
        if self.functional.get("bare_class_names", True):  # "一般公共服务支出 10685.56 万元" without （类）
            for name, codes in _functional_names(3).items():
                names.setdefault(name, FUNC + codes[0])
        self.names = names
        ordered = sorted(names, key=len, reverse=True)
        self.mention = re.compile("|".join(re.escape(n) for n in ordered))
        #: "名称（类）"; a name may carry a bracket of its own ("中医（民族）医院（项）")
        self.coded = re.compile(
            r"([\u4e00-\u9fff](?:[\u4e00-\u9fff]|[（(](?![类款项][）)]|[一二三四五六七八九十]+[）)])[\u4e00-\u9fff]{1,6}[）)])*)"
            r"[（(]([类款项])[）)]"
        )
        #: "小学教育（2050202）": a name followed by its 功能分类 code
        self.code_named = re.compile(r"([\u4e00-\u9fff]+)[（(](\d{3}|\d{5}|\d{7})[）)]")
        self.qualifier_pattern = re.compile(
            "|".join(re.escape(n) for ns in self.qualifiers.values() for n in sorted(ns, key=len, reverse=True))
        )
        funds = raw.get("funds") or {}
        self.fund_words = {str(w): str(k) for k, ws in (funds.get("names") or {}).items() for w in ws}
        self._fund_before = re.compile(
            "(?:" + "|".join(re.escape(w) for w in sorted(self.fund_words, key=len, reverse=True)) + r")\s*$"
        )
        context = raw.get("context") or {}
        self.explanation = re.compile(str(context.get("explanation") or r"(?!x)x"))
        self.restating = tuple(re.compile(str(p)) for p in context.get("restating") or ())
        self.listed_together = re.compile(str(context.get("listed_together") or r"(?!x)x"))
        self.joined = re.compile(str(context.get("joined") or r"(?!x)x"))
        self.generic_denominators = tuple(str(w) for w in context.get("generic_denominators") or ())
        unknown = raw.get("unknown_quantity") or {}
        self.unknown_nouns = re.compile(str(unknown.get("nouns") or r"(?!x)x"))
        self.unknown_strip = re.compile(str(unknown.get("strip") or r"(?!x)x"))
        self.unknown_generic = re.compile(str(unknown.get("generic") or r"(?!x)x"))
        flat = raw.get("flat") or {}
        self.flat_stated = re.compile(str(flat.get("stated") or r"(?!x)x"))
        self.flat_bare = re.compile(str(flat.get("bare") or r"(?!x)x"))
        self.flat_context = re.compile(str(flat.get("context") or r"(?!x)x"))
        self.flat_not_after = re.compile(str(flat.get("not_after") or r"(?!x)x"))

    # -- subjects -----------------------------------------------------------------------------------
    def get(self, key: str) -> Subject | None:
        if key in self.subjects:
            return self.subjects[key]
        if key.startswith(FUNC):
            rest = key[len(FUNC) :]
            return self._functional(rest) if rest.isdigit() else self._unknown_functional(rest)
        if key.startswith(ECON):
            return self._economic(key[len(ECON) :])
        return None

    def label(self, key: str | None) -> str:
        subject = self.get(key) if key else None
        return subject.label if subject else (key or "（未识别）")

    def _functional(self, code: str) -> Subject:
        name = functional_codes().name(code) or code
        spec = (self.functional.get("cell") if len(code) == 3 else self.functional.get("detail_cell")) or {}
        cell = CellSpec.read({"table": "05", **spec}, row=code)
        part_of = _keys(self.functional.get("part_of")) if len(code) == 3 else (FUNC + code[:-2],)
        return Subject(FUNC + code, f"{name}（{_LEVEL[len(code)]}）", (name,), cells={Aspect.VALUE: cell},
                       part_of=part_of, code=code)  # fmt: skip

    def functional_cell(self, code: str, section_title: str) -> tuple[bool, CellSpec | None]:
        """The cell a 类/款/项 stated under a section titled ``section_title`` is compared with
        (``section_cells``): (True, cell) — or (True, None) for a section whose figures no table of the
        profile carries — or (False, None) to keep the subject's own cell."""
        if not section_title:
            return False, None
        level = _LEVEL[len(code)]
        for entry in self.functional.get("section_cells") or ():
            if level not in (entry.get("levels") or ["类"]) or str(entry["words"]) not in section_title:
                continue
            spec = entry.get("cell")
            if not spec:
                return True, None
            return True, CellSpec.read(spec, row=code)
        return False, None

    def functional_wholes(self) -> tuple[str, ...]:
        """The totals a bare share of a 类 ("一般公共服务支出 X 万元，占 71.7%") may be of, when stated before
        it in the paragraph (``functional.share_of``)."""
        return _keys(self.functional.get("share_of"))

    def _unknown_functional(self, rest: str) -> Subject:
        """``类:名称``: a coded name the code table does not know; still a part of its whole, with no cell."""
        level, _, name = rest.partition(":")
        part_of = _keys(self.functional.get("part_of")) if level == "类" else ()
        return Subject(FUNC + rest, f"{name}（{level}）", (name,), part_of=part_of)

    def _economic(self, code: str) -> Subject:
        names = tuple(n for n, c in self._economic_names.items() if c == code) or (code,)
        spec = self.economic.get("cell") or {}
        cell = CellSpec.read({"table": "06", **spec}, row=code)
        return Subject(ECON + code, names[0], names, cells={Aspect.VALUE: cell},
                       part_of=_keys(self.economic.get("part_of")), code=code)  # fmt: skip

    def follower(self, subject: str | None, unit: str) -> str | None:
        """The subject a number in ``unit`` is about right after a mention of ``subject``."""
        for candidate in self.subjects.values():
            if candidate.follows == (subject, unit):
                return candidate.key
        return None

    def in_fund(self, key: str | None, fund: str | None, strict: bool) -> str | None:
        """The subject ``key`` is when the text names ``fund`` for it: its ``funds`` entry; without one, None
        when the fund was written with the name (``strict``: "政府性基金预算财政拨款年初结转和结余" is not the
        department's 年初结转和结余), else ``key`` itself (a section about one fund also names whole-department
        figures)."""
        if key is None or fund is None:
            return key
        sub = self.subjects.get(key)
        if sub is not None and fund in sub.funds:
            return sub.funds[fund]
        if key.startswith((FUNC, ECON)):
            return key  # a 类/款/项 is compared per section (section_cells), an economic class is 06's
        return None if strict else key

    def fund_before(self, text: str, start: int) -> str | None:
        """The fund whose name is written right before ``start`` ("一般公共预算" + 财政拨款收入), or None."""
        found = self._fund_before.search(text, max(0, start - 20), start)
        return self.fund_words[found.group(0).strip()] if found else None

    def fund_in(self, title: str) -> str | None:
        """The fund a section title is about ("五、一般公共预算财政拨款支出决算情况说明" → general_budget)."""
        for word in sorted(self.fund_words, key=len, reverse=True):
            if word in title:
                return self.fund_words[word]
        return None

    # -- linking names ------------------------------------------------------------------------------
    def link_coded(self, name: str, level: str, parent: str | None = None) -> str | None:
        """``一般公共服务支出`` + 类 → ``func:201``. The name is looked up among the codes of its level (under
        ``parent``, the 类 or 款 code named just before it, when known): exactly, with "支出" added ("一般公共
        服务（类）"), else the closest name by rapidfuzz. A name that several codes carry (行政运行) is linked
        only under its parent. Otherwise ``func:类:名称``: a subject without a cell that still counts as a part
        of its whole."""
        by_name = _functional_names(len(_LEVEL_CODE[level]))
        if parent:
            choices = {n: [c for c in cs if c.startswith(parent)] for n, cs in by_name.items()}
            choices = {n: cs for n, cs in choices.items() if cs}
        else:
            choices = by_name
        for candidate in (name, name + "支出"):
            codes = choices.get(candidate)
            if codes:
                return FUNC + codes[0] if len(codes) == 1 else f"{FUNC}{level}:{name}"
        found = process.extractOne(name, list(choices), scorer=fuzz.ratio,
                                   score_cutoff=float(self.functional.get("min_score", 88)))  # fmt: skip
        if found and len(choices[found[0]]) == 1:
            return FUNC + choices[found[0]][0]
        return f"{FUNC}{level}:{name}"

    def link_code(self, code: str) -> str | None:
        """``2050202`` written after its name → ``func:2050202`` when the code table knows it."""
        return FUNC + code if functional_codes().name(code) else None

    def link_name(self, name: str) -> str | None:
        """A name as written (an enumerated item) → a subject key, exactly or by rapidfuzz."""
        if name in self.names:
            return self.names[name]
        found = process.extractOne(name, list(self.names), scorer=fuzz.ratio,
                                   score_cutoff=float(self.economic.get("min_score", 88)))  # fmt: skip
        return str(self.names[found[0]]) if found else None

    def qualifier_of(self, text: str) -> str | None:
        for key, names in self.qualifiers.items():
            if text in names:
                return key
        return None


def _aspect(raw: dict[str, Any]) -> AspectPattern:
    text = str(raw["pattern"])
    clause = "{amount}" in text
    return AspectPattern(re.compile(text.replace("{amount}", _AMOUNT)), Aspect(raw["aspect"]), raw.get("percent"),
                         clause)  # fmt: skip


def _keys(raw: object) -> tuple[str, ...]:
    """A subject key or a list of them (``part_of: x`` / ``part_of: [x, y]``)."""
    if not raw:
        return ()
    if isinstance(raw, str):
        return (raw,)
    return tuple(str(k) for k in raw)  # type: ignore[attr-defined]


_LEVEL = {3: "类", 5: "款", 7: "项"}
_LEVEL_CODE = {"类": "201", "款": "20101", "项": "2010101"}


@cache
def _functional_names(length: int) -> dict[str, list[str]]:
    """Name → the codes of that level carrying it (行政运行 is the 项 of many 款)."""
    text = resources.files("juesuan.data.codes").joinpath("func_class.csv").read_text(encoding="utf-8")
    import csv

    out: dict[str, list[str]] = {}
    for row in csv.DictReader(text.splitlines()):
        if len(row["code"]) == length:
            out.setdefault(row["name"], []).append(row["code"])
    return out


def _subject(key: str, entry: dict[str, Any]) -> Subject:
    names = tuple(str(n) for n in entry.get("names") or ())
    cells: dict[Aspect, CellSpec] = {}
    if entry.get("cell"):
        cells[Aspect.VALUE] = CellSpec.read(entry["cell"])
    for aspect, spec in (entry.get("cells") or {}).items():
        cells[Aspect(aspect)] = CellSpec.read(spec)
    follows = entry.get("follows")
    return Subject(
        key=key, label=str(entry.get("label") or names[0]), names=names, unit=str(entry.get("unit", "万元")),
        cells=cells, any_cell=tuple(CellSpec.read(c) for c in entry.get("any_cell") or ()),
        share_of=entry.get("share_of"), part_of=_keys(entry.get("part_of")), within=entry.get("within"),
        previous_is=entry.get("previous_is"),
        follows=(str(follows["subject"]), str(follows["unit"])) if follows else None,
        qualified=bool(entry.get("qualified", False)), repeated=_repeated(entry.get("repeated", True)),
        funds={str(k): str(v) for k, v in (entry.get("funds") or {}).items()},
        under={str(k): str(v) for k, v in (entry.get("under") or {}).items()},
    )  # fmt: skip


def _repeated(raw: object) -> str:
    if raw is True:
        return "all"
    if raw is False:
        return "none"
    if raw in ("all", "parts", "none"):
        return str(raw)
    raise ValueError(f"vocabulary: repeated must be true, false or parts, not {raw!r}")


@cache
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary (``juesuan/statements/vocabulary.yaml``)."""
    text = resources.files("juesuan.statements").joinpath("vocabulary.yaml").read_text(encoding="utf-8")
    return Vocabulary(yaml.safe_load(text))
