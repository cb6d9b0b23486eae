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
from .model import Aspect

FUNC = "func:"
ECON = "econ:"


@dataclass(frozen=True)
class CellSpec:
    """A published cell: table id, row (key, code or label), column header, side."""

    table: str
    row: str
    column: str | None = None
    side: str | None = None

    @staticmethod
    def read(raw: dict[str, Any]) -> CellSpec:
        return CellSpec(str(raw["table"]), str(raw["row"]), raw.get("column"), raw.get("side"))


@dataclass(frozen=True)
class Subject:
    key: str
    label: str
    names: tuple[str, ...]
    unit: str = "万元"
    cells: dict[Aspect, CellSpec] = field(default_factory=dict)
    any_cell: tuple[CellSpec, ...] = ()
    share_of: str | None = None
    part_of: str | None = None
    within: str | None = None
    previous_is: str | None = None
    follows: tuple[str, str] | None = None
    qualified: bool = False
    code: str | None = None
    repeated: str = "all"  # all / parts (compared across parts only if each part states one value) / none


@dataclass(frozen=True)
class AspectPattern:
    pattern: re.Pattern[str]
    aspect: Aspect
    percent: bool | None


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
        self.aspects = tuple(
            AspectPattern(re.compile(a["pattern"]), Aspect(a["aspect"]), a.get("percent")) for a in raw["aspects"]
        )
        self.ignore = tuple(str(p) for p in raw.get("ignore") or ())
        names: dict[str, str] = {}
        for subject in self.subjects.values():
            for name in subject.names:
                names.setdefault(name, subject.key)
        for name, code in self._economic_names.items():
            names.setdefault(name, ECON + code)
        if self.functional.get("bare_class_names", True):  # "一般公共服务支出 10685.56 万元" without （类）
            for name, code in _functional_names(3).items():
                names.setdefault(name, FUNC + code)
        self.names = names
        ordered = sorted(names, key=len, reverse=True)
        self.mention = re.compile("|".join(re.escape(n) for n in ordered))
        self.coded = re.compile(r"([\u4e00-\u9fff]+)[（(]([类款项])[）)]")
        self.qualifier_pattern = re.compile(
            "|".join(re.escape(n) for ns in self.qualifiers.values() for n in sorted(ns, key=len, reverse=True))
        )

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
        cell = CellSpec(str(spec.get("table", "05")), code, spec.get("column"), spec.get("side"))
        part_of = self.functional.get("part_of") if len(code) == 3 else FUNC + code[:-2]
        return Subject(FUNC + code, f"{name}（{_LEVEL[len(code)]}）", (name,), cells={Aspect.VALUE: cell},
                       part_of=part_of, code=code)  # fmt: skip

    def functional_cell(self, code: str, section_title: str) -> CellSpec | None:
        """The cell a 类 stated under a section titled ``section_title`` is compared with (``section_cells``), or
        None to keep the subject's own."""
        if len(code) != 3 or not section_title:
            return None
        for entry in self.functional.get("section_cells") or ():
            if str(entry["words"]) in section_title:
                spec = entry["cell"]
                return CellSpec(str(spec["table"]), code, spec.get("column"), spec.get("side"))
        return None

    def _unknown_functional(self, rest: str) -> Subject:
        """``类:名称``: a coded name the code table does not know; still a part of its whole, with no cell."""
        level, _, name = rest.partition(":")
        part_of = self.functional.get("part_of") if level == "类" else None
        return Subject(FUNC + rest, f"{name}（{level}）", (name,), part_of=part_of)

    def _economic(self, code: str) -> Subject:
        names = tuple(n for n, c in self._economic_names.items() if c == code) or (code,)
        spec = self.economic.get("cell") or {}
        cell = CellSpec(str(spec.get("table", "06")), code, spec.get("column"), spec.get("side"))
        return Subject(ECON + code, names[0], names, cells={Aspect.VALUE: cell},
                       part_of=self.economic.get("part_of"), code=code)  # fmt: skip

    def follower(self, subject: str | None, unit: str) -> str | None:
        """The subject a number in ``unit`` is about right after a mention of ``subject``."""
        for candidate in self.subjects.values():
            if candidate.follows == (subject, unit):
                return candidate.key
        return None

    # -- linking names ------------------------------------------------------------------------------
    def link_coded(self, name: str, level: str) -> str | None:
        """``一般公共服务支出`` + 类 → ``func:201`` (exact name, else the closest name by rapidfuzz, else
        ``func:类:名称``: a subject without a cell that still counts as a part of its whole)."""
        choices = _functional_names(len(_LEVEL_CODE[level]))
        if name in choices:
            return FUNC + choices[name]
        found = process.extractOne(name, list(choices), scorer=fuzz.ratio,
                                   score_cutoff=float(self.functional.get("min_score", 88)))  # fmt: skip
        return FUNC + choices[found[0]] if found else f"{FUNC}{level}:{name}"

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


_LEVEL = {3: "类", 5: "款", 7: "项"}
_LEVEL_CODE = {"类": "201", "款": "20101", "项": "2010101"}


@cache
def _functional_names(length: int) -> dict[str, str]:
    text = resources.files("juesuan.data.codes").joinpath("func_class.csv").read_text(encoding="utf-8")
    import csv

    out: dict[str, str] = {}
    for row in csv.DictReader(text.splitlines()):
        if len(row["code"]) == length:
            out.setdefault(row["name"], row["code"])
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
        share_of=entry.get("share_of"), part_of=entry.get("part_of"), within=entry.get("within"),
        previous_is=entry.get("previous_is"),
        follows=(str(follows["subject"]), str(follows["unit"])) if follows else None,
        qualified=bool(entry.get("qualified", False)), repeated=_repeated(entry.get("repeated", True)),
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
