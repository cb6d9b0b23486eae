"""Generate a large, consistent department dataset for benchmarks (deterministic)."""

from __future__ import annotations

import csv
import random
from decimal import Decimal
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CLASSES = {"201", "203", "204", "205", "206", "207", "208", "210", "211", "212", "213", "214", "215", "216",
           "217", "219", "220", "221", "222", "224", "229"}  # fmt: skip


def item_codes(count: int) -> list[str]:
    with (ROOT / "src/juesuan/data/codes/func_class.csv").open(encoding="utf-8") as fh:
        known = [r["code"] for r in csv.DictReader(fh) if r["level"] == "项" and r["code"][:3] in CLASSES]
    codes = list(dict.fromkeys(known))
    n = 1
    while len(codes) < count:  # invented codes under known 款 (reported as unknown, like real data)
        base = known[n % len(known)][:5]
        codes.append(f"{base}{60 + n % 39:02d}")
        codes = list(dict.fromkeys(codes))
        n += 1
    return codes[:count]


def department(units: int = 20, codes: int = 500, seed: int = 7) -> dict[str, object]:
    rng = random.Random(seed)
    items = item_codes(codes)
    out_units = []
    for u in range(units):
        income, spending, economic = [], [], []
        basic_total = Decimal(0)
        for code in rng.sample(items, k=max(1, len(items) // 2)) if units > 1 else items:
            basic = Decimal(rng.randrange(0, 5_000_000)) / 100
            project = Decimal(rng.randrange(0, 9_000_000)) / 100
            income.append({"code": code, "source": "一般公共预算", "amount": basic + project})
            spending.append({"code": code, "nature": "基本支出", "fund": "一般公共预算", "amount": basic})
            spending.append({"code": code, "nature": "项目支出", "fund": "一般公共预算", "amount": project})
            basic_total += basic
        econ_codes = ["30101", "30102", "30103", "30107", "30108", "30201", "30211", "30228"]
        share = (basic_total / len(econ_codes)).quantize(Decimal("0.01"))
        for code in econ_codes[:-1]:
            economic.append({"code": code, "amount": share})
        economic.append({"code": econ_codes[-1], "amount": basic_total - share * (len(econ_codes) - 1)})
        out_units.append({
            "name": f"单位{u + 1:02d}",
            "income": income,
            "expenditure": spending,
            "basic_by_economic": economic,
            "opening_balance": [{"fund": "一般公共预算", "amount": Decimal(rng.randrange(0, 10_000_000)) / 100}],
        })  # fmt: skip
    return {"year": 2023, "department": "基准测试部门", "units": out_units}


def write(path: Path, units: int = 20, codes: int = 500) -> Path:
    yaml.SafeDumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))
    path.write_text(yaml.safe_dump(department(units, codes), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
