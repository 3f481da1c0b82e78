"""Level-3 readiness: which strategic practices a project already has, which it lacks, and how to
close each gap — the product's answer to "how do I grow from level 1 to level 3"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from aeflow.domain.common import ROLE_LABELS, Role
from aeflow.domain.project import Project
from aeflow.engines.review.rules_delivery import GOVERNANCE_ROLES, HIGH_RISK_SCORE
from aeflow.i18n import N_, _
from aeflow.messages import join_and


@dataclass(frozen=True)
class Practice:
    id: str
    title: str  # gettext ids
    section: str  # where in the project file / workspace the gap is closed
    tip: str  # what the practice asks for; shown as the next step unless ``advise`` says more precisely
    weight: int
    measure: Callable[[Project, bool], tuple[float, str, dict[str, object]]]  # → (0..1, reason id, params)
    advise: Callable[[Project], str] | None = None  # → the next step for this project's gaps, translated


@dataclass(frozen=True)
class PracticeResult:
    id: str
    title: str
    score: float
    reason: str
    section: str
    tip: str

    @property
    def met(self) -> bool:
        return self.score >= 1.0


@dataclass(frozen=True)
class Readiness:
    score: int  # 0–100
    practices: list[PracticeResult]

    @property
    def gaps(self) -> list[PracticeResult]:
        return [p for p in self.practices if not p.met]


def _insight(p: Project, has_data: bool) -> tuple[float, str, dict[str, object]]:
    parts = [bool(p.insight.personas), bool(p.insight.purchase_path), bool(p.insight.competitors)]
    return sum(parts) / 3, N_("{n} of 3: personas, purchase path, competitor matrix"), {"n": sum(parts)}


def _roi(p: Project, has_data: bool) -> tuple[float, str, dict[str, object]]:
    est = p.proposal.budget
    ok = est.roi is not None or est.roas is not None
    return (1.0 if ok else 0.0), (N_("ROI/ROAS estimated") if ok else N_("no ROI or ROAS estimate")), {}


def _risk_map(p: Project, has_data: bool) -> tuple[float, str, dict[str, object]]:
    if not p.risks:
        return 0.0, N_("no risks logged"), {}
    high = [r for r in p.risks if r.score >= HIGH_RISK_SCORE]
    prepared = [r for r in high if r.trigger and r.contingency]
    channels = {c.lower() for c in p.channels}
    covered = {r.channel.lower() for r in p.risks if r.channel}
    share_prepared = len(prepared) / len(high) if high else 1.0
    share_channels = len(channels & covered) / len(channels) if channels else 1.0
    return ((share_prepared + share_channels) / 2,
            N_("{prepared} of {high} high risks have a trigger and a contingency; {covered} of {channels} channels covered"),
            {"prepared": len(prepared), "high": len(high), "covered": len(channels & covered),
             "channels": len(channels)})


def _governance(p: Project) -> tuple[list[str], list[str]]:
    """(governance teams on board, those missing), as role codes."""
    roles = {m.role.value for m in p.team}
    return [r for r in GOVERNANCE_ROLES if r in roles], [r for r in GOVERNANCE_ROLES if r not in roles]


def _roles(codes: list[str]) -> str:
    return join_and(_(ROLE_LABELS[Role(c)]) for c in codes)


def _cadence(p: Project, has_data: bool) -> tuple[float, str, dict[str, object]]:
    with_client = any(c.includes_client for c in p.cadence)
    governance, _missing = _governance(p)
    parts = [bool(p.cadence), with_client, len(governance) >= 2]
    return (sum(parts) / 3,
            N_("cadence: {has}; client in a regular meeting: {client}; governance teams on board: {teams}"),
            {"has": _("yes") if p.cadence else _("no"), "client": _("yes") if with_client else _("no"),
             "teams": _roles(governance) or "—"})


def _cadence_advice(p: Project) -> str:
    """Only what this project's cadence still lacks — never a meeting it already holds."""
    steps = []
    if not p.cadence:
        steps.append(_("Set up a weekly status meeting with its participants and decision authority."))
    if not any(c.includes_client for c in p.cadence):
        steps.append(_("Invite the client to a regular review, so that decisions are confirmed there."))
    governance, missing = _governance(p)
    if len(governance) < 2:
        steps.append(_("Bring {teams} into the rhythm (add them to the team and the meetings).",
                       teams=_roles(missing)))
    return " ".join(steps)


def _dashboard(p: Project, has_data: bool) -> tuple[float, str, dict[str, object]]:
    kpis = [o.kpi for o in p.brief.objectives if o.kpi]
    baselines = sum(1 for k in kpis if k.baseline is not None)
    parts = [has_data, bool(kpis) and baselines == len(kpis)]
    return (sum(parts) / 2, N_("performance data imported: {data}; KPIs with a baseline: {b} of {n}"),
            {"data": _("yes") if has_data else _("no"), "b": baselines, "n": len(kpis)})


def _retro(p: Project, has_data: bool) -> tuple[float, str, dict[str, object]]:
    r = p.retrospective
    parts = [bool(r.metrics), bool(r.learnings), bool(r.next_iteration)]
    return sum(parts) / 3, N_("{n} of 3: metrics vs targets, learnings, next-cycle plan"), {"n": sum(parts)}


def _hidden_goals(p: Project, has_data: bool) -> tuple[float, str, dict[str, object]]:
    b = p.brief
    parts = [bool(b.hidden_goals), bool(b.risk_points), bool(b.alternatives)]
    return sum(parts) / 3, N_("{n} of 3: hidden goals, risk points, alternatives"), {"n": sum(parts)}


def _strategy_map(p: Project, has_data: bool) -> tuple[float, str, dict[str, object]]:
    cells = p.proposal.strategy_map
    linked = sum(1 for c in cells if c.objectives)
    if not cells:
        return 0.0, N_("no strategy map"), {}
    return linked / len(cells), N_("{linked} of {n} strategy-map cells linked to an objective"), \
        {"linked": linked, "n": len(cells)}


PRACTICES = [
    Practice("insight", N_("Audience insight"), "insight.personas",
             N_("Write 2–3 personas and the purchase path with touchpoints; compare 2–3 competitors."), 15, _insight),
    Practice("hidden_goals", N_("Hidden goals and alternatives"), "brief.hidden_goals",
             N_("Ask what the client's boss will judge this by; note the risks and one alternative plan."), 10,
             _hidden_goals),
    Practice("strategy_map", N_("Cross-channel strategy map"), "proposal.strategy_map",
             N_("Lay out channel × funnel stage × content rhythm and link every cell to an objective."), 15,
             _strategy_map),
    Practice("roi", N_("ROI/ROAS estimate"), "proposal.budget",
             N_("Run the funnel forecast and state the expected ROI/ROAS with its range."), 15, _roi),
    Practice("risk_map", N_("Risk map with contingencies"), "risks",
             N_("Give each channel a risk; for the high ones set a data trigger and an “if A then B” action."), 15,
             _risk_map),
    Practice("cadence", N_("Cross-functional cadence"), "cadence",
             N_("Hold a weekly review with the client and bring PR, legal and data into the rhythm."), 10, _cadence,
             _cadence_advice),
    Practice("dashboard", N_("Data dashboard"), "brief.objectives",
             N_("Import the platforms' reports and give every KPI a baseline, so pacing is visible."), 10,
             _dashboard),
    Practice("retrospective", N_("Retrospective and next cycle"), "retrospective",
             N_("After the flight, compare metrics with targets, write the learnings and propose the next cycle."),
             10, _retro),
]


def readiness(project: Project, *, has_data: bool = False) -> Readiness:
    results = []
    total = sum(p.weight for p in PRACTICES)
    got = 0.0
    for practice in PRACTICES:
        score, reason, params = practice.measure(project, has_data)
        got += score * practice.weight
        advice = practice.advise(project) if practice.advise and score < 1.0 else ""
        results.append(PracticeResult(practice.id, _(practice.title), round(score, 2), _(reason, **params),
                                      practice.section, advice or _(practice.tip)))
    return Readiness(round(100 * got / total), results)
