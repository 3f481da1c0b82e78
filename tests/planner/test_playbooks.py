"""Shipped playbooks cover every campaign type and channel; a bad playbook file names file, line, field."""

from __future__ import annotations

from pathlib import Path

import pytest

from aeflow.domain.common import CampaignType
from aeflow.errors import Invalid
from aeflow.services.planning import load_library

from .helpers import shipped

CHANNELS = ["douyin", "xiaohongshu", "wechat-moments", "wechat-channels", "wechat-oa", "tmall", "jd", "bilibili",
            "kuaishou", "weibo", "offline-popup", "offline-store", "offline-outdoor", "kol"]


def _order(module: str) -> list[str]:
    return [s.id for s in shipped().modules[module].steps]


def test_every_campaign_type_has_a_playbook() -> None:
    assert set(shipped().playbooks) == set(CampaignType)


def test_the_launch_playbook_breaks_down_every_channel() -> None:
    launch = shipped().playbooks[CampaignType.launch]
    assert [c for c in CHANNELS if not launch.channels.get(c)] == []


def test_douyin_video_and_kol_seeding_follow_agency_practice() -> None:
    assert _order("douyin-video") == ["brief", "script", "script-approval", "preproduction", "shoot", "edit",
                                      "approval", "platform-review", "publish", "boost"]
    assert _order("kol-seeding") == ["shortlist", "list-approval", "contracting", "briefing", "content", "review",
                                     "publish", "data"]
    review = next(s for s in shipped().modules["douyin-video"].steps if s.id == "platform-review")
    assert "platform-review-rejected" in review.risks and review.calendar_days


def test_aliases_resolve_to_channels() -> None:
    lib = shipped()
    assert lib.channel_for("抖音").id == "douyin" and lib.channel_for("巨量引擎").id == "douyin"
    assert lib.channel_for("朋友圈").id == "wechat-moments" and lib.channel_for("快闪").id == "offline-popup"
    assert lib.channel_for("B站").id == "bilibili" and lib.channel_for("nowhere") is None


def test_a_user_playbook_replaces_the_shipped_one(tmp_path: Path) -> None:
    (tmp_path / "ours.yaml").write_text("""\
kind: playbook
id: our-launch
campaign_type: launch
title: Our launch
core:
  - {id: brief, title: 需求确认, role: ae, days: 1}
  - {id: kickoff, title: 启动会, role: ae, days: 1, depends_on: [brief]}
  - {id: proposal-approval, title: 方案确认, role: client, days: 2, depends_on: [kickoff], client_approval: true}
channels:
  douyin: [douyin-video]
""", encoding="utf-8")
    with pytest.raises(Invalid) as exc:  # douyin-video needs core.kv-approval, which this playbook lacks
        load_library(extra_dir=tmp_path)
    assert any(p.code == "playbook_unknown_step" and p.params["ref"] == "core.kv-approval"
               for p in exc.value.problems)
    text = (tmp_path / "ours.yaml").read_text(encoding="utf-8").replace(
        "channels:", "  - {id: kv-approval, title: 主视觉确认, role: client, days: 1, depends_on: [proposal-approval]}\nchannels:")
    (tmp_path / "ours.yaml").write_text(text, encoding="utf-8")
    lib = load_library(extra_dir=tmp_path)
    assert lib.playbooks[CampaignType.launch].id == "our-launch"
    assert [s.id for s in lib.playbooks[CampaignType.launch].core][-1] == "kv-approval"


BAD = """\
kind: playbook
id: broken
campaign_type: launch
title: Broken
core:
  - id: brief
    title: 需求
    role: account-manager
    days: 2
  - id: kickoff
    title: 启动
    role: ae
    days: -1
    depends_on: [brief, nowhere]
"""


def test_a_bad_playbook_file_names_file_line_and_field(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(BAD, encoding="utf-8")
    with pytest.raises(Invalid) as exc:
        load_library(extra_dir=tmp_path)
    got = {(Path(p.file).name, p.line, p.dotted_path, p.code) for p in exc.value.problems}
    assert ("broken.yaml", 8, "core[0].role", "enum") in got
    assert ("broken.yaml", 13, "core[1].days", "greater_than_equal") in got


def test_unknown_references_are_reported_with_their_line(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text(BAD.replace("account-manager", "ae").replace("days: -1", "days: 1"),
                                          encoding="utf-8")
    with pytest.raises(Invalid) as exc:
        load_library(extra_dir=tmp_path)
    (p,) = exc.value.problems
    assert (p.line, p.dotted_path, p.code, p.params["ref"]) == (14, "core[1].depends_on[1]",
                                                                 "playbook_unknown_step", "nowhere")


def test_yaml_syntax_errors_name_the_line(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("kind: playbook\ncore: [\n", encoding="utf-8")
    with pytest.raises(Invalid) as exc:
        load_library(extra_dir=tmp_path)
    assert exc.value.problems[0].code == "yaml_syntax" and exc.value.problems[0].line
