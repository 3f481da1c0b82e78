"""A new project file with every stage's template in place (``aeflow init``).

The file has every section of the eight stages, empty, each under a comment that names its stage
and says in a line what goes there, so that a new user can fill it in from top to bottom; it
validates as it is.
"""

from __future__ import annotations

import datetime as dt
import re

from aeflow.domain import Client, Project
from aeflow.domain.validation import parse_project
from aeflow.i18n import N_, _
from aeflow.storage.yamlfile import dump_project

# What goes into each section, one line each (the comment above the section in a new file).
GUIDE = {
    "team": N_("Who works on it: name, role (ae, creative, copy, design, media, pr, legal, data …), side "
               "(agency, client or vendor), email."),
    "brief": N_("The requirement brief: client background, pain points, objectives with a measurable KPI each, "
                "constraints, scoring criteria, acceptance points, in and out of scope."),
    "insight": N_("Industry context and pain points; at level 3 also personas, purchase path, competitors, "
                  "market data, positioning and channel traits."),
    "proposal": N_("Problem statement, creative direction, execution plan, timeline (phases), estimate with "
                   "ROI/ROAS, risks and mitigation; at level 3 the strategy map."),
    "work_items": N_("The execution checklist, one item per deliverable: id, title, owner, due, deliverable, "
                     "acceptance_criteria, depends_on."),
    "budget": N_("Total budget and agency fee; one line per channel and vendor: id, channel, category, "
                 "planned, committed, actual."),
    "risks": N_("The risk register: id, description, likelihood and severity (1-5), response, owner, contact, "
                "communication; at level 3 a contingency (if this happens, then we …)."),
    "cadence": N_("The communication cadence: meeting, frequency, participants, decision authority, how "
                  "information is disclosed."),
    "decisions": N_("Decisions taken: what, why, by whom, on which date, and whether the client confirmed it."),
    "commitments": N_("What was promised to the client: the promise, owner, due date and status."),
    "retrospective": N_("Filled in after the flight: metrics against target, delivery quality, client feedback, "
                        "learnings, improvements, owner, next iteration."),
}


def slug(text: str, fallback: str = "project") -> str:
    out = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-._")[:64]
    return out or fallback


def new_project(
    project_id: str, *, name: str, client: str, campaign_type: str, level: int,
    kickoff: str | None, launch: str | None, today: dt.date,
) -> Project:
    """A project with only what ``aeflow init`` asks for; a bad date or type is :class:`Invalid` naming it."""
    start: dt.date | str = _date(kickoff) if kickoff else today
    end: dt.date | str = _date(launch) if launch else (
        start + dt.timedelta(days=90) if isinstance(start, dt.date) else today + dt.timedelta(days=90))
    return parse_project({
        "id": slug(project_id),
        "name": name,
        "client": Client(id=slug(client, "client"), name=client).model_dump(),
        "campaign_type": campaign_type,
        "level": level,
        "kickoff": start,
        "launch": end,
    })


def _date(text: str) -> dt.date | str:
    """The date, or the text as given, so that validation names it as a bad date of its field."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def starter_text(project: Project) -> str:
    """The text of a new project file: every stage's section, empty, with a line on what goes there
    (in the current language)."""
    return dump_project(project, guide={key: _(text) for key, text in GUIDE.items()})
