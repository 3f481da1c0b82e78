"""Named example objects for the planner tests."""

from __future__ import annotations

import datetime as dt
from functools import cache
from typing import Any

from aeflow.domain.project import Project
from aeflow.domain.validation import parse_project
from aeflow.engines.planner.playbook import Library
from aeflow.services.planning import load_library


@cache
def shipped() -> Library:
    return load_library(None)


def project(**overrides: Any) -> Project:
    """A small launch: kickoff 2026-07-06, launch 2026-09-28 (the Monday before 国庆)."""
    data: dict[str, Any] = {
        "id": "demo",
        "name": "Demo launch",
        "client": {"id": "acme", "name": "Acme"},
        "campaign_type": "launch",
        "level": 1,
        "kickoff": dt.date(2026, 7, 6),
        "launch": dt.date(2026, 9, 28),
        "flight_end": dt.date(2026, 10, 25),
        "channels": ["抖音", "xiaohongshu", "kol", "tmall"],
        "team": [
            {"name": "Ann", "role": "ae"}, {"name": "Ben", "role": "ae"}, {"name": "Cai", "role": "creative"},
            {"name": "Dou", "role": "copy"}, {"name": "Eve", "role": "design"}, {"name": "Fei", "role": "media"},
            {"name": "Gao", "role": "production", "side": "vendor"}, {"name": "Hui", "role": "vendor", "side": "vendor"},
            {"name": "Ivy", "role": "client", "side": "client", "weekly_capacity_hours": 8},
            {"name": "Jun", "role": "data"}, {"name": "Kai", "role": "legal"}, {"name": "Lei", "role": "pr"},
        ],
        "brief": {"objectives": [
            {"id": "obj-reach", "title": "Impressions", "priority": 1,
             "kpi": {"metric": "impressions", "target": 1e8, "unit": "次"}},
            {"id": "obj-gmv", "title": "First purchases on Tmall", "priority": 2,
             "kpi": {"metric": "gmv", "target": 5e6, "unit": "元", "channel": "天猫"}},
            {"id": "obj-attendance", "title": "Pop-up attendance", "priority": 3,
             "kpi": {"metric": "attendance", "target": 5000, "unit": "人"}},
        ]},
    }
    data.update(overrides)
    return parse_project(data)
