"""Agency labour use cases: the rate card, a project's labour and burn, a client's billable hours."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from aeflow.engines.budget.labour import (
    ClientHours,
    LabourReport,
    RateCard,
    client_rollup,
    labour,
    ratecard_from_data,
)
from aeflow.errors import Invalid, NotFound, Problem
from aeflow.i18n import _


@cache
def default_ratecard() -> RateCard:
    text = resources.files("aeflow").joinpath("data/ratecard.yaml").read_text(encoding="utf-8")
    return ratecard_from_data(yaml.safe_load(text))


def load_ratecard(path: Path | None = None) -> RateCard:
    """The shipped rate card, or a file's roles and clients merged over it."""
    base = default_ratecard()
    if path is None:
        return base
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig")) or {}
    except FileNotFoundError:
        raise NotFound(_("{path}: no such file", path=str(path)), file=str(path)) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise Invalid(_("{path}: the file cannot be read: {reason}", path=str(path),
                        reason=" ".join(str(exc).split()))) from None
    if not isinstance(data, dict):
        raise Invalid(_("{path}: a rate card must be a mapping", path=str(path)))
    merged: dict[str, Any] = {
        "currency": data.get("currency", base.currency),
        "roles": {**base.roles, **(data.get("roles") or {})},
        "clients": {**base.clients, **(data.get("clients") or {})},
    }
    try:
        return ratecard_from_data(merged)
    except Invalid as exc:
        raise Invalid(exc.message, [Problem(p.path, p.code, p.params, file=str(path)) for p in exc.problems]) from None


def project_labour(db: Any, project_ref: str, card: RateCard) -> LabourReport:
    from aeflow.services import projects

    project, _v = projects.resolve(db, project_ref)
    return labour(project, card)


def client_hours(db: Any, client_id: str, card: RateCard) -> ClientHours:
    """Hours by role across every project of a client in the database."""
    from aeflow.services import projects

    mine = [projects.load(db, s.id)[0] for s in projects.list_projects(db) if s.client_id == client_id]
    if not mine:
        raise NotFound(_("no project of client {client} in the database", client=client_id))
    return client_rollup(client_id, mine, card)
