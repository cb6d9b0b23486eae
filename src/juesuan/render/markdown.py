"""``tables.md``: each table as a GitHub-flavoured Markdown table.

Markdown has no merged cells, so the :mod:`.layout` grid is flattened: the header band becomes one header
row whose texts join the stacked headers of each column ("本年支出 / 小计"), the 栏次 row and the body keep
their positions, and a merged body cell's text stays in its first column.
"""

from __future__ import annotations

from ..model.tables import Table, TableSet
from . import layout
from .layout import Grid, GridCell

JOIN = " / "


def _matrix(rows: tuple[tuple[GridCell, ...], ...], ncols: int) -> list[list[GridCell | None]]:
    """Rows of the grid with each spanned cell at every position it covers."""
    out: list[list[GridCell | None]] = [[None] * ncols for _ in rows]
    for cells in rows:
        for cell in cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.col, cell.col + cell.colspan):
                    out[r][c] = cell
    return out


def _header_row(grid: Grid) -> tuple[list[str], list[str]]:
    """The joined header texts, and the 栏次 row (the last header row when it holds column numbers)."""
    ncols = len(grid.widths)
    matrix = _matrix(grid.head, ncols)
    numbers: list[str] = []
    if len(matrix) > 1 and any(c is not None and c.text == layout.NUMBER_HEADER for c in matrix[-1]):
        numbers = [_text(c) if c is not None and c.col == col else "" for col, c in enumerate(matrix.pop())]
    headers = []
    for col in range(ncols):
        texts = [c.text for c in (row[col] for row in matrix) if c is not None and c.text]
        headers.append(JOIN.join(dict.fromkeys(texts)))
    return headers, numbers


def _text(cell: GridCell | None) -> str:
    text = "" if cell is None or cell.text is None else cell.text
    text = "\u3000" * cell.indent + text if cell is not None and cell.indent and text else text
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _alignment(grid: Grid, col: int) -> str:
    kinds = {cell.kind for row in grid.body for cell in row if cell.col == col}
    if "value" in kinds:
        return "---:"
    if kinds <= {"line", "na"}:
        return ":---:"
    return "---"


def _line(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(table: Table) -> str:
    grid = layout.grid(table)
    info = layout.caption(table)
    ncols = len(grid.widths)
    headers, numbers = _header_row(grid)
    lines = [f"## {info.code} {info.title}", "", f"{info.department}　{info.year}　{info.unit}", ""]
    lines.append(_line(headers))
    lines.append(_line([_alignment(grid, col) for col in range(ncols)]))
    if numbers:
        lines.append(_line(numbers))
    for row in _matrix(grid.body, ncols):
        lines.append(_line([_text(c) if c is not None and c.col == col else "" for col, c in enumerate(row)]))
    lines.append("")
    lines += [f"{note}  " for note in info.notes[:-1]] + list(info.notes[-1:])
    return "\n".join(lines).rstrip() + "\n"


def render(tables: TableSet) -> str:
    heading = f"# {tables.department} {tables.year} 年度部门决算公开表\n"
    return "\n".join([heading, *(_table(t) for t in tables)])
