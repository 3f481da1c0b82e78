"""The channel-mix optimiser: allocate a total across channels to maximise the summed response.

Concave curves (Hill shape ``s <= 1``): the concave relaxation *is* the problem, and solving its
optimality conditions through the budget's multiplier (see :mod:`.relaxation`) gives the exact
optimum; the dual bound then equals the objective up to rounding.

S-shaped curves (``s > 1``): spatial branch and bound on the concave-envelope relaxation.

* Each node restricts channels to sub-intervals ``[a, b]``; its relaxation replaces each curve by
  its concave envelope there and is solved exactly. The Lagrangian dual value is the node's upper
  bound; the largest bound over open nodes is a certified bound on the true optimum.
* At a relaxed optimum at most one channel per multiplier sits inside a linear envelope piece
  (the "fractional" channel). The primal heuristic rounds it to either end - off (at ``a``) or on
  (on the concave part of its curve) - and re-solves the others exactly on the concave parts of
  their curves, where that subproblem is concave. The better rounding is the node's candidate.
* The node branches on the fractional channel with the largest envelope gap, splitting its
  interval at its relaxed spend, which makes both children's envelopes tighter.

It stops when the certified relative gap ``(bound - objective) / bound`` is at most ``gap_tol``.
Money is normalised by the total and outcomes by the sum of the curves' ``beta``; the result is
scaled back and the total is spent exactly.
"""

from __future__ import annotations

import heapq
import itertools
import math
from dataclasses import dataclass, field

import numpy as np

from aeflow.engines.budget.curves import Array, inflection, quiet
from aeflow.engines.budget.problem import AllocationProblem, Normalised, normalise
from aeflow.engines.budget.relaxation import Curves, Envelope, Infeasible, Relaxed, envelope, solve_relaxation
from aeflow.errors import Invalid
from aeflow.i18n import _

_EPS = 1e-12


@dataclass(frozen=True)
class Allocation:
    """The optimiser's answer, in the problem's own units (yuan, and outcome units)."""

    amounts: dict[str, float]
    objective: float
    upper_bound: float
    gap: float
    marginal: dict[str, float] = field(default_factory=dict)
    multiplier: float = 0.0  # the marginal return of the last yuan of the total
    nodes: int = 1
    concave: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "allocation": self.amounts, "objective": self.objective, "upper_bound": self.upper_bound,
            "gap": self.gap, "marginal_return": self.marginal, "multiplier": self.multiplier,
            "nodes": self.nodes, "concave": self.concave,
        }


@dataclass(order=True)
class _Node:
    neg_bound: float
    order: int
    env: Envelope = field(compare=False)
    relaxed: Relaxed = field(compare=False)


class _Search:
    def __init__(self, nz: Normalised) -> None:
        self.nz = nz
        self.curves = Curves(nz.beta, nz.k, nz.s)
        self.infl = inflection(nz.k, nz.s)
        self.best_x: Array | None = None
        self.best = -math.inf
        self.counter = itertools.count()
        self.tried: set[bytes] = set()  # heuristic subproblems already solved
        self.guess: Relaxed | None = None  # the root relaxation: warm start for the others

    def relax(self, env: Envelope) -> Relaxed | None:
        try:
            relaxed = solve_relaxation(env, self.nz.group_of, self.nz.caps, self.nz.target, guess=self.guess)
        except Infeasible:
            return None
        if self.guess is None:
            self.guess = relaxed
        return relaxed

    def offer(self, x: Array) -> None:
        val = float(self.curves.value(x).sum())
        if val > self.best:
            self.best, self.best_x = val, x

    def fractional(self, env: Envelope, x: Array) -> Array:
        scale = np.maximum(env.tau - env.a, 1e-300)
        return env.linear & ((x - env.a) > _EPS * (1 + scale)) & ((env.tau - x) > _EPS * (1 + scale))

    def heuristic(self, env: Envelope, relaxed: Relaxed) -> None:
        """Round the fractional channels off or on and re-solve the rest on concave parts."""
        x = relaxed.x
        self.offer(x)
        frac = np.flatnonzero(self.fractional(env, x))
        if frac.size == 0:  # the relaxation is exact at x: nothing to round
            return
        on = (x >= env.tau - _EPS) & (env.b > env.a)
        if frac.size > 3:
            rounded = [on | np.isin(np.arange(x.size), frac[(x[frac] - env.a[frac]) > 0.5 * (
                env.tau[frac] - env.a[frac])])]
        else:
            rounded = []
            for bits in itertools.product((False, True), repeat=frac.size):
                pattern = on.copy()
                pattern[frac] = bits
                rounded.append(pattern)
        concave_lo = np.maximum(env.a, np.minimum(self.infl, env.b))
        for pattern in rounded:
            lo = np.where(pattern, concave_lo, env.a)
            hi = np.where(pattern, env.b, env.a)
            key = lo.tobytes() + hi.tobytes()
            if key in self.tried:
                continue
            self.tried.add(key)
            try:
                sub = solve_relaxation(envelope(self.curves, lo, hi), self.nz.group_of, self.nz.caps,
                                       self.nz.target, bound=False, guess=self.guess)
            except Infeasible:
                continue
            self.offer(sub.x)

    def node(self, env: Envelope) -> _Node | None:
        relaxed = self.relax(env)
        if relaxed is None:
            return None
        self.heuristic(env, relaxed)
        return _Node(-relaxed.bound, next(self.counter), env, relaxed)

    def children(self, node: _Node) -> list[Envelope]:
        env, x = node.env, node.relaxed.x
        frac = np.flatnonzero(self.fractional(env, x))
        if frac.size == 0:
            return []
        loss = (env.value(x) - self.curves.value(x))[frac]
        j = int(frac[np.argmax(loss)])
        split = float(x[j])
        out = []
        for a_j, b_j in ((env.a[j], split), (split, env.b[j])):
            a, b = env.a.copy(), env.b.copy()
            a[j], b[j] = a_j, b_j
            out.append(_replace(env, self.curves, j, a, b))
        return out


def _replace(env: Envelope, curves: Curves, j: int, a: Array, b: Array) -> Envelope:
    """``env`` with channel ``j``'s interval changed to ``[a[j], b[j]]`` (only j is recomputed)."""
    one = envelope(curves.take(np.array([j])), a[j:j + 1], b[j:j + 1])
    tau, log_slope, fa = env.tau.copy(), env.log_slope.copy(), env.fa.copy()
    tau[j], log_slope[j], fa[j] = one.tau[0], one.log_slope[0], one.fa[0]
    return Envelope(curves, a, b, tau, log_slope, fa)


def optimise(problem: AllocationProblem, *, gap_tol: float = 1e-6, max_nodes: int = 500) -> Allocation:
    """Maximise the summed response of ``problem`` (see the module docstring)."""
    with quiet():
        return _optimise(problem, gap_tol, max_nodes)


def _optimise(problem: AllocationProblem, gap_tol: float, max_nodes: int) -> Allocation:
    nz = normalise(problem)
    search = _Search(nz)
    root = search.node(envelope(search.curves, nz.lower, nz.upper))
    if root is None:
        raise Invalid(_("the budget problem is infeasible"))
    heap = [root]
    nodes = 1
    closed = -math.inf  # the largest bound of the nodes pruned or solved so far
    while heap:
        bound = max(-heap[0].neg_bound, closed, search.best)
        if bound - search.best <= gap_tol * abs(bound) or nodes >= max_nodes:
            break
        node = heapq.heappop(heap)
        kids = search.children(node)
        if not kids:  # the relaxation is exact here: its bound is met by a candidate
            closed = max(closed, min(-node.neg_bound, search.best))
        for env in kids:
            child = search.node(env)
            nodes += 1
            if child is None:
                continue
            if -child.neg_bound - search.best > gap_tol * abs(bound):
                heapq.heappush(heap, child)
            else:
                closed = max(closed, -child.neg_bound)
    bound = max([-n.neg_bound for n in heap] + [closed, search.best])
    assert search.best_x is not None
    x = _polish(search.curves, nz, search.best_x)
    return _result(problem, nz, x, max(bound, search.best), nodes)


def _polish(curves: Curves, nz: Normalised, x: Array, steps: int = 20) -> Array:
    """Local Newton steps on the true objective over the channels strictly inside their bounds,
    keeping the total; a step is kept only if it improves the objective (and keeps every group
    within its cap). This reaches the nearby stationary point when it has a channel on the convex
    part of its curve, which the heuristic's concave subproblems cannot represent."""
    best = float(curves.value(x).sum())
    lo, hi = nz.lower, nz.upper
    for _step in range(steps):
        free = (x > lo + _EPS) & (x < hi - _EPS)
        if free.sum() < 2:
            break
        g = curves.marginal(x)[free]
        t = (x[free] / curves.k[free]) ** curves.s[free]
        h = g / x[free] * ((curves.s[free] - 1.0) - 2.0 * curves.s[free] * t / (1.0 + t))
        h = np.where(np.abs(h) < 1e-12, -1e-12, h)
        mu = float((g / h).sum() / (1.0 / h).sum())
        step = np.zeros_like(x)
        step[free] = (mu - g) / h
        improved = False
        for scale in (1.0, 0.5, 0.25, 0.1, 0.01):
            y = np.clip(x + scale * step, lo, hi)
            y[free] += (float(x.sum()) - float(y.sum())) / int(free.sum())
            if np.any(y < lo) or np.any(y > hi) or not _within_caps(nz, y):
                continue
            val = float(curves.value(y).sum())
            if val > best * (1 + 1e-15):
                x, best, improved = y, val, True
                break
        if not improved:
            break
    return x


def _within_caps(nz: Normalised, x: Array) -> bool:
    for j, cap in enumerate(nz.caps):
        if float(x[nz.group_of == j].sum()) > cap * (1 + 1e-12):
            return False
    return True


def _result(problem: AllocationProblem, nz: Normalised, x: Array, bound: float, nodes: int) -> Allocation:
    chans = problem.channels
    lower = np.array([c.lower for c in chans])
    upper = np.maximum(np.array([c.upper for c in chans]), lower)
    amounts = np.clip(x * nz.scale, lower, upper)
    residual = problem.total - math.fsum(amounts)
    room = (upper - amounts) if residual > 0 else (amounts - lower)
    j = int(np.argmax(room))
    amounts[j] += residual
    beta = np.array([c.curve.beta for c in chans])
    curves = Curves(beta, np.array([c.curve.k for c in chans]), nz.s)
    objective = math.fsum(curves.value(amounts))
    upper_bound = max(bound * nz.value_scale, objective)
    # at exactly 0 a concave curve (s < 1) has an infinite marginal return (and JSON has no
    # infinity): report it at a thousandth of a fen, where the optimum sits when it rounds to 0
    marginal = curves.marginal(np.maximum(amounts, 1e-5))
    free = (amounts > lower + 1e-9 * nz.scale) & (amounts < upper - 1e-9 * nz.scale)
    multiplier = float(np.median(marginal[free])) if free.any() else float(np.max(marginal))
    gap = max(0.0, (upper_bound - objective) / upper_bound) if upper_bound > 0 else 0.0
    return Allocation(
        amounts={c.name: float(v) for c, v in zip(chans, amounts, strict=True)},
        objective=objective, upper_bound=upper_bound, gap=gap,
        marginal={c.name: float(v) for c, v in zip(chans, marginal, strict=True)},
        multiplier=multiplier, nodes=nodes, concave=bool(np.all(nz.s <= 1.0)),
    )
