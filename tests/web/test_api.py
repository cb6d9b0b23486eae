"""The JSON API over a real app and worker pool (FastAPI's TestClient): uploads audited in the background,
refused by content and size, stored by hash; twenty at once, each with its own result; reviews that outlive a
re-audit; the findings downloaded; security headers, CSRF, another site's requests."""

from __future__ import annotations

import hashlib
import json
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from python_calamine import CalamineWorkbook
from web_support import BUREAU, SEED, SMALL_PDF, csrf, seed_variant, wait

from juesuan.pipeline.outcome import Versions
from juesuan.store.reviews import reviews_of

CJK = re.compile(r"[\u4e00-\u9fff]")
PNG = b"\x89PNG\r\n\x1a\n" + bytes(200)


def upload(client: TestClient, name: str, content: bytes) -> dict[str, object]:
    answer = client.post("/api/audits", files={"file": (name, content, "application/octet-stream")})
    assert answer.status_code == 202, answer.text
    data: dict[str, object] = answer.json()
    return data


def data_dir(client: TestClient) -> Path:
    return Path(client.app.state.web.data)  # type: ignore[attr-defined]


def test_an_upload_is_audited_in_the_background(client: TestClient) -> None:
    answer = client.post("/api/audits", files={"file": ("江西样本.txt", SEED.read_bytes(), "text/plain")})
    assert answer.status_code == 202
    accepted = answer.json()
    assert set(accepted) >= {"id", "status", "url"} and accepted["status"] in ("queued", "running")
    result = wait(client, accepted["id"])
    assert result["status"] == "done" and result["file"] == "江西样本.txt"
    assert result["sha256"] == hashlib.sha256(SEED.read_bytes()).hexdigest()
    assert result["summary"] == {"error": 17, "warning": 23, "info": 27}
    assert result["report"]["department"] == "景德镇陶瓷文化南昌服务中心" and result["report"]["year"] == 2023
    assert len(result["coverage"]["tables_found"]) == 10 and result["coverage"]["rules_run"]
    assert len(result["findings"]) == 17 + 23 + 27
    first = result["findings"][0]
    assert set(first) >= {"key", "rule", "severity", "message", "expected", "actual", "difference", "locations"}
    assert all("path" not in loc for f in result["findings"] for loc in f["locations"])  # no server path shown
    assert len({f["key"] for f in result["findings"]}) == len(result["findings"])
    listed = client.get("/api/audits").json()["audits"]
    assert accepted["id"] in [a["id"] for a in listed]
    # the same content again is not audited again: done at once, the same stored report
    again = upload(client, "副本.txt", SEED.read_bytes())
    assert again["status"] == "done"
    assert client.get(str(again["url"])).json()["report_id"] == result["report_id"]


def test_a_file_that_is_no_report_is_not_audited(client: TestClient) -> None:
    poem = "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n".encode()
    result = wait(client, str(upload(client, "诗.txt", poem)["id"]))
    assert result["status"] == "not_audited" and "不是部门决算报告" in result["reason"]
    broken = wait(client, str(upload(client, "损坏.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage")["id"]))
    assert broken["status"] == "failed" and "PDF" in broken["reason"] and broken["findings"] == []


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [("报告.pdf", PNG, "内容不是PDF（看起来是PNG 图片）"),
     ("报告.pdf", b"<!doctype html><html><body>x</body></html>", "内容是网页（HTML）文件，不是PDF"),
     ("report.pdf", "部门决算".encode(), "内容是文本文件，不是PDF"),
     ("表.xlsx", b"PK\x03\x04" + bytes(100), "内容不是Excel（XLSX）"),
     ("程序.exe", b"MZ\x90\x00" + bytes(100), "不支持的文件类型"),
     ("空.pdf", b"", "是空的"),
     ("报告.txt", "部门决算报告".encode("gb18030") * 20, "GBK/GB18030 编码的文本，请另存为 UTF-8 编码后上传")],
    ids=["png-as-pdf", "html-as-pdf", "text-as-pdf", "not-a-zip-as-xlsx", "program", "empty", "gbk-text"],
)  # fmt: skip
def test_a_file_whose_content_is_not_what_its_name_says_is_refused_in_chinese(
    client: TestClient, name: str, content: bytes, fragment: str
) -> None:
    before = {p.name for p in (data_dir(client) / "uploads").rglob("*")}
    answer = client.post("/api/audits", files={"file": (name, content, "application/pdf")})
    assert answer.status_code in (400, 415), answer.text
    detail = answer.json()["detail"]
    assert fragment in detail and CJK.search(detail)
    assert {p.name for p in (data_dir(client) / "uploads").rglob("*")} == before  # nothing kept
    assert list((data_dir(client) / "tmp").iterdir()) == []


def test_an_oversize_upload_is_413(client: TestClient) -> None:
    limit = client.app.state.web.settings.max_upload  # type: ignore[attr-defined]
    big = b"%PDF-1.4\n" + bytes(limit)
    answer = client.post("/api/audits", files={"file": ("大.pdf", big, "application/pdf")})
    assert answer.status_code == 413
    assert answer.json()["detail"] == "文件过大：超过上传大小限制 2 MB"
    # a body far over the limit is refused before it is read (by its Content-Length)
    huge = client.post("/api/audits", content=bytes(limit + (2 << 20)), headers={"content-type": "multipart/form-data"})
    assert huge.status_code == 413 and "文件过大" in huge.json()["detail"]
    assert list((data_dir(client) / "tmp").iterdir()) == []


def test_a_path_as_the_file_name_is_harmless(client: TestClient, tmp_path: Path) -> None:
    content = SMALL_PDF.read_bytes()
    sha = hashlib.sha256(content).hexdigest()
    for name in ("../../etc/x.pdf", "..\\..\\windows\\x.pdf", "/etc/passwd/../x.pdf"):
        accepted = upload(client, name, content)
        assert accepted["file"] == "x.pdf"
    data = data_dir(client)
    kept = sorted(p.relative_to(data).as_posix() for p in (data / "uploads").rglob("*.pdf"))
    assert f"uploads/{sha[:2]}/{sha}.pdf" in kept
    assert not any(p.name == "x.pdf" for p in data.parent.rglob("*"))
    assert not (data.parent / "etc").exists() and not (data / "etc").exists() and not Path("/etc/x.pdf").exists()
    result = wait(client, str(accepted["id"]))
    assert result["status"] == "done" and result["file"] == "x.pdf"
    # a name that is markup is shown as text
    marked = upload(client, '<img src=x onerror="alert(1)">.pdf', content)
    page = client.get(f"/audits/{marked['id']}").text
    assert "<img src=x" not in page, page[page.find("<img src=x") - 300 : page.find("<img src=x") + 100]
    assert "&lt;img src=x onerror=%22alert(1)%22&gt;.pdf" in page
    assert "&lt;img src=x" in client.get("/").text


def test_twenty_concurrent_uploads_all_finish_with_their_own_results(client: TestClient) -> None:
    files = {i: seed_variant(i) for i in range(20)}

    def send(i: int) -> tuple[int, str]:
        return i, str(upload(client, f"报告{i:02d}.txt", files[i])["id"])

    with ThreadPoolExecutor(max_workers=20) as pool:
        sent = dict(pool.map(send, files))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = dict(zip(sent, pool.map(lambda i: wait(client, sent[i], 240), sent), strict=True))
    assert len({r["report_id"] for r in results.values()}) == 20
    for i, result in results.items():
        assert result["status"] == "done", result
        assert (result["file"], result["sha256"]) == (f"报告{i:02d}.txt", hashlib.sha256(files[i]).hexdigest())
        income = [f for f in result["findings"] if f["rule"] == "t01-income-composition"]
        assert [Decimal(f["difference"]) for f in income] == [Decimal(-(i + 3)) / 100], i
        assert result["summary"]["error"] == 19


def test_an_unknown_audit_is_404_in_chinese(client: TestClient) -> None:
    answer = client.get("/api/audits/ffffffffffffffff")
    assert answer.status_code == 404 and answer.json()["detail"] == "没有编号为 ffffffffffffffff 的审核"
    page = client.get("/audits/nope")
    assert page.status_code == 404 and "没有编号为 nope 的审核" in page.text
    assert "页面不存在" in client.get("/no/such/page").text


def test_a_missing_file_field_is_422_in_chinese(client: TestClient) -> None:
    answer = client.post("/api/audits", files={"document": ("a.txt", b"x", "text/plain")})
    assert answer.status_code == 422
    assert answer.json()["detail"] == "请求不完整或格式不对：缺少 file（上传的文件放在表单字段 file 中）"


def test_a_review_is_kept_and_survives_a_reaudit(client: TestClient) -> None:
    content = seed_variant(40)
    job = wait(client, str(upload(client, "复核.txt", content)["id"]))
    target = next(f for f in job["findings"] if f["rule"] == "t01-income-composition")
    url = f"/api/audits/{job['id']}/findings/{target['key']}/review"
    answer = client.put(url, json={"verdict": "dismissed", "note": "其他收入为利息，已核实"})
    assert answer.status_code == 200 and answer.json()["review"]["verdict"] == "dismissed"
    assert client.put(url, json={"verdict": "maybe"}).status_code == 422
    again = client.get(f"/api/audits/{job['id']}").json()
    reviewed = next(f for f in again["findings"] if f["key"] == target["key"])
    assert reviewed["review"]["note"] == "其他收入为利息，已核实" and reviewed["review"]["label"] == "已排除"
    # a re-audit by another juesuan / catalogue version: a new report of the same file meets the same review
    state = client.app.state.web  # type: ignore[attr-defined]
    outcome = state.store.outcome(job["report_id"])
    newer = state.store.save(replace(outcome, versions=Versions("9.9.9", "newer-catalogue")))
    assert newer != job["report_id"]
    exported = json.loads(client.get(f"/reports/{newer}/findings.json").content)
    found = next(f for f in exported["findings"] if f["key"] == target["key"])
    assert found["review"]["verdict"] == "dismissed"
    assert len(reviews_of(state.store, job["sha256"])) == 1
    # and another upload of the same file shows it too
    second = client.get(str(upload(client, "复核副本.txt", content)["url"])).json()
    assert next(f for f in second["findings"] if f["key"] == target["key"])["review"]["verdict"] == "dismissed"
    assert client.put(url, json={"verdict": "open"}).json()["review"] is None


def test_the_findings_download_as_xlsx_and_json(client: TestClient, tmp_path: Path) -> None:
    job = wait(client, str(upload(client, "下载.txt", seed_variant(41))["id"]))
    target = job["findings"][0]
    client.put(
        f"/api/audits/{job['id']}/findings/{target['key']}/review", json={"verdict": "confirmed", "note": "属实"}
    )
    answer = client.get(job["downloads"]["xlsx"])
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].endswith(
        "filename*=UTF-8''%E4%B8%8B%E8%BD%BD-%E5%AE%A1%E6%A0%B8%E9%97%AE%E9%A2%98.xlsx"
    )
    (tmp_path / "f.xlsx").write_bytes(answer.content)
    book = CalamineWorkbook.from_path(str(tmp_path / "f.xlsx"))
    assert book.sheet_names == ["报告", "发现"]
    report = book.get_sheet_by_name("报告").to_python()
    assert report[1][1] == "下载.txt" and report[1][2] == "景德镇陶瓷文化南昌服务中心"
    rows = book.get_sheet_by_name("发现").to_python()
    header = rows[0]
    assert header[-2:] == ["复核", "复核说明"] and len(rows) - 1 == len(job["findings"])
    first = dict(zip(header, rows[1], strict=True))
    assert (first["规则"], first["复核"], first["复核说明"]) == (target["rule"], "已确认", "属实")
    exported = json.loads(client.get(job["downloads"]["json"]).content)
    assert exported["file"] == "下载.txt" and len(exported["findings"]) == len(job["findings"])
    assert exported["findings"][0]["review"]["verdict"] == "confirmed"


def test_responses_carry_the_security_headers(client: TestClient) -> None:
    for path in ("/", "/api/audits", "/static/app.css", "/no/such/page"):
        headers = client.get(path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"


def test_pages_have_no_inline_script_or_style(client: TestClient) -> None:
    job = wait(client, str(upload(client, "页面.txt", seed_variant(42))["id"]))
    for path in ("/", f"/audits/{job['id']}", "/units", "/build", "/units/景德镇陶瓷文化南昌服务中心"):
        html = client.get(path).text
        assert CJK.search(html), path
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        assert not re.search(r"\sstyle=|<style", html), path
        assert not re.search(r"<[^>]*\son[a-z]+=", html), path  # no inline event handlers
        assert "https://" not in html and "http://" not in html.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_forms_need_the_csrf_token(client: TestClient) -> None:
    token = csrf(client)
    files = {"files": ("a.txt", SEED.read_bytes(), "text/plain")}
    refused = client.post("/upload", files=files)
    assert refused.status_code == 403 and "CSRF" in refused.text and CJK.search(refused.text)
    wrong = client.post("/upload", files=files, data={"csrf_token": token[:-2] + "xx"})
    assert wrong.status_code == 403
    forged = "abc." + "0" * 32  # not signed by the server
    client.cookies.clear()
    client.cookies.set("juesuan_csrf", forged)
    assert client.post("/upload", files=files, data={"csrf_token": forged}).status_code == 403
    client.cookies.clear()
    client.cookies.set("juesuan_csrf", token)
    other_site = client.post(
        "/upload", files=files, data={"csrf_token": token}, headers={"origin": "http://evil.example"}
    )
    assert other_site.status_code == 403 and "其他网站" in other_site.text
    taken = client.post("/upload", files=files, data={"csrf_token": token}, follow_redirects=False)
    assert taken.status_code == 303 and taken.headers["location"].startswith("/audits/")
    by_header = client.post("/upload", files=files, headers={"x-csrf-token": token, "accept": "application/json"})
    assert by_header.status_code == 202 and by_header.json()["audits"][0]["name"] == "a.txt"


def test_a_review_form_needs_the_token_too(client: TestClient) -> None:
    job = wait(client, str(upload(client, "表单.txt", seed_variant(43))["id"]))
    finding = job["findings"][0]
    url = f"/reports/{job['report_id']}/findings/{finding['key']}/review"
    assert client.post(url, data={"verdict": "dismissed"}).status_code == 403
    token = csrf(client)
    done = client.post(url, data={"verdict": "dismissed", "note": "误报", "csrf_token": token},
                       headers={"hx-request": "true"})  # fmt: skip
    assert done.status_code == 200 and "已排除" in done.text and 'id="f' in done.text and "误报" in done.text


def test_the_api_refuses_another_site(client: TestClient) -> None:
    answer = client.post("/api/audits", files={"file": ("a.txt", SEED.read_bytes(), "text/plain")},
                         headers={"origin": "https://evil.example"})  # fmt: skip
    assert answer.status_code == 403 and "其他网站" in answer.json()["detail"]


@pytest.mark.corpus
@pytest.mark.pdf
def test_a_findings_page_picture_highlights_its_place(client: TestClient) -> None:
    if not BUREAU.exists():
        pytest.skip(f"{BUREAU} is not available")
    job = wait(client, str(upload(client, "国家信访局.pdf", BUREAU.read_bytes())["id"]))
    assert job["status"] == "done" and job["summary"]["error"] == 1
    from PIL import Image

    cell = next(f for f in job["findings"] if f["rule"] == "x11-social-insurance")  # 公开06表 and 05表 cells
    sentence = next(f for f in job["findings"] if f["rule"] == "narrative-rate")  # 第17页 第4行
    for finding, page, marks in ((cell, 12, 2), (cell, 11, 1), (sentence, 17, 2)):
        answer = client.get(f"/reports/{job['report_id']}/findings/{finding['position']}/pages/{page}.png")
        assert answer.status_code == 200 and answer.headers["content-type"] == "image/png"
        assert int(answer.headers["x-marks-found"]) == marks, (finding["rule"], page)
        import io

        image = Image.open(io.BytesIO(answer.content))
        assert image.size[0] > 800 and image.size[1] > 800
    fragment = client.get(f"/reports/{job['report_id']}/findings/{cell['position']}/picture").text
    assert fragment.count('class="page-picture"') == len(cell["pages"]) == 2
    missing = client.get(f"/reports/{job['report_id']}/findings/{cell['position']}/pages/999.png")
    assert missing.status_code == 404 and "没有第 999 页" in missing.text


def test_a_text_reports_finding_shows_its_lines(client: TestClient) -> None:
    job = wait(client, str(upload(client, "原文.txt", seed_variant(44))["id"]))
    finding = next(f for f in job["findings"] if f["rule"] == "t01-income-composition")
    lines = sorted({loc["line"] for loc in finding["locations"] if loc["line"]})
    assert lines
    fragment = client.get(f"/reports/{job['report_id']}/findings/{finding['position']}/picture").text
    assert fragment.count('class="excerpt"') == min(len(lines), 5) and 'class="hit"' in fragment
    first = seed_variant(44).decode("utf-8").splitlines()[lines[0] - 1]
    assert f'<span class="hit"><b>{lines[0]}</b> {first}</span>' in fragment
    page = client.get(f"/audits/{job['id']}").text
    assert "查看原文（第" in page and "查看页面" not in page
