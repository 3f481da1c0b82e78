"""The API's documentation page: Swagger UI from the vendored assets (no CDN)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse

from aeflow import __version__

router = APIRouter(include_in_schema=False)


@router.get("/api/v1/docs")
def api_docs() -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/api/v1/openapi.json",
        title="aeflow API",
        swagger_js_url=f"/static/vendor/swagger-ui/swagger-ui-bundle.js?v={__version__}",
        swagger_css_url=f"/static/vendor/swagger-ui/swagger-ui.css?v={__version__}",
        swagger_favicon_url="/static/favicon.svg",
    )
