"""Writing a case's outputs: the tables (``tables.<fmt>``) and the composed report (``report.<fmt>``)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from ..document.writers import render_document
from ..model.blocks import Document
from ..model.tables import TableSet
from ..render import FORMATS, html, markdown, xlsx
from ..render.json_out import tables_to_json


def write_outputs(
    tables: TableSet,
    out_dir: str | Path,
    formats: tuple[str, ...] = FORMATS,
    *,
    document: Document | None = None,
    document_formats: tuple[str, ...] = (),
) -> list[Path]:
    """Write ``tables.<fmt>`` for each of ``formats`` and ``report.<fmt>`` for each of ``document_formats``.

    ``document`` (from :func:`juesuan.document.compose.compose_document`) is required when ``document_formats``
    is not empty. Everything is rendered in memory first, so a failure leaves no partial output behind.
    Returns the paths written, report files first. Raises OSError when the directory cannot be written.
    """
    renderers: dict[str, Callable[[], bytes]] = {
        "json": lambda: tables_to_json(tables).encode("utf-8"),
        "md": lambda: markdown.render(tables).encode("utf-8"),
        "html": lambda: html.render(tables).encode("utf-8"),
        "xlsx": lambda: xlsx.render(tables),
    }
    rendered: dict[str, bytes] = {}
    if document_formats and document is None:
        raise ValueError("document formats need the composed document")
    with ThreadPoolExecutor(max_workers=1) as typesetter:
        # the PDF is typeset in a thread: the Typst compiler releases the GIL, so the other formats are written
        # meanwhile (on the example 0.2 s of 1.5 s)
        pdf = typesetter.submit(render_document, document, "pdf") if document and "pdf" in document_formats else None
        for fmt in document_formats:
            if fmt != "pdf":
                rendered[f"report.{fmt}"] = render_document(document, fmt)  # type: ignore[arg-type]
        for fmt in formats:
            rendered[f"tables.{fmt}"] = renderers[fmt]()
        if pdf is not None:
            rendered["report.pdf"] = pdf.result()
    order = [f"report.{fmt}" for fmt in document_formats] + [f"tables.{fmt}" for fmt in formats]
    rendered = {name: rendered[name] for name in order}
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in rendered.items():
        target = out / name
        tmp = target.with_name(name + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(target)
        written.append(target)
    return written
