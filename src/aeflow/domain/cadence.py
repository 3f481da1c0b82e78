"""Stage 5 — the communication cadence (跨职能沟通节奏表) and meeting records."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from dateutil.rrule import rrulestr
from pydantic import Field, field_validator
from pydantic_core import PydanticCustomError

from aeflow.domain.common import Id, NonEmpty, Record, Text


class ActionKind(StrEnum):
    work_item = "work_item"
    commitment = "commitment"


class ActionItem(Record):
    text: NonEmpty
    owner: Text = ""
    due: dt.date | None = None
    becomes: ActionKind = ActionKind.work_item
    ref: Id | None = Field(None, description="id of the work item or client commitment it became")


class MeetingRecord(Record):
    id: Id
    date: dt.date
    attendees: list[NonEmpty] = Field(default_factory=list)
    agenda: list[NonEmpty] = Field(default_factory=list)
    notes: Text = ""
    decisions: list[Id] = Field(default_factory=list, description="ids of decisions taken")
    action_items: list[ActionItem] = Field(default_factory=list)


class CadenceItem(Record):
    id: Id
    meeting: NonEmpty
    frequency: NonEmpty = Field(description="an iCalendar RRULE, e.g. FREQ=WEEKLY;BYDAY=MO")
    start: dt.date | None = None
    time: dt.time | None = None
    duration_minutes: int = Field(60, ge=5, le=24 * 60)
    participants: list[NonEmpty] = Field(default_factory=list)
    includes_client: bool = False
    internal: bool = Field(False, description="an internal meeting: never shown to the client, not even "
                           "that it takes place")
    decision_authority: Text = ""
    disclosure: Text = Field("", description="how information is disclosed (minutes, IM group, report)")
    visualisation: Text = Field("", description="how progress is shown (dashboard, Gantt, status report)")
    records: list[MeetingRecord] = Field(default_factory=list)

    @field_validator("frequency")
    @classmethod
    def _valid_rrule(cls, value: str) -> str:
        rule = value.strip()
        if rule.upper().startswith("RRULE:"):
            rule = rule[6:]
        try:
            rrulestr(rule, dtstart=dt.datetime(2026, 1, 1))
        except (ValueError, TypeError) as exc:
            raise PydanticCustomError(
                "rrule_invalid", "{value} is not a recurrence rule (RRULE) like FREQ=WEEKLY;BYDAY=MO",
                {"value": value, "reason": str(exc)},
            ) from None
        if "FREQ=" not in rule.upper():
            raise PydanticCustomError(
                "rrule_invalid", "{value} is not a recurrence rule (RRULE) like FREQ=WEEKLY;BYDAY=MO",
                {"value": value, "reason": "FREQ missing"},
            )
        return rule
