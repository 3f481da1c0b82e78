"""The weekly client status report (PDF), rendered from HTML with WeasyPrint, CJK fonts embedded.

One or two A4 pages: KPI attainment and pacing, milestones done and next, top risks and open
decisions, what we need from the client. WeasyPrint embeds (subsets of) the fonts it uses, so the
PDF shows Chinese on any reader; the font stack names the Noto CJK fonts that CI installs first.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from aeflow.domain.plan import Status
from aeflow.domain.project import Project
from aeflow.errors import ExportFailed
from aeflow.exporters import Format, labels
from aeflow.exporters import text as t
from aeflow.exporters.audience import Audience
from aeflow.exporters.view import DocumentView, Extras, build_view
from aeflow.i18n import N_, _, get_language, language

FORMAT = Format("pdf", ".pdf", "application/pdf", N_("PDF weekly status report for the client"))

FONTS = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
CSS = """
@page { size: A4; margin: 16mm 14mm 18mm 14mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-family: %(fonts)s; font-size: 8pt; color: #8a94a6; }
  @bottom-left { content: "%(footer)s"; font-family: %(fonts)s; font-size: 8pt; color: #8a94a6; } }
body { font-family: %(fonts)s; font-size: 9.5pt; color: #222b36; line-height: 1.45; }
h1 { font-size: 17pt; color: #1f3a5f; margin: 0 0 2mm 0; }
h2 { font-size: 11.5pt; color: #1f3a5f; border-bottom: 1.5pt solid #2a9d8f; padding-bottom: 1mm;
     margin: 6mm 0 2mm 0; }
.meta { color: #8a94a6; font-size: 9pt; }
table { width: 100%%; border-collapse: collapse; margin: 1mm 0 2mm 0; }
th { background: #1f3a5f; color: white; text-align: left; font-weight: bold; padding: 1.2mm 2mm; }
td { padding: 1.2mm 2mm; border-bottom: 0.5pt solid #d5dbe3; vertical-align: top; }
.bar { background: #e3e8ef; height: 3mm; width: 22mm; display: inline-block; vertical-align: middle; }
.bar span { display: block; height: 3mm; background: #2a9d8f; }
.bar span.behind { background: #e9a23b; }
.nw { white-space: nowrap; }
.late { color: #d1495b; font-weight: bold; }
.note { color: #8a94a6; font-style: italic; }
.ask { background: #fdf3e1; border-left: 2pt solid #e9a23b; padding: 2mm 3mm; }
"""


def _table(headers: list[str], rows: list[list[str]], nowrap: tuple[int, ...] = ()) -> str:
    """A table; the cells of the columns ``nowrap`` (names, dates, L × S) never break."""
    def cls(i: int) -> str:
        return ' class="nw"' if i in nowrap else ""

    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td{cls(i)}>{c}</td>" for i, c in enumerate(row)) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _bar(ratio: float | None, behind: bool) -> str:
    if ratio is None:
        return "—"
    width = max(0.0, min(ratio, 1.0)) * 100
    cls = ' class="behind"' if behind else ""
    return f'<div class="bar"><span{cls} style="width:{width:.0f}%"></span></div> {escape(t.percent(ratio))}'


def _kpis(v: DocumentView) -> str:
    if not v.has("objectives"):
        return f'<p class="note">{escape(t.not_planned("objectives"))}</p>'
    rows = [[escape(k.objective), escape(t.kpi_target(k.kpi)), escape(t.kpi_actual(k)),
             _bar(k.attainment, t.behind(k)), escape(t.percent(k.expected)),
             escape(t.pacing(k))] for k in v.kpis]
    out = _table([_("Objective"), _("Target"), _("Actual"), _("Attainment"), _("Time elapsed"), _("Pacing")], rows)
    if not v.has("monitoring"):
        out += f'<p class="note">{escape(t.not_planned("monitoring"))}</p>'
    return out


def _recent(v: DocumentView) -> list:
    since = v.today - dt.timedelta(days=7)
    done = [w for w in v.project.work_items if w.status == Status.done
            and since <= (w.actual_finish or w.due or dt.date.min) <= v.today]
    return sorted(done, key=lambda w: w.actual_finish or w.due or v.today)


def _milestones(v: DocumentView) -> str:
    if not v.has("schedule"):
        return f'<p class="note">{escape(t.not_planned("schedule"))}</p>'
    done = _recent(v) or v.milestones_done[-3:]
    rows = [[escape(t.date(w.actual_finish or w.due)), escape(w.title), escape(t.owner(w.owner)),
             escape(labels.status(w.status))] for w in done]
    out = f"<h3>{escape(_('Done'))}</h3>" + (_table([_("Date"), _("Work item"), _("Owner"), _("Status")], rows,
                                                      (0, 2, 3))
                                               if rows else "<p>—</p>")
    late = {r.item.id for r in v.schedule if r.overdue}
    nxt = [[f'<span class="late">{escape(t.date(s.due))}</span>' if s.item_id in late else escape(t.date(s.due)),
            escape(s.what), escape(t.owner(s.owner))] for s in v.next_steps]
    nxt += [[escape(t.date(w.due)), "★ " + escape(w.title), escape(t.owner(w.owner))]
            for w in v.milestones_next if w.id not in {s.item_id for s in v.next_steps}][:3]
    out += f"<h3>{escape(_('Next'))}</h3>" + (_table([_("Due"), _("Work item"), _("Owner")], nxt, (0, 2))
                                              if nxt else "<p>—</p>")
    return out


def _risks(v: DocumentView) -> str:
    if not v.has("risks"):
        out = f'<p class="note">{escape(t.not_planned("risks"))}</p>'
    else:
        out = _table([_("Risk"), _("L × S"), _("Response"), _("If … then …"), _("Owner")],
                     [[escape(r.description), f"{r.likelihood}×{r.severity}", escape(r.response or "—"),
                       escape(f"{r.contingency.when} → {r.contingency.then}" if r.contingency else "—"),
                       escape(t.owner(r.owner))] for r in v.top_risks], (1, 4))
    if v.to_confirm:
        out += f"<h3>{escape(_('Open decisions'))}</h3><ul>" + "".join(
            f"<li>{escape(d.what)}</li>" for d in v.to_confirm) + "</ul>"
    return out


def _asks(v: DocumentView) -> str:
    items = [f"{escape(t.date(w.due))} · {escape(w.title)}" for w in v.client_approvals]
    items += [escape(c.promise) + f"（{escape(t.date(c.due))}）" for c in v.open_commitments
              if c.due and c.due <= v.today + dt.timedelta(days=7)]
    if not items:
        return f"<p>{escape(_('Nothing is waiting for you this week.'))}</p>"
    return '<div class="ask"><ul>' + "".join(f"<li>{i}</li>" for i in items) + "</ul></div>"


def html(v: DocumentView) -> str:
    p = v.project
    monday = v.today - dt.timedelta(days=v.today.weekday())
    week = _("Week of {start} to {end}", start=t.date(monday), end=t.date(monday + dt.timedelta(days=6)))
    footer = f"{p.name} · {t.audience_label(v)}".replace('"', "'")
    css = CSS % {"fonts": FONTS, "footer": escape(footer)}
    lang = "zh-CN" if get_language() == "zh" else "en"
    body = [
        f"<h1>{escape(t.title('status'))} · {escape(p.name)}</h1>",
        f'<p class="meta">{escape(p.client.name)} · {escape(week)} · {escape(t.version_label(v))}</p>',
        f"<h2>{escape(t.title('monitoring'))}</h2>", _kpis(v),
        f"<h2>{escape(_('Milestones'))}</h2>", _milestones(v),
        f"<h2>{escape(_('Risks and open decisions'))}</h2>", _risks(v),
        f"<h2>{escape(_('What we need from you'))}</h2>", _asks(v),
    ]
    return (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{escape(p.name)}</title>'
            f"<style>{css}</style></head><body>{''.join(body)}</body></html>")


def render(v: DocumentView) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as exc:  # Pango or its friends are missing from the system
        raise ExportFailed(_("the PDF engine cannot start: {reason}", reason=str(exc).splitlines()[0]),
                           hint=_("install the system packages libpango-1.0-0 and libpangoft2-1.0-0")) from None
    return HTML(string=html(v)).write_pdf() or b""


def export(project: Project, audience: Audience, lang: str, extras: Extras) -> bytes:
    with language(lang):
        return render(build_view(project, audience, extras))
