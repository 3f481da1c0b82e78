"""Budget commands for agency labour: ``aeflow budget labour`` and ``aeflow budget billing``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from aeflow.cli.budget_output import FormatOpt, OutFormat, ProjectArg, _dumps, _money
from aeflow.cli.common import console, cost_label, handle_errors, role_label
from aeflow.i18n import _

RateCardOpt = Annotated[Path | None, typer.Option("--ratecard", help="Rate card (YAML: roles and per-client rates).")]


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
        table.add_row(role_label(r.role), _money(r.rate), f"{r.estimated_hours:g}", f"{r.logged_hours:g}",
                      _money(r.planned), _money(r.actual))
    table.add_row(f"[bold]{_('Total')}[/]", "", "", "", _money(report.planned), _money(report.actual))
    console.print(table)
    costs = Table(_("Category"), _("Planned"), _("Committed"), _("Actual"), header_style="bold")
    for cat, c in report.costs.items():
        costs.add_row(cost_label(cat), _money(c["planned"]), _money(c["committed"]), _money(c["actual"]))
    costs.add_row(_("labour (hours)"), _money(report.planned), "", _money(report.actual))
    console.print(costs)
    if report.fee is not None:
        console.print(_("agency fee {fee}: labour burn {burn}", fee=_money(report.fee),
                        burn=f"{report.burn:.0%}" if report.burn is not None else "—"), highlight=False)
    for a in report.alerts:
        console.print(f"[yellow]![/] {a.message}", highlight=False)
    if any(a.code != "labour_no_fee" for a in report.alerts):
        raise typer.Exit(1)


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
        table.add_row(role_label(role), f"{h:g}")
    console.print(table)
    console.print(_("{n} project(s); labour {cost} against fees of {fee}", n=len(hours.projects),
                    cost=_money(hours.cost), fee=_money(hours.fee)), highlight=False)


def add_commands(budget_app: typer.Typer) -> None:
    """Add ``labour`` and ``billing`` to the ``budget`` group."""
    budget_app.command("labour")(labour_cmd)
    budget_app.command("billing")(billing_cmd)
