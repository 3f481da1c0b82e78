"""The proposal deck (PPTX): from the problem to what the client must confirm, every chart native.

Slides: cover; problem statement; objectives & KPIs; (during and after the flight) KPI results and
the retrospective (:mod:`aeflow.exporters.pptx_results`); (L3) personas, purchase path, competitor matrix;
strategy map; execution timeline (Gantt of native shapes); budget table and an editable chart;
ROI/ROAS estimate; risk heatmap; top risks with contingencies; communication cadence; next steps and
what the client must confirm. A section without data gets its slide with a "not yet planned" panel.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pptx.enum.text import PP_ALIGN
from pptx.util import Inches

from aeflow import formatting as fmt
from aeflow.domain.project import Project
from aeflow.exporters import Format, labels
from aeflow.exporters import text as t
from aeflow.exporters.audience import Audience
from aeflow.exporters.pptx_results import cover_title, heatmap_titles, is_report, results, retrospective
from aeflow.exporters.pptx_style import GREY, NAVY, TEAL, WHITE, Deck, new_deck, new_slide, save, textbox, write
from aeflow.exporters.pptx_visuals import box, cards, chevrons, column_chart, gantt, heatmap, note, table
from aeflow.exporters.view import DocumentView, Extras, build_view
from aeflow.i18n import N_, _, language

FORMAT = Format("pptx", ".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                N_("PowerPoint proposal deck with native, editable charts"))

GANTT_ROWS = 12
TABLE_ROWS = 9


def _pages(rows: Sequence[object], per: int) -> list[Sequence[object]]:
    return [rows[i:i + per] for i in range(0, len(rows), per)] or [[]]


def _paged_title(base: str, i: int, n: int) -> str:
    return base if n == 1 else f"{base}（{i + 1}/{n}）"


def _cover(deck: Deck, v: DocumentView) -> None:
    p = v.project
    slide = deck.prs.slides.add_slide(deck.title_layout)
    placeholders = list(slide.placeholders)
    if deck.own_theme:
        for ph in placeholders:
            ph._element.getparent().remove(ph._element)
        box(slide, 0, 0, deck.width, deck.height, NAVY)
        box(slide, deck.margin, int(deck.height * 0.36), int(Inches(1.4)), int(Inches(0.08)), TEAL)
        textbox(slide, deck.margin, int(deck.height * 0.2), deck.inner_width, int(Inches(1.2)), p.name, size=40,
                bold=True, color=WHITE)
        textbox(slide, deck.margin, int(deck.height * 0.42), deck.inner_width, int(Inches(1.6)), [
            f"{p.client.name} · {labels.campaign(p.campaign_type)}",
            f"{t.date(p.kickoff)} → {t.date(p.flight_end or p.launch)}",
        ], size=20, color=WHITE)
        textbox(slide, deck.margin, int(deck.height * 0.8), deck.inner_width, int(Inches(0.5)),
                f"{cover_title(v)} · {t.version_label(v)} · {t.audience_label(v)}", size=12, color=WHITE)
        return
    if slide.shapes.title is not None:
        write(slide.shapes.title.text_frame, p.name, size=36, bold=True, color=None)
    others = [ph for ph in placeholders if ph.placeholder_format.idx != 0]
    sub = [f"{p.client.name} · {labels.campaign(p.campaign_type)}", cover_title(v), t.version_label(v),
           t.audience_label(v)]
    if others:
        write(others[0].text_frame, sub, size=18, color=None)
    else:
        textbox(slide, deck.margin, int(deck.height * 0.6), deck.inner_width, int(Inches(1.2)), sub, size=18)


def _problem(deck: Deck, v: DocumentView) -> None:
    p = v.project
    slide = new_slide(deck, t.title("problem"))
    statement = p.proposal.problem_statement or p.brief.background or _("The problem is not yet written down.")
    box(slide, deck.margin, deck.top, deck.inner_width, int(Inches(1.3)), NAVY, text=statement, size=20, bold=True)
    half = (deck.inner_width - int(Inches(0.4))) // 2
    y = deck.top + int(Inches(1.6))
    left = [_("Core pain points")] + [f"• {x}" for x in p.brief.pain_points or ["—"]]
    left += [_("Constraints")] + [f"• {x}" for x in p.brief.constraints or ["—"]]
    right = [_("In scope")] + [f"• {x}" for x in p.brief.in_scope or ["—"]]
    right += [_("Out of scope")] + [f"• {x}" for x in p.brief.out_of_scope or ["—"]]
    textbox(slide, deck.margin, y, half, deck.bottom - y, left, size=14)
    textbox(slide, deck.margin + half + int(Inches(0.4)), y, half, deck.bottom - y, right, size=14)


def _objectives(deck: Deck, v: DocumentView) -> None:
    slide = new_slide(deck, t.title("objectives"))
    if not v.has("objectives"):
        return note(deck, slide, t.not_planned("objectives"))
    rows = [(f"{k.objective_id} {k.objective}", t.kpi_metric(k.kpi), t.kpi_target(k.kpi),
             t.date(k.kpi.deadline if k.kpi else None),
             "；".join(f"{t.short_date(s.date)} {fmt.kpi_value(s.target, k.kpi.unit if k.kpi else '')}"
                      for s in v.project.objective(k.objective_id).stage_targets) or "—")
            for k in v.kpis[:TABLE_ROWS]]
    table(slide, deck.margin, deck.top, deck.inner_width,
          [_("Objective"), _("Metric"), _("Target"), _("Deadline"), _("Stage targets")], rows,
          widths=[3, 2, 2, 1.4, 2.6], size=12, row_height=int(Inches(0.5)))


def _insight(deck: Deck, v: DocumentView) -> None:
    ins = v.project.insight
    if not v.has("insight"):
        note(deck, new_slide(deck, t.title("insight")), t.not_planned("insight"))
        return
    if ins.personas:
        slide = new_slide(deck, t.title("personas"))
        cards(deck, slide, [(p.name, [x for x in [p.demographics or p.description] if x]
                             + [_("Needs: {items}", items="、".join(p.needs))] * bool(p.needs)
                             + [_("Barriers: {items}", items="、".join(p.barriers))] * bool(p.barriers)
                             + [_("Channels: {items}", items=labels.channels(p.channels))] * bool(p.channels))
                            for p in ins.personas])
    if ins.purchase_path:
        chevrons(deck, new_slide(deck, t.title("purchase_path")),
                 [(s.stage, s.message, list(s.touchpoints)) for s in ins.purchase_path[:6]])
    if ins.competitors:
        slide = new_slide(deck, t.title("competitors"))
        table(slide, deck.margin, deck.top, deck.inner_width,
              [_("Competitor"), _("Positioning"), _("Price band"), _("Strengths"), _("Weaknesses"), _("Channels")],
              [(c.name, c.positioning, c.price_band, "、".join(c.strengths), "、".join(c.weaknesses),
                labels.channels(c.channels)) for c in ins.competitors[:TABLE_ROWS]],
              size=12, row_height=int(Inches(0.55)))


def _strategy(deck: Deck, v: DocumentView) -> None:
    slide = new_slide(deck, t.title("strategy"), subtitle=v.project.proposal.creative_direction)
    cells = v.project.proposal.strategy_map
    if not cells:
        return note(deck, slide, t.not_planned("strategy"))
    stages = list(dict.fromkeys(c.funnel_stage for c in cells))
    channels = list(dict.fromkeys(c.channel for c in cells))
    grid = {(c.channel, c.funnel_stage): f"{c.content}\n{c.rhythm}".strip() for c in cells}
    table(slide, deck.margin, deck.top, deck.inner_width, [_("Channel")] + stages,
          [[labels.channel(ch)] + [grid.get((ch, st), "") for st in stages] for ch in channels[:TABLE_ROWS]],
          widths=[1.2] + [2] * len(stages), size=11, row_height=int(Inches(0.7)))


def _timeline(deck: Deck, v: DocumentView) -> None:
    if not v.has("schedule"):
        note(deck, new_slide(deck, t.title("schedule")), t.not_planned("schedule"))
        return
    span = (min(r.start for r in v.schedule), max(r.end for r in v.schedule) + dt.timedelta(days=3))
    pages = _pages(v.schedule, GANTT_ROWS)
    for i, rows in enumerate(pages):
        sub = "" if v.critical_known else _("critical path not known: no dependencies recorded")
        slide = new_slide(deck, _paged_title(t.title("schedule"), i, len(pages)), subtitle=sub)
        gantt(deck, slide, rows, span, v.today, v.critical_known)  # type: ignore[arg-type]


def _budget(deck: Deck, v: DocumentView) -> None:
    slide = new_slide(deck, t.title("budget"), subtitle=_("Total {total} · planned {planned} · spent {actual}",
                      total=t.money(v, v.project.budget.total), planned=t.money(v, v.project.budget.planned),
                      actual=t.money(v, v.spent)))
    if not v.has("budget"):
        return note(deck, slide, t.not_planned("budget"))
    planned = v.project.budget.planned or 1
    half = int(deck.inner_width * 0.48)
    rows = [(labels.channel(c.channel), t.money(v, c.planned), t.money(v, c.actual),
             t.percent(float(c.planned / planned))) for c in v.by_channel[:TABLE_ROWS]]
    table(slide, deck.margin, deck.top, half, [_("Channel"), _("Planned"), _("Actual"), _("Share")], rows,
          widths=[1.6, 1.6, 1.6, 1], size=12)
    column_chart(slide, deck.margin + half + int(Inches(0.3)), deck.top, deck.inner_width - half - int(Inches(0.3)),
                 deck.bottom - deck.top, [labels.channel(c.channel) for c in v.by_channel],
                 [(_("Planned"), [float(c.planned) for c in v.by_channel]),
                  (_("Actual"), [float(c.actual) for c in v.by_channel])])


def _roi(deck: Deck, v: DocumentView) -> None:
    slide = new_slide(deck, t.title("roi"))
    if not v.has("roi"):
        return note(deck, slide, t.not_planned("roi"))
    figures = [("ROI", t.ratio(v.roi, v.roi_range)), ("ROAS", t.ratio(v.roas, v.roas_range))]
    w = (deck.inner_width - int(Inches(0.4))) // 2
    for i, (name, value) in enumerate(figures):
        x = deck.margin + i * (w + int(Inches(0.4)))
        box(slide, x, deck.top, w, int(Inches(0.5)), NAVY, text=name, size=16, bold=True)
        box(slide, x, deck.top + int(Inches(0.5)), w, int(Inches(1.3)), None, text=value, size=30, bold=True,
            color=NAVY)
    if v.roi_range is None and v.roas_range is None:
        textbox(slide, deck.margin, deck.top + int(Inches(1.9)), deck.inner_width, int(Inches(0.4)),
                _("Point estimates; the P10–P90 range appears once the budget forecast has run."), size=12,
                color=GREY)
    assumptions = v.project.proposal.budget.assumptions
    y = deck.top + int(Inches(2.4))
    textbox(slide, deck.margin, y, deck.inner_width, deck.bottom - y,
            [_("Assumptions")] + [f"• {a}" for a in assumptions or ["—"]], size=14)


def _risks(deck: Deck, v: DocumentView) -> None:
    slide = new_slide(deck, t.title("risks"))
    if not v.has("risks"):
        return note(deck, slide, t.not_planned("risks"))
    half = int(deck.inner_width * 0.45)
    heatmap(deck, slide, heatmap_titles(v), deck.margin, half)
    lines = [f"{r.description}（{r.likelihood}×{r.severity}={r.score}）" for r in v.top_risks]
    textbox(slide, deck.margin + half + int(Inches(0.3)), deck.top, deck.inner_width - half - int(Inches(0.3)),
            deck.bottom - deck.top, [_("Open risks by score")] + lines, size=13)
    slide = new_slide(deck, t.title("top_risks"))
    table(slide, deck.margin, deck.top, deck.inner_width,
          [_("Risk"), _("L × S"), _("Response"), _("If … then …"), _("Owner")],
          [(r.description, f"{r.likelihood}×{r.severity}", r.response,
            f"{r.contingency.when} → {r.contingency.then}" if r.contingency else "", t.owner(r.owner))
           for r in v.top_risks], widths=[2.4, 0.8, 2.4, 3.2, 1], size=12, row_height=int(Inches(0.6)))


def _cadence(deck: Deck, v: DocumentView) -> None:
    slide = new_slide(deck, t.title("cadence"))
    if not v.has("cadence"):
        return note(deck, slide, t.not_planned("cadence"))
    table(slide, deck.margin, deck.top, deck.inner_width,
          [_("Meeting"), _("Frequency"), _("Participants"), _("Decision authority"), _("Disclosure")],
          [(c.meeting + (" ★" if c.includes_client else ""), t.frequency(c.frequency, c.time), "、".join(c.participants),
            c.decision_authority, c.disclosure) for c in v.project.cadence[:TABLE_ROWS]],
          widths=[1.6, 1.8, 2.4, 2.4, 2], size=12, row_height=int(Inches(0.6)))
    textbox(slide, deck.margin, deck.bottom - int(Inches(0.3)), deck.inner_width, int(Inches(0.3)),
            _("★ with the client"), size=10, color=GREY)


def _next(deck: Deck, v: DocumentView) -> None:
    slide = new_slide(deck, t.title("next"), subtitle=t.version_label(v))
    half = (deck.inner_width - int(Inches(0.4))) // 2
    steps = [f"{t.short_date(s.due)}  {s.what} · {t.owner(s.owner)}" for s in v.next_steps[:10]]
    asks = [f"{t.short_date(w.due)}  {w.title}" for w in v.client_approvals[:8]]
    asks += [f"{_('to confirm')}: {d.what}" for d in v.to_confirm[:4]]
    for i, (head, lines) in enumerate(((t.title("next"), steps), (t.title("confirm"), asks))):
        x = deck.margin + i * (half + int(Inches(0.4)))
        box(slide, x, deck.top, half, int(Inches(0.55)), NAVY if i == 0 else TEAL, text=head, size=16, bold=True)
        textbox(slide, x, deck.top + int(Inches(0.7)), half, deck.bottom - deck.top - int(Inches(0.7)),
                lines or ["—"], size=14, bullet=bool(lines), align=PP_ALIGN.LEFT)


def render(v: DocumentView, template: bytes | None) -> bytes:
    deck = new_deck(template)
    _cover(deck, v)
    _problem(deck, v)
    _objectives(deck, v)
    if is_report(v):
        results(deck, v)
        retrospective(deck, v)
    if v.l3:
        _insight(deck, v)
    _strategy(deck, v)
    _timeline(deck, v)
    _budget(deck, v)
    _roi(deck, v)
    _risks(deck, v)
    _cadence(deck, v)
    _next(deck, v)
    deck.prs.core_properties.title = v.project.name
    deck.prs.core_properties.subject = cover_title(v)
    deck.prs.core_properties.author = "aeflow"
    deck.prs.core_properties.last_modified_by = "aeflow"
    deck.prs.core_properties.revision = v.version or 1
    deck.prs.core_properties.modified = dt.datetime.combine(v.today, dt.time(0, 0))
    return save(deck)


def export(project: Project, audience: Audience, lang: str, extras: Extras) -> bytes:
    with language(lang):
        return render(build_view(project, audience, extras), extras.template)
