"""``create_app(settings)``: the web workspace as one FastAPI application, built on demand.

Nothing is created at import time: the database, the signing secret and the templates belong to
the app object that this function returns, so tests and ``aeflow serve`` each build their own.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aeflow import __version__
from aeflow.config import Settings
from aeflow.i18n import DEFAULT_LANGUAGE, language
from aeflow.services import documents
from aeflow.services.jobs import JobRunner
from aeflow.storage.database import Database
from aeflow.web import errors
from aeflow.web.metrics import MetricsAccess
from aeflow.web.pages import ProjectCache
from aeflow.web.routes.budget import optimise_job
from aeflow.web.routes.data import import_job
from aeflow.web.security import CSRF_COOKIE, LANG_COOKIE, LoginLimiter, Signer, load_secret, require_csrf
from aeflow.web.templating import build_environment

STATIC = Path(__file__).parent / "static"
ROUTE_MODULES = ("health", "auth", "portfolio", "workspace", "stages", "plan", "budget", "data", "history", "share", "review",
                 "api", "docs")


class RequestContext:
    """Pure ASGI middleware: the request's language, and a CSRF cookie for every browser."""

    def __init__(self, app: ASGIApp, signer: Signer, secure: bool) -> None:
        self.app = app
        self.signer = signer
        self.secure = secure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookies = _cookies(scope)
        lang = cookies.get(LANG_COOKIE, DEFAULT_LANGUAGE)
        lang = lang if lang in ("zh", "en") else DEFAULT_LANGUAGE
        existing = self.signer.unsign_csrf(cookies.get(CSRF_COOKIE))
        state = scope.setdefault("state", {})
        state["csrf"] = existing or secrets.token_urlsafe(24)

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start" and not existing:
                value = self.signer.csrf(state["csrf"])
                cookie = f"{CSRF_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax"
                if self.secure:
                    cookie += "; Secure"
                message.setdefault("headers", []).append((b"set-cookie", cookie.encode("latin-1")))
            await send(message)

        with language(lang):
            await self.app(scope, receive, send_with_cookie)


def _cookies(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in scope.get("headers", []):
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                name, _sep, val = part.strip().partition("=")
                if name:
                    out[name] = val
    return out


def create_app(settings: Settings, *, db: Database | None = None, secret: bytes | None = None,
               secure_cookies: bool = False, job_queue: bool | None = None) -> FastAPI:
    """The web app over ``settings``' database (or ``db``, which the caller then owns and closes).

    ``job_queue``: on PostgreSQL, run background jobs through the shared procrastinate queue (the
    default there); on SQLite jobs always run in this process.
    """
    owned = db is None
    database = db or Database.open(settings)
    runner = JobRunner(database, queue=database.dialect == "postgresql" if job_queue is None else job_queue)
    metrics = MetricsAccess(settings.data_dir)
    runner.register("export", documents.export_job(metrics.document_series))
    runner.register("import", import_job(metrics))
    runner.register("optimise", optimise_job)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if runner.queue is not None:
            await runner.queue.start_worker()
        try:
            yield
        finally:
            if runner.queue is not None:
                await runner.queue.stop_worker()
            runner.shutdown()
            metrics.close()
            if owned:
                database.close()

    app = FastAPI(
        title="aeflow",
        version=__version__,
        description="The AE workbench: requirement → execution → outcome (需求 → 执行 → 效果).",
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
        dependencies=[Depends(require_csrf)],
    )
    signer = Signer(secret or load_secret(settings.data_dir))
    app.state.settings = settings
    app.state.db = database
    app.state.signer = signer
    app.state.templates = build_environment()
    app.state.limiter = LoginLimiter()
    app.state.jobs = runner
    app.state.metrics = metrics
    app.state.project_cache = ProjectCache()
    app.state.menu_cache = {}
    app.state.secure_cookies = secure_cookies
    app.state.ready = True
    errors.install(app)
    app.mount("/static", StaticFiles(directory=str(STATIC)), name="static")
    import importlib

    for name in ROUTE_MODULES:
        module: Any = importlib.import_module(f"aeflow.web.routes.{name}")
        app.include_router(module.router)
    app.add_middleware(RequestContext, signer=signer, secure=secure_cookies)
    return app
