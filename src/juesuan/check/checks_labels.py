"""A printed row label that contradicts its 行次: the profile names the row at each 行次 of the fixed
tables (01, 04, 09, 10); a row printed with another name at that 行次 is reported (e.g. the seed's 04
line 60 printed 年初财政拨款结转和结余 where the layout has 年末财政拨款结转和结余).

Truncated labels (the profile's label starts with the printed one, at least four characters) are not
reported here: ``code-name`` and the reader's notes cover truncation.
"""

from __future__ import annotations

from ..errors import ProfileError
from ..profiles import loader as profiles
from ..profiles.model import Profile
from .context import RuleContext
from .expr import CellRef, NotRun
from .tableset import normalise_label


def _labels(profile: Profile, table_id: str) -> dict[tuple[str, int], str]:
    try:
        spec = profile.table(table_id)
    except KeyError:
        return {}
    out: dict[tuple[str, int], str] = {}
    for side in spec.all_sides():
        for row in side.rows:
            if row.class_rows and row.first_line is not None:
                for n, cls in enumerate(profile.class_rows):
                    out[(side.side, row.first_line + n)] = cls.label
            elif row.line is not None and row.label:
                out[(side.side, row.line)] = row.label
    return out


def row_label_line(ctx: RuleContext) -> None:
    """Each printed label of a row with a 行次 must name the layout's row at that 行次."""
    try:
        profile = profiles.get(ctx.tables.tables.profile)
    except ProfileError:
        raise NotRun(f"未知的模板「{ctx.tables.tables.profile}」") from None
    ran = False
    for table in (t for t in ctx.tables.tables if t.id in ctx.rule.scope):
        expected = _labels(profile, table.id)
        for row in table.rows:
            want = expected.get((row.side, row.line)) if row.line is not None else None
            if want is None or not row.label.strip():
                continue
            ran = True
            printed, layout = normalise_label(row.label), normalise_label(want)
            if printed == layout or (len(printed) >= 4 and layout.startswith(printed)):
                ctx.passed()
                continue
            side = f"{row.side}方" if row.side else ""
            ref = CellRef(table, row, next(iter(row.cells), ""))
            ctx.report(f"公开{table.id}表{side}第 {row.line} 行应为「{want}」，印为「{row.label}」", [ref])
    if not ran:
        raise NotRun("范围内没有带行次的表行")
