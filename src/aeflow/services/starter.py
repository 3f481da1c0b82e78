"""A new project with every stage's template in place (``aeflow init``)."""

from __future__ import annotations

import datetime as dt
import re

from aeflow.domain import Client, Project
from aeflow.domain.validation import parse_project


def slug(text: str, fallback: str = "project") -> str:
    out = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-._")[:64]
    return out or fallback


def new_project(
    project_id: str, *, name: str, client: str, campaign_type: str, level: int,
    kickoff: str | None, launch: str | None, today: dt.date,
) -> Project:
    start = dt.date.fromisoformat(kickoff) if kickoff else today
    end = dt.date.fromisoformat(launch) if launch else start + dt.timedelta(days=90)
    return parse_project({
        "id": slug(project_id),
        "name": name,
        "client": Client(id=slug(client, "client"), name=client).model_dump(),
        "campaign_type": campaign_type,
        "level": level,
        "kickoff": start,
        "launch": end,
    })
