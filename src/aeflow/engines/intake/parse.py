"""``parse_notes``: the whole intake pass over one note, from text to :class:`IntakeResult`."""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from typing import Any

from pydantic import BaseModel

from aeflow.engines.intake.budget import find_budget
from aeflow.engines.intake.channels import ChannelHit, find_channels, planned
from aeflow.engines.intake.classify import campaign_types, constraints
from aeflow.engines.intake.dates import anchored, find_dates, timeline
from aeflow.engines.intake.kpis import KpiHit, find_kpis
from aeflow.engines.intake.lexicon import Lexicon, Matcher, words
from aeflow.engines.intake.model import IntakeResult, KPIFact, Span
from aeflow.engines.intake.numbers import CurrencyWords, find_amounts
from aeflow.engines.intake.patterns import DateHit
from aeflow.engines.intake.people import find_people
from aeflow.engines.intake.questions import open_questions
from aeflow.engines.intake.text import Layout, fold, trim

NOT_FOR_KPIS = ("launch", "kickoff", "meeting", "confirm", "proposal")
_BACKGROUND = re.compile(r"^[ \t]*(?:客户(?:背景|情况)?|品牌|Client|Brand)[ \t]*:[ \t]*(\S[^\n]*)$", re.MULTILINE | re.IGNORECASE)


def _currencies(lex: Lexicon) -> CurrencyWords:
    return CurrencyWords({code: (c.symbols, c.words) for code, c in lex.budget.currencies.items()})


def _acceptance(lex: Lexicon) -> Matcher:
    return Matcher(words(lex.questions.acceptance_words))


def parse_notes(text: str, ref_date: dt.date, lexicon: Lexicon) -> IntakeResult:
    """Extract the facts of a note (each with its span) and the open questions they leave.

    Relative dates resolve against ``ref_date`` (the day of the call). Never raises on odd text:
    what cannot be read is simply not extracted.
    """
    lex = lexicon
    t = fold(text)
    layout = Layout.of(t)
    hits = find_dates(t, ref_date, lex, layout)
    tl, date_facts, durations = timeline(t, hits, ref_date)
    hits = anchored(hits, tl.launch)
    amounts = find_amounts(t, 0, len(t), lex.matcher("currencies", _currencies), [(h.start, h.end) for h in hits])
    channel_hits = find_channels(t, lex, layout)
    kpi_hits = find_kpis(t, lex, layout, amounts)
    channels, excluded = planned(channel_hits)
    kpis = _kpi_facts(t, kpi_hits, hits, channel_hits, layout, _children(lex, channels))
    spans = [(k.number_start, k.number_end) for k in kpi_hits]
    budget = find_budget(t, lex, layout, amounts, spans, channel_hits)
    types = campaign_types(t, lex)
    accept = []
    for h in lex.matcher("acceptance", _acceptance).find(t):
        seg = trim(t, layout.clause_at(h.start))
        if not any(a.start == seg.start for a in accept):
            accept.append(Span(start=seg.start, end=seg.end, text=t[seg.start:seg.end]))
    bg = _BACKGROUND.search(t)
    result = IntakeResult(
        ref_date=ref_date, background=Span(start=bg.start(1), end=bg.end(1), text=bg[1]) if bg else None,
        budget=budget.budget, budget_mentions=budget.mentions,
        launch_date=tl.launch, kickoff=tl.kickoff, deadline=tl.deadline, proposal_due=tl.proposal_due,
        duration_days=tl.duration_days, dates=date_facts, durations=durations, kpis=kpis,
        channels=channels, excluded_channels=excluded,
        channel_mentions=[_channel_fact(t, c) for c in channel_hits],
        campaign_type=types[0].value if types else None, campaign_types=types,
        constraints=constraints(t, lex, layout, channel_hits), stakeholders=find_people(t, lex, layout),
        acceptance=accept,
    )
    _respan(result, text)
    result.open_questions = open_questions(result, lex)
    return result


def _channel_fact(t: str, c: ChannelHit) -> Any:
    from aeflow.engines.intake.model import ChannelFact

    return ChannelFact(name=c.name, group=c.group, excluded=c.excluded,
                       span=Span(start=c.start, end=c.end, text=t[c.start:c.end]))


def _children(lex: Lexicon, planned_channels: list[str]) -> dict[str, str]:
    """A parent named in a KPI (线下到场) stands for its one planned child (offline-popup)."""
    out: dict[str, str] = {}
    for parent in {d.group for d in lex.channels.channels.values() if d.group}:
        kids = [c for c in planned_channels if lex.channels.channels[c].group == parent]
        if len(kids) == 1:
            out[parent] = kids[0]
    return out


def _kpi_facts(t: str, kpi_hits: list[KpiHit], hits: list[DateHit], channels: list[ChannelHit],
               layout: Layout, children: dict[str, str]) -> list[KPIFact]:
    targets = [k for k in kpi_hits if not k.is_baseline]
    baselines = [k for k in kpi_hits if k.is_baseline]
    out: list[KPIFact] = []
    seen: set[tuple[Any, ...]] = set()
    usable = [h for h in hits if h.date and h.role not in NOT_FOR_KPIS and h.kind != "flight"]
    for k in targets:
        baseline = k.baseline
        if baseline is None:
            b = next((x for x in baselines if x.metric == k.metric), None)
            if b is not None:
                baselines.remove(b)
                baseline = b.target
        deadline = _kpi_deadline(k, usable, layout)
        key = (k.metric, k.target, deadline, k.relative)
        if key in seen:
            continue
        seen.add(key)
        clause = layout.clause_at(k.start)
        near = [c for c in channels if clause.start <= c.start < clause.end and not c.excluded]
        channel = min(near, key=lambda c: abs(c.start - k.start)).name if near else None
        channel = children.get(channel, channel) if channel else None
        out.append(KPIFact(metric=k.metric, target=k.target, unit=k.unit, comparison=k.comparison,
                           deadline=deadline, baseline=baseline, relative=k.relative, approximate=k.approximate,
                           channel=channel, span=Span(start=k.start, end=k.end, text=t[k.start:k.end])))
    return out


def _kpi_deadline(k: KpiHit, usable: list[DateHit], layout: Layout) -> dt.date | None:
    """A date in the KPI's clause, else a deadline in its sentence (the nearest one)."""
    clause = layout.clause_at(k.start)
    sentence = layout.sentence_at(k.start)
    lo = bisect_left([h.start for h in usable], sentence.start)
    near = [h for h in usable[lo:] if h.start < sentence.end]
    own = [h for h in near if clause.start <= h.start < clause.end]
    if not own:
        own = [h for h in near if h.role == "deadline"]
    if not own:
        return None
    return min(own, key=lambda h: abs(h.start - k.start)).date


def _respan(model: BaseModel, original: str) -> None:
    """Span texts from the note as written (the parser works on a width-folded copy)."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Span):
                item.text = original[item.start:item.end]
            elif isinstance(item, BaseModel):
                _respan(item, original)
    if hasattr(model, "code") and hasattr(model, "text") and hasattr(model, "span"):
        model.text = model.span.text  # type: ignore[attr-defined]
