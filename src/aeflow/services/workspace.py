"""Use cases of the web workspace that span projects and accounts."""

from __future__ import annotations

import datetime as dt
import importlib
import importlib.util
import secrets
from typing import Any

from sqlalchemy import select

from aeflow.domain import CampaignType, Project
from aeflow.domain.validation import parse_project
from aeflow.errors import Invalid, Problem
from aeflow.i18n import _
from aeflow.services import accounts, projects
from aeflow.services.accounts import Role, User
from aeflow.services.starter import new_project, slug
from aeflow.storage.database import Database
from aeflow.storage.tables import ProjectRow


def new_project_id(name: str, today: dt.date) -> str:
    """A readable id from an ASCII name, else a dated one; a random suffix keeps it unique."""
    base = slug(name, "")
    if not base or len(base) < 3:
        base = f"p{today:%Y%m%d}"
    return f"{base[:50]}-{secrets.token_hex(2)}"


def create_project(db: Database, user: User, *, name: str, client: str, campaign_type: str, level: int,
                   kickoff: str | None, launch: str | None, today: dt.date) -> tuple[Project, int]:
    """A new project from the stage templates; its creator leads it."""
    if not accounts.may_create_projects(db, user):
        raise accounts.Forbidden(_("A client account cannot create projects."))
    problems = []
    for key, value in (("kickoff", kickoff), ("launch", launch)):
        if value:
            try:
                dt.date.fromisoformat(value)
            except ValueError:
                problems.append(Problem((key,), "date_parsing", {"input": value}))
    if not name.strip():
        problems.append(Problem(("name",), "string_too_short", {"input": name}))
    if not client.strip():
        problems.append(Problem(("client",), "string_too_short", {"input": client}))
    if campaign_type not in {c.value for c in CampaignType}:
        problems.append(Problem(("campaign_type",), "enum", {"input": campaign_type,
                                                             "expected": ", ".join(c.value for c in CampaignType)}))
    if problems:
        raise Invalid(_("the project cannot be created"), problems)
    project = new_project(new_project_id(name, today), name=name, client=client, campaign_type=campaign_type,
                          level=level, kickoff=kickoff or None, launch=launch or None, today=today)
    version = projects.import_project(db, project, author=user.username, reason=_("created in the workspace"))
    if not user.is_admin:
        accounts.set_role(db, project.id, user.username, Role.lead)
    return project, version


def current_version(db: Database, project_id: str) -> int | None:
    """The project's current version number, without loading it (``None`` if there is none)."""
    with db.session(write=False) as session:
        return session.scalar(select(ProjectRow.version).where(ProjectRow.id == project_id))


def intake_available() -> bool:
    """Whether the intake service (notes → draft brief and open questions) is installed."""
    return importlib.util.find_spec("aeflow.services.intake") is not None


def apply_notes(db: Database, project_id: str, notes: str, *, author: str) -> list[str]:
    """Put pasted meeting notes into the brief; returns the open questions to ask the client.

    With the intake service, its draft brief fills the parts of the brief that are still empty (the
    AE's own writing is never replaced); without it the notes are kept, word for word, at the end of
    the client background.
    """
    project, version = projects.load(db, project_id)
    data = project.model_dump(mode="json")
    brief = data["brief"]
    questions: list[str] = []
    if intake_available():
        intake: Any = importlib.import_module("aeflow.services.intake")
        from aeflow.engines.intake import to_brief

        result = intake.parse_text(notes, project.kickoff)
        draft = to_brief(result).model_dump(mode="json")
        for key, value in draft.items():
            if value and not brief.get(key):
                brief[key] = value
        questions = [q.text for q in result.open_questions]
        if not brief.get("background"):
            brief["background"] = notes.strip()
    else:
        brief["background"] = (str(brief.get("background") or "") + "\n\n" + notes.strip()).strip()
    updated = parse_project(data)
    projects.save(db, updated, expected_version=version, author=author, reason=_("brief drafted from meeting notes"))
    return questions
