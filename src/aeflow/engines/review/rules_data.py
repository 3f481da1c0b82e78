"""Pitfall rules on what a brief must hold before it goes to the client (one finding per missing
section) and on values that are valid types but wrong data: channels nobody knows, rates typed as
percents."""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping

from aeflow.domain.common import ROLE_LABELS, Role
from aeflow.domain.lintconfig import Severity
from aeflow.domain.project import Project
from aeflow.engines.review.registry import Hit, ReviewContext, each, rule
from aeflow.i18n import N_, _

#: channel values that stand for every channel (a cross-channel reserve on a budget line)
ALL_CHANNELS = frozenset({"all"})

#: metrics that are a share of something (clicks of impressions, conversions of clicks …): stored as a
#: fraction with the unit "%", so never above 1
SHARE_METRICS = frozenset({
    "ctr", "cvr", "engagement_rate", "completion_rate", "viral_rate", "vtr",
    "点击率", "转化率", "互动率", "完播率", "爆文率",
})


def _norm(text: str) -> str:
    return text.strip().lower()


# ---- what the brief must hold --------------------------------------------------------------------
@rule("AE105", "goals", Severity.error, N_("the brief has no objectives"),
      N_("Before the brief goes to the client it says what the campaign must achieve: at least one objective "
         "with a measurable KPI (metric, target, unit, deadline). Add them under brief.objectives."))
def no_objectives(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if not p.brief.objectives:
        yield Hit("brief.objectives")


@rule("AE707", "budget", Severity.error, N_("the project has no budget"),
      N_("Without an agreed budget no plan, forecast or pacing can be checked. Ask the client for the total and "
         "set budget.total (or the proposal's estimate, proposal.budget.total); split it into budget lines later."))
def no_budget(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if p.budget.total is None and not p.budget.lines and p.proposal.budget.total is None:
        yield Hit("budget.total")


@rule("AE307", "feasibility", Severity.error, N_("the project has no team"),
      N_("Name the team before the brief goes out: the account executive who owns the project and who does "
         "creative, media and the client side. Only then can work items get owners."))
def no_team(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if not p.team:
        yield Hit("team")


@rule("AE308", "feasibility", Severity.warning, N_("the team has no {role}"),
      N_("Someone on the agency side owns the project and answers to the client: add the account executive "
         "(role ae) to the team."))
def no_account_executive(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if p.team and not any(m.role == Role.ae and m.side == "agency" for m in p.team):
        yield Hit("team", {"role": _(ROLE_LABELS[Role.ae])})


@rule("AE309", "feasibility", Severity.warning, N_("the campaign has no end date"),
      N_("The flight's last day bounds the KPI deadlines, the budget pacing and when the retrospective is due. "
         "Agree it with the client and set flight_end."))
def no_flight_end(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if p.flight_end is None:
        yield Hit("flight_end")


# ---- rates ---------------------------------------------------------------------------------------
def _share_values(p: Project) -> Iterator[tuple[str, str, str, float]]:
    """(path, subject, metric, value) of every rate target, baseline and trigger threshold."""
    for path, o in each(p.brief.objectives, "brief.objectives"):
        k = o.kpi
        if k is None or _norm(k.metric) not in SHARE_METRICS:
            continue
        if k.target is not None:
            yield path + ".kpi.target", _("the KPI target of objective {id}", id=o.id), k.metric, k.target
        if k.baseline is not None:
            yield path + ".kpi.baseline", _("the KPI baseline of objective {id}", id=o.id), k.metric, k.baseline
        for j, s in enumerate(o.stage_targets):
            yield (f"{path}.stage_targets[{j}].target", _("stage target {date} of objective {id}",
                                                          date=s.date.isoformat(), id=o.id), k.metric, s.target)
    for path, r in each(p.risks, "risks"):
        if r.trigger is not None and _norm(r.trigger.metric) in SHARE_METRICS:
            yield (path + ".trigger.threshold", _("the trigger threshold of risk {id}", id=r.id), r.trigger.metric,
                   r.trigger.threshold)


def _num(value: float) -> str:
    return f"{value:.10g}"


@rule("AE106", "goals", Severity.error, N_("{subject} ({metric}) is {value}, i.e. {percent}: {hint}"),
      N_("aeflow stores rates (CTR, CVR, engagement rate, completion rate) as fractions with the unit “%”, the way "
         "the platforms' reports are imported: 0.015 means 1.5%. A share cannot exceed 100%, so a value above 1 "
         "is almost always a percent typed as a number — write 1.5% as 0.015, with unit “%”."))
def rate_above_one(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    for path, subject, metric, value in _share_values(p):
        if value <= 1:
            continue
        if value <= 100:
            hint = _("rates are written as fractions, so {value}% is {fraction}", value=_num(value),
                     fraction=_num(value / 100))
        else:
            hint = _("a rate cannot be more than 100%")
        yield Hit(path, {"subject": subject, "metric": metric, "value": _num(value),
                         "percent": f"{_num(value * 100)}%", "hint": hint})


# ---- channels ------------------------------------------------------------------------------------
def _channel_fields(p: Project) -> Iterator[tuple[str, str]]:
    """(path, value) of every field that names a channel by its id."""
    for i, c in enumerate(p.channels):
        yield f"channels[{i}]", c
    for path, cell in each(p.proposal.strategy_map, "proposal.strategy_map"):
        yield path + ".channel", cell.channel
    for path, line in each(p.budget.lines, "budget.lines"):
        yield path + ".channel", line.channel
    for path, o in each(p.brief.objectives, "brief.objectives"):
        if o.kpi is not None:
            yield path + ".kpi.channel", o.kpi.channel
    for path, r in each(p.risks, "risks"):
        yield path + ".channel", r.channel
        if r.trigger is not None:
            yield path + ".trigger.channel", r.trigger.channel
    for path, w in each(p.work_items, "work_items"):
        yield path + ".channel", w.channel
    for path, persona in each(p.insight.personas, "insight.personas"):
        for j, c in enumerate(persona.channels):
            yield f"{path}.channels[{j}]", c
    for path, trait in each(p.insight.channel_traits, "insight.channel_traits"):
        yield path + ".channel", trait.channel
    for path, m in each(p.retrospective.metrics, "retrospective.metrics"):
        yield path + ".channel", m.channel


def _unknown_channels(p: Project, known: Mapping[str, tuple[str, ...]]) -> Iterator[tuple[str, str, str | None]]:
    """(path, value, the id it probably means or None) of every channel value the vocabulary lacks."""
    ids = {_norm(k): k for k in known}
    aliases = {_norm(a): k for k, names in known.items() for a in names}
    for path, value in _channel_fields(p):
        name = _norm(value)
        if not name or name in ids or name in ALL_CHANNELS:
            continue
        if name in aliases:
            yield path, value, aliases[name]
            continue
        close = difflib.get_close_matches(name, list(ids) + list(aliases), n=1, cutoff=0.75)
        yield path, value, (ids.get(close[0]) or aliases[close[0]]) if close else None


@rule("AE901", "consistency", Severity.error, N_("channel {channel} is not a known channel — did you mean {suggestion}?"),
      N_("Channel fields take the channel ids of the playbook library (douyin, xiaohongshu, wechat, tmall, offline, "
         "kol …): the planner, the budget, the data imports and the KPI dashboard match on them, so a misspelt or "
         "Chinese name silently drops out. Use the id suggested."))
def channel_misspelt(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if ctx.channels is None:
        return
    for path, value, suggestion in _unknown_channels(p, ctx.channels):
        if suggestion is not None:
            yield Hit(path, {"channel": value, "suggestion": suggestion})


@rule("AE902", "consistency", Severity.warning, N_("channel {channel} is not in the channel library"),
      N_("No playbook knows this channel, so no work breakdown, benchmark or data import will match it. Check the "
         "spelling, or add the channel (id, title, aliases) to a library file in the agency's playbooks folder."))
def channel_unknown(p: Project, ctx: ReviewContext) -> Iterator[Hit]:
    if ctx.channels is None:
        return
    for path, value, suggestion in _unknown_channels(p, ctx.channels):
        if suggestion is None:
            yield Hit(path, {"channel": value})
