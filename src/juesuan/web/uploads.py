"""Uploads: what a file is, judged by its content (never its name), and where it is kept (by its hash).

:func:`sniff` reads a file's first bytes: PDF, a ZIP that is a Word or Excel file, an old Office (OLE2) file,
HTML, or UTF-8 text (what the text reader reads). :func:`check_name` refuses a file whose name claims one
kind while its content is another (a picture renamed ``.pdf``), with a Chinese message. :func:`keep` copies an
upload into the data directory under ``uploads/<sha256[:2]>/<sha256>.<kind's suffix>`` while hashing it, and
stops past the size limit: no name the user gave ever reaches the disk, so ``../../etc/x.pdf`` is only text.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

PDF, DOCX, XLSX, XLS, DOC, HTML, TEXT = "pdf", "docx", "xlsx", "xls", "doc", "html", "text"
SUFFIXES = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", XLS: ".xls", DOC: ".doc", HTML: ".html", TEXT: ".txt"}
NAMES = {PDF: "PDF", DOCX: "Word（DOCX）", XLSX: "Excel（XLSX）", XLS: "Excel（XLS）", DOC: "Word（DOC）",
         HTML: "网页（HTML）", TEXT: "文本"}  # fmt: skip
#: What a file name's suffix claims the content is.
CLAIMS = {".pdf": {PDF}, ".docx": {DOCX}, ".xlsx": {XLSX}, ".xls": {XLS}, ".doc": {DOC}, ".html": {HTML},
          ".htm": {HTML}, ".txt": {TEXT}}  # fmt: skip
#: A dataset for /build: YAML or JSON text.
#: What /build takes: a dataset (YAML or JSON text) or the fill-in workbook (``juesuan template``).
DATASET_SUFFIXES = {".yaml", ".yml", ".json", ".xlsx"}
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML = re.compile(rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|table)\b", re.I | re.S)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_BINARY = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
CHUNK = 1 << 20
HEAD = 8192


class Refused(Exception):
    """An upload that is not taken: the HTTP status and a Chinese message for the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def display_name(name: str | None) -> str:
    """The file name to show: its last part only (a path is no name), without control characters, at most 200
    characters; ``（未命名）`` when nothing is left."""
    text = unicodedata.normalize("NFC", name or "")
    text = _CONTROL.sub("", text.replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if text in ("", ".", ".."):
        return "（未命名）"
    return text[:200]


def _decodes(head: bytes, encoding: str) -> str | None:
    body = head.removeprefix(b"\xef\xbb\xbf")
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start >= len(body) - 3:  # a character cut by the end of the head
            return body[: exc.start].decode(encoding, errors="ignore")
        return None


def _text(head: bytes, encoding: str = "utf-8") -> bool:
    """UTF-8 text (what the text reader reads) without control characters but tabs and line breaks."""
    text = _decodes(head, encoding)
    return text is not None and not _BINARY.search(text)


def sniff(head: bytes, path: Path | None = None) -> str | None:
    """The kind of a file from its first bytes (and, for a ZIP, its member names); None when it is none of
    the kinds a report comes in."""
    if b"%PDF-" in head[:1024]:
        return PDF
    if head.startswith(b"PK\x03\x04"):
        if path is None:
            return None
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
        return None
    if head.startswith(_OLE2):
        return XLS  # or DOC: told apart by the name (both are read by their readers, which say if wrong)
    if _HTML.match(head.removeprefix(b"\xef\xbb\xbf")[:2048]):
        return HTML
    if head.strip() and _text(head):
        return TEXT
    return None


def describe(head: bytes) -> str:
    """What a refused file's content looks like, for the message."""
    known = {b"\x89PNG": "PNG 图片", b"\xff\xd8\xff": "JPEG 图片", b"GIF8": "GIF 图片", b"PK\x03\x04": "ZIP 压缩包",
             b"Rar!": "RAR 压缩包", b"\x7fELF": "程序文件", b"MZ": "程序文件", b"\x1f\x8b": "GZIP 压缩包"}  # fmt: skip
    for magic, name in known.items():
        if head.startswith(magic):
            return name
    if not head.strip():
        return "空文件"
    if _text(head, "gb18030"):
        return "GBK/GB18030 编码的文本，请另存为 UTF-8 编码后上传"
    return "无法识别的二进制内容"


def check_name(name: str, kind: str | None, head: bytes) -> str:
    """The kind to keep the file as; :class:`Refused` (415) when the content is no report's, or is not what
    its name says."""
    suffix = Path(name).suffix.lower()
    claimed = CLAIMS.get(suffix)
    if kind == XLS and suffix == ".doc":
        kind = DOC
    if kind is None:
        what = describe(head)
        if claimed:
            raise Refused(415, f"文件「{name}」的扩展名是 {suffix}，但内容不是{NAMES[next(iter(claimed))]}（看起来是"
                               f"{what}）：请上传原始的报告文件，不要只改扩展名")  # fmt: skip
        raise Refused(415, f"不支持的文件类型：「{name}」（{what}）。可上传 PDF、Word、Excel、网页或文本格式的报告")
    if claimed and kind not in claimed:
        raise Refused(415, f"文件「{name}」的扩展名是 {suffix}，但内容是{NAMES[kind]}文件，不是"
                           f"{NAMES[next(iter(claimed))]}：请上传原始的报告文件，不要只改扩展名")  # fmt: skip
    return kind


@dataclass(frozen=True)
class Kept:
    """An upload in the data directory."""

    sha256: str
    size: int
    kind: str
    path: Path


def _megabytes(limit: int) -> str:
    return f"{limit / (1 << 20):g} MB"


def receive(source: BinaryIO, folder: Path, limit: int) -> tuple[Path, str, int]:
    """Copy an upload's bytes into a new temporary file of ``folder`` while hashing them: (file, sha256, size).
    :class:`Refused` (413) past ``limit`` bytes (the partial copy removed)."""
    folder.mkdir(parents=True, exist_ok=True)
    temporary = folder / f"upload-{secrets.token_hex(8)}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with temporary.open("wb") as out:
            while block := source.read(CHUNK):
                size += len(block)
                if size > limit:
                    raise Refused(413, f"文件过大：超过上传大小限制 {_megabytes(limit)}")
                digest.update(block)
                out.write(block)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return temporary, digest.hexdigest(), size


def keep(source: BinaryIO, name: str, data: Path, limit: int) -> Kept:
    """Take an upload: its bytes copied and hashed, its kind judged by content, kept under its hash."""
    temporary, sha256, size = receive(source, data / "tmp", limit)
    try:
        if size == 0:
            raise Refused(400, f"文件「{name}」是空的（0 字节）")
        with temporary.open("rb") as handle:
            head = handle.read(HEAD)
        kind = check_name(name, sniff(head, temporary), head)
        target = upload_path(data, sha256, kind)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(temporary, target)  # the same content under the same name: replacing it changes nothing
    finally:
        temporary.unlink(missing_ok=True)
    return Kept(sha256, size, kind, target)


def upload_path(data: Path, sha256: str, kind: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{64}", sha256) or kind not in SUFFIXES:
        raise ValueError("not a sha256 and a kind")
    return data / "uploads" / sha256[:2] / f"{sha256}{SUFFIXES[kind]}"


def find_upload(data: Path, sha256: str) -> Path | None:
    """The kept file of this content, whatever its kind; None when it is not here."""
    if not re.fullmatch(r"[0-9a-f]{64}", sha256):
        return None
    for kind in SUFFIXES:
        path = upload_path(data, sha256, kind)
        if path.is_file():
            return path
    return None
