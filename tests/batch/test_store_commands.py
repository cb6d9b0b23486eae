"""``juesuan store``: what a batch stored, listed, shown, exported and compared across years.

Two years of one unit (the example as 2023, and a 2024 made from it whose text states last year's 本年收入合计
10 万元 higher than the 2023 report printed), built into HTML reports, audited in one batch; then:

* ``store reports`` lists both (whole output), ``--format json`` too;
* ``store show`` gives the stored audit; ``store findings -o`` exports what was found and reads back;
* ``store compare`` shows the figures side by side with the change, and finds the injected mismatch, which no
  audit of either report alone can.
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from test_batch import juesuan

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ingest"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "pipeline"))
from years_support import write_years


@cache
def _stored(root: str) -> tuple[Path, dict[str, Any]]:
    folder = Path(root)
    last, this = write_years(folder / "报告", income_shift=Decimal(100000))
    done = juesuan("audit", str(last), str(this), "--jobs", "1", "--store", "审核.sqlite", "--format", "json",
                   cwd=folder)  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    return folder, json.loads(done.stdout)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    return _stored(str(tmp_path_factory.mktemp("store")))


def store(folder: Path, *args: str) -> str:
    done = juesuan("store", *args, "--store", "审核.sqlite", cwd=folder)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    return done.stdout


def test_reports_lists_what_the_batch_stored(stored: tuple[Path, dict[str, Any]]) -> None:
    folder, batch = stored
    first, second = batch["reports"]
    expected = "".join(
        f"{r['id']}\t景德镇陶瓷文化南昌服务中心\t{year}\t已审核\t错误 {r['errors']}\t警告 {r['warnings']}\t表 10\treport.html\n"
        for r, year in ((first, 2023), (second, 2024))
    )
    assert store(folder, "reports") == expected + "共 2 份报告\n"
    assert store(folder, "reports", "--year", "2024").splitlines()[-1] == "共 1 份报告"
    listed = json.loads(store(folder, "reports", "--format", "json"))
    assert [(r["year"], r["status"], r["tables_found"]) for r in listed] == [
        (2023, "audited", 10),
        (2024, "audited", 10),
    ]


def test_show_gives_the_stored_audit(stored: tuple[Path, dict[str, Any]]) -> None:
    folder, batch = stored
    text = store(folder, "show", str(batch["reports"][0]["id"]))
    lines = text.splitlines()
    assert lines[0] == f"报告 {batch['reports'][0]['id']}：{batch['reports'][0]['path']}"
    assert lines[1] == "单位：景德镇陶瓷文化南昌服务中心　年度：2023　模板：jiangxi-2023"
    assert lines[2] == "审核状态：已审核"
    data = json.loads(store(folder, "show", "1", "--format", "json"))
    assert data["coverage"]["status"] == "audited" and len(data["coverage"]["tables_found"]) == 10


def test_findings_export_reads_back(stored: tuple[Path, dict[str, Any]]) -> None:
    folder, batch = stored
    listed = json.loads(store(folder, "findings", "--format", "json"))
    total = sum(r["errors"] + r["warnings"] + r["infos"] for r in batch["reports"])
    assert len(listed) == total
    assert store(folder, "findings", "-o", "问题.xlsx") == f"已导出 {total} 条问题：问题.xlsx\n"
    rows = CalamineWorkbook.from_path(str(folder / "问题.xlsx")).get_sheet_by_name("发现").to_python()
    assert len(rows) == total + 1 and rows[0][:4] == ["报告编号", "文件", "规则", "严重程度"]


def test_compare_shows_the_changes_and_finds_the_mismatch(stored: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = stored
    text = store(folder, "compare", "景德镇")
    assert "单位：景德镇陶瓷文化南昌服务中心\n已存年度：2023（报告 1）、2024（报告 2）\n" in text
    assert "2023 年 → 2024 年（万元）" in text
    rows = {
        line.split()[0]: line.split()[1:] for line in text.splitlines() if line.startswith("  ") and "　" not in line
    }
    assert rows["本年收入合计"] == ["83.58", "83.58", "0.00", "0.00%"]
    assert rows["本年支出合计"] == ["125.07", "75.04", "-50.03", "-40.00%"]
    assert "本年收入合计的上年数（本年数 − 增减额）与上年报告（2023年度）公开01表「本年收入合计" in text
    data = json.loads(store(folder, "compare", "景德镇陶瓷文化南昌服务中心", "--format", "json"))
    (comparison,) = data["comparisons"]
    errors = [f for f in comparison["findings"] if f["severity"] == "error"]
    assert [(f["rule"], f["expected"], f["actual"]) for f in errors] == [("narrative-previous-year", "83.58", "93.58")]


def test_compare_of_an_unknown_unit_says_which_are_there(stored: tuple[Path, dict[str, Any]]) -> None:
    folder, _ = stored
    done = juesuan("store", "compare", "没有这个单位", "--store", "审核.sqlite", cwd=folder)
    assert done.returncode == 2
    assert done.stderr == "审核库中没有单位“没有这个单位”的报告（库中有：景德镇陶瓷文化南昌服务中心）\n"
