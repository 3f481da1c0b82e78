"""Budget commands: ``aeflow budget solve``, ``forecast``, ``optimize``, ``scenario``, ``reallocate``, ``fit``
(``labour`` and ``billing`` live in :mod:`aeflow.cli.budget_labour`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from aeflow.cli.budget_output import (
    FormatOpt,
    OutFormat,
    ProjectArg,
    _dumps,
    _forecast_json,
    _money,
    _q,
    _report_json,
    print_assumptions,
    print_kpis,
    print_report,
)
from aeflow.cli.common import console, err_console, handle_errors
from aeflow.i18n import _

budget_app = typer.Typer(help="Budget and forecast: funnel estimates, the channel-mix optimiser, scenarios.",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(budget_app, name="budget")


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
    print_assumptions(fc)
    print_kpis(fc)


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
        _emit_json(report, version)
        return
    print_report(report)
    _say_stored(version)


@budget_app.command("scenario")
def scenario_cmd(
    ctx: typer.Context,
    project_ref: ProjectArg,
    cpm: Annotated[list[str] | None, typer.Option("--cpm", help="CPM inflation: PERIOD=FACTOR; PERIOD a named period (元旦, 年货节, 春节, 清明, 五一, 520, 618, 端午, 七夕, 中秋, 国庆, 双11, 双12), START:END or MM-DD:MM-DD; e.g. 国庆=1.2 (repeatable).")] = None,
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
    print_report(report)


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
        refit = budget_mix.has_actuals(st.settings.data_dir)  # without actuals: benchmark curves
        report = budget_mix.optimise_project(
            project, budget_mix.load_benchmarks(rates), objective=objective,
            curves=_curves(st, project, curves, refit, objective),  # type: ignore[arg-type]
            caps=_caps(cap), locked=lock or [], floors=floors)
        version = budget_mix.accept(st.db, project_ref, report, author=st.settings.user, reason=reason) if apply else None
    if format == OutFormat.json:
        gain = report.optimised.band
        _emit_json(report, version, spent=floors, expected_gain={
            "p10": gain.p10 - report.plan.band.p10, "p50": gain.p50 - report.plan.band.p50,
            "p90": gain.p90 - report.plan.band.p90})
        return
    print_report(report)
    console.print(_("expected gain {gain} (P50); money already spent or committed stays where it is",
                    gain=_money(report.optimised.objective - report.plan.objective)), highlight=False)
    _say_stored(version)



def _emit_json(report: Any, version: int | None, **extra: Any) -> None:
    """An optimisation's JSON: the report, what the command adds, and the stored version (with --apply)."""
    out = {**_report_json(report), **extra}
    if version is not None:
        out["version"] = version
    typer.echo(_dumps(out))


def _say_stored(version: int | None) -> None:
    if version is not None:
        console.print("[green]✓[/] " + _("budget lines updated: version {version}", version=version), highlight=False)


from aeflow.cli import budget_labour

budget_labour.add_commands(budget_app)
