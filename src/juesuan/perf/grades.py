"""Grade scales as data (``grades.yaml``): a total score → 优 / 良 / 中 / 差 (or Shanghai's 优/良/合格/不合格)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from importlib import resources

from ..yamlsrc import parse

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Scale:
    id: str
    title: str
    bands: tuple[tuple[str, Decimal], ...]  # (grade, lowest score on a 100-point scale), highest first
    source: str = ""

    def grade(self, score: Decimal, total_weight: Decimal = HUNDRED) -> str:
        """The grade of ``score`` out of ``total_weight`` (scaled to 100 when the scale is not 100)."""
        scaled = score if total_weight == HUNDRED or total_weight == 0 else score * HUNDRED / total_weight
        for name, lowest in self.bands:
            if scaled >= lowest:
                return name
        return self.bands[-1][0]

    def describe(self) -> str:
        parts = []
        upper: Decimal | None = None
        for name, lowest in self.bands:
            if upper is None:
                parts.append(f"{name} ≥ {lowest}")
            elif lowest == 0:
                parts.append(f"{name} < {upper}")
            else:
                parts.append(f"{name} {lowest}–{upper}")
            upper = lowest
        return "，".join(parts)


def scale_of(grades: str, bands: tuple[tuple[str, Decimal], ...] = ()) -> Scale:
    """The scale an evaluation uses: its own ``grade_bands`` when given, else the shipped scale ``grades``."""
    if bands:
        return Scale("custom", "自定义等级划分", bands)
    return scales()[grades]


@cache
def scales() -> dict[str, Scale]:
    text = resources.files("juesuan.perf").joinpath("grades.yaml").read_text(encoding="utf-8")
    out: dict[str, Scale] = {}
    for entry in parse(text) or []:
        bands = tuple((str(b["grade"]), Decimal(b["min"])) for b in entry["bands"])
        if [lowest for _, lowest in bands] != sorted((lowest for _, lowest in bands), reverse=True):
            raise ValueError(f"grades.yaml {entry['id']}: bands must go from the highest to the lowest")
        out[str(entry["id"])] = Scale(str(entry["id"]), str(entry["title"]), bands, str(entry.get("source", "")))
    return out
