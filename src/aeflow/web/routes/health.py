"""``GET /healthz``: 200 once the app is ready and its database answers."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text

router = APIRouter(tags=["health"])


@router.get("/healthz", include_in_schema=False)
def healthz(request: Request) -> JSONResponse:
    if not getattr(request.app.state, "ready", False):
        return JSONResponse({"status": "starting"}, status_code=503)
    with request.app.state.db.engine.connect() as conn:
        conn.execute(text("SELECT 1"))
    return JSONResponse({"status": "ok"})
