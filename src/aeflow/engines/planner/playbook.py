"""Playbooks: the work breakdown an experienced agency uses, as validated data.

A *playbook* (one per campaign type) lists the project-wide ``core`` steps and, per channel, the
*modules* that break that channel's work down (``douyin-video``: brief → script → client review →
shoot → edit → client approval → platform review → publish → paid boost). A *library* file defines
reusable modules, the channel vocabulary (ids and the aliases people type: 抖音, 巨量引擎 …), the
standard risks steps carry and the meeting cadence. Every step names its role, duration in working
days, dependencies, deliverable, acceptance criteria, whether the client must approve it, its phase
relative to the launch (``pre`` → ``gate`` → launch → ``live`` → ``wrap``) and its level (1 or 3).

This module is pure: it validates plain data (already parsed from YAML, with a map of line numbers)
into a :class:`Library`; the files are read by :mod:`aeflow.services.planning`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, StringConstraints, TypeAdapter, ValidationError, model_validator
from pydantic_core import PydanticCustomError

from aeflow.domain.common import CampaignType, Record, Role
from aeflow.domain.graph import find_cycles
from aeflow.domain.risk import RiskCategory
from aeflow.domain.validation import problems_from_error
from aeflow.errors import Invalid, Problem
from aeflow.i18n import N_, _
from aeflow.messages import MESSAGES

# The sentences of the playbook checks, added to the one table of validation messages.
MESSAGES.update({
    "playbook_unknown_step": N_("refers to step {ref}, which is not defined"),
    "playbook_unknown_module": N_("refers to module {ref}, which no playbook file defines"),
    "playbook_unknown_channel": N_("refers to channel {ref}, which no playbook file defines"),
    "playbook_unknown_risk": N_("refers to risk {ref}, which no playbook file defines"),
    "playbook_cycle": N_("steps depend on each other in a cycle: {cycle}"),
    "playbook_overlap_not_dependency": N_("{ref} is listed in overlap_ok but not in depends_on"),
    "playbook_min_days": N_("min_days {min_days} is more than days {days}"),
    "playbook_duplicate_type": N_("campaign type {type} already has a playbook in {other}"),
    "playbook_duplicate_definition": N_("{kind} {id} is defined twice in the same folder (also in {other})"),
    "playbook_phase_order": N_("a {phase} step cannot depend on {ref}, a later ({other}) step"),
    "playbook_kind": N_("kind must be playbook or library, got {input}"),
    "playbook_missing": N_("no playbook covers the campaign type {type}"),
    "local_text": N_("expected text, or zh and en texts, got {input}"),
})

StepId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
ModuleId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
StepRef = Annotated[str, StringConstraints(pattern=r"^([a-z0-9][a-z0-9-]{0,39}\.)?[a-z0-9][a-z0-9_-]{0,39}$")]
LANGUAGES = ("zh", "en")


def _local_text(value: Any) -> str | dict[str, str]:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dict) and value and all(k in LANGUAGES and isinstance(v, str) for k, v in value.items()):
        return {k: v.strip() for k, v in value.items()}
    raise PydanticCustomError("local_text", "expected text, or zh and en texts, got {input}",
                              {"input": repr(value)[:60]})


LocalText = Annotated[str | dict[str, str], BeforeValidator(_local_text)]
"""Text in the project's language: one string for all, or ``{zh: …, en: …}``."""

CORE = "core"


def localise(text: LocalText, lang: str) -> str:
    if isinstance(text, str):
        return text
    return text.get(lang) or text.get("zh") or text.get("en") or next(iter(text.values()), "")  # type: ignore[arg-type]


class Phase(StrEnum):
    """When a step runs relative to the launch."""

    pre = "pre"  # preparation, before the launch
    gate = "gate"  # after all preparation, right before the launch (go/no-go)
    live = "live"  # from the launch day, during the flight
    wrap = "wrap"  # after the flight ends

    @property
    def rank(self) -> int:
        return list(Phase).index(self)


class Step(Record):
    id: StepId
    title: LocalText
    role: Role
    days: int = Field(ge=0, le=250, description="duration in working days (calendar days if calendar_days)")
    min_days: int | None = Field(None, ge=0, le=250, description="the shortest it can be compressed to")
    calendar_days: bool = Field(False, description="runs on every calendar day (events, flights, platform review)")
    depends_on: list[StepRef] = Field(default_factory=list, description="same-module step ids or module.step")
    overlap_ok: list[StepRef] = Field(default_factory=list, description="dependencies it may run in parallel with")
    lag_days: int = Field(0, ge=0, le=120, description="working days to wait after the dependencies")
    phase: Phase = Phase.pre
    level: Literal[1, 3] = 1
    milestone: LocalText = ""
    deliverable: LocalText = ""
    acceptance: LocalText = ""
    client_approval: bool = False
    effort: float = Field(0.5, ge=0, le=1, description="share of a working day the owner spends on it")
    risks: list[StepId] = Field(default_factory=list)

    @model_validator(mode="after")
    def _checks(self) -> Step:
        if self.min_days is not None and self.min_days > self.days:
            raise PydanticCustomError("playbook_min_days", "min_days {min_days} is more than days {days}",
                                      {"min_days": self.min_days, "days": self.days, "field": "min_days"})
        return self


class Module(Record):
    id: ModuleId
    channel: StepId
    title: LocalText
    metrics: list[Annotated[str, StringConstraints(min_length=1)]] = Field(
        default_factory=list, description="metrics it drives: impressions, views, engagement, gmv …")
    after: list[StepRef] = Field(default_factory=lambda: ["core.kickoff"],
                                 description="what its first steps wait for")
    steps: list[Step] = Field(min_length=1)


class Channel(Record):
    id: StepId
    title: LocalText
    aliases: list[str] = Field(default_factory=list)
    parts: list[StepId] = Field(default_factory=list, description="sub-channels it stands for, e.g. wechat")


class RiskTemplate(Record):
    id: StepId
    description: LocalText
    category: RiskCategory = RiskCategory.operations
    team: str = ""
    likelihood: int = Field(3, ge=1, le=5)
    severity: int = Field(3, ge=1, le=5)
    response: LocalText = ""
    when: LocalText = ""
    then: LocalText = ""


class CadenceTemplate(Record):
    id: StepId
    meeting: LocalText
    frequency: str = Field(description="an iCalendar RRULE")
    anchor: Literal["kickoff", "launch"] = "kickoff"
    offset_days: int = Field(0, ge=-60, le=365)
    time: str = "10:00"
    duration_minutes: int = Field(30, ge=5, le=600)
    participants: list[Role] = Field(default_factory=list)
    includes_client: bool = False
    decision_authority: LocalText = ""
    disclosure: LocalText = ""
    visualisation: LocalText = ""
    level: Literal[1, 3] = 3


class PlaybookFile(Record):
    kind: Literal["playbook", "library"]
    id: StepId | None = None
    campaign_type: CampaignType | None = None
    title: LocalText = ""
    description: LocalText = ""
    base: StepId | None = Field(None, description="a library's named core whose steps come first")
    core: list[Step] = Field(default_factory=list)
    cores: dict[StepId, list[Step]] = Field(default_factory=dict, description="library: named core step sets")
    channels: dict[str, list[ModuleId]] | list[Channel] = Field(default_factory=list)
    modules: list[Module] = Field(default_factory=list)
    risks: list[RiskTemplate] = Field(default_factory=list)
    cadence: list[CadenceTemplate] = Field(default_factory=list)

    @model_validator(mode="after")
    def _playbook_fields(self) -> PlaybookFile:
        if self.kind == "playbook":
            for name in ("id", "campaign_type"):
                if getattr(self, name) is None:
                    raise PydanticCustomError("missing", "is required but missing", {"field": name})
            if isinstance(self.channels, list) and self.channels:
                raise PydanticCustomError("dict_type", "expected a mapping", {"field": "channels"})
        elif isinstance(self.channels, dict) and self.channels:
            raise PydanticCustomError("list_type", "expected a list", {"field": "channels"})
        return self


@dataclass(frozen=True)
class SourceFile:
    """One parsed playbook file: its name, plain data and the line of each key path."""

    name: str
    data: Any
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)
    shipped: bool = False


@dataclass
class Playbook:
    id: str
    campaign_type: CampaignType
    title: LocalText
    description: LocalText
    core: list[Step]
    channels: dict[str, list[str]]
    cadence: list[CadenceTemplate]
    source: str


@dataclass
class Library:
    """Everything the planner knows: playbooks by campaign type, modules, channels, risks, cadence."""

    playbooks: dict[CampaignType, Playbook] = field(default_factory=dict)
    modules: dict[str, Module] = field(default_factory=dict)
    channels: dict[str, Channel] = field(default_factory=dict)
    risks: dict[str, RiskTemplate] = field(default_factory=dict)
    cadence: dict[str, CadenceTemplate] = field(default_factory=dict)
    cores: dict[str, list[Step]] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)  # "module:x" -> file name

    def channel_for(self, name: str) -> Channel | None:
        """The channel a project's free-text channel name means (id, alias, case-insensitive)."""
        key = name.strip().lower()
        for ch in self.channels.values():
            if key == ch.id or key in (a.lower() for a in ch.aliases):
                return ch
        return None


_FILE = TypeAdapter(PlaybookFile)


def _line(src: SourceFile, path: tuple[str | int, ...]) -> int | None:
    for n in range(len(path), -1, -1):
        if path[:n] in src.lines:
            return src.lines[path[:n]]
    return None


def _locate(src: SourceFile, problems: Iterable[Problem]) -> list[Problem]:
    return [Problem(p.path, p.code, p.params, file=src.name, line=_line(src, p.path)) for p in problems]


def parse_file(src: SourceFile) -> PlaybookFile:
    """Validate one file's data; problems carry the file, the line and the field."""
    try:
        return _FILE.validate_python(src.data)
    except ValidationError as exc:
        problems = []
        for p in problems_from_error(exc):
            field_name = p.params.get("field")
            path = p.path + (field_name,) if p.code.startswith("playbook_") or (
                field_name and p.code in ("missing", "dict_type", "list_type")) else p.path
            if p.path == ("kind",) and p.code == "literal_error":
                p = Problem(p.path, "playbook_kind", p.params)
            problems.append(Problem(path, p.code, p.params))
        raise Invalid(_("{count} problem(s) in playbook file {file}", count=len(problems), file=src.name),
                      _locate(src, problems)) from None


def build_library(sources: Iterable[SourceFile]) -> Library:
    """Merge files in order (shipped first, then the user's): a later definition with the same id, or a
    later playbook for the same campaign type, replaces the earlier one. Every problem of every file is
    reported at once."""
    lib = Library()
    problems: list[Problem] = []
    parsed: list[tuple[SourceFile, PlaybookFile]] = []
    for src in sources:
        try:
            parsed.append((src, parse_file(src)))
        except Invalid as exc:
            problems.extend(exc.problems)
    origin: dict[str, tuple[str, bool]] = {}
    for src, pf in parsed:
        problems.extend(_register(lib, src, pf, origin))
    for src, pf in parsed:
        if pf.kind == "playbook" and pf.base is not None and pf.base not in lib.cores:
            problems.extend(_locate(src, [Problem(("base",), "playbook_unknown_step", {"ref": pf.base})]))
            continue
        core = merged_core(lib, pf)
        registered = lib.playbooks.get(pf.campaign_type) if pf.campaign_type else None
        if registered is not None and registered.source == src.name:
            registered.core = core
        problems.extend(_check_references(lib, src, pf, core))
    if problems:
        raise Invalid(_("{count} problem(s) in the playbooks", count=len(problems)), problems)
    return lib


def _register(lib: Library, src: SourceFile, pf: PlaybookFile,
              origin: dict[str, tuple[str, bool]]) -> Iterator[Problem]:
    def claim(key: str, path: tuple[str | int, ...], kind: str, ident: str) -> Iterator[Problem]:
        prev = origin.get(key)
        if prev is not None and prev[1] == src.shipped:  # twice in one folder; the user's folder may replace
            code = "playbook_duplicate_type" if kind == "playbook" else "playbook_duplicate_definition"
            yield from _locate(src, [Problem(path, code, {"kind": kind, "id": ident, "type": ident,
                                                           "other": prev[0]})])
        origin[key] = (src.name, src.shipped)
        lib.sources[key] = src.name

    if pf.kind == "playbook" and pf.campaign_type is not None and pf.id is not None:
        yield from claim(f"playbook:{pf.campaign_type}", ("campaign_type",), "playbook", pf.campaign_type.value)
        channels = pf.channels if isinstance(pf.channels, dict) else {}
        lib.playbooks[pf.campaign_type] = Playbook(
            id=pf.id, campaign_type=pf.campaign_type, title=pf.title, description=pf.description,
            core=pf.core, channels=dict(channels), cadence=pf.cadence, source=src.name)
    if isinstance(pf.channels, list):
        for i, ch in enumerate(pf.channels):
            yield from claim(f"channel:{ch.id}", ("channels", i, "id"), "channel", ch.id)
            lib.channels[ch.id] = ch
    for i, m in enumerate(pf.modules):
        yield from claim(f"module:{m.id}", ("modules", i, "id"), "module", m.id)
        lib.modules[m.id] = m
    for i, r in enumerate(pf.risks):
        yield from claim(f"risk:{r.id}", ("risks", i, "id"), "risk", r.id)
        lib.risks[r.id] = r
    for name, steps in pf.cores.items():
        yield from claim(f"core:{name}", ("cores", name), "core", name)
        lib.cores[name] = steps
    if pf.kind == "library":
        for i, c in enumerate(pf.cadence):
            yield from claim(f"cadence:{c.id}", ("cadence", i, "id"), "cadence", c.id)
            lib.cadence[c.id] = c


def merged_core(lib: Library, pf: PlaybookFile) -> list[Step]:
    """The base core's steps (a playbook's own step with the same id replaces it), then its own."""
    base = list(lib.cores.get(pf.base, [])) if pf.base else []
    own = {s.id: s for s in pf.core}
    out = [own.pop(s.id, s) for s in base]
    return out + [s for s in pf.core if s.id in own]


def _check_references(lib: Library, src: SourceFile, pf: PlaybookFile, core: list[Step]) -> list[Problem]:
    out: list[Problem] = []
    core_ids = {s.id: s for s in core}
    for name, steps in pf.cores.items():
        out.extend(_check_steps(lib, steps, ("cores", name), CORE, {s.id: s for s in steps}))
    if pf.kind == "playbook":
        own_ids = {s.id for s in pf.core}
        for p in _check_steps(lib, core, ("core",), CORE, core_ids):
            # problems of base steps belong to the library file; report only this file's steps
            if p.path[1] in _own_positions(core, own_ids):
                out.append(Problem(("core", _own_index(pf.core, core[p.path[1]].id)) + p.path[2:], p.code, p.params))
        if isinstance(pf.channels, dict):
            for ch, mods in pf.channels.items():
                if ch not in lib.channels:
                    out.append(Problem(("channels", ch), "playbook_unknown_channel", {"ref": ch}))
                for j, mid in enumerate(mods):
                    if mid not in lib.modules:
                        out.append(Problem(("channels", ch, j), "playbook_unknown_module", {"ref": mid}))
                        continue
                    module = lib.modules[mid]
                    refs = list(module.after) + [d for st in module.steps for d in st.depends_on]
                    for ref in refs:
                        if ref.startswith(CORE + ".") and ref.split(".", 1)[1] not in core_ids:
                            out.append(Problem(("channels", ch, j), "playbook_unknown_step", {"ref": ref}))
    for i, m in enumerate(pf.modules):
        if m.channel not in lib.channels:
            out.append(Problem(("modules", i, "channel"), "playbook_unknown_channel", {"ref": m.channel}))
        local = {s.id: s for s in m.steps}
        out.extend(_check_steps(lib, m.steps, ("modules", i, "steps"), m.id, local))
        for j, ref in enumerate(m.after):
            if "." in ref and ref.split(".", 1)[0] != CORE and ref.split(".", 1)[0] not in lib.modules:
                out.append(Problem(("modules", i, "after", j), "playbook_unknown_module", {"ref": ref}))
    if isinstance(pf.channels, list):
        for i, ch in enumerate(pf.channels):
            for j, part in enumerate(ch.parts):
                if part not in lib.channels:
                    out.append(Problem(("channels", i, "parts", j), "playbook_unknown_channel", {"ref": part}))
    return _locate(src, out)


def _own_positions(core: list[Step], own_ids: set[str]) -> set[int]:
    return {i for i, s in enumerate(core) if s.id in own_ids}


def _own_index(own: list[Step], step_id: str) -> int:
    return next(i for i, s in enumerate(own) if s.id == step_id)


def _check_steps(lib: Library, steps: list[Step], base: tuple[str | int, ...], owner: str,
                 local: dict[str, Step]) -> list[Problem]:
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for i, s in enumerate(steps):
        if s.id in seen:
            out.append(Problem(base + (i, "id"), "duplicate_id", {"id": s.id}))
        seen.setdefault(s.id, i)
        for j, ref in enumerate(s.depends_on):
            if "." not in ref:
                dep = local.get(ref)
                if dep is None:
                    out.append(Problem(base + (i, "depends_on", j), "playbook_unknown_step", {"ref": ref}))
                elif dep.phase.rank > s.phase.rank:
                    out.append(Problem(base + (i, "depends_on", j), "playbook_phase_order",
                                       {"phase": s.phase.value, "ref": ref, "other": dep.phase.value}))
            else:
                mod, step = ref.split(".", 1)
                if mod == owner and step not in local:
                    out.append(Problem(base + (i, "depends_on", j), "playbook_unknown_step", {"ref": ref}))
                elif mod not in (CORE, owner):
                    if mod not in lib.modules:
                        out.append(Problem(base + (i, "depends_on", j), "playbook_unknown_module", {"ref": ref}))
                    elif step not in {x.id for x in lib.modules[mod].steps}:
                        out.append(Problem(base + (i, "depends_on", j), "playbook_unknown_step", {"ref": ref}))
        for j, ref in enumerate(s.overlap_ok):
            if ref not in s.depends_on:
                out.append(Problem(base + (i, "overlap_ok", j), "playbook_overlap_not_dependency", {"ref": ref}))
        for j, rid in enumerate(s.risks):
            if rid not in lib.risks:
                out.append(Problem(base + (i, "risks", j), "playbook_unknown_risk", {"ref": rid}))
    cycle = _local_cycle(steps)
    if cycle:
        i = next(k for k, s in enumerate(steps) if s.id == cycle[0])
        out.append(Problem(base + (i, "depends_on"), "playbook_cycle", {"cycle": " → ".join(cycle)}))
    return out


def _local_cycle(steps: list[Step]) -> list[str]:
    deps = {s.id: [d for d in s.depends_on if "." not in d] for s in steps}
    return next((cycle for _node, cycle in find_cycles(deps)), [])
