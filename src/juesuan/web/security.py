"""What keeps the web app safe to run: request size limits, security headers, CSRF tokens, sessions.

* **Size**: :class:`BodyLimit` refuses a request whose body is larger than its path allows (413), from its
  Content-Length or while it arrives, before anything parses it.
* **Headers**: :class:`SecurityHeaders` adds a Content-Security-Policy without inline scripts or styles (the
  pages load only the app's own static files: htmx vendored, app.js, app.css), ``X-Content-Type-Options:
  nosniff``, ``X-Frame-Options: DENY`` with ``frame-ancestors 'none'``, ``Referrer-Policy: same-origin``.
* **CSRF** (forms): a per-browser token, random and signed with the server's key, in a cookie (SameSite=Strict,
  HttpOnly) and in every form (or the ``X-CSRF-Token`` header of htmx and app.js); an unsafe request whose
  token is missing or not the cookie's is refused (403). Any unsafe request from another origin (``Origin``
  header) is refused too, the JSON API's included.
* **Sessions** (``--auth``): the user's name and an expiry, signed with the server's key (HMAC-SHA256), in an
  HttpOnly SameSite=Strict cookie.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE, CSRF_FIELD, CSRF_HEADER = "juesuan_csrf", "csrf_token", "x-csrf-token"
SESSION_COOKIE = "juesuan_session"
SESSION_SECONDS = 12 * 3600
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}


def secret_key(data: Path) -> bytes:
    """The server's signing key, made once (32 random bytes, readable by its owner only) in the data folder."""
    path = data / "secret.key"
    if not path.exists():
        data.mkdir(parents=True, exist_ok=True)
        temporary = data / f"secret.key.{secrets.token_hex(4)}"
        temporary.write_bytes(secrets.token_bytes(32))
        temporary.chmod(0o600)
        try:
            temporary.rename(path) if not path.exists() else temporary.unlink()
        except OSError:
            temporary.unlink(missing_ok=True)
    return path.read_bytes()


def _sign(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def new_csrf(key: bytes) -> str:
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_sign(key, 'csrf:' + nonce)}"


def valid_csrf(key: bytes, token: str | None) -> bool:
    if not token or "." not in token:
        return False
    nonce, signature = token.rsplit(".", 1)
    return hmac.compare_digest(signature, _sign(key, "csrf:" + nonce))


def csrf_matches(key: bytes, cookie: str | None, sent: str | None) -> bool:
    """The token sent with a form is the browser's cookie, and the server made it."""
    return bool(cookie and sent) and hmac.compare_digest(str(cookie), str(sent)) and valid_csrf(key, cookie)


def session_cookie(key: bytes, username: str, now: float | None = None) -> str:
    payload = json.dumps({"u": username, "e": int((now or time.time()) + SESSION_SECONDS)}, separators=(",", ":"))
    text = base64.urlsafe_b64encode(payload.encode("utf-8")).decode("ascii")
    return f"{text}.{_sign(key, 'session:' + text)}"


def session_user(key: bytes, cookie: str | None, now: float | None = None) -> str | None:
    """The signed-in user of a session cookie (None when absent, forged or expired)."""
    if not cookie or "." not in cookie:
        return None
    text, signature = cookie.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(key, "session:" + text)):
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(text.encode("ascii")))
    except ValueError:
        return None
    if not isinstance(payload, dict) or payload.get("e", 0) < (now or time.time()):
        return None
    user = payload.get("u")
    return user if isinstance(user, str) else None


class TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse (413, a Chinese message) a request body larger than ``limit(path)`` bytes."""

    def __init__(self, app: ASGIApp, limit: Callable[[str], int], refuse: Callable[[int], bytes]) -> None:
        self.app, self.limit, self.refuse = app, limit, refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["path"])
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await self._refuse(send, limit)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except TooLarge:
            if not started:
                await self._refuse(send, limit)

    async def _refuse(self, send: Send, limit: int) -> None:
        body = self.refuse(limit)
        await send({"type": "http.response.start", "status": 413, "headers": [
            (b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close"), *[(k.encode(), v.encode()) for k, v in HEADERS.items()]]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add :data:`HEADERS` to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


def same_origin(headers: Any, scheme: str) -> bool:
    """An unsafe request's Origin (when the browser sends one) is this server."""
    origin = headers.get("origin")
    if origin is None:
        return True
    host = headers.get("host", "")
    return origin in (f"{scheme}://{host}", f"http://{host}", f"https://{host}")
