"""Classifying printed cell text: amounts, 行次, 科目编码, labels, and normalised titles."""

from __future__ import annotations

import re

NA_MARKS = frozenset({"---", "--", "—", "——", "-", "－", "─", "—————"})
_AMOUNT = re.compile(r"^[-−－]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")
_INT = re.compile(r"^\d{1,3}$")
_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_CODE_LABEL = re.compile(r"^(\d{3}(?:\d{2}){0,2})\s*([^\d\s].*)$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+、|表\s*\d+\s*[:：]?|（[一二三四五六七八九十]+）|\d+[.．、])")
_QUOTES = str.maketrans({"“": "", "”": "", '"': "", "‘": "", "’": "", "(": "（", ")": "）"})


def clean(text: str) -> str:
    """Without any whitespace."""
    return re.sub(r"\s+", "", text)


def is_amount(text: str) -> bool:
    """A printed amount: digits with optional thousands separators, sign and decimals; no inner spaces."""
    return bool(_AMOUNT.match(text.strip()))


def is_na(text: str) -> bool:
    return clean(text) in NA_MARKS


def is_value(text: str) -> bool:
    return is_amount(text) or is_na(text)


def is_int(text: str) -> bool:
    return bool(_INT.match(clean(text)))


def is_code(text: str) -> bool:
    return bool(_CODE.match(clean(text)))


def split_code_label(text: str) -> tuple[str, str] | None:
    """``"201 一般公共服务支出"`` → ("201", "一般公共服务支出"); None when the text is not code + label."""
    found = _CODE_LABEL.match(text.strip())
    return (found.group(1), found.group(2).strip()) if found else None


def is_label(text: str) -> bool:
    return bool(_CJK.search(text))


def value_text(text: str) -> str | None:
    """The printed value as the table-mode file keeps it: amount without separators, "---", or None."""
    raw = clean(text)
    if not raw:
        return None
    if raw in NA_MARKS:
        return "---"
    return raw.replace(",", "").replace("−", "-").replace("－", "-")


def norm_title(text: str) -> str:
    """A title without spaces, quotes, leading ordinal (一、/表1) and bracket style, for matching."""
    text = clean(text).translate(_QUOTES)
    previous = None
    while previous != text:
        previous, text = text, _ORDINAL.sub("", text)
    return text


def is_header_text(text: str) -> bool:
    t = clean(text)
    return t in {"栏次", "行次", "项目", "类", "款", "项"} or "栏次" in t
