"""The web app in a real browser: Debian's chromium driven by Playwright for Python, against ``juesuan serve``
started by the test on a free port (a real uvicorn server over a temporary store).

Upload a corpus PDF through the page's file input (its script sends it as the drop zone does), wait for the
findings, open a finding's page picture, dismiss a finding with a note (kept across a reload), download the
findings as XLSX and read it back, and visit the unit and build pages. Screenshots of each page are saved (to
``$JUESUAN_SCREENSHOTS`` when set, else the test's temporary folder). Without chromium or Playwright the test
is skipped saying so; under CI (``CI`` set) that is a failure, since CI installs both.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook
from web_support import BUREAU, ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
pytestmark = [pytest.mark.browser, pytest.mark.corpus, pytest.mark.pdf]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``juesuan serve`` on a free port of 127.0.0.1; its base URL once it answers."""
    folder = tmp_path_factory.mktemp("serve")
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "juesuan", "serve", "--port", str(port), "--store", str(folder / "审核.sqlite"),
               "--data", str(folder / "data"), "--jobs", "1"]  # fmt: skip
    log = (folder / "server.log").open("w")
    process = subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"juesuan serve did not start: {(folder / 'server.log').read_text(encoding='utf-8')}")
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
    assert "juesuan 网页界面：http://127.0.0.1:" in (folder / "server.log").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed (scripts/setup-system.sh installs Debian's chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[dev]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("JUESUAN_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_review_a_corpus_report_in_the_browser(server: str, browser: object, shots: Path, tmp_path: Path) -> None:
    if not BUREAU.exists():
        pytest.skip(f"{BUREAU} is not available")
    from playwright.sync_api import Browser, expect

    assert isinstance(browser, Browser)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    refused: list[str] = []  # what the Content-Security-Policy blocked, and script errors
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: refused.append(str(e)))
    page.goto(server + "/")
    expect(page.locator("h1")).to_have_text("审核部门决算报告")
    page.screenshot(path=str(shots / "1-首页.png"), full_page=True)

    page.set_input_files("#files", str(BUREAU))  # the page's script uploads it, as for a dropped file
    link = page.locator("#upload-messages li.ok a")
    expect(link).to_have_text(BUREAU.name, timeout=30_000)
    expect(page.locator("#recent tbody tr").first).to_contain_text(BUREAU.name)
    page.screenshot(path=str(shots / "1b-上传后.png"), full_page=True)
    link.click()
    expect(page.locator("#findings h2")).to_contain_text("问题", timeout=120_000)  # reloaded when audited
    expect(page.locator(".summary")).to_contain_text("国家信访局")
    page.screenshot(path=str(shots / "2-审核结果.png"), full_page=False)

    finding = page.locator("article.finding", has=page.locator("code", has_text="x11-social-insurance")).first
    finding.locator("button.show-page").click()
    pictures = finding.locator("img.page-picture")
    expect(pictures).to_have_count(2, timeout=20_000)
    pictures.first.scroll_into_view_if_needed()
    page.wait_for_function("img => img.complete && img.naturalWidth > 800", arg=pictures.first.element_handle())
    finding.screenshot(path=str(shots / "3-问题页面图片.png"))

    finding.locator('input[name="note"]').fill("已与单位核实：缴费口径不同，不是错误")
    finding.locator("button.dismiss").click()
    dismissed = page.locator("article.finding.verdict-dismissed")
    expect(dismissed).to_have_count(1)
    expect(dismissed.locator(".verdict")).to_have_text("已排除")
    page.reload()
    expect(page.locator("article.finding.verdict-dismissed .review-note")).to_contain_text("缴费口径不同")

    page.select_option('select[name="severity"]', "error")
    expect(page.locator("#findings h2")).to_contain_text("问题（1 /")
    page.screenshot(path=str(shots / "4-筛选错误.png"), full_page=False)

    with page.expect_download() as download:
        page.click("#download-xlsx")
    saved = tmp_path / "问题.xlsx"
    download.value.save_as(saved)
    assert download.value.suggested_filename.endswith("-审核问题.xlsx")
    rows = CalamineWorkbook.from_path(str(saved)).get_sheet_by_name("发现").to_python()
    header = rows[0]
    reviewed = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    (row,) = [r for r in reviewed if r["复核"] == "已排除"]
    assert row["规则"] == "x11-social-insurance" and "缴费口径不同" in row["复核说明"]
    assert len(reviewed) == 19

    page.click(".summary a[href^='/units/']")
    expect(page.locator("h1")).to_have_text("国家信访局")
    expect(page.locator("figure.chart svg")).to_have_count(2)
    page.screenshot(path=str(shots / "5-单位.png"), full_page=True)
    page.goto(server + "/build")
    page.screenshot(path=str(shots / "6-生成报告.png"), full_page=True)
    assert refused == []
    context.close()
