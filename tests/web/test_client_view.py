"""The client view reads as the client's documents do: metrics and channels by their labels, a
milestone the client approved says so (only open ones still ask), and no meeting the client does
not attend."""

from __future__ import annotations

import html as html_lib
import re

from aeflow.domain.labels import CHANNEL_LABELS, METRIC_LABELS
from aeflow.domain.plan import Status
from aeflow.domain.validation import parse_project
from aeflow.services import projects

from .conftest import B, Env

CODES = frozenset(CHANNEL_LABELS) | frozenset(METRIC_LABELS)
TOKEN = re.compile(r"(?<![A-Za-z0-9_-])[a-z][a-z_-]*(?![A-Za-z0-9_-])")


def _text(page: str) -> str:
    main = page[page.index("<main"):page.index("</main>")]
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", main))


def test_metrics_and_channels_by_their_labels(env: Env) -> None:
    text = _text(env.client("other").get(f"/p/{B}/client").text)
    assert "曝光 · 抖音" in text and "新增会员" in text
    assert sorted({t for t in TOKEN.findall(text) if t in CODES}) == []


def test_an_approved_milestone_shows_its_approval_and_only_open_ones_ask(env: Env) -> None:
    project, version = projects.load(env.db, B)
    approvals = [w for w in project.work_items if w.client_approval and w.status == Status.done]
    assert len(approvals) > 3
    page = _text(env.client("other").get(f"/p/{B}/client").text)
    assert "需您确认" not in page  # every approval of the finished demo is given
    first = approvals[0]
    approved_on = first.actual_finish or max(c.date for c in first.status_history if c.status == Status.done)
    assert f"已于 {approved_on.isoformat()} 确认" in page
    data = project.model_dump(mode="json")
    item = next(w for w in data["work_items"] if w["id"] == first.id)
    item.update(status="waiting_client", actual_finish=None)
    item["status_history"] = [c for c in item["status_history"] if c["status"] != "done"]
    projects.save(env.db, parse_project(data), expected_version=version, author="test", reason="reopened")
    page = _text(env.client("other").get(f"/p/{B}/client").text)
    assert page.count("需您确认") == 1
    row = page[page.index(first.title):].split("\n")[0]
    assert "需您确认" in row and "已于" not in row


def test_no_meeting_without_the_client_in_the_client_view(env: Env) -> None:
    project, _version = projects.load(env.db, B)
    hidden = [c.meeting for c in project.cadence if not c.includes_client or c.internal]
    assert "跨职能协调会（公关、法务、数据）" in hidden
    c = env.client("other")
    seen = _text(c.get(f"/p/{B}/client").text) + repr(c.get(f"/api/v1/projects/{B}/client-view").json())
    assert [m for m in hidden if m in seen] == []
