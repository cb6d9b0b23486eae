"""Reviews of findings: a reviewer confirms or dismisses a finding, with a note.

A review belongs to the file's content (sha256), the rule and a stable key of the finding (the places it
points to), not to a stored report: auditing the same file again, by a newer juesuan or rule catalogue, makes
a new report whose findings meet the same reviews. Only the latest verdict is kept.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from .schema import reviews
from .store import Store

CONFIRMED, DISMISSED = "confirmed", "dismissed"
VERDICTS = {CONFIRMED: "已确认", DISMISSED: "已排除"}
#: What identifies a finding's place (not its message, whose wording may change between versions).
_PLACE = ("table", "row", "code", "column", "page", "line")


@dataclass(frozen=True)
class Review:
    sha256: str
    rule: str
    finding_key: str
    verdict: str
    note: str
    username: str | None
    updated_at: Any

    @property
    def label(self) -> str:
        return VERDICTS.get(self.verdict, self.verdict)

    def as_dict(self) -> dict[str, Any]:
        return {"verdict": self.verdict, "label": self.label, "note": self.note, "username": self.username,
                "updated_at": str(self.updated_at)}  # fmt: skip


_COLUMNS = [reviews.c[name] for name in Review.__dataclass_fields__]


def finding_key(rule: str, locations: Iterable[Mapping[str, Any]]) -> str:
    """A finding's key: a digest of its rule and the places it points to (tables, rows, columns, pages, lines)."""
    places = [[location.get(name) for name in _PLACE] for location in locations]
    text = json.dumps([rule, places], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def finding_keys(findings: Sequence[tuple[str, Sequence[Mapping[str, Any]]]]) -> list[str]:
    """The keys of a report's findings, given as (rule, locations) in report order; a finding that has the
    same rule and places as one before it gets ``-2``, ``-3`` … after its key, so that every key is unique."""
    seen: dict[str, int] = {}
    out = []
    for rule, locations in findings:
        key = finding_key(rule, locations)
        seen[key] = seen.get(key, 0) + 1
        out.append(key if seen[key] == 1 else f"{key}-{seen[key]}")
    return out


def reviews_of(store: Store, sha256: str) -> dict[tuple[str, str], Review]:
    """A file's reviews by (rule, finding key)."""
    with store.engine.connect() as connection:
        rows = connection.execute(select(*_COLUMNS).where(reviews.c.sha256 == sha256))
        return {(row.rule, row.finding_key): Review(*row) for row in rows}


def set_review(
    store: Store, sha256: str, rule: str, key: str, verdict: str, note: str = "", username: str | None = None
) -> Review:
    """Confirm or dismiss a finding (replacing an earlier verdict). ValueError for another verdict."""
    if verdict not in VERDICTS:
        raise ValueError(f"未知的复核结论：{verdict}（可用：{'、'.join(VERDICTS)}）")
    now = datetime.now(UTC)
    where = (reviews.c.sha256 == sha256, reviews.c.rule == rule, reviews.c.finding_key == key)
    values = {"verdict": verdict, "note": note, "username": username, "updated_at": now}
    with store.engine.begin() as connection:
        done = connection.execute(update(reviews).where(*where).values(**values))
        if not done.rowcount:
            connection.execute(insert(reviews), [{"sha256": sha256, "rule": rule, "finding_key": key, **values}])
    return Review(sha256, rule, key, verdict, note, username, now)


def clear_review(store: Store, sha256: str, rule: str, key: str) -> None:
    """The finding is open again."""
    with store.engine.begin() as connection:
        connection.execute(
            delete(reviews).where(reviews.c.sha256 == sha256, reviews.c.rule == rule, reviews.c.finding_key == key)
        )
