"""``to_brief``: an intake result as a draft :class:`~aeflow.domain.RequirementBrief`.

Each KPI becomes an objective titled with the AE's own words; targets of one metric with
different deadlines become stage targets of one objective (the latest is the objective's KPI).
Constraints and acceptance points are the clauses they were found in; excluded channels go to
``out_of_scope``; a ``客户：…`` / ``Client: …`` line becomes the background.
"""

from __future__ import annotations

import datetime as dt
import re

from aeflow.domain.brief import KPI, Objective, RequirementBrief, StageTarget
from aeflow.engines.intake.model import IntakeResult, KPIFact


def _objective_id(n: int, metric: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.\-]", "-", metric)[:40] or "kpi"
    return f"o{n}-{slug}"


def _kpi(k: KPIFact) -> KPI:
    return KPI(metric=k.metric, baseline=k.baseline, target=k.target, unit=k.unit or "-",
               comparison=k.comparison, deadline=k.deadline, channel=k.channel or "")


def _groups(kpis: list[KPIFact]) -> list[list[KPIFact]]:
    """KPIs of one metric (and channel) with distinct deadlines form one group; clashes stay apart."""
    groups: dict[tuple[str, str | None, bool], list[KPIFact]] = {}
    for k in kpis:
        groups.setdefault((k.metric, k.channel, k.relative), []).append(k)
    out: list[list[KPIFact]] = []
    for members in groups.values():
        deadlines = [k.deadline for k in members]
        if len(set(deadlines)) == len(deadlines) and all(d is not None for d in deadlines[:-1]):
            out.append(sorted(members, key=lambda k: (k.deadline is None, k.deadline or dt.date.max)))
        else:
            out.extend([k] for k in members)
    return sorted(out, key=lambda g: min(k.span.start for k in g))


def to_brief(result: IntakeResult) -> RequirementBrief:
    objectives: list[Objective] = []
    for n, group in enumerate(_groups(result.kpis), start=1):
        final = group[-1]
        stages = [StageTarget(date=k.deadline, target=k.target, note=k.span.text)
                  for k in group[:-1] if k.deadline is not None and k.target is not None]
        objectives.append(Objective(id=_objective_id(n, final.metric), title=final.span.text.strip() or final.metric,
                                    kpi=_kpi(final), stage_targets=stages))
    constraints = list(dict.fromkeys(c.text for c in result.constraints if c.code != "channel_excluded" and c.text))
    out_of_scope = list(dict.fromkeys(c.text for c in result.constraints if c.code == "channel_excluded" and c.text))
    acceptance = list(dict.fromkeys(a.text.strip() for a in result.acceptance if a.text.strip()))
    background = result.background.text.strip() if result.background else ""
    return RequirementBrief(background=background, objectives=objectives, constraints=constraints,
                            acceptance_points=acceptance, out_of_scope=out_of_scope)
