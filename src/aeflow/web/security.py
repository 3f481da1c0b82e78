"""Cookies, CSRF and the login rate limit.

* The session cookie holds a random token signed with the app's secret (itsdangerous); the
  database holds the token's hash (:mod:`aeflow.services.accounts`). HttpOnly, SameSite=Lax.
* CSRF: double submit. Every response carries a signed, random ``aeflow_csrf`` cookie; every
  state-changing request must send the same value back in the form field ``csrf_token`` or the
  ``X-CSRF-Token`` header (HTMX does so for every request, see ``static/js/app.js``). Scripts that
  authenticate with ``Authorization: Bearer`` carry no cookies and are exempt.
* Login: at most :data:`LOGIN_ATTEMPTS` failures per user name and per client address in
  :data:`LOGIN_WINDOW_S` seconds, then HTTP 429 until the window passes.
"""

from __future__ import annotations

import hmac
import os
import secrets
import stat
import threading
import time
from collections import defaultdict, deque
from pathlib import Path

from fastapi import Request
from itsdangerous import BadSignature, URLSafeSerializer

from aeflow.errors import AeflowError
from aeflow.i18n import _

SESSION_COOKIE = "aeflow_session"
CSRF_COOKIE = "aeflow_csrf"
LANG_COOKIE = "aeflow_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOGIN_ATTEMPTS = 5
LOGIN_WINDOW_S = 300.0
SECRET_FILE = "web-secret.key"


class CsrfRefused(AeflowError):
    """A state-changing request without the page's CSRF token."""

    http_status = 403


class TooManyAttempts(AeflowError):
    """Too many failed logins in a short time."""

    http_status = 429


def load_secret(data_dir: Path) -> bytes:
    """The app's signing secret: kept in the data directory, created (mode 600) on first use."""
    path = data_dir / SECRET_FILE
    if path.is_file():
        return path.read_bytes().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_hex(32).encode("ascii")
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, stat.S_IRUSR | stat.S_IWUSR)
    with os.fdopen(fd, "wb") as fh:
        fh.write(secret)
    return secret


class Signer:
    """Signs the values of the session and CSRF cookies and of share-link tokens."""

    def __init__(self, secret: bytes) -> None:
        self._session = URLSafeSerializer(secret, salt="aeflow.session")
        self._csrf = URLSafeSerializer(secret, salt="aeflow.csrf")
        self._share = URLSafeSerializer(secret, salt="aeflow.share")

    def session(self, token: str) -> str:
        return str(self._session.dumps(token))

    def unsign_session(self, value: str | None) -> str | None:
        return _loads(self._session, value)

    def csrf(self, token: str) -> str:
        return str(self._csrf.dumps(token))

    def unsign_csrf(self, value: str | None) -> str | None:
        return _loads(self._csrf, value)

    def share(self, link_id: str) -> str:
        return str(self._share.dumps(link_id))

    def unsign_share(self, value: str) -> str | None:
        return _loads(self._share, value)


def _loads(serializer: URLSafeSerializer, value: str | None) -> str | None:
    if not value:
        return None
    try:
        out = serializer.loads(value)
    except BadSignature:
        return None
    return out if isinstance(out, str) else None


def csrf_token(request: Request) -> str:
    """This browser's CSRF token (made on first use; the response middleware sets the cookie)."""
    token = getattr(request.state, "csrf", None)
    if token is None:
        signer: Signer = request.app.state.signer
        token = signer.unsign_csrf(request.cookies.get(CSRF_COOKIE)) or secrets.token_urlsafe(24)
        request.state.csrf = token
    return str(token)


def is_bearer(request: Request) -> bool:
    return request.headers.get("authorization", "").lower().startswith("bearer ")


async def require_csrf(request: Request) -> None:
    """App-wide dependency: refuse a state-changing request that lacks the CSRF token."""
    if request.method in SAFE_METHODS or is_bearer(request):
        return
    signer: Signer = request.app.state.signer
    expected = signer.unsign_csrf(request.cookies.get(CSRF_COOKIE))
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not expected or not sent or not hmac.compare_digest(expected, sent):
        raise CsrfRefused(_("This form has expired or did not come from aeflow. Reload the page and try again."))


class LoginLimiter:
    """Counts failed logins per key (user name, client address) in a sliding window, in memory."""

    def __init__(self, attempts: int = LOGIN_ATTEMPTS, window_s: float = LOGIN_WINDOW_S) -> None:
        self.attempts = attempts
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque[float]:
        q = self._failures[key]
        while q and q[0] <= now - self.window_s:
            q.popleft()
        return q

    def check(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                q = self._recent(key, now)
                if len(q) >= self.attempts:
                    wait = int(q[0] + self.window_s - now) + 1
                    raise TooManyAttempts(_("Too many failed logins. Try again in {seconds} seconds.",
                                            seconds=wait), retry_after=wait)

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
