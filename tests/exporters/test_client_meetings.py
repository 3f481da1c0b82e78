"""A meeting reaches a client document only when it is not internal and the client attends it: the
demo's 跨职能协调会（公关、法务、数据） (agency staff only, minutes to the internal group) and the
internal sync appear in the team's documents and in none of the client's."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from aeflow.domain.project import Project
from aeflow.exporters import Audience, get
from aeflow.exporters.audience import visible_project
from aeflow.exporters.view import Extras
from aeflow.services.demo import examples_dir
from aeflow.storage.yamlfile import load_project_file

from .textof import text_of

FORMATS = ["pptx", "xlsx", "ics", "md", "pdf"]
EXTRAS = Extras(today=dt.date(2026, 9, 1), generated_at=dt.datetime(2026, 9, 1, 2, tzinfo=dt.UTC), version=1)


@pytest.fixture(scope="module", params=["launch-l1.yaml", "launch-l3.yaml"])
def demo(request: pytest.FixtureRequest) -> Project:
    return load_project_file(examples_dir() / request.param)


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_the_client_sees_only_meetings_it_attends(demo: Project) -> None:
    client = visible_project(demo, Audience.client)
    assert client.cadence, "the client still sees its own meetings"
    assert all(c.includes_client and not c.internal for c in client.cadence)
    hidden = [c for c in demo.cadence if not c.includes_client or c.internal]
    assert hidden, "the demo has meetings without the client"
    assert not {c.id for c in hidden} & {c.id for c in client.cadence}


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_meeting_without_the_client_in_a_client_document(fmt: str, demo: Project, tmp_path: Path) -> None:
    hidden = [c.meeting for c in demo.cadence if not c.includes_client or c.internal]
    client = _flat(text_of(fmt, get(fmt).export(demo, Audience.client, "zh", EXTRAS), tmp_path))
    assert [m for m in hidden if _flat(m) in client] == []
    shown = [c.meeting for c in demo.cadence if c.includes_client and not c.internal]
    assert any(_flat(m) in client for m in shown) or fmt == "pdf"  # the PDF status report has no cadence
    internal = _flat(text_of(fmt, get(fmt).export(demo, Audience.internal, "zh", EXTRAS), tmp_path))
    assert all(_flat(m) in internal for m in hidden) or fmt == "pdf"  # the team's documents keep them
