"""A small, named example project for the storage tests (Chinese values, exact money)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from aeflow.domain import (
    Budget,
    BudgetLine,
    CampaignType,
    Client,
    Level,
    Objective,
    Project,
    Risk,
    TeamMember,
    WorkItem,
)


def launch_project(project_id: str = "tea-launch") -> Project:
    return Project(
        id=project_id,
        name="新口味茶饮上市",
        client=Client(id="leaf", name="叶子饮品"),
        campaign_type=CampaignType.launch,
        level=Level.L3,
        kickoff=dt.date(2026, 3, 2),
        launch=dt.date(2026, 5, 20),
        team=[TeamMember(name="王芳", role="ae"), TeamMember(name="李雷", role="design")],
        brief={"objectives": [Objective(id="O1", title="上市首月曝光 5000 万")]},
        work_items=[
            WorkItem(id="W1", title="需求确认", owner="王芳", objective="O1"),
            WorkItem(id="W2", title="主视觉设计", owner="李雷", depends_on=["W1"]),
            WorkItem(id="W3", title="达人种草排期", owner="王芳", depends_on=["W2"]),
        ],
        budget=Budget(
            total=Decimal("1000000.00"),
            lines=[
                BudgetLine(id="B1", channel="抖音", planned=Decimal("300000.10")),
                BudgetLine(id="B2", channel="小红书", planned=Decimal("0.01")),
            ],
        ),
        risks=[Risk(id="R1", description="主视觉审批延误", likelihood=3, severity=4)],
    )
