"""A second year of a one-unit dataset, made from the first (tests of comparing years: pipeline, store)."""

from __future__ import annotations

import copy
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import yaml
from report_support import write_report

import juesuan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "jdz-nanchang-2023" / "dataset.yaml"
FACTOR = Decimal("0.6")


def _cents(value: object) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def second_year(data: dict[str, Any], income_shift: Decimal = Decimal(0)) -> dict[str, Any]:
    """The next year of a one-unit dataset: the same income, ``FACTOR`` of every expenditure (table 06 kept
    equal to the 基本支出), opening = this year's closing, and ``report.previous`` = this year's figures
    (``income_shift`` 元 added to last year's 本年收入合计, to inject a mismatch)."""
    out = copy.deepcopy(data)
    out["year"] = data["year"] + 1
    out.pop("evaluations", None)
    (unit,) = out["units"]
    opening = sum((_cents(b["amount"]) for b in unit["opening_balance"]), Decimal(0))
    income = sum((_cents(i["amount"]) for i in unit["income"]), Decimal(0))
    spent = sum((_cents(e["amount"]) for e in unit["expenditure"]), Decimal(0))
    unit["opening_balance"] = [{"fund": "一般公共预算", "amount": str(opening + income - spent)}]
    for item in unit["expenditure"]:
        item["amount"] = str(_cents(_cents(item["amount"]) * FACTOR))
    basic = sum(
        (Decimal(e["amount"]) for e in unit["expenditure"] if (e["nature"], e["fund"]) == ("基本支出", "一般公共预算")),
        Decimal(0),
    )
    lines = unit["basic_by_economic"]
    for line in lines:
        line["amount"] = _cents(_cents(line["amount"]) * FACTOR)
    largest = max(lines, key=lambda line: line["amount"])
    largest["amount"] += basic - sum((line["amount"] for line in lines), Decimal(0))
    for line in lines:
        line["amount"] = str(line["amount"])
    by_class: dict[str, Decimal] = {}
    for line in data["units"][0]["basic_by_economic"]:
        by_class[line["code"][:3]] = by_class.get(line["code"][:3], Decimal(0)) + _cents(line["amount"])
    previous = out["report"]["previous"]
    previous.update(opening=str(opening), income_total=str(income + income_shift), expenditure_total=str(spent),
                    closing=str(opening + income - spent), basic_by_class={k: str(v) for k, v in by_class.items()})  # fmt: skip
    return out


def write_years(folder: Path, income_shift: Decimal = Decimal(0)) -> tuple[Path, Path]:
    """The example (2023) and its second year (2024, with ``income_shift`` 元 injected into the 上年数) built
    into HTML reports under ``folder``: the two report files."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    out = []
    for year_data in (data, second_year(data, income_shift)):
        where = folder / str(year_data["year"])
        where.mkdir(parents=True)
        path = where / "dataset.yaml"
        path.write_text(yaml.safe_dump(year_data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        _, _, (report,) = write_report(juesuan.load(path), where / "out", ("html",))
        out.append(report)
    return out[0], out[1]
