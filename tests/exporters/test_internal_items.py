"""Internal work items and internal meetings (vendor negotiation, rebates, the team's own syncs)
never reach a client document, in any format; the internal documents keep them."""

from __future__ import annotations

from pathlib import Path

import pytest

from aeflow.domain.project import Project
from aeflow.domain.validation import parse_project
from aeflow.exporters import Audience, get
from aeflow.exporters.audience import visible_project
from aeflow.exporters.view import Extras
from aeflow.storage.yamlfile import load_project_file

from .conftest import EXAMPLES, l3_data
from .textof import text_of

FORMATS = ["pptx", "xlsx", "ics", "md", "pdf"]
HIDDEN = {
    "internal item": "媒介返点谈判",
    "internal deliverable": "返点谈判纪要",
    "internal meeting": "内部排期对齐会",
    "internal meeting authority": "人手调配由王敏决定",
    "fee line channel": "代理服务",
    "labour line channel": "人力",
    "labour amount": "123,400",
}


def _with_internal_work() -> Project:
    data = l3_data()
    data["work_items"].append({
        "id": "W12", "title": HIDDEN["internal item"], "owner": "刘洋", "role": "media", "start": "2026-08-06",
        "due": "2026-08-12", "depends_on": ["W4"], "deliverable": HIDDEN["internal deliverable"],
        "is_milestone": True, "client_approval": True, "internal": True})
    data["work_items"][8]["depends_on"].append("W12")  # 上市发布 waits for the negotiation
    data["cadence"].append({
        "id": "C4", "meeting": HIDDEN["internal meeting"], "frequency": "FREQ=WEEKLY;BYDAY=TU",
        "start": "2026-07-07", "time": "17:30", "participants": ["王敏", "刘洋"], "internal": True,
        "includes_client": False, "decision_authority": HIDDEN["internal meeting authority"]})
    data["cadence"][1]["records"][0]["action_items"] = [
        {"text": "谈下框架返点", "owner": "刘洋", "becomes": "work_item", "ref": "W12"},
        {"text": "更新排期表", "owner": "刘洋", "becomes": "work_item", "ref": "W7"}]
    return parse_project(data)


def test_the_client_view_drops_internal_items_and_meetings_and_keeps_the_order() -> None:
    project = _with_internal_work()
    client = visible_project(project, Audience.client)
    assert "W12" not in {w.id for w in client.work_items}
    assert "C4" not in {c.id for c in client.cadence}
    launch = client.work_item("W9")
    assert launch is not None and set(launch.depends_on) == {"W7", "W8", "W5", "W4"}  # W12 → its own W4
    actions = next(c for c in client.cadence if c.id == "C2").records[0].action_items
    assert [a.ref for a in actions] == ["W7"]
    internal = visible_project(project, Audience.internal)
    assert internal.work_item("W12") is not None and len(internal.cadence) == 4


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_internal_item_meeting_or_cost_line_in_a_client_document(fmt: str, extras: Extras,
                                                                    tmp_path: Path) -> None:
    project = _with_internal_work()
    client = text_of(fmt, get(fmt).export(project, Audience.client, "zh", extras), tmp_path)
    leaked = [k for k, s in HIDDEN.items() if s in client]
    assert not leaked, leaked
    assert "上市发布" in client or fmt == "pdf"  # the visible work is still there
    internal = text_of(fmt, get(fmt).export(project, Audience.internal, "zh", extras), tmp_path)
    expected = {"internal item"} if fmt in ("ics", "pdf") else {"internal item", "internal meeting"}
    assert {k for k, s in HIDDEN.items() if s in internal} >= expected


EXAMPLE_HIDDEN = ["媒介框架返点与达人报价谈判", "谈判纪要（巨量框架返点", "TopView折扣", "巨量框架返点谈至8%",
                  "内部协同会", "不对客户公开"]


@pytest.mark.skipif(not (EXAMPLES / "launch-l3.yaml").is_file(), reason="the example projects are not there")
@pytest.mark.parametrize("name", ["launch-l1.yaml", "launch-l3.yaml"])
@pytest.mark.parametrize("fmt", FORMATS)
def test_the_example_projects_client_documents_keep_negotiations_and_internal_meetings_out(
        name: str, fmt: str, tmp_path: Path) -> None:
    project = load_project_file(EXAMPLES / name)
    extras = Extras(today=project.launch, version=1)
    client = text_of(fmt, get(fmt).export(project, Audience.client, "zh", extras), tmp_path)
    assert [s for s in EXAMPLE_HIDDEN if s in client] == []
    assert project.client.name in client
