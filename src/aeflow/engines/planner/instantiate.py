"""Playbook + project → work items (with the scheduling facts the domain model does not hold).

Ids are stable and readable: ``core.kickoff``, ``douyin-video.script``, plus two anchors: ``launch``
(a milestone pinned to the project's launch date: all preparation must end the day before, launch-day
work starts on it) and ``flight-end`` (after the live phase, pinned to the day after ``flight_end`` when
the project has one; the wrap-up follows it). A step left out by the level (an L3 step in an L1 plan)
passes its own dependencies on, so the order of what remains is kept.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from aeflow.domain.common import Role
from aeflow.domain.plan import WorkItem
from aeflow.domain.project import Project
from aeflow.engines.planner.playbook import CORE, Library, Module, Phase, Playbook, Step, localise
from aeflow.errors import Invalid, Problem
from aeflow.i18n import N_, _

LAUNCH = "launch"
FLIGHT_END = "flight-end"
HOURS_PER_DAY = 8


@dataclass
class Generated:
    """One generated work item and what the scheduler needs beyond the domain record."""

    item: WorkItem
    step: Step | None  # None for the two anchors
    module: str  # "core", a module id, or "" for anchors
    phase: Phase
    channels: frozenset[str] = frozenset()
    metrics: frozenset[str] = frozenset()


@dataclass
class Instantiation:
    playbook: Playbook
    level: int
    language: str
    items: list[Generated]
    modules: list[str]
    warnings: list[tuple[str, dict]] = field(default_factory=list)  # (code, params)


def project_language(project: Project) -> str:
    return "en" if project.locale.lower().startswith("en") else "zh"


def choose_modules(project: Project, library: Library, playbook: Playbook
                   ) -> tuple[list[tuple[Module, frozenset[str]]], list[tuple[str, dict]]]:
    """The modules the project's channels call for (each once), with the channel ids that called it."""
    found: dict[str, set[str]] = {}
    order: list[str] = []
    warnings: list[tuple[str, dict]] = []
    for name in project.channels:
        channel = library.channel_for(name)
        if channel is None:
            warnings.append(("unknown_channel", {"channel": name}))
            continue
        wanted = [channel.id] if channel.id in playbook.channels else list(channel.parts)
        mods = [m for cid in wanted for m in playbook.channels.get(cid, [])]
        if not mods:
            warnings.append(("no_breakdown", {"channel": name, "playbook": playbook.id}))
        for mid in mods:
            if mid not in found:
                found[mid] = set()
                order.append(mid)
            found[mid].update({channel.id, *wanted})
    return [(library.modules[mid], frozenset(found[mid] | {library.modules[mid].channel})) for mid in order], warnings


def instantiate(project: Project, library: Library, *, level: int | None = None) -> Instantiation:
    playbook = library.playbooks.get(project.campaign_type)
    if playbook is None:
        raise Invalid(_("no playbook for the campaign type {type}", type=project.campaign_type.value),
                      [Problem(("campaign_type",), "playbook_missing", {"type": project.campaign_type.value})])
    lvl = int(level if level is not None else project.level.value)
    lang = project_language(project)
    modules, warnings = choose_modules(project, library, playbook)

    # every step of the playbook that could appear, by id, level filter applied later
    steps: dict[str, tuple[Step, str, Module | None, frozenset[str]]] = {}
    for s in playbook.core:
        steps[f"{CORE}.{s.id}"] = (s, CORE, None, frozenset())
    for m, chans in modules:
        for s in m.steps:
            steps[f"{m.id}.{s.id}"] = (s, m.id, m, chans)
    kept = {sid for sid, (s, *_rest) in steps.items() if s.level <= lvl}
    memo: dict[str, list[str]] = {}

    def resolve(ref: str, owner: str) -> list[str]:
        full = ref if "." in ref else f"{owner}.{ref}"
        if full in kept:
            return [full]
        if full not in steps:
            return []  # a step of a module this project does not use
        if full in memo:
            return memo[full]
        memo[full] = []
        s, mod, m, _chans = steps[full]
        out = _dedupe(d for ref2 in _raw_deps(s, m) for d in resolve(ref2, mod))
        memo[full] = out
        return out

    generated: list[Generated] = []
    deps: dict[str, list[str]] = {}
    for sid in steps:
        if sid not in kept:
            continue
        s, mod, m, chans = steps[sid]
        deps[sid] = _dedupe(d for ref in _raw_deps(s, m) for d in resolve(ref, mod))
    _link_phases(steps, kept, deps)

    for sid in steps:
        if sid not in kept:
            continue
        s, mod, m, chans = steps[sid]
        generated.append(Generated(
            item=WorkItem(
                id=sid, title=localise(s.title, lang), milestone=localise(s.milestone, lang),
                deliverable=localise(s.deliverable, lang), role=s.role, depends_on=deps[sid],
                acceptance_criteria=localise(s.acceptance, lang), client_approval=s.client_approval,
                estimated_hours=round(s.days * HOURS_PER_DAY * s.effort, 1),
                channel=m.channel if m else "", duration_days=s.days,
            ),
            step=s, module=mod, phase=s.phase, channels=chans,
            metrics=frozenset(x.lower() for x in (m.metrics if m else [])),
        ))
    generated.extend(_anchors(project, steps, kept, deps, lang))
    return Instantiation(playbook=playbook, level=lvl, language=lang, items=generated,
                         modules=[m.id for m, _c in modules], warnings=warnings)


def _raw_deps(s: Step, m: Module | None) -> list[str]:
    if s.depends_on or m is None or s.phase not in (Phase.pre, Phase.gate):
        return list(s.depends_on)
    return list(m.after) if s.phase == Phase.pre else []


def _dedupe(ids: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(ids))


def _sinks(ids: list[str], deps: dict[str, list[str]]) -> list[str]:
    used = {d for i in ids for d in deps[i]}
    return [i for i in ids if i not in used]


def _link_phases(steps: dict, kept: set[str], deps: dict[str, list[str]]) -> None:
    """pre → gate → launch → live → flight-end → wrap: steps with nothing to wait for wait for the phase."""
    by_phase: dict[Phase, list[str]] = {p: [] for p in Phase}
    for sid in steps:
        if sid in kept:
            by_phase[steps[sid][0].phase].append(sid)
    pre_sinks = _sinks(by_phase[Phase.pre], deps)
    for sid in by_phase[Phase.gate]:
        if not deps[sid]:
            deps[sid] = list(pre_sinks)
    live_sinks = _sinks(by_phase[Phase.live], deps)
    for sid in by_phase[Phase.live]:
        if not deps[sid]:
            deps[sid] = [LAUNCH]
    for sid in by_phase[Phase.wrap]:
        if not deps[sid]:
            deps[sid] = [FLIGHT_END]
    deps[LAUNCH] = _dedupe(_sinks(by_phase[Phase.pre] + by_phase[Phase.gate], deps))
    deps[FLIGHT_END] = _dedupe(live_sinks) or [LAUNCH]


def _anchors(project: Project, steps: dict, kept: set[str], deps: dict[str, list[str]],
             lang: str) -> list[Generated]:
    from aeflow.i18n import language

    with language(lang):
        launch_title, end_title = _(LAUNCH_TITLE), _(FLIGHT_END_TITLE)
        launch_ms, end_ms = _(LAUNCH_MILESTONE), _(FLIGHT_END_MILESTONE)
    launch = WorkItem(id=LAUNCH, title=launch_title, milestone=launch_ms, is_milestone=True, role=Role.ae,
                      depends_on=deps[LAUNCH], duration_days=0, channel="")
    end = WorkItem(id=FLIGHT_END, title=end_title, milestone=end_ms, is_milestone=True, role=Role.ae,
                   depends_on=deps[FLIGHT_END], duration_days=0)
    return [Generated(item=launch, step=None, module="", phase=Phase.gate),
            Generated(item=end, step=None, module="", phase=Phase.live)]


LAUNCH_TITLE = N_("Launch")
LAUNCH_MILESTONE = N_("Launch")
FLIGHT_END_TITLE = N_("End of the flight")
FLIGHT_END_MILESTONE = N_("Close")
