"""The table findings of the real documents (the seed and the four corpus reports), pinned; each was
checked by hand against the printed page (notes below). Narrative rules (category narrative/text) are pinned in test_seed_audit.py; rounding
tails (info, within the 0.01-per-addend envelope) are pinned by count.

Regenerate the lists after a deliberate change by printing ``_table_findings(audit(path))``.
"""

from __future__ import annotations

from collections import Counter

import pytest
from audit_support import CENTRAL, SEED, SHANGHAI, UNIVERSITY, XIAN

import once
from juesuan.audit import AuditReport
from juesuan.check.registry import RULES

TABLE_CATEGORIES = {"within", "cross", "classification", "notes", "meta"}


def _table_findings(report: AuditReport) -> tuple[list[tuple[object, ...]], Counter[str]]:
    pinned, tails = [], Counter()
    for finding in report.report.findings:
        rule = RULES.get(finding.rule)
        if rule is not None and rule.category not in TABLE_CATEGORIES:
            continue
        loc = finding.locations[0] if finding.locations else None
        if loc is None or loc.table is None:
            continue  # a rounding tail of a stated figure (narrative)
        if finding.severity.value == "info":
            tails[f"{finding.rule} {loc.table}"] += 1
            continue
        pinned.append((finding.rule, finding.severity.value, loc.table, loc.row, loc.column, loc.page or loc.line))
    return pinned, tails


@pytest.fixture(scope="module")
def seed_report() -> AuditReport:
    return once.audited(SEED)


def test_seed_table_findings(seed_report):
    pinned, tails = _table_findings(seed_report)
    assert pinned == [
        # 科目名称 printed truncated (the text copy cut the cell): 20103 …事务, 2080505 …支出
        ("code-name", "warning", "02", "政府办公厅（室）及相关机构事", "本年收入合计", 118),
        ("code-name", "warning", "02", "机关事业单位基本养老保险缴费", "本年收入合计", 126),
        # 2010302 一般行政管理事务 carries 13.62 of 基本支出 (it is a project-only 项)
        ("admin-affairs-basic", "warning", "03", "一般行政管理事务", "基本支出", 157),
        ("code-name", "warning", "03", "机关事业单位基本养老保险缴费", "本年支出合计", 163),
        # 04 line 60 (printed 年初财政拨款结转和结余, really the 年末 balance) is 4.17 while its breakdown,
        # lines 61–63, is printed blank: 61+62+63 = 0 ≠ 4.17, in 小计 and in 一般公共预算财政拨款
        ("t04-expenditure-totals", "error", "04", "年初财政拨款结转和结余（支出）", "小计", 216),
        ("t04-expenditure-totals", "error", "04", "年初财政拨款结转和结余（支出）", "一般公共预算财政拨款", 216),
        # the same line 60 is printed 年初财政拨款结转和结余 where the layout has 年末财政拨款结转和结余
        ("row-label-line", "warning", "04", "年初财政拨款结转和结余（支出）", "小计", 216),
        # 项目支出 91.79 in 05 but 91.80 in 03 (合计, 201, 20103); 201 total 119.90 in 05 vs 119.91 in 03
        ("x6-t05-t03", "error", "05", "合计", "项目支出", 238),
        ("x6-t05-t03", "error", "05", "一般公共服务支出", "本年支出合计", 239),
        ("x6-t05-t03", "error", "05", "一般公共服务支出", "项目支出", 239),
        ("x6-t05-t03", "error", "05", "政府办公厅（室）及相关机构事务", "项目支出", 240),
        ("admin-affairs-basic", "warning", "05", "一般行政管理事务", "基本支出", 242),
        ("code-name", "warning", "05", "机关事业单位基本养老保险缴费支", "本年支出合计", 248),
        ("code-name", "warning", "06", "对民间非营利组织和群众", "金额", 304),
        # 06 social insurance vs the matching 项 of 05: 30108 3.59 vs 2080505 1.81, 30109 1.80 vs 2080506
        # 0.90, 30110 + 30111 = 1.77 vs 21011 1.10, 30113 3.93 vs 2210201 1.36 (as printed)
        ("x11-social-insurance", "warning", "06", "机关事业单位基本养老保险缴费", "金额", 279),
        ("x11-social-insurance", "warning", "06", "职业年金缴费", "金额", 280),
        ("x11-social-insurance", "warning", "06", "职工基本医疗保险缴费", "金额", 281),
        ("x11-social-insurance", "warning", "06", "住房公积金", "金额", 284),
    ]
    # 卫生健康 1.10 over 项 adding to 1.09, 项目支出 91.80 over 91.79, totals 0.01 off: rounding tails
    assert tails == Counter({"rounding-tail 05": 8, "rounding-tail 03": 6, "rounding-tail 02": 4,
                             "rounding-tail 01": 2, "rounding-tail 04": 2})  # fmt: skip


@pytest.mark.corpus
def test_central_pdf_table_findings():
    report = once.audited(CENTRAL)
    pinned, tails = _table_findings(report)
    # page 10: lines 61–63 of the expenditure side are printed without label or amount: the central layout
    # gives no breakdown of 年末财政拨款结转和结余 by fund there (the income side's 29–31 are its 年初
    # breakdown), so there is nothing to add up: no t04-expenditure-totals finding
    assert pinned == [
        # page 12: 30110 职工基本医疗保险缴费 and 30111 公务员医疗补助缴费 are blank while 05's 21011
        # 行政事业单位医疗 has 497.53 of 基本支出; the amount is printed under 30114 医疗费 instead
        ("x11-social-insurance", "warning", "06", "职工基本医疗保险缴费", "金额", 12),
    ]
    # sums off by 0.01 (e.g. 03 合计 14,572.53 vs 201+205+208+210+221 = 14,572.54): rounding tails
    assert tails == Counter({"rounding-tail 03": 6, "rounding-tail 05": 4, "rounding-tail 06": 3,
                             "rounding-tail 04": 2, "rounding-tail 01": 1})  # fmt: skip
    not_run = {r["rule"] for r in report.coverage()["rules_not_run"]}
    # the central 09 is one row of 预算数/决算数 pairs and there is no 公开10表: those rules cannot run
    assert {"t09-sums", "t10-vehicles", "x10-t09-t06"} <= not_run


@pytest.mark.corpus
def test_xian_pdf_table_findings():
    report = once.audited(XIAN)
    pinned, tails = _table_findings(report)
    # page 153: 年末结转和结余 (line 60) 78.55, lines 61–63 printed without label or amount: the layout gives
    # no breakdown there (as on the central report), so no t04-expenditure-totals finding
    assert pinned == [
        # page 157: 06 (一般公共预算 基本支出, all units) vs the 05 基本支出 of the matching 项:
        # 30108 7,510.91 vs 2080505 6,897.94; 30109 3,926.45 vs 2080506 3,535.94; 30110 + 30111 =
        # 1,421.35 + 164.20 = 1,585.55 vs 21011 822.74 (page 155, 基本支出 column); 30113 8,867.85 vs
        # 2210201 7,448.15 — the consolidated report books more social insurance under
        # the economic classification than under the matching functional 项 (as printed)
        ("x11-social-insurance", "warning", "06", "机关事业单位基本养老保险缴费", "金额", 157),
        ("x11-social-insurance", "warning", "06", "职业年金缴费", "金额", 157),
        ("x11-social-insurance", "warning", "06", "职工基本医疗保险缴费", "金额", 157),
        ("x11-social-insurance", "warning", "06", "住房公积金", "金额", 157),
    ]
    assert tails == Counter({"rounding-tail 02": 21, "rounding-tail 05": 18, "rounding-tail 03": 12,
                             "rounding-tail 04": 6, "rounding-tail 07": 4, "rounding-tail 01": 3,
                             "rounding-tail 06": 2})  # fmt: skip
    assert report.coverage()["scanned_pages"] == [8]


@pytest.mark.corpus
def test_shanghai_pdf_table_findings():
    """The Shanghai district report (表一…表九, Word export, cells centred one by one, two-sided 表一/表四
    without 行次): every table read with rows, one table finding, true."""
    report = once.audited(SHANGHAI)
    cov = report.coverage()
    assert cov["status"] == "audited" and cov["tables_uncertain"] == [] and cov["tables_missing"] == []
    assert {t["table"]: t["rows"] for t in cov["tables_found"]} == {
        "01": 42, "02": 20, "03": 20, "04": 38, "05": 20, "06": 66, "07": 1, "08": 1, "09": 1,
    }  # fmt: skip
    pinned, tails = _table_findings(report)
    assert pinned == [
        # page 6 prints 八、社会保障和就业支出 326.71 in 表一, page 10 prints 208 as 326.72 in 表三 (and
        # 表四 326.71): the same figure printed two ways (each table rounded on its own)
        ("x2-t01-t03-classes", "error", "01", "八、社会保障和就业支出（支出）", "决算数", 6),
    ]
    # e.g. 表二 201 一般公共服务支出 2,112.86 over its 款 20106 2,112.86 whose 项 add to 2,112.86 ± 0.01
    assert tails == Counter({"rounding-tail 02": 2, "rounding-tail 03": 2, "rounding-tail 05": 2,
                             "rounding-tail 06": 2})  # fmt: skip
    # 表八 and 表九 are printed empty with the note "…无政府性基金预算财政拨款支出，故本表无数据": no finding
    assert "empty-table-note" in cov["rules_run"]


@pytest.mark.corpus
def test_university_pdf_table_findings():
    """The university layout (four 高等学校 tables titled 表 N：…, no 第X部分 headings): read with the
    university-2023 profile, every table with rows, no table finding (sums within their rounding tails)."""
    report = once.audited(UNIVERSITY)
    cov = report.coverage()
    assert cov["profile"] == "university-2023" and cov["status"] == "audited"
    assert {t["table"]: t["rows"] for t in cov["tables_found"]} == {"01": 42, "02": 26, "03": 26, "04": 24}
    pinned, tails = _table_findings(report)
    assert pinned == []
    assert tails == Counter({"rounding-tail 03": 5, "rounding-tail 02": 2})
    assert report.report.summary["error"] == 0 and report.exit_code == 0
