"""Read a located table from its ruled grids (PDF) into the table-mode rows, cell by cell.

For every grid of the table (the first page's, then each continuation page's), the header block is found
(:func:`header_rows`), each column's role and profile column are read from it (:mod:`.columns`), and
every data row is read segment by segment: the code (类/款/项 joined), the label, the 行次 and the values
of the matched columns. A continuation page without a header reuses the columns of the page before (same
number of columns, or else by x overlap). Values in a column that matches no profile column are not read:
a problem names the column. Nothing is assigned by nearness.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from ..load.tables import normalise_label
from ..load.tables import spec_rows as tableset_rows
from ..model.source import SourceRef
from ..profiles.model import ColumnSpec, Profile, TableSpec
from .cells import clean, is_code, is_int, is_label, is_value, split_code_label, value_text
from .columns import (
    CODE_PARTS,
    Column,
    Segment,
    is_code_header,
    is_data_text,
    is_label_header,
    match_columns,
    norm,
    number_row,
    role_of,
    segments_of,
)
from .document import Line
from .grid import Grid, GridCell

RawRow = dict[str, Any]
Footer = tuple[RawRow, Grid, int, "GridCell | None", str]
_TOTAL_LABELS = {"合计", "总计"}


@dataclass
class Plan:
    """The columns of one grid: header rows, roles, segments, and the profile column of each value column."""

    grid: Grid
    header: int  # number of header rows
    columns: list[Column]
    segments: list[Segment]
    problems: list[str] = field(default_factory=list)


def _texts(grid: Grid, row: int) -> list[str]:
    if grid.is_text_row(row):
        return [""] * grid.n_cols
    out = []
    for c in range(grid.n_cols):
        cell = grid.at(row, c)
        out.append(cell.flat if cell is not None and cell.row == row and cell.col == c else "")
    return out


def _is_total_row(texts: list[str]) -> bool:
    first = next((t for t in texts if t), "")
    return norm(first) in _TOTAL_LABELS and texts.index(first) <= 1


def _is_row_label(text: str, labels: set[str]) -> bool:
    t = norm(text)
    return t in labels or any(len(label) >= 4 and t.startswith(label) for label in labels)


_HEADER_WORDS = {
    "项目",
    "行次",
    "栏次",
    "科目名称",
    "科目编码",
    "科目代码",
    "决算数",
    "金额",
    "预算数",
    "类",
    "款",
    "项",
}


def _data_row(grid: Grid, row: int, labels: set[str]) -> bool:
    """A row printing data: an amount that is not a small integer, a 科目编码, or, in a row without header
    words, one of the profile's row labels in a cell that does not span the table."""
    texts = _texts(grid, row)
    if any(is_data_text(t) for t in texts):
        return True
    if any(norm(t) in _HEADER_WORDS or is_label_header(t) or is_code_header(t) for t in texts if t):
        return False
    filled = [t for t in texts if t]
    if filled and all(is_int(t) for t in filled) and _has_line_column(grid, row):
        return True  # an unused 行次 of the printed form, below a header that names 行次
    return any(c.cols < grid.n_cols - 1 and _is_row_label(c.flat, labels) for c in grid.row(row) if c.flat)


def _has_line_column(grid: Grid, row: int) -> bool:
    return any(norm(c.flat) == "行次" for c in grid.cells if c.row < row)


def header_rows(grid: Grid, labels: set[str]) -> int:
    """How many rows at the top of ``grid`` are header: those above the first row printing data, down to
    the last of them that prints anything. In a table without data, down to the last worded row above 合计."""
    first_data = next((r for r in range(grid.n_rows) if _data_row(grid, r, labels)), grid.n_rows)
    last = -1
    for r in range(first_data):
        texts = _texts(grid, r)
        if first_data == grid.n_rows and _is_total_row(texts):
            break
        if any(texts):
            last = r
    return last + 1


def repeated_header(grid: Grid, previous: Plan) -> int:
    """Rows at the top of a continuation grid that repeat the previous grid's header (texts it printed)."""
    known = {cell.flat for cell in previous.grid.cells if cell.row < previous.header and cell.flat}
    n = 0
    for r in range(grid.n_rows):
        texts = [t for t in _texts(grid, r) if t]
        if texts and all(t in known or number_row(_texts(grid, r)) is not None for t in texts):
            n = r + 1
            continue
        if texts:
            break
    return n


def build_plan(grid: Grid, spec: TableSpec, labels: set[str], side_specs: list[list[ColumnSpec]]) -> Plan:
    header = header_rows(grid, labels)
    numbers: dict[int, int] = {}
    paths: list[list[str]] = [[] for _ in range(grid.n_cols)]
    for r in range(header):
        texts = _texts(grid, r)
        found = number_row(texts)
        if found is not None:
            numbers.update(found)
            continue
        if grid.is_text_row(r):
            continue
        for c in range(grid.n_cols):
            cell = grid.at(r, c)
            if cell is None or not cell.flat or (cell.row != r and paths[c] and paths[c][-1] == cell.flat):
                continue
            if not paths[c] or paths[c][-1] != cell.flat:
                paths[c].append(cell.flat)
    if header < grid.n_rows:  # 类/款/项 printed on the first data row (beside the 合计 row's label)
        for c, t in enumerate(_texts(grid, header)):
            if t in CODE_PARTS:
                paths[c].append(t)
    columns = [Column(c, tuple(paths[c]), numbers.get(c), role_of(tuple(paths[c]))) for c in range(grid.n_cols)]
    columns = _drop_blank_columns(grid, columns)
    segments = segments_of(columns)
    plan = Plan(grid, header, columns, segments)
    _match(plan, spec, side_specs)
    return plan


def _drop_blank_columns(grid: Grid, columns: list[Column]) -> list[Column]:
    """Columns without a header that hold nothing anywhere (a ruling artefact) are left out."""
    out = []
    for col in columns:
        if col.path or col.number is not None:
            out.append(col)
            continue
        if any((cell := grid.at(r, col.index)) is not None and cell.col == col.index and cell.flat
               for r in range(grid.n_rows)):  # fmt: skip
            out.append(col)
    return out


def _match(plan: Plan, spec: TableSpec, side_specs: list[list[ColumnSpec]]) -> None:
    segs = plan.segments
    if spec.layout == "economic_groups":
        for seg in segs:
            match_columns(side_specs[0], seg.values)
        return
    if spec.layout == "two_sided" and len(segs) >= 2:
        pairs = _sides(segs, spec)
    else:
        pairs = [(segs[0] if len(segs) == 1 else _merge(segs), 0)]
        plan.segments = [pairs[0][0]]
    for seg, side in pairs:
        _, unknown = match_columns(side_specs[side], seg.values)
        for col in unknown:
            if col.path:
                plan.problems.append(f"栏目「{col.title}」不是该表模板中的栏目，其数值未读取")


def _merge(segs: list[Segment]) -> Segment:
    """One segment of all columns (a single-sided table whose header put a label column between values)."""
    return Segment([c for s in segs for c in s.columns], "")


def _sides(segs: list[Segment], spec: TableSpec) -> list[tuple[Segment, int]]:
    names = [norm(s.side) for s in spec.all_sides()]
    out = []
    for n, seg in enumerate(segs[:2]):
        name = norm(seg.name)
        side = names.index(name) if name in names else n
        out.append((seg, side))
    return out


def reuse_plan(grid: Grid, previous: Plan) -> Plan:
    """The columns of a continuation grid without a header: the previous grid's, by index when the column
    counts agree, else by the greatest x overlap."""
    if grid.n_cols == previous.grid.n_cols:
        return Plan(grid, 0, previous.columns, previous.segments)
    mapping: dict[int, int] = {}
    for c in range(grid.n_cols):
        x0, x1 = grid.xs[c], grid.xs[c + 1]
        best, overlap = -1, 0.0
        for p in range(previous.grid.n_cols):
            px0, px1 = previous.grid.xs[p], previous.grid.xs[p + 1]
            o = min(x1, px1) - max(x0, px0)
            if o > overlap:
                best, overlap = p, o
        if best >= 0:
            mapping.setdefault(best, c)
    segments = []
    for seg in previous.segments:
        cols = [Column(mapping[c.index], c.path, c.number, c.role, c.spec) for c in seg.columns if c.index in mapping]
        segments.append(Segment(cols, seg.name))
    return Plan(grid, 0, [c for s in segments for c in s.columns], segments)


# ---- reading one row of a segment -----------------------------------------------------------------------------


@dataclass
class SegmentRow:
    code: str | None
    label: str
    line: int | None
    values: dict[str, GridCell]  # profile column key → cell (blank cells included)
    label_cell: GridCell | None


def _cell(grid: Grid, row: int, col: int) -> GridCell | None:
    cell = grid.at(row, col)
    return cell if cell is not None and cell.row == row else None


def _code(grid: Grid, row: int, seg: Segment) -> str | None:
    """The row's 科目编码: from a code column, or 类/款/项 printed apart and joined (201 + 06 + 01)."""
    parts = []
    for col in seg.role("code_part"):
        cell = _cell(grid, row, col.index)
        parts.append(clean(cell.flat) if cell is not None and cell.col == col.index else "")
    if parts and is_code(parts[0]):
        return parts[0] + "".join(t for t in parts[1:] if len(t) == 2 and t.isdigit())
    for col in seg.role("code"):
        cell = _cell(grid, row, col.index)
        if cell is not None and is_code(cell.flat):
            return clean(cell.flat)
    return None


def _label(grid: Grid, row: int, seg: Segment) -> tuple[str, GridCell | None]:
    """The row's name: the label column's cell, or (a 合计 printed across the code and name columns) the
    first worded cell left of the values."""
    for col in seg.role("label") or seg.role("code") or seg.role("code_part"):
        cell = _cell(grid, row, col.index)
        if cell is not None and cell.flat and not (is_code(cell.flat) and col.role != "label"):
            return cell.label, cell
    for col in seg.columns:
        if col.role == "value":
            break
        cell = _cell(grid, row, col.index)
        if cell is not None and cell.flat and is_label(cell.flat):
            return cell.label, cell
    return "", None


def _blank(grid: Grid, row: int, col: int) -> GridCell:
    return GridCell(row, col, 1, 1, "", grid.xs[col], grid.ys[row], grid.xs[col + 1], grid.ys[row + 1])


def read_segment(grid: Grid, row: int, seg: Segment) -> SegmentRow:
    code = _code(grid, row, seg)
    label, label_cell = _label(grid, row, seg)
    if label and code is None and (joined := split_code_label(label)) is not None and is_label(joined[1]):
        code, label = joined  # "201 一般公共服务支出" in one cell
    line = None
    for col in seg.role("line"):
        cell = _cell(grid, row, col.index)
        if cell is not None and is_int(cell.flat):
            line = int(clean(cell.flat))
    values = {}
    for col in seg.values:
        if col.spec is None:
            continue
        cell = _cell(grid, row, col.index)
        if cell is None or cell.col != col.index:  # blank, or a label spanning into this column
            cell = _blank(grid, row, col.index)
        values[col.spec.key or col.spec.header] = cell
    return SegmentRow(code, label, line, values, label_cell)


def unknown_values(grid: Grid, row: int, seg: Segment) -> list[tuple[Column, GridCell]]:
    out = []
    for c in seg.values:
        cell = _cell(grid, row, c.index)
        if c.spec is None and not c.path and cell is not None and cell.col == c.index and is_value(cell.flat):
            out.append((c, cell))
    return out


# ---- the table -----------------------------------------------------------------------------------------------


def labels_of(profile: Profile, spec: TableSpec) -> set[str]:
    """The normalised row labels a table of the layout prints (its fixed rows and the 类 list)."""
    out = {norm(r.label) for side in spec.all_sides() for r in side.rows if r.label}
    if any(r.class_rows for side in spec.all_sides() for r in side.rows):
        out |= {norm(c.label) for c in profile.class_rows}
    return out - {""}


class GridReader:
    """Rows of one located table read from the grids its lines belong to."""

    def __init__(self, path: str, profile: Profile, spec: TableSpec, lines: list[Line]) -> None:
        self.path = path
        self.profile = profile
        self.spec = spec
        self.lines = lines
        self.rows: list[RawRow] = []
        self.sources: list[dict[str, SourceRef]] = []
        self.problems: list[str] = []
        self.garbled: list[str] = []  # the problems that lose printed figures
        self.plans: list[Plan] = []
        self.blocks: dict[int, list[Footer]] = {}  # table 06: items per block, listed block by block
        self.footers: list[Footer] = []  # table 06: 人员经费合计 / 公用经费合计

    def lost(self, problem: str) -> None:
        self.problems.append(problem)
        self.garbled.append(problem)

    def side_specs(self) -> list[list[ColumnSpec]]:
        return [list(s.columns or self.spec.columns) for s in self.spec.all_sides()]

    def grids(self) -> list[tuple[Grid, list[int]]]:
        """Each grid with the rows of it the table's lines hold, in reading order."""
        out: list[tuple[Grid, list[int]]] = []
        for line in self.lines:
            if line.grid is None:
                continue
            if not out or out[-1][0] is not line.grid:
                out.append((line.grid, []))
            out[-1][1].append(line.grid_row)
        return out

    def read(self) -> None:
        labels = labels_of(self.profile, self.spec)
        previous: Plan | None = None
        for grid, rows in self.grids():
            plan = self.plan_for(grid, previous, labels)
            self.plans.append(plan)
            where = f"第{grid.page}页"
            self.problems += [f"{where}：公开{self.spec.id}表{p}" for p in plan.problems]
            body = [r for r in rows if r >= plan.header]
            self.read_rows(plan, body)
            previous = plan
        self.finish()

    def plan_for(self, grid: Grid, previous: Plan | None, labels: set[str]) -> Plan:
        """The first grid's columns come from its header; a continuation's from the header it repeats, or
        else from the grid before."""
        if previous is None:
            return build_plan(grid, self.spec, labels, self.side_specs())
        repeated = repeated_header(grid, previous)
        if repeated:
            plan = build_plan(grid, self.spec, labels, self.side_specs())
            plan.header = max(plan.header, repeated)
            return plan
        return reuse_plan(grid, previous)

    # -- per layout
    def read_rows(self, plan: Plan, rows: list[int]) -> None:
        if self.spec.layout == "economic_groups":
            self.read_economic(plan, rows)
            return
        sides = self.spec.all_sides()
        segs = plan.segments if self.spec.layout == "two_sided" else plan.segments[:1]
        side_of = _side_index(plan, self.spec)
        for r in rows:
            for n, seg in enumerate(segs):
                side = sides[side_of[n]].side if self.spec.layout == "two_sided" else ""
                self.read_row(plan.grid, r, seg, side)

    def read_row(self, grid: Grid, r: int, seg: Segment, side: str) -> None:
        got = read_segment(grid, r, seg)
        for col, cell in unknown_values(grid, r, seg):
            self.lost(
                f"第{grid.page}页：公开{self.spec.id}表「{got.label}」在未识别的栏目「{col.title}」中的数值"
                f" {cell.flat} 未读取"
            )
        has_value = any(clean(c.flat) for c in got.values.values())
        if self.spec.kind == "tree":
            if got.code is None and norm(got.label) not in _TOTAL_LABELS:
                if has_value:
                    self.lost(f"第{grid.page}页：公开{self.spec.id}表的一行「{got.label}」没有科目编码，未读取")
                return
        elif not got.label and got.line is None and not has_value:
            return
        elif not got.label and not has_value:
            return  # an unused 行次 (a blank row of the printed form)
        if _is_header_repeat(got):
            return
        row: RawRow = {"label": got.label}
        if got.code:
            row["code"] = got.code
        if got.line is not None:
            row["line"] = got.line
        if side:
            row["side"] = side
        self.add(row, grid, r, got.values)

    def read_economic(self, plan: Plan, rows: list[int]) -> None:
        """Items block by block (a 经济分类 code, its name, its amount); the 人员经费合计 / 公用经费合计
        footers wherever the row prints them, each with the first amount to its right."""
        group_of = {cls: g.name for g in self.spec.groups for cls in g.classes}
        key = next(iter(self.spec.columns), None)
        name = (key.key or key.header) if key else "金额"
        for r in rows:
            for n, seg in enumerate(plan.segments):
                got = read_segment(plan.grid, r, seg)
                if got.code and got.code.startswith("3"):
                    cell = next(iter(got.values.values()), None)
                    row: RawRow = {"label": got.label, "code": got.code, "group": group_of.get(got.code[:3])}
                    self.blocks.setdefault(n, []).append((row, plan.grid, r, cell, name))
            for label, amount in _footers(plan.grid, r):
                self.footers.append(({"label": label}, plan.grid, r, amount, name))

    def finish(self) -> None:
        if self.spec.kind == "fixed" and self.spec.layout != "economic_groups":
            self.resolve_keys()
        if self.spec.layout == "economic_groups":
            for block in sorted(self.blocks):
                for row, grid, r, cell, name in self.blocks[block]:
                    self.add(row, grid, r, {name: cell} if cell is not None else {}, keys=[name])
            for row, grid, r, cell, name in self.footers:
                self.add(row, grid, r, {name: cell} if cell is not None else {}, keys=[name])
        elif self.spec.layout == "two_sided":
            order = {s.side: n for n, s in enumerate(self.spec.all_sides())}
            paired = sorted(
                zip(self.rows, self.sources, strict=True), key=lambda p: order.get(str(p[0].get("side")), 9)
            )
            self.rows = [p[0] for p in paired]
            self.sources = [p[1] for p in paired]

    def resolve_keys(self) -> None:
        """The profile row each printed row stands for, by label in printed order (a label printed twice,
        as 一般公共预算财政拨款 under 本年收入 and again under 年初结转, takes the next row of that name), by a
        label that adds words to the profile's (使用非财政拨款结余（含专用结余）), else by 行次 when the
        printed 行次 agree with the profile's wherever both are known."""
        spec_rows = tableset_rows(self.profile, self.spec)
        lines_agree = self._lines_agree(spec_rows)
        position: dict[str, int] = {}
        for row in self.rows:
            side = row.get("side", "")
            candidates = [(n, r) for n, r in enumerate(spec_rows) if r.side == side]
            found = _by_label(row.get("label", ""), candidates, position.get(side, -1))
            if found is None and not row.get("label") and len(candidates) == 1:
                found = candidates[0]  # a one-row table printed without a label column (三公 as one row)
            if found is None and lines_agree and row.get("line") is not None:
                found = next(((n, r) for n, r in candidates if r.line == row["line"]), None)
            if found is not None:
                row["key"] = found[1].key
                position[side] = found[0]
                continue
            if row.get("line") is not None and not lines_agree:
                row.pop("line")  # another layout's 行次 must not select this profile's rows
            if any(v is not None for v in row["values"].values()):
                self.lost(f"公开{self.spec.id}表的一行「{row.get('label', '')}」不是该表模板中的行，其数值未核对")

    def _lines_agree(self, spec_rows: list[Any]) -> bool:
        both = 0
        for row in self.rows:
            line, label = row.get("line"), normalise_label(row.get("label", ""))
            if line is None or not label:
                continue
            by_line = [r for r in spec_rows if r.side == row.get("side", "") and r.line == line]
            if not by_line or normalise_label(by_line[0].label) != label:
                if not any(normalise_label(r.label) == label for r in spec_rows):
                    continue  # a label the profile does not know says nothing about the numbering
                return False
            both += 1
        return both > 0

    def add(self, row: RawRow, grid: Grid, r: int, cells: dict[str, GridCell], keys: list[str] | None = None) -> None:
        values: dict[str, str | None] = {}
        refs: dict[str, SourceRef] = {}
        label = row.get("label", "")
        for key in keys if keys is not None else list(cells):
            cell = cells.get(key)
            text = clean(cell.flat) if cell is not None else ""
            if text and not is_value(text):
                problem = f"第{grid.page}页：公开{self.spec.id}表「{label}」「{key}」处不是数字（{text}），按空白处理"
                if any(ch.isdigit() for ch in text):
                    self.lost(problem)
                else:
                    self.problems.append(problem)
                text = ""
            values[key] = value_text(text) if text else None
            where = f"x={cell.x0:.0f}-{cell.x1:.0f}" if cell is not None else None
            refs[key] = SourceRef(self.path, None, where, grid.page, self.spec.id, label, key)
        row["values"] = values
        self.rows.append(row)
        self.sources.append(refs)


def _by_label(label: str, candidates: list[tuple[int, Any]], after: int) -> tuple[int, Any] | None:
    text = normalise_label(label)
    if not text:
        return None
    ranked = []
    for n, r in candidates:
        want = normalise_label(r.label)
        if not want:
            continue
        if want == text:
            score = 100.0
        elif text.startswith(want) and len(want) >= 4:
            score = 95.0
        else:
            score = fuzz.ratio(want, text)
        if score >= 90:
            ranked.append((-(score + (1 if n > after else 0)), n, r))
    ranked.sort(key=lambda t: (t[0], t[1] <= after, t[1]))
    return (ranked[0][1], ranked[0][2]) if ranked else None


def _footers(grid: Grid, row: int) -> list[tuple[str, GridCell | None]]:
    """(label, amount) of each footer total printed on a row of table 06: a cell naming a 合计, and the first
    amount after it before the next worded cell (the label may span several blocks, or sit in any column of
    a table without rules)."""
    cells = grid.row(row)
    out: list[tuple[str, GridCell | None]] = []
    for i, cell in enumerate(cells):
        if "合计" not in cell.flat or not is_label(cell.flat):
            continue
        amount = None
        for later in cells[i + 1 :]:
            if is_value(later.flat):
                amount = later
                break
            if later.flat and is_label(later.flat):
                break
        out.append((cell.label, amount))
    return out


def _side_index(plan: Plan, spec: TableSpec) -> list[int]:
    names = [norm(s.side) for s in spec.all_sides()]
    out = []
    for n, seg in enumerate(plan.segments):
        name = norm(seg.name)
        out.append(names.index(name) if name in names else min(n, len(names) - 1))
    return out


def _is_header_repeat(got: SegmentRow) -> bool:
    """A header row repeated inside the body (a 栏次 row, 项目 / 行次 labels) is not data."""
    return norm(got.label) in {"栏次", "项目", "行次"} and not any(clean(c.flat) for c in got.values.values() if c)


def read_grid_table(path: str, profile: Profile, spec: TableSpec, lines: list[Line]) -> GridReader:
    reader = GridReader(path, profile, spec, lines)
    reader.read()
    return reader
