"""Benchmark performance evaluations: read (validate → model), score, and the performance rules.

Input: a generated file of N evaluations, each a three-level tree (4 一级 × 5 二级 × 5 三级 = 100 leaves with
mixed scoring methods), in table-mode shape with the example's published tables. Each time is the median of a
few runs, printed as a ratio to a baseline measured in the same run on the same text (yaml.safe_load), so the
figures stay comparable on a noisy machine. A plain script, not a test: nothing is asserted.

    .venv/bin/python bench/bench_perf.py [--evaluations 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import yaml

from juesuan.check.checker import check
from juesuan.check.registry import RULES
from juesuan.load.evaluations import read_evaluations
from juesuan.load.tables import read_tables_data
from juesuan.perf.scoring import score_evaluation
from juesuan.yamlsrc import parse
from measure import median_time

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = ROOT / "examples/jdz-nanchang-2023/published.yaml"
LEAVES = (
    "{{name: 次数{n}, weight: 1, method: threshold, actual: {a}, target: {{direction: ≥, value: 20}}}}",
    "{{name: 比率{n}, weight: 1, method: deduction, actual: 10{a}, target: {{direction: ≤, value: 100}}}}",
    "{{name: 定性{n}, weight: 1, method: qualitative, band: 部分达成, target: {{direction: 定性}}}}",
    "{{name: 满意度{n}, key: satisfaction, weight: 1, method: satisfaction, actual: 91%}}",
    "{{name: 填报{n}, weight: 1, score: 0.8}}",
)


def generate(count: int) -> str:
    lines = ["evaluations:"]
    for e in range(count):
        lines += [f"  - id: e{e}", "    kind: 项目自评", f"    subject: 项目{e}", "    indicators:"]
        for i in range(4):
            lines += [f"      - name: 一级{i}", "        children:"]
            for j in range(5):
                lines += [f"          - name: 二级{i}.{j}", "            children:"]
                for k in range(5):
                    leaf = LEAVES[(i + j + k) % len(LEAVES)].format(n=f"{i}.{j}.{k}", a=(i * 7 + j * 3 + k) % 25)
                    lines.append(f"              - {leaf}")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--evaluations", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = PUBLISHED.read_text(encoding="utf-8").split("\nevaluations:")[0] + "\n" + generate(args.evaluations)
    root = parse(text)
    tables = read_tables_data(root, "bench")
    evaluations = read_evaluations(root, "bench")
    leaves = sum(len([i for i in e.all_indicators() if not i.children]) for e in evaluations)
    rules = {k: r for k, r in RULES.items() if r.category == "performance"}
    baseline = median_time(lambda: yaml.safe_load(text), args.repeat)
    stages = {
        "parse + read evaluations": lambda: read_evaluations(parse(text), "bench"),
        "score every evaluation": lambda: [score_evaluation(e, tables) for e in evaluations],
        "performance rules": lambda: check(tables, rules=rules, inputs={"evaluations": evaluations}),
    }
    print(f"{len(evaluations)} evaluations, {leaves} leaf indicators, {len(text) // 1024} KiB of YAML")
    print(f"baseline yaml.safe_load: {baseline * 1000:.1f} ms")
    for name, action in stages.items():
        seconds = median_time(action, args.repeat)
        print(f"{name:<28} {seconds * 1000:8.1f} ms  ×{seconds / baseline:5.2f} baseline")


if __name__ == "__main__":
    main()
