"""The decision log (留痕) and client commitments."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import Field

from aeflow.domain.common import Id, NonEmpty, Record, Text


class Decision(Record):
    id: Id
    what: NonEmpty
    why: Text = ""
    by: Text = ""
    date: dt.date
    client_confirmed: bool = False
    changes_scope: bool = False
    internal: bool = Field(False, description="internal decisions are never shown to the client")


class CommitmentStatus(StrEnum):
    open = "open"
    done = "done"
    dropped = "dropped"


class Commitment(Record):
    """A promise made to the client, tracked transparently."""

    id: Id
    promise: NonEmpty
    owner: Text = ""
    due: dt.date | None = None
    status: CommitmentStatus = CommitmentStatus.open
    made_on: dt.date | None = None
    source: Text = Field("", description="where it was promised, e.g. a meeting record id")
