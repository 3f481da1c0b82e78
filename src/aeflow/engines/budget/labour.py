"""Agency labour: the cost of the team's hours beside media, fees and production.

Planned labour cost comes from the work items' estimated hours, actual cost from their logged
hours, each at the role's rate (the agency's rate card, overridable per client). Burn is actual
cost against the agreed agency fee; an over-burn is an alert like any trigger.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from aeflow.domain.common import Role
from aeflow.domain.project import Project
from aeflow.errors import Invalid, Problem
from aeflow.i18n import _


@dataclass(frozen=True)
class RateCard:
    roles: dict[str, float]
    clients: dict[str, dict[str, float]] = field(default_factory=dict)
    currency: str = "CNY"

    def rate(self, role: str, client: str | None = None) -> float:
        own = self.clients.get(client or "", {})
        return float(own.get(role, self.roles.get(role, 0.0)))


def ratecard_from_data(data: object) -> RateCard:
    problems: list[Problem] = []
    if not isinstance(data, Mapping) or not isinstance(data.get("roles"), Mapping):
        raise Invalid(_("a rate card needs a mapping of roles to hourly rates"))
    known = {r.value for r in Role}

    def rates(spec: object, path: tuple[str, ...]) -> dict[str, float]:
        out: dict[str, float] = {}
        for role, rate in (spec or {}).items() if isinstance(spec, Mapping) else ():
            if role not in known:
                problems.append(Problem(path + (role,), "budget_ratecard", {"default": _(
                    "{role} is not a team role ({known})", role=role, known=", ".join(sorted(known)))}))
            elif not isinstance(rate, (int, float)) or isinstance(rate, bool) or rate < 0:
                problems.append(Problem(path + (role,), "budget_ratecard", {"default": _(
                    "the rate of {role} must be a non-negative number, got {value}", role=role, value=rate)}))
            else:
                out[role] = float(rate)
        return out

    roles = rates(data["roles"], ("roles",))
    clients = {str(c): rates(spec, ("clients", str(c))) for c, spec in (data.get("clients") or {}).items()}
    if problems:
        raise Invalid(_("the rate card has {count} problem(s)", count=len(problems)), problems)
    return RateCard(roles=roles, clients=clients, currency=str(data.get("currency", "CNY")))


@dataclass(frozen=True)
class RoleLabour:
    role: str
    rate: float
    estimated_hours: float
    logged_hours: float
    done_hours: float  # estimated hours of finished items: the work delivered

    @property
    def planned(self) -> float:
        return self.estimated_hours * self.rate

    @property
    def actual(self) -> float:
        return self.logged_hours * self.rate


@dataclass(frozen=True)
class Alert:
    code: str
    message: str


@dataclass(frozen=True)
class LabourReport:
    project: str
    client: str
    roles: list[RoleLabour]
    fee: float | None
    costs: dict[str, dict[str, float]]  # budget category -> planned / committed / actual
    alerts: list[Alert]

    @property
    def planned(self) -> float:
        return sum(r.planned for r in self.roles)

    @property
    def actual(self) -> float:
        return sum(r.actual for r in self.roles)

    @property
    def earned(self) -> float:
        return sum(r.done_hours * r.rate for r in self.roles)

    @property
    def burn(self) -> float | None:
        return self.actual / self.fee if self.fee else None


def labour(project: Project, card: RateCard) -> LabourReport:
    """Labour cost and burn of one project."""
    acc: dict[str, list[float]] = {}
    for w in project.work_items:
        if w.role in (Role.client, Role.vendor):
            continue
        row = acc.setdefault(w.role.value, [0.0, 0.0, 0.0])
        est = float(w.estimated_hours or 0.0)
        row[0] += est
        row[1] += float(w.logged_hours)
        row[2] += est if w.status.value == "done" else 0.0
    roles = [RoleLabour(role, card.rate(role, project.client.id), *vals) for role, vals in sorted(acc.items())]
    costs: dict[str, dict[str, float]] = {}
    for line in project.budget.lines:
        c = costs.setdefault(line.category.value, {"planned": 0.0, "committed": 0.0, "actual": 0.0})
        c["planned"] += float(line.planned)
        c["committed"] += float(line.committed)
        c["actual"] += float(line.actual)
    fee = float(project.budget.agency_fee) if project.budget.agency_fee is not None else None
    report = LabourReport(project=project.id, client=project.client.id, roles=roles, fee=fee, costs=costs, alerts=[])
    return replace(report, alerts=_alerts(report))


def _alerts(r: LabourReport) -> list[Alert]:
    out: list[Alert] = []
    money = lambda x: f"{x:,.0f}"
    if r.fee is None:
        if r.planned or r.actual:
            out.append(Alert("labour_no_fee", _("no agency fee is recorded: labour of {actual} cannot be "
                                                "checked against it", actual=money(r.actual))))
        return out
    if r.actual > r.fee:
        out.append(Alert("labour_over_fee", _("labour already costs {actual}, {pct} of the agreed fee {fee}",
                                              actual=money(r.actual), pct=f"{r.actual / r.fee:.0%}", fee=money(r.fee))))
    elif r.planned > r.fee:
        out.append(Alert("labour_plan_over_fee", _("the plan's hours cost {planned}, more than the agreed fee {fee}",
                                                   planned=money(r.planned), fee=money(r.fee))))
    if r.planned > 0 and r.actual > 0:
        delivered = r.earned / r.planned
        spent = r.actual / r.planned
        if spent > delivered + 0.1:
            out.append(Alert("labour_burn_ahead", _(
                "hours burn ahead of delivery: {spent} of the planned labour spent for {delivered} of the work done",
                spent=f"{spent:.0%}", delivered=f"{delivered:.0%}")))
    return out


@dataclass(frozen=True)
class ClientHours:
    client: str
    projects: list[str]
    hours: dict[str, float]  # role -> logged hours
    cost: float
    fee: float


def client_rollup(client: str, projects: Sequence[Project], card: RateCard) -> ClientHours:
    """Logged hours by role across a client's projects, for billing."""
    hours: dict[str, float] = {}
    cost = fee = 0.0
    names = []
    for p in projects:
        rep = labour(p, card)
        names.append(p.id)
        for r in rep.roles:
            hours[r.role] = hours.get(r.role, 0.0) + r.logged_hours
        cost += rep.actual
        fee += rep.fee or 0.0
    return ClientHours(client=client, projects=names, hours=dict(sorted(hours.items())), cost=cost, fee=fee)
