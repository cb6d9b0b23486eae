"""Document blocks for the report composer: the 自评表 as a SimpleTable, 第三部分 九 with traced figures."""

from __future__ import annotations

from decimal import Decimal

import pytest
from perfhelpers import EXAMPLE, as_published

import juesuan
from juesuan.document.evaluations import evaluation_blocks, narrative_section
from juesuan.load.evaluations import read_evaluations
from juesuan.model.blocks import Heading, Paragraph, SimpleTable
from juesuan.yamlsrc import parse


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


# -- what a document for publication may state -------------------------------------------------------------


def _one(text: str):  # type: ignore[no-untyped-def]
    [evaluation] = read_evaluations(parse(f"evaluations:\n  - {text}\n"), "<test>")
    return evaluation


def _marks(blocks) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.text for b in blocks if isinstance(b, Paragraph) for r in b.runs if r.mark == "placeholder"]


def test_a_grade_from_incomplete_weights_is_not_stated() -> None:
    """No stated total and 一级 分值 adding up to 60: the computed 60.00 would grade 中, only indicatively."""
    from juesuan.perf.scoring import score_evaluation
    from juesuan.perf.sheet import grade_line, published_grade, self_evaluation_table

    evaluation = _one("{id: p, kind: 项目自评, subject: 项目甲, grade: 优, indicators: "
                      "[{name: 产出指标, weight: 60, score: 60}, {name: 满意度指标, score: 9}]}")  # fmt: skip
    sheet = score_evaluation(evaluation)
    assert published_grade(sheet) is None
    assert "等级仅供参考" in grade_line(sheet)  # the reviewer's line keeps saying why
    assert self_evaluation_table(sheet).footer == ()
    table, sentence = evaluation_blocks(evaluation)
    assert isinstance(table, SimpleTable) and table.notes == () and table.unit == "单位：分"
    assert sentence.text == "项目甲项目自评得分69.00分，评价等级为“【待补充：评价等级】”。"  # type: ignore[union-attr]


def test_a_stated_total_grades_the_table() -> None:
    evaluation = _one("{id: p, kind: 项目自评, subject: 项目甲, score: 92, indicators: [{name: 产出指标, score: 92}]}")
    _, sentence = evaluation_blocks(evaluation)
    assert sentence.text == "项目甲项目自评得分92.00分，评价等级为“优”。"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("grade", "text"),
    [("grade: 良, ", "项目甲部门评价评价等级为“良”。"), ("", "项目甲部门评价：【待补充：部门评价结果】。")],
)
def test_an_evaluation_without_indicators_prints_no_empty_table(grade: str, text: str) -> None:
    evaluation = _one(f"{{id: d, kind: 部门评价, subject: 项目甲, {grade}amount: 10}}")
    [sentence] = evaluation_blocks(evaluation)
    assert isinstance(sentence, Paragraph) and sentence.text == text
    assert _marks([sentence]) == ([] if grade else ["【待补充：部门评价结果】"])
