"""Document blocks for the report composer: the 自评表 as a SimpleTable, 第三部分 九 with traced figures."""

from __future__ import annotations

from decimal import Decimal

from perfhelpers import EXAMPLE, as_published

import juesuan
from juesuan.document.blocks import Heading, Paragraph, SimpleTable
from juesuan.document.evaluations import evaluation_blocks, narrative_section


def _corrected():  # type: ignore[no-untyped-def]
    accounts = juesuan.load(EXAMPLE / "dataset.yaml")  # its evaluations are the corrected ones
    return accounts.evaluations, juesuan.build_tables(accounts).tables


def test_evaluation_blocks_are_the_table_and_its_result() -> None:
    evaluations, tables = _corrected()
    table, sentence = evaluation_blocks(evaluations[1], tables)
    assert isinstance(table, SimpleTable) and table.title == "部门整体支出绩效自评表"
    assert table.header[0][:3] == ("一级指标", "二级指标", "三级指标")
    assert table.body[-1][0] == "总分" and table.body[-1][-2] == "92.00"
    assert isinstance(sentence, Paragraph)
    assert sentence.text == "景德镇陶瓷文化南昌服务中心部门整体支出评价得分92.00分，评价等级为“优”。"


def test_narrative_section_states_traced_figures() -> None:
    evaluations, tables = _corrected()
    blocks = narrative_section(evaluations, tables)
    assert [b.text for b in blocks if isinstance(b, Heading)] == [
        "九、预算绩效情况说明", "（一）绩效管理工作开展情况。", "（二）部门决算中项目绩效自评情况。"]  # fmt: skip
    first = next(b for b in blocks if isinstance(b, Paragraph))
    assert first.text == (
        "根据预算绩效管理要求，我部门组织对纳入部门预算范围的二级项目1个全面开展绩效自评，共涉及资金91.79万元，"
        "占项目支出总额的100.00%。其中，项目评价结果为“优”。"
    )
    figures = [r.figure for r in first.runs if r.figure is not None]
    assert [(f.kind, f.value) for f in figures] == [("amount", Decimal("917900.00")), ("percent", Decimal("100.00"))]
    assert figures[1].cells == ("03:total:项目支出",)


def test_narrative_section_marks_what_is_missing() -> None:
    evaluations = as_published()  # the 部门评价 has no result
    blocks = narrative_section(evaluations, None)
    placeholders = [r.text for b in blocks if isinstance(b, Paragraph) for r in b.runs if r.mark == "placeholder"]
    assert "【待补充：占项目支出总额的比例】" in placeholders  # no tables given
    assert "【待补充：评价结果】" in placeholders and "【待补充：部门评价报告】" in placeholders
