"""The reader checks itself (issue 11 §3): a table read in the pattern of a misreading is *uncertain*, its
rules are not run, and one ``ingest-uncertain`` finding names it; a report that gets one sum wrong still
has that error found. Each class of misreading is stated on a generated table."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml

from juesuan.check.checker import check
from juesuan.ingest.selfcheck import uncertain_tables
from juesuan.load.tables import load_tables
from juesuan.model.tables import TableSet

ROW_02 = {"本年收入合计": "10.00", "财政拨款收入": "8.00", "上级补助收入": None, "事业收入": "2.00", "经营收入": None,
          "附属单位上缴收入": None, "其他收入": None}  # fmt: skip


def _tables(tmp_path: Path, tables: list[dict]) -> TableSet:
    path = tmp_path / "t.yaml"
    data = {"profile": "jiangxi-2023", "tables": tables}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return load_tables(path)


def _tree(total: dict, rows: list[tuple[str, str, dict]]) -> dict:
    return {"id": "02", "rows": [{"label": "合计", "values": total}]
            + [{"label": label, "code": code, "values": values} for code, label, values in rows]}  # fmt: skip


def test_a_blank_total_over_non_zero_classes_is_uncertain(tmp_path: Path) -> None:
    """Class: the 合计 row read empty (an amount-only line dropped) under classes that are not."""
    blank = dict.fromkeys(ROW_02)
    tables = _tables(tmp_path, [_tree(blank, [("201", "一般公共服务支出", ROW_02), ("20101", "人大事务", ROW_02)])])
    assert uncertain_tables(tables) == {"02": "合计行「本年收入合计」栏为空，而各类合计 10.00 万元"}


def test_a_blank_parent_over_non_zero_children_is_uncertain(tmp_path: Path) -> None:
    """Class: a 类 row whose amounts went to another row (a wrapped name glued to the next row)."""
    blank = dict.fromkeys(ROW_02)
    tables = _tables(tmp_path, [_tree(ROW_02, [("201", "一般公共服务支出", blank), ("20101", "人大事务", ROW_02)])])
    reason = uncertain_tables(tables)["02"]
    assert reason.startswith("合计行") or reason.startswith("「201 一般公共服务支出」")


def test_a_blank_sum_row_of_a_fixed_table_is_uncertain(tmp_path: Path) -> None:
    """Class: 本年收入合计 of the summary read empty while the incomes it adds up are not."""
    rows = [{"label": "一、一般公共预算财政拨款收入", "line": 1, "side": "收入", "values": {"决算数": "5.00"}},
            {"label": "本年收入合计", "line": 27, "side": "收入", "values": {"决算数": None}}]  # fmt: skip
    tables = _tables(tmp_path, [{"id": "01", "rows": rows}])
    assert uncertain_tables(tables) == {"01": "「本年收入合计」「决算数」为空，而其各组成部分合计 5.00 万元"}


def test_amounts_shifted_one_column_are_uncertain(tmp_path: Path) -> None:
    """Class: every row's amounts read one column to the right (a header matched to the wrong column)."""
    shifted = {"本年收入合计": None, "财政拨款收入": "10.00", "上级补助收入": "8.00", "事业收入": None,
               "经营收入": "2.00", "附属单位上缴收入": None, "其他收入": None}  # fmt: skip
    rows = [(f"2010{n}", f"项{n}", shifted) for n in range(1, 5)]
    tables = _tables(tmp_path, [_tree(shifted, [("201", "一般公共服务支出", shifted), *rows])])
    assert (
        uncertain_tables(tables)["02"]
        == "「公开02表各栏关系」大面积不成立（6 处核对中 6 处不成立），像是数字读错了行或列"
    )


def test_one_wrong_sum_is_a_finding_not_a_misreading(tmp_path: Path) -> None:
    """A report that prints one wrong total is not read uncertainly: its error is reported."""
    wrong = {**ROW_02, "本年收入合计": "11.00"}
    rows = [("201", "一般公共服务支出", ROW_02), ("20101", "人大事务", ROW_02), ("2010101", "行政运行", wrong)]
    tables = _tables(tmp_path, [_tree(ROW_02, rows)])
    assert uncertain_tables(tables) == {}
    assert "t02-columns" in {f.rule for f in check(tables).findings}


def test_a_table_without_rows_is_uncertain_unless_noted_empty(tmp_path: Path) -> None:
    tables = _tables(
        tmp_path, [{"id": "07", "rows": []}, {"id": "08", "rows": [], "notes": ["本部门无此项数据，故本表为空表。"]}]
    )
    assert uncertain_tables(tables) == {"07": "找到了表名，但没有读出任何行"}


def test_lost_figures_make_the_table_uncertain(tmp_path: Path) -> None:
    tables = _tables(tmp_path, [_tree(ROW_02, [("201", "一般公共服务支出", ROW_02)])])
    garbled = {"02": ["第8页：公开02表「合计」「本年收入合计」处不是数字（2,946.252,940.05），按空白处理"]}
    assert uncertain_tables(tables, garbled=garbled)["02"].startswith("有印出的数字未能读入（第8页")


def test_withheld_tables_make_their_rules_not_run(tmp_path: Path) -> None:
    blank = dict.fromkeys(ROW_02)
    tables = _tables(tmp_path, [_tree(blank, [("201", "一般公共服务支出", ROW_02)])])
    report = check(replace(tables, withheld=(("02", "公开02表读取不确定，未核对"),)))
    assert not [f for f in report.findings if f.locations and f.locations[0].table == "02"]
    runs = {c.rule: c for c in report.coverage}
    assert runs["t02-columns"].status == "not-run" and runs["t02-columns"].reason == "公开02表读取不确定，未核对"
    # a rule over several tables runs on the others and says which it left out
    assert runs["tree-sum"].reason.endswith("公开02表读取不确定，未核对")
