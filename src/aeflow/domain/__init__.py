"""The domain model: pydantic records of the eight stages, pure (no IO, no web, no database)."""

from aeflow.domain.brief import KPI, Objective, RequirementBrief, StageTarget
from aeflow.domain.budget import Budget, BudgetLine, CostCategory
from aeflow.domain.cadence import ActionItem, ActionKind, CadenceItem, MeetingRecord
from aeflow.domain.client import Client, Stakeholder
from aeflow.domain.common import CampaignType, Comparison, Level, Record, Role, Stage
from aeflow.domain.decision import Commitment, CommitmentStatus, Decision
from aeflow.domain.insight import SWOT, ChannelTrait, Competitor, FunnelStage, Insight, Persona
from aeflow.domain.plan import Status, StatusChange, WorkItem
from aeflow.domain.project import SCHEMA_VERSION, Project, TeamMember, reference_problems
from aeflow.domain.proposal import BudgetEstimate, Phase, Proposal, StrategyCell
from aeflow.domain.retro import MetricRow, Retrospective
from aeflow.domain.risk import Contingency, Risk, RiskCategory, RiskStatus, Trigger

__all__ = [
    "KPI", "SCHEMA_VERSION", "SWOT", "ActionItem", "ActionKind", "Budget", "BudgetEstimate", "BudgetLine",
    "CadenceItem", "CampaignType", "ChannelTrait", "Client", "Commitment", "CommitmentStatus", "Comparison",
    "Competitor", "Contingency", "CostCategory", "Decision", "FunnelStage", "Insight", "Level",
    "MeetingRecord", "MetricRow", "Objective", "Persona", "Phase", "Project", "Proposal", "Record",
    "RequirementBrief", "Retrospective", "Risk", "RiskCategory", "RiskStatus", "Role", "Stage",
    "StageTarget", "Stakeholder", "Status", "StatusChange", "StrategyCell", "TeamMember", "Trigger",
    "WorkItem", "reference_problems",
]
