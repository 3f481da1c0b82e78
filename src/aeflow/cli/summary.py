"""Readable terminal summaries of a project, stage by stage (``aeflow show``, ``aeflow demo``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Column, Table
from rich.text import Text

from aeflow import formatting as fmt
from aeflow.domain import Project, Stage
from aeflow.domain.common import CAMPAIGN_LABELS, ROLE_LABELS
from aeflow.domain.labels import channel_label
from aeflow.domain.plan import Status
from aeflow.i18n import N_, _

STATUS_LABELS = {
    Status.planned: N_("planned"), Status.in_progress: N_("in progress"),
    Status.waiting_client: N_("waiting for client"), Status.blocked: N_("blocked"), Status.done: N_("done"),
    Status.cancelled: N_("cancelled"),
}


def _table(*headers: str | Column, title: str | None = None) -> Table:
    t = Table(*headers, title=title, title_justify="left", show_lines=False, expand=False, header_style="bold")
    for column in t.columns:  # Chinese text has no spaces to wrap at: fold rather than cut off with "…"
        if column.overflow == "ellipsis" and not column.no_wrap:
            column.overflow = "fold"
    return t


def _bullets(items: Iterable[str], limit: int = 6) -> Text:
    items = list(items)
    text = Text()
    for item in items[:limit]:
        text.append("• " + item + "\n")
    if len(items) > limit:
        text.append(_("… and {n} more", n=len(items) - limit) + "\n", style="dim")
    return text


def _labelled(label: str, value: str) -> Text:
    t = Text()
    t.append(label + ": ", style="bold")
    t.append(value or "—")
    return t


def _intake(p: Project) -> list[Any]:
    b = p.brief
    out: list[Any] = [_labelled(_("Background"), b.background)]
    t = _table(_("Objective"), _("Metric"), _("Baseline"), _("Target"), _("Deadline"))
    for o in b.objectives:
        k = o.kpi
        t.add_row(f"{o.id} {o.title}", k.metric if k else "—", fmt.kpi_value(k.baseline, k.unit) if k else "—",
                  f"{k.comparison.value} {fmt.kpi_value(k.target, k.unit)}" if k else "—",
                  fmt.date(k.deadline) if k else "—")
    out.append(t)
    out.append(_labelled(_("In scope"), "；".join(b.in_scope)))
    out.append(_labelled(_("Out of scope"), "；".join(b.out_of_scope)))
    out.append(_labelled(_("Constraints"), "；".join(b.constraints)))
    out.append(_labelled(_("Acceptance points"), str(len(b.acceptance_points))))
    if p.level.value >= 3:
        out.append(_labelled(_("Hidden goals"), "；".join(b.hidden_goals)))
        out.append(_labelled(_("Alternatives"), "；".join(b.alternatives)))
    return out


def _insight(p: Project) -> list[Any]:
    i = p.insight
    out: list[Any] = [_labelled(_("Industry context"), i.industry_context), _bullets(i.pain_points)]
    if p.level.value >= 3:
        out.append(_labelled(_("Personas"), "、".join(x.name for x in i.personas)))
        out.append(_labelled(_("Purchase path"), " → ".join(s.stage for s in i.purchase_path)))
        out.append(_labelled(_("Competitors"), "、".join(c.name for c in i.competitors)))
    return out


def _proposal(p: Project) -> list[Any]:
    pr = p.proposal
    out: list[Any] = [_labelled(_("Problem statement"), pr.problem_statement)]
    if pr.strategy_map:
        t = _table(_("Channel"), _("Funnel stage"), _("Content"), _("Rhythm"), title=_("Strategy map"))
        for c in pr.strategy_map:
            t.add_row(c.channel, c.funnel_stage, c.content, c.rhythm)
        out.append(t)
    if pr.timeline:
        out.append(_labelled(_("Timeline"), " → ".join(
            f"{ph.name} ({ph.start:%m-%d}–{ph.end:%m-%d})" for ph in pr.timeline)))
    est = pr.budget
    out.append(_labelled(_("Estimate"), _("total {total}, ROI {roi}, ROAS {roas}",
                                          total=fmt.money(est.total, p.currency, short=True),
                                          roi=est.roi if est.roi is not None else "—",
                                          roas=est.roas if est.roas is not None else "—")))
    return out


def _budget(p: Project) -> list[Any]:
    t = _table(_("Channel"), _("Vendor"), _("Planned"), _("Committed"), _("Actual"))
    for line in p.budget.lines:
        t.add_row(channel_label(line.channel), line.vendor, fmt.money(line.planned, p.currency),
                  fmt.money(line.committed, p.currency), fmt.money(line.actual, p.currency))
    t.add_row(Text(_("Total"), style="bold"), "", fmt.money(p.budget.planned, p.currency), "",
              fmt.money(p.budget.actual, p.currency))
    out: list[Any] = [t]
    if p.budget.total is not None:
        out.append(_labelled(_("Budget"), fmt.money(p.budget.total, p.currency)))
    return out


def _collaboration(p: Project) -> list[Any]:
    roles = Counter(ROLE_LABELS[m.role] for m in p.team)
    out: list[Any] = [_labelled(_("Team"), "、".join(f"{_(r)}×{n}" for r, n in roles.items()))]
    t = _table(_("Meeting"), _("Frequency"), _("Participants"), _("Decision authority"))
    for c in p.cadence:
        t.add_row(c.meeting, fmt.recurrence(c.frequency, c.time), "、".join(c.participants), c.decision_authority)
    out.append(t)
    return out


def _risk(p: Project) -> list[Any]:
    t = _table(_("Risk"), _("L×S"), _("Response"), _("Trigger"), _("If … then …"))
    for r in sorted(p.risks, key=lambda r: -r.score)[:8]:
        trig = r.trigger
        t.add_row(r.description, f"{r.likelihood}×{r.severity}={r.score}", r.response,
                  f"{trig.channel} {trig.metric} {trig.comparison.value} {trig.threshold:g} ×{trig.consecutive_days}"
                  if trig else "—",
                  f"{r.contingency.when} → {r.contingency.then}" if r.contingency else "—")
    return [t]


def _monitoring(p: Project, today: dt.date) -> list[Any]:
    counts = Counter(w.status for w in p.work_items)
    summary = "、".join(f"{_(STATUS_LABELS[s])} {n}" for s, n in counts.items())
    out: list[Any] = [_labelled(_("Work items"), f"{len(p.work_items)} ({summary})" if p.work_items else "—")]
    late = [w for w in p.work_items if w.due and w.due < today and not w.status.closed]
    out.append(_labelled(_("Overdue"), "、".join(f"{w.id} {w.title}" for w in late[:6]) or _("none")))
    upcoming = sorted((w for w in p.work_items if w.due and w.due >= today and not w.status.closed),
                      key=lambda w: w.due or today)[:5]
    out.append(_labelled(_("Next"), "、".join(f"{w.title} ({fmt.date(w.due)})" for w in upcoming) or "—"))
    open_c = [c for c in p.commitments if c.status.value == "open"]
    out.append(_labelled(_("Open client commitments"), str(len(open_c))))
    unconfirmed = [d for d in p.decisions if not d.client_confirmed and not d.internal]
    out.append(_labelled(_("Decisions awaiting client confirmation"), str(len(unconfirmed))))
    return out


def _retro(p: Project) -> list[Any]:
    r = p.retrospective
    if not r.metrics and not r.learnings:
        return [Text(_("Not yet written: it is filled after the flight."), style="dim")]
    t = _table(_("Metric"), _("Target"), _("Actual"), _("Met"))
    for m in r.metrics:
        t.add_row(f"{m.channel} {m.metric}".strip(), fmt.kpi_value(m.target, m.unit),
                  fmt.kpi_value(m.actual, m.unit), "—" if m.met is None else ("✓" if m.met else "✗"))
    return [t, _labelled(_("Key learnings"), "；".join(r.learnings)),
            _labelled(_("Next iteration"), "；".join(r.next_iteration))]


def stage_sections(p: Project, today: dt.date | None = None) -> list[tuple[Stage, list[Any]]]:
    today = today or dt.date.today()
    return [
        (Stage.intake, _intake(p)), (Stage.insight, _insight(p)), (Stage.proposal, _proposal(p)),
        (Stage.budget, _budget(p)), (Stage.collaboration, _collaboration(p)), (Stage.risk, _risk(p)),
        (Stage.monitoring, _monitoring(p, today)), (Stage.retrospective, _retro(p)),
    ]


def _match_stage(only: str) -> Stage | None:
    for s in Stage:
        if only in (str(s.number), s.value):
            return s
    return None


def print_project(console: Console, p: Project, only: str | None = None) -> None:
    head = Text()
    head.append(f"{p.name}\n", style="bold")
    head.append(_("{client} · {type} · level {level} · current stage: {stage}",
                  client=p.client.name, type=_(CAMPAIGN_LABELS[p.campaign_type]), level=p.level.value,
                  stage=f"{p.stage.number} {_(p.stage.label)}"))
    head.append("\n" + _("Kickoff {kickoff} · launch {launch}", kickoff=p.kickoff, launch=p.launch))
    console.print(Panel(head, expand=False))
    wanted = _match_stage(only) if only else None
    for stage, parts in stage_sections(p):
        if wanted and stage != wanted:
            continue
        title = f"{stage.number}. {_(stage.label)}"
        style = "cyan" if stage == p.stage else "white"
        console.print(Panel(Group(*parts), title=title, title_align="left", border_style=style))


def projects_table(rows: Sequence[Any], width: int = 200) -> Table:
    """The portfolio as a table; on a terminal narrower than 100 columns the client and the version
    are left out so that the name and the stage stay readable."""
    wide = width >= 100
    # the ID is what every other command takes: it is never cut, the other columns wrap around it
    ident = Column("ID", no_wrap=True, min_width=max((len(r.id) for r in rows), default=2))
    columns = [ident, Column(_("Name"), overflow="fold", ratio=2)]
    if wide:
        columns += [Column(_("Client"), overflow="fold", ratio=1)]
    columns += [Column(_("Type"), overflow="fold"), Column(_("Level"), no_wrap=True),
                Column(_("Stage"), overflow="fold", ratio=1), Column(_("Launch"), no_wrap=True)]
    if wide:
        columns.append(Column(_("Version"), no_wrap=True))
    t = _table(*columns)
    for r in rows:
        stage = Stage(r.stage)
        kind = _(CAMPAIGN_LABELS[r.campaign_type]) if r.campaign_type in CAMPAIGN_LABELS else str(r.campaign_type)
        cells = [r.id, r.name] + ([r.client] if wide else []) + [
            kind, f"L{r.level}", f"{stage.number}·{_(stage.label)}", fmt.date(r.launch)]
        t.add_row(*cells, *([str(r.version)] if wide else []))
    return t


def print_history(console: Console, entries: Sequence[Any]) -> None:
    """Each version (time in the project's time zone, with its offset), then what changed, one
    line per changed value: lists and nested fields are spelt out as paths, old → new."""
    from aeflow.services.projects import local_time

    if entries:
        console.print(_("Times in the project's time zone ({zone})", zone=entries[0].timezone), style="dim")
    limit = 30
    for e in entries:
        note = f"  ({_('restored from version {version}', version=e.restored_from)})" if e.restored_from else ""
        console.print(Text.assemble((f"v{e.version}", "bold"), f"  {local_time(e.at, e.timezone)}  ",
                                    (e.author, "cyan"), f"  {e.reason}", (note, "dim")))
        lines = [line for c in e.changes for line in _leaves(c.path, c.old, c.new)]
        for path, old, new in lines[:limit]:
            console.print(Text.assemble("   ", (path, "yellow"), ": ", _short(old), " → ", _short(new)))
        if len(lines) > limit:
            console.print("   " + _("… and {n} more", n=len(lines) - limit), style="dim")


def _leaves(path: str, old: Any, new: Any) -> list[tuple[str, Any, Any]]:
    """A change as ``(path, old, new)`` of scalars: mappings by key, lists of mappings by position
    (``[id=…]`` where the item has one), so that ``[{'metric': …}]`` reads as
    ``metrics[0].target: 100 → 120``. An added or removed mapping shows its filled-in fields; a list of
    plain values stays one line."""
    if _both(old, new, dict):
        a, b = old or {}, new or {}
        one_sided = old is None or new is None
        out = []
        for key in list(a) + [k for k in b if k not in a]:
            x, y = a.get(key), b.get(key)
            if one_sided and _blank(x) and _blank(y):
                continue
            if x != y or type(x) is not type(y):
                out.extend(_leaves(f"{path}.{key}", x, y))
        return out or [(path, old, new)]
    if _both(old, new, list) and any(isinstance(v, dict) for v in (old or []) + (new or [])):
        a, b = old or [], new or []
        out = []
        for i in range(max(len(a), len(b))):
            x = a[i] if i < len(a) else None
            y = b[i] if i < len(b) else None
            if x != y or type(x) is not type(y):
                out.extend(_leaves(f"{path}{_item(x, y, i)}", x, y))
        return out or [(path, old, new)]
    return [(path, old, new)]


def _both(old: Any, new: Any, kind: type) -> bool:
    """Each side is ``kind`` or missing, and at least one is ``kind``."""
    return all(v is None or isinstance(v, kind) for v in (old, new)) and (
        isinstance(old, kind) or isinstance(new, kind))


def _item(x: Any, y: Any, i: int) -> str:
    """``[id=W3]`` for a record with an id, else ``[i]``."""
    ids = {v.get("id") for v in (x, y) if isinstance(v, dict)}
    return f"[id={ids.pop()}]" if len(ids) == 1 and None not in ids else f"[{i}]"


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {} or value is False


def _short(value: Any) -> str:
    if value is None:
        return "∅"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list):
        text = "[]" if not value else "、".join(_short(v) for v in value)
    else:
        text = " ".join(str(value).split())  # one line, whatever the text holds
    return text if len(text) <= 60 else text[:57] + "…"
