"""What cannot be audited is never called clean: exit code 3 (not audited) with a Chinese reason, for a
budget (部门预算), a fully scanned PDF, a blank PDF and a text file that is not a report; coverage says
``status: not_audited`` and the document kind; no rule runs, so nothing counts as passed."""

from __future__ import annotations

import json
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from audit_support import make_app
from PIL import Image
from typer.testing import CliRunner

from juesuan.audit import audit
from shared_data import CORPUS

runner = CliRunner()
BUDGETS = sorted((CORPUS / "budgets").glob("*.pdf"))


def _audit_cli(path: Path) -> tuple[int, str, dict]:
    text = runner.invoke(make_app(), ["audit", str(path)])
    data = runner.invoke(make_app(), ["audit", str(path), "--format", "json"])
    assert "Traceback" not in text.output and data.exit_code == text.exit_code
    return text.exit_code, text.output, json.loads(data.output)


def _blank_pdf(path: Path) -> Path:
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    pdf.new_page(595, 842)
    pdf.save(str(path))
    return path


def _scanned_pdf(path: Path) -> Path:
    """Two pages that are images only (as a scanner writes them)."""
    pages = [Image.new("RGB", (827, 1169), (250, 250, 250)) for _ in range(2)]
    for n, page in enumerate(pages):
        page.paste((20, 20, 20), (100, 200 + 40 * n, 700, 230 + 40 * n))  # a dark bar, like a printed line
    pages[0].save(path, "PDF", resolution=100.0, save_all=True, append_images=pages[1:])
    return path


def test_a_fully_scanned_pdf_is_not_audited(tmp_path: Path) -> None:
    code, out, data = _audit_cli(_scanned_pdf(tmp_path / "scan.pdf"))
    assert code == 3
    assert "审核状态：未审核（全部 2 页都是扫描图像（没有文字层），暂不能识别（OCR 尚未支持））" in out
    cov = data["coverage"]
    assert cov["status"] == "not_audited" and cov["scanned_pages"] == [1, 2]
    assert data["findings"] == [] and cov["rules_run"] == []
    assert all(r["reason"].startswith("未审核：") for r in cov["rules_not_run"])


def test_a_blank_pdf_is_not_audited(tmp_path: Path) -> None:
    code, out, data = _audit_cli(_blank_pdf(tmp_path / "blank.pdf"))
    assert code == 3
    assert "审核状态：未审核（文件中没有可读的文字）" in out
    assert data["coverage"]["status"] == "not_audited" and data["coverage"]["scanned_pages"] == []


def test_a_text_that_is_not_a_report_is_not_audited(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n\n今天讨论了办公室搬迁和下月的培训安排。\n", encoding="utf-8")
    code, out, data = _audit_cli(path)
    assert code == 3
    assert data["coverage"]["document_kind"] == "other"
    assert "这不是部门决算报告" in out and "只审核部门决算公开报告" in out


@pytest.mark.corpus
@pytest.mark.parametrize("path", BUDGETS, ids=lambda p: p.stem)
def test_every_corpus_budget_is_named_a_budget_and_not_audited(path: Path) -> None:
    report = audit(path)
    cov = report.coverage()
    assert report.exit_code == 3
    assert cov["status"] == "not_audited"
    if "scanned" in path.stem:  # image-only notices: no text to tell their kind by
        assert cov["document_kind"] == "other" and "扫描图像" in cov["status_reason"]
    else:
        assert cov["document_kind"] == "budget", cov["document_kind_reason"]
        assert "部门预算的审核规则尚未提供" in cov["status_reason"]
    assert report.report.findings == ()


def test_corpus_budgets_are_present() -> None:
    """The parametrised test above must not pass by having nothing to run on."""
    if not CORPUS.exists():
        pytest.skip(f"{CORPUS} is not available")
    assert len(BUDGETS) == 26
