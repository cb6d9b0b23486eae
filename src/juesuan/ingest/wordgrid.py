"""Tables printed without ruling lines: the grid rebuilt from the boxes of the words.

A page of a located table whose rows are not ruled comes here as its positioned lines (words grouped by
baseline, neighbouring label words joined into fragments). The grid a person sees is rebuilt in three steps:

1. **Columns** from the body: amounts and 行次 are right- or centre-aligned, so their fragments cluster by
   right edge; codes and names are left-aligned and cluster by left edge; clusters whose extents overlap are
   one column. A header over a column with no figure on the page adds that column.
2. **Rows** by the cell boxes, not by one baseline: the figures of a row (amounts, codes, 行次) are centred
   on one baseline and form a *band*; a row name that starts a row (an ordinal 一、/（一）/1., 其中, 合计, or a
   row label of the layout) joins the band it overlaps or starts its own; every other fragment (a wrapped
   name's continuation, the first line of a name centred above its figures) goes to the nearest band. So
   a name wrapped over three lines around its code, or amounts printed between the two lines of their name,
   are one row.
3. **Header** above the first row: fragments stacked in the same columns are one wrapped header; a header
   above several columns (本年支出 over 合计 / 基本支出 / 项目支出) spans the run of columns whose headers sit
   entirely below it and that it is centred over.

The result is a :class:`~juesuan.ingest.grid.Grid` (``ruled`` False) read like a ruled one.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from .cells import clean, is_code, is_int, is_label, is_value
from .columns import is_data_text, norm
from .document import Line, TextCell
from .grid import Grid, GridCell

_META = re.compile(r"公开\s*\d+\s*表|金额单位|^\s*(编制)?(部门|单位)(名称)?[:：]|单位[:：]\s*(万元|元)")
_STARTS_ROW = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+[.．、]|其中[:：]?|合计|总计|小计)"
)
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
EDGE = 4.0  # points: alignment tolerance of a column's edge
BAND_OVERLAP = 0.4  # share of the smaller height two figures of one row overlap by


@dataclass
class Frag:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)

    @property
    def figure(self) -> bool:
        t = clean(self.text)
        return is_value(t) or is_code(t) or is_int(t)


@dataclass
class _Column:
    x0: float
    x1: float
    frags: list[Frag] = field(default_factory=list)


def _frags(line: Line, words: bool = False) -> list[Frag]:
    out = []
    for cell in line.words if words and line.words else line.cells:
        if not clean(cell.text):
            continue
        top, bottom = (cell.top, cell.bottom) if cell.bottom > cell.top else (line.top, line.top + 9.0)
        out.append(Frag(cell.text.strip(), cell.x0, cell.x1, top, bottom))
    return out


def _headerish(frags: list[Frag], words: set[str]) -> bool:
    texts = [norm(f.text) for f in frags]
    return any(t in _HEADER_WORDS or t in words for t in texts) or all(is_int(t) for t in texts)


def _is_row_label(text: str, labels: set[str]) -> bool:
    t = norm(text)
    if not t:
        return False
    if _STARTS_ROW.match(clean(text)) or t in labels:
        return True
    return len(t) >= 4 and any(label.startswith(t) or t.startswith(label) for label in labels if len(label) >= 4)


def split_header(lines: list[Line], labels: set[str], words: set[str]) -> tuple[list[Line], list[Line]]:
    """(header lines, body lines): the body starts at the first line printing data; header-less trailing
    lines just above it (the first line of a name centred above its figures) belong to the body."""

    def data(line: Line) -> bool:
        frags = _frags(line)
        if any(is_data_text(f.text) for f in frags):
            return True
        if not frags or _headerish(frags, words):
            return False
        return any(bool(_STARTS_ROW.match(clean(f.text))) or norm(f.text) in labels for f in frags)

    first = next((n for n, line in enumerate(lines) if data(line)), len(lines))
    header, body = lines[:first], lines[first:]
    while len(header) > 1 and body and not _headerish(_frags(header[-1]), words):
        frags = _frags(header[-1])
        if not frags or not all(is_label(f.text) for f in frags):
            break
        # nearer the row below than the header above: a name's first line, not a header's last
        to_body = min(f.top for f in _frags(body[0])) - max(f.bottom for f in frags)
        to_header = min(f.top for f in frags) - max(f.bottom for f in _frags(header[-2]))
        if to_body >= to_header:
            break
        body.insert(0, header.pop())
    return header, body


# ---- columns ------------------------------------------------------------------------------------------------


def _cluster(frags: list[Frag], edge: str) -> list[_Column]:
    def key(f: Frag) -> float:
        return f.x1 if edge == "right" else f.x0

    out: list[_Column] = []
    for frag in sorted(frags, key=key):
        if out and key(frag) - key(out[-1].frags[-1]) <= EDGE:
            col = out[-1]
            col.frags.append(frag)
            col.x0, col.x1 = min(col.x0, frag.x0), max(col.x1, frag.x1)
        else:
            out.append(_Column(frag.x0, frag.x1, [frag]))
    return out


def _merge_overlapping(columns: list[_Column]) -> list[_Column]:
    columns = sorted(columns, key=lambda c: c.x0)
    out: list[_Column] = []
    for col in columns:
        if out and col.x0 < out[-1].x1 - 0.5:
            last = out[-1]
            last.x1 = max(last.x1, col.x1)
            last.frags += col.frags
        else:
            out.append(_Column(col.x0, col.x1, list(col.frags)))
    return out


def body_columns(body: list[Frag], header: list[Frag]) -> list[_Column]:
    """The columns of the body, plus one for each lowest header word over a column that prints nothing here
    (its words letter-spaced one character apart count as one)."""
    figures = [f for f in body if is_value(clean(f.text)) or (is_int(clean(f.text)) and not is_code(clean(f.text)))]
    lefts = [f for f in body if f not in figures]
    columns = _merge_overlapping(_cluster(figures, "right") + _cluster(lefts, "left"))
    extra: list[_Column] = []
    leaves = [f for f in header if _leaf(f, header)]
    for frag in sorted(leaves, key=lambda f: (round(f.top), f.x0)):
        if any(c.x0 - 1 < frag.x1 and frag.x0 < c.x1 + 1 for c in columns + extra):
            continue
        last = extra[-1] if extra else None
        spaced = last is not None and (len(last.frags[-1].text) == 1 or len(frag.text) == 1)
        if (
            spaced
            and last is not None
            and abs(last.frags[-1].top - frag.top) < 2
            and frag.x0 - last.x1 < 2.5 * frag.height
        ):
            last.x1 = frag.x1
            last.frags.append(frag)
            continue
        extra.append(_Column(frag.x0, frag.x1, [frag]))
    extra = _adopt(columns, extra, leaves)
    for frag in leaves:  # a column's own header widens it (a right-aligned amount under a wide head)
        hit = [c for c in columns if c.x0 - 1 < frag.x1 and frag.x0 < c.x1 + 1]
        if len(hit) == 1:
            others = [c for c in columns if c is not hit[0]]
            x0, x1 = min(hit[0].x0, frag.x0), max(hit[0].x1, frag.x1)
            if not any(o.x0 < x1 and x0 < o.x1 for o in others + extra):
                hit[0].x0, hit[0].x1 = x0, x1
    return sorted(columns + [_Column(c.x0, c.x1) for c in extra], key=lambda c: c.x0)


def _adopt(columns: list[_Column], extra: list[_Column], leaves: list[Frag]) -> list[_Column]:
    """A header beside a column of figures that has no header of its own is that column's header (narrow
    amounts right-aligned under a wide centred header do not reach below it); the others stay columns."""
    headless = [c for c in columns if not any(c.x0 - 1 < f.x1 and f.x0 < c.x1 + 1 for f in leaves)]
    kept = []
    for head in extra:
        ordered = sorted([*columns, *extra], key=lambda c: c.x0)
        i = ordered.index(head)
        near = [c for c in (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None)
                if c is not None and c in headless]  # fmt: skip
        if not near:
            kept.append(head)
            continue
        target = min(near, key=lambda c: min(abs(c.x0 - head.x1), abs(head.x0 - c.x1)))
        target.x0, target.x1 = min(target.x0, head.x0), max(target.x1, head.x1)
        headless.remove(target)
    return kept


def _bounds(columns: list[_Column]) -> list[float]:
    xs = [columns[0].x0 - 1]
    for left, right in pairwise(columns):
        xs.append((left.x1 + right.x0) / 2 if left.x1 <= right.x0 else (left.x0 + left.x1 + right.x0 + right.x1) / 4)
    xs.append(columns[-1].x1 + 1)
    return xs


# ---- rows ------------------------------------------------------------------------------------------------------


@dataclass
class _Band:
    top: float
    bottom: float
    frags: list[Frag] = field(default_factory=list)

    def overlap(self, frag: Frag) -> float:
        return min(self.bottom, frag.bottom) - max(self.top, frag.top)

    def distance(self, frag: Frag) -> float:
        if frag.bottom < self.top:
            return self.top - frag.bottom
        if frag.top > self.bottom:
            return frag.top - self.bottom
        return 0.0

    def add(self, frag: Frag) -> None:
        self.frags.append(frag)


def bands(body: list[Frag], labels: set[str], xs: list[float] | None = None) -> list[_Band]:
    """The printed rows: figures sharing a baseline, row-starting names, then every other fragment."""
    out: list[_Band] = []
    figures = sorted((f for f in body if f.figure), key=lambda f: (f.top + f.bottom) / 2)
    for frag in figures:
        last = out[-1] if out else None
        if last is not None and last.overlap(frag) >= BAND_OVERLAP * min(frag.height, last.bottom - last.top):
            last.add(frag)
            last.top, last.bottom = min(last.top, frag.top), max(last.bottom, frag.bottom)
        else:
            out.append(_Band(frag.top, frag.bottom, [frag]))
    rest = [f for f in body if not f.figure]
    starters = [f for f in rest if _is_row_label(f.text, labels)]
    for frag in sorted(starters, key=lambda f: f.top):
        touching = [b for b in out if b.overlap(frag) > 0]
        if touching:
            max(touching, key=lambda b: b.overlap(frag)).add(frag)
        else:
            out.append(_Band(frag.top, frag.bottom, [frag]))
    out.sort(key=lambda b: b.top)
    if not out:
        return [_Band(min(f.top for f in body), max(f.bottom for f in body), list(body))] if body else []
    _attach_wrapped([f for f in rest if f not in starters], body, out, xs or [])
    return out


_Neighbours = tuple[float, float, "Frag | None", "Frag | None"]


def _neighbours(body: list[Frag], xs: list[float]) -> dict[int, _Neighbours]:
    """For every fragment: the gap up and down to the next fragment in its own column, and those fragments."""
    stacks: dict[int, list[Frag]] = {}
    for frag in body:
        stacks.setdefault(bisect_right(xs, frag.cx) if xs else 0, []).append(frag)
    out: dict[int, _Neighbours] = {}
    for stack in stacks.values():
        stack.sort(key=lambda f: f.top)
        for i, frag in enumerate(stack):
            above = stack[i - 1] if i else None
            below = stack[i + 1] if i + 1 < len(stack) else None
            up = frag.top - above.bottom if above is not None else float("inf")
            down = below.top - frag.bottom if below is not None else float("inf")
            out[id(frag)] = (up, down, above, below)
    return out


def _attach_wrapped(loose: list[Frag], body: list[Frag], out: list[_Band], xs: list[float]) -> None:
    """Pieces of wrapped names: on a row's line, with that row; else with the neighbour they are printed
    closer to in their own column (a name's lines sit closer to each other than to the next row's),
    chaining up or down to a row; else with the nearest row (a tie: the row above)."""
    band_of: dict[int, _Band] = {id(f): b for b in out for f in b.frags}
    pending = sorted(loose, key=lambda f: f.top)

    def settle(frag: Frag, band: _Band) -> None:
        band_of[id(frag)] = band
        band.add(frag)

    for frag in pending:
        line = [b for b in out if b.overlap(frag) >= BAND_OVERLAP * frag.height]
        if line:
            settle(frag, max(line, key=lambda b: b.overlap(frag)))
    gaps = _neighbours(body, xs)
    changed = True
    while changed:  # each pass settles the pieces next to settled ones
        changed = False
        for frag in pending:
            if id(frag) in band_of:
                continue
            up, down, above, below = gaps[id(frag)]
            near = above if up <= down else below
            if near is not None and id(near) in band_of and min(up, down) < 1.5 * frag.height:
                settle(frag, band_of[id(near)])
                changed = True
    for frag in pending:
        if id(frag) not in band_of:
            settle(frag, min(out, key=lambda b: (b.distance(frag), b.top > frag.top)))


# ---- header ------------------------------------------------------------------------------------------------------


def _join_in_columns(lines: list[list[Frag]], body: list[Frag], hint: list[float] | None) -> list[Frag]:
    """Header words of one line joined where they fall in one column (letter-spaced "项  目", a header of
    several words), kept apart where they do not (adjacent narrow headers)."""
    columns = _with_hint(body_columns(body, [w for words in lines for w in words]), hint)
    xs = _bounds(columns) if columns else []
    every = [w for words in lines for w in words]
    out: list[Frag] = []
    for words in lines:
        words = sorted((part for w in words for part in (_split_at(w, xs) if _leaf(w, every) else [w])),
                       key=lambda f: f.x0)  # fmt: skip
        current: list[Frag] = []
        for word in words:
            if current and _same_column(current[-1], word, xs):
                current.append(word)
                continue
            if current:
                out.append(_joined(current))
            current = [word]
        if current:
            out.append(_joined(current))
    return out


def _leaf(word: Frag, header: list[Frag]) -> bool:
    """No header word sits below it: a column's own header, not one over several columns."""
    return not any(g.top > word.bottom - 1 and g.x0 < word.x1 and word.x0 < g.x1 for g in header)


def _split_at(word: Frag, xs: list[float]) -> list[Frag]:
    """A header word running over a column boundary (adjacent narrow headers printed without a gap), cut
    there; characters are taken as equally wide."""
    cuts = [x for x in xs[1:-1] if word.x0 + 2 < x < word.x1 - 2]
    if not cuts or len(word.text) < 2:
        return [word]
    width = (word.x1 - word.x0) / len(word.text)
    out, start = [], 0
    for x in cuts:
        end = round((x - word.x0) / width)
        if start < end < len(word.text):
            out.append(
                Frag(word.text[start:end], word.x0 + start * width, word.x0 + end * width, word.top, word.bottom)
            )
            start = end
    out.append(Frag(word.text[start:], word.x0 + start * width, word.x1, word.top, word.bottom))
    return out


def _same_column(left: Frag, right: Frag, xs: list[float]) -> bool:
    gap = right.x0 - left.x1
    if gap > 3 * max(left.height, right.height):
        return False
    if len(xs) < 3:
        return True
    return bisect_right(xs, left.cx) == bisect_right(xs, right.cx)


def _joined(words: list[Frag]) -> Frag:
    text = "".join(w.text for w in words) if all(is_label(w.text) for w in words) else " ".join(w.text for w in words)
    return Frag(text, words[0].x0, words[-1].x1, min(w.top for w in words), max(w.bottom for w in words))


def _is_number(frag: Frag) -> bool:
    t = clean(frag.text)
    return is_int(t) or t == "栏次"


def _group_span(
    frag: Frag, a: int, b: int, cells: list[tuple[Frag, int, int]], columns: list[_Column], xs: list[float]
) -> tuple[int, int]:
    """A header over several columns: the widest run around it whose headers all sit below it and that it
    is centred over."""
    below = {c for f, ca, cb in cells if f.top >= frag.bottom - 1 for c in range(ca, cb + 1)}
    peers = [f for f, _, _ in cells if f is not frag and f.top < frag.bottom - 1 and f.bottom > frag.top + 1]
    level = {c for f, ca, cb in cells if any(f is p for p in peers) for c in range(ca, cb + 1)}
    for c, col in enumerate(columns):  # a column nearer another header of this line is that header's
        centre = (col.x0 + col.x1) / 2
        if any(abs(p.cx - centre) < abs(frag.cx - centre) for p in peers):
            level.add(c)
    lo, hi = a, b
    for start in range(a, -1, -1):
        for end in range(b, len(columns)):
            if any(c in level or (c not in below and not a <= c <= b) for c in range(start, end + 1)):
                continue
            left = columns[start].x0 if start == 0 else xs[start]  # cell edges: half-way between columns
            right = columns[end].x1 if end == len(columns) - 1 else xs[end + 1]
            if abs((left + right) / 2 - frag.cx) <= max(6.0, 0.08 * (right - left)) and end - start > hi - lo:
                lo, hi = start, end
    return lo, hi


def _header_cells(frags: list[Frag], columns: list[_Column], xs: list[float]) -> list[tuple[Frag, int, int]]:
    """(fragment, first column, last column) of every header cell: the 栏次 row as printed, headers over
    several columns widened to them, then a header wrapped over lines in the same columns joined."""

    def cols_of(f: Frag) -> tuple[int, int]:
        """The columns a header word stands over: those it overlaps by a quarter of the narrower of the two,
        else the one holding its centre."""
        hit = [
            i
            for i, c in enumerate(columns)
            if min(c.x1, f.x1) - max(c.x0, f.x0) >= 0.25 * max(min(c.x1 - c.x0, f.x1 - f.x0), 1.0)
        ]
        if not hit:
            hit = [min(max(bisect_right(xs, f.cx) - 1, 0), len(columns) - 1)]
        return hit[0], hit[-1]

    numbers_top = min((f.top for f in frags if _is_number(f) and clean(f.text) == "栏次"), default=None)
    numbers = [f for f in frags if numbers_top is not None and abs(f.top - numbers_top) < 2 and _is_number(f)]
    words = [f for f in frags if f not in numbers]
    cells = [(f, *cols_of(f)) for f in sorted(words, key=lambda f: (f.top, f.x0))]
    cells = [(f, *_group_span(f, a, b, cells, columns, xs)) for f, a, b in cells]
    merged: list[tuple[Frag, int, int]] = []
    for frag, a, b in cells:  # a wrapped header: the next line in the same columns, just below
        for n, (above, pa, pb) in enumerate(merged):
            aligned = (
                abs(above.cx - frag.cx) < 0.3 * min(above.x1 - above.x0, frag.x1 - frag.x0) + 2
                or abs(above.x0 - frag.x0) < 2
            )
            if (pa, pb) == (a, b) and aligned and 0 <= frag.top - above.bottom < 0.8 * frag.height:
                joined = Frag(above.text + frag.text, min(above.x0, frag.x0), max(above.x1, frag.x1), above.top,
                              frag.bottom)  # fmt: skip
                merged[n] = (joined, a, b)
                break
        else:
            merged.append((frag, a, b))
    return merged + [(f, *cols_of(f)) for f in numbers]


# ---- the grid ------------------------------------------------------------------------------------------------------


def _header_continued(header: list[list[Frag]], body: list[Frag], labels: set[str]) -> list[Frag]:
    """Words on the first row's line that end a header wrapped onto it (支出功能分类科目 / 编码 beside the
    合计 row): just below a header word of the same column, neither a figure nor a row's name."""
    words = [w for line in header for w in line]
    if not words or not body:
        return []
    first = min(f.top for f in body)
    out = []
    for frag in body:
        if frag.figure or frag.top > first + 2 or _is_row_label(frag.text, labels) or not is_label(frag.text):
            continue
        above = [w for w in words if w.x0 < frag.x1 and frag.x0 < w.x1 and 0 <= frag.top - w.bottom < 0.8 * frag.height]
        if above:
            out.append(frag)
    return out


def _with_hint(columns: list[_Column], hint: list[float] | None) -> list[_Column]:
    """A continuation page's columns: the page before's (same table, same widths) when every column found
    here falls inside one of them; a page with few rows does not show all its columns by itself."""
    if not hint:
        return columns
    spans = [(hint[i], hint[i + 1]) for i in range(len(hint) - 1)]
    fits = all(any(a - 2 <= c.x0 and c.x1 <= b + 2 for a, b in spans) for c in columns)
    if not fits:
        return columns
    return [_Column(a + 1 if i == 0 else a, b - 1 if i == len(spans) - 1 else b) for i, (a, b) in enumerate(spans)]


def build_grid(
    lines: list[Line], page: int | None, labels: set[str], words: set[str], hint: list[float] | None = None
) -> Grid | None:
    """The grid of one page of a table without ruling lines, or None when its lines hold no figures.
    ``hint``: the column boundaries of the table's grid on the page before."""
    lines = [ln for ln in lines if ln.grid is None and not _META.search(ln.text)]
    header_lines, body_lines = split_header(lines, labels, words)
    body = [f for ln in body_lines for f in _frags(ln)]
    if not any(f.figure for f in body):
        return None
    header_words = [_frags(ln, words=True) for ln in header_lines]
    moved = _header_continued(header_words, body, labels)
    body = [f for f in body if f not in moved]
    header = _join_in_columns([*header_words, moved] if moved else header_words, body, hint)
    columns = _with_hint(body_columns(body, header), hint)
    xs = _bounds(columns)
    rows = bands(body, labels, xs)
    head = _header_cells(header, columns, xs)
    levels = _levels([f for f, _, _ in head])
    cells: list[GridCell] = []
    ys: list[float] = []
    for r, (top, bottom) in enumerate(levels):
        ys.append(top)
        for frag, a, b in head:
            if top <= (frag.top + frag.bottom) / 2 <= bottom:
                cells.append(GridCell(r, a, 1, b - a + 1, frag.text, xs[a], frag.top, xs[b + 1], frag.bottom))
    for band in rows:
        r = len(ys)
        ys.append(band.top)
        by_col: dict[int, list[Frag]] = {}
        for frag in band.frags:
            c = min(max(bisect_right(xs, frag.cx) - 1, 0), len(columns) - 1)
            by_col.setdefault(c, []).append(frag)
        for c in range(len(columns)):
            parts = sorted(by_col.get(c, []), key=lambda f: (round(f.top), f.x0))
            text = "\n".join(p.text for p in parts)
            cells.append(GridCell(r, c, 1, 1, text, xs[c], band.top, xs[c + 1], band.bottom))
    ys.append(max((b.bottom for b in rows), default=ys[-1] + 1))
    ys = _increasing(ys)
    return Grid(cells, len(ys) - 1, len(columns), xs, ys, page, ruled=False)


def _levels(frags: list[Frag]) -> list[tuple[float, float]]:
    """Header rows: fragments whose vertical centres fall within one line height of each other."""
    out: list[tuple[float, float]] = []
    height = median([f.height for f in frags]) if frags else 9.0
    for frag in sorted(frags, key=lambda f: (f.top + f.bottom) / 2):
        centre = (frag.top + frag.bottom) / 2
        if (out and centre - out[-1][1] < 0.5 * height and centre <= out[-1][1]) or (out and centre < out[-1][1]):
            out[-1] = (out[-1][0], max(out[-1][1], frag.bottom))
        else:
            out.append((frag.top, frag.bottom))
    return out


def _increasing(ys: list[float]) -> list[float]:
    out: list[float] = []
    for y in ys:
        out.append(y if not out or y > out[-1] else out[-1] + 0.01)
    return out


def grid_lines(grid: Grid) -> list[Line]:
    """The grid as lines, one per row (what :class:`~juesuan.ingest.gridread.GridReader` reads)."""

    out = []
    for r in range(grid.n_rows):
        cells = tuple(TextCell(c.flat, c.x0, c.x1, c.col, c.cols, c.top, c.bottom) for c in grid.row(r))
        out.append(Line(r + 1, cells, grid.page, grid.ys[r], True, grid=grid, grid_row=r))
    return out
