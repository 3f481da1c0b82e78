"""Budget commands: ``aeflow budget solve``, ``optimize``, ``forecast``, ``scenario``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from aeflow.cli.common import console, handle_errors
from aeflow.i18n import _


class OutFormat(str, Enum):
    text = "text"
    json = "json"


budget_app = typer.Typer(help="Budget and forecast: funnel estimates, the channel-mix optimiser, scenarios.",
                         no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(budget_app, name="budget")


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
        typer.echo(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
        return
    table = Table(_("Channel"), _("Amount"), _("Share"), _("Marginal return"), header_style="bold")
    for name, amount in result.amounts.items():
        table.add_row(name, _money(amount), f"{amount / problem.total:.1%}", f"{result.marginal[name]:.4f}")
    console.print(table)
    console.print(_("objective {objective}, upper bound {bound}, certified gap {gap}",
                    objective=f"{result.objective:,.2f}", bound=f"{result.upper_bound:,.2f}",
                    gap=f"{result.gap:.2e}"), highlight=False)
