"""Who does each generated item, and which objective it serves.

Owners come from the project team by role, the least-loaded member (by estimated hours) first, client
steps going to client-side members. Objectives are matched by the KPI's channel and metric against
the module's channel and the metrics it drives; project-wide steps serve the primary objective.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from aeflow.domain.brief import Objective
from aeflow.domain.project import Project
from aeflow.engines.planner.instantiate import Generated
from aeflow.engines.planner.playbook import CORE, Library

MATCH_CHANNEL_METRIC = "channel+metric"
MATCH_CHANNEL = "channel"
MATCH_METRIC = "metric"
MATCH_PRIMARY = "primary"


def primary_objective(objectives: list[Objective]) -> Objective | None:
    """Priority 1 is the highest; the first one written wins a tie."""
    return min(objectives, key=lambda o: o.priority, default=None)


def _channel_family(library: Library, channel_ids: Iterable[str]) -> set[str]:
    out = set(channel_ids)
    for ch in library.channels.values():
        if out & set(ch.parts):
            out.add(ch.id)
    return out


def link_objectives(generated: list[Generated], project: Project, library: Library) -> dict[str, str]:
    """Set ``objective`` on generated items; return how each was matched (item id → match kind)."""
    objectives = project.brief.objectives
    primary = primary_objective(objectives)
    kpis: list[tuple[Objective, str | None, str]] = []
    for o in objectives:
        if o.kpi is None:
            kpis.append((o, None, ""))
            continue
        raw = o.kpi.channel.strip()
        ch = library.channel_for(raw) if raw else None
        kpis.append((o, ch.id if ch else (raw.lower() or None), o.kpi.metric.strip().lower()))
    how: dict[str, str] = {}
    for g in generated:
        if primary is None:
            break
        if g.module in (CORE, ""):
            g.item.objective, how[g.item.id] = primary.id, MATCH_PRIMARY
            continue
        family = _channel_family(library, g.channels)
        best: tuple[int, int, int] | None = None
        chosen: tuple[Objective, str] | None = None
        for pos, (o, channel, metric) in enumerate(kpis):
            if channel is not None and channel not in family:
                continue  # a KPI of another channel
            on_channel = channel is not None
            on_metric = bool(metric) and metric in g.metrics
            if not (on_channel or on_metric):
                continue
            score = 2 * on_channel + on_metric
            key = (score, -o.priority, -pos)
            if best is None or key > best:
                best = key
                kind = MATCH_CHANNEL_METRIC if on_channel and on_metric else (
                    MATCH_CHANNEL if on_channel else MATCH_METRIC)
                chosen = (o, kind)
        if chosen is None:
            g.item.objective, how[g.item.id] = primary.id, MATCH_PRIMARY
        else:
            g.item.objective, how[g.item.id] = chosen[0].id, chosen[1]
    return how


def assign_owners(generated: list[Generated], project: Project, existing_hours: dict[str, float]) -> set[str]:
    """Give unowned generated items an owner of their role; return the roles nobody on the team has."""
    by_role: dict[str, list[str]] = defaultdict(list)
    for m in project.team:
        by_role[m.role.value].append(m.name)
    load = defaultdict(float, existing_hours)
    missing: set[str] = set()
    for g in generated:
        if g.item.owner or g.item.is_milestone:
            continue
        names = by_role.get(g.item.role.value)
        if not names:
            missing.add(g.item.role.value)
            continue
        name = min(names, key=lambda n: (load[n], names.index(n)))
        g.item.owner = name
        load[name] += g.item.estimated_hours or 0
    return missing
