"""Who a document is for, and what the client audience must never see.

:func:`visible_project` is the one place that removes internal content. Every exporter renders from
the project it returns (through :func:`aeflow.exporters.view.build_view`), never from the original,
so a new document format cannot leak what this function has taken out.

Taken out for the client:

- internal work and meetings: work items marked ``internal`` (vendor negotiation, rebates) and every
  cadence meeting that is ``internal`` or that the client does not attend (``includes_client``
  false: the team's own syncs, the cross-functional PR/legal/data meeting) — the rows themselves,
  not only their notes; the items that depended on a hidden one depend on what it depended on, and
  meeting action items that became a hidden work item go with it;
- internal notes: ``notes`` of work items, budget lines, stakeholders, channel traits and meeting
  records; status-trail notes; ``client.relationship_notes``;
- internal costs and margins: ``budget.agency_fee``, budget lines of the categories *fee* and
  *labour*, what was committed to vendors and who the vendors are, estimated and logged hours, the
  team's capacity;
- internal decisions and decisions the client has not confirmed (and the meeting records' references
  to them);
- the agency's own reading of the client: hidden goals, long-term relationship value, risks of the
  category *client*, and each risk's plan for how to talk to the client about it.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum
from typing import Any

from aeflow.domain.budget import CostCategory
from aeflow.domain.cadence import ActionKind
from aeflow.domain.project import Project
from aeflow.domain.risk import RiskCategory

INTERNAL_COST_CATEGORIES = frozenset({CostCategory.fee, CostCategory.labour})


class Audience(StrEnum):
    """``internal``: the agency team, everything. ``client``: what the client may read."""

    internal = "internal"
    client = "client"


def visible_decision_ids(project: Project, audience: Audience) -> set[str]:
    if audience == Audience.internal:
        return {d.id for d in project.decisions}
    return {d.id for d in project.decisions if d.client_confirmed and not d.internal}


def client_meeting(item: dict[str, Any]) -> bool:
    """The rule for a cadence meeting (as dumped): the client sees it only when it is not internal
    and the client attends it."""
    return not item["internal"] and bool(item["includes_client"])


def _drop_internal_work(data: dict[str, Any]) -> None:
    """Remove the internal work items; a dependency on one becomes that item's own (visible)
    dependencies, so the client's timeline keeps its order, and meeting action items that became
    an internal work item go with it."""
    hidden = {w["id"]: w["depends_on"] for w in data["work_items"] if w["internal"]}
    if not hidden:
        return

    def visible(deps: list[str], seen: frozenset[str] = frozenset()) -> list[str]:
        out: list[str] = []
        for dep in deps:
            if dep not in hidden:
                out.append(dep)
            elif dep not in seen:
                out.extend(visible(hidden[dep], seen | {dep}))
        return list(dict.fromkeys(out))

    data["work_items"] = [w for w in data["work_items"] if not w["internal"]]
    for item in data["work_items"]:
        item["depends_on"] = visible(item["depends_on"])
    for record in (r for c in data["cadence"] for r in c["records"]):
        record["action_items"] = [a for a in record["action_items"]
                                  if not (a["becomes"] == ActionKind.work_item and a["ref"] in hidden)]


def visible_project(project: Project, audience: Audience) -> Project:
    """The project as ``audience`` may see it (a new object; the argument is not changed)."""
    if audience == Audience.internal:
        return project
    data: dict[str, Any] = project.model_dump(mode="python")
    client = data["client"]
    client["relationship_notes"] = ""
    for person in client["stakeholders"]:
        person["notes"] = ""
    for member in data["team"]:
        member["weekly_capacity_hours"] = 40
    data["brief"]["hidden_goals"] = []
    data["retrospective"]["long_term_value"] = ""
    for trait in data["insight"]["channel_traits"]:
        trait["notes"] = ""
    data["cadence"] = [c for c in data["cadence"] if client_meeting(c)]
    _drop_internal_work(data)
    for item in data["work_items"]:
        item["notes"] = ""
        item["estimated_hours"] = None
        item["logged_hours"] = 0
        for change in item["status_history"]:
            change["note"] = ""
    budget = data["budget"]
    budget["agency_fee"] = None
    budget["lines"] = [line for line in budget["lines"] if line["category"] not in INTERNAL_COST_CATEGORIES]
    for line in budget["lines"]:
        line["notes"] = ""
        line["vendor"] = ""
        line["committed"] = Decimal(0)
    data["risks"] = [r for r in data["risks"] if r["category"] != RiskCategory.client]
    for risk in data["risks"]:
        risk["communication"] = ""
    shown = visible_decision_ids(project, audience)
    data["decisions"] = [d for d in data["decisions"] if d["id"] in shown]
    for item in data["cadence"]:
        for record in item["records"]:
            record["notes"] = ""
            record["decisions"] = [d for d in record["decisions"] if d in shown]
    return Project.model_validate(data)
