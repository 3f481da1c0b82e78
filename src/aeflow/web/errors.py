"""Errors are translated once, here: a JSON body under ``/api``, an HTMX partial, or an HTML page.

Users never see a traceback: anything unexpected is logged and answered with a plain 500 page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from aeflow.errors import AeflowError, Invalid, Problem
from aeflow.i18n import _
from aeflow.messages import describe
from aeflow.web.deps import NotLoggedIn
from aeflow.web.templating import render

log = logging.getLogger("aeflow.web")


def wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


def problem_json(p: Problem) -> dict[str, Any]:
    return {"path": p.dotted_path, "code": p.code, "message": describe(p)}


def respond(request: Request, status: int, message: str, *, hint: str | None = None,
            problems: list[Problem] | None = None, headers: dict[str, str] | None = None) -> Response:
    if wants_json(request):
        body: dict[str, Any] = {"error": {"status": status, "message": message}}
        if hint:
            body["error"]["hint"] = hint
        if problems:
            body["error"]["problems"] = [problem_json(p) for p in problems]
        return JSONResponse(body, status_code=status, headers=headers)
    ctx = {"status": status, "message": message, "hint": hint, "problems": problems or []}
    if request.headers.get("hx-request") == "true":
        hx = {"HX-Retarget": "#toast", "HX-Reswap": "innerHTML", **(headers or {})}
        return render(request, "partials/error.html", status_code=status, headers=hx, **ctx)
    return render(request, "error.html", status_code=status, headers=headers, **ctx)


async def on_aeflow_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AeflowError)
    if isinstance(exc, NotLoggedIn) and not wants_json(request):
        target = "/login?next=" + request.url.path
        if request.headers.get("hx-request") == "true":
            return Response(status_code=204, headers={"HX-Redirect": target})
        return RedirectResponse(target, status_code=303)
    headers = {"Retry-After": str(exc.data["retry_after"])} if "retry_after" in exc.data else None
    if isinstance(exc, NotLoggedIn):
        headers = {"WWW-Authenticate": "Bearer"}
    problems = exc.problems if isinstance(exc, Invalid) else None
    return respond(request, exc.http_status, exc.message, hint=exc.hint, problems=problems, headers=headers)


async def on_validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    problems = []
    for err in exc.errors():
        loc = tuple(str(x) for x in err.get("loc", ()))
        ctx = {k: v for k, v in (err.get("ctx") or {}).items() if isinstance(v, (str, int, float))}
        problems.append(Problem(loc, str(err.get("type", "value_error")),
                                {"input": str(err.get("input", ""))[:60], "default": str(err.get("msg", "")),
                                 **ctx}))
    return respond(request, 422, _("The request is not valid."), problems=problems)


async def on_http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    messages = {404: _("This page does not exist."), 405: _("This action is not available here.")}
    return respond(request, exc.status_code, messages.get(exc.status_code, str(exc.detail)),
                   headers=dict(exc.headers or {}) or None)


async def on_unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return respond(request, 500, _("Something went wrong on our side. The error was logged."))


def install(app: FastAPI) -> None:
    app.add_exception_handler(AeflowError, on_aeflow_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
