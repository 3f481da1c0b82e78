"""The client audience never sees internal costs, margins, notes or unconfirmed decisions — in any format."""

from __future__ import annotations

from pathlib import Path

import pytest

from aeflow.domain.project import Project
from aeflow.exporters import Audience, get, names
from aeflow.exporters.audience import visible_project
from aeflow.exporters.view import Extras, build_view

from .conftest import SECRETS
from .textof import text_of


def test_every_format_is_registered() -> None:
    assert names() == ["pptx", "xlsx", "ics", "md", "pdf"]
    assert get("markdown").format.name == "md"


def test_the_client_view_drops_every_internal_field(l3: Project) -> None:
    client = visible_project(l3, Audience.client)
    dumped = client.model_dump_json()
    leaked = [k for k, s in SECRETS.items() if s in dumped]
    assert not leaked
    assert client.budget.agency_fee is None
    assert {line.category.value for line in client.budget.lines} == {"media", "kol", "event"}
    assert [d.id for d in client.decisions] == ["D1"]
    assert all(w.estimated_hours is None for w in client.work_items)
    # the internal view keeps everything
    internal = visible_project(l3, Audience.internal).model_dump_json()
    assert all(s in internal for k, s in SECRETS.items() if "short" not in k and "," not in s)


def test_what_the_client_must_confirm_excludes_unconfirmed_decisions(l3: Project, extras: Extras) -> None:
    assert [d.id for d in build_view(l3, "internal", extras).to_confirm] == ["D3"]
    client = build_view(l3, "client", extras)
    assert client.to_confirm == []
    assert [w.id for w in client.client_approvals] == ["W7", "W11"]


@pytest.mark.parametrize("fmt", ["pptx", "xlsx", "ics", "md", "pdf"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_client_documents_contain_no_internal_cost_or_note(fmt: str, lang: str, l3: Project, extras: Extras,
                                                           tmp_path: Path) -> None:
    client = text_of(fmt, get(fmt).export(l3, Audience.client, lang, extras), tmp_path)
    leaked = [k for k, s in SECRETS.items() if s in client]
    assert not leaked, leaked
    assert l3.client.name in client  # the document is not simply empty
    if fmt in ("md", "xlsx", "pptx"):
        internal = text_of(fmt, get(fmt).export(l3, Audience.internal, lang, extras), tmp_path)
        assert any(s in internal for s in SECRETS.values())
