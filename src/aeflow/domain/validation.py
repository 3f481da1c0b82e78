"""Turn pydantic's validation errors into located :class:`~aeflow.errors.Problem` objects."""

from __future__ import annotations

import ast
import datetime as dt
import math
import re
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from aeflow.domain.project import Project
from aeflow.errors import Invalid, Problem


def problems_from_error(exc: ValidationError) -> list[Problem]:
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        path = tuple(err["loc"])
        ctx = dict(err.get("ctx") or {})
        if err["type"] == "references":
            for p in ctx.get("problems", []):
                out.append(Problem(path + tuple(p["path"]), p["code"], dict(p["params"])))
            continue
        if err["type"] in ("kpi_unit_missing",):
            path = path + (ctx.get("field", "unit"),)
        elif err["type"] == "budget_over_total":
            path = path + (ctx.get("field", "lines"),)
        params: dict[str, Any] = {k: _display(v) for k, v in ctx.items()}
        if err["type"] in ("enum", "literal_error") and isinstance(ctx.get("expected"), str):
            params["choices"] = _choices(ctx["expected"])
        params.setdefault("input", _short(err.get("input")))
        params.setdefault("default", err["msg"])
        out.append(Problem(path, err["type"], params))
    return out


def _display(value: Any) -> Any:
    """A context value as the message shows it: ``Decimal('0')`` → ``0``, ``168.0`` → ``168``;
    anything that is not a plain number or text (an exception, a date) as text."""
    if isinstance(value, bool | str | int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else value if math.isfinite(value) else str(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value.is_finite() else str(value)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return _short(str(value))


_CHOICE = re.compile(r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s,]+""")


def _choices(expected: str) -> list[str]:
    """pydantic's ``'a', 'b' or 'c'`` (or ``1 or 3``) as the values ``[a, b, c]``."""
    out = []
    for token in _CHOICE.findall(expected):
        if token == "or":
            continue
        try:
            out.append(str(ast.literal_eval(token)))
        except (ValueError, SyntaxError):
            out.append(token)
    return out


def _short(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 60 else text[:57] + "…"


def parse_project(data: Any) -> Project:
    """Validate plain data (from YAML, JSON or a form) into a :class:`Project`, or raise
    :class:`~aeflow.errors.Invalid` carrying every problem."""
    if not isinstance(data, dict):
        raise Invalid("a project must be a mapping of keys to values",
                      [Problem((), "not_a_mapping", {"input": _short(data)})])
    try:
        return Project.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_error(exc)
        raise Invalid(f"{len(problems)} problem(s)", problems) from None
