"""The narrative and text findings of `juesuan audit` on the corpus reports, pinned; every one was judged by hand
against the printed page (pdftotext -layout, the page and line of the finding): a true defect of the report,
with the reason. The misreadings found on these reports before (figures bound to the wrong subject) are gone;
each class is covered in test_statements_binding.py and test_narrative_binding_checks.py.

Regenerate the lists after a deliberate change by printing ``_text_findings(audit(path))``, and judge every
new line against the page before pinning it.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import once
from juesuan.audit import AuditReport
from juesuan.ingest import read_document
from juesuan.statements import extract_statements
from shared_data import CORPUS

pytestmark = [pytest.mark.corpus, pytest.mark.pdf]

CENTRAL = CORPUS / "national-public-complaints-bureau-2024-final-accounts.pdf"
SHANGHAI = CORPUS / "shanghai-putuo-finance-bureau-2024-final-accounts.pdf"
XIAN = CORPUS / "xian-health-commission-2022-final-accounts-consolidated.pdf"
UNIVERSITY = CORPUS / "southwest-university-2023-final-accounts.pdf"


def _audit(path: Path) -> AuditReport:
    return once.audited(path)  # shared with the table findings' pins (tests/audit/test_pinned_findings.py)


def _text_findings(report: AuditReport) -> tuple[list[tuple[object, ...]], Counter[str]]:
    """(rule, severity, ((page, line), …)) of the findings about the text, and the 尾数 notes by rule."""
    pinned, tails = [], Counter[str]()
    for f in report.report.findings:
        if f.locations and f.locations[0].table is not None:
            continue  # a table finding (test_pinned_findings.py)
        if f.severity.value == "info":
            tails[re.match(r"尾数差异（([a-z0-9-]+)", f.message).group(1)] += 1  # type: ignore[union-attr]
            continue
        places = tuple(dict.fromkeys((loc.page, loc.line) for loc in f.locations if loc.table is None))
        pinned.append((f.rule, f.severity.value, places))
    return pinned, tails


def test_central_report() -> None:
    pinned, tails = _text_findings(_audit(CENTRAL))
    assert pinned == [
        # p17 一: "收、支总计 22066.59 万元，与 2023 年相比，收、支总计各增加 5834.37 万元，增长 35.74%": the
        # previous year is 22066.59 − 5834.37 = 16232.22 and 5834.37 ÷ 16232.22 = 35.94%, not 35.74% (the
        # financial total's "各增加 5551.7 万元，增长 36.58%" on p20 does add up): the text contradicts itself
        ("narrative-rate", "error", ((17, 4), (17, 3))),
    ]
    # "三公" 46.21 against its parts 4.69 + 40.61 + 0.9 = 46.20 (p24): rounding
    assert tails == Counter({"narrative-parts-sum": 1})


def test_shanghai_district_report() -> None:
    pinned, tails = _text_findings(_audit(SHANGHAI))
    assert pinned == [
        # p21 四: "财政拨款收入支出总计0.3万元" as printed; 表四's 总计 is 2961.68 (2940.05 + 21.63): a defect
        ("narrative-table", "error", ((21, 14),)),
        # p21 五(二): "一般公共服务支出（类）2106.66万元，占71.73%" of 2940.05 is 71.65% (the other three shares
        # recompute), and the four shares then add up to 100.07%: a defect (one wrong share)
        ("narrative-share", "warning", ((21, 25), (21, 24))),
        ("narrative-share-total", "warning", ((21, 25), (21, 26), (21, 27))),
        # p4 概况: "…会计制度和财务规则。（八）负责本区暂未划转…" — item (八) is printed run into (七)'s paragraph
        ("text-numbering", "warning", ((4, 28), (4, 33))),
    ]
    # 2940.05 against its 类 2106.66 + 326.72 + 60.99 + 445.69 = 2940.06; procurement 251.25 against
    # 4.79 + 0 + 246.47 = 251.26: rounding
    assert tails == Counter({"narrative-parts-sum": 2})


def test_xian_consolidated_report() -> None:
    pinned, _ = _text_findings(_audit(XIAN))
    assert pinned == [
        # p46 十三 54: "全年预算数21143.98万元，执行数21143.98万元，完成预算的35%": 100% (the 35% of item 53 above,
        # 663.6 ÷ 1896, copied): the text contradicts itself
        ("narrative-completion", "error", ((46, 14),)),
        # p115 and p117 (two columns), 绩效自评表 cells "持续提高患者对医疗服务的的满意度"; p142 "主管的的": typos
        ("text-doubled-word", "warning", ((115, 79),)),
        ("text-doubled-word", "warning", ((117, 71),)),
        ("text-doubled-word", "warning", ((117, 74),)),
        ("text-doubled-word", "warning", ((142, 2),)),
        # p11 四: "…与上年同期相比，增加144.81%，。"
        ("text-empty-clause", "warning", ((11, 3),)),
        # p46/p47 十三: items 56 and 57 carry the same title "西安急救中心疫情防控经费项目绩效自评综述" with
        # different figures (700 万元; 2685 万元)
        ("text-numbering", "warning", ((46, 23), (47, 4))),
    ]


def test_a_report_without_part_headings_has_its_narrative_read() -> None:
    """The university layout (no 第N部分; 三、决算报表说明 with one （N） per table): its 说明 is read, its tables
    skipped, and the figures of the 财政拨款 table's 说明 are that table's (财政拨款基本支出, not 03's)."""
    if not UNIVERSITY.exists():
        pytest.skip(f"{UNIVERSITY} is not available")
    document = read_document(UNIVERSITY)
    pages = [(page.number, 1, page.text) for page in document.pages if not page.scanned]
    statements = extract_statements(pages, path=str(UNIVERSITY))
    assert statements.year == 2023
    assert statements.parts == ("概况", "决算表", "情况说明", "名词解释")
    narrative = [s for s in statements.items if s.part == "情况说明"]
    assert len(narrative) == 66 and not [s for s in statements.items if s.part == "决算表"]
    by_value = {(str(s.value), s.aspect.value): s for s in narrative}
    assert (
        by_value[("243015.38", "value")].subject == "fiscal_income"
    )  # 财政拨款收入 243,015.38 万元，占收入总额 56.42%
    assert by_value[("56.42", "share")].denominator == "income_total"
    assert (
        by_value[("199015.13", "value")].subject == "fiscal_basic"
    )  # "财政拨款支出总计为 237,100.00 万元，其中基本支出…"
    assert by_value[("83.94", "share")].denominator == "fiscal_expenditure"
    assert by_value[("7970.38", "value")].subject == "func:2050202"  # "1.小学教育（2050202），2023 年度决算数为…"
    # the 12 项 of the 财政拨款 table, each with its growth rate
    assert sum(1 for s in narrative if (s.subject or "").startswith("func:") and len(s.subject) == 12) == 24
