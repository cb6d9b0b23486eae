"""Read the rows of a located table into the table-mode shape (docs/tables-json.md), cell by cell.

Each table becomes ``{"id", "code", "title", "rows": [{"label", "code", "line", "side", "group",
"values": {column key: printed text}}]}`` plus, per cell, the :class:`SourceRef` it was read from.

Values are assigned to the profile's columns in one of two ways:

* positioned lines (PDF): by x position, against the 栏次 numbers printed under the header (or, without
  them, the header text of each column); the nearest column wins.
* unpositioned lines (text, DOCX, XLSX): by order after the row's label / 行次. When a row has more cells
  than columns, leading blanks are dropped; when it has fewer (blank middle columns collapsed in a text
  copy), the cells fill the columns from the left and the last cell goes to the last column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model.source import SourceRef
from ..profiles.model import ColumnSpec, Profile, TableSpec
from .cells import (
    clean,
    is_amount,
    is_code,
    is_header_text,
    is_int,
    is_label,
    is_value,
    norm_title,
    split_code_label,
    value_text,
)
from .columns import norm
from .document import Line, TextCell
from .gridread import GridReader, labels_of, read_grid_table
from .locate import Located
from .wordgrid import build_grid, grid_lines

RawRow = dict[str, Any]
_DECIMAL = re.compile(r"^-?[\d,]+\.\d+$")
_META = re.compile(r"公开\s*\d+\s*表|金额单位|^\s*(编制)?(部门|单位)[:：]")


@dataclass
class Extracted:
    raw: dict[str, Any]
    sources: list[dict[str, SourceRef]] = field(default_factory=list)  # per row: column key → where
    problems: list[str] = field(default_factory=list)
    garbled: list[str] = field(default_factory=list)  # the problems that lose printed figures


def _column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _ref(path: str, table: str, line: Line, cell: TextCell | None, row: str, column: str) -> SourceRef:
    """Where a cell was read: text line; PDF page and x extent; workbook sheet, row and cell address."""
    if line.sheet is not None:
        address = f"{line.sheet}!{_column_letters(int(cell.x0))}{line.number}" if cell is not None else line.sheet
        return SourceRef(path, line.number, address, line.page, table, row, column)
    field_ = None if cell is None or not line.positioned else f"x={cell.x0:.0f}-{cell.x1:.0f}"
    return SourceRef(path, line.number if line.page is None else None, field_, line.page, table, row, column)


def _col_key(col: ColumnSpec) -> str:
    return col.key or col.header


# ---- column anchors for positioned lines -------------------------------------------------------------


def _number_row(lines: list[Line]) -> Line | None:
    """The 栏次 row: a header line whose non-label cells are small integers (1, 2, 3…)."""
    for line in lines:
        nums = [c for c in line.cells if c.text and not is_label(c.text)]
        if len(nums) >= 1 and all(is_int(c.text) for c in nums) and ("栏次" in clean(line.text) or len(nums) >= 3):
            return line
    return None


def _inside(cell: TextCell, side_cut: tuple[float, float] | None) -> bool:
    return side_cut is None or side_cut[0] <= cell.centre < side_cut[1]


def _anchors_by_number(columns: list[ColumnSpec], row: Line, side_cut: tuple[float, float] | None) -> dict[str, float]:
    numbers: dict[int, float] = {}
    for cell in row.cells:
        if is_int(cell.text) and _inside(cell, side_cut):
            numbers.setdefault(int(clean(cell.text)), cell.centre)
    return {_col_key(c): numbers[c.number] for c in columns if c.number is not None and c.number in numbers}


def _header_score(text: str, target: str) -> float:
    if text == target:
        return 2.0
    if len(text) >= 2 and text in target:
        return len(text) / len(target)
    return 0.0


def _anchor_by_header(col: ColumnSpec, cells: list[TextCell]) -> float | None:
    """x centre of the header cell that best spells the column's header (a whole or a wrapped part)."""
    target = norm_title(col.header)
    best, score = None, 0.0
    for cell in cells:
        s = _header_score(norm_title(cell.text), target)
        if s > score or (s and s == score and best is not None and cell.centre < best.centre):
            best, score = cell, s
    return None if best is None else best.centre


def _anchors(columns: list[ColumnSpec], header: list[Line], side_cut: tuple[float, float] | None) -> dict[str, float]:
    """Column key → x centre, from the 栏次 numbers, else from header text."""
    row = _number_row(header)
    out = _anchors_by_number(columns, row, side_cut) if row is not None else {}
    cells = [c for line in header for c in line.cells if is_label(c.text) and _inside(c, side_cut)]
    for col in columns:
        if _col_key(col) not in out:
            x = _anchor_by_header(col, cells)
            if x is not None:
                out[_col_key(col)] = x
    return out


def _assign(values: list[TextCell], anchors: dict[str, float]) -> dict[str, TextCell]:
    out: dict[str, TextCell] = {}
    if not anchors:
        return out
    for cell in values:
        if not clean(cell.text) or not is_value(cell.text):
            continue

        def dist(x: float, c: TextCell = cell) -> float:
            return 0.0 if c.x0 - 2 <= x <= c.x1 + 2 else min(abs(c.x0 - x), abs(c.x1 - x))

        ranked = sorted(anchors, key=lambda k: dist(anchors[k]))
        key = next((k for k in ranked if k not in out), None)
        if key is not None:
            out[key] = cell
    return out


def _align(values: list[TextCell], keys: list[str]) -> dict[str, TextCell]:
    cells = list(values)
    while len(cells) > len(keys) and cells and not clean(cells[0].text):
        cells.pop(0)
    while len(cells) > len(keys) and cells and not clean(cells[-1].text):
        cells.pop()
    if len(cells) >= len(keys):
        return dict(zip(keys, cells[: len(keys)], strict=True))
    if not cells:
        return {}
    out = dict(zip(keys[: len(cells) - 1], cells[:-1], strict=True))
    out[keys[-1]] = cells[-1]
    return out


def _code_and_label(cells: list[TextCell]) -> tuple[str | None, int, str, int]:
    """The 功能分类 code of a tree row (joined when 类/款/项 are printed apart, split when printed with the
    name) and its label, with the cell index of each."""
    code: str | None = None
    code_at, label, label_at = -1, "", -1
    for i, cell in enumerate(cells):
        t = clean(cell.text)
        if not t or (code is not None and i <= code_at):
            continue
        if code is None and label_at < 0 and is_code(t) and t.startswith(("1", "2")):
            code, code_at = t, i
            while code_at + 1 < len(cells) and len(part := clean(cells[code_at + 1].text)) == 2 and part.isdigit():
                code, code_at = code + part, code_at + 1  # 类/款/项 printed in separate columns
            continue
        joined = split_code_label(cell.text) if code is None and label_at < 0 else None
        if joined and joined[0].startswith("2") and is_label(joined[1]):
            return joined[0], i, joined[1], i
        if label_at < 0 and is_label(t) and not is_value(t):
            label, label_at = cell.text.strip(), i
    return code, code_at, label, label_at


# ---- the table reader ---------------------------------------------------------------------------------


class TableReader:
    def __init__(self, path: str, profile: Profile, found: Located) -> None:
        self.path = path
        self.profile = profile
        self.found = found
        self.spec: TableSpec = found.spec
        self.rows: list[RawRow] = []
        self.sources: list[dict[str, SourceRef]] = []
        self.problems: list[str] = []
        self.garbled: list[str] = []

    # -- helpers
    def header_lines(self) -> list[Line]:
        """The lines above the first row: up to the 栏次 row when there is one (a 合计 *column* header is
        not the 合计 row), else up to the first line that reads as data."""
        top = []
        for line in self.found.lines:
            if any(_DECIMAL.match(clean(c.text)) for c in line.cells):
                break
            top.append(line)
        number_row = _number_row(top)
        if number_row is not None:
            return top[: top.index(number_row) + 1]
        out = []
        for line in self.found.lines:
            if self.is_data(line):
                break
            out.append(line)
        return out

    def is_data(self, line: Line) -> bool:
        if _META.search(line.text):
            return False
        texts = [clean(t) for t in line.texts()]
        if any(is_header_text(t) for t in texts if t):
            return False
        if self.spec.layout == "economic_groups":
            return any(is_code(t) and t.startswith("3") for t in texts) or any("合计" in t for t in texts)
        if self.spec.kind == "tree":
            return any(is_code(t) or (split_code_label(t) or ("", ""))[0] for t in texts if t) or any(
                t in ("合计", "总计") for t in texts
            )
        if self.spec.layout == "two_sided" or any(r.line is not None for r in self.spec.rows):
            return any(is_int(t) for t in texts if t)
        if _number_row([line]) is not None:
            return False
        return any(is_value(t) for t in texts if t)

    def add(self, row: RawRow, line: Line, cells: dict[str, TextCell], all_keys: list[str]) -> None:
        values: dict[str, str | None] = {}
        refs: dict[str, SourceRef] = {}
        for key in all_keys:
            cell = cells.get(key)
            if cell is not None and clean(cell.text) and not is_value(cell.text):
                where = f"第{line.page}页" if line.page is not None else f"第{line.number}行"
                label = row.get("label", "")
                problem = f"{where}：公开{self.spec.id}表「{label}」「{key}」处不是数字（{cell.text}），按空白处理"
                self.problems.append(problem)
                if any(ch.isdigit() for ch in cell.text):
                    self.garbled.append(problem)
                cell = None
            values[key] = value_text(cell.text) if cell is not None else None
            refs[key] = _ref(self.path, self.spec.id, line, cell, row.get("label", ""), key)
        row["values"] = values
        self.rows.append(row)
        self.sources.append(refs)

    def read(self) -> None:
        if self.spec.layout == "two_sided":
            self.read_two_sided()
        elif self.spec.layout == "economic_groups":
            self.read_economic()
        elif self.spec.kind == "tree":
            self.read_tree()
        else:
            self.read_fixed()

    def data_lines(self) -> list[Line]:
        return [line for line in self.found.lines if self.is_data(line)]

    # -- tree tables (02, 03, 05, 07, 08)
    def read_tree(self) -> None:
        columns = list(self.spec.columns)
        keys = [_col_key(c) for c in columns]
        anchors = _anchors(columns, self.header_lines(), None)
        pending: list[str] = []
        open_row: int | None = None  # a row whose label came from a wrapped fragment above its code line
        header = self.header_lines()
        body = self.found.lines[len(header) :] if header and _number_row(header[-1:]) else self.found.lines
        for line in body:
            cells = list(line.cells)
            texts = [clean(c.text) for c in cells]
            if _META.search(line.text) or any(is_header_text(t) for t in texts if t):
                pending = []
                continue
            code, code_at, label, label_at = _code_and_label(cells)
            is_total = clean(label) in ("合计", "总计")
            start = max(code_at, label_at) + 1
            rest = cells[start:]
            has_values = any(is_value(c.text) for c in rest)
            if code is None and not is_total:
                if label and not has_values and line.positioned:
                    if open_row is not None:
                        self.rows[open_row]["label"] += label
                        open_row = None
                    else:
                        pending.append(label)
                continue
            open_row = None
            if line.positioned and not label and pending:
                label = "".join(pending)
                open_row = len(self.rows)
            pending = []
            assigned = _assign(rest, anchors) if line.positioned else _align(rest, keys)
            row: RawRow = {"label": label}
            if code:
                row["code"] = code
            self.add(row, line, assigned, keys)
        self._merge_wrapped_labels()

    def _merge_wrapped_labels(self) -> None:
        """A label wrapped below its code line (PDF): the fragment follows the row without values."""
        # handled by the pending prefix in read_tree; suffix fragments are attached here when a coded row's
        # label is missing entirely (nothing to do otherwise).
        return

    # -- fixed single-sided tables (09, 10, one-row 三公)
    def read_fixed(self) -> None:
        side = self.spec.all_sides()[0]
        columns = list(side.columns or self.spec.columns)
        keys = [_col_key(c) for c in columns]
        anchors = _anchors(columns, self.header_lines(), None)
        has_lines = any(r.line is not None for r in side.rows)
        labelled = [r for r in side.rows if r.label]
        for line in self.data_lines():
            cells = list(line.cells)
            label, label_at, number, number_at = "", -1, None, -1
            for i, cell in enumerate(cells):
                t = clean(cell.text)
                if not t:
                    continue
                if label_at < 0 and is_label(t) and not is_value(t):
                    label, label_at = cell.text.strip(), i
                elif has_lines and number is None and is_int(t) and i > label_at:
                    number, number_at = int(t), i
                    break
            if has_lines and number is None:
                continue
            rest = cells[max(label_at, number_at) + 1 :]
            if not label and not has_lines and len(labelled) == 1:
                label = labelled[0].label
            assigned = _assign(rest, anchors) if line.positioned else _align(rest, keys)
            row: RawRow = {"label": label}
            if number is not None:
                row["line"] = number
            self.add(row, line, assigned, keys)

    # -- two-sided tables (01, 04)
    def read_two_sided(self) -> None:
        sides = self.spec.all_sides()
        income, spending = sides[0], sides[1]
        header = self.header_lines()
        cut = self._side_cut(header)
        inc_cols = list(income.columns)
        exp_cols = list(spending.columns)
        inc_keys = [_col_key(c) for c in inc_cols]
        exp_keys = [_col_key(c) for c in exp_cols]
        inc_anchor = _anchors(inc_cols, header, (-1e9, cut)) if cut is not None else {}
        exp_anchor = _anchors(exp_cols, header, (cut, 1e9)) if cut is not None else {}
        labels = {(s.side, r.line): r.label for s in sides for r in s.rows if r.line is not None and r.label}
        class_first = {s.side: r.first_line for s in sides for r in s.rows if r.class_rows}
        for s in sides:
            first = class_first.get(s.side)
            if first is not None:
                for n, cls in enumerate(self.profile.class_rows):
                    labels[(s.side, first + n)] = cls.label
        income_lines = {r.line for r in income.rows if r.line is not None}
        for line in self.data_lines():
            cells = [c for c in line.cells]
            parts = self._split(cells, line.positioned, cut, income_lines)
            for side, part, keys, anchors in (
                (income.side, parts[0], inc_keys, inc_anchor),
                (spending.side, parts[1], exp_keys, exp_anchor),
            ):
                if part is None:
                    continue
                label, number, values = part
                assigned = _assign(values, anchors) if line.positioned else _align(values, keys)
                has_value = any(clean(c.text) for c in assigned.values())
                if not clean(label):
                    restored = labels.get((side, number))
                    if restored is None and not has_value:
                        continue
                    label = restored or ""
                row: RawRow = {"label": label, "line": number, "side": side}
                self.add(row, line, assigned, keys)
        order = {income.side: 0, spending.side: 1}
        paired = sorted(zip(self.rows, self.sources, strict=True), key=lambda p: order.get(p[0]["side"], 2))
        self.rows = [p[0] for p in paired]
        self.sources = [p[1] for p in paired]

    def _side_cut(self, header: list[Line]) -> float | None:
        for line in header:
            if not line.positioned:
                return None
            marks = [c for c in line.cells if clean(c.text) in ("栏次", "项目", "项目（按功能分类）")]
            if len(marks) >= 2:
                return marks[1].x0 - 1
        for line in header:
            marks = [c for c in line.cells if clean(c.text) in ("支出", "支出")]
            if marks:
                return marks[0].x0 - 40
        return None

    def _split(
        self, cells: list[TextCell], positioned: bool, cut: float | None, income_lines: set[int]
    ) -> tuple[tuple[str, int, list[TextCell]] | None, tuple[str, int, list[TextCell]] | None]:
        if positioned and cut is not None:
            left = [c for c in cells if c.centre < cut]
            right = [c for c in cells if c.centre >= cut]
            return self._side_part(left, single=True), self._side_part(right, single=False)
        ints = [i for i, c in enumerate(cells) if is_int(c.text)]
        if not ints:
            return None, None
        first = ints[0]
        if int(clean(cells[first].text)) not in income_lines or (
            first > 0
            and any(is_label(c.text) for c in cells[:first])
            and len(ints) == 1
            and not positioned
            and int(clean(cells[first].text)) not in income_lines
        ):
            return None, self._side_part(cells, single=False)
        cut_at = (
            first + 2
            if not positioned
            else first
            + 1
            + (
                1
                if first + 1 < len(cells) and is_amount(cells[first + 1].text) and not is_int(cells[first + 1].text)
                else 0
            )
        )
        return self._side_part(cells[:cut_at], single=True), self._side_part(cells[cut_at:], single=False)

    @staticmethod
    def _side_part(cells: list[TextCell], single: bool) -> tuple[str, int, list[TextCell]] | None:
        label_parts: list[str] = []
        for i, cell in enumerate(cells):
            t = clean(cell.text)
            if not t:
                continue
            if is_int(t):
                return "".join(label_parts), int(t), cells[i + 1 :]
            if is_label(t):
                label_parts.append(cell.text.strip())
        return None

    # -- table 06: three blocks of (code, name, amount), then the footer totals
    def read_economic(self) -> None:
        keys = [_col_key(c) for c in self.spec.columns] or ["金额"]
        key = keys[0]
        group_of = {cls: g.name for g in self.spec.groups for cls in g.classes}
        blocks: dict[int, list[tuple[RawRow, Line, TextCell | None]]] = {}
        footers: list[tuple[RawRow, Line, TextCell | None]] = []
        starts: list[float] = []
        lines = [line for line in self.found.lines if not _META.search(line.text)]
        for n, line in enumerate(lines):
            if not self.is_data(line):
                continue
            cells = [c for c in line.cells if clean(c.text) or not line.positioned]
            if line.positioned and len(starts) < 3:
                here = sorted(c.x0 for c in cells if _is_economic(c.text))
                starts = here if len(here) > len(starts) else starts
            i = 0
            while i < len(cells):
                t = clean(cells[i].text)
                if _is_economic(t):
                    label, amount, i_next = _economic_item(cells, i, line.positioned)
                    block = self._block_of(cells[i].x0, starts) if line.positioned else int(cells[i].x0) // 3
                    if not label and line.positioned:
                        right = starts[block + 1] - 15 if block + 1 < len(starts) else float("inf")
                        label = _wrapped(lines, n, cells[i].x1, right)
                    blocks.setdefault(block, []).append(({"label": label, "code": t, "group": group_of.get(t[:3])},
                                                         line, amount))  # fmt: skip
                    i = i_next
                elif "合计" in t:
                    amount, i_next = _footer_amount(cells, i)
                    footers.append(({"label": cells[i].text.strip()}, line, amount))
                    i = i_next
                else:
                    i += 1
        for block in sorted(blocks):
            for row, line, cell in blocks[block]:
                self.add(row, line, {key: cell} if cell else {}, [key])
        for row, line, cell in footers:
            self.add(row, line, {key: cell} if cell else {}, [key])

    @staticmethod
    def _block_of(x: float, starts: list[float]) -> int:
        if not starts:
            return 0
        best = 0
        for n, start in enumerate(starts):
            if x >= start - 15:
                best = n
        return best


def _is_economic(text: str) -> bool:
    t = clean(text)
    return is_code(t) and t.startswith("3")


def _economic_item(cells: list[TextCell], i: int, positioned: bool) -> tuple[str, TextCell | None, int]:
    """Name and amount after the 经济分类 code at ``i``; the index where the next item starts."""
    label, amount, j = "", None, i + 1
    while j < len(cells) and not _is_economic(cells[j].text):
        u = clean(cells[j].text)
        if "合计" in u:
            break
        if u and is_value(u) and amount is None:
            amount = cells[j]
        elif u and is_label(u) and amount is None:
            label += cells[j].text.strip()
        j += 1
        if not positioned and j - i >= 3:
            break
    return label, amount, j


def _is_fragment(line: Line) -> bool:
    """A positioned line holding only pieces of wrapped names (no code, no value, no header word)."""
    texts = [clean(c.text) for c in line.cells if clean(c.text)]
    return (
        line.positioned
        and bool(texts)
        and all(is_label(t) and not is_value(t) and not is_code(t) for t in texts)
        and not any(is_header_text(t) or "合计" in t for t in texts)
    )


def _wrapped(lines: list[Line], n: int, left: float, right: float) -> str:
    """A name wrapped around its code's line: the pieces just above and just below, between ``left`` and
    ``right`` (the block's name column)."""
    parts = []
    for k in (n - 1, n + 1):
        if 0 <= k < len(lines) and _is_fragment(lines[k]):
            parts += [c.text.strip() for c in lines[k].cells if left <= c.x0 < right and is_label(c.text)]
    return "".join(parts)


def _footer_amount(cells: list[TextCell], i: int) -> tuple[TextCell | None, int]:
    """The amount after a 人员经费合计 / 公用经费合计 label; the index after it."""
    for j in range(i + 1, len(cells)):
        u = clean(cells[j].text)
        if u and is_value(u):
            return cells[j], j + 1
        if u and is_label(u):
            return None, j
    return None, len(cells)


def _unruled_grids(profile: Profile, found: Located) -> list[Line]:
    """The lines of a PDF table printed without ruling lines, rebuilt into grids page by page."""
    labels = labels_of(profile, found.spec)
    words = {norm(c.header) for c in found.spec.columns} | {norm(c.group or "") for c in found.spec.columns}
    for side in found.spec.sides:
        words |= {norm(c.header) for c in side.columns}
    pages: dict[int, list[Line]] = {}
    for line in found.lines:
        if line.page is not None and line.positioned:
            pages.setdefault(line.page, []).append(line)
    out: list[Line] = []
    hint: list[float] | None = None
    for page, lines in pages.items():
        grid = build_grid(lines, page, labels, words - {""}, hint)
        if grid is not None:
            out += grid_lines(grid)
            hint = grid.xs
    return out


def extract_table(path: str, profile: Profile, found: Located) -> Extracted:
    reader: TableReader | GridReader
    lines = found.lines
    if not any(line.grid is not None for line in lines) and any(
        line.page is not None and line.positioned for line in lines
    ):
        lines = _unruled_grids(profile, found) or lines
    if any(line.grid is not None for line in lines):
        reader = read_grid_table(path, profile, found.spec, lines)
    else:
        reader = TableReader(path, profile, found)
        reader.read()
    title = clean(re.sub(r"公开\s*\d+\s*表", "", found.title)) or found.spec.title
    raw: dict[str, Any] = {"id": found.spec.id, "code": found.spec.code, "title": title}
    if found.spec.unit != "万元":
        raw["unit"] = found.spec.unit
    raw["rows"] = reader.rows
    garbled = list(reader.garbled)
    lost = _amounts_lost(lines, reader.rows)
    if lost:
        garbled.append(f"公开{found.spec.id}表印出的 {lost[0]} 个金额中只读入了 {lost[1]} 个")
    return Extracted(raw, reader.sources, reader.problems + garbled[len(reader.garbled) :], garbled)


_PRINTED = re.compile(r"(?<![\d.,])-?\d{1,3}(?:,\d{3})*\.\d+(?![\d.])|(?<![\d.,])-?\d+\.\d+(?![\d.])")


def _amounts_lost(lines: list[Line], rows: list[RawRow]) -> tuple[int, int] | None:
    """(printed, read) when the table's lines print more amounts with decimals than were read into its cells:
    figures that went nowhere (a text whose cells are one space apart, a misread column)."""
    printed = sum(len(_PRINTED.findall(c.text)) for line in lines for c in line.cells if not _META.search(line.text))
    read = sum(1 for row in rows for v in row.get("values", {}).values() if v is not None and "." in str(v))
    return (printed, read) if printed > read else None
