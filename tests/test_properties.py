"""Property tests: random valid datasets → tables whose displayed figures satisfy every identity.

The datasets are generated from the code table (``data/codes/func_class.csv``, 项 codes whose 类 is one of the
profile's 26 class rows) with every source, nature and fund, amounts from 0 to 10^12 元 with 0–2 decimals, a
``basic_by_economic`` that sums exactly to the 一般公共预算 basic expenditure and opening balances large enough that
no closing balance is negative. The oracle (:mod:`identities`) is independent of juesuan's derive code.
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from juesuan.derive.build import Build, build_tables
from juesuan.findings import Severity
from juesuan.load.loader import load
from juesuan.model.accounts import Accounts
from juesuan.model.tables import Cell, Table, TableSet
from juesuan.model.vocab import STAT_SPENDING
from juesuan.render.json_out import tables_to_dict

try:  # tests/ is a plain directory (rootdir-relative import) unless someone makes it a package
    from identities import check_tables
except ImportError:  # pragma: no cover
    from tests.identities import check_tables

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
PROFILE = yaml.safe_load((ROOT / "src/juesuan/profiles/jiangxi-2023.yaml").read_text(encoding="utf-8"))
CLASSES = frozenset(row["code"] for row in PROFILE["class_rows"])


def _codes(filename: str) -> list[str]:
    with (ROOT / "src/juesuan/data/codes" / filename).open(encoding="utf-8") as f:
        return [row["code"] for row in csv.DictReader(f)]


#: 项 codes of the code table whose 类 has a row in the profile.
XIANG = sorted(c for c in _codes("func_class.csv") if len(c) == 7 and c[:3] in CLASSES)
#: 经济分类 款 codes of the classes that table 06 groups into 人员经费 / 公用经费.
ECONOMIC = sorted(
    c
    for c in _codes("econ_dept_class.csv")
    if len(c) == 5 and c[:3] in {"301", "302", "303", "307", "310", "312", "399"}
)

# Every accepted spelling of each id (the id itself and the printed names), so the aliases get exercised too.
SOURCES = {
    "general_budget": ["general_budget", "一般公共预算财政拨款收入", "一般公共预算"],
    "gov_fund": ["gov_fund", "政府性基金预算财政拨款收入"],
    "state_capital": ["state_capital", "国有资本经营预算财政拨款"],
    "superior_subsidy": ["superior_subsidy", "上级补助收入"],
    "business": ["business", "事业收入", "事业"],
    "operating": ["operating", "经营收入"],
    "affiliated": ["affiliated", "附属单位上缴收入"],
    "other": ["other", "其他收入"],
}
FUNDS = {
    "general_budget": ["general_budget", "一般公共预算财政拨款", "一般公共预算"],
    "gov_fund": ["gov_fund", "政府性基金预算财政拨款", "政府性基金"],
    "state_capital": ["state_capital", "国有资本经营预算财政拨款", "国有资本经营"],
    "non_fiscal": ["non_fiscal", "非财政拨款", "非财政"],
}
NATURES = {
    "basic": ["basic", "基本支出", "基本"],
    "project": ["project", "项目支出", "项目"],
    "remit_superior": ["remit_superior", "上缴上级支出"],
    "operating": ["operating", "经营支出"],
    "subsidy_affiliated": ["subsidy_affiliated", "对附属单位补助支出"],
}
FISCAL = ("general_budget", "gov_fund", "state_capital")
UNIT_KINDS = ["行政单位", "事业单位", "参公事业单位", "其他单位", "administrative"]

CENT = Decimal("0.01")
WAN = Decimal(10000)

#: 元 amounts from 0 to 10^12 with 0, 1 or 2 decimals, plus values on the 0.005 万元 rounding edge.
amounts = st.one_of(
    st.integers(0, 10**12).map(Decimal),
    st.integers(0, 10**13).map(lambda n: Decimal(n).scaleb(-1)),
    st.integers(0, 10**14).map(lambda n: Decimal(n).scaleb(-2)),
    st.sampled_from([Decimal(50), Decimal("49.99"), Decimal("50.01"), Decimal(150), Decimal(250), Decimal("0.01")]),
)
small_amounts = st.integers(0, 10**7).map(lambda n: Decimal(n).scaleb(-2))  # up to 10 万元: more rounding ties


def spelled(table: dict[str, list[str]], key: str) -> st.SearchStrategy[str]:
    return st.sampled_from(table[key])


@st.composite
def expenditure_lines(draw: st.DrawFn, pool: list[str]) -> tuple[str, str, str, Decimal]:
    fund = draw(st.sampled_from(sorted(FUNDS)))
    natures = ["basic", "project"] if fund in FISCAL else sorted(NATURES)
    return draw(st.sampled_from(pool)), draw(st.sampled_from(natures)), fund, draw(st.one_of(amounts, small_amounts))


@st.composite
def units(
    draw: st.DrawFn, name: str, pool: list[str], money: Callable[[Decimal], Decimal], give_closing: bool
) -> dict[str, Any]:
    income = draw(st.lists(st.tuples(st.sampled_from(pool), st.sampled_from(sorted(SOURCES)),
                                     st.one_of(amounts, small_amounts)), max_size=8))  # fmt: skip
    spending = draw(st.lists(expenditure_lines(pool), max_size=10))
    unit: dict[str, Any] = {"name": name, "kind": draw(st.sampled_from(UNIT_KINDS))}
    unit["staff"] = {"in_service": draw(st.integers(0, 500)), "retired": draw(st.integers(0, 50))}
    unit["income"] = [
        {"code": code, "source": draw(spelled(SOURCES, source)), "amount": money(amount)}
        for code, source, amount in income
    ]
    unit["expenditure"] = [
        {"code": code, "nature": draw(spelled(NATURES, nature)), "fund": draw(spelled(FUNDS, fund)),
         "amount": money(amount)}
        for code, nature, fund, amount in spending
    ]  # fmt: skip

    # 06: split the 一般公共预算 basic expenditure exactly over a few 经济分类 款
    basic = sum((a for _, nature, fund, a in spending if fund == "general_budget" and nature == "basic"), Decimal(0))
    cents = int(basic / CENT)
    k = draw(st.integers(1 if cents else 0, 6))
    codes = draw(st.lists(st.sampled_from(ECONOMIC), min_size=k, max_size=k, unique=True))
    weights = draw(st.lists(st.integers(0, 1000), min_size=k, max_size=k))
    if k and not sum(weights):
        weights[0] = 1
    parts = [cents * w // sum(weights) for w in weights] if k else []
    if parts:
        parts[-1] += cents - sum(parts)
    unit["basic_by_economic"] = [
        {"code": c, "amount": money(Decimal(p) * CENT)} for c, p in zip(codes, parts, strict=True)
    ]

    # balances: net flow per fund (and per 项 for 政府性基金); opening covers any deficit plus a margin
    use = draw(st.none() | small_amounts)
    distribution = draw(st.none() | small_amounts)
    net: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for code, source, amount in income:
        fund = source if source in FISCAL else "non_fiscal"
        net[(fund, code if fund == "gov_fund" else "")] += amount
    for code, _, fund, amount in spending:
        net[(fund, code if fund == "gov_fund" else "")] -= amount
    net[("non_fiscal", "")] += (use or 0) - (distribution or 0)
    opening, closing = [], []
    for (fund, code), flow in sorted(net.items()):
        margin = draw(st.sampled_from([Decimal(0), Decimal("0.01"), Decimal(49), Decimal(51)]) | amounts)
        start = max(-flow, Decimal(0)) + margin
        where = {"code": code} if code else {}
        if start or draw(st.booleans()):
            opening.append({"fund": draw(spelled(FUNDS, fund)), "amount": money(start), **where})
        if start + flow:
            closing.append({"fund": fund, "amount": money(start + flow), **where})
    unit["opening_balance"] = opening
    if give_closing:  # entered closing balances are checked against the derived ones (all units or none: see
        unit["closing_balance"] = closing  # test_closing_given_by_some_units_only)
    if use is not None:
        unit["use_of_non_fiscal_balance"] = money(use)
    if distribution is not None:
        unit["balance_distribution"] = money(distribution)
    if draw(st.booleans()):
        unit["three_public"] = draw(three_public(money))
    if draw(st.booleans()):
        vehicles = ("ministerial", "principal", "confidential", "emergency", "law_enforcement", "special_technical",
                    "retiree_service", "other")  # fmt: skip
        unit["assets"] = {
            "vehicles": {v: draw(st.integers(0, 30)) for v in vehicles if draw(st.booleans())},
            "equipment_over_1m": draw(st.integers(0, 30)),
        }
    return unit


@st.composite
def three_public(draw: st.DrawFn, money: Callable[[Decimal], Decimal]) -> dict[str, Any]:
    def items(names: tuple[str, ...]) -> dict[str, Decimal]:
        return {n: money(draw(small_amounts)) for n in names if draw(st.booleans())}

    budget = ("abroad", "vehicle_purchase", "vehicle_operation", "reception")
    actual = items(("abroad", "vehicle_purchase", "vehicle_operation", "reception_abroad"))
    domestic = draw(small_amounts)
    if draw(st.booleans()):
        actual["reception_domestic"] = money(domestic)
        if draw(st.booleans()):
            actual["reception_foreign_affairs"] = money(Decimal(draw(st.integers(0, int(domestic / CENT)))) * CENT)
    stats = ("abroad_groups", "abroad_people", "vehicles_purchased", "vehicles_held", "domestic_batches")
    return {
        "initial_budget": items(budget),
        "full_budget": items(budget),
        "actual": actual,
        "stats": {s: draw(st.integers(0, 100)) for s in stats if draw(st.booleans())},
    }


@st.composite
def datasets(draw: st.DrawFn, max_units: int = 4, max_codes: int = 20) -> dict[str, Any]:
    wan = draw(st.booleans())
    money: Callable[[Decimal], Decimal] = (lambda d: d / WAN) if wan else (lambda d: d)
    pool = draw(st.lists(st.sampled_from(XIANG), min_size=1, max_size=max_codes, unique=True))
    count = draw(st.integers(1, max_units))
    out: dict[str, Any] = {"year": 2023, "department": "测试部门"}
    if wan:
        out["amount_unit"] = "万元"
    give_closing = draw(st.booleans())
    out["units"] = [draw(units(f"单位{n + 1}", pool, money, give_closing)) for n in range(count)]
    return out


# -- helpers ----------------------------------------------------------------------------------------------


def to_json(value: Any) -> str:
    """JSON (a subset of YAML) with Decimals written as plain numbers, so the loader reads them exactly."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k), ensure_ascii=False)}: {to_json(v)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(to_json(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def load_dataset(data: dict[str, Any]) -> Accounts:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dataset.yaml"
        path.write_text(to_json(data) + "\n", encoding="utf-8")
        return load(path)


def errors_of(build: Build) -> list[str]:
    return [f"{f.rule}: {f.message}" for f in build.findings if f.severity is Severity.ERROR]


def row_key(row: Any) -> tuple[object, ...]:
    return (row.side, row.key or "", row.code or "", row.line, row.level or "")


#: JUESUAN_PROPERTY_EXAMPLES=2000 for a deeper local run; the default keeps the suite at a few seconds.
#: Under CI the search is derandomized, so a red CI is reproducible and never depends on luck; local runs
#: keep exploring new examples (and remember the failing ones in .hypothesis/).
SETTINGS = settings(
    max_examples=int(os.environ.get("JUESUAN_PROPERTY_EXAMPLES", "100")),
    derandomize=bool(os.environ.get("CI")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# -- the oracle itself ------------------------------------------------------------------------------------


def test_oracle_accepts_the_fixture_and_catches_a_changed_figure() -> None:
    accounts = load(FIXTURES / "mini.yaml")
    doc = tables_to_dict(build_tables(accounts, "adjusted").tables)
    assert check_tables(doc) == []
    t05 = next(t for t in doc["tables"] if t["id"] == "05")
    row = next(r for r in t05["rows"] if r.get("code") == "2010302")
    row["values"]["基本支出"] = "13.63"  # was 13.62
    found = check_tables(doc)
    assert any("05" in v and "20103" in v for v in found), found  # 款 ≠ Σ 项
    assert any("2010302" in v and "基本支出 + 项目支出" in v for v in found), found  # row ≠ its columns
    assert any(v.startswith("X6") for v in found), found  # 05 > 03
    # within the rounding envelope a 0.01 difference in a 2- or 3-term sum is tolerated, 05 > 03 never is
    enveloped = check_tables(doc, exact=False)
    assert enveloped and all(v.startswith("X6") for v in enveloped), enveloped


# -- properties -------------------------------------------------------------------------------------------


@SETTINGS
@given(datasets())
def test_identities_hold_on_displayed_figures(data: dict[str, Any]) -> None:
    accounts = load_dataset(data)
    adjusted = build_tables(accounts, "adjusted")
    independent = build_tables(accounts, "independent")
    assert errors_of(adjusted) == []
    assert errors_of(independent) == []
    violations = check_tables(tables_to_dict(adjusted.tables), exact=True)
    # X9 can fail by one 尾数 under adjusted (a known derive/ problem): test_closings_split_across_funds
    assert [v for v in violations if not v.startswith("X9 ")] == []
    assert check_tables(tables_to_dict(independent.tables), exact=False) == []


@SETTINGS
@given(datasets())
def test_department_is_the_sum_of_its_units_in_exact_yuan(data: dict[str, Any]) -> None:
    accounts = load_dataset(data)
    department = build_tables(accounts, "independent").tables
    per_unit = [build_tables(accounts.for_unit(name), "independent").tables for name in accounts.unit_names()]
    for unit_tables in per_unit:
        assert unit_tables.department in accounts.unit_names()
    spent = [{f.item for f in accounts.for_unit(name).facts if f.family == "three_public" and f.column == "actual"
              and f.amount} for name in accounts.unit_names()]  # fmt: skip
    problems = []
    for table in department:
        sums = _sum_of_units(table.id, per_unit)
        rows = {row_key(r): r for r in table.rows}
        for key in set(sums) - set(rows):
            problems.append(f"{table.id} {key}: in a unit's table but not in the department's")
        for key, row in rows.items():
            for header, cell in row.cells.items():
                if cell.na:
                    continue
                if table.id == "09" and row.kind == "count":
                    # a 三公 statistic that a unit which spent on what it counts leaves blank is unknown
                    given = [_cell(t, "09", key, header).value is not None for t in per_unit]
                    counted = set(STAT_SPENDING.get(row.key or "", ()))
                    unknown = any(not g and s & counted for s, g in zip(spent, given, strict=True))
                    if unknown:
                        if cell.value is not None:
                            problems.append(f"09 {row.label}: {cell.value} though a unit does not state it")
                        continue
                expected = sums.get(key, {}).get(header, Decimal(0))
                if (cell.value or Decimal(0)) != expected:
                    problems.append(f"{table.id} {row.label} {header}: {cell.value} ≠ Σ units {expected}")
    assert problems == []


def _cell(tables: TableSet, table_id: str, key: tuple[object, ...], header: str) -> Cell:
    row = next((r for r in tables[table_id].rows if row_key(r) == key), None)
    return row.cells.get(header, Cell()) if row is not None else Cell()


def _sum_of_units(table_id: str, per_unit: list[TableSet]) -> dict[tuple[object, ...], dict[str, Decimal]]:
    sums: dict[tuple[object, ...], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for tables in per_unit:
        table: Table = tables[table_id]
        for row in table.rows:
            for header, cell in row.cells.items():
                sums[row_key(row)][header] += cell.value or Decimal(0)
    return sums


#: The columns whose 类/款/项 cells are nodes of one rounding tree (income, expenditure): ``adjusted`` shows each
#: as the floor or the ceiling of its exact value. Other cells are sums of separately rounded atoms across a tree
#: (e.g. 03 基本支出 = Σ funds), for which no such bound holds: see test_column_cells_can_be_a_cent_off.
NODE_COLUMNS = {("02", "本年收入合计"), ("03", "本年支出合计")}


@SETTINGS
@given(datasets())
def test_adjusted_figures_are_within_a_cent_of_exact(data: dict[str, Any]) -> None:
    """Under ``adjusted`` every 类/款/项 figure of a rounding-tree node is within 0.01 万元 of its exact value."""
    accounts = load_dataset(data)
    shown = build_tables(accounts, "adjusted").tables
    exact = build_tables(accounts, "independent").tables
    problems = []
    for table in shown:
        exact_rows = {row_key(r): r for r in exact[table.id].rows}
        for row in table.rows:
            if row.level not in ("类", "款", "项"):
                continue
            for header in row.cells:
                text = row.display(header)
                if (table.id, header) not in NODE_COLUMNS or text is None:
                    continue
                value = exact_rows[row_key(row)].value(header) or Decimal(0)
                difference = abs(Decimal(text) - value / WAN)
                if difference >= CENT:
                    problems.append(f"{table.id} {row.code} 「{header}」 shows {text}, exact {value} 元 ({difference})")
    assert problems == []


@pytest.mark.parametrize("name", ["mini.yaml"])
def test_fixture_identities(name: str) -> None:
    accounts = load(FIXTURES / name)
    for rounding in ("adjusted", "independent"):
        build = build_tables(accounts, rounding)
        assert errors_of(build) == []
        assert check_tables(tables_to_dict(build.tables)) == []


# -- known problems in derive/ (strict xfail: a fix makes these pass and the marker must then go) -------------


def test_closing_given_by_some_units_only(tmp_path: Path) -> None:
    path = tmp_path / "partial.yaml"
    path.write_text(
        "year: 2023\ndepartment: 测试部门\nunits:\n"
        "  - name: 甲\n    income: [{code: '2010101', source: 其他收入, amount: 100}]\n"
        "  - name: 乙\n    income: [{code: '2010101', source: 其他收入, amount: 100}]\n"
        "    closing_balance: [{fund: 非财政拨款, amount: 100}]\n",
        encoding="utf-8",
    )
    accounts = load(path)
    for name in accounts.unit_names():  # each unit on its own is consistent
        assert errors_of(build_tables(accounts.for_unit(name))) == []
    assert errors_of(build_tables(accounts)) == []


@pytest.mark.xfail(strict=True, reason="derive/rounding.py promises every tree row within 0.01 万元 of exact, "
                   "but a derived 年末 = rounded 年初 + rounded 收入 − rounded 支出 can be off by up to 0.03")  # fmt: skip
def test_derived_closing_can_be_a_cent_off(tmp_path: Path) -> None:
    path = tmp_path / "closing.yaml"
    path.write_text(
        "year: 2023\ndepartment: 测试部门\nunits:\n  - name: 甲\n"
        "    income: [{code: '2120101', source: 政府性基金, amount: 50}]\n"
        "    expenditure: [{code: '2120101', nature: 项目支出, fund: 政府性基金, amount: 49}]\n"
        "    opening_balance: [{fund: 政府性基金, code: '2120101', amount: 50}]\n",
        encoding="utf-8",
    )
    tables = build_tables(load(path), "adjusted").tables
    row = tables["07"].row("2120101")
    assert row.display("年初结转和结余") == "0.01"  # exact 0.0050
    assert row.display("本年收入") == "0.01"  # exact 0.0050
    assert row.display("小计") == "0.00"  # exact 0.0049
    # exact 年末 is 51 元 = 0.0051 万元; the identity forces 0.01 + 0.01 − 0.00 = 0.02
    assert row.display("年末结转和结余") == "0.01"


@pytest.mark.xfail(strict=True, reason="derive/rounding.py allocates atoms (项 × fund × nature) along the 功能分类 "
                   "tree only; a column summed across funds (03 基本支出) can print 0.01 for an exact 0.02")  # fmt: skip
def test_column_cells_can_be_a_cent_off(tmp_path: Path) -> None:
    path = tmp_path / "columns.yaml"
    path.write_text(
        "year: 2023\ndepartment: 测试部门\nunits:\n  - name: 甲\n    income:\n"
        "      - {code: '2010101', source: 一般公共预算, amount: 150}\n"
        "      - {code: '2010101', source: 政府性基金, amount: 301}\n"
        "      - {code: '2010101', source: 事业收入, amount: 50}\n"
        "    expenditure:\n"
        "      - {code: '2010101', nature: 基本支出, fund: 一般公共预算, amount: 100}\n"
        "      - {code: '2010101', nature: 项目支出, fund: 一般公共预算, amount: 50}\n"
        "      - {code: '2010101', nature: 基本支出, fund: 政府性基金, amount: 50}\n"
        "      - {code: '2010101', nature: 项目支出, fund: 政府性基金, amount: 251}\n"
        "      - {code: '2010101', nature: 基本支出, fund: 非财政拨款, amount: 50}\n"
        "    basic_by_economic: [{code: '30101', amount: 100}]\n",
        encoding="utf-8",
    )
    tables = build_tables(load(path), "adjusted").tables
    # 基本支出 of 2010101 is exactly 200 元 = 0.02 万元 (100 + 50 + 50), 项目支出 301 元
    assert tables["03"].row("2010101").display("基本支出") == "0.02"  # prints 0.01


@pytest.mark.xfail(strict=True, reason="derive/: 年末 is derived per fund from 年初 and 支出 rounded on different "
                   "trees, so one fund can show +0.01 and another −0.01 for exact zeros; 04 年末 > 01 年末 (X9)")  # fmt: skip
def test_closings_split_across_funds(tmp_path: Path) -> None:
    path = tmp_path / "x9.yaml"
    path.write_text(
        "year: 2023\ndepartment: 测试部门\nunits:\n  - name: 甲\n    expenditure:\n"
        "      - {code: '2010101', nature: 基本支出, fund: 非财政拨款, amount: 150}\n"
        "      - {code: '2010101', nature: 基本支出, fund: 一般公共预算, amount: 150}\n"
        "    basic_by_economic: [{code: '30101', amount: 150}]\n"
        "    opening_balance:\n      - {fund: 一般公共预算, amount: 150}\n      - {fund: 非财政拨款, amount: 150}\n",
        encoding="utf-8",
    )
    build = build_tables(load(path), "adjusted")
    assert errors_of(build) == []  # every exact closing balance is 0
    assert build.tables["04"].row("closing", "支出").display("小计") == "0.00"  # prints 0.01
    assert check_tables(tables_to_dict(build.tables)) == []  # X9: 04 年末 0.01 > 01 年末 0.00
