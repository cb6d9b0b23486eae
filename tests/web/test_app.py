"""The rest of the web app: sign-in (``--auth``) with users in the store, building a dataset into report files,
a unit's years compared with charts, audits queued when the server stopped, and what uploads are judged to be."""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import time
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner
from web_support import DATASET, SEED, SMALL_PDF, csrf, running, wait

from juesuan.commands.app import app as cli
from juesuan.pipeline.convert import convert
from juesuan.store import Store
from juesuan.store.jobs import add_job, job
from juesuan.web import uploads

ROOT = Path(__file__).resolve().parents[2]


def test_sign_in_with_a_user_of_the_store(tmp_path: Path) -> None:
    store = tmp_path / "审核.sqlite"
    added = CliRunner().invoke(
        cli, ["users", "add", "审核员", "--store", str(store)], env={"JUESUAN_PASSWORD": "正确的密码123"}
    )
    assert (added.exit_code, added.output) == (0, "已添加用户 审核员\n")
    short = CliRunner().invoke(cli, ["users", "add", "b", "--store", str(store)], env={"JUESUAN_PASSWORD": "short"})
    assert short.exit_code == 2 and "密码太短" in short.output
    listed = CliRunner().invoke(cli, ["users", "list", "--store", str(store)])
    assert listed.output == "审核员\n共 1 个用户\n"
    with Store.open(store) as db:
        from juesuan.store.users import password_hash

        assert (password_hash(db, "审核员") or "").startswith("$argon2id$")
    with running(tmp_path, auth=True, jobs=1) as client:
        gate = client.get("/audits/x?severity=error", follow_redirects=False)
        assert gate.status_code == 303 and gate.headers["location"] == "/login?next=/audits/x%3Fseverity%3Derror"
        assert client.get("/static/app.css").status_code == 200  # what the login page needs
        api = client.get("/api/audits")
        assert api.status_code == 401 and api.headers["www-authenticate"].startswith("Basic")
        assert "需要登录" in api.json()["detail"]

        def basic(password: str) -> dict[str, str]:
            return {"authorization": "Basic " + base64.b64encode(f"审核员:{password}".encode()).decode()}

        assert client.get("/api/audits", headers=basic("正确的密码123")).status_code == 200
        assert client.get("/api/audits", headers=basic("错误")).status_code == 401
        token = csrf(client)
        wrong = client.post("/login", data={"username": "审核员", "password": "错误", "csrf_token": token})
        assert wrong.status_code == 401 and "用户名或密码不正确" in wrong.text
        assert client.post("/login", data={"username": "审核员", "password": "正确的密码123"}).status_code == 403
        signed = client.post("/login", data={"username": "审核员", "password": "正确的密码123", "csrf_token": token,
                                             "next": "//evil.example/"}, follow_redirects=False)  # fmt: skip
        assert signed.status_code == 303 and signed.headers["location"] == "/"  # never to another site
        home = client.get("/")
        assert home.status_code == 200 and "审核员" in home.text and "退出" in home.text
        session = client.cookies.get("juesuan_session")
        assert session
        client.cookies.set("juesuan_session", session[:-3] + "000", domain="testserver.local")
        assert client.get("/", follow_redirects=False).status_code == 303  # a tampered session is none
        client.cookies.set("juesuan_session", session, domain="testserver.local")
        out = client.post("/logout", data={"csrf_token": token}, follow_redirects=False)
        assert out.status_code == 303 and 'juesuan_session=""' in out.headers["set-cookie"]


def test_serve_with_auth_needs_a_user(tmp_path: Path) -> None:
    done = CliRunner().invoke(cli, ["serve", "--auth", "--store", str(tmp_path / "s.sqlite")])
    assert done.exit_code == 2 and "还没有用户" in done.output


def finished_build(client: TestClient, build_id: str) -> dict[str, object]:
    """The build's status once it is no longer queued or running (within 3 minutes)."""
    deadline = time.monotonic() + 180
    while (status := client.get(f"/api/builds/{build_id}").json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    return dict(status)


def test_a_dataset_is_built_into_report_files(client: TestClient, tmp_path: Path) -> None:
    token = csrf(client)
    answer = client.post("/api/builds", files={"file": ("我的数据集.yaml", DATASET.read_bytes(), "text/yaml")},
                         data={"formats": "xlsx,json,html"})  # fmt: skip
    assert answer.status_code == 202, answer.text
    build_id = answer.json()["id"]
    status = finished_build(client, build_id)
    assert status["status"] == "done" and status["result"] == "written", status
    assert sorted(f["name"] for f in status["files"]) == ["report.html", "tables.json", "tables.xlsx"]
    tables = client.get(next(f["url"] for f in status["files"] if f["name"] == "tables.json"))
    assert tables.status_code == 200 and "景德镇陶瓷文化南昌服务中心" in tables.text
    bundle = zipfile.ZipFile(io.BytesIO(client.get(f"/builds/{build_id}/all.zip").content))
    assert sorted(bundle.namelist()) == ["report.html", "tables.json", "tables.xlsx"]
    page = client.get(f"/builds/{build_id}")
    assert "已生成 3 个文件" in page.text and "tables.xlsx" in page.text
    assert client.get(f"/builds/{build_id}/files/..%2F..%2Fdataset.yaml").status_code == 404
    # the form, with its token; a broken dataset's problems name the user's file, not the server's path
    broken = client.post("/build", files={"file": ("坏.yaml", b"year: 2023\ndepartment: [x\n", "text/yaml")},
                         data={"csrf_token": token, "formats": ["xlsx"]}, follow_redirects=False)  # fmt: skip
    assert broken.status_code == 303
    target = broken.headers["location"]
    deadline = time.monotonic() + 120
    while "已生成" not in (text := client.get(target).text) and "未生成文件" not in text:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert "坏.yaml:2: YAML/JSON 格式错误" in text and "data/builds" not in text and "dataset.yaml" not in text
    refused = client.post("/api/builds", files={"file": ("报告.pdf", SMALL_PDF.read_bytes(), "application/pdf")})
    assert refused.status_code == 415 and "YAML、JSON 文件或填报工作簿" in refused.json()["detail"]


def test_a_fill_in_workbook_is_built_and_charts_can_be_left_out(client: TestClient, tmp_path: Path) -> None:
    workbook = tmp_path / "填报.xlsx"
    assert convert(DATASET, workbook).exit_code == 0
    answer = client.post("/api/builds", files={"file": ("填报.xlsx", workbook.read_bytes(), "application/octet-stream")},
                         data={"formats": "docx,html", "charts": "false"})  # fmt: skip
    assert answer.status_code == 202, answer.text
    build_id = answer.json()["id"]
    status = finished_build(client, build_id)
    assert status["status"] == "done" and status["result"] == "written", status
    report = client.get(next(f["url"] for f in status["files"] if f["name"] == "report.docx")).content
    with zipfile.ZipFile(io.BytesIO(report)) as docx:
        assert not [n for n in docx.namelist() if n.startswith("word/media/")]  # no charts
    html = client.get(next(f["url"] for f in status["files"] if f["name"] == "report.html")).text
    assert "景德镇陶瓷文化南昌服务中心" in html and "<figure" not in html
    # a file named .xlsx that is no workbook is refused by its content
    fake = client.post("/api/builds", files={"file": ("填报.xlsx", b"year: 2023\n", "application/octet-stream")})
    assert fake.status_code == 415 and "不是 Excel 工作簿" in fake.json()["detail"]


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    sys.path.insert(0, str(ROOT / "tests" / "ingest"))
    sys.path.insert(0, str(ROOT / "tests" / "pipeline"))
    from years_support import write_years

    return write_years(tmp_path_factory.mktemp("years"), income_shift=Decimal(100000))


def test_a_units_years_are_compared_with_charts(client: TestClient, two_years: tuple[Path, Path]) -> None:
    for year, path in zip((2023, 2024), two_years, strict=True):
        accepted = client.post("/api/audits", files={"file": (f"{year}.html", path.read_bytes(), "text/html")}).json()
        assert wait(client, accepted["id"])["status"] == "done"
    unit = "景德镇陶瓷文化南昌服务中心"
    assert unit in [u["unit"] for u in client.get("/api/units").json()["units"]]
    history = client.get(f"/api/units/{unit}").json()
    assert [r["year"] for r in history["reports"]][-2:] == [2023, 2024]
    (comparison,) = [c for c in history["comparisons"] if c["years"] == [2023, 2024]]
    income = next(f for f in comparison["figures"] if f["subject"] == "income_total")
    assert Decimal(income["this"]) == Decimal(income["last"])  # the second year keeps the income
    assert any(f["rule"] == "narrative-previous-year" for f in comparison["findings"])  # the injected 上年数
    page = client.get(f"/units/{unit}").text
    assert page.count("<svg") == 3 and "支出结构：基本支出与项目支出" in page and "2023 年 → 2024 年 增减率" in page
    assert "只有对比才能发现的问题" in page
    assert client.get("/units/无此单位").status_code == 404


def test_an_audit_queued_when_the_server_stopped_is_audited_on_start(tmp_path: Path) -> None:
    content = SEED.read_bytes()
    sha = hashlib.sha256(content).hexdigest()
    kept = uploads.upload_path(tmp_path / "data", sha, uploads.TEXT)
    kept.parent.mkdir(parents=True)
    kept.write_bytes(content)
    with Store.open(tmp_path / "审核.sqlite") as db:
        queued = add_job(db, sha256=sha, name="重启前.txt", size=len(content), format="text")
        lost = add_job(db, sha256="0" * 64, name="丢失.pdf", size=1, format="pdf")
    with running(tmp_path, jobs=1) as client:
        assert wait(client, queued.id)["status"] == "done"
        gone = client.get(f"/api/audits/{lost.id}").json()
        assert gone["status"] == "failed" and "已不在服务器上" in gone["reason"]
    with Store.open(tmp_path / "审核.sqlite") as db:
        assert (job(db, queued.id) or queued).report_id is not None


@pytest.mark.parametrize(
    ("head", "kind"),
    [(b"%PDF-1.7\n", "pdf"), (b"\xef\xbb\xbf<!DOCTYPE html><html>", "html"), (b"  <html lang=zh>", "html"),
     ("部门决算\n".encode(), "text"), ("部门决算".encode("gb18030"), None), ("部门决算".encode()[:-1], "text"),
     (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(8), "xls"), (b"\x89PNG\r\n\x1a\n", None), (b"\x00\x01\x02", None),
     (b"   \n", None)],
)  # fmt: skip
def test_what_a_file_is_is_judged_by_its_content(head: bytes, kind: str | None) -> None:
    assert uploads.sniff(head) == kind


def test_office_files_are_told_apart_by_their_members(tmp_path: Path) -> None:
    for members, kind in ((["word/document.xml"], "docx"), (["xl/workbook.xml"], "xlsx"), (["a.txt"], None)):
        path = tmp_path / "f.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for name in ["[Content_Types].xml", *members]:
                archive.writestr(name, "x")
        assert uploads.sniff(path.read_bytes()[:100], path) == kind


@pytest.mark.parametrize(
    ("given", "shown"),
    [("../../etc/x.pdf", "x.pdf"), ("C:\\Users\\me\\报告.pdf", "报告.pdf"), ("a\x00b\nc.pdf", "abc.pdf"), ("..", "（未命名）"),
     ("", "（未命名）"), (None, "（未命名）"), ("/", "（未命名）"), ("x" * 300 + ".pdf", "x" * 200)],
)  # fmt: skip
def test_a_file_name_is_only_shown(given: str | None, shown: str) -> None:
    assert uploads.display_name(given) == shown
