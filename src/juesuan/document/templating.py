"""The narrative's template machinery: a profile's document templates, phrases as markers, cells by reference.

A profile's ``templates/<profile>/document.yaml`` holds its document data; its Jinja2 templates sit beside it.
Phrases (lists of :class:`~juesuan.model.blocks.Run`) enter a template as opaque marker strings
(:class:`Marks`); the rendered text is split back into paragraphs and runs afterwards, so every figure keeps its
:class:`~juesuan.model.blocks.Figure` and templates compute nothing. Each rendered line is one paragraph; a
line starting with ``# `` is a level-2 heading.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import yaml

from ..errors import ProfileError
from ..model.accounts import Accounts
from ..model.blocks import Block, Heading, Paragraph, Run
from ..model.money import ZERO, to_wan
from ..model.tables import Table, TableSet
from .wording import Writer, differs, largest_remainder

TEMPLATES = Path(__file__).parent / "templates"
_MARK = re.compile("\ue000(\\d+)\ue001")


def template_dir(profile: str) -> Path:
    return TEMPLATES / profile


def has_templates(profile: str) -> bool:
    return (template_dir(profile) / "document.yaml").is_file()


def available_templates() -> list[str]:
    return sorted(p.name for p in TEMPLATES.iterdir() if (p / "document.yaml").is_file())


@cache
def _environment(folder: str) -> jinja2.Environment:
    """One Jinja2 environment per template folder, so compiled templates are reused (plain text, no escaping)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        undefined=jinja2.StrictUndefined,
    )


@dataclass(frozen=True)
class Templates:
    """A profile's document templates: the ``document.yaml`` data and its Jinja2 environment."""

    profile: str
    data: dict[str, Any]
    env: jinja2.Environment

    @classmethod
    def load(cls, profile: str) -> Templates:
        """Raises :class:`ProfileError` (Chinese) when the profile has no document templates."""
        folder = template_dir(profile)
        if not has_templates(profile):
            have = "、".join(available_templates()) or "无"
            raise ProfileError(
                f"模板「{profile}」没有决算报告（文字部分）的模板，无法生成 DOCX/PDF/HTML 报告；"
                f"有报告模板的地区模板：{have}。可只输出公开表：--format xlsx,md,json"
            )
        try:
            data = yaml.safe_load((folder / "document.yaml").read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise ProfileError(f"模板「{profile}」的 document.yaml 格式错误：{exc}") from exc
        return cls(profile, data, _environment(str(folder)))

    def title(self, key: str, **fields: object) -> str:
        return str(self.data[key]).format(**fields)


class Marks:
    """Phrases (lists of runs) stand in templates as marker strings; :meth:`blocks` splits them back."""

    def __init__(self) -> None:
        self._runs: list[list[Run]] = []

    def put(self, runs: Iterable[Run] | Run | str) -> str:
        if isinstance(runs, str):
            return runs
        self._runs.append([runs] if isinstance(runs, Run) else list(runs))
        return f"\ue000{len(self._runs) - 1}\ue001"

    def runs(self, text: str) -> list[Run]:
        out: list[Run] = []
        position = 0
        for match in _MARK.finditer(text):
            if match.start() > position:
                out.append(Run(text[position : match.start()]))
            out.extend(self._runs[int(match.group(1))])
            position = match.end()
        if position < len(text):
            out.append(Run(text[position:]))
        return _merge(out)

    def blocks(self, rendered: str) -> list[Block]:
        out: list[Block] = []
        for line in rendered.splitlines():
            line = line.strip()
            if not line:
                continue
            if line.startswith("# "):
                out.append(Heading(Paragraph(tuple(self.runs(line[2:]))).text, level=2, in_toc=False))
            else:
                out.append(Paragraph(tuple(self.runs(line))))
        return out


def _merge(runs: list[Run]) -> list[Run]:
    """Join adjacent plain runs; drop empty ones."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and run.figure is None and run.mark is None and out[-1].figure is None and out[-1].mark is None:
            out[-1] = Run(out[-1].text + run.text)
        else:
            out.append(run)
    return out


class Cells:
    """Table cells by reference "table:row_key:column"; a blank cell reads as 0.

    ``model:<family>.<item>`` reads what no table of the profile prints, the sum of the accounts' facts of
    that family and item (counts: the 三公 statistics ``model:three_public_stats.vehicles_held`` and the
    assets ``model:assets.ministerial`` of the central layout, which has neither the statistics rows nor
    table 10); ``a+b`` adds several references.
    """

    def __init__(self, tables: TableSet, accounts: Accounts | None = None) -> None:
        self.tables = tables
        self.accounts = accounts

    def table(self, table_id: str) -> Table:
        return self.tables[table_id]

    def value(self, ref: str) -> Decimal:
        if "+" in ref:
            return sum((self.value(part) for part in ref.split("+")), ZERO)
        if ref.startswith("model:"):
            if self.accounts is None:
                raise ValueError(f"no accounts to read {ref}")
            family, _, item = ref[6:].partition(".")
            facts = self.accounts.facts
            return sum((f.amount for f in facts if f.family == family and f.item == item), ZERO)
        table_id, row_key, column = ref.split(":", 2)
        try:
            row = self.tables[table_id].row(row_key)
        except KeyError:
            return ZERO
        cell = row.cells.get(column)
        return ZERO if cell is None or cell.value is None else cell.value

    def given(self, ref: str) -> Decimal | None:
        """The value of ``ref`` when the dataset gives it, else None: a blank cell (no fact feeds it, see
        docs/dataset.md "Blank or 0.00"), a missing row or table, a ``model:`` family with no fact; ``a+b`` is
        given when any part is. What the narrative must not print as 0 reads this, not :meth:`value`."""
        if "+" in ref:
            parts = [v for part in ref.split("+") if (v := self.given(part)) is not None]
            return sum(parts, ZERO) if parts else None
        if ref.startswith("model:"):
            if self.accounts is None:
                raise ValueError(f"no accounts to read {ref}")
            family, _, item = ref[6:].partition(".")
            facts = [f.amount for f in self.accounts.facts if f.family == family and f.item == item]
            return sum(facts, ZERO) if facts else None
        table_id, row_key, column = ref.split(":", 2)
        try:
            row = self.tables[table_id].row(row_key)
        except KeyError:
            return None
        cell = row.cells.get(column)
        return None if cell is None or cell.value is None or cell.na else cell.value


@dataclass
class Context:
    """What every section builder reads."""

    accounts: Accounts
    tables: TableSet
    cells: Cells
    templates: Templates
    writer: Writer
    marks: Marks
    previous: dict[str, Decimal]
    charts: bool = True  # print the profile's charts (图) in 第三部分

    @property
    def reasons(self) -> dict[str, str]:
        return self.accounts.report.reasons

    def cell(self, name: str) -> str:
        """The cell reference the profile gives for ``name``."""
        return str(self.templates.data["cells"][name])

    def count(self, ref: str) -> str:
        """The count phrase of a reference (a table cell or ``model:…``)."""
        return self.put(self.writer.count(self.cells.value(ref), (ref,)))

    def amount(self, ref: str) -> tuple[Decimal, str]:
        value = self.cells.value(ref)
        return value, self.marks.put(self.writer.amount(value, (ref,)))

    def put(self, runs: Iterable[Run] | Run | str) -> str:
        return self.marks.put(runs)

    def yoy(self, ref: str, key: str, what: str, *, reason_lead: str = "，主要原因：") -> dict[str, str]:
        """amount, change and reason phrases of a figure compared with last year's ``previous[key]``."""
        value, shown = self.amount(ref)
        previous = self.previous.get(key)
        change = self.writer.change(value, previous, (ref,), key, what)
        changed = previous is not None and differs(value, previous)
        reason = self.writer.reason(self.reasons, key, required=changed, lead=reason_lead)
        return {"amount": shown, "change": self.put(change), "reason": self.put(reason)}

    def shares(self, parts: list[dict[str, str]]) -> list[dict[str, str | None]]:
        """Amount and share phrases of a group of cells whose shares add up to 100.00.

        Parts printing 0.00 are listed (Jiangxi lists every source) unless the profile sets
        ``list_zero_parts: false`` (Shanghai: 不涉及的不列).
        """
        if not self.templates.data.get("list_zero_parts", True):
            parts = [p for p in parts if to_wan(self.cells.value(p["cell"])) != 0]
        values = [to_wan(self.cells.value(p["cell"])) for p in parts]
        shares = largest_remainder(values)
        refs = tuple(p["cell"] for p in parts)
        out: list[dict[str, str | None]] = []
        for i, part in enumerate(parts):
            ref = part["cell"]
            share = None
            if shares is not None:
                share = self.put(self.writer.percent(shares[i], (ref, *refs), "share"))
            out.append({"label": part["label"], "amount": self.amount(ref)[1], "share": share})
        return out
