"""A profile needs only templates: the central departments' 第三部分 (十一 sections, 收入支出决算总体情况 … 预算绩效),
shipped as templates/central-2024, composes over the Jiangxi tables and document data when its section list and
templates replace Jiangxi's — every figure re-derivable, nothing computed in the templates. A profile's section list
naming an unknown builder is a clear error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from narrative_cases import EMPTY_CLAUSE, REPORT, check_golden, compose, dataset, load_data, narrative_text, rederive

from juesuan.document import templating
from juesuan.errors import ProfileError
from juesuan.model.blocks import Heading, Paragraph

CENTRAL = templating.TEMPLATES / "central-2024"


@pytest.fixture
def central_sections(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The jiangxi-2023 document data with 第三部分 replaced by the shipped central-2024 sections and templates."""
    folder = tmp_path / "jiangxi-2023"
    shutil.copytree(templating.TEMPLATES / "jiangxi-2023", folder)
    data = yaml.safe_load((folder / "document.yaml").read_text(encoding="utf-8"))
    central = yaml.safe_load((CENTRAL / "document.yaml").read_text(encoding="utf-8"))
    data |= {key: central[key] for key in ("sections", "list_zero_parts", "basic_groups")}
    (folder / "document.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    for section in central["sections"]:
        shutil.copy(CENTRAL / section["template"], folder / section["template"])
    monkeypatch.setattr(templating, "TEMPLATES", tmp_path)
    return folder


def test_central_sections_from_templates_only(central_sections: Path) -> None:
    accounts = load_data(dataset(REPORT))
    composed, tables = compose(accounts)
    text = narrative_text(composed.document)
    check_golden("central_sections.txt", text)
    titles = [b.text for b in composed.document.blocks if isinstance(b, Heading) and b.level == 1]
    assert "一、收入支出决算总体情况说明" in titles and "十一、关于2023年度预算绩效情况说明" in titles
    # list_zero_parts: false leaves out the sources and natures that print 0.00
    assert "其中：财政拨款收入202.07万元，占95.28%；事业收入10.00万元，占4.72%。" in text
    assert "经营支出" not in text
    # the Jiangxi 三公 rows and statistics and table 10 serve the central wording as they are
    assert "国内公务接待12批次、96人次" in text and "共有车辆2辆，其中：主要负责人用车1辆、应急保障用车1辆；" in text
    glossary = [b.text for b in composed.document.blocks if isinstance(b, Paragraph) and "：指" in b.text]
    assert [t.split("：")[0] for t in glossary[:2]] == ["（一）财政拨款收入", "（二）事业收入"]
    assert not any("经营收入" in t for t in glossary)
    assert not EMPTY_CLAUSE.search(text)
    assert [p for f in composed.document.figures() if (p := rederive(f, tables, accounts))] == []
    # the 类 shares of 一般公共预算财政拨款支出 add up to 100.00
    shares = [f.value for f in composed.document.figures() if f.formula == "share" and f.cells[0].startswith("05:")]
    assert len(shares) == 2 and sum(shares) == 100


def test_unknown_builder_is_a_profile_error(central_sections: Path) -> None:
    data = yaml.safe_load((central_sections / "document.yaml").read_text(encoding="utf-8"))
    data["sections"][0]["id"] = "no_such_section"
    (central_sections / "document.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ProfileError, match="未知的章节「no_such_section」"):
        compose(load_data(dataset(REPORT)))
