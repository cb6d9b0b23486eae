"""The whole document of the example: parts in the seed's order, 概况 with the units table, the ten tables with
their empty-table notes, 名词解释 covering exactly what the report uses, the 附件 hook."""

from __future__ import annotations

from dataclasses import replace

import pytest
from narrative_cases import EXAMPLE, compose, dataset, load_data

from juesuan.derive.build import build_tables
from juesuan.document.compose import compose_document
from juesuan.document.templating import Templates
from juesuan.errors import ProfileError
from juesuan.load.evaluations import read_evaluations
from juesuan.load.loader import load, parse_file
from juesuan.model.blocks import Heading, PageBreak, Paragraph, SimpleTable, TableBlock, TableOfContents


@pytest.fixture(scope="module")
def document():
    composed, _ = compose(load(EXAMPLE))
    return composed.document


def test_parts_in_the_seeds_order(document) -> None:
    parts = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 0]
    assert parts == [
        "第一部分　景德镇陶瓷文化南昌服务中心概况",
        "第二部分　2023年度部门决算表",
        "第三部分　2023年度部门决算情况说明",
        "第四部分　名词解释",
        "第五部分　附件",
    ]
    assert document.title == "景德镇陶瓷文化南昌服务中心2023年度部门决算"
    assert isinstance(document.blocks[0], TableOfContents)
    assert document.blocks[1] == Paragraph.plain("注：本报告因金额单位转换原因可能存在尾数误差。", "note")
    assert document.footer == "注：本报告因金额单位转换原因可能存在尾数误差。"
    assert sum(isinstance(b, PageBreak) for b in document.blocks) == 5


def test_overview(document) -> None:
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    assert any(t.startswith("景德镇陶瓷文化南昌服务中心为市政府直属公益一类事业单位，正处级。") for t in texts)
    assert "本部门内设机构2个：综合科、对外联络科。核定编制9名。" in texts
    assert "纳入本套部门决算汇编范围的单位共1个，包括：" in texts
    units = next(b for b in document.blocks if isinstance(b, SimpleTable))
    assert units.header == (("序号", "单位名称", "预算级次"),)
    assert units.body == (("1", "景德镇陶瓷文化南昌服务中心", "一级"),)
    assert (
        "本部门年末在职人员2人，离退休人员0人（不含由养老保险基金发放养老金的离退休人员），其他人员0人。"
        "由养老保险基金发放养老金的离退休人员0人。"
    ) in texts


def test_tables_with_headings_and_empty_notes(document) -> None:
    blocks = list(document.blocks)
    tables = [b.table for b in blocks if isinstance(b, TableBlock)]
    assert [t.id for t in tables] == [f"{n:02d}" for n in range(1, 11)]
    for block in blocks:
        if isinstance(block, TableBlock):
            before = blocks[blocks.index(block) - 1]
            assert isinstance(before, Heading) and before.text.endswith(block.table.title)
    notes = [b.text for b in blocks if isinstance(b, Paragraph) and b.style == "note" and b.text.startswith("说明")]
    assert notes == [
        "说明：本部门（单位）无政府性基金预算财政拨款收入、支出，故本表为空表。",
        "说明：本部门（单位）无国有资本经营预算财政拨款支出，故本表为空表。",
        "说明：本部门（单位）无财政拨款“三公”经费支出，故本表为空表。",
    ]


def test_glossary_covers_exactly_what_the_report_uses(document) -> None:
    blocks = list(document.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "第四部分　名词解释")
    end = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "第五部分　附件")
    entries = [b.text.split("：", 1)[0].split("）", 1)[1] for b in blocks[start:end] if isinstance(b, Paragraph)]
    build = build_tables(load(EXAMPLE))
    printed = {row.label for t in ("02", "03", "05") for row in build.tables[t].rows if row.code}
    income = ["财政拨款收入", "事业收入", "经营收入", "上级补助收入", "附属单位上缴收入", "其他收入"]
    assert entries[:6] == income
    assert set(entries[6:-2]) == printed
    assert entries[-2:] == ["“三公”经费", "机关运行经费"]
    assert document.placeholders() == ("【待补充：原因】",)  # every used item has a definition


def test_attachments_hook() -> None:
    accounts = load(EXAMPLE)
    extra = (Heading("附件1 部门整体支出绩效评价报告", level=1), Paragraph.plain("评价正文。"))
    composed = compose_document(accounts, build_tables(accounts), attachments=extra)
    assert composed.document.blocks[-2:] == extra
    without = replace(accounts, evaluations=())
    plain, _ = compose(without)
    assert plain.document.blocks[-1] == Paragraph.plain("无。")


def test_attachments_default_to_the_evaluations(document) -> None:
    """Without an explicit attachment, 第五部分 carries each evaluation of the dataset as its 绩效自评表."""
    blocks = list(document.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "第五部分　附件")
    headings = [b.text for b in blocks[start + 1 :] if isinstance(b, Heading)]
    assert headings == [
        "附件一：景德镇国家陶瓷文化传承创新实验区项目对接政策支持工作经费项目自评",
        "附件二：景德镇陶瓷文化南昌服务中心部门整体支出评价",
    ]
    sheets = [b for b in blocks[start:] if isinstance(b, SimpleTable)]
    assert [s.title for s in sheets] == ["项目支出绩效自评表", "部门整体支出绩效自评表"]
    assert all(s.unit == "单位：分" and s.numeric_columns == (5, 6) and s.caption for s in sheets)
    texts = [b.text for b in blocks[start:] if isinstance(b, Paragraph)]
    assert "景德镇国家陶瓷文化传承创新实验区项目对接政策支持工作经费项目自评得分99.10分，评价等级为“优”。" in texts


def test_attachments_of_the_evaluations_as_published_state_only_what_a_reader_may_be_told() -> None:
    """The seed's evaluations as published: the 项目自评's grade would be computed from incomplete 分值 (满意度指标
    has none) and the 部门评价 gives no result. No reviewer note, no empty 评价表: 【待补充】 marks, recorded."""
    path = EXAMPLE.parent / "evaluations-as-published.yaml"
    accounts = replace(load(EXAMPLE), evaluations=read_evaluations(parse_file(path), str(path)))
    composed = compose_document(accounts, build_tables(accounts))
    blocks = list(composed.document.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "第五部分　附件")
    sheets = [b for b in blocks[start:] if isinstance(b, SimpleTable)]
    assert [s.title for s in sheets] == ["项目支出绩效自评表", "部门整体支出绩效自评表"]
    assert all(s.notes == () for s in sheets)  # no grade line with 等级仅供参考 / 所述等级 under the table
    texts = [b.text for b in blocks[start:] if isinstance(b, Paragraph)]
    assert texts == [
        "景德镇国家陶瓷文化传承创新实验区项目对接政策支持工作经费项目自评得分69.55分，评价等级为“【待补充：评价等级】”。",
        "景德镇国家陶瓷文化传承创新实验区项目对接政策支持工作经费部门评价：【待补充：部门评价结果】。",
        "景德镇陶瓷文化南昌服务中心部门整体支出评价得分97.00分，评价等级为“优”。",
    ]
    fields = [m.locations[0].field for m in composed.missing]
    assert fields == [
        "report.reasons.opening",
        "evaluations（id: project-self）",
        "evaluations（id: project-department）",
    ]


def test_glossary_definitions_for_uncommon_and_unknown_codes() -> None:
    """A named code without a shipped entry gets the classification's general wording; a code missing from the
    code table (printed （未知科目）) gets a 【待补充】 mark."""
    data = dataset()
    data["units"][0]["income"] += [
        {"code": "2129999", "source": "其他收入", "amount": 100},
        {"code": "2129998", "source": "其他收入", "amount": 100},
    ]
    data["names"] = {"2129999": "某种测试支出"}
    composed, _ = compose(load_data(data))
    texts = [b.text for b in composed.document.blocks if isinstance(b, Paragraph)]
    assert any(t.endswith("）某种测试支出：反映某种测试支出。") for t in texts)
    fields = {m.locations[0].field for m in composed.missing}
    assert "report.glossary.2129998" in fields
    assert not {"report.glossary.2129999", "report.glossary.212"} & fields


def test_glossary_entries_with_the_same_name_are_told_apart() -> None:
    """行政运行 under 人大事务 and under 政府办公厅…: each entry is qualified by its 款, never printed twice
    (the audit's text-numbering rule reports a repeated title); so are 款 20503 职业教育 and 项 2059803 职业教育."""
    data = dataset()
    data["units"][0]["income"] += [
        {"code": code, "source": "其他收入", "amount": 100} for code in ("2010101", "2050302", "2059803")
    ]
    composed, _ = compose(load_data(data))
    texts = [b.text for b in composed.document.blocks if isinstance(b, Paragraph)]
    titles = [t.split("：")[0].split("）", 1)[1] for t in texts if t.startswith("（") and "：" in t and "运行" in t]
    assert "行政运行（人大事务）" in titles
    assert "行政运行（政府办公厅（室）及相关机构事务）" in titles
    assert "行政运行" not in titles
    education = [
        t.split("：")[0].split("）", 1)[1] for t in texts if t.split("：")[0].split("）", 1)[-1].startswith("职业教育")
    ]
    assert education == ["职业教育（教育支出）", "职业教育（超长期特别国债安排的支出）"]


def test_glossary_groups_numbered_in_sequence_when_one_is_empty() -> None:
    """No 功能分类 row printed: 一、收入科目 is followed by 二、相关专业名词, not 三、."""
    from juesuan.document.glossary import glossary_blocks
    from juesuan.document.wording import Writer

    _, tables = compose(load(EXAMPLE))
    groups = {"income": "一、收入科目", "functional": "二、支出科目", "terms": "三、相关专业名词"}
    blocks = glossary_blocks(tables, income_labels=["财政拨款收入"], terms=["机关运行经费"], tree_tables=[],
                             groups=groups, overrides={}, writer=Writer())  # fmt: skip
    assert [b.text for b in blocks if isinstance(b, Heading)] == ["一、收入科目", "二、相关专业名词"]


def test_profile_without_document_templates() -> None:
    with pytest.raises(ProfileError, match="模板「shanghai-2024」没有决算报告（文字部分）的模板"):
        Templates.load("shanghai-2024")


def test_unused_reason_is_reported() -> None:
    """A reason the report never asks for (a class that does not appear, a typo'd item) is an info finding."""
    from narrative_cases import REPORT

    report = {**REPORT, "reasons": {**REPORT["reasons"], "basic.399": "无", "budget.205": "无"}}
    composed, _ = compose(load_data(dataset(report)))
    unused = [f.locations[0].field for f in composed.findings if f.rule == "document-unused-reason"]
    assert unused == ["report.reasons.basic.399", "report.reasons.budget.205"]
    example, _ = compose(load(EXAMPLE))
    assert not [f for f in example.findings if f.rule == "document-unused-reason"]


def test_performance_section_composed_from_the_evaluations_when_the_dataset_gives_no_text() -> None:
    """九、预算绩效情况说明 without ``report.performance``: the sentences come from the evaluations (counts,
    amounts, the share of 项目支出, scores and grades as juesuan computes them), the tables stay in 附件."""

    accounts = load(EXAMPLE)  # its evaluations are the corrected ones
    assert accounts.evaluations
    accounts = replace(accounts, report=replace(accounts.report, performance=()))
    composed, _ = compose(accounts)
    blocks = composed.document.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == "九、预算绩效情况说明")
    end = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 0 and i > start)
    section = blocks[start + 1 : end]
    texts = [b.text for b in section if isinstance(b, Paragraph)]
    assert texts[0] == "（一）绩效管理工作开展情况。"
    assert any("二级项目1个全面开展绩效自评" in t and "占项目支出总额的" in t for t in texts)
    assert any(t.startswith("组织开展部门整体支出绩效评价") and "评价结果为“优”" in t for t in texts)
    assert not any(isinstance(b, SimpleTable) for b in section)  # the 自评表 are in 第五部分
    assert not any("【待补充" in t for t in texts), texts
    assert "report.performance" not in {m.locations[0].field for m in composed.missing}
