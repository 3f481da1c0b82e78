"""Logging in and out, the interface language, and the user's API tokens."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from aeflow.i18n import _
from aeflow.services import accounts
from aeflow.services.accounts import LoginFailed, User
from aeflow.web.deps import current_user, get_db, require_user
from aeflow.web.security import LANG_COOKIE, SESSION_COOKIE, TooManyAttempts
from aeflow.web.templating import render

router = APIRouter(include_in_schema=False)


def _safe_next(target: str | None) -> str:
    """Only a path on this site (no scheme, no host) may be a redirect target after login."""
    if not target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target


def _cookie(request: Request, response: Response, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="lax",
                        secure=request.app.state.secure_cookies, path="/")


@router.get("/login")
def login_page(request: Request, next: str = "/") -> Response:
    if current_user(request) is not None:
        return RedirectResponse(_safe_next(next), status_code=303)
    return render(request, "login.html", next=_safe_next(next), error=None, username="")


@router.post("/login")
def login(request: Request, username: Annotated[str, Form()] = "", password: Annotated[str, Form()] = "",
          next: Annotated[str, Form()] = "/") -> Response:
    limiter = request.app.state.limiter
    keys = ("user:" + username.strip().lower(), "ip:" + (request.client.host if request.client else "?"))
    db = get_db(request)
    try:
        limiter.check(*keys)
        user = accounts.authenticate(db, username, password)
    except (LoginFailed, TooManyAttempts) as exc:
        if isinstance(exc, LoginFailed):
            limiter.failed(*keys)
        headers = {"Retry-After": str(exc.data["retry_after"])} if "retry_after" in exc.data else None
        return render(request, "login.html", status_code=exc.http_status, headers=headers,
                      next=_safe_next(next), error=exc.message, username=username)
    limiter.succeeded(*keys)
    token = accounts.start_session(db, user)
    response = RedirectResponse(_safe_next(next), status_code=303)
    _cookie(request, response, SESSION_COOKIE, request.app.state.signer.session(token),
            accounts.SESSION_DAYS * 86400)
    _cookie(request, response, LANG_COOKIE, user.language, 365 * 86400)
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    token = request.app.state.signer.unsign_session(request.cookies.get(SESSION_COOKIE))
    if token:
        accounts.end_session(get_db(request), token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/lang")
def set_language(request: Request, lang: Annotated[str, Form()], next: Annotated[str, Form()] = "/") -> Response:
    lang = lang if lang in ("zh", "en") else "zh"
    user = current_user(request)
    if user is not None:
        accounts.set_language(get_db(request), user.id, lang)
    response = RedirectResponse(_safe_next(next), status_code=303)
    _cookie(request, response, LANG_COOKIE, lang, 365 * 86400)
    return response


@router.get("/account")
def account(request: Request, user: Annotated[User, Depends(require_user)]) -> Response:
    return render(request, "account.html", new_token=None)


@router.post("/account/tokens")
def new_token(request: Request, user: Annotated[User, Depends(require_user)],
              name: Annotated[str, Form()] = "") -> Response:
    token = accounts.create_api_token(get_db(request), user, name or _("script"))
    return render(request, "account.html", new_token=token)


@router.post("/account/password")
def change_password(request: Request, user: Annotated[User, Depends(require_user)],
                    current: Annotated[str, Form()], new: Annotated[str, Form()]) -> Response:
    db = get_db(request)
    accounts.authenticate(db, user.username, current)
    accounts.set_password(db, user.username, new)
    return render(request, "account.html", new_token=None, notice=_("Your password was changed."))

