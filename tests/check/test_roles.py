"""Rules address tables by role (the Jiangxi 2023 table id), so a region that numbers its tables differently is
checked table by table as it should be: Shanghai's 07 is the 三公 table (role 09), its 08 政府性基金 (role 07)."""

from __future__ import annotations

from pathlib import Path

import juesuan
from juesuan.check.checker import check
from juesuan.derive.query import Tables

SHANGHAI = """
year: 2024
profile: shanghai-2024
department: 测试部门
units:
  - name: 测试单位
    income:
      - {code: "2010301", source: 一般公共预算, amount: 100000}
    expenditure:
      - {code: "2010301", nature: 基本支出, fund: 一般公共预算, amount: 90000}
    basic_by_economic:
      - {code: "30101", amount: 90000}
    three_public:
      actual: {abroad: 8000, vehicle_operation: 15000, reception_domestic: 3000}
"""


def shanghai_tables(tmp_path: Path) -> juesuan.TableSet:
    path = tmp_path / "sh.yaml"
    path.write_text(SHANGHAI, encoding="utf-8")
    return juesuan.build_tables(juesuan.load(path)).tables


def test_roles_come_from_the_profile(tmp_path: Path) -> None:
    view = Tables(shanghai_tables(tmp_path))
    assert {t.id: view.role_of(t) for t in view.tables} == {
        "01": "01", "02": "02", "03": "03", "04": "04", "05": "05", "06": "06", "07": "09", "08": "07", "09": "08",
    }  # fmt: skip
    assert view.table("09").title == "财政拨款“三公”经费支出决算表"


def test_a_shanghai_build_checks_clean_and_says_what_it_could_not_check(tmp_path: Path) -> None:
    report = check(shanghai_tables(tmp_path))
    assert report.summary == {"error": 0, "warning": 0, "info": 0}
    not_run = {c.rule: c.reason for c in report.coverage if c.status == "not-run"}
    # the 三公 rules look for Jiangxi's rows in Shanghai's one-row 三公 table (its 07), and say so
    assert not_run["t09-sums"] == "公开07表（shanghai-2024 版式）没有「一、“三公”经费支出」一行，该规则不适用"
    # the 政府性基金 rules read Shanghai's 08, whose columns differ from Jiangxi's 07
    assert not_run["t07-row-identity"] == "公开08表缺少「小计」列"
    assert not_run["t10-vehicles"] == "缺少公开10表"
    ran = {c.rule for c in report.coverage if c.status == "run"}
    assert {"t01-balance", "x1-t01-t02", "x5-t05-t06", "empty-table-note", "tree-sum"} <= ran


def test_an_empty_table_is_built_with_its_statement(tmp_path: Path) -> None:
    tables = shanghai_tables(tmp_path)
    assert tables["08"].notes[-1] == "本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。"
    assert not any("故本表无数据" in n for n in tables["01"].notes)
