"""The juesuan application for the audit tests, and crafted bad files."""

from __future__ import annotations

import zipfile
from pathlib import Path

import typer

from juesuan.commands.app import app
from shared_data import CORPUS, SEED  # noqa: F401 - re-exported to the audit tests

CENTRAL = CORPUS / "national-public-complaints-bureau-2024-final-accounts.pdf"
XIAN = CORPUS / "xian-health-commission-2022-final-accounts-consolidated.pdf"
SHANGHAI = CORPUS / "shanghai-putuo-finance-bureau-2024-final-accounts.pdf"
UNIVERSITY = CORPUS / "southwest-university-2023-final-accounts.pdf"


def make_app() -> typer.Typer:
    """The juesuan application (every command)."""
    return app


def encrypted_pdf(path: Path) -> Path:
    """A one-page PDF protected by the standard security handler (the empty password does not open it)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> /P -4 >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objects) + 1, b"33" * 16, b"33" * 16,
    )  # fmt: skip
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    path.write_bytes(bytes(out))
    return path


def zip_bomb_xlsx(path: Path, megabytes: int = 40) -> Path:
    """An .xlsx whose one sheet part inflates ~1000×: refused from the zip directory, never inflated."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (megabytes * 1024 * 1024))
    return path
