"""KPI attainment, pacing and contingency triggers: pure computation on a project and its daily
metric series (no IO)."""

from aeflow.engines.monitoring.pacing import BudgetPacing, KpiStatus, budget_pacing, evaluate_kpis
from aeflow.engines.monitoring.series import Series
from aeflow.engines.monitoring.triggers import Alert, evaluate_triggers

__all__ = ["Alert", "BudgetPacing", "KpiStatus", "Series", "budget_pacing", "evaluate_kpis", "evaluate_triggers"]
