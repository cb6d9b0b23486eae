"""The web app (FastAPI): upload reports, review their findings on the page, browse the store, build reports.

``create_app(settings)`` makes the application; ``juesuan serve`` runs it with uvicorn. Pages are Jinja2
templates in Chinese with htmx (vendored in ``static/``) for the parts that change; the JSON API under
``/api/`` offers the same. Audits and builds run in the background workers (:mod:`juesuan.web.workers`), never
in a request; a finding's page picture is drawn in the request (pypdfium2, :mod:`juesuan.web.pictures`).
See docs/web.md.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, File, Form, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException

from ..check.registry import catalogue_version
from ..pipeline.compare import Comparison, figure
from ..pipeline.outcome import Outcome
from ..store import Store, StoredReport
from ..store import jobs as job_store
from ..store.history import UnknownUnit, unit_history
from ..store.jobs import AuditJob
from ..store.reviews import VERDICTS, clear_review, set_review
from ..version import __version__
from . import charts, uploads, views
from .auth import check_password
from .building import FORMATS
from .pictures import render
from .security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    SESSION_COOKIE,
    SESSION_SECONDS,
    UNSAFE,
    BodyLimit,
    SecurityHeaders,
    csrf_matches,
    new_csrf,
    same_origin,
    secret_key,
    session_cookie,
    session_user,
    valid_csrf,
)
from .settings import MAX_FILES, Settings
from .workers import BuildJob, Workers

HERE = Path(__file__).resolve().parent
SLACK = 1 << 20  # what a multipart body carries beyond its files
ERRORS = {400: "请求有误", 401: "需要登录", 403: "没有权限", 404: "页面不存在", 405: "不支持这种请求方式",
          413: "文件过大", 415: "不支持的文件类型", 422: "请求不完整或格式不对", 500: "服务器内部错误"}  # fmt: skip


class LoginRequired(Exception):
    pass


@dataclass
class State:
    """What the running app holds: its settings, the store, the workers, the signing key, the templates."""

    settings: Settings
    store: Store
    workers: Workers
    key: bytes
    templates: Jinja2Templates

    @property
    def data(self) -> Path:
        return self.settings.data

    def close(self) -> None:
        self.workers.close()
        self.store.close()


def _local_time(value: Any) -> str:
    if not isinstance(value, datetime):
        return str(value or "")
    moment: datetime = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _number(value: Decimal | int | float | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:,f}"
    return f"{value:,}"


def _templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    env = templates.env
    env.filters["when"] = _local_time
    env.filters["number"] = _number
    env.filters["urlpart"] = lambda text: quote(str(text), safe="")
    env.globals.update(
        version=__version__, catalogue=catalogue_version(), severity_names=views.SEVERITY_NAMES, verdicts=VERDICTS,
        review_filters=views.REVIEW_FILTERS, status_names=views.STATUS_NAMES,
    )  # fmt: skip
    return templates


def start(settings: Settings, workers: Callable[[Store], Workers] | None = None) -> State:
    """Open the store (migrating it), make the data folder, start the workers, queue again what was queued."""
    data = settings.data
    for folder in (data, data / "uploads", data / "tmp", data / "builds"):
        folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(settings.store)
    pool = workers(store) if workers else Workers(store, settings.jobs, settings.limits)
    state = State(settings, store, pool, secret_key(data), _templates())
    for job in job_store.unfinished(store):
        path = uploads.find_upload(data, job.sha256)
        if path is None:
            job_store.finish_job(store, job.id, report_id=None, reason="上传的文件已不在服务器上，无法审核")
        else:
            pool.submit_audit(job.id, path)
    return state


def create_app(settings: Settings | None = None, *, workers: Callable[[Store], Workers] | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = start(settings, workers)
        app.state.web = state
        try:
            yield
        finally:
            state.close()

    app = FastAPI(title="juesuan", lifespan=lifespan, docs_url=None, redoc_url=None, openapi_url=None)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _handlers(app)
    _pages(app)
    _api(app)

    def limit(path: str) -> int:
        if path in ("/upload",):
            return MAX_FILES * settings.max_upload + SLACK
        if path in ("/api/audits", "/build", "/api/builds"):
            return settings.max_upload + SLACK
        return SLACK

    def refuse(limit: int) -> bytes:
        import json

        mb = settings.max_upload / (1 << 20)
        return json.dumps({"detail": f"文件过大：超过上传大小限制 {mb:g} MB"}, ensure_ascii=False).encode("utf-8")

    app.add_middleware(BodyLimit, limit=limit, refuse=refuse)
    app.add_middleware(SecurityHeaders)
    return app


# -- helpers -------------------------------------------------------------------------------------------------


def web(request: Request) -> State:
    state: State = request.app.state.web
    return state


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def _htmx(request: Request) -> bool:
    return request.headers.get("hx-request") == "true"


def current_user(request: Request) -> str | None:
    """The signed-in user (None without --auth); LoginRequired when --auth and nobody is signed in. The API
    also takes HTTP Basic credentials."""
    state = web(request)
    if not state.settings.auth:
        return None
    user = session_user(state.key, request.cookies.get(SESSION_COOKIE))
    if user is None and _is_api(request):
        user = _basic_user(state, request.headers.get("authorization", ""))
    if user is None:
        raise LoginRequired
    return user


def _basic_user(state: State, header: str) -> str | None:
    import base64
    import binascii

    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        name, _, password = base64.b64decode(value.strip()).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return name if check_password(state.store, name, password) else None


User = Annotated[str | None, Depends(current_user)]


async def check_form(request: Request) -> None:
    """A form's CSRF token (field or X-CSRF-Token header) is the cookie's, and the request is from this site."""
    state = web(request)
    if not same_origin(request.headers, request.url.scheme):
        raise HTTPException(403, "请求来自其他网站，已拒绝")
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not csrf_matches(state.key, request.cookies.get(CSRF_COOKIE), sent):
        raise HTTPException(403, "表单已过期或来源不明（CSRF 校验未通过）：请刷新页面后重试")


async def check_api(request: Request) -> None:
    """An unsafe API request from a page of another site is refused (scripts send no Origin)."""
    if request.method in UNSAFE and not same_origin(request.headers, request.url.scheme):
        raise HTTPException(403, "请求来自其他网站，已拒绝")


Form_ = Annotated[None, Depends(check_form)]
Api = Annotated[None, Depends(check_api)]


def page(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A template rendered with the CSRF token (a new one in a cookie when the browser has none)."""
    state = web(request)
    token = request.cookies.get(CSRF_COOKIE)
    fresh = not valid_csrf(state.key, token)
    if fresh or token is None:
        token = new_csrf(state.key)
    user = session_user(state.key, request.cookies.get(SESSION_COOKIE)) if state.settings.auth else None
    response = state.templates.TemplateResponse(
        request, template, {**context, "csrf": token, "user": user, "auth": state.settings.auth}, status_code=status
    )
    if fresh:
        response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict", path="/",
                            secure=request.url.scheme == "https")  # fmt: skip
    return response


def _safe_next(target: str | None) -> str:
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _download(data: bytes, name: str, media: str) -> Response:
    ascii_name = "".join(c if (c.isascii() and c.isalnum()) or c in "-_." else "_" for c in name)
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    return Response(data, media_type=media, headers={"content-disposition": disposition})


def _accept(state: State, upload: UploadFile, user: str | None) -> AuditJob:
    """Take one uploaded report: kept by hash, a job made, its audit queued (unless the store has it)."""
    name = uploads.display_name(upload.filename)
    try:
        kept = uploads.keep(upload.file, name, state.data, state.settings.max_upload)
    except uploads.Refused as exc:
        raise HTTPException(exc.status, exc.message) from None
    report_id = state.store.find(kept.sha256)
    job = job_store.add_job(state.store, sha256=kept.sha256, name=name, size=kept.size, format=kept.kind,
                            username=user, report_id=report_id)  # fmt: skip
    if report_id is None:
        state.workers.submit_audit(job.id, kept.path)
    return job


def _job(state: State, job_id: str) -> AuditJob:
    found = job_store.job(state.store, job_id) if len(job_id) <= 32 else None
    if found is None:
        raise HTTPException(404, f"没有编号为 {job_id} 的审核")
    return found


def _report(state: State, report_id: int) -> StoredReport:
    found = state.store.report(report_id)
    if found is None:
        raise HTTPException(404, f"审核库中没有编号为 {report_id} 的报告")
    return found


@dataclass
class AuditView:
    """An audit as its page shows it: the upload (if any), the stored report, its coverage and findings."""

    job: AuditJob | None
    report: StoredReport | None
    status: str
    coverage: dict[str, Any]
    findings: list[views.FindingView]

    @property
    def name(self) -> str:
        if self.job is not None:
            return self.job.name
        return self.report.name if self.report is not None else ""

    @property
    def pending(self) -> bool:
        return self.status in ("queued", "running")


def audit_view(
    state: State, job: AuditJob | None, report: StoredReport | None = None, *, findings: bool = True
) -> AuditView:
    """The audit of a job (or of a stored report without one); ``findings=False`` for a list of audits, which
    needs their status and counts only."""
    if report is None and job is not None and job.report_id is not None:
        report = state.store.report(job.report_id)
    running = state.workers.state(job.id) if job is not None else None
    status = views.api_status(job, report, running) if job is not None else views.API_STATUS.get(
        report.status if report else "", "failed")  # fmt: skip
    if report is None or not findings:
        return AuditView(job, report, status, {}, [])
    coverage = state.store.coverage(report.id) or {}
    return AuditView(job, report, status, coverage, views.finding_views(state.store, report, coverage))


@lru_cache(maxsize=16)
def _outcome(store: Store, report_id: int) -> Outcome | None:
    return store.outcome(report_id)


def _finding(view: AuditView, key: str) -> views.FindingView:
    found = next((f for f in view.findings if f.key == key), None)
    if found is None:
        raise HTTPException(404, "没有这条问题")
    return found


# -- errors ----------------------------------------------------------------------------------------------------


def _handlers(app: FastAPI) -> None:
    @app.exception_handler(LoginRequired)
    async def login_required(request: Request, exc: LoginRequired) -> Response:
        if _is_api(request):
            return JSONResponse({"detail": "需要登录：请提供用户名和密码（HTTP Basic）"}, 401,
                                headers={"www-authenticate": 'Basic realm="juesuan", charset="UTF-8"'})  # fmt: skip
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", 303)

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) and _chinese(exc.detail) else None
        detail = detail or ERRORS.get(exc.status_code, "请求失败")
        if _is_api(request) or "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"detail": detail}, exc.status_code, headers=exc.headers)
        return page(request, "error.html", {"status": exc.status_code, "title": ERRORS.get(exc.status_code, "出错了"),
                                            "message": detail}, exc.status_code)  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = []
        for error in exc.errors():
            where = "、".join(str(part) for part in error.get("loc", ())[1:]) or "请求"
            problems.append(f"缺少 {where}" if error.get("type") == "missing" else f"{where} 的取值无效")
        detail = "请求不完整或格式不对：" + "；".join(problems)
        if "file" in detail and "缺少" in detail:
            detail += "（上传的文件放在表单字段 file 中）"
        if _is_api(request) or "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"detail": detail}, 422)
        return page(request, "error.html", {"status": 422, "title": ERRORS[422], "message": detail}, 422)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


# -- pages -------------------------------------------------------------------------------------------------------


def _recent(state: State) -> list[dict[str, Any]]:
    out = []
    for job in job_store.jobs(state.store, limit=50):
        view = audit_view(state, job, findings=False)
        out.append({"job": job, "report": view.report, "status": view.status, "pending": view.pending})
    return out


def _pages(app: FastAPI) -> None:  # noqa: C901 - one route after another
    @app.get("/", response_class=HTMLResponse)
    def index(request: Request, user: User) -> Response:
        state = web(request)
        recent = _recent(state)
        context = {"recent": recent, "pending": any(r["pending"] for r in recent), "max_files": MAX_FILES,
                   "max_mb": state.settings.max_upload / (1 << 20)}  # fmt: skip
        return page(request, "index.html", context)

    @app.get("/fragments/recent", response_class=HTMLResponse)
    def recent(request: Request, user: User) -> Response:
        rows = _recent(web(request))
        return page(request, "_recent.html", {"recent": rows, "pending": any(r["pending"] for r in rows)})

    @app.post("/upload")
    def upload(request: Request, user: User, _: Form_, files: Annotated[list[UploadFile], File()]) -> Response:
        state = web(request)
        if len(files) > MAX_FILES:
            raise HTTPException(413, f"一次最多上传 {MAX_FILES} 个文件")
        made = [_accept(state, f, user) for f in files]
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"audits": [{"id": j.id, "name": j.name, "page": f"/audits/{j.id}"} for j in made]},
                                202)  # fmt: skip
        return RedirectResponse(f"/audits/{made[0].id}" if len(made) == 1 else "/", 303)

    @app.get("/audits/{job_id}", response_class=HTMLResponse)
    def audit_page(request: Request, job_id: str, user: User, severity: str | None = None, rule: str | None = None,
                   review: str | None = None) -> Response:  # fmt: skip
        state = web(request)
        view = audit_view(state, _job(state, job_id))
        return _audit_page(request, state, view, severity, rule, review)

    @app.get("/audits/{job_id}/status", response_class=HTMLResponse)
    def audit_status(request: Request, job_id: str, user: User) -> Response:
        state = web(request)
        view = audit_view(state, _job(state, job_id))
        response = page(request, "_status.html", {"view": view})
        if not view.pending:
            response.headers["hx-refresh"] = "true"
        return response

    @app.get("/reports/{report_id}", response_class=HTMLResponse)
    def report_page(request: Request, report_id: int, user: User, severity: str | None = None,
                    rule: str | None = None, review: str | None = None) -> Response:  # fmt: skip
        state = web(request)
        report = _report(state, report_id)
        uploaded = job_store.jobs_of_report(state.store, report_id)
        if uploaded:
            return RedirectResponse(f"/audits/{uploaded[0].id}", 303)
        return _audit_page(request, state, audit_view(state, None, report), severity, rule, review)

    @app.post("/reports/{report_id}/findings/{key}/review", response_class=HTMLResponse)
    def review_finding(request: Request, report_id: int, key: str, user: User, _: Form_,
                       verdict: Annotated[str, Form()], note: Annotated[str, Form()] = "") -> Response:  # fmt: skip
        state = web(request)
        report = _report(state, report_id)
        view = audit_view(state, None, report)
        finding = _finding(view, key)
        _set_review(state, report, finding, verdict, note, user)
        if _htmx(request):
            updated = _finding(audit_view(state, None, report), key)
            return page(
                request, "_finding.html", {"f": updated, "report": report, "has_pages": _has_pages(state, report)}
            )
        return RedirectResponse(f"/reports/{report_id}#f{finding.position}", 303)

    @app.get("/reports/{report_id}/findings/{position}/picture", response_class=HTMLResponse)
    def picture(request: Request, report_id: int, position: int, user: User) -> Response:
        state = web(request)
        report = _report(state, report_id)
        view = audit_view(state, None, report)
        finding = next((f for f in view.findings if f.position == position), None)
        if finding is None:
            raise HTTPException(404, "没有这条问题")
        path = uploads.find_upload(state.data, report.sha256)
        pdf = path is not None and path.suffix == ".pdf"
        text = path is not None and path.suffix == ".txt"
        excerpts = views.excerpts(path, finding.lines) if text and path is not None else []
        return page(request, "_picture.html", {"f": finding, "report": report, "pdf": pdf, "kept": path is not None,
                                               "excerpts": excerpts})  # fmt: skip

    @app.get("/reports/{report_id}/findings/{position}/pages/{page_no}.png")
    def page_picture(request: Request, report_id: int, position: int, page_no: int, user: User) -> Response:
        state = web(request)
        report = _report(state, report_id)
        finding = next((f for f in state.store.findings(report_id, waived=True) if f.position == position), None)
        if finding is None:
            raise HTTPException(404, "没有这条问题")
        path = uploads.find_upload(state.data, report.sha256)
        if path is None or path.suffix != ".pdf":
            raise HTTPException(404, "这份报告的原文件不是服务器上的 PDF，没有页面图片")
        tables = {str(loc["table"]) for loc in finding.locations if loc.get("table") and loc.get("page") == page_no}
        cells = [c for table in sorted(tables) for c in state.store.cells(report_id, table)]
        try:
            png, found = render(path, page_no, views.marks(finding.locations, page_no, cells))
        except IndexError:
            raise HTTPException(404, f"报告没有第 {page_no} 页") from None
        return Response(png, media_type="image/png", headers={"cache-control": "private, max-age=3600",
                                                              "x-marks-found": str(found)})  # fmt: skip

    @app.get("/reports/{report_id}/findings.xlsx")
    def findings_xlsx(request: Request, report_id: int, user: User) -> Response:
        state = web(request)
        report = _report(state, report_id)
        view = audit_view(state, None, report)
        name = _shown_name(state, report)
        data = views.findings_xlsx(report, name, view.findings)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return _download(data, f"{Path(name).stem}-审核问题.xlsx", media)

    @app.get("/reports/{report_id}/findings.json")
    def findings_json(request: Request, report_id: int, user: User) -> Response:
        import json

        state = web(request)
        report = _report(state, report_id)
        view = audit_view(state, None, report)
        name = _shown_name(state, report)
        data = {"file": name, **views.audit_json(report, view.coverage, view.findings)}
        text = json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n"
        return _download(text.encode("utf-8"), f"{Path(name).stem}-审核问题.json", "application/json")

    @app.get("/units", response_class=HTMLResponse)
    def units(request: Request, user: User) -> Response:
        return page(request, "units.html", {"units": web(request).store.units()})

    @app.get("/units/{unit}", response_class=HTMLResponse)
    def unit_page(request: Request, unit: str, user: User) -> Response:
        state = web(request)
        return page(request, "unit.html", _unit_context(state, unit))

    @app.get("/build", response_class=HTMLResponse)
    def build_form(request: Request, user: User) -> Response:
        return page(request, "build.html", {"formats": FORMATS, "max_mb": web(request).settings.max_upload / (1 << 20)})

    @app.post("/build")
    def build_start(request: Request, user: User, _: Form_, file: Annotated[UploadFile, File()],
                    formats: Annotated[list[str] | None, Form()] = None,
                    no_charts: Annotated[str | None, Form()] = None) -> Response:  # fmt: skip
        build = _start_build(web(request), file, formats, user, charts=not no_charts)
        return RedirectResponse(f"/builds/{build.id}", 303)

    @app.get("/builds/{build_id}", response_class=HTMLResponse)
    def build_page(request: Request, build_id: str, user: User) -> Response:
        return page(request, "build_result.html", {"build": _build(web(request), build_id), "formats": FORMATS})

    @app.get("/builds/{build_id}/status", response_class=HTMLResponse)
    def build_status(request: Request, build_id: str, user: User) -> Response:
        build = _build(web(request), build_id)
        response = page(request, "_build_status.html", {"build": build})
        if build.summary is not None:
            response.headers["hx-refresh"] = "true"
        return response

    @app.get("/builds/{build_id}/files/{name}")
    def build_file(request: Request, build_id: str, name: str, user: User) -> Response:
        build = _build(web(request), build_id)
        if build.summary is None or name not in build.summary.files:
            raise HTTPException(404, "没有这个文件")
        return FileResponse(build.folder / "out" / name, filename=name)

    @app.get("/builds/{build_id}/all.zip")
    def build_zip(request: Request, build_id: str, user: User) -> Response:
        build = _build(web(request), build_id)
        if build.summary is None or not build.summary.files:
            raise HTTPException(404, "没有生成的文件")
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in build.summary.files:
                archive.write(build.folder / "out" / name, name)
        return _download(buffer.getvalue(), f"{Path(build.name).stem}-决算报告.zip", "application/zip")

    @app.get("/login", response_class=HTMLResponse)
    def login_form(request: Request, next: str | None = None) -> Response:
        return page(request, "login.html", {"next": _safe_next(next), "message": ""})

    @app.post("/login", response_class=HTMLResponse)
    def login(request: Request, _: Form_, username: Annotated[str, Form()], password: Annotated[str, Form()],
              next: Annotated[str, Form()] = "/") -> Response:  # fmt: skip
        state = web(request)
        if not state.settings.auth:
            return RedirectResponse("/", 303)
        if not check_password(state.store, username, password):
            return page(request, "login.html", {"next": _safe_next(next), "message": "用户名或密码不正确"}, 401)
        response = RedirectResponse(_safe_next(next), 303)
        response.set_cookie(
            SESSION_COOKIE, session_cookie(state.key, username), max_age=SESSION_SECONDS, httponly=True,
            samesite="strict", path="/", secure=request.url.scheme == "https",
        )  # fmt: skip
        return response

    @app.post("/logout")
    def logout(request: Request, _: Form_) -> Response:
        response = RedirectResponse("/login" if web(request).settings.auth else "/", 303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg", 301)

    @app.get("/healthz")
    def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}


def _shown_name(state: State, report: StoredReport) -> str:
    uploaded = job_store.jobs_of_report(state.store, report.id)
    return uploaded[0].name if uploaded else report.name


def _has_pages(state: State, report: StoredReport) -> str:
    """What a finding's place can be shown with: ``pdf`` (a page picture), ``text`` (the lines around it), or
    '' (the file is not on the server, or is a format without either)."""
    path = uploads.find_upload(state.data, report.sha256)
    return {".pdf": "pdf", ".txt": "text"}.get(path.suffix, "") if path is not None else ""


def _set_review(state: State, report: StoredReport, finding: views.FindingView, verdict: str, note: str,
                user: str | None) -> None:  # fmt: skip
    note = note.strip()[:2000]
    if verdict == "open":
        clear_review(state.store, report.sha256, finding.rule, finding.key)
    elif verdict in VERDICTS:
        set_review(state.store, report.sha256, finding.rule, finding.key, verdict, note, user)
    else:
        raise HTTPException(422, f"未知的复核结论：{verdict}（可用：confirmed 确认、dismissed 排除、open 撤销）")


def _audit_page(request: Request, state: State, view: AuditView, severity: str | None, rule: str | None,
                review: str | None) -> Response:  # fmt: skip
    severity = severity if severity in views.SEVERITY_NAMES else None
    rule = rule or None
    review = review if review in views.REVIEW_FILTERS else None
    shown = views.filtered(view.findings, severity, rule, review)
    rules = sorted({(f.rule, f.title) for f in view.findings})
    counts = {s: sum(f.severity == s for f in view.findings) for s in views.SEVERITY_NAMES}
    reviewed = {v: sum(f.verdict == v for f in view.findings) for v in views.REVIEW_FILTERS}
    report = view.report
    context = {
        "view": view, "groups": views.grouped(shown), "shown": len(shown), "rules": rules, "counts": counts,
        "reviewed": reviewed, "filters": {"severity": severity, "rule": rule, "review": review},
        "has_pages": _has_pages(state, report) if report is not None else "",
        "kind": views.kind_label(report) if report is not None else "",
        "report_status": views.status_label(report) if report is not None else "",
        "here": request.url.path,
    }  # fmt: skip
    return page(request, "audit.html", context)


# -- units -------------------------------------------------------------------------------------------------------

#: The figures of a year's spending structure (vocabulary subjects) and the change chart's.
STRUCTURE = (("basic", "基本支出"), ("project", "项目支出"))
CHANGE = ("income_total", "expenditure_total", "basic", "project", "closing", "three_public")


def _classes(outcome: Outcome | None) -> list[tuple[str, Decimal]]:
    """Spending by function class (类, three-digit codes) of 公开03表 (支出决算表), its first column."""
    if outcome is None or outcome.case is None:
        return []
    table = next((t for t in outcome.case.tables.tables if t.id == "03"), None)
    if table is None or not table.columns:
        return []
    first = table.columns[0].key
    out = []
    for row in table.rows:
        value = row.cells.get(first)
        if row.code and len(row.code) == 3 and value is not None and value.value:
            out.append((row.label, value.value))
    return out


@dataclass(frozen=True)
class YearView:
    """One stored year of a unit: its report, its main figures (元) and its spending by function class."""

    report: StoredReport
    name: str  # the file name the user gave, when it was uploaded
    status: str
    values: dict[str, Decimal | None]
    classes: list[tuple[str, Decimal]]

    def wan(self, subject: str) -> str:
        value = self.values.get(subject)
        return "" if value is None else f"{value / 10000:,.2f}"


def _unit_context(state: State, unit: str) -> dict[str, Any]:
    try:
        history = unit_history(state.store, unit)
    except UnknownUnit as exc:
        raise HTTPException(404, str(exc)) from None
    years = []
    for report in history.reports:
        outcome = _outcome(state.store, report.id)
        tables = outcome.case.tables if outcome is not None and outcome.case is not None else None
        values = {s: figure(tables, s) if tables is not None else None for s in (*dict(STRUCTURE), *CHANGE)}
        years.append(
            YearView(report, _shown_name(state, report), views.status_label(report), values, _classes(outcome))
        )
    structure = charts.stacked_bars(
        [(f"{y.report.year} 年", [(label, y.values[s] or Decimal(0)) for s, label in STRUCTURE]) for y in years],
        "支出结构：基本支出与项目支出",
    )
    classes = charts.stacked_bars([(f"{y.report.year} 年", y.classes) for y in years], "支出结构：按功能分类（类）")
    comparisons = [_comparison(c) for c in history.comparisons]
    return {"history": history, "years": years, "structure": structure, "classes": classes,
            "comparisons": comparisons}  # fmt: skip


def _comparison(comparison: Comparison) -> dict[str, Any]:
    last, this = comparison.years
    shown = [f for f in comparison.figures if f.last is not None or f.this is not None]
    chart = charts.change_bars([(f.label, f.rate) for f in shown if f.subject in CHANGE or f.rate is not None],
                               f"{last} 年 → {this} 年 增减率")  # fmt: skip
    return {"years": comparison.years, "figures": shown, "chart": chart, "findings": comparison.report.findings}


# -- builds ------------------------------------------------------------------------------------------------------


def _start_build(
    state: State, upload: UploadFile, formats: list[str] | None, user: str | None, charts: bool = True
) -> BuildJob:
    name = uploads.display_name(upload.filename)
    suffix = Path(name).suffix.lower()
    if suffix not in uploads.DATASET_SUFFIXES:
        raise HTTPException(
            415, f"数据集须为 YAML、JSON 文件或填报工作簿（.yaml、.yml、.json、.xlsx），而「{name}」不是"
        )
    wanted = tuple(f for f in (formats or FORMATS) if f in FORMATS)
    if not wanted:
        raise HTTPException(422, f"请至少选择一种输出格式（可用：{'、'.join(FORMATS)}）")
    build_id = job_store.new_job_id()
    folder = state.data / "builds" / build_id
    try:
        temporary, _, size = uploads.receive(upload.file, folder, state.settings.max_upload)
    except uploads.Refused as exc:
        raise HTTPException(exc.status, exc.message) from None
    with temporary.open("rb") as handle:
        head = handle.read(uploads.HEAD)
    if suffix == ".xlsx":
        if size == 0 or uploads.sniff(head, temporary) != uploads.XLSX:
            temporary.unlink(missing_ok=True)
            raise HTTPException(
                415, f"文件「{name}」不是 Excel 工作簿（.xlsx）：请上传 juesuan template 生成的填报工作簿"
            )
    elif size == 0 or uploads.sniff(head) != uploads.TEXT:
        temporary.unlink(missing_ok=True)
        raise HTTPException(415, f"文件「{name}」不是文本格式的数据集（YAML 或 JSON，UTF-8 编码）")
    dataset = folder / f"dataset{suffix}"
    temporary.replace(dataset)
    build = BuildJob(build_id, name, folder, wanted, user, charts=charts)
    state.workers.submit_build(build, dataset)
    return build


def _build(state: State, build_id: str) -> BuildJob:
    found = state.workers.build(build_id)
    if found is None:
        raise HTTPException(404, f"没有编号为 {build_id} 的生成任务（服务重启后生成任务不保留）")
    return found


def _build_json(build: BuildJob) -> dict[str, Any]:
    summary = build.summary
    out: dict[str, Any] = {
        "id": build.id,
        "status": build.status,
        "dataset": build.name,
        "formats": list(build.formats),
    }
    if summary is not None:
        out.update(
            result=summary.status, exit_code=summary.exit_code, notes=list(summary.notes),
            problems=list(summary.problems), errors=summary.errors, warnings=summary.warnings,
            findings=[{"severity": s, "rule": r, "message": m} for s, r, m in summary.findings],
            files=[{"name": n, "url": f"/builds/{build.id}/files/{quote(n)}"} for n in summary.files],
        )  # fmt: skip
    return out


# -- the JSON API ----------------------------------------------------------------------------------------------


def _audit_json(state: State, job: AuditJob) -> dict[str, Any]:
    view = audit_view(state, job)
    report = view.report
    out: dict[str, Any] = {
        "id": job.id, "status": view.status, "file": job.name, "sha256": job.sha256, "size": job.size,
        "format": job.format, "created_at": str(job.created_at), "report_id": job.report_id,
        "reason": (report.reason if report is not None else job.reason), "page": f"/audits/{job.id}",
    }  # fmt: skip
    if report is not None:
        out["summary"] = {"error": report.errors, "warning": report.warnings, "info": report.infos}
        out["downloads"] = {
            "xlsx": f"/reports/{report.id}/findings.xlsx",
            "json": f"/reports/{report.id}/findings.json",
        }
    out.update(views.audit_json(report, view.coverage, view.findings))
    return out


def _api(app: FastAPI) -> None:  # noqa: C901 - one route after another
    @app.post("/api/audits", status_code=202)
    def api_upload(request: Request, user: User, _: Api, file: Annotated[UploadFile, File()]) -> dict[str, Any]:
        state = web(request)
        job = _accept(state, file, user)
        view = audit_view(state, job, findings=False)
        return {"id": job.id, "status": view.status, "file": job.name, "sha256": job.sha256,
                "url": f"/api/audits/{job.id}", "page": f"/audits/{job.id}"}  # fmt: skip

    @app.get("/api/audits")
    def api_audits(request: Request, user: User, limit: int = 50) -> dict[str, Any]:
        state = web(request)
        listed = []
        for job in job_store.jobs(state.store, limit=max(1, min(limit, 500))):
            view = audit_view(state, job, findings=False)
            report = view.report
            listed.append({"id": job.id, "status": view.status, "file": job.name, "report_id": job.report_id,
                           "created_at": str(job.created_at),
                           "summary": {"error": report.errors, "warning": report.warnings, "info": report.infos}
                           if report is not None else None})  # fmt: skip
        return {"audits": listed}

    @app.get("/api/audits/{job_id}")
    def api_audit(request: Request, job_id: str, user: User) -> dict[str, Any]:
        state = web(request)
        return _audit_json(state, _job(state, job_id))

    @app.put("/api/audits/{job_id}/findings/{key}/review")
    async def api_review(request: Request, job_id: str, key: str, user: User, _: Api) -> dict[str, Any]:
        try:
            body = await request.json()
        except ValueError:
            raise HTTPException(422, '请求体应为 JSON：{"verdict": "confirmed|dismissed|open", "note": "…"}') from None
        if not isinstance(body, dict) or not isinstance(body.get("verdict"), str):
            raise HTTPException(422, "缺少 verdict（confirmed 确认、dismissed 排除、open 撤销）")
        note = body.get("note") if isinstance(body.get("note"), str) else ""
        return _review_job(web(request), job_id, key, body["verdict"], str(note), user)

    @app.get("/api/units")
    def api_units(request: Request, user: User) -> dict[str, Any]:
        return {"units": [{"unit": name, "years": years} for name, years in web(request).store.units()]}

    @app.get("/api/units/{unit}")
    def api_unit(request: Request, unit: str, user: User) -> dict[str, Any]:
        return _unit_json(web(request), unit)

    @app.post("/api/builds", status_code=202)
    def api_build(request: Request, user: User, _: Api, file: Annotated[UploadFile, File()],
                  formats: Annotated[str | None, Form()] = None,
                  charts: Annotated[bool, Form()] = True) -> dict[str, Any]:  # fmt: skip
        wanted = [f.strip() for f in formats.split(",") if f.strip()] if formats else None
        unknown = [f for f in wanted or () if f not in FORMATS]
        if unknown:
            raise HTTPException(422, f"不支持的输出格式：{'、'.join(unknown)}（可用：{'、'.join(FORMATS)}）")
        build = _start_build(web(request), file, wanted, user, charts=charts)
        return {"id": build.id, "status": build.status, "url": f"/api/builds/{build.id}", "page": f"/builds/{build.id}"}

    @app.get("/api/builds/{build_id}")
    def api_build_status(request: Request, build_id: str, user: User) -> dict[str, Any]:
        return _build_json(_build(web(request), build_id))


def _unit_json(state: State, unit: str) -> dict[str, Any]:
    context = _unit_context(state, unit)
    history = context["history"]
    reports = [{"id": r.id, "year": r.year, "errors": r.errors, "warnings": r.warnings} for r in history.reports]
    comparisons = [
        {"years": list(c["years"]),
         "figures": [{"subject": f.subject, "label": f.label, "last": _text(f.last), "this": _text(f.this),
                      "change": _text(f.change), "rate": _text(f.rate)} for f in c["figures"]],
         "findings": [f.as_dict() for f in c["findings"]]}
        for c in context["comparisons"]
    ]  # fmt: skip
    return {"unit": history.unit, "gaps": list(history.gaps), "reports": reports, "comparisons": comparisons}


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _review_job(state: State, job_id: str, key: str, verdict: str, note: str, user: str | None) -> dict[str, Any]:
    job = _job(state, job_id)
    view = audit_view(state, job)
    if view.report is None:
        raise HTTPException(409, "审核尚未完成，还没有可复核的问题")
    finding = _finding(view, key)
    _set_review(state, view.report, finding, verdict, note, user)
    return _finding(audit_view(state, job), key).as_dict()
