"""Monitoring commands: ``aeflow status`` (the terminal dashboard) and ``aeflow retro``."""

from __future__ import annotations

import datetime as dt
import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from aeflow.cli.common import console, fail, handle_errors, state
from aeflow.i18n import _

STATUS_STYLE = {"on_track": "green", "at_risk": "yellow", "off_track": "red", "no_data": "dim", "no_target": "dim",
                "met": "bold green", "missed": "bold red"}


class OutFormat(str, Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("status")(status)
    app.command("retro")(retro)


def _fmt(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def _show(metric: str, value: float | None) -> str:
    from aeflow.metrics.definitions import METRICS

    if value is None:
        return "-"
    m = METRICS.get(metric)
    if m is not None and m.percent:
        return f"{value * 100:.2f}%"
    return _fmt(value, 2 if m is not None and m.ratio else 0)


def status(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project file (.yaml) or project id.")],
    as_of: Annotated[str | None, typer.Option("--as-of", help="Judge pacing as of this day (default: the last day with data).")] = None,
    format: Annotated[OutFormat, typer.Option("--format", help="text or json.")] = OutFormat.text,
) -> None:
    """The project's dashboard: KPI attainment and pacing, budget pacing, channels, fired triggers."""
    st = state(ctx)
    with handle_errors():
        from aeflow.metrics.store import MetricsStore
        from aeflow.services.monitoring import dashboard
        from aeflow.services.projects import resolve

        day = None
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError:
                fail(_("{value} is not a date like 2027-03-01", value=as_of), code=2)
        proj, _v = resolve(st.db, project)
        with MetricsStore.for_data_dir(st.settings.data_dir) as store:
            board = dashboard(store, proj, day)
        if format == OutFormat.json:
            typer.echo(json.dumps(board.as_dict(), ensure_ascii=False, default=str))
            return
        print_dashboard(proj, board)


def print_dashboard(proj: Any, board: Any) -> None:
    """The dashboard in the terminal (also used by ``aeflow demo``)."""
    from aeflow.domain.labels import channel_label, cost_label, metric_label
    from aeflow.engines.monitoring.pacing import STATUS_LABELS

    console.print(Panel(Text(_("{name} — data to {day}", name=proj.name,
                               day=board.as_of.isoformat() if board.as_of else _("no data yet"))), expand=False))
    kpis = Table(title=_("KPIs"), header_style="bold")
    for col in (_("Objective"), _("Metric"), _("Channel"), _("Actual"), _("Target"), _("Attainment"),
                _("Pacing"), _("Forecast"), _("Status")):
        kpis.add_column(col)
    for k in board.kpis:
        style = STATUS_STYLE.get(k.status.value, "")
        kpis.add_row(escape(k.title), metric_label(k.metric), channel_label(k.channel), _show(k.metric, k.actual),
                     _show(k.metric, k.target), _fmt(k.attainment, 0) + "%" if k.attainment is not None else "-",
                     _fmt(k.pacing, 0) + "%" if k.pacing is not None else "-", _show(k.metric, k.forecast),
                     f"[{style}]{_(STATUS_LABELS[k.status])}[/]")
    console.print(kpis)
    for k in board.kpis:
        console.print(f"  [dim]{escape(k.title)}: {escape(k.rule)}[/]", highlight=False)
        if k.formula:
            console.print(f"    [dim]{escape(_('computed as'))}: {escape(k.formula)}[/]", highlight=False)
    if board.budget:
        budget = Table(title=_("Budget pacing"), header_style="bold")
        for col in (_("Channel"), _("Cost"), _("Planned"), _("Expected to date"), _("Spent"), _("Spent from"),
                    _("Pacing"), _("Status")):
            budget.add_column(col)
        for b in board.budget:
            style = STATUS_STYLE.get(b.status.value, "")
            budget.add_row(channel_label(b.channel) if b.channel else _("total"),
                           cost_label(b.category) if b.category else "", _fmt(b.planned, 0), _fmt(b.expected, 0),
                           _fmt(b.spent, 0), spend_source(b.source),
                           _fmt(b.pacing, 0) + "%" if b.pacing is not None else "-",
                           f"[{style}]{_(STATUS_LABELS[b.status])}[/]")
        console.print(budget)
    channels = Table(title=_("Channels to date"), header_style="bold")
    cols = ("spend", "impressions", "clicks", "ctr", "cpm", "cpa", "revenue", "roas")
    channels.add_column(_("Channel"))
    for c in cols:
        channels.add_column(metric_label(c), justify="right")
    for name, values in sorted(board.channels.items(), key=lambda kv: (kv[0] == "", kv[0])):
        channels.add_row(channel_label(name) if name else _("total"), *[_show(c, values.get(c)) for c in cols])
    console.print(channels)
    note = _("Channels to date show the platform data only; budget pacing adds the costs recorded on "
             "budget lines (KOL fees, production, events).")
    console.print(f"[dim]{note}[/]", highlight=False)
    for alert in board.alerts:
        body = "\n".join(f"[bold]{escape(label)}[/]: {escape(str(value))}" for label, value in alert.lines())
        console.print(Panel(body, title=_("Triggered"), border_style="red"))


def spend_source(source: str) -> str:
    """Where a spent figure comes from, in words."""
    names = {"platform": _("platform data"), "recorded": _("budget lines")}
    return " + ".join(names.get(s, s) for s in source.split("+") if s)


def retro(
    ctx: typer.Context,
    project: Annotated[str, typer.Argument(help="Project file (.yaml) or project id.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the filled project to this file "
                                                "(a project file is never rewritten without it).")] = None,
    format: Annotated[OutFormat, typer.Option("--format", help="text or json.")] = OutFormat.text,
) -> None:
    """Fill the retrospective with results vs targets, best and worst channels and creatives — keeping
    the figures, notes, learnings, improvements, owner and next-iteration plan the AE wrote. A project
    in the database gets a new version; a project file is only shown, unless -o FILE names where to write."""
    st = state(ctx)
    with handle_errors():
        from aeflow.metrics.store import MetricsStore
        from aeflow.services.retrospective import run

        with MetricsStore.for_data_dir(st.settings.data_dir) as store:
            filled = run(st.db, store, project, output=output, author=st.settings.user)
        if format == OutFormat.json:
            typer.echo(json.dumps(retro_json(filled), ensure_ascii=False))
            return
        print_retro(filled, project)


def retro_json(filled: Any) -> dict[str, Any]:
    rows = filled.project.retrospective.metrics
    return {"project": filled.project.id,
            "metrics": [dict(r.model_dump(mode="json"), source=r.source.value if r.source else None) for r in rows],
            "flags": [f.as_dict() for f in filled.flags], "has_data": filled.has_data, "changed": filled.changed,
            "version": filled.version, "written": str(filled.written) if filled.written else None}


def print_retro(filled: Any, ref: str) -> None:
    from aeflow.domain.labels import channel_label, metric_label
    from aeflow.engines.monitoring.retro import CREATIVE, rank_label, source_label
    from aeflow.services.retrospective import FORMATS

    def where(channel: str) -> str:
        head, sep, creative = channel.partition(CREATIVE)
        return channel_label(head) + sep + creative

    table = Table(title=_("Retrospective"), header_style="bold")
    for col in (_("Metric"), _("Channel"), _("Target"), _("Actual"), _("Source"), _("Variance"), _("Met"),
                _("Note")):
        table.add_column(col)
    for r in filled.project.retrospective.metrics:
        met = "-" if r.met is None else ("✓" if r.met else "✗")
        label = metric_label(r.metric)
        note = " ".join(x for x in (f"【{rank_label(r, label)}】" if r.rank else "", r.note) if x)
        cells = (label, where(r.channel), FORMATS.show(r, r.target), FORMATS.show(r, r.actual),
                 source_label(r), FORMATS.variance(r, r.variance), met, note)
        table.add_row(*[Text(c) for c in cells])
    console.print(table)
    console.print(_("Source: AE = the figure the AE wrote (kept as written); data = filled from the imported "
                    "data (refreshed by the next fill)."), style="dim", highlight=False)
    if not filled.has_data:
        console.print(_("No imported data for this project: nothing was filled, the AE's figures are as written."),
                      style="yellow", highlight=False)
    for f in filled.flags:
        console.print(Text.assemble(("⚠ ", "yellow"), f"{metric_label(f.metric)} · {where(f.channel)}: {f.message}"))
    if filled.written is not None:
        console.print(_("Wrote {path}.", path=str(filled.written)), highlight=False)
    elif filled.version is None:
        console.print(_("Nothing was written: {ref} is a project file. Write the result with -o FILE, or import "
                        "the file (aeflow import) and fill it there to keep a new version.", ref=ref),
                      highlight=False)
    elif filled.changed:
        console.print(_("Stored as version {version} of {project}.", version=filled.version,
                        project=filled.project.id), highlight=False)
    else:
        console.print(_("Nothing changed: {project} stays at version {version}.", version=filled.version,
                        project=filled.project.id), highlight=False)
