"""Class: text whose cells are one space apart (text copied from a PDF viewer, ``extract_text`` without
layout). Such a line does not keep its columns: a row printing fewer amounts than the table has columns
cannot say which columns are blank. The reader must not place its amounts by character offset; the table is
read uncertainly (its figures are not all read) and no rule judges it."""

from __future__ import annotations

from pathlib import Path

import juesuan
from juesuan.audit import audit

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples/jdz-nanchang-2023/dataset.yaml"


def _uncertain(report) -> dict[str, str]:
    return {t["table"]: t["reason"] for t in report.coverage()["tables_uncertain"]}


def test_a_real_page_copied_as_single_spaced_text_is_read_uncertainly() -> None:
    """The Shanghai report's 表二 (pages 8–9) as pdfplumber's plain ``extract_text`` gives it."""
    report = audit(FIXTURES / "shanghai-p8-9-single-spaced.txt", "shanghai-2024")
    assert "02" in _uncertain(report)
    assert "印出的 45 个金额中只读入了" in _uncertain(report)["02"]
    judged = [f for f in report.report.findings if f.locations and f.locations[0].table == "02"]
    assert [f.rule for f in judged] == ["ingest-uncertain"]  # no code-name warnings from glued names


def test_generated_single_spaced_tables_are_not_judged(tmp_path: Path) -> None:
    """The example's 02 and 03 printed with single spaces between cells, blank cells left out."""
    tables = juesuan.build_tables(juesuan.load(EXAMPLE)).tables
    lines = ["景德镇陶瓷文化南昌服务中心 2023 年度部门决算", ""]
    for table_id in ("02", "03"):
        table = tables[table_id]
        lines += [table.title, "金额单位：万元", "科目编码 科目名称 " + " ".join(c.header for c in table.columns)]
        for row in table.rows:
            shown = [row.display(c.key) for c in table.columns]
            lines.append(" ".join([row.code or "", row.label, *[v for v in shown if v]]).strip())
        lines.append("")
    path = tmp_path / "spaced.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    report = audit(path, "jiangxi-2023")
    assert set(_uncertain(report)) == {"02", "03"}
    assert report.report.summary["error"] == 0
