"""Helpers for the composer tests: small datasets with a report section, the 第三部分 as plain text, and an
independent re-derivation of every stated figure from the printed table cells (the documented formulas of
docs/document.md)."""

from __future__ import annotations

import copy
import os
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from juesuan.derive.build import build_tables
from juesuan.document.compose import Composed, compose_document
from juesuan.model.accounts import Accounts
from juesuan.model.blocks import Document, Figure, Heading, Paragraph
from juesuan.model.tables import TableSet
from test_properties import load_dataset, to_json  # noqa: F401 - to_json re-exported to the tests

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jdz-nanchang-2023" / "dataset.yaml"
CENTRAL_EXAMPLE = ROOT / "examples" / "central-demo" / "dataset.yaml"
GOLDEN = Path(__file__).parent / "golden" / "narrative"
#: JUESUAN_UPDATE_GOLDEN=1 rewrites the golden files instead of comparing with them.
UPDATE = os.environ.get("JUESUAN_UPDATE_GOLDEN") == "1"
CENT = Decimal("0.01")
WAN = Decimal(10000)

#: A small unit: 行政运行, 一般行政管理事务 (基本 + 项目), 事业单位医疗; an opening balance; 三公 and 资产.
BASE: dict[str, Any] = {
    "year": 2023,
    "department": "测试部门",
    "units": [
        {
            "name": "测试单位",
            "kind": "行政单位",
            "staff": {"in_service": 12, "retired": 3, "authorized": 15},
            "income": [
                {"code": "2010301", "source": "一般公共预算", "amount": 1308000},
                {"code": "2010302", "source": "一般公共预算", "amount": 639300},
                {"code": "2101101", "source": "一般公共预算", "amount": 73400},
                {"code": "2010302", "source": "事业收入", "amount": 100000},
            ],
            "expenditure": [
                {"code": "2010301", "nature": "基本支出", "fund": "一般公共预算", "amount": 1308000},
                {"code": "2010302", "nature": "项目支出", "fund": "一般公共预算", "amount": 639300},
                {"code": "2101101", "nature": "基本支出", "fund": "一般公共预算", "amount": 73400},
                {"code": "2010302", "nature": "项目支出", "fund": "非财政拨款", "amount": 50000},
            ],
            "basic_by_economic": [
                {"code": "30101", "amount": 1000000},
                {"code": "30201", "amount": 300000},
                {"code": "30217", "amount": 8000},
                {"code": "30110", "amount": 73400},
            ],
            "opening_balance": [{"fund": "一般公共预算", "amount": 200000}],
            "three_public": {
                "initial_budget": {"abroad": 0, "vehicle_purchase": 0, "vehicle_operation": 30000, "reception": 10000},
                "full_budget": {"abroad": 0, "vehicle_purchase": 0, "vehicle_operation": 30000, "reception": 10000},
                "actual": {"abroad": 0, "vehicle_purchase": 0, "vehicle_operation": 25000, "reception_domestic": 8000},
                "stats": {"vehicles_held": 2, "domestic_batches": 12, "domestic_people": 96},
            },
            "assets": {"vehicles": {"principal": 1, "emergency": 1}, "equipment_over_1m": 0},
        }
    ],
}

#: Last year's figures that differ from this year's (so every change needs a reason).
PREVIOUS: dict[str, Any] = {
    "opening": 150000,
    "use_non_fiscal": 0,
    "income_total": 1900000,
    "expenditure_total": 2200000,
    "distribution": 0,
    "closing": 200000,
    "basic_by_class": {"301": 1050000, "302": 280000, "303": 0, "310": 0},
    "three_public": {"total": 40000, "abroad": 0, "vehicle": 30000, "vehicle_purchase": 0,
                     "vehicle_operation": 30000, "reception": 10000},
    "operating_costs": 290000,
}  # fmt: skip

REASONS = {
    "opening": "上年项目结转资金增加",
    "income_total": "人员经费增加",
    "expenditure_total": "项目支出减少",
    "closing": "项目资金结余增加",
    "budget.201": "年中追加项目经费",
    "basic.301": "人员调整",
    "basic.302": "办公费增加",
    "three_public": "厉行节约",
    "three_public.vehicle": "公务用车运行维护费减少",
    "three_public.vehicle_operation": "车辆维修减少",
    "three_public.vehicle_operation.budget": "厉行节约",
    "three_public.reception": "接待批次减少",
    "three_public.reception.budget": "接待批次减少",
    "three_public.budget": "厉行节约",
    "operating_costs": "办公费增加",
}

REPORT: dict[str, Any] = {
    "duties": "负责测试工作。",
    "organization": {"departments": ["办公室", "业务科"]},
    "previous": PREVIOUS,
    "initial_budget": {"by_class": {"201": 1800000, "210": 73400}},
    "operating_costs": {"amount": 308000},
    "procurement": {"goods": 52000, "works": 0, "services": 31000, "sme_goods": 52000, "sme_works": 0,
                    "sme_services": 10000, "small_micro": 40000},
    "performance": ["本部门对项目支出开展了绩效自评。"],
    "reasons": REASONS,
}  # fmt: skip


def dataset(report: dict[str, Any] | None = None, **unit_changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data["units"][0].update(copy.deepcopy(unit_changes))
    if report is not None:
        data["report"] = copy.deepcopy(report)
    return data


def load_data(data: dict[str, Any]) -> Accounts:
    return load_dataset(data)


def compose(accounts: Accounts, final: bool = False) -> tuple[Composed, TableSet]:
    build = build_tables(accounts)
    return compose_document(accounts, build, final=final), build.tables


def narrative_text(document: Document) -> str:
    """第三部分 as plain text: headings and paragraphs, one per line (placeholders show as printed)."""
    lines: list[str] = []
    inside = False
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 0:
            inside = "情况说明" in block.text
        if not inside:
            continue
        if isinstance(block, Heading):
            lines.append(("#" * (block.level + 1)) + " " + block.text)
        elif isinstance(block, Paragraph):
            lines.append(block.text)
    return "\n".join(lines) + "\n"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    expected = path.read_text(encoding="utf-8")
    assert text == expected, f"{name} differs; JUESUAN_UPDATE_GOLDEN=1 regenerates it after review"


# -- re-deriving figures -----------------------------------------------------------------------------------


def wan(yuan: Decimal) -> Decimal:
    return (yuan / WAN).quantize(CENT, rounding=ROUND_HALF_UP)


def _report_value(accounts: Accounts, path: str) -> Decimal:
    report = accounts.report
    if path == "initial_budget.total":
        assert report.initial_budget_total is not None
        return report.initial_budget_total
    if path.startswith("initial_budget.by_class."):
        return report.initial_budget_by_class[path.rsplit(".", 1)[1]]
    if path.startswith("procurement."):
        assert report.procurement is not None
        return Decimal(getattr(report.procurement, path.split(".", 1)[1]))
    if path == "operating_costs":
        assert report.operating_costs is not None
        return report.operating_costs
    if path == "organization.departments":
        return Decimal(len(report.departments))
    if path == "organization.actual":
        return Decimal(report.actual or 0)
    raise AssertionError(f"unknown report reference {path}")


def printed(ref: str, tables: TableSet, accounts: Accounts, kind: str = "amount") -> Decimal:
    """The printed value of a reference (万元 for amounts, the number for counts); "a+b" adds printed values."""
    if "+" in ref:
        return sum((printed(part, tables, accounts, kind) for part in ref.split("+")), Decimal(0))
    if ref.startswith("report:"):
        value = _report_value(accounts, ref[7:])
    elif ref.startswith("model:"):
        what = ref[6:]
        family, _, item = what.partition(".")
        if what == "units":
            value = Decimal(len(accounts.units))
        elif family == "staff":
            value = Decimal(sum(getattr(u.staff, item) or 0 for u in accounts.units))
        else:  # a count no table prints (central: 三公 statistics, assets), from the dataset's facts
            value = sum((f.amount for f in accounts.facts if f.family == family and f.item == item), Decimal(0))
    else:
        table_id, row_key, column = ref.split(":", 2)
        try:
            cell = tables[table_id].row(row_key).cells[column]
        except KeyError:
            cell = None
        value = Decimal(0) if cell is None or cell.value is None else cell.value
    return wan(value) if kind == "amount" and not ref.startswith("model:") else value


def rederive(figure: Figure, tables: TableSet, accounts: Accounts) -> str | None:
    """None if the figure follows from its cells by its formula, else a description of the mismatch."""
    shown = wan(figure.value) if figure.kind == "amount" else figure.value
    cells = figure.cells
    if figure.formula in (None, "input"):
        assert len(cells) == 1, figure
        expected = printed(cells[0], tables, accounts, figure.kind)
        if figure.kind == "count" and cells[0].startswith("model:"):
            expected = printed(cells[0], tables, accounts, "count")
    elif figure.formula == "sum":
        expected = sum((printed(c, tables, accounts) for c in cells), Decimal(0))
    elif figure.formula == "difference":
        assert figure.previous is not None
        expected = printed(cells[0], tables, accounts) - wan(figure.previous)
    elif figure.formula == "growth":
        assert figure.previous is not None and wan(figure.previous) != 0, figure
        before = wan(figure.previous)
        expected = ((printed(cells[0], tables, accounts) - before) / before * 100).quantize(CENT, ROUND_HALF_UP)
    elif figure.formula == "ratio":
        numerator, denominator = (printed(c, tables, accounts) for c in cells)
        assert denominator != 0, figure
        expected = (numerator / denominator * 100).quantize(CENT, ROUND_HALF_UP)
    elif figure.formula == "share":
        part = printed(cells[0], tables, accounts)
        whole = sum((printed(c, tables, accounts) for c in cells[1:]), Decimal(0))
        assert whole != 0, figure
        exact = part / whole * 100
        return None if abs(shown - exact) < CENT else f"share {shown} vs {exact:.4f} ({cells})"
    else:
        return f"unknown formula {figure.formula}"
    return None if shown == expected else f"{figure.formula}: stated {shown}, cells give {expected} ({cells})"


EMPTY_CLAUSE = re.compile(r"(原因[是为：:]?|其中：|包括：)[。；，、]|[，；：、][。；，]|。。|，，")
