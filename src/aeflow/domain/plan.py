"""The execution checklist (执行检查清单): work items and their schedule."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field, field_validator

from aeflow.domain.common import Hours, Id, NonEmpty, Record, Role, Text
from aeflow.domain.dates import not_before


class Status(StrEnum):
    planned = "planned"
    in_progress = "in_progress"
    waiting_client = "waiting_client"
    blocked = "blocked"
    done = "done"
    cancelled = "cancelled"

    @property
    def closed(self) -> bool:
        return self in (Status.done, Status.cancelled)


class StatusChange(Record):
    """One entry of a work item's status trail."""

    date: dt.date
    status: Status
    by: Text = ""
    note: Text = ""


class WorkItem(Record):
    id: Id
    title: NonEmpty
    milestone: Text = Field("", description="the milestone (里程碑) this item belongs to")
    is_milestone: bool = False
    deliverable: Text = ""
    owner: Text = ""
    role: Role = Role.ae
    start: dt.date | None = None
    due: dt.date | None = None
    depends_on: list[Id] = Field(default_factory=list)
    acceptance_criteria: Text = ""
    client_approval: bool = Field(False, description="the client must approve before the next step")
    status: Status = Status.planned
    status_history: list[StatusChange] = Field(default_factory=list)
    actual_start: dt.date | None = None
    actual_finish: dt.date | None = None
    estimated_hours: Hours | None = None
    duration_days: int | None = Field(
        None, ge=0, le=2000, description="planned duration in working days (0 = milestone); the planner "
        "takes it from the playbook and keeps a value written here")
    logged_hours: Hours = 0
    objective: Id | None = Field(None, description="id of the objective this item serves")
    channel: Text = ""
    notes: Text = Field("", description="internal notes, never shown to the client")
    internal: bool = Field(False, description="internal work (vendor negotiation, rebates, staffing): "
                           "never shown to the client")

    _due_after_start = field_validator("due")(not_before("start"))
    _finish_after_start = field_validator("actual_finish")(not_before("actual_start"))

    @field_validator("depends_on")
    @classmethod
    def _no_duplicate_dependencies(cls, deps: list[str]) -> list[str]:
        return list(dict.fromkeys(deps))
