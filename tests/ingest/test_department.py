"""The unit a published report is of, from its "编制部门：" line or else its title (cover) lines.

Title layouts seen on real covers (each a class, covered by a generated page below and the corpus):
one line "{单位}{年}年度部门决算" (with or without spaces: 西南大学); the unit on one line and "{年}年度部门决算"
on the next (上海市普陀区财政局, 西安市卫生健康委员会（汇总）); the year first, on the same line or above the unit
("2026 年深圳市水务局部门预算", "2026 年度 / 福州市医疗保障局 / 部门预算"); titles ending in 公开说明/情况说明/
信息公开; a "部门" glued to the unit ("北京市统计局部门 2026 年度"). A unit's scope (（汇总）/（本级）) stays in the
name: the consolidated and the unit's own report are different reports.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.ingest.pipeline import _department
from juesuan.ingest.reader import read_document

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"

COVERS = [
    ("编制部门：某某县财政局\n2023年度部门决算\n", "某某县财政局"),
    ("某某大学 2023 年度部门决算\n\n2024 年 8 月\n目录\n", "某某大学"),
    ("某某市某某区教育局\n2024年度部门决算\n\n目 录\n第一部分 某某市某某区教育局概况\n", "某某市某某区教育局"),
    ("某某市卫生健康委员会（汇总）\n2022年度部门决算\n", "某某市卫生健康委员会（汇总）"),
    ("2026 年某某市水务局部门预算\n", "某某市水务局"),
    ("2026 年度\n某某市医疗保障局\n部门预算\n", "某某市医疗保障局"),
    ("某某市经济和信息化委员会 2026 年部门预算情况说明\n一、单位基本情况\n", "某某市经济和信息化委员会"),
    ("某某市统计局部门 2026 年度\n部门预算信息公开\n目\n录\n", "某某市统计局"),
    ("2023年度部门决算\n目录\n第一部分 部门概况\n", ""),  # no unit printed: none invented
    ("关于2023年度部门决算的说明\n", ""),
]


@pytest.mark.parametrize(("cover", "unit"), COVERS, ids=[c[1] or c[0][:12] for c in COVERS])
def test_the_unit_on_the_cover(tmp_path: Path, cover: str, unit: str) -> None:
    path = tmp_path / "report.txt"
    path.write_text(cover + "一、收入支出决算总表\n", encoding="utf-8")
    assert _department(read_document(path)) == unit


REAL = {
    "national-public-complaints-bureau-2024-final-accounts.pdf": "国家信访局",
    "shanghai-putuo-finance-bureau-2024-final-accounts.pdf": "上海市普陀区财政局",
    "southwest-university-2023-final-accounts.pdf": "西南大学",
    "xian-health-commission-2022-final-accounts-consolidated.pdf": "西安市卫生健康委员会（汇总）",
    "budgets/fuzhou-ybj-2026-budget.pdf": "福州市医疗保障局",
    "budgets/shenzhen-swj-2026-budget.pdf": "深圳市水务局",
    "budgets/beijing-tjj-shuoming-2026-budget.pdf": "北京市统计局",
}


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "unit"), REAL.items(), ids=list(REAL))
def test_the_unit_of_real_reports(name: str, unit: str) -> None:
    path = CORPUS / name
    if not path.exists():
        pytest.skip(f"{path} is not available")
    assert _department(read_document(path)) == unit
