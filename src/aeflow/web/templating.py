"""Jinja2 templates with gettext through :mod:`aeflow.i18n` and aeflow's number and money formats.

Templates call ``_("English {name}", name=value)`` exactly like Python code, so that
``tools/i18n.py`` extracts them into the ``web`` catalogs; the text is translated into the
language of the current request (a context variable set by the language middleware).
Autoescaping is on for every template: user text is always escaped.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from aeflow import __version__
from aeflow import formatting as fmt
from aeflow.domain.common import CAMPAIGN_LABELS, ROLE_LABELS, Stage
from aeflow.domain.labels import channel_label, cost_label, metric_label
from aeflow.i18n import _, get_language
from aeflow.messages import describe
from aeflow.web.labels import job_status, objective_label, option_label
from aeflow.web.security import CSRF_FIELD, csrf_token

TEMPLATES = Path(__file__).parent / "templates"


def _gettext(msgid: str, **params: Any) -> str:
    return _(msgid, **params)


def _ngettext(singular: str, plural: str, n: int, **params: Any) -> str:
    return _(singular if n == 1 else plural, n=n, **params)


def _tojson(value: Any) -> Markup:
    """JSON safe to put inside a ``<script>`` element (no ``</script>`` break-out)."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def _percent(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f}%"


def _when(value: dt.datetime | None) -> str:
    if value is None:
        return "—"
    return value.astimezone(dt.timezone(dt.timedelta(hours=8))).strftime("%Y-%m-%d %H:%M")


def _short(value: Any, limit: int = 80) -> str:
    if value is None:
        return "∅"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=4096)
def _formatted(kind: str, value: Any, arg: Any, lang: str) -> str:
    """aeflow.formatting's output, remembered: pages show the same amounts again and again, and
    Babel's formatting is most of a page's time. ``lang`` is part of the key (the result depends on it)."""
    if kind == "money":
        return fmt.money(value, arg)
    if kind == "money_short":
        return fmt.money(value, arg, short=True)
    if kind == "number":
        return fmt.number(value, digits=arg)
    return fmt.kpi_value(value, arg)


def _kpi_status(status: Any) -> str:
    from aeflow.engines.monitoring.pacing import STATUS_LABELS

    label = STATUS_LABELS.get(status)
    return _(label) if label else str(status)


def _kpi_health(health: Any) -> str:
    from aeflow.web.views import health_text

    return health_text(health)


def build_environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"], default_for_string=True, default=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        auto_reload=False,  # templates are package data: no stat() of every template on every page
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(_gettext, _ngettext, newstyle=False)  # type: ignore[attr-defined]
    env.filters.update(
        money=lambda v, cur="CNY": _formatted("money", v, cur, get_language()),
        money_short=lambda v, cur="CNY": _formatted("money_short", v, cur, get_language()),
        number=lambda v, digits=0: _formatted("number", v, digits, get_language()),
        kpi=lambda v, unit="": _formatted("kpi", v, unit, get_language()),
        date=fmt.date,
        recurrence=lambda rule, at=None: fmt.recurrence(rule, at),
        when=_when,
        percent=_percent,
        pct=lambda v: "—" if v is None else f"{v:.0f}%",
        count=lambda v: "—" if v is None else f"{float(v):,.0f}",
        tojson=_tojson,
        fid=lambda name: re.sub(r"[^A-Za-z0-9_-]", "-", str(name)),
        short=_short,
    )
    env.globals.update(
        stages=list(Stage),
        campaign_label=lambda t: _(CAMPAIGN_LABELS[t]) if t in CAMPAIGN_LABELS else str(t),
        role_label=lambda r: _(ROLE_LABELS[r]) if r in ROLE_LABELS else str(r),
        version=__version__,
        csrf_field=CSRF_FIELD,
        Decimal=Decimal,
        describe_problem=describe,
        option_label=option_label,
        kpi_status=_kpi_status,
        job_status=job_status,
        objective_label=objective_label,
        metric_label=metric_label,
        kpi_health=_kpi_health,
        channel_label=channel_label,
        cost_label=cost_label,
    )
    return env


_MAY_CREATE_TTL_S = 30.0


def _may_create(request: Request, user: Any) -> bool:
    """Whether to offer "New project" (checked again on every create; cached briefly for the menu)."""
    from aeflow.services.accounts import may_create_projects

    memo: dict[int, tuple[float, bool]] = request.app.state.menu_cache
    now = time.monotonic()
    hit = memo.get(user.id)
    if hit is None or now - hit[0] > _MAY_CREATE_TTL_S:
        hit = (now, may_create_projects(request.app.state.db, user))
        memo[user.id] = hit
    return hit[1]


def render(request: Request, name: str, status_code: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    """Render a template with the request's user, language and CSRF token in its context."""
    env: Environment = request.app.state.templates
    user = getattr(request.state, "user", None)
    ctx = {
        "request": request,
        "user": user,
        "may_create": user is not None and _may_create(request, user),
        "lang": get_language(),
        "csrf": csrf_token(request),
        "htmx": request.headers.get("hx-request") == "true",
        "static": lambda path: f"/static/{path}?v={__version__}",
    }
    ctx.update(context)
    return HTMLResponse(env.get_template(name).render(ctx), status_code=status_code, headers=headers)
