"""``aeflow intake NOTES.txt``: meeting notes → draft brief and open questions."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from aeflow import formatting as fmt
from aeflow.cli.common import console, date_option, handle_errors, state
from aeflow.domain.common import CAMPAIGN_LABELS
from aeflow.engines.intake import IntakeResult, to_brief
from aeflow.engines.intake.model import BudgetFact, Span
from aeflow.i18n import N_, _

PERIODS = {"month": N_("per month"), "week": N_("per week"), "quarter": N_("per quarter")}


class OutFormat(str, Enum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("intake")(intake)


def intake(
    ctx: typer.Context,
    notes: Annotated[Path, typer.Argument(metavar="NOTES.txt", help="Notes from a client call: Chinese, English "
                                          "or mixed; UTF-8, UTF-16 or GBK.")],
    ref_date: Annotated[str | None, typer.Option("--ref-date", help="Date of the call, YYYY-MM-DD: relative "
                                                 "dates (下月15号, next Friday) count from it (default: today).")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the draft as YAML: a commented list "
                                                "of open questions, then a 'brief:' document for a project file, "
                                                "then a document with the project fields found and "
                                                "'open_questions'.")] = None,
    format: Annotated[OutFormat, typer.Option("--format", help="text (tables) or json (one object).")] = OutFormat.text,
) -> None:
    """Draft a requirement brief and the questions to ask from an AE's notes after a client call.

    Extracts the budget, dates, KPIs, channels, campaign type, constraints and stakeholders, each with
    the words it came from, and lists what is missing or ambiguous (open questions). With -o the
    draft is written as YAML: document 1 is a 'brief:' mapping to paste into a project file;
    document 2 holds 'project:' (campaign_type, kickoff, launch, flight_end, channels, currency,
    budget, client stakeholders) and 'open_questions'; the questions are also listed as comments at
    the top.
    """
    state(ctx)
    day = date_option(ref_date)
    with handle_errors():
        from aeflow.services import intake as service

        result = service.intake(notes, day)
        if output is not None:
            service.write_draft(result, output, source=str(notes))
    if format == OutFormat.json:
        data = {"source": str(notes), **result.as_json(),
                "brief": to_brief(result).model_dump(mode="json", exclude_defaults=True),
                "output": str(output) if output else None}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    _render(result)
    if output is not None:
        console.print(_("Draft brief written to {path}", path=str(output)), highlight=False)


def _budget(b: BudgetFact) -> str:
    text = fmt.money(b.amount, b.currency)
    if b.amount_max is not None:
        text += " – " + fmt.money(b.amount_max, b.currency)
    notes = []
    if b.approximate:
        notes.append(_("approximate"))
    if b.ceiling:
        notes.append(_("ceiling"))
    if b.period:
        notes.append(_(PERIODS[b.period]))
    if b.includes_tax is True:
        notes.append(_("tax included"))
    elif b.includes_tax is False:
        notes.append(_("tax excluded"))
    return text + (f" ({', '.join(notes)})" if notes else "")


def _src(span: Span | None) -> str:
    return escape(" ".join(span.text.split())) if span else ""


def _render(r: IntakeResult) -> None:
    table = Table(_("Fact"), _("Value"), _("From the notes"), header_style="bold", title=_("Extracted facts"))
    if r.budget is not None:
        table.add_row(_("Budget"), _budget(r.budget), _src(r.budget.span))
        for s in r.budget.splits:
            table.add_row("  " + escape(s.channel or s.label or _("part")), fmt.money(s.amount, r.budget.currency),
                          _src(s.span))
    dated = {f.role: f for f in reversed(r.dates)}
    for label, value, role in ((N_("Kickoff"), r.kickoff, "kickoff"), (N_("Launch"), r.launch_date, "launch"),
                               (N_("Deadline"), r.deadline, "deadline"), (N_("Proposal due"), r.proposal_due,
                                                                            "proposal")):
        if value is not None:
            fact = next((f for f in r.dates if f.role == role and f.date == value), dated.get(role))
            table.add_row(_(label), fmt.date(value), _src(fact.span if fact else None))
    if r.duration_days is not None:
        table.add_row(_("Duration"), _("{n} days", n=r.duration_days), _src(r.durations[0].span if r.durations else None))
    for k in r.kpis:
        value = f"{k.metric} {k.comparison.value} {fmt.kpi_value(k.target, k.unit)}"
        if k.relative:
            value += " " + _("(change from baseline)")
        if k.baseline is not None:
            value += " " + _("baseline {value}", value=fmt.kpi_value(k.baseline, k.unit))
        if k.deadline:
            value += " " + _("by {date}", date=fmt.date(k.deadline))
        if k.channel:
            value += f" @{k.channel}"
        table.add_row(_("KPI"), value, _src(k.span))
    if r.channels:
        table.add_row(_("Channels"), ", ".join(r.channels), "")
    if r.excluded_channels:
        table.add_row(_("Not these channels"), ", ".join(r.excluded_channels), "")
    if r.campaign_type is not None:
        table.add_row(_("Campaign type"), _(CAMPAIGN_LABELS[r.campaign_type]),
                      _src(r.campaign_types[0].span if r.campaign_types else None))
    for c in r.constraints:
        table.add_row(_("Constraint"), c.code, _src(c.span))
    for s in r.stakeholders:
        who = s.name + (f" ({s.title})" if s.title and s.title != s.name else "")
        if s.decision_maker:
            who += " — " + _("decides")
        table.add_row(_("Stakeholder"), escape(who), _src(s.span))
    if not table.rows:
        console.print(_("Nothing could be extracted from these notes."), highlight=False)
    else:
        console.print(table)
    if r.open_questions:
        heading = _("Open questions")
        console.print(f"[bold]{heading}[/]")
        for i, q in enumerate(r.open_questions, start=1):
            console.print(f"{i:>2}. {escape(q.text)} [dim]({q.code})[/]", highlight=False, soft_wrap=True)
    else:
        console.print(_("No open questions."), highlight=False)
