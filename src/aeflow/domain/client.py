"""The client and the people on the client's side."""

from __future__ import annotations

from pydantic import Field

from aeflow.domain.common import Id, NonEmpty, Record, Text


class Stakeholder(Record):
    """A person on the client's (or a partner's) side and what they decide."""

    name: NonEmpty
    title: Text = ""
    role: Text = Field("", description="their role in this project, e.g. decision maker, brand manager, legal")
    decision_maker: bool = False
    contact: Text = ""
    notes: Text = ""


class Client(Record):
    id: Id
    name: NonEmpty
    industry: Text = ""
    background: Text = ""
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    relationship_notes: Text = Field("", description="internal: history, preferences, long-term value")
