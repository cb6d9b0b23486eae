"""A profile needs only templates: the nine-section 第三部分 of the central departments' reports (收入支出决算总体情况 …
其他重要事项), written as templates in tests/document/nine_sections/ over the same builders and tables, composes
with every figure re-derivable; a profile's section list naming an unknown builder is a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from narrative_cases import EMPTY_CLAUSE, REPORT, check_golden, compose, dataset, load_data, narrative_text, rederive

from juesuan.document import templating
from juesuan.document.blocks import Heading, Paragraph
from juesuan.errors import ProfileError

NINE = Path(__file__).parent / "nine_sections"


@pytest.fixture
def nine_sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The jiangxi-2023 templates with 第三部分 replaced by the nine central sections."""
    folder = tmp_path / "jiangxi-2023"
    shutil.copytree(templating.TEMPLATES / "jiangxi-2023", folder)
    data = yaml.safe_load((folder / "document.yaml").read_text(encoding="utf-8"))
    data.update(yaml.safe_load((NINE / "sections.yaml").read_text(encoding="utf-8")))
    (folder / "document.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for template in NINE.glob("*.j2"):
        shutil.copy(template, folder / template.name)
    monkeypatch.setattr(templating, "TEMPLATES", tmp_path)
    return folder


def test_nine_sections_from_templates_only(nine_sections: Path) -> None:
    accounts = load_data(dataset(REPORT))
    composed, tables = compose(accounts)
    text = narrative_text(composed.document)
    check_golden("nine_sections.txt", text)
    titles = [b.text for b in composed.document.blocks if isinstance(b, Heading) and b.level == 1]
    assert "一、收入支出决算总体情况说明" in titles and "九、其他重要事项的情况说明" in titles
    assert "本部门2023年度无政府性基金预算财政拨款支出。" in text
    # list_zero_parts: false leaves out the sources and natures that print 0.00
    assert "本年收入的具体构成：财政拨款收入202.07万元，占95.28%；事业收入10.00万元，占4.72%。" in text
    assert "经营支出" not in text
    glossary = [b.text for b in composed.document.blocks if isinstance(b, Paragraph) and "：指" in b.text]
    assert [t.split("：")[0] for t in glossary[:2]] == ["（一）财政拨款收入", "（二）事业收入"]
    assert not any("经营收入" in t for t in glossary)
    assert not EMPTY_CLAUSE.search(text)
    assert [p for f in composed.document.figures() if (p := rederive(f, tables, accounts))] == []
    # the 类 shares of 一般公共预算财政拨款支出 add up to 100.00
    shares = [f.value for f in composed.document.figures() if f.formula == "share" and f.cells[0].startswith("05:")]
    assert len(shares) == 2 and sum(shares) == 100


def test_unknown_builder_is_a_profile_error(nine_sections: Path) -> None:
    data = yaml.safe_load((nine_sections / "document.yaml").read_text(encoding="utf-8"))
    data["sections"][0]["id"] = "no_such_section"
    (nine_sections / "document.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProfileError, match="未知的章节「no_such_section」"):
        compose(load_data(dataset(REPORT)))
