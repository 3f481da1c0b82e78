"""Budget commands: ``aeflow budget solve``, ``optimize``, ``forecast``, ``scenario``."""

from __future__ import annotations

import json
import math
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from aeflow.cli.common import console, err_console, handle_errors
from aeflow.i18n import _


class OutFormat(str, Enum):
    text = "text"
    json = "json"


budget_app = typer.Typer(help="Budget and forecast: funnel estimates, the channel-mix optimiser, scenarios.",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(budget_app, name="budget")


def _finite(value: object) -> object:
    """Non-finite numbers (an infinite CPA when nothing converts) become null: JSON has no infinity."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_finite(v) for v in value]
    return value


def _dumps(value: object) -> str:
    return json.dumps(_finite(value), ensure_ascii=False, indent=2, allow_nan=False)


def _money(x: float) -> str:
    return f"{x:,.0f}"


@budget_app.command("solve")
def solve(
    problem_file: Annotated[Path, typer.Argument(metavar="PROBLEM.json", help="Allocation problem (JSON).")],
    format: Annotated[OutFormat, typer.Option("--format", help="json (default) or text.")] = OutFormat.json,
    gap: Annotated[float, typer.Option("--gap", help="Stop when the certified relative gap is at most this.")] = 1e-6,
) -> None:
    """Solve an allocation problem file: the optimal split of the total across channels, with a certified gap."""
    with handle_errors():
        from aeflow.services import budget

        problem = budget.load_problem(problem_file)
        result = budget.solve(problem, gap_tol=gap)
    if format == OutFormat.json:
        typer.echo(_dumps(result.as_dict()))
        return
    table = Table(_("Channel"), _("Amount"), _("Share"), _("Marginal return"), header_style="bold")
    for name, amount in result.amounts.items():
        table.add_row(name, _money(amount), f"{amount / problem.total:.1%}", f"{result.marginal[name]:.4f}")
    console.print(table)
    console.print(_("objective {objective}, upper bound {bound}, certified gap {gap}",
                    objective=f"{result.objective:,.2f}", bound=f"{result.upper_bound:,.2f}",
                    gap=f"{result.gap:.2e}"), highlight=False)


ProjectArg = Annotated[str, typer.Argument(metavar="PROJECT", help="Project ID or project file.")]
FormatOpt = Annotated[OutFormat, typer.Option("--format", help="text or json.")]
RatesOpt = Annotated[Path | None, typer.Option("--rates", help="Benchmark overrides (YAML, same format as the shipped table).")]
CurvesOpt = Annotated[Path | None, typer.Option("--curves", help="Response curves per channel (CSV: hill, robyn, pymc_hill, pymc_logistic).")]
ObjectiveOpt = Annotated[str, typer.Option("--objective", help="What to maximise: revenue, conversions or reach.")]
CapOpt = Annotated[list[str] | None, typer.Option("--cap", help="Cap a category or channel at a share of the total, e.g. kol=0.3 (repeatable).")]
LockOpt = Annotated[list[str] | None, typer.Option("--lock", help="Keep this channel at its planned amount (repeatable).")]
FitOpt = Annotated[bool, typer.Option("--fit", help="Use curves fitted to the project's imported platform data where the data identify them.")]


def _curves(st: object, project: object, curves: Path | None, fit: bool, objective: str) -> dict[str, object]:
    """Imported curves, then curves fitted to the platform data (where identified); the rest of
    the channels use curves derived from the benchmarks."""
    from aeflow.services import budget_mix

    out: dict[str, object] = dict(budget_mix.load_curves(curves))
    if fit:
        fits = budget_mix.fit_project(st.settings.data_dir, project, objective=objective)  # type: ignore[attr-defined, arg-type]
        used = [ch for ch, curve in budget_mix.fitted_curves(fits, project).items()  # type: ignore[arg-type]
                if out.setdefault(ch, curve) is curve]
        err_console.print(_("curves fitted to the platform data: {channels}; the others from the benchmarks",
                            channels=", ".join(used) or "—"), style="dim", highlight=False)
    return out


def _caps(values: list[str] | None) -> dict[str, float]:
    out: dict[str, float] = {}
    for v in values or []:
        name, _sep, share = v.partition("=")
        try:
            out[name.strip()] = float(share.rstrip("%")) / (100.0 if share.endswith("%") else 1.0)
        except ValueError:
            raise typer.BadParameter(_("expected NAME=SHARE like kol=0.3, got {input}", input=v)) from None
    return out


def _q(q: object, digits: int = 0) -> str:
    from aeflow.engines.budget.funnel import Quantiles

    assert isinstance(q, Quantiles)
    if digits:
        return f"{q.p50:.{digits}f} ({q.p10:.{digits}f}–{q.p90:.{digits}f})"
    return f"{q.p50:,.0f} ({q.p10:,.0f}–{q.p90:,.0f})"


def _forecast_json(fc: object) -> dict[str, object]:
    from dataclasses import asdict

    return asdict(fc)  # type: ignore[call-overload, no-any-return]


@budget_app.command("forecast")
def forecast_cmd(
    ctx: typer.Context,
    project_ref: ProjectArg,
    format: FormatOpt = OutFormat.text,
    rates: RatesOpt = None,
    draws: Annotated[int, typer.Option("--draws", help="Monte Carlo draws.")] = 20_000,
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same numbers).")] = 0,
) -> None:
    """Funnel forecast of the media and KOL lines: P10/P50/P90 and the chance each KPI is met."""
    from aeflow.cli.common import state

    st = state(ctx)
    with handle_errors():
        from aeflow.services import budget_mix, projects

        project, _v = projects.resolve(st.db, project_ref)
        fc = budget_mix.project_forecast(project, budget_mix.load_benchmarks(rates), draws=draws, seed=seed)
    if format == OutFormat.json:
        typer.echo(_dumps(_forecast_json(fc)))
        return
    table = Table(_("Budget line"), _("Spend"), _("Impressions"), _("Clicks"), _("Conversions"), "GMV", "ROAS",
                  header_style="bold")
    for lid, m in fc.lines.items():
        spend = next(line.planned for line in project.budget.lines if line.id == lid)
        table.add_row(lid, _money(float(spend)), _q(m["impressions"]), _q(m["clicks"]), _q(m["conversions"]),
                      _q(m["gmv"]), _q(m["roas"], 2))
    if fc.total:
        t = fc.total
        table.add_row(f"[bold]{_('Total')}[/]", _money(fc.spend), _q(t["impressions"]), _q(t["clicks"]),
                      _q(t["conversions"]), _q(t["gmv"]), _q(t["roas"], 2))
    console.print(table)
    console.print(_("P50 (P10–P90) over {draws} draws, seed {seed}", draws=fc.draws, seed=fc.seed), style="dim")
    _print_kpis(fc)


def _print_kpis(fc: object) -> None:
    kpis = getattr(fc, "kpis", [])
    if not kpis:
        return
    table = Table(_("Objective"), "KPI", _("Target"), _("Forecast"), _("Chance met"), header_style="bold")
    for k in kpis:
        chance = "—" if k.probability is None else f"{k.probability:.0%}"
        table.add_row(k.objective, k.metric, f"{k.comparison} {k.target:g}",
                      _q(k.forecast, 4 if k.forecast and k.forecast.p50 < 10 else 0) if k.forecast else
                      _("not forecast by the funnel"), chance)
    console.print(table)


def _report_json(report: object) -> dict[str, object]:
    from dataclasses import asdict

    r = report
    out: dict[str, object] = {
        "objective": r.objective, "total": r.total,  # type: ignore[attr-defined]
        "allocation": r.result.amounts, "marginal_return": r.result.marginal,  # type: ignore[attr-defined]
        "predicted": asdict(r.optimised.band), "plan": {  # type: ignore[attr-defined]
            "allocation": r.plan.amounts, "objective": r.plan.objective,  # type: ignore[attr-defined]
            "predicted": asdict(r.plan.band)},  # type: ignore[attr-defined]
        "change": {c: r.result.amounts.get(c, 0.0) - r.plan.amounts.get(c, 0.0)  # type: ignore[attr-defined]
                   for c in {**r.plan.amounts, **r.result.amounts}},  # type: ignore[attr-defined]
        "upper_bound": r.result.upper_bound, "gap": r.result.gap,  # type: ignore[attr-defined]
        "kpis": [asdict(k) for k in r.optimised.forecast.kpis],  # type: ignore[attr-defined]
    }
    if r.scenario is not None:  # type: ignore[attr-defined]
        out["plan_under_scenario"] = {"allocation": r.scenario.amounts, "objective": r.scenario.objective,  # type: ignore[attr-defined]
                                      "predicted": asdict(r.scenario.band),  # type: ignore[attr-defined]
                                      "kpis": [asdict(k) for k in r.scenario.forecast.kpis]}  # type: ignore[attr-defined]
    return out


def _print_report(report: object) -> None:
    r = report
    cols = [r.plan] + ([r.scenario] if r.scenario is not None else []) + [r.optimised]  # type: ignore[attr-defined]
    table = Table(_("Channel"), *[c.label for c in cols], _("Marginal return"), header_style="bold")
    channels = list(dict.fromkeys([*r.plan.amounts, *r.optimised.amounts]))  # type: ignore[attr-defined]
    for ch in channels:
        table.add_row(ch, *[_money(c.amounts.get(ch, 0.0)) for c in cols],
                      f"{r.result.marginal.get(ch, 0.0):.3f}")  # type: ignore[attr-defined]
    table.add_row(f"[bold]{_('Objective')} ({r.objective})[/]",  # type: ignore[attr-defined]
                  *[_q(c.band) for c in cols], "")
    probs = {}
    for c in cols:
        for k in c.forecast.kpis:
            if k.probability is not None:
                probs.setdefault(f"{k.objective} ({k.metric})", []).append(f"{k.probability:.0%}")
    for name, vals in probs.items():
        table.add_row(_("Chance: {kpi}", kpi=name), *vals, "")
    console.print(table)
    console.print(_("certified gap {gap}; predicted objective is P50 (P10–P90)", gap=f"{r.result.gap:.1e}"),  # type: ignore[attr-defined]
                  style="dim", highlight=False)


@budget_app.command("optimize")
def optimize_cmd(
    ctx: typer.Context,
    project_ref: ProjectArg,
    total: Annotated[float | None, typer.Option("--total", help="Budget to allocate (default: today's media and KOL plan).")] = None,
    objective: ObjectiveOpt = "revenue",
    cap: CapOpt = None,
    lock: LockOpt = None,
    rates: RatesOpt = None,
    curves: CurvesOpt = None,
    fit: FitOpt = False,
    apply: Annotated[bool, typer.Option("--apply", help="Write the allocation into the budget lines (new version with a history entry).")] = False,
    reason: Annotated[str, typer.Option("--reason", help="Why, for the history (with --apply).")] = "",
    format: FormatOpt = OutFormat.text,
) -> None:
    """Optimise the channel mix: allocation, predicted objective (P10–P90), marginal returns, change against the plan."""
    from aeflow.cli.common import state

    st = state(ctx)
    with handle_errors():
        from aeflow.services import budget_mix, projects

        project, _v = projects.resolve(st.db, project_ref)
        report = budget_mix.optimise_project(
            project, budget_mix.load_benchmarks(rates), objective=objective, total=total,
            curves=_curves(st, project, curves, fit, objective), caps=_caps(cap), locked=lock or [])  # type: ignore[arg-type]
        version = budget_mix.accept(st.db, project_ref, report, author=st.settings.user, reason=reason) if apply else None
    if format == OutFormat.json:
        out = _report_json(report)
        if version is not None:
            out["version"] = version
        typer.echo(_dumps(out))
        return
    _print_report(report)
    if version is not None:
        console.print("[green]✓[/] " + _("budget lines updated: version {version}", version=version), highlight=False)


@budget_app.command("scenario")
def scenario_cmd(
    ctx: typer.Context,
    project_ref: ProjectArg,
    cpm: Annotated[list[str] | None, typer.Option("--cpm", help="CPM inflation: PERIOD=FACTOR, PERIOD one of 618, 双11, 春节 or START:END; e.g. 双11=1.3 (repeatable).")] = None,
    cut: Annotated[float, typer.Option("--cut", help="Cut the budget by this percentage, e.g. 10.")] = 0.0,
    lose: Annotated[list[str] | None, typer.Option("--lose", help="A channel that is lost (repeatable).")] = None,
    objective: ObjectiveOpt = "revenue",
    cap: CapOpt = None,
    lock: LockOpt = None,
    rates: RatesOpt = None,
    curves: CurvesOpt = None,
    fit: FitOpt = False,
    format: FormatOpt = OutFormat.text,
) -> None:
    """A price-volatility scenario: plan, plan under the scenario, and the reallocated mix side by side."""
    from aeflow.cli.common import state

    st = state(ctx)
    with handle_errors():
        from aeflow.engines.budget.scenarios import Inflation, Scenario, parse_window
        from aeflow.services import budget_mix, projects

        infl = []
        for spec in cpm or []:
            period, _sep, factor = spec.rpartition("=")
            try:
                infl.append(Inflation(parse_window(period), float(factor)))
            except ValueError:
                raise typer.BadParameter(_("expected PERIOD=FACTOR like 双11=1.3, got {input}", input=spec)) from None
        scenario = Scenario(name=" ".join(cpm or []), inflation=tuple(infl), budget_cut=cut / 100.0,
                            lost=tuple(lose or []))
        project, _v = projects.resolve(st.db, project_ref)
        report = budget_mix.optimise_project(
            project, budget_mix.load_benchmarks(rates), objective=objective,
            curves=_curves(st, project, curves, fit, objective),  # type: ignore[arg-type]
            caps=_caps(cap), locked=lock or [], scenario=scenario)
    if format == OutFormat.json:
        typer.echo(_dumps(_report_json(report)))
        return
    _print_report(report)


RateCardOpt = Annotated[Path | None, typer.Option("--ratecard", help="Rate card (YAML: roles and per-client rates).")]


@budget_app.command("labour")
def labour_cmd(ctx: typer.Context, project_ref: ProjectArg, ratecard: RateCardOpt = None,
               format: FormatOpt = OutFormat.text) -> None:
    """Agency labour: planned and actual cost by role, burn against the agreed fee, over-burn alerts."""
    from aeflow.cli.common import state

    st = state(ctx)
    with handle_errors():
        from aeflow.services import labour

        report = labour.project_labour(st.db, project_ref, labour.load_ratecard(ratecard))
    if format == OutFormat.json:
        typer.echo(_dumps({
            "project": report.project, "client": report.client, "fee": report.fee, "planned": report.planned,
            "actual": report.actual, "earned": report.earned, "burn": report.burn,
            "roles": [{"role": r.role, "rate": r.rate, "estimated_hours": r.estimated_hours,
                       "logged_hours": r.logged_hours, "planned": r.planned, "actual": r.actual} for r in report.roles],
            "costs": report.costs, "alerts": [{"code": a.code, "message": a.message} for a in report.alerts],
        }))
        raise typer.Exit(1 if report.alerts and any(a.code != "labour_no_fee" for a in report.alerts) else 0)
    table = Table(_("Role"), _("Rate"), _("Estimated hours"), _("Logged hours"), _("Planned cost"), _("Actual cost"),
                  header_style="bold")
    for r in report.roles:
        table.add_row(r.role, _money(r.rate), f"{r.estimated_hours:g}", f"{r.logged_hours:g}", _money(r.planned),
                      _money(r.actual))
    table.add_row(f"[bold]{_('Total')}[/]", "", "", "", _money(report.planned), _money(report.actual))
    console.print(table)
    costs = Table(_("Category"), _("Planned"), _("Committed"), _("Actual"), header_style="bold")
    for cat, c in report.costs.items():
        costs.add_row(cat, _money(c["planned"]), _money(c["committed"]), _money(c["actual"]))
    costs.add_row(_("labour (hours)"), _money(report.planned), "", _money(report.actual))
    console.print(costs)
    if report.fee is not None:
        console.print(_("agency fee {fee}: labour burn {burn}", fee=_money(report.fee),
                        burn=f"{report.burn:.0%}" if report.burn is not None else "—"), highlight=False)
    for a in report.alerts:
        console.print(f"[yellow]![/] {a.message}", highlight=False)
    if any(a.code != "labour_no_fee" for a in report.alerts):
        raise typer.Exit(1)


@budget_app.command("billing")
def billing_cmd(ctx: typer.Context,
                client: Annotated[str, typer.Argument(metavar="CLIENT", help="Client id.")],
                ratecard: RateCardOpt = None, format: FormatOpt = OutFormat.text) -> None:
    """Per-client roll-up of logged hours by role across its projects, for billing."""
    from aeflow.cli.common import state

    st = state(ctx)
    with handle_errors():
        from aeflow.services import labour

        hours = labour.client_hours(st.db, client, labour.load_ratecard(ratecard))
    if format == OutFormat.json:
        typer.echo(_dumps({"client": hours.client, "projects": hours.projects, "hours": hours.hours,
                               "cost": hours.cost, "fee": hours.fee}))
        return
    table = Table(_("Role"), _("Logged hours"), header_style="bold")
    for role, h in hours.hours.items():
        table.add_row(role, f"{h:g}")
    console.print(table)
    console.print(_("{n} project(s); labour {cost} against fees of {fee}", n=len(hours.projects),
                    cost=_money(hours.cost), fee=_money(hours.fee)), highlight=False)


@budget_app.command("fit")
def fit_cmd(
    ctx: typer.Context,
    history: Annotated[Path | None, typer.Argument(metavar="[HISTORY.csv]", help="Daily history: date, channel, spend, outcome.")] = None,
    project_ref: Annotated[str | None, typer.Option("--project", help="Fit to this project's imported platform data instead.")] = None,
    objective: ObjectiveOpt = "revenue",
    adstock: Annotated[bool, typer.Option("--adstock", help="Fit a geometric carry-over too.")] = False,
    periods: Annotated[float, typer.Option("--periods", help="Days in the coming flight (for --out).")] = 30,
    out: Annotated[Path | None, typer.Option("--out", help="Write the curves as a curves file for --curves.")] = None,
    format: FormatOpt = OutFormat.text,
) -> None:
    """Fit a response curve per channel to daily history, with fit quality and identification warnings."""
    from aeflow.cli.common import fail, state

    if (history is None) == (project_ref is None):
        fail(_("give either a history file or --project"), code=2)
    st = state(ctx)
    with handle_errors():
        from aeflow.services import budget_mix, projects

        if history is not None:
            fits = budget_mix.fit_curves(history, with_adstock=adstock)
        else:
            assert project_ref is not None
            project, _v = projects.resolve(st.db, project_ref)
            fits = budget_mix.fit_project(st.settings.data_dir, project, objective=objective, with_adstock=adstock)
        if out is not None:
            out.write_text(budget_mix.curves_csv(fits, periods), encoding="utf-8")
    if format == OutFormat.json:
        typer.echo(_dumps({ch: {"beta": f.curve.beta, "k": f.curve.k, "s": f.curve.s, "decay": f.decay,
                                    "r2": f.r2, "points": f.points, "warnings": f.warnings}
                               for ch, f in fits.items()}))
        return
    table = Table(_("Channel"), "beta", "k", "s", _("Decay"), "R²", _("Days"), header_style="bold")
    for ch, f in fits.items():
        table.add_row(ch, f"{f.curve.beta:,.4g}", f"{f.curve.k:,.4g}", f"{f.curve.s:.2f}", f"{f.decay:.2f}",
                      f"{f.r2:.3f}", str(f.points))
    console.print(table)
    for f in fits.values():
        for w in f.warnings:
            console.print(f"[yellow]![/] {w}", highlight=False)


@budget_app.command("reallocate")
def reallocate_cmd(
    ctx: typer.Context,
    project_ref: ProjectArg,
    objective: ObjectiveOpt = "revenue",
    cap: CapOpt = None,
    lock: LockOpt = None,
    rates: RatesOpt = None,
    curves: CurvesOpt = None,
    apply: Annotated[bool, typer.Option("--apply", help="Write the allocation into the budget lines (new version with a history entry).")] = False,
    reason: Annotated[str, typer.Option("--reason", help="Why, for the history (with --apply).")] = "",
    format: FormatOpt = OutFormat.text,
) -> None:
    """Mid-flight: refit the curves to the actuals and suggest moving the budget not yet spent or committed."""
    from aeflow.cli.common import state

    st = state(ctx)
    with handle_errors():
        from aeflow.services import budget_mix, projects

        project, _v = projects.resolve(st.db, project_ref)
        floors = budget_mix.spent_to_date(st.settings.data_dir, project)
        refit = (st.settings.data_dir / "metrics.duckdb").exists()  # without actuals: benchmark curves
        report = budget_mix.optimise_project(
            project, budget_mix.load_benchmarks(rates), objective=objective,
            curves=_curves(st, project, curves, refit, objective),  # type: ignore[arg-type]
            caps=_caps(cap), locked=lock or [], floors=floors)
        version = budget_mix.accept(st.db, project_ref, report, author=st.settings.user, reason=reason) if apply else None
    if format == OutFormat.json:
        out = _report_json(report)
        out["spent"] = floors
        gain = report.optimised.band
        out["expected_gain"] = {"p10": gain.p10 - report.plan.band.p10, "p50": gain.p50 - report.plan.band.p50,
                                "p90": gain.p90 - report.plan.band.p90}
        if version is not None:
            out["version"] = version
        typer.echo(_dumps(out))
        return
    _print_report(report)
    console.print(_("expected gain {gain} (P50); money already spent or committed stays where it is",
                    gain=_money(report.optimised.objective - report.plan.objective)), highlight=False)
    if version is not None:
        console.print("[green]✓[/] " + _("budget lines updated: version {version}", version=version), highlight=False)
