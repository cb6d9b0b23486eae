"""Error injection into generated reports: does `juesuan audit` find one injected error of each kind?

Documents: the example (its evaluations are the corrected ones, so that its scores are consistent) and ``--generated``
random departments (bench/gen.py, two units each, with last year's dataset and a reason for every change, so
that the narrative states comparisons). Each is built and composed the way ``juesuan build`` does and
written as report.html (the same rendered document as the DOCX and PDF, and quick to write and read).

Each clean report is audited first: its error and warning findings are the *false findings* (the target is
zero errors). Then one error at a time is injected into the HTML, in one of these kinds:

* ``table``      a printed amount in a table cell + 1.00
* ``amount``     a 万元 figure stated in a paragraph + 1.00
* ``percent``    a percentage stated in a paragraph + 1.00 pp
* ``direction``  a direction word flipped (增加 ↔ 减少, 增长 ↔ 下降)
* ``score``      a leaf indicator's score in an evaluation table + 1.00 (documents with evaluations)

An injection is *detected* when the audit of the changed file has an error or warning finding that the
clean audit did not have and that points at the injected place (a location on the line the injection
changed, in the audit's own line numbering); a new finding elsewhere only is counted as "elsewhere". Sites
per document and kind are sampled (``--per-kind``) with a fixed seed. A plain script: nothing is asserted.

    PYTHONPATH=src .venv/bin/python bench/bench_inject.py [--generated 5] [--per-kind 15]
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

import juesuan
from juesuan.audit import audit
from juesuan.document.compose import compose_document, evaluation_attachments, previous_tables
from juesuan.ingest import read_document
from juesuan.pipeline import write_outputs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import gen  # noqa: E402

EXAMPLE = ROOT / "examples/jdz-nanchang-2023"
KINDS = ("table", "amount", "percent", "direction", "score")
FLIP = {"增加": "减少", "减少": "增加", "增长": "下降", "下降": "增长"}
PARAGRAPH = re.compile(r"<p[^>]*>(.*?)</p>")
VALUE_CELL = re.compile(r'<td class="value">(-?[\d,]+\.\d\d)</td>')
# an indicator row of an evaluation table with a target or an actual (a leaf: parents carry neither)
LEAF_ROW = re.compile(
    r'<tr>(?:<td class="label">[^<]*</td>){3}<td class="label">([^<]*)</td><td class="label">([^<]*)</td>'
    r'<td class="value">[^<]*</td><td class="value">(\d+\.\d\d)</td>'
)


@dataclasses.dataclass(frozen=True)
class Site:
    kind: str
    start: int  # the span of the text to replace in the HTML
    end: int
    new: str
    line: int
    cell: tuple[str, str, str] | None = None  # (table, row, column) for table cells


def report_html(dataset: Path, out: Path) -> Path:
    accounts = juesuan.load(dataset)
    build = juesuan.build_tables(accounts)
    attachments = evaluation_attachments(accounts, build.tables)
    composed = compose_document(accounts, build, previous=previous_tables(accounts), attachments=attachments)
    (path,) = write_outputs(build.tables, out, (), document=composed.document, document_formats=("html",))
    return path


def complete(data: dict[str, Any], path: Path) -> Path:
    """Write ``data`` to ``path`` with every report item the composer asks for (its findings name the missing
    dataset field), so that nothing is left 【待补充】, and last year's closing balance equal to this year's
    opening one (independent random years would otherwise contradict each other, rightly reported)."""
    report: dict[str, Any] = data.setdefault("report", {})
    example = yaml.safe_load((EXAMPLE / "dataset.yaml").read_text(encoding="utf-8"))["report"]
    for _ in range(5):
        path.write_text(gen.yaml.dump(data, Dumper=gen._Dumper, allow_unicode=True), encoding="utf-8")
        accounts = juesuan.load(path)
        build = juesuan.build_tables(accounts)
        if "previous_dataset" in report and "closing" not in report.get("previous", {}):
            opening = next(r for r in build.tables["01"].rows if r.label == "年初结转和结余").cells["决算数"].value
            report.setdefault("previous", {})["closing"] = opening
            continue
        missing = compose_document(accounts, build, previous=previous_tables(accounts)).findings
        fields = [loc.field for f in missing for loc in f.locations if loc.field and loc.field.startswith("report.")]
        if not fields:
            return path
        for field in fields:
            key = field.removeprefix("report.")
            if key.startswith("reasons."):
                report.setdefault("reasons", {})[key.removeprefix("reasons.")] = "业务量变化"
            elif key.startswith("initial_budget.by_class."):
                budget = report.setdefault("initial_budget", {"by_class": {}})
                budget["by_class"][key.rsplit(".", 1)[1]] = 3_000_000 + 10_000 * len(budget["by_class"])
                budget["total"] = sum(budget["by_class"].values())
            elif key == "previous.operating_costs":
                report.setdefault("previous", {})["operating_costs"] = 0
            elif key in ("duties", "operating_costs", "procurement", "performance", "organization"):
                report[key] = example[key]
            elif key == "initial_budget":
                report.setdefault("initial_budget", {"by_class": {}})
    raise SystemExit(f"{path}: the composer still misses report items: {fields}")


def documents(tmp: Path, count: int) -> Iterator[tuple[str, Path]]:
    """The example (its evaluations corrected) and ``count`` generated two-unit departments with last year."""
    example = yaml.safe_load((EXAMPLE / "dataset.yaml").read_text(encoding="utf-8"))
    (tmp / "example").mkdir()
    path = complete(example, tmp / "example" / "dataset.yaml")
    yield "example", report_html(path, tmp / "example" / "out")  # the dataset's evaluations are the corrected ones
    for n in range(count):
        folder = tmp / f"gen{n}"
        folder.mkdir()
        last = gen.department(units=2, codes=12, seed=1000 + n)
        last["year"] = 2022
        (folder / "last.yaml").write_text(gen.yaml.dump(last, Dumper=gen._Dumper, allow_unicode=True), "utf-8")
        this = gen.department(units=2, codes=12, seed=n)
        this["report"] = {"previous_dataset": "last.yaml"}
        yield f"generated-{n}", report_html(complete(this, folder / "dataset.yaml"), folder / "out")


def sites(text: str) -> dict[str, list[Site]]:
    found: dict[str, list[Site]] = {k: [] for k in KINDS}

    def line(pos: int) -> int:
        return text.count("\n", 0, pos) + 1

    evaluation_start = text.find("<th>一级指标</th>")
    for m in VALUE_CELL.finditer(text, 0, evaluation_start if evaluation_start >= 0 else len(text)):
        value = Decimal(m.group(1).replace(",", "")) + 1
        found["table"].append(Site("table", m.start(1), m.end(1), f"{value:,.2f}", line(m.start())))
    for m in LEAF_ROW.finditer(text):
        if m.group(1) or m.group(2):
            new = f"{Decimal(m.group(3)) + 1:.2f}"
            found["score"].append(Site("score", m.start(3), m.end(3), new, line(m.start())))
    for p in PARAGRAPH.finditer(text):
        body, base = p.group(1), p.start(1)
        for m in re.finditer(r"(\d[\d,]*\.\d\d)(?=万元)", body):
            new = f"{Decimal(m.group(1).replace(',', '')) + 1:,.2f}"
            found["amount"].append(Site("amount", base + m.start(1), base + m.end(1), new, line(base)))
        for m in re.finditer(r"(\d+\.\d\d)(?=%)", body):
            new = f"{Decimal(m.group(1)) + 1:.2f}"
            found["percent"].append(Site("percent", base + m.start(1), base + m.end(1), new, line(base)))
        for m in re.finditer("|".join(FLIP), body):
            found["direction"].append(Site("direction", base + m.start(), base + m.end(), FLIP[m.group()], line(base)))
    return found


def keyed(report: Any) -> dict[tuple[object, ...], Any]:
    found = report.report.findings
    return {(f.rule, f.severity.value, f.message): f for f in found if f.severity.value in ("error", "warning")}


def line_texts(path: Path) -> dict[int, str]:
    """The document's lines as the audit numbers them (the HTML reader's own numbering)."""
    return {
        line.number: "\t".join(c.text for c in line.cells) for page in read_document(path).pages for line in page.lines
    }


def changed_lines(clean: dict[int, str], changed: Path) -> set[int]:
    after = line_texts(changed)
    return {n for n in clean.keys() | after.keys() if clean.get(n) != after.get(n)}


def points_at(finding: Any, lines: set[int]) -> bool:
    return any(loc.line in lines for loc in finding.locations)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generated", type=int, default=5, help="random departments besides the example")
    parser.add_argument("--per-kind", type=int, default=15, help="injections per kind and document (sampled)")
    args = parser.parse_args()
    rng = random.Random(11)
    detected, elsewhere, tried = Counter(), Counter(), Counter()
    missed: list[str] = []
    false_errors = false_warnings = 0
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        docs = list(documents(Path(tmp), args.generated))
        for name, html in docs:
            text = html.read_text(encoding="utf-8")
            clean = audit(html)
            clean_keys = keyed(clean)
            errors = [f for f in clean_keys.values() if f.severity.value == "error"]
            warnings = [f for f in clean_keys.values() if f.severity.value == "warning"]
            false_errors += len(errors)
            false_warnings += len(warnings)
            rules = Counter(f.rule for f in warnings)
            print(f"{name}: clean audit {len(errors)} errors, {len(warnings)} warnings {dict(rules)}")
            for f in errors:
                print(f"    error {f.rule}: {f.message[:100]}")
            clean_lines = line_texts(html)
            changed = html.with_name("changed.html")
            for kind, candidates in sites(text).items():
                picked = rng.sample(candidates, min(args.per_kind, len(candidates)))
                for site in picked:
                    changed.write_text(text[: site.start] + site.new + text[site.end :], encoding="utf-8")
                    new = [f for k, f in keyed(audit(changed)).items() if k not in clean_keys]
                    tried[kind] += 1
                    lines = changed_lines(clean_lines, changed)
                    if any(points_at(f, lines) for f in new):
                        detected[kind] += 1
                    elif new:
                        elsewhere[kind] += 1
                    else:
                        snippet = text[max(site.start - 30, 0) : site.end + 10].replace("\n", " ")
                        missed.append(f"{name} {kind} line {site.line}: …{snippet}… → {site.new}")
    seconds = time.perf_counter() - started
    total = sum(tried.values())
    print(f"\n{len(docs)} documents, {total} injections, {seconds:.0f} s")
    print(f"false errors on clean documents: {false_errors} ({false_errors / len(docs):.2f} per document); "
          f"warnings {false_warnings} (content rules on the data, listed per document above)")  # fmt: skip
    for kind in KINDS:
        n = tried[kind]
        if n:
            print(f"  {kind:<10} {n:>4} injected, detected at the place {detected[kind]:>4} "
                  f"({100 * detected[kind] / n:5.1f} %), only elsewhere {elsewhere[kind]}")  # fmt: skip
    print(f"  all        {total:>4} injected, detected {sum(detected.values())} "
          f"({100 * sum(detected.values()) / max(total, 1):.1f} %)")  # fmt: skip
    for item in missed[:25]:
        print(f"  missed: {item}")


if __name__ == "__main__":
    main()
