"""Turn pydantic's validation errors into located :class:`~aeflow.errors.Problem` objects."""

from __future__ import annotations

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
        params: dict[str, Any] = {k: v for k, v in ctx.items() if isinstance(v, (str, int, float, bool))}
        params.setdefault("input", _short(err.get("input")))
        params.setdefault("default", err["msg"])
        out.append(Problem(path, err["type"], params))
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
