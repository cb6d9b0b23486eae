"""Profiles are data: a second region's layout is a YAML file, built by the same code."""

from decimal import Decimal
from pathlib import Path

import pytest

import juesuan
from juesuan.profiles.loader import available, get

FIXTURE = """
year: 2024
profile: {profile}
department: 测试部门
units:
  - name: 测试单位
    income:
      - {{code: "2010301", source: 一般公共预算, amount: 100000}}
    expenditure:
      - {{code: "2010301", nature: 基本支出, fund: 一般公共预算, amount: 90000}}
    basic_by_economic:
      - {{code: "30101", amount: 90000}}
    three_public:
      initial_budget: {{abroad: 10000, vehicle_operation: 20000}}
      actual: {{abroad: 8000, vehicle_operation: 15000, reception_domestic: 3000}}
"""


@pytest.fixture(params=available())
def built(request, tmp_path: Path):
    path = tmp_path / "d.yaml"
    path.write_text(FIXTURE.format(profile=request.param), encoding="utf-8")
    return juesuan.build_tables(juesuan.load(path)).tables


def test_both_profiles_ship():
    assert available() == [
        "central-2024",
        "guangdong-2019",
        "jiangxi-2023",
        "shanghai-2024",
        "university-2023",
        "xian-2022",
    ]


def test_class_rows_per_region():
    assert len(get("jiangxi-2023").class_rows) == 26
    assert len(get("shanghai-2024").class_rows) == 24  # no 债务还本/付息


def test_every_profile_builds_balanced_summary_tables(built):
    t01 = built["01"]
    assert t01.row("income_grand_total", "收入").value("决算数") == Decimal(100000)
    assert t01.row("expenditure_grand_total", "支出").value("决算数") == Decimal(100000)
    assert t01.row("closing", "支出").value("决算数") == Decimal(10000)


def test_shanghai_three_public_is_one_row_of_budget_and_final_pairs(tmp_path: Path):
    path = tmp_path / "d.yaml"
    path.write_text(FIXTURE.format(profile="shanghai-2024"), encoding="utf-8")
    tables = juesuan.build_tables(juesuan.load(path)).tables
    assert [t.id for t in tables] == ["01", "02", "03", "04", "05", "06", "07", "08", "09"]
    (row,) = tables["07"].rows
    assert row.display("合计·预算数") == "3.00"
    assert row.display("合计·决算数") == "2.60"
    assert row.display("公务用车购置及运行维护费·决算数") == "1.50"
    assert row.display("公务接待费·决算数") == "0.30"


@pytest.mark.pdf
@pytest.mark.parametrize("profile", ["guangdong-2019", "university-2023"])
def test_a_layout_added_for_the_corpus_reads_back_as_itself(tmp_path: Path, profile: str) -> None:
    """The tables of a layout, printed to PDF, are recognised as that layout (not the nearest other with
    more tables) and read back cell for cell."""
    import weasyprint

    from juesuan.ingest import ingest
    from juesuan.pipeline import write_outputs

    path = tmp_path / "d.yaml"
    path.write_text(FIXTURE.format(profile=profile), encoding="utf-8")
    tables = juesuan.build_tables(juesuan.load(path)).tables
    (html,) = write_outputs(tables, tmp_path, ("html",))
    pdf = tmp_path / "tables.pdf"
    weasyprint.HTML(filename=str(html)).write_pdf(str(pdf))
    read = ingest(pdf)
    assert read.choice.profile.id == profile
    assert read.missing == [] and not read.garbled

    def cells(ts):  # type: ignore[no-untyped-def]
        return {(t.id, r.code or r.key or r.label, k): c.value for t in ts for r in t.rows for k, c in r.cells.items()
                if c.value}  # fmt: skip

    assert cells(read.tables) == cells(tables)
