"""Project budget use cases: funnel forecast, optimised mix, scenarios, accepting an allocation.

Files (benchmark overrides, imported curves) are read here; the engines stay pure.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from aeflow import formatting as fmt
from aeflow.domain.project import Project
from aeflow.engines.budget import mix, responses
from aeflow.engines.budget.curves import HillCurve
from aeflow.engines.budget.funnel import (
    Benchmarks,
    Forecast,
    Quantiles,
    Spend,
    benchmarks_from_data,
    forecast,
)
from aeflow.engines.budget.optimiser import Allocation, optimise
from aeflow.engines.budget.scenarios import Scenario, cpm_factors
from aeflow.errors import Invalid, NotFound, Problem
from aeflow.i18n import _

FUNNEL_METRIC = {"revenue": "gmv", "conversions": "conversions", "reach": "impressions"}


@cache
def default_benchmarks() -> Benchmarks:
    text = resources.files("aeflow").joinpath("data/benchmarks.yaml").read_text(encoding="utf-8")
    return benchmarks_from_data(yaml.safe_load(text))


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise NotFound(_("{path}: no such file", path=str(path)), file=str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise Invalid(_("{path}: the file cannot be read: {reason}", path=str(path), reason=str(exc))) from None


def load_benchmarks(overrides: Path | None = None) -> Benchmarks:
    """The shipped benchmark table, with a project's overrides file (same YAML format) merged on top."""
    base = default_benchmarks()
    if overrides is None:
        return base
    try:
        data = yaml.safe_load(_read(overrides)) or {}
    except yaml.YAMLError as exc:
        raise Invalid(_("{path}: not valid YAML: {reason}", path=str(overrides), reason=" ".join(str(exc).split())))
    if not isinstance(data, dict):
        raise Invalid(_("{path}: a benchmark file must be a mapping", path=str(overrides)))
    try:
        return base.merged(data)
    except Invalid as exc:
        raise Invalid(exc.message, [Problem(p.path, p.code, p.params, file=str(overrides)) for p in exc.problems]) from None


CURVE_EXTRA = ("periods", "decay", "channel_scale", "target_scale", "r2")
CURVE_COLUMNS = {
    "hill": ("beta", "k", "s"),
    "robyn": ("alpha", "gamma", "coef", "x_min", "x_max"),
    "pymc_hill": ("slope", "kappa", "beta"),
    "pymc_logistic": ("lam", "beta"),
}


def curves_from_csv(text: str, filename: str = "curves.csv") -> dict[str, HillCurve]:
    """Flight curves per channel from a CSV in aeflow's, Robyn's or PyMC-Marketing's parameters.

    Columns: ``channel``, ``source`` (hill, robyn, pymc_hill, pymc_logistic), the source's
    parameters, and optionally ``periods`` (model periods in the flight, default 1), ``decay``
    (geometric adstock: Robyn's theta, PyMC-Marketing's alpha), ``channel_scale`` and
    ``target_scale`` (PyMC-Marketing's data scaling). See docs/budget.md for the mapping.
    """
    rows = list(csv.DictReader(io.StringIO(text)))
    out: dict[str, HillCurve] = {}
    problems: list[Problem] = []
    for i, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        source = row.get("source") or "hill"
        channel = row.get("channel", "")
        need = CURVE_COLUMNS.get(source)
        if not channel or need is None:
            problems.append(Problem((), "budget_curve_row", {"default": _(
                "row {row}: needs a channel and a source (hill, robyn, pymc_hill, pymc_logistic)", row=i)},
                file=filename, line=i))
            continue
        try:
            num = {k: float(row[k]) for k in need}
            extra = {k: float(row[k]) if row.get(k) else d for k, d in
                     (("periods", 1.0), ("decay", 0.0), ("channel_scale", 1.0), ("target_scale", 1.0))}
        except (KeyError, ValueError):
            problems.append(Problem((), "budget_curve_row", {"default": _(
                "row {row}: source {source} needs the numbers {columns}", row=i, source=source,
                columns=", ".join(need))}, file=filename, line=i))
            continue
        if source == "hill":
            curve = HillCurve(num["beta"], num["k"], num["s"])
        elif source == "robyn":
            curve = responses.from_robyn(num["alpha"], num["gamma"], num["coef"], num["x_min"], num["x_max"])
        elif source == "pymc_hill":
            curve = responses.from_pymc_hill(num["slope"], num["kappa"], num["beta"], extra["channel_scale"],
                                             extra["target_scale"])
        else:
            curve, _err = responses.from_pymc_logistic(num["lam"], num["beta"], extra["channel_scale"],
                                                       extra["target_scale"])
        if not (curve.beta > 0 and curve.k > 0 and curve.s > 0 and 0 <= extra["decay"] < 1):
            problems.append(Problem((), "budget_curve_row", {"default": _(
                "row {row}: the parameters do not give a rising curve", row=i)}, file=filename, line=i))
            continue
        out[channel] = responses.flight_curve(curve, extra["periods"], extra["decay"])
    if problems:
        raise Invalid(_("{path}: {count} problem(s) in the curves file", path=filename, count=len(problems)),
                      problems)
    return out


def load_curves(path: Path | None) -> dict[str, HillCurve]:
    return {} if path is None else curves_from_csv(_read(path), str(path))


def flight(project: Project) -> tuple[dt.date, dt.date]:
    """The campaign's flight; without an end date, 30 days from launch."""
    return project.launch, project.flight_end or project.launch + dt.timedelta(days=29)


def project_forecast(project: Project, benchmarks: Benchmarks, *, amounts: Mapping[str, float] | None = None,
                     factors: Mapping[str, float] | None = None, draws: int = 20_000, seed: int = 0) -> Forecast:
    """The funnel forecast of the project's media and KOL lines (or of per-channel ``amounts``); the
    other lines (production, events, fees …) count as spend of the KPIs that say so."""
    bought = [line for line in project.budget.lines if line.category in mix.OPTIMISED]
    if amounts is None:
        spends = [Spend(line.id, line.channel, float(line.planned), line.category.value) for line in bought
                  if line.planned > 0]
    else:
        spends = [s for ch, v in amounts.items() if v > 0
                  for s in _by_category(ch, v, [line for line in bought if line.channel == ch])]
    costs = [Spend(line.id, line.channel, float(line.planned), line.category.value) for line in project.budget.lines
             if line.category not in mix.OPTIMISED and line.planned > 0]
    kpis = [(o.id, o.kpi) for o in project.brief.objectives if o.kpi is not None]
    return forecast(spends, benchmarks, campaign_type=project.campaign_type.value, kpis=kpis, draws=draws,
                    seed=seed, cpm_factors=factors, costs=costs)


def _by_category(channel: str, amount: float, lines: Sequence[Any]) -> list[Spend]:
    """A channel's amount as lines to forecast, split over its lines' cost categories (media, KOL)
    in the proportion the plan has them, so a KPI counting only some categories as spend sees its share."""
    planned: dict[str, float] = {}
    for line in lines:
        planned[line.category.value] = planned.get(line.category.value, 0.0) + float(line.planned)
    whole = math.fsum(planned.values())
    if len(planned) <= 1 or whole <= 0:
        return [Spend(channel, channel, amount, next(iter(planned), "media"))]
    return [Spend(f"{channel}:{cat}", channel, amount * v / whole, cat) for cat, v in planned.items() if v > 0]


@dataclass(frozen=True)
class MixOutcome:
    """One column of a comparison: an allocation, its objective (curve) and its funnel forecast."""

    label: str
    amounts: dict[str, float]
    objective: float
    band: Quantiles  # the objective's P10 / P50 / P90: the curve value times the funnel's spread
    forecast: Forecast


@dataclass(frozen=True)
class MixReport:
    objective: str
    total: float
    plan: MixOutcome
    optimised: MixOutcome
    result: Allocation
    scenario: MixOutcome | None = None  # today's plan under the scenario, before reallocation
    holds: tuple[mix.Hold, ...] = ()  # money that stayed where it is, and why
    free: float = 0.0  # what the optimiser could move: the total less every channel's lower bound
    notes: tuple[str, ...] = ()  # what the user should know about how the numbers were reached

    @property
    def funnel_metric(self) -> str:
        """The funnel forecast's quantity for the objective (GMV for revenue …), shown beside the
        curves' value: the two are different models (see docs/budget.md, "The optimiser")."""
        return FUNNEL_METRIC[self.objective]


def _outcome(label: str, project: Project, benchmarks: Benchmarks, objective: str, amounts: dict[str, float],
             value: float, factors: Mapping[str, float] | None, seed: int) -> MixOutcome:
    fc = project_forecast(project, benchmarks, amounts=amounts, factors=factors, seed=seed)
    q = fc.total.get(FUNNEL_METRIC[objective])
    if q is None or q.p50 <= 0:
        band = Quantiles(value, value, value)
    else:
        band = Quantiles(value * q.p10 / q.p50, value, value * q.p90 / q.p50)
    return MixOutcome(label, amounts, value, band, fc)


def _value(problem_curves: Mapping[str, HillCurve], amounts: Mapping[str, float]) -> float:
    return math.fsum(problem_curves[c].value(v) for c, v in amounts.items() if c in problem_curves)


def optimise_project(project: Project, benchmarks: Benchmarks, *, objective: str = "revenue",
                     total: float | None = None, curves: Mapping[str, HillCurve] | None = None,
                     caps: Mapping[str, float] | None = None, locked: Sequence[str] = (),
                     scenario: Scenario | None = None, seed: int = 0,
                     floors: Mapping[str, float] | None = None) -> MixReport:
    """Today's plan against the optimised mix (under a scenario's prices, budget and channels if given).

    Committed money and signed contracts never move (see :mod:`aeflow.engines.budget.mix`); a
    budget cut comes out of the money that is free, in both the plan and the reallocated mix.
    """
    if objective not in FUNNEL_METRIC:
        raise Invalid(_("unknown objective {objective}: use revenue, conversions or reach", objective=objective))
    current = mix.current_amounts(project)
    if floors:  # mid-flight: a channel that spent beyond its plan has spent it; the total grows with it
        current = {c: max(v, floors.get(c, 0.0)) for c, v in current.items()}
        total = total if total is not None else math.fsum(current.values())
    base = mix.build_problem(project, benchmarks, objective=objective, total=total, curves=curves, caps=caps,
                             locked=locked, floors=floors)
    base_curves = {c.name: c.curve for c in base.channels}
    plan = _outcome(_("plan"), project, benchmarks, objective, current, _value(base_curves, current), None, seed)
    factors: dict[str, float] | None = None
    problem = base
    seen: MixOutcome | None = None
    notes: list[str] = []
    lost: tuple[str, ...] = ()
    if scenario is not None:
        lost = scenario.lost
        factors = cpm_factors(scenario, flight(project), list(current))
        problem = mix.build_problem(project, benchmarks, objective=objective, total=base.total, curves=curves,
                                    caps=caps, locked=[c for c in locked if c not in lost],
                                    cpm_factors=factors, lost=lost, floors=floors)
        lower = {c.name: c.lower for c in problem.channels}
        lost_committed = sum(c.lower for c in base.channels if c.name in lost)
        wanted = (base.total - lost_committed) * (1.0 - scenario.budget_cut)
        spend = max(wanted, math.fsum(lower.values()))
        if spend > wanted + 0.005:
            notes.append(_("a {pct} cut would take {wanted}, but only {cut} is neither committed nor under "
                           "contract: the cut is limited to that", pct=f"{scenario.budget_cut:.0%}",
                           wanted=fmt.money(round(base.total - lost_committed - wanted)),
                           cut=fmt.money(round(base.total - lost_committed - spend))))
        problem = replace(problem, total=spend)
        sc_curves = {c.name: c.curve for c in problem.channels}
        kept = mix.cut_plan({c: v for c, v in current.items() if c not in lost}, lower, spend)
        seen = _outcome(_("plan under the scenario"), project, benchmarks, objective, kept,
                        _value(sc_curves, kept), factors, seed)
    result = optimise(problem)
    best = _outcome(_("optimised") if scenario is None else _("reallocated"), project, benchmarks, objective,
                    result.amounts, result.objective, factors, seed)
    free = max(problem.total - math.fsum(c.lower for c in problem.channels), 0.0)
    return MixReport(objective=objective, total=problem.total, plan=plan, optimised=best, result=result,
                     scenario=seen, holds=tuple(mix.holds(project, locked=locked, floors=floors, lost=lost)),
                     free=free, notes=tuple(notes))


def accept(db: Any, project_ref: str, report: MixReport, *, author: str, reason: str = "") -> int:
    """Write the optimised allocation into the project's budget lines as a new version."""
    from aeflow.services import projects

    project, version = projects.resolve(db, project_ref)
    if version is None:
        raise Invalid(_("{ref} is a file: import it first (aeflow import FILE) so the change has a history",
                        ref=project_ref))
    cents = mix.to_cents(report.result.amounts, report.total)
    updated = mix.apply_allocation(project, cents)  # Invalid when the lines break a budget rule
    gain = (report.optimised.objective / report.plan.objective - 1.0) if report.plan.objective > 0 else 0.0
    why = reason or _("budget optimiser: {objective} {gain} against the plan (certified gap {gap})",
                      objective=report.objective, gain=f"{gain:+.1%}", gap=f"{report.result.gap:.1e}")
    return projects.save(db, updated, expected_version=version, author=author, reason=why)


def history_from_csv(text: str, filename: str = "history.csv") -> dict[str, tuple[list[float], list[float]]]:
    """Daily spend and outcome per channel from a CSV with columns date, channel, spend, outcome."""
    rows = list(csv.DictReader(io.StringIO(text)))
    data: dict[str, list[tuple[str, float, float]]] = {}
    problems: list[Problem] = []
    for i, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        try:
            day = dt.date.fromisoformat(row["date"]).isoformat()
            data.setdefault(row["channel"], []).append((day, float(row["spend"]), float(row["outcome"])))
        except (KeyError, ValueError):
            problems.append(Problem((), "budget_history_row", {"default": _(
                "row {row}: needs date (YYYY-MM-DD), channel, spend and outcome", row=i)}, file=filename, line=i))
    if problems:
        raise Invalid(_("{path}: {count} problem(s) in the history file", path=filename, count=len(problems)),
                      problems)
    out = {}
    for ch, items in data.items():
        items.sort()
        out[ch] = ([s for _d, s, _o in items], [o for _d, _s, o in items])
    return out


def fit_curves(path: Path, *, with_adstock: bool = False) -> dict[str, responses.Fit]:
    import numpy as np

    history = history_from_csv(_read(path), str(path))
    return {ch: responses.fit_history(np.array(s), np.array(o), with_adstock=with_adstock, channel=ch)
            for ch, (s, o) in history.items()}


def curves_csv(fits: Mapping[str, responses.Fit], periods: float) -> str:
    """The fitted curves as a curves file (``--curves``): per-period parameters, flight periods, decay."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["channel", "source", "beta", "k", "s", "periods", "decay", "r2"])
    for ch, f in fits.items():
        w.writerow([ch, "hill", f"{f.curve.beta:.6g}", f"{f.curve.k:.6g}", f"{f.curve.s:.6g}", f"{periods:g}",
                    f"{f.decay:.4g}", f"{f.r2:.4f}"])
    return buf.getvalue()


OUTCOME_MEASURE = {"revenue": "revenue", "conversions": "conversions", "reach": "impressions"}


def has_actuals(data_dir: Path) -> bool:
    """Whether platform data was ever imported into this data directory."""
    from aeflow.metrics.store import MetricsStore

    return MetricsStore.path_in(data_dir).exists()


def history_from_store(data_dir: Path, project_id: str, objective: str = "revenue") -> dict[str, tuple[list[float], list[float]]]:
    """Daily spend and outcome per channel from the project's imported platform data."""
    from aeflow.metrics.store import MetricsStore

    path = MetricsStore.path_in(data_dir)
    if not path.exists():
        raise NotFound(_("no platform data imported yet (no metrics store in {dir})", dir=str(data_dir)))
    measure = OUTCOME_MEASURE[objective]
    with MetricsStore.for_data_dir(data_dir) as store:
        rows = store.metrics(project_id, by=["channel", "date"], metrics=["spend", measure])
    out: dict[str, tuple[list[float], list[float]]] = {}
    for r in rows:
        spend, outcome = out.setdefault(str(r["channel"]), ([], []))
        spend.append(float(r["spend"] or 0))
        outcome.append(float(r[measure] or 0))
    if not out:
        raise NotFound(_("no platform data for project {id}", id=project_id))
    return out


def fit_project(data_dir: Path, project: Project, *, objective: str = "revenue",
                with_adstock: bool = False) -> dict[str, responses.Fit]:
    import numpy as np

    history = history_from_store(data_dir, project.id, objective)
    return {ch: responses.fit_history(np.array(s), np.array(o), with_adstock=with_adstock, channel=ch)
            for ch, (s, o) in history.items() if len(s) >= 3}


def fitted_curves(fits: Mapping[str, responses.Fit], project: Project) -> dict[str, HillCurve]:
    """Flight curves from the fits the data identify (the others stay with the benchmarks)."""
    start, end = flight(project)
    days = (end - start).days + 1
    return {ch: responses.flight_curve(f.curve, days, f.decay) for ch, f in fits.items() if f.identified}


def spent_to_date(data_dir: Path, project: Project) -> dict[str, float]:
    """Money already spent per channel: the imported platform data, or the lines' actuals if larger."""
    out: dict[str, float] = {}
    for line in project.budget.lines:
        if line.category in mix.OPTIMISED:
            out[line.channel] = out.get(line.channel, 0.0) + float(line.actual)
    if has_actuals(data_dir):
        from aeflow.metrics.store import MetricsStore

        with MetricsStore.for_data_dir(data_dir) as store:
            for row in store.metrics(project.id, by=["channel"], metrics=["spend"]):
                ch = str(row["channel"])
                out[ch] = max(out.get(ch, 0.0), float(row["spend"] or 0))
    return out
