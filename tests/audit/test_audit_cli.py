"""``juesuan audit`` / ``juesuan parse`` end to end: coverage in the JSON contract, parse → check reads the
same tables back, and every kind of bad file gives a Chinese message naming the file, exit code 2, no
traceback, and nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from audit_support import CENTRAL, SEED, encrypted_pdf, make_app, zip_bomb_xlsx
from typer.testing import CliRunner

from juesuan.ingest import guard, ingest
from juesuan.load.tables import load_tables

runner = CliRunner()


def _need(path: Path) -> None:
    if not path.exists():
        pytest.skip(f"{path} is not available")


def test_audit_json_coverage_of_the_seed():
    _need(SEED)
    result = runner.invoke(make_app(), ["audit", str(SEED), "--format", "json"])
    assert result.exit_code == 1, result.output  # the seed has error findings (see test_pinned_findings)
    data = json.loads(result.output)
    coverage = data["coverage"]
    assert set(coverage) == {"status", "status_reason", "document_kind", "document_kind_reason", "profile",
                             "tables_found", "tables_unread", "tables_uncertain", "tables_missing", "cells",
                             "rules_run", "rules_partial", "rules_not_run", "scanned_pages"}  # fmt: skip
    assert coverage["status"] == "audited" and coverage["status_reason"] == ""
    assert coverage["document_kind"] == "final_accounts"
    assert data["ingest"]["profile_reason"].startswith("找到该模板 10/10 张表的标题")
    assert data["ingest"]["kind"] == "text" and data["ingest"]["problems"] == []
    assert data["ingest"]["cells_filled"] == 225
    assert coverage["profile"] == "jiangxi-2023"
    assert [t["table"] for t in coverage["tables_found"]] == [f"{n:02d}" for n in range(1, 11)]
    assert coverage["tables_found"][0] == {"table": "01", "title": "收入支出决算总表", "pages": [], "rows": 42}
    assert coverage["tables_unread"] == [] and coverage["tables_uncertain"] == []
    assert coverage["tables_missing"] == [] and coverage["scanned_pages"] == []
    assert coverage["cells"] == 669
    assert all(set(r) == {"rule", "reason"} and r["reason"] for r in coverage["rules_not_run"])
    assert not set(coverage["rules_run"]) & {r["rule"] for r in coverage["rules_not_run"]}
    lines = {loc["line"] for f in data["findings"] for loc in f["locations"] if loc["table"]}
    assert None not in lines  # every table finding points at a line of the text


@pytest.mark.corpus
def test_audit_text_names_profile_tables_and_pages():
    _need(CENTRAL)
    result = runner.invoke(make_app(), ["audit", str(CENTRAL)])
    assert result.exit_code == 1
    out = result.output
    assert "模板：central-2024（找到该模板 9/9 张表的标题" in out
    assert "公开01表 第7页 42 行；公开02表 第8页 25 行" in out
    assert "未找到的表：无" in out
    assert "@ " in out and ":第10页" in out


def test_parse_writes_a_table_mode_file_that_check_reads_back(tmp_path):
    _need(SEED)
    out = tmp_path / "seed.yaml"
    result = runner.invoke(make_app(), ["parse", str(SEED), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"已写入 {out}：模板 jiangxi-2023" in result.output
    ing = ingest(SEED)
    back = load_tables(out)
    for mine, read in zip(ing.tables, back, strict=True):
        assert [(r.label, r.key, {k: (c.value, c.na) for k, c in r.cells.items()}) for r in mine.rows] == [
            (r.label, r.key, {k: (c.value, c.na) for k, c in r.cells.items()}) for r in read.rows
        ]
    checked = runner.invoke(make_app(), ["check", str(out), "--format", "json"])
    audited = runner.invoke(make_app(), ["audit", str(SEED), "--format", "json"])
    table_rules = {f["rule"] for f in json.loads(checked.output)["findings"]}
    assert table_rules <= {f["rule"] for f in json.loads(audited.output)["findings"]}


def _bad(tmp_path: Path, path: Path, *needles: str) -> None:
    out = tmp_path / "out.yaml"
    for command in (["audit", str(path)], ["parse", str(path), "-o", str(out)]):
        result = runner.invoke(make_app(), command)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert str(path) in result.output
        for needle in needles:
            assert needle in result.output
    assert not out.exists()


def test_empty_file(tmp_path):
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    _bad(tmp_path, path, "文件为空")


def test_missing_file(tmp_path):
    _bad(tmp_path, tmp_path / "nothing.pdf", "文件不存在")


def test_not_a_pdf(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_text("这不是 PDF", encoding="utf-8")
    _bad(tmp_path, path, "不是 PDF")


@pytest.mark.corpus
def test_truncated_pdf(tmp_path):
    _need(CENTRAL)
    path = tmp_path / "cut.pdf"
    path.write_bytes(CENTRAL.read_bytes()[:200_000])
    _bad(tmp_path, path, "不完整")


def test_encrypted_pdf(tmp_path):
    _bad(tmp_path, encrypted_pdf(tmp_path / "locked.pdf"), "已加密")


def test_zip_bomb_xlsx(tmp_path):
    _bad(tmp_path, zip_bomb_xlsx(tmp_path / "bomb.xlsx"), "压缩炸弹")


def test_truncated_xlsx(tmp_path):
    path = zip_bomb_xlsx(tmp_path / "whole.xlsx", megabytes=1)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(path.read_bytes()[:-200])
    _bad(tmp_path, cut, "损坏或不完整")


def test_huge_file_is_refused_before_reading(tmp_path, monkeypatch):
    _need(SEED)
    monkeypatch.setattr(guard, "MAX_BYTES", 10_000)
    _bad(tmp_path, SEED, "文件过大")


def test_binary_junk(tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(bytes(range(256)) * 4)
    _bad(tmp_path, path, "无法识别")


def test_encrypted_office_document(tmp_path):
    path = tmp_path / "locked.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4096)  # an OLE container: Office encryption
    _bad(tmp_path, path, "加密")
