"""Generate a large, consistent department dataset for benchmarks (deterministic for a given seed).

Every unit books income and spending on ``codes`` distinct 项 codes (taken from the shipped code table, 类 among
the profile's class rows; invented codes under known 款 only if the table has too few), from every source and
fund, with a ``basic_by_economic`` that sums exactly to the 一般公共预算 basic spending and opening balances that
keep every closing balance non-negative, so the build reports no errors.

    from gen import write
    write(Path("large.yaml"), units=20, codes=500)
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CENT = Decimal("0.01")
SOURCES = ["一般公共预算", "政府性基金", "国有资本经营", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入",
           "其他收入"]  # fmt: skip
FISCAL = {"一般公共预算": "一般公共预算", "政府性基金": "政府性基金", "国有资本经营": "国有资本经营"}
ECONOMIC = ["30101", "30102", "30103", "30107", "30108", "30109", "30110", "30113", "30199", "30201", "30205",
            "30206", "30211", "30213", "30216", "30228", "30229", "30231", "30239", "30299", "30302", "30305",
            "31002", "31007"]  # fmt: skip


def class_codes() -> set[str]:
    profile = yaml.safe_load((ROOT / "src/juesuan/profiles/jiangxi-2023.yaml").read_text(encoding="utf-8"))
    return {row["code"] for row in profile["class_rows"]}


def item_codes(count: int) -> list[str]:
    """``count`` distinct 项 codes: the code table's first, then invented ones under its 款."""
    classes = class_codes()
    with (ROOT / "src/juesuan/data/codes/func_class.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    known = list(dict.fromkeys(r["code"] for r in rows if r["level"] == "项" and r["code"][:3] in classes))
    codes = list(known)
    seen = set(codes)
    kuan = sorted({c[:5] for c in known})
    n = 0
    while len(codes) < count:  # reported as unknown codes (warnings), like real data with new codes
        code = f"{kuan[n % len(kuan)]}{60 + n // len(kuan):02d}"
        if code not in seen:
            codes.append(code)
            seen.add(code)
        n += 1
    return codes[:count]


def _amount(rng: random.Random, top: int) -> Decimal:
    return Decimal(rng.randrange(0, top * 100)) * CENT


def unit(rng: random.Random, name: str, items: list[str]) -> dict[str, Any]:
    income: list[dict[str, Any]] = []
    spending: list[dict[str, Any]] = []
    net: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    basic_total = Decimal(0)
    for code in items:
        source = rng.choices(SOURCES, weights=[70, 4, 2, 4, 10, 3, 2, 5])[0]
        fund = FISCAL.get(source, "非财政拨款")
        basic, project = _amount(rng, 500_000), _amount(rng, 900_000)
        saved = rng.choice([Decimal(0), _amount(rng, 10_000)])  # income not spent: the balance grows
        drawn = rng.choice([Decimal(0), _amount(rng, 10_000)])  # spent from the opening balance
        income.append({"code": code, "source": source, "amount": basic + project + saved})
        spending.append({"code": code, "nature": "基本支出", "fund": fund, "amount": basic})
        spending.append({"code": code, "nature": "项目支出", "fund": fund, "amount": project + drawn})
        net[(fund, code if fund == "政府性基金" else "")] += saved - drawn
        if fund == "一般公共预算":
            basic_total += basic
    opening = []
    for (fund, code), flow in sorted(net.items()):
        start = (-flow if flow < 0 else Decimal(0)) + _amount(rng, 50_000)
        opening.append({"fund": fund, "amount": start, **({"code": code} if code else {})})
    weights = [rng.randrange(1, 100) for _ in ECONOMIC]
    cents = int(basic_total / CENT)
    parts = [cents * w // sum(weights) for w in weights]
    parts[-1] += cents - sum(parts)
    return {
        "name": name,
        "kind": rng.choice(["行政单位", "事业单位", "参公事业单位"]),
        "staff": {"in_service": rng.randrange(10, 500), "retired": rng.randrange(0, 100)},
        "income": income,
        "expenditure": spending,
        "basic_by_economic": [{"code": c, "amount": Decimal(p) * CENT} for c, p in zip(ECONOMIC, parts, strict=True)],
        "opening_balance": opening,
        "three_public": {
            "initial_budget": {
                "abroad": _amount(rng, 50_000),
                "vehicle_operation": _amount(rng, 80_000),
                "reception": _amount(rng, 30_000),
            },
            "full_budget": {
                "abroad": _amount(rng, 50_000),
                "vehicle_operation": _amount(rng, 80_000),
                "reception": _amount(rng, 30_000),
            },
            "actual": {
                "abroad": _amount(rng, 50_000),
                "vehicle_operation": _amount(rng, 80_000),
                "reception_domestic": Decimal(20_000),
                "reception_foreign_affairs": _amount(rng, 20_000),
            },
            "stats": {"vehicles_held": rng.randrange(0, 10), "domestic_batches": rng.randrange(0, 50)},
        },
        "assets": {
            "vehicles": {"principal": rng.randrange(0, 3), "other": rng.randrange(0, 5)},
            "equipment_over_1m": rng.randrange(0, 4),
        },
    }


def department(units: int = 20, codes: int = 500, seed: int = 7) -> dict[str, Any]:
    """A department of ``units`` units, each booking on the same ``codes`` distinct 项 codes."""
    rng = random.Random(seed)
    items = item_codes(codes)
    return {
        "year": 2023,
        "department": "基准测试部门",
        "units": [unit(rng, f"单位{u + 1:02d}", items) for u in range(units)],
    }


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Writes Decimals as plain numbers (read back exactly by juesuan's loader)."""


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", f"{v:f}"))


def write(path: Path, units: int = 20, codes: int = 500, seed: int = 7) -> Path:
    data = department(units, codes, seed)
    path.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
