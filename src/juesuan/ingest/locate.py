"""Find the profile's tables in a document by title (and aliases), and choose the profile.

A table starts at a line whose normalised text is one of the profile's titles or aliases and that is
followed within a few lines by a 公开NN表 code or a 金额单位/单位 line (so tables of contents and narrative
headings do not count). It runs to the next table's title; its data stops at the first note line (注/说明),
and its notes are the note lines on that page. Pages in between are continuations.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..profiles import loader as profiles
from ..profiles.model import Profile, TableSpec
from .cells import clean, norm_title
from .document import Document, Line

_CONFIRM = re.compile(r"公开\s*\d+\s*表|金额单位|^单位[:：]|单位[:：]\s*(万元|元|台|辆)")
_CODE = re.compile(r"公开\s*(\d+)\s*表")
_NOTE = re.compile(r"^\s*(注|说明)\s*[:：0-9１-９]")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、\S")
# words of a narrative heading (三、决算报表说明, 四、名词解释): never of a table row's name
_SECTION_WORDS = re.compile(r"说明|情况|解释|概况|目录|附件|部分|报告|介绍")
CONFIRM_WINDOW = 8
DEFAULT_PROFILE = "jiangxi-2023"


@dataclass
class Located:
    """One table found in the document."""

    spec: TableSpec
    title: str
    title_line: Line
    lines: list[Line] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    printed_code: str | None = None

    @property
    def pages(self) -> list[int]:
        pages = {self.title_line.page} | {line.page for line in self.lines}
        return sorted(p for p in pages if p is not None)


def _titles(spec: TableSpec) -> set[str]:
    return {norm_title(t) for t in (spec.title, *spec.alias)}


def _confirmed(lines: list[Line], index: int) -> tuple[bool, str | None]:
    key = norm_title(_CODE.sub("", lines[index].text))
    for line in lines[index : index + CONFIRM_WINDOW]:
        text = line.text
        if line is not lines[index] and (norm_title(_CODE.sub("", text)) == key or _PART.match(clean(text))):
            return False, None  # the title again (a contents entry before the table) or a new part
        if line is not lines[index] and _is_title_like(text) and not _CONFIRM.search(text):
            continue
        if _CONFIRM.search(text):
            code = _CODE.search(text)
            return True, code.group(1).zfill(2) if code else None
    return False, None


def _is_title_like(text: str) -> bool:
    return text.endswith("表") and len(clean(text)) < 40


def find_titles(lines: list[Line], profile: Profile) -> list[tuple[int, TableSpec, str | None]]:
    """(line index, spec, printed 公开NN code) of every confirmed title, first occurrence per table."""
    by_title: dict[str, TableSpec] = {}
    for spec in profile.tables:
        for title in _titles(spec):
            by_title.setdefault(title, spec)
    found: list[tuple[int, TableSpec, str | None]] = []
    seen: set[str] = set()
    for index, line in enumerate(lines):
        text = clean(line.text)
        if len(text) > 60 or "…" in text or "..." in text:
            continue
        key = norm_title(_CODE.sub("", line.text))
        match = by_title.get(key)
        if match is None or match.id in seen:
            continue
        ok, code = _confirmed(lines, index)
        if ok:
            found.append((index, match, code))
            seen.add(match.id)
    return found


def _row_labels(profile: Profile) -> set[str]:
    out = {norm_title(c.label) for c in profile.class_rows}
    for spec in profile.tables:
        out |= {norm_title(r.label) for side in spec.all_sides() for r in side.rows if r.label}
    return out


def _ends_table(line: Line, row_labels: set[str]) -> bool:
    """A 第X部分 heading, or a numbered heading of the narrative ("三、决算报表说明", "四、名词解释") printed on
    its own that is none of the profile's row labels, ends the table before it (layouts without 第X部分
    headings). A row's name on a line of its own (a wrapped name in a table without rules) is no heading."""
    text = clean(line.text)
    if _PART.match(text):
        return True
    return (
        line.grid is None
        and len(line.cells) == 1
        and bool(_SECTION.match(text))
        and bool(_SECTION_WORDS.search(text))
        and norm_title(text) not in row_labels
        and not text.endswith("表")
    )


def locate(doc: Document, profile: Profile) -> list[Located]:
    lines = doc.lines()
    titles = find_titles(lines, profile)
    row_labels = _row_labels(profile)
    out: list[Located] = []
    for n, (index, spec, code) in enumerate(titles):
        end = titles[n + 1][0] if n + 1 < len(titles) else len(lines)
        found = Located(spec, lines[index].text, lines[index], printed_code=code)
        note_page: int | None = -1
        for line in lines[index + 1 : end]:
            text = line.text.strip()
            if _ends_table(line, row_labels):
                break
            if note_page != -1:
                if line.page != note_page or _is_title_like(text):
                    break
                found.notes.append(text)
                continue
            if _NOTE.match(text):
                note_page = line.page
                found.notes.append(text)
                continue
            found.lines.append(line)
        out.append(found)
    return out


@dataclass(frozen=True)
class ProfileChoice:
    profile: Profile
    reason: str
    scores: dict[str, int]


def choose_profile(doc: Document, candidates: list[str] | None = None) -> ProfileChoice:
    """The profile whose titles the document matches best: tables found minus tables missing.

    Ties go to the profile listed first (alphabetical). The reason names the counts and any title unique
    to the chosen profile that was found.
    """
    lines = doc.lines()
    scores: dict[str, int] = {}
    found_titles: dict[str, list[TableSpec]] = {}
    ids = candidates or profiles.available()
    for profile_id in ids:
        profile = profiles.get(profile_id)
        found = [spec for _, spec, _ in find_titles(lines, profile)]
        found_titles[profile_id] = found
        scores[profile_id] = 2 * len(found) - len(profile.tables)
    best = max(ids, key=lambda p: (scores[p], -ids.index(p)))
    if not found_titles[best]:
        fallback = DEFAULT_PROFILE if DEFAULT_PROFILE in ids else ids[0]
        reason = f"未找到任何公开表的标题，无法判断模板（按默认模板 {fallback} 列出缺少的表）"
        return ProfileChoice(profiles.get(fallback), reason, scores)
    profile = profiles.get(best)
    others = {norm_title(s.title) for pid in ids if pid != best for s in profiles.get(pid).tables}
    unique = [s.title for s in found_titles[best] if norm_title(s.title) not in others]
    reason = f"找到该模板 {len(found_titles[best])}/{len(profile.tables)} 张表的标题"
    if unique:
        reason += f"，其中「{unique[0]}」为该模板独有"
    runner = sorted((p for p in ids if p != best), key=lambda p: -scores[p])
    if runner:
        other = runner[0]
        reason += f"（次优：{other}，{len(found_titles[other])}/{len(profiles.get(other).tables)} 张）"
    return ProfileChoice(profile, reason, scores)


def table_pages(doc: Document, choice: ProfileChoice) -> set[int] | bool:
    """The pages the standard tables found by title can be on: from each title's page to the next title's
    page, the last table to the next part of the report (第X部分, 三、…说明) or the end of the document;
    True (every table page) when no title is found."""
    profile = choice.profile
    lines = doc.lines()
    found = find_titles(lines, profile)
    pages = sorted({page for index, _, _ in found if (page := lines[index].page) is not None})
    if not pages:
        return True
    last = max((p.number for p in doc.pages if p.number is not None), default=pages[-1])
    row_labels = _row_labels(profile)
    after = max(index for index, _, _ in found)
    end = next((page for ln in lines[after + 1 :] if (page := ln.page) is not None and _ends_table(ln, row_labels)),
               None)  # fmt: skip
    last = end if end is not None else last  # the last table runs to the next part of the report
    out: set[int] = set()
    for first, final in zip(pages, [*pages[1:], last], strict=True):
        out.update(range(first, final + 1))
    return out
