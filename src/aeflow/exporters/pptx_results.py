"""The deck's outcome slides: KPI results and the retrospective, for a project in flight or finished.

A deck made during monitoring (stage 7) or after the retrospective (stage 8) is a results report,
not a pitch: its cover says so, and right after the objectives come the results — each KPI's
target, actual, attainment and the status the documents share — and the retrospective: delivery
and client feedback, key learnings, improvements and the next iteration.
"""

from __future__ import annotations

from pptx.util import Inches

from aeflow.domain.common import Stage
from aeflow.domain.risk import Risk
from aeflow.exporters import labels
from aeflow.exporters import text as t
from aeflow.exporters.pptx_style import GREY, Deck, new_slide, textbox
from aeflow.exporters.pptx_visuals import cards, note, table
from aeflow.exporters.view import DocumentView
from aeflow.i18n import N_, _, get_language

REPORT_STAGES = (Stage.monitoring, Stage.retrospective)
COVER = {Stage.monitoring: N_("Campaign progress report"), Stage.retrospective: N_("Campaign wrap-up report")}
RESULT_ROWS = 9
TITLE_CHARS = 10
CLAUSE_ENDS = "，。；：,;:（("
SENTENCE_ENDS = "。；;"
GIST_CHARS = 64
CARD_ITEMS = 5


def is_report(v: DocumentView) -> bool:
    return v.project.stage in REPORT_STAGES


def cover_title(v: DocumentView) -> str:
    """What the deck is: a proposal before the flight, a progress or wrap-up report during and after it."""
    return _(COVER[v.project.stage]) if is_report(v) else t.title("cover")


def risk_title(risk: Risk, limit: int = TITLE_CHARS) -> str:
    """A risk's short title for small spaces: its description's first clause, cut to ``limit`` characters."""
    text = risk.description.strip()
    for i, ch in enumerate(text):
        if ch in CLAUSE_ENDS and i > 0:
            text = text[:i]
            break
    return text if len(text) <= limit else text[:limit - 1] + "…"


def gist(text: str, limit: int = GIST_CHARS) -> str:
    """A long paragraph's first sentence, cut to ``limit`` characters (the deck summarises; the
    workbook and the Markdown keep the whole text)."""
    text = " ".join(text.split())
    for i, ch in enumerate(text):
        if ch in SENTENCE_ENDS and i > 0:
            text = text[:i + 1] if ch in "。." else text[:i]
            break
    return text if len(text) <= limit else text[:limit - 1] + "…"


def heatmap_titles(v: DocumentView) -> dict[tuple[int, int], list[str]]:
    """The heatmap's cells with each risk's short title instead of its id."""
    risks = {r.id: r for r in v.project.risks}
    return {cell: [risk_title(risks[i]) if i in risks else i for i in ids] for cell, ids in v.heatmap.items()}


def results(deck: Deck, v: DocumentView) -> None:
    slide = new_slide(deck, t.title("monitoring"), subtitle=t.version_label(v))
    if not v.has("objectives"):
        return note(deck, slide, t.not_planned("objectives"))
    rows = [(f"{k.objective_id} {k.objective}", t.kpi_metric(k.kpi), t.kpi_target(k.kpi), t.kpi_actual(k),
             t.percent(k.attainment), t.pacing(k)) for k in v.kpis[:RESULT_ROWS]]
    table(slide, deck.margin, deck.top, deck.inner_width,
          [_("Objective"), _("Metric"), _("Target"), _("Actual"), _("Attainment"), _("Status")], rows,
          widths=[3.2, 1.8, 1.6, 1.6, 1.2, 1.4], size=12, row_height=int(Inches(0.5)))
    if not v.has("monitoring"):
        textbox(slide, deck.margin, deck.bottom - int(Inches(0.4)), deck.inner_width, int(Inches(0.4)),
                t.not_planned("monitoring"), size=12, color=GREY)


def retrospective(deck: Deck, v: DocumentView) -> None:
    r = v.project.retrospective
    slide = new_slide(deck, t.title("retrospective"), subtitle=f"{_('Owner')}: {r.owner}" if r.owner else "")
    ranked = [m for m in r.metrics if m.rank]
    if not (r.learnings or r.improvements or r.next_iteration or r.delivery_quality or r.client_feedback
            or ranked):
        return note(deck, slide, t.not_planned("retrospective"))
    top = deck.top
    colon = "：" if get_language() == "zh" else ": "
    summary = [f"{label}{colon}{gist(text, 2 * GIST_CHARS)}" for label, text in (
        (_("Delivery quality"), r.delivery_quality), (_("Client feedback"), r.client_feedback)) if text]
    summary += [f"{t.retro_mark(m)}{colon}{labels.channel(m.channel)} {t.retro_actual(v, m)}" for m in ranked]
    if summary:
        height = int(Inches(0.55)) * len(summary) + int(Inches(0.1))
        textbox(slide, deck.margin, top, deck.inner_width, height, summary, size=12)
        top += height + int(Inches(0.1))
    cards(deck, slide, [(head, [gist(x) for x in items[:CARD_ITEMS]] or ["—"]) for head, items in (
        (_("Key learnings"), r.learnings), (_("Improvements"), r.improvements),
        (_("Next iteration"), r.next_iteration))], top=top)
