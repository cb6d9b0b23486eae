"""Columns by the meaning of their header (issue 11): a printed column is matched to the profile's column by
its header path, never by nearness; what matches nothing is *unknown*, not a neighbour's."""

from __future__ import annotations

from juesuan.ingest.columns import Column, match_columns, role_of, segments_of
from juesuan.profiles.loader import get


def _columns(*paths: tuple[str, ...]) -> list[Column]:
    return [Column(i, path, None, role_of(path)) for i, path in enumerate(paths)]


def _specs(profile: str, table: str) -> list:
    return list(get(profile).table(table).columns)


def test_headers_merged_into_one_cell_match_no_column() -> None:
    """Class: adjacent narrow headers printed as one cell (财政拨款收入上级补助收入): the cell is an unknown
    column and the two profile columns stay unmatched — no value goes to the nearest column."""
    cols = _columns(("本年收入合计",), ("财政拨款收入上级补助收入",), ("事业收入",), ("经营收入",),
                    ("附属单位上缴收入",), ("其他收入",))  # fmt: skip
    matched, unknown = match_columns(_specs("jiangxi-2023", "02"), cols)
    assert [c.title for c in unknown] == ["财政拨款收入上级补助收入"]
    assert "财政拨款收入" not in matched and "上级补助收入" not in matched
    assert matched["事业收入"].index == 2 and matched["其他收入"].index == 5


def test_three_level_headers_match_by_leaf_and_group() -> None:
    """Class: multi-level 三公 header — 预算数 › 公务用车购置及运行维护费 › 小计 is the central layout's
    预算数·小计, and the same leaf names under 决算数 are the 决算数 columns."""
    groups = ("合计", "因公出国（境）费", "小计", "公务用车购置费", "公务用车运行维护费", "公务接待费")
    paths = []
    for top in ("预算数", "决算数"):
        for leaf in groups:
            middle = ("公务用车购置及运行维护费",) if leaf in ("小计", "公务用车购置费", "公务用车运行维护费") else ()
            paths.append((top, *middle, leaf))
    matched, unknown = match_columns(_specs("central-2024", "09"), _columns(*paths))
    assert unknown == []
    assert [matched[f"{top}·{leaf}"].index for top in ("预算数", "决算数") for leaf in groups] == list(range(12))


def test_a_total_column_under_a_group_prints_the_groups_total() -> None:
    """Shanghai's 三公: 财政拨款“三公”经费 › 公务用车购置及运行费 › 小计 › 预算数 is the profile's
    公务用车购置及运行维护费·预算数 (a 小计 stands for the group above it; similar names match)."""
    top = "财政拨款“三公”经费"
    cols = _columns((top, "合计", "预算数"), (top, "合计", "决算数"), (top, "公务用车购置及运行费", "小计", "预算数"),
                    (top, "公务用车购置及运行费", "公务用车购置费", "预算数"))  # fmt: skip
    matched, _ = match_columns(_specs("shanghai-2024", "07"), cols)
    assert matched["合计·预算数"].index == 0 and matched["合计·决算数"].index == 1
    assert matched["公务用车购置及运行维护费·预算数"].index == 2
    assert matched["公务用车购置费·预算数"].index == 3


def test_roles_and_segments_of_a_two_sided_header() -> None:
    """收入 › 项目 / 行次 / 金额 | 支出 › 项目 / 行次 / 金额: two segments, label, 行次 and one value each."""
    cols = _columns(("收入", "项目"), ("收入", "行次"), ("收入", "金额"), ("支出", "项目"), ("支出", "行次"),
                    ("支出", "金额"))  # fmt: skip
    segments = segments_of(cols)
    assert [s.name for s in segments] == ["收入", "支出"]
    assert [[c.role for c in s.columns] for s in segments] == [["label", "line", "value"]] * 2


def test_code_columns_by_their_header() -> None:
    """类 / 款 / 项 printed apart are code parts; 科目编码, 科目代码 and 经济分类 are code columns."""
    assert [role_of(p) for p in [("项目", "支出功能分类科目编码", "类"), ("科目代码",), ("经济分类",), ("科目名称",),
                                 ("项目（按功能分类）",), ("项目支出",)]] == [
        "code_part", "code", "code", "label", "label", "value"]  # fmt: skip
