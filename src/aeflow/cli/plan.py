"""``aeflow plan PROJECT``: instantiate the playbook, schedule on the working calendar, show the plan."""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
import yaml
from rich.table import Table

from aeflow.cli.common import console, fail, handle_errors, is_project_file, role_label, state
from aeflow.i18n import _


class PlanFormat(str, Enum):
    table = "table"
    json = "json"
    yaml = "yaml"


def register(app: typer.Typer) -> None:
    app.command("plan")(plan)


def plan(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project file (.yaml) or project id in the database.")],
    level: Annotated[int | None, typer.Option("--level", help="Plan depth: 1 (execution checklist) or 3 (adds insight, governance, ROI, cadence, risk reviews, retrospective). Default: the project's level.")] = None,
    format: Annotated[PlanFormat, typer.Option("--format", help="table, json or yaml.")] = PlanFormat.table,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="For a project file: write the planned project to this file.")] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Plan from this date (YYYY-MM-DD): work not started yet cannot start earlier.")] = None,
    playbooks: Annotated[Path | None, typer.Option("--playbooks", help="Folder of your own playbook files (default: <data dir>/playbooks).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="For a database project: show the plan without storing it.")] = False,
    playbook: Annotated[bool | None, typer.Option("--playbook/--own-items", help="Add the playbook's steps (--playbook) or schedule only the project's own work items (--own-items). Default: the playbook for a project without work items or one planned from it before; own items otherwise.")] = None,
) -> None:
    """Plan a project: work items from the playbooks, critical path on the working calendar, workload."""
    st = state(ctx)
    with handle_errors():
        from aeflow.engines.planner.report import plan_report
        from aeflow.services.planning import plan as plan_service
        from aeflow.storage.yamlfile import write_project_file

        if level not in (None, 1, 3):
            fail(_("--level must be 1 or 3"), code=2)
        start = None
        if as_of:
            try:
                start = dt.date.fromisoformat(as_of)
            except ValueError:
                fail(_("--as-of expects a date like 2026-09-01, got {value}", value=as_of), code=2)
        is_file = is_project_file(project)
        if output is not None and not is_file:
            fail(_("-o only applies to a project file; a database project's plan is stored in the database"),
                 code=2)
        outcome = plan_service(None if is_file else st.db, project, st.settings, level=level, as_of=start,
                               playbooks=playbooks, save=not dry_run, use_playbook=playbook)
        report = plan_report(outcome.result)
        if output is not None:
            write_project_file(outcome.result.project, output)
        if format == PlanFormat.json:
            typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        elif format == PlanFormat.yaml:
            typer.echo(yaml.safe_dump(report, allow_unicode=True, sort_keys=False, width=110))
        else:
            _render(report)
            if not outcome.changed:
                console.print(_("The plan is unchanged; nothing was stored.") if outcome.source_version is not None
                              and not dry_run else _("The plan is unchanged."))
            elif outcome.version is not None:
                console.print(_("Stored as version {version} of {project}.", version=outcome.version,
                                project=report["project"]))
            if output is not None:
                console.print(_("Wrote the planned project to {path}.", path=output))


def _span(start: str | None, finish: str | None) -> str:
    """``07-06→07-09`` for two ISO dates of one year (the year is in the plan's dates), else both in full."""
    if not start or not finish:
        return f"{start or '—'}→{finish or '—'}"
    if start[:4] == finish[:4]:
        return f"{start[5:]}→{finish[5:]}"
    return f"{start}→{finish}"


def _render(r: dict[str, Any]) -> None:
    table = Table(title=_("Plan of {project} (level {level}, playbook {playbook})", project=r["project"],
                          level=r["level"], playbook=r["playbook"]), show_lines=False)
    # IDs, names and dates stay on one line and the title wraps; a narrower terminal drops the
    # objective, then the role, and shows the dates as one short span
    width = console.width
    table.add_column(_("Item"), no_wrap=True)
    table.add_column(_("Title"), overflow="fold", ratio=1, min_width=12)
    if width >= 100:
        table.add_column(_("Role"), no_wrap=True)
    table.add_column(_("Owner"), no_wrap=True)
    if width >= 100:
        table.add_column(_("Start"), no_wrap=True)
        table.add_column(_("Finish"), no_wrap=True)
    else:
        table.add_column(_("Dates"), no_wrap=True)
    table.add_column(_("Slack"), no_wrap=True)
    if width >= 120:
        table.add_column(_("Objective"), overflow="fold")
    for it in sorted(r["items"], key=lambda x: (x["start"] or "", x["finish"] or "")):
        style = "bold red" if it["critical"] else ("dim" if it["status"] in ("done", "cancelled") else None)
        mark = "◆" if it["is_milestone"] else ""
        cells = [it["id"], mark + it["title"]]
        if width >= 100:
            cells += [role_label(it["role"]), it["owner"] or "—", it["start"] or "—", it["finish"] or "—"]
        else:
            cells += [it["owner"] or "—", _span(it["start"], it["finish"])]
        cells.append("—" if it["status"] in ("done", "cancelled") else str(it["slack_days"]))  # history
        if width >= 120:
            cells.append(it["objective"] or "—")
        table.add_row(*cells, style=style)
    console.print(table)
    chains = r["critical_chains"]
    if r["nothing_left"]:
        console.print(_("Nothing left to schedule: every work item is done or cancelled."))
    elif len(chains) == 1:
        console.print(_("Critical path: {path}", path=" → ".join(chains[0])), highlight=False)
    elif chains:
        console.print(_("Critical paths ({count}, each from start to finish):", count=len(chains)))
        for chain in chains:
            console.print("  • " + " → ".join(chain), highlight=False)
    if r["launch_path"] and not r["nothing_left"]:
        console.print(_("Path to launch ({days} working day(s) of buffer): {path}",
                        days=r["launch_buffer_days"], path=" → ".join(r["launch_path"])), highlight=False)
    if r["feasible"] and not r["nothing_left"]:
        console.print("[green]" + _("The launch date {date} can be met.", date=r["launch"]) + "[/]")
    for v in r["violations"]:
        console.print("[bold red]" + _("{item} is due {deadline} but finishes {finish}: late by {days} working "
                                       "day(s) along {chain}", item=v["item"], deadline=v["deadline"],
                                       finish=v["finish"], days=v["late_by_days"],
                                       chain=" → ".join(v["chain"])) + "[/]", highlight=False)
    comp = r["compression"]
    if comp["suggestions"]:
        console.print(_("What could be compressed:"))
        for s in comp["suggestions"]:
            console.print(f"  • {s['message']}", highlight=False)
        after = comp["late_by_days_after"]
        console.print(_("With all of these: on time.") if not after else
                      _("With all of these: still late by {days} working day(s).", days=after))
    for w in r["warnings"]:
        console.print(f"[yellow]⚠ {w['message']}[/]", highlight=False)
    if r["overallocated"]:
        over = Table(title=_("Over-allocated weeks"))
        for col in (_("Team member"), _("Week of"), _("Hours"), _("Capacity")):
            over.add_column(col)
        for x in r["overallocated"]:
            over.add_row(x["who"], x["week"], f"{x['hours']:.1f}", f"{x['capacity']:.1f}")
        console.print(over)
    for o in r["unserved_objectives"]:
        console.print("[yellow]" + _("No work item serves the objective {id} ({title}).", id=o["id"],
                                     title=o["title"]) + "[/]", highlight=False)
    if r["moved"]:
        console.print(_("{count} item(s) moved since the last plan:", count=len(r["moved"])))
        for m in r["moved"]:
            console.print(f"  {m['id']}: {m['from_start']} … {m['from_finish']} → {m['start']} … {m['finish']} "
                          f"({m['by_days']:+d})", highlight=False)
    console.print(_("{added} item(s) added from the playbook, {kept} of your own kept.", added=len(r["added"]),
                    kept=len(r["kept"])))
