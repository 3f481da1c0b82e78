"""Review commands: ``aeflow lint``, ``aeflow readiness``, ``aeflow trace``."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from aeflow import formatting as fmt
from aeflow.cli.common import console, date_option, handle_errors, state
from aeflow.domain.labels import metric_label
from aeflow.domain.lintconfig import Severity
from aeflow.i18n import N_, _

if TYPE_CHECKING:
    from aeflow.engines.review.trace import TraceRow

SEVERITY_STYLE = {Severity.error: "bold red", Severity.warning: "yellow", Severity.advice: "cyan"}
SEVERITY_LABEL = {Severity.error: N_("error"), Severity.warning: N_("warning"), Severity.advice: N_("advice")}


class OutFormat(str, Enum):
    text = "text"
    json = "json"


ProjectArg = Annotated[str, typer.Argument(metavar="PROJECT", help="Project ID or project file.")]
TodayOpt = Annotated[str | None, typer.Option("--today", help="Check as of this date, YYYY-MM-DD (default: today).")]
FormatOpt = Annotated[OutFormat, typer.Option("--format", help="text or json.")]


def register(app: typer.Typer) -> None:
    app.command("lint")(lint)
    app.command("readiness")(readiness)
    app.command("trace")(trace)


def lint(
    ctx: typer.Context,
    project_ref: ProjectArg,
    format: FormatOpt = OutFormat.text,
    config: Annotated[Path | None, typer.Option("--config", help="Lint config file (default: <data dir>/lint.yaml).")] = None,
    today: TodayOpt = None,
    explain: Annotated[bool, typer.Option("--explain", help="Show each rule's explanation and fix.")] = False,
) -> None:
    """Catch the common pitfalls before the client does; exit code 1 when there are errors."""
    st = state(ctx)
    ref_date = date_option(today)
    with handle_errors():
        from aeflow.engines.review.registry import has_errors
        from aeflow.services import projects
        from aeflow.services.review import lint_project, load_lint_config

        project, _v = projects.resolve(st.db, project_ref)
        cfg = load_lint_config(config, st.settings.data_dir)
        findings = lint_project(project, today=ref_date, config=cfg, settings=st.settings)
    if format == OutFormat.json:
        typer.echo(json.dumps([{"rule": f.rule, "severity": f.severity.value, "message": f.message,
                                "path": f.path, "explanation": f.explanation} for f in findings],
                              ensure_ascii=False, indent=2))
    elif not findings:
        console.print("[green]✓[/] " + _("no findings: {name} is clean", name=project.name), highlight=False)
    else:
        table = _folding(Table(_("Rule"), _("Severity"), _("Where"), _("Finding"), header_style="bold"))
        for f in findings:
            table.add_row(f.rule, Text(_(SEVERITY_LABEL[f.severity]), style=SEVERITY_STYLE[f.severity]),
                          f.path, f.message + (f"\n[dim]{f.explanation}[/]" if explain else ""))
        console.print(table)
        counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
        console.print(_("{errors} error(s), {warnings} warning(s), {advice} advice",
                        errors=counts[Severity.error], warnings=counts[Severity.warning],
                        advice=counts[Severity.advice]))
    if has_errors(findings):
        raise typer.Exit(1)


def readiness(ctx: typer.Context, project_ref: ProjectArg, format: FormatOpt = OutFormat.text) -> None:
    """Level-3 readiness: which strategic practices the project has, which it lacks, and how to close each gap."""
    st = state(ctx)
    with handle_errors():
        from aeflow.services import projects
        from aeflow.services.review import project_readiness

        project, _v = projects.resolve(st.db, project_ref)
        result = project_readiness(project)
    if format == OutFormat.json:
        typer.echo(json.dumps({"score": result.score, "practices": [
            {"id": r.id, "title": r.title, "score": r.score, "met": r.met, "reason": r.reason,
             "section": r.section, "tip": r.tip} for r in result.practices]}, ensure_ascii=False, indent=2))
        return
    console.print(_("Level-3 readiness of {name}: {score}/100", name=project.name, score=result.score),
                  style="bold", highlight=False)
    table = _folding(Table(_("Practice"), _("Has"), _("Why"), _("Next step"), header_style="bold"))
    for r in result.practices:
        mark = Text("✓", style="green") if r.met else Text(f"{round(r.score * 100)}%", style="yellow")
        table.add_row(r.title, mark, r.reason, "" if r.met else f"{r.tip}\n[dim]→ {r.section}[/]")
    console.print(table)


def trace(ctx: typer.Context, project_ref: ProjectArg, format: FormatOpt = OutFormat.text,
          today: TodayOpt = None) -> None:
    """The chain for each objective: KPI → work items → budget → risks → actuals → result, broken links marked."""
    st = state(ctx)
    ref_date = date_option(today)
    with handle_errors():
        from aeflow.engines.review.trace import describe_link
        from aeflow.services import projects
        from aeflow.services.exporting import imported_series
        from aeflow.services.monitoring import kpi_statuses
        from aeflow.services.review import project_trace

        project, _v = projects.resolve(st.db, project_ref)
        kpis = kpi_statuses(project, imported_series(project, st.settings), today=ref_date)
        result = project_trace(project, today=ref_date, kpis=kpis)
    if format == OutFormat.json:
        typer.echo(json.dumps({
            "rows": [{"objective": r.objective, "title": r.title, "metric": r.metric, "target": r.target,
                      "work_items": r.work_items, "budget_lines": r.budget_lines, "risks": r.risks,
                      "actual": r.actual, "result": r.result, "broken": r.broken, "status": r.status,
                      "met": r.met} for r in result.rows],
            "orphans": [{"link": code, "path": path} for code, path in result.orphans],
            "broken_count": result.broken_count,
        }, ensure_ascii=False, indent=2))
        return
    table = _folding(Table(_("Objective"), "KPI", _("Work items"), _("Budget lines"), _("Risks"), _("Actual"),
                           _("Result"), header_style="bold", show_lines=True))
    for r in result.rows:
        kpi = f"{metric_label(r.metric)} {fmt.kpi_value(r.target, r.unit)}" if r.metric and r.target is not None \
            else "—"
        broken = "\n".join(f"[red]✗ {describe_link(c)}[/]" for c in r.broken)
        table.add_row(f"{r.objective} {r.title}" + (f"\n{broken}" if broken else ""), kpi,
                      ", ".join(r.work_items) or "[red]—[/]", ", ".join(r.budget_lines) or "—",
                      ", ".join(r.risks) or "—", _actual_cell(r), fmt.kpi_value(r.result, r.unit))
    console.print(table)
    for code, path in result.orphans:
        console.print(f"[red]✗[/] {describe_link(code)}: {path}", highlight=False)
    if result.broken_count == 0:
        console.print("[green]✓[/] " + _("every link of the chain holds"))


def _actual_cell(row: TraceRow) -> Text:
    """The figure the KPI is judged on, with the dashboard's status (✓ met, ✗ missed, on track …)."""
    from aeflow.engines.monitoring.pacing import STATUS_LABELS, Status

    cell = Text(fmt.kpi_value(row.actual, row.unit))
    if row.status in Status.__members__:
        mark = {"met": "✓ ", "missed": "✗ "}.get(row.status, "")
        style = {"met": "green", "missed": "red"}.get(row.status, "")
        cell.append(f"\n{mark}{_(STATUS_LABELS[Status(row.status)])}", style=style)
    return cell


def _folding(table: Table) -> Table:
    """Chinese text has no spaces to wrap at: fold long cells instead of cutting them off with "…"."""
    for column in table.columns:
        column.overflow = "fold"
    return table
