"""Refuse unusable files before opening them: every failure is an InputError with a Chinese message.

Checked up front, cheaply: the file exists and is a regular file, is not empty, is not larger than
``MAX_BYTES``; its kind is recognised from its first bytes (not only its name); an XLSX/DOCX (a zip) has
no member whose uncompressed size or compression ratio is out of bounds (zip bombs) and holds the parts its
kind needs; a PDF starts with ``%PDF`` and has an end-of-file marker near its end (truncation).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import InputError
from ..load.workbook import EXPORT, TEMPLATE, workbook_kind

MAX_BYTES = 200 * 1024 * 1024
MAX_UNZIPPED = 300 * 1024 * 1024
MAX_RATIO = 200
MAX_PAGES = 2000
MAX_TABLE_PAGES = 400
TEXT_SUFFIXES = {".txt", ".text", ".md", ".csv", ".tsv"}


def fail(path: Path | str, message: str) -> InputError:
    return InputError(str(path), [f"{path}: {message}"])


def sniff(path: Path) -> str:
    """The file's kind ("pdf", "xlsx", "docx", "xls", "html", "text"); raises InputError when unusable."""
    size = _check_size(path)
    with path.open("rb") as handle:
        head = handle.read(8)
    suffix = path.suffix.lower()
    if head.startswith(b"%PDF"):
        _check_pdf_tail(path, size)
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        kind = _check_zip(path)
        if kind == "xlsx":
            _refuse_dataset_workbook(path)
        return kind
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        if suffix == ".xls":
            return "xls"
        if suffix in (".xlsx", ".docx"):
            raise fail(path, "是加密的 Office 文档（需要密码），无法读取")
        raise fail(path, "是旧版 Office 二进制文件（.doc），不支持，请另存为 .docx")
    _refuse_by_suffix(path, suffix)
    kind = _check_text(path)
    with path.open("rb") as handle:
        start = handle.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if suffix in (".html", ".htm") or start.startswith((b"<!doctype html", b"<html")):
        return "html"
    return kind


def _refuse_dataset_workbook(path: Path) -> None:
    """A fill-in workbook (a dataset) or the 决算软件's export is not a published report."""
    try:
        kind = workbook_kind(path)
    except InputError:
        return  # unreadable as a workbook here: the XLSX reader says why
    if kind == TEMPLATE:
        raise fail(path, "是 juesuan 填报工作簿（数据集），不是公开报告：请用 juesuan check 校验或 juesuan build 生成")
    if kind == EXPORT:
        raise fail(path, "是决算软件导出的报表（财决NN表），不是公开报告：请用 juesuan convert 导入为数据集")


def _check_size(path: Path) -> int:
    if not path.exists():
        raise fail(path, "文件不存在")
    if not path.is_file():
        raise fail(path, "不是普通文件")
    size = path.stat().st_size
    if size == 0:
        raise fail(path, "文件为空（0 字节）")
    if size > MAX_BYTES:
        raise fail(path, f"文件过大（{size // (1024 * 1024)} MB，上限 {MAX_BYTES // (1024 * 1024)} MB），未读取")
    return size


def _refuse_by_suffix(path: Path, suffix: str) -> None:
    if suffix == ".pdf":
        raise fail(path, "扩展名为 .pdf，但文件内容不是 PDF")
    if suffix in (".xlsx", ".docx"):
        raise fail(path, f"扩展名为 {suffix}，但文件内容不是有效的 Office 文档（zip）")
    if suffix in (".yaml", ".yml", ".json"):
        raise fail(path, "是数据文件，不是公开报告：请用 juesuan check 校验")


def _check_text(path: Path) -> str:
    with path.open("rb") as handle:
        sample = handle.read(4096)
    if b"\x00" in sample:
        raise fail(path, "无法识别的文件类型（既不是 PDF、DOCX、XLSX，也不是文本）")
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(sample) - 4:
            raise fail(path, "文本文件不是 UTF-8 编码") from exc
    return "text"


def _check_pdf_tail(path: Path, size: int) -> None:
    with path.open("rb") as handle:
        handle.seek(max(0, size - 2048))
        tail = handle.read()
    if b"%%EOF" not in tail:
        raise fail(path, "PDF 文件不完整（缺少文件结束标记，可能被截断）")


def _check_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            names = {i.filename for i in infos}
            total = 0
            for info in infos:
                total += info.file_size
                ratio = info.file_size / max(info.compress_size, 1)
                if (
                    info.file_size > MAX_UNZIPPED
                    or total > MAX_UNZIPPED
                    or (ratio > MAX_RATIO and info.file_size > 10**6)
                ):
                    raise fail(
                        path,
                        f"压缩包内容异常（{info.filename} 解压后 {info.file_size} 字节，"
                        f"压缩比 {ratio:.0f}），疑似压缩炸弹，未读取",
                    )
    except zipfile.BadZipFile as exc:
        raise fail(path, "压缩文件损坏或不完整（可能被截断）") from exc
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    raise fail(path, "是 zip 压缩包，但不是 XLSX 或 DOCX 文档")
