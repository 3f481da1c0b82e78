"""An allocation problem: spend a total across channels with response curves, under constraints.

Constraints: the total is spent exactly; each channel has a minimum and a maximum; a channel may
hold committed money (a signed contract: its spend never drops below it) or be locked (its spend is
fixed at its current amount); groups of channels may be capped (an amount or a share of the total,
e.g. all KOL spend at most 30%). Groups must not overlap.

:func:`check` reports every problem at once as :class:`aeflow.errors.Invalid`, each naming the
channel and the numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from aeflow.engines.budget.curves import Array, HillCurve
from aeflow.errors import Invalid, Problem
from aeflow.i18n import _


@dataclass(frozen=True)
class Channel:
    name: str
    curve: HillCurve
    min: float = 0.0
    max: float = math.inf
    committed: float = 0.0
    locked: bool = False
    amount: float | None = None  # the current plan's spend, if any

    @property
    def lower(self) -> float:
        if self.locked:
            return self.fixed_amount
        return max(self.min, self.committed)

    @property
    def upper(self) -> float:
        return self.fixed_amount if self.locked else self.max

    @property
    def fixed_amount(self) -> float:
        return self.amount if self.amount is not None else max(self.min, self.committed)


@dataclass(frozen=True)
class GroupCap:
    """At most ``max`` (an amount) and/or ``max_share`` (of the total) across ``channels``."""

    name: str
    channels: tuple[str, ...]
    max: float | None = None
    max_share: float | None = None

    def cap(self, total: float) -> float:
        caps = [c for c in (self.max, None if self.max_share is None else self.max_share * total) if c is not None]
        return min(caps) if caps else math.inf


@dataclass(frozen=True)
class AllocationProblem:
    total: float
    channels: tuple[Channel, ...]
    groups: tuple[GroupCap, ...] = field(default_factory=tuple)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.channels]


def _num(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".") if math.isfinite(x) else "∞"


def _problem(path: tuple[str | int, ...], code: str, message: str) -> Problem:
    return Problem(path, code, {"default": message})


def check(problem: AllocationProblem) -> None:
    """Raise :class:`Invalid` listing every reason the problem cannot be solved."""
    out: list[Problem] = []
    total = problem.total
    if not (math.isfinite(total) and total > 0):
        out.append(_problem(("total",), "budget_total", _("the total must be a positive amount, got {total}",
                                                            total=_num(total))))
    seen: dict[str, int] = {}
    for i, c in enumerate(problem.channels):
        where = ("channels", i)
        if c.name in seen:
            out.append(_problem(where + ("name",), "budget_duplicate_channel",
                                _("channel {name} appears more than once", name=c.name)))
        seen.setdefault(c.name, i)
        cv = c.curve
        for key, val in (("beta", cv.beta), ("k", cv.k), ("s", cv.s)):
            if not (math.isfinite(val) and val > 0):
                out.append(_problem(where + ("curve", key), "budget_curve",
                                    _("channel {name}: curve parameter {key} must be positive, got {value}",
                                      name=c.name, key=key, value=_num(val))))
        for key, val in (("min", c.min), ("max", c.max), ("committed", c.committed),
                         ("amount", c.amount if c.amount is not None else 0.0)):
            if math.isnan(val) or val < 0:
                out.append(_problem(where + (key,), "budget_negative",
                                    _("channel {name}: {key} must not be negative, got {value}",
                                      name=c.name, key=key, value=_num(val))))
        if c.min > c.max:
            out.append(_problem(where + ("min",), "budget_min_above_max",
                                _("channel {name}: minimum {min} is above its maximum {max}",
                                  name=c.name, min=_num(c.min), max=_num(c.max))))
        if c.committed > c.max:
            out.append(_problem(where + ("committed",), "budget_committed_above_max",
                                _("channel {name}: committed {committed} is above its maximum {max}",
                                  name=c.name, committed=_num(c.committed), max=_num(c.max))))
        if c.locked and c.amount is not None and c.amount < max(c.min, c.committed):
            out.append(_problem(where + ("amount",), "budget_locked_below_min",
                                _("channel {name} is locked at {amount}, below its minimum {min}",
                                  name=c.name, amount=_num(c.amount), min=_num(max(c.min, c.committed)))))
    if out:
        raise Invalid(_("the budget problem is infeasible"), out)
    lower = sum(c.lower for c in problem.channels)
    if lower > total * (1 + 1e-12):
        out.append(_problem(("total",), "budget_minimums_above_total",
                            _("the channel minimums add up to {lower}, more than the total {total}",
                              lower=_num(lower), total=_num(total))))
    grouped: dict[str, str] = {}
    by_name = {c.name: c for c in problem.channels}
    group_room = 0.0
    for j, g in enumerate(problem.groups):
        where_g = ("groups", j)
        for name in g.channels:
            if name not in by_name:
                out.append(_problem(where_g + ("channels",), "budget_unknown_channel",
                                    _("group {group} names channel {name}, which is not in the problem",
                                      group=g.name, name=name)))
            elif name in grouped:
                out.append(_problem(where_g + ("channels",), "budget_group_overlap",
                                    _("channel {name} is in both group {first} and group {group}",
                                      name=name, first=grouped[name], group=g.name)))
            else:
                grouped[name] = g.name
        for key, val in (("max", g.max), ("max_share", g.max_share)):
            if val is not None and (math.isnan(val) or val < 0):
                out.append(_problem(where_g + (key,), "budget_negative",
                                    _("group {group}: {key} must not be negative, got {value}",
                                      group=g.name, key=key, value=_num(val))))
        members = [by_name[n] for n in g.channels if n in by_name]
        cap = g.cap(total)
        gmin = sum(c.lower for c in members)
        if gmin > cap * (1 + 1e-12):
            out.append(_problem(where_g, "budget_group_below_minimums",
                                _("group {group} is capped at {cap}, below the minimums of its channels, {lower}",
                                  group=g.name, cap=_num(cap), lower=_num(gmin))))
        group_room += min(cap, sum(c.upper for c in members))
    room = group_room + sum(c.upper for c in problem.channels if c.name not in grouped)
    if room < total * (1 - 1e-12):
        out.append(_problem(("total",), "budget_maximums_below_total",
                            _("the channels can take at most {room} (maximums and group caps), "
                              "less than the total {total}", room=_num(room), total=_num(total))))
    if out:
        raise Invalid(_("the budget problem is infeasible"), out)


@dataclass(frozen=True)
class Normalised:
    """The problem in normalised units: money / ``scale``, outcome / ``value_scale``.

    Fixed channels (locked, or minimum equal to maximum) are taken out: ``target`` is what remains
    to allocate over the ``free`` channels, and group caps are reduced by the fixed money in them.
    """

    scale: float
    value_scale: float
    beta: Array
    k: Array
    s: Array
    lower: Array
    upper: Array
    group_of: Array  # group index per channel, -1 for none
    caps: Array  # per group, in normalised units
    target: float


def normalise(problem: AllocationProblem) -> Normalised:
    check(problem)
    chans = problem.channels
    scale = float(problem.total)
    value_scale = float(sum(c.curve.beta for c in chans)) or 1.0
    index = {c.name: i for i, c in enumerate(chans)}
    group_of = np.full(len(chans), -1, dtype=np.int64)
    caps = np.empty(len(problem.groups))
    for j, g in enumerate(problem.groups):
        for name in g.channels:
            group_of[index[name]] = j
        caps[j] = g.cap(problem.total) / scale
    lower = np.array([c.lower for c in chans], dtype=float) / scale
    upper = np.array([c.upper for c in chans], dtype=float) / scale
    return Normalised(
        scale=scale, value_scale=value_scale,
        beta=np.array([c.curve.beta for c in chans], dtype=float) / value_scale,
        k=np.array([c.curve.k for c in chans], dtype=float) / scale,
        s=np.array([c.curve.s for c in chans], dtype=float),
        lower=lower, upper=np.maximum(upper, lower), group_of=group_of, caps=caps, target=1.0,
    )


def problem_from_lists(total: float, names: Sequence[str], curves: Sequence[HillCurve],
                       lower: Sequence[float], upper: Sequence[float]) -> AllocationProblem:
    """A problem from parallel lists (handy for benchmarks and tests)."""
    return AllocationProblem(total=total, channels=tuple(
        Channel(name=n, curve=c, min=lo, max=hi) for n, c, lo, hi in zip(names, curves, lower, upper, strict=True)
    ))
