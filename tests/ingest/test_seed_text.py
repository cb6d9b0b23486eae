"""The key acceptance test: the seed report's text parses into the ten tables of published.yaml, cell by
cell (values, blanks, "---", labels, codes, 行次, sides, groups), and every cell knows its line."""

from __future__ import annotations

from ingest_support import PUBLISHED, SEED, signature

from juesuan.load.tables import load_tables


def test_seed_text_parses_into_the_published_tables_cell_by_cell(seed):
    expected = signature(load_tables(PUBLISHED))
    got = signature(seed.tables)
    assert list(got) == list(expected)
    for table_id, table in expected.items():
        assert got[table_id]["title"] == table["title"], table_id
        assert len(got[table_id]["rows"]) == len(table["rows"]), table_id
        for got_row, want_row in zip(got[table_id]["rows"], table["rows"], strict=True):
            assert got_row == want_row, table_id


def test_seed_profile_is_chosen_by_title_with_a_reason(seed):
    assert seed.choice.profile.id == "jiangxi-2023"
    assert "10/10" in seed.choice.reason and "国有资产占用情况表" in seed.choice.reason
    assert seed.missing == []
    assert seed.tables.department == "景德镇陶瓷文化南昌服务中心" and seed.tables.year == 2023


def test_every_seed_cell_keeps_its_line(seed):
    t01 = seed.tables["01"]
    cell = t01.row("i1", "收入").cells["决算数"]
    (ref,) = cell.sources
    assert (ref.path, ref.line, ref.page, ref.table) == (str(SEED), 69, None, "01")
    lines = {ref.line for t in seed.tables for r in t.rows for c in r.cells.values() for ref in c.sources}
    assert None not in lines and min(lines) >= 60 and max(lines) <= 411


def test_seed_counts(seed):
    assert seed.cells == 669
    assert seed.filled_cells == 225
