"""The channel mix of a project: from its budget lines to an allocation problem and back.

Only media and KOL lines are optimised (production, events, fees and labour are not bought by the
impression). Lines are grouped by channel. Money a line has committed (ordered, booked or
contracted) cannot move, so it is the channel's lower bound; a line under a signed contract stays
at its planned amount; a locked channel keeps its planned amount. :func:`holds` says which money
is held and why, so the output can explain it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from aeflow.domain.budget import BudgetLine, CostCategory
from aeflow.domain.project import Project
from aeflow.domain.validation import parse_project
from aeflow.engines.budget.curves import HillCurve
from aeflow.engines.budget.funnel import Benchmarks
from aeflow.engines.budget.problem import AllocationProblem, Channel, GroupCap
from aeflow.engines.budget.responses import derived_curve
from aeflow.errors import Invalid
from aeflow.i18n import N_, _

OPTIMISED = (CostCategory.media, CostCategory.kol)
CENT = Decimal("0.01")


class HoldReason(StrEnum):
    contract = "contract"  # a signed contract: the line stays at its planned amount
    committed = "committed"  # ordered or booked: at least the committed amount stays
    spent = "spent"  # mid-flight: money already spent
    locked = "locked"  # the user asked to keep the channel at its plan

    @property
    def label(self) -> str:
        """Why the money is held, in the user's language."""
        return _(HOLD_REASONS[self.value])


HOLD_REASONS = {
    "contract": N_("contract signed: stays at its plan"),
    "committed": N_("committed (ordered or booked): the minimum"),
    "spent": N_("spent beyond its commitments"),
    "locked": N_("locked (--lock): keeps its plan"),
}


@dataclass(frozen=True)
class Hold:
    """Money of a channel the optimiser may not move, and why (``line`` is None for a whole channel)."""

    channel: str
    amount: float
    reason: HoldReason
    line: str | None = None


def line_floor(line: BudgetLine) -> Decimal:
    """What a line keeps whatever the optimiser does: its plan under a signed contract, else its
    committed money."""
    return max(line.planned, line.committed) if line.contract_signed else line.committed


@dataclass(frozen=True)
class ChannelPlan:
    channel: str
    planned: float
    committed: float  # all committed money of the channel's lines (signed or not)
    lines: tuple[str, ...]
    categories: frozenset[str] = field(default_factory=frozenset)
    floor: float = 0.0  # the money that cannot move: signed lines' plans plus other lines' commitments
    signed: bool = False  # every line is under a signed contract: the channel cannot change at all
    holds: tuple[Hold, ...] = ()


def channel_plans(project: Project) -> list[ChannelPlan]:
    """The optimisable spend of the project per channel, in the order channels first appear."""
    groups: dict[str, list[BudgetLine]] = {}
    for line in project.budget.lines:
        if line.category in OPTIMISED:
            groups.setdefault(line.channel, []).append(line)
    out = []
    for ch, ls in groups.items():
        holds = tuple(Hold(ch, float(line_floor(line)),
                           HoldReason.contract if line.contract_signed else HoldReason.committed, line.id)
                      for line in ls if line_floor(line) > 0)
        out.append(ChannelPlan(
            channel=ch, planned=float(sum(line.planned for line in ls)),
            committed=float(sum(line.committed for line in ls)),
            lines=tuple(line.id for line in ls), categories=frozenset(line.category.value for line in ls),
            floor=float(sum(line_floor(line) for line in ls)), signed=all(line.contract_signed for line in ls),
            holds=holds,
        ))
    return out


def holds(project: Project, *, locked: Sequence[str] = (), floors: Mapping[str, float] | None = None,
          lost: Sequence[str] = ()) -> list[Hold]:
    """Every amount the optimiser keeps where it is, line by line, and why: signed contracts,
    committed money, channels the user locked and - mid-flight - spend beyond the commitments."""
    out: list[Hold] = []
    for p in channel_plans(project):
        if p.channel in lost:
            continue
        if p.channel in locked and not p.signed:
            out.append(Hold(p.channel, max(p.planned, p.floor), HoldReason.locked))
            continue
        out.extend(p.holds)
        beyond = (floors or {}).get(p.channel, 0.0) - p.floor
        if beyond > 0.005:
            out.append(Hold(p.channel, beyond, HoldReason.spent))
    return out


def curve_for(channel: str, benchmarks: Benchmarks, campaign_type: str, objective: str,
              curves: Mapping[str, HillCurve], cpm_factor: float = 1.0) -> HillCurve:
    """The channel's flight curve (imported or fitted if given, else derived from the benchmarks),
    with CPM inflation: spending ``x`` at ``factor`` times the price buys what ``x / factor`` did."""
    curve = curves.get(channel) or derived_curve(benchmarks.for_channel(channel, campaign_type), objective)
    return HillCurve(curve.beta, curve.k * cpm_factor, curve.s) if cpm_factor != 1.0 else curve


def build_problem(project: Project, benchmarks: Benchmarks, *, objective: str = "revenue",
                  total: float | None = None, curves: Mapping[str, HillCurve] | None = None,
                  caps: Mapping[str, float] | None = None, locked: Sequence[str] = (),
                  cpm_factors: Mapping[str, float] | None = None, lost: Sequence[str] = (),
                  floors: Mapping[str, float] | None = None) -> AllocationProblem:
    """The project's mix as an :class:`AllocationProblem` (the total defaults to today's plan).

    Each channel's lower bound is its :attr:`ChannelPlan.floor` (signed contracts and committed
    money); a channel whose lines are all under signed contracts is fixed. ``floors`` are amounts a
    channel cannot go below besides that - mid-flight, what it has already spent.
    """
    plans = [p for p in channel_plans(project) if p.channel not in lost]
    if not plans:
        raise Invalid(_("project {id} has no media or KOL budget lines to allocate", id=project.id))
    unknown = [c for c in locked if c not in {p.channel for p in plans}]
    if unknown:
        raise Invalid(_("cannot lock {channels}: not a media or KOL channel of the project",
                        channels=", ".join(unknown)))
    curves = curves or {}
    cpm_factors = cpm_factors or {}
    floors = floors or {}
    chans = tuple(Channel(
        name=p.channel,
        curve=curve_for(p.channel, benchmarks, project.campaign_type.value, objective, curves,
                        cpm_factors.get(p.channel, 1.0)),
        committed=max(p.floor, floors.get(p.channel, 0.0)), locked=p.channel in locked or p.signed,
        amount=max(p.planned, p.floor, floors.get(p.channel, 0.0)),
    ) for p in plans)
    groups = []
    for name, share in (caps or {}).items():
        members = tuple(p.channel for p in plans if p.channel == name or name in p.categories)
        if not members:
            raise Invalid(_("cap {name}: no channel or category of that name", name=name))
        groups.append(GroupCap(name=name, channels=members, max_share=share))
    spend = total if total is not None else sum(p.planned for p in plans)
    return AllocationProblem(total=float(spend), channels=chans, groups=tuple(groups))


def current_amounts(project: Project) -> dict[str, float]:
    return {p.channel: p.planned for p in channel_plans(project)}


def cut_plan(amounts: Mapping[str, float], lower: Mapping[str, float], total: float) -> dict[str, float]:
    """The plan brought down to ``total`` by taking the same share of every channel's free money
    (its amount above its ``lower`` bound); committed money is never cut. A plan already within
    ``total`` is returned as it is."""
    out = dict(amounts)
    excess = math.fsum(out.values()) - total
    free = {c: max(v - lower.get(c, 0.0), 0.0) for c, v in out.items()}
    room = math.fsum(free.values())
    if excess <= 0 or room <= 0:
        return out
    share = min(excess / room, 1.0)
    return {c: v - free[c] * share for c, v in out.items()}


def to_cents(amounts: Mapping[str, float], total: float) -> dict[str, Decimal]:
    """Amounts rounded to the cent that still add up to the total exactly (largest remainder)."""
    want = Decimal(str(total)).quantize(CENT, ROUND_HALF_UP)
    floors = {k: Decimal(math.floor(v * 100)) / 100 for k, v in amounts.items()}
    rest = int(((want - sum(floors.values(), Decimal(0))) / CENT).to_integral_value())
    order = sorted(amounts, key=lambda k: amounts[k] * 100 - math.floor(amounts[k] * 100), reverse=True)
    for k in order[:max(rest, 0)]:
        floors[k] += CENT
    return floors


def apply_allocation(project: Project, amounts: Mapping[str, Decimal]) -> Project:
    """The project with its media/KOL lines re-planned to ``amounts`` per channel.

    Within a channel, a line under a signed contract keeps its plan, other lines keep at least
    their committed money, and the rest is split over the unsigned lines in proportion to their
    current flexible amounts (evenly when they have none). Channels without a line get a new one.
    """
    lines = list(project.budget.lines)
    by_channel: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        if line.category in OPTIMISED:
            by_channel.setdefault(line.channel, []).append(i)
    for channel, amount in amounts.items():
        idx = by_channel.get(channel, [])
        if not idx:
            lines.append(BudgetLine(id=_new_id(channel, lines), channel=channel, planned=amount))
            continue
        floor = [line_floor(lines[i]) for i in idx]
        flexible = amount - sum(floor, Decimal(0))
        open_ = [not lines[i].contract_signed for i in idx]
        if not any(open_):  # only signed lines (mid-flight spend beyond them): the last one takes it
            open_[-1] = True
        weights = [max(lines[i].planned - f, Decimal(0)) if o else Decimal(0)
                   for i, f, o in zip(idx, floor, open_, strict=True)]
        wsum = sum(weights, Decimal(0))
        shares = [w / wsum if wsum > 0 else (Decimal(1) / sum(open_) if o else Decimal(0))
                  for w, o in zip(weights, open_, strict=True)]
        parts = [(flexible * sh).quantize(CENT, ROUND_HALF_UP) for sh in shares]
        parts[-1] += flexible - sum(parts, Decimal(0))
        for i, f, part in zip(idx, floor, parts, strict=True):
            lines[i] = lines[i].model_copy(update={"planned": f + part})
    data = project.model_dump()
    data["budget"]["lines"] = [line.model_dump() for line in lines]
    return parse_project(data)  # re-checks every rule (e.g. lines within the total)


def _new_id(channel: str, lines: list[BudgetLine]) -> str:
    base = "bl-" + "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "-" for c in channel).strip("-")
    base = base if len(base) > 3 else "bl-channel"
    taken = {line.id for line in lines}
    out, n = base, 2
    while out in taken:
        out, n = f"{base}-{n}", n + 1
    return out
