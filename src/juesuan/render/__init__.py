"""Writers: each takes a :class:`~juesuan.model.tables.TableSet` and computes nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..model.tables import TableSet
from .json_out import tables_to_json

__all__ = ["FORMATS", "tables_to_json", "write_outputs"]

FORMATS = ("xlsx", "html", "md", "json")


def write_outputs(tables: TableSet, out_dir: str | Path, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    """Write ``tables.<fmt>`` for each format into ``out_dir``; returns the paths written.

    Everything is rendered in memory first, so a failure leaves no partial output behind.
    """
    from . import html, markdown, xlsx

    renderers: dict[str, Callable[[], bytes]] = {
        "json": lambda: tables_to_json(tables).encode("utf-8"),
        "md": lambda: markdown.render(tables).encode("utf-8"),
        "html": lambda: html.render(tables).encode("utf-8"),
        "xlsx": lambda: xlsx.render(tables),
    }
    rendered = {fmt: renderers[fmt]() for fmt in formats}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt, data in rendered.items():
        target = out / f"tables.{fmt}"
        tmp = target.with_suffix(f".{fmt}.tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        written.append(target)
    return written
