"""Markdown: every stage's record, laid out to paste well into Notion, Confluence and 飞书文档.

Only what those editors all understand: ATX headings, pipe tables with a header row, bullet lists,
task lists (``- [ ]``) and bold text; no HTML, no footnotes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from aeflow import formatting as fmt
from aeflow.domain.plan import Status
from aeflow.domain.project import Project
from aeflow.exporters import Format, labels
from aeflow.exporters import text as t
from aeflow.exporters.audience import Audience
from aeflow.exporters.view import DocumentView, Extras, build_view
from aeflow.i18n import N_, _, language

FORMAT = Format("md", ".md", "text/markdown; charset=utf-8",
                N_("Markdown: every stage's record, for Notion, Confluence or 飞书文档"), aliases=("markdown",))


def _cell(value: object) -> str:
    return str(value if value not in (None, "") else "—").replace("|", "\\|").replace("\n", " ").strip()


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(_cell(h) for h in headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out + [""]


def bullets(items: Iterable[str]) -> list[str]:
    lines = [f"- {_cell(i)}" for i in items]
    return lines + [""] if lines else []


def _field(label: str, value: str) -> list[str]:
    return [f"**{label}**：{value}" if value else f"**{label}**：—", ""]


def _brief(v: DocumentView) -> list[str]:
    b = v.project.brief
    out = [f"## 1. {t.title('brief')}", ""] + _field(_("Background"), b.background)
    for label, items in ((_("Core pain points"), b.pain_points), (_("Constraints"), b.constraints),
                         (_("Acceptance points"), b.acceptance_points), (_("In scope"), b.in_scope),
                         (_("Out of scope"), b.out_of_scope), (_("Hidden goals"), b.hidden_goals),
                         (_("Benefit points"), b.benefit_points), (_("Risk points"), b.risk_points),
                         (_("Alternatives"), b.alternatives)):
        if items:
            out += [f"**{label}**", ""] + bullets(items)
    out += [f"### {t.title('objectives')}", ""]
    if not v.has("objectives"):
        return out + [t.not_planned("objectives"), ""]
    return out + table(
        [_("Objective"), _("Metric"), _("Target"), _("Deadline"), _("Actual"), _("Attainment")],
        [(f"{k.objective_id} {k.objective}", t.kpi_metric(k.kpi), t.kpi_target(k.kpi),
          t.date(k.kpi.deadline if k.kpi else None), t.kpi_actual(k), t.percent(k.attainment)) for k in v.kpis])


def _insight(v: DocumentView) -> list[str]:
    i = v.project.insight
    out = [f"## 2. {t.title('insight')}", ""] + _field(_("Industry context"), i.industry_context)
    out += _field(_("Positioning"), i.positioning)
    if i.pain_points:
        out += [f"**{_('Surface pain points')}**", ""] + bullets(i.pain_points)
    if not v.l3:
        return out
    if not v.has("insight"):
        return out + [t.not_planned("insight"), ""]
    if i.personas:
        out += [f"### {t.title('personas')}", ""] + table(
            [_("Persona"), _("Who"), _("Needs"), _("Barriers"), _("Channels")],
            [(p.name, p.demographics or p.description, "、".join(p.needs), "、".join(p.barriers),
              labels.channels(p.channels)) for p in i.personas])
    if i.purchase_path:
        out += [f"### {t.title('purchase_path')}", ""] + table(
            [_("Stage"), _("Touchpoints"), _("Message")],
            [(s.stage, "、".join(s.touchpoints), s.message) for s in i.purchase_path])
    if i.competitors:
        out += [f"### {t.title('competitors')}", ""] + table(
            [_("Competitor"), _("Positioning"), _("Price band"), _("Strengths"), _("Weaknesses")],
            [(c.name, c.positioning, c.price_band, "、".join(c.strengths), "、".join(c.weaknesses))
             for c in i.competitors])
    return out


def _proposal(v: DocumentView) -> list[str]:
    pr = v.project.proposal
    out = [f"## 3. {t.title('cover')}", ""] + _field(t.title("problem"), pr.problem_statement)
    out += _field(_("Creative direction"), pr.creative_direction)
    out += [f"### {t.title('strategy')}", ""]
    if v.has("strategy"):
        out += table([_("Channel"), _("Funnel stage"), _("Content"), _("Rhythm"), _("Objectives")],
                     [(labels.channel(c.channel), c.funnel_stage, c.content, c.rhythm, ", ".join(c.objectives))
                      for c in pr.strategy_map])
    else:
        out += [t.not_planned("strategy"), ""]
    if pr.timeline:
        out += table([_("Phase"), _("From"), _("To"), _("Focus")],
                     [(ph.name, t.date(ph.start), t.date(ph.end), ph.focus) for ph in pr.timeline])
    out += [f"### {t.title('roi')}", ""]
    if v.has("roi"):
        out += [f"- ROI：{t.ratio(v.roi, v.roi_range)}", f"- ROAS：{t.ratio(v.roas, v.roas_range)}", ""]
        out += bullets(pr.budget.assumptions)
    else:
        out += [t.not_planned("roi"), ""]
    out += [f"### {t.title('schedule')}", ""]
    if not v.has("schedule"):
        return out + [t.not_planned("schedule"), ""]
    return out + table(
        [_("Done"), _("Work item"), _("Milestone"), _("Owner"), _("Start"), _("Due"), _("Status"),
         _("Acceptance criteria")],
        [("[x]" if r.item.status == Status.done else "[ ]", f"{r.item.id} {r.item.title}"
          + (" ★" if r.item.is_milestone else "") + (" ⚑" if r.critical else ""), r.item.milestone,
          t.owner(r.item.owner), t.date(r.item.start), t.date(r.item.due), labels.status(r.item.status),
          r.item.acceptance_criteria) for r in v.schedule]) + [
        _("★ milestone · ⚑ on the critical path"), ""]


def _budget(v: DocumentView) -> list[str]:
    b = v.project.budget
    out = [f"## 4. {t.title('budget')}", ""]
    if not v.has("budget"):
        return out + [t.not_planned("budget"), ""]
    headers = [_("Line"), _("Channel"), _("Category"), _("Planned"), _("Actual")]
    if v.internal:
        headers += [_("Committed"), _("Vendor"), _("Notes")]
    rows = []
    for line in b.lines:
        row: list[object] = [line.id, labels.channel(line.channel), labels.cost(line.category),
                             t.money(v, line.planned), t.money(v, line.actual)]
        if v.internal:
            row += [t.money(v, line.committed), line.vendor, line.notes]
        rows.append(row)
    out += table(headers, rows)
    out += [f"- {_('Total budget')}：{t.money(v, b.total)}", f"- {_('Planned')}：{t.money(v, b.planned)}",
            f"- {_('Spent so far')}：{t.money(v, v.spent)}"]
    if v.internal and b.agency_fee is not None:
        out.append(f"- {_('Agency fee (internal)')}：{t.money(v, b.agency_fee)}")
    return out + [""]


def _cadence(v: DocumentView) -> list[str]:
    out = [f"## 5. {t.title('cadence')}", ""]
    if not v.has("cadence"):
        return out + [t.not_planned("cadence"), ""]
    return out + table(
        [_("Meeting"), _("Frequency"), _("Participants"), _("Decision authority"), _("Disclosure"),
         _("Progress shown as")],
        [(c.meeting, t.frequency(c.frequency, c.time), "、".join(c.participants), c.decision_authority, c.disclosure,
          c.visualisation) for c in v.project.cadence])


def _risks(v: DocumentView) -> list[str]:
    out = [f"## 6. {t.title('risks')}", ""]
    if not v.has("risks"):
        return out + [t.not_planned("risks"), ""]
    headers = [_("Risk"), _("Likelihood"), _("Severity"), _("Score"), _("Response"), _("Owner"),
               _("If … then …"), _("Status")]
    if v.internal:
        headers.append(_("How we tell the client"))
    rows = []
    for r in sorted(v.project.risks, key=lambda r: -r.score):
        row: list[object] = [f"{r.id} {r.description}", r.likelihood, r.severity, r.score, r.response,
                             t.owner(r.owner),
                             f"{r.contingency.when} → {r.contingency.then}" if r.contingency else "",
                             labels.risk_status(r.status)]
        if v.internal:
            row.append(r.communication)
        rows.append(row)
    return out + table(headers, rows)


def _monitoring(v: DocumentView) -> list[str]:
    out = [f"## 7. {t.title('monitoring')}", ""]
    if not v.has("monitoring"):
        return out + [t.not_planned("monitoring"), ""]
    return out + table([_("Objective"), _("Target"), _("Actual"), _("Attainment"), _("Pacing")],
                       [(k.objective, t.kpi_target(k.kpi), t.kpi_actual(k), t.percent(k.attainment),
                         t.pacing(k)) for k in v.kpis])


def _retro(v: DocumentView) -> list[str]:
    r = v.project.retrospective
    out = [f"## 8. {t.title('retrospective')}", ""]
    if not v.has("retrospective"):
        return out + [t.not_planned("retrospective"), ""]
    if r.metrics:
        ranked = any(m.rank for m in r.metrics)
        out += table([_("Metric"), _("Channel"), _("Target"), _("Actual"), _("Met")] + [_("Best / worst")] * ranked,
                     [[labels.metric(m.metric), labels.channel(m.channel), fmt.kpi_value(m.target, m.unit),
                       t.retro_actual(v, m), "—" if m.met is None else ("✓" if m.met else "✗")]
                      + [t.retro_mark(m)] * ranked for m in r.metrics])
    out += _field(_("Delivery quality"), r.delivery_quality) + _field(_("Client feedback"), r.client_feedback)
    for label, items in ((_("Key learnings"), r.learnings), (_("Improvements"), r.improvements),
                         (_("Next iteration"), r.next_iteration)):
        if items:
            out += [f"**{label}**", ""] + bullets(items)
    if r.long_term_value:
        out += _field(_("Long-term value"), r.long_term_value)
    return out


def _log(v: DocumentView) -> list[str]:
    p = v.project
    out = [f"## {t.title('decisions')}", ""]
    out += table([_("Date"), _("Decision"), _("By"), _("Client confirmed")],
                 [(t.date(d.date), d.what, d.by, "✓" if d.client_confirmed else "✗") for d in p.decisions]) \
        if p.decisions else ["—", ""]
    if p.commitments:
        out += [f"## {t.title('commitments')}", ""] + table(
            [_("Promise"), _("Owner"), _("Due"), _("Status")],
            [(c.promise, t.owner(c.owner), t.date(c.due), labels.commitment_status(c.status))
             for c in p.commitments])
    out += [f"## {t.title('next')}", ""]
    out += [f"- [ ] {t.date(s.due)} {s.what}（{t.owner(s.owner)}）" for s in v.next_steps] or ["—"]
    out += ["", f"## {t.title('confirm')}", ""]
    asks = [f"- [ ] {t.date(w.due)} {w.title}" for w in v.client_approvals]
    asks += [f"- [ ] {d.what}" for d in v.to_confirm]
    return out + (asks or ["—"]) + [""]


def render(v: DocumentView) -> str:
    p = v.project
    head = [f"# {p.name}", "", f"> {p.client.name} · {labels.campaign(p.campaign_type)} · L{p.level.value} · "
            f"{t.date(p.kickoff)} → {t.date(p.flight_end or p.launch)} · {t.version_label(v)} · "
            f"{t.audience_label(v)}", ""]
    parts = [head, _brief(v), _insight(v), _proposal(v), _budget(v), _cadence(v), _risks(v), _monitoring(v),
             _retro(v), _log(v)]
    return "\n".join(line for part in parts for line in part).rstrip() + "\n"


def export(project: Project, audience: Audience, lang: str, extras: Extras) -> bytes:
    with language(lang):
        return render(build_view(project, audience, extras)).encode("utf-8")
