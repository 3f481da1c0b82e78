"""The concave relaxation of an allocation problem, solved exactly through its multiplier.

Each channel's curve is replaced on its interval ``[a, b]`` by its concave envelope: a line from
``(a, f(a))`` up to the tangent point ``tau`` and the curve itself after it (for concave curves, or
``a`` past the inflection, the envelope is the curve). Maximising the sum of concave functions under
``sum(x) = T``, ``a <= x <= b`` and group caps is solved by the Karush-Kuhn-Tucker conditions: every
channel spends where its marginal return equals the multiplier ``lam`` (clamped to its bounds), and
``lam`` is found by a safeguarded Newton iteration on ``log(lam)`` inside a bisection bracket, so the
spend adds up to ``T``.

Group caps decompose: a capped group that would overspend at ``lam`` spends exactly its cap, split
by its own multiplier ``nu``, computed once. The Lagrangian dual value at the final multipliers is
an upper bound on the relaxed (hence on the true) optimum, valid whatever the rounding.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from aeflow.engines.budget.curves import Array, MarginalInverse, _marginal, _value, tangent_point


class Curves:
    """Hill curves of the channels in normalised units, with the marginal-return inverse prepared."""

    def __init__(self, beta: Array, k: Array, s: Array) -> None:
        self.beta, self.k, self.s = beta, k, s
        self.inverse = MarginalInverse(beta, k, s)

    def value(self, x: Array) -> Array:
        return _value(x, self.beta, self.k, self.s)

    def marginal(self, x: Array) -> Array:
        return _marginal(x, self.beta, self.k, self.s)

    def take(self, idx: Array) -> Curves:
        return Curves(self.beta[idx], self.k[idx], self.s[idx])


@dataclass(frozen=True)
class Envelope:
    """The concave envelope of each curve on ``[a, b]``: linear on ``[a, tau]``, the curve on ``[tau, b]``."""

    curves: Curves
    a: Array
    b: Array
    tau: Array
    log_slope: Array  # log of the envelope's slope just right of a; -inf for fixed channels
    fa: Array

    @property
    def slope(self) -> Array:
        return np.exp(self.log_slope)

    @property
    def chord(self) -> Array:
        """Channels whose envelope is one straight line from a to b."""
        return (self.tau >= self.b) & (self.tau > self.a)

    @property
    def linear(self) -> Array:
        """Channels whose envelope starts with a straight piece (a jump in their demand)."""
        return (self.tau > self.a) & np.isfinite(self.log_slope)

    def take(self, idx: Array) -> Envelope:
        return Envelope(self.curves.take(idx), self.a[idx], self.b[idx], self.tau[idx], self.log_slope[idx],
                        self.fa[idx])

    def value(self, x: Array) -> Array:
        slope = np.where(self.tau > self.a, self.slope, 0.0)
        linear = self.fa + slope * (x - self.a)
        return np.where(x <= self.tau, np.where(self.tau > self.a, linear, self.fa), self.curves.value(x))

    def demand(self, log_lam: Array, u0: Array | None = None, left: bool = False) -> tuple[Array, Array, Array]:
        """The spend maximising ``envelope(x) - lam x`` on ``[a, b]``, its derivative in log(lam), and
        the inverse's ``u`` (a warm start for larger lam). At a jump, ``left`` takes the far end."""
        inv, dinv, u = self.curves.inverse(log_lam, u0)
        above = (log_lam > self.log_slope) if left else (log_lam >= self.log_slope)
        chord = self.chord
        x = np.where(above, self.a, np.where(chord, self.b, np.clip(inv, self.tau, self.b)))
        dx = np.where(~above & ~chord & (inv > self.tau) & (inv < self.b), dinv, 0.0)
        return x, dx, u


def envelope(curves: Curves, a: Array, b: Array) -> Envelope:
    free = b > a
    tau = np.maximum(np.minimum(tangent_point(np.where(free, a, np.inf), curves.beta, curves.k, curves.s, b), b), a)
    fa = curves.value(a)
    secant = (curves.value(tau) - fa) / (tau - a)
    log_slope = np.log(np.where(tau > a, secant, curves.marginal(a)))
    log_slope = np.where(b <= a, -np.inf, log_slope)
    return Envelope(curves, a.astype(float), b.astype(float), tau, log_slope, fa)


@dataclass(frozen=True)
class Relaxed:
    x: Array
    lam: float  # the budget's multiplier (marginal return of the last unit spent)
    nu: Array  # each capped group's own multiplier (0 when its cap cannot bind)
    value: float  # envelope value at x
    bound: float  # Lagrangian dual bound, >= the relaxed and the true optimum


class Infeasible(Exception):
    """The node's bounds and caps cannot spend the target exactly (pruned in branch and bound)."""


def _spread(x: Array, residual: float, a: Array, b: Array, weight: Array) -> Array:
    """Add a tiny ``residual`` to ``x`` within bounds, by ``weight`` where possible, else by slack."""
    if residual == 0:
        return x
    room = b - x if residual > 0 else x - a
    for w in (np.abs(weight), room):
        w = np.where(room > 0, np.where(np.isfinite(w), w, 1.0), 0.0)
        total = float(w.sum())
        if total > 0:
            return np.clip(x + residual * w / total, a, b)
    return x


Demand = Callable[..., tuple[Array, Array, Array]]

# Offsets below the largest slope (in log(lam)) of the bracketing grid: dense near the top.
_GRID = 40.0 * np.linspace(0.0, 1.0, 48) ** 2


def _bracket_near(demand: Demand, guess: float, target: float, n: int) -> tuple[Any, ...] | None:
    """Bracket the multiplier by Newton steps (with 25% overshoot) from a guess: usually two calls.

    Returns ``(llo, x_lo, dx_lo, u_lo, lhi, x_hi, dx_hi)`` or None when it does not bracket quickly.
    """
    one = np.ones(n)
    l0 = guess
    x0, dx0, u0 = demand(l0 * one)
    d0 = float(x0.sum()) - target
    for _ in range(4):
        g = float(dx0.sum())
        step = -1.25 * d0 / g if g < 0 else (0.5 if d0 > 0 else -0.5)
        l1 = l0 + max(-4.0, min(4.0, step))
        x1, dx1, u1 = demand(l1 * one, u0 if l1 > l0 else None)
        d1 = float(x1.sum()) - target
        if (d0 > 0) != (d1 > 0):
            if d0 > 0:
                return (l0, x0, dx0, u0, l1, x1, dx1)
            return (l1, x1, dx1, u1, l0, x0, dx0)
        l0, x0, dx0, u0, d0 = l1, x1, dx1, u1, d1
    return None


def _solve(env: Envelope, target: float, demand: Demand, guess: float = math.nan) -> tuple[Array, float]:
    """Find the multiplier at which ``demand`` spends exactly ``target``; return (x, log lam).

    Newton on log(lam) from the side nearer the target, kept inside a bracket; a jump of the
    demand (a linear envelope piece) inside the bracket is tested directly at its breakpoint,
    where both one-sided demands are known, so jumps cost one step, not a bisection to the end.
    """
    if float(env.a.sum()) >= target:
        return env.a.copy(), math.inf
    n = env.a.size
    one = np.ones(n)
    breaks = np.unique(env.log_slope[env.linear])
    finite = env.log_slope[np.isfinite(env.log_slope)]
    top = float(finite.max()) if finite.size else 0.0
    near = _bracket_near(demand, guess, target, n) if math.isfinite(guess) else None
    grid = top - _GRID
    i = -1
    if near is None:
        # One vectorised pass over a grid of multipliers brackets the answer, with warm starts.
        xs, dxs, us = demand(grid[:, None] + np.zeros(n))
        i = int(np.searchsorted(xs.sum(axis=1), target))  # sums grow as lam falls
    if near is not None:
        llo, x_lo, dx_lo, u_lo, lhi, x_hi, dx_hi = near  # type: ignore[assignment]
    elif 0 < i < grid.size:
        lhi, x_hi, dx_hi = float(grid[i - 1]), xs[i - 1], dxs[i - 1]
        llo, x_lo, dx_lo, u_lo = float(grid[i]), xs[i], dxs[i], us[i]
    else:
        lhi, llo = (top, top - 1.0) if i == 0 else (float(grid[-1]), float(grid[-1]) - 1.0)
        x_hi, dx_hi, _u = demand(lhi * one)
        step = 1.0
        while x_hi.sum() > target and step < 1e4:
            lhi += step
            step *= 2.0
            x_hi, dx_hi, _u = demand(lhi * one)
        llo, step = lhi - 1.0, 1.0
        x_lo, dx_lo, u_lo = demand(llo * one)
        while x_lo.sum() < target and step < 1e4:
            lhi, x_hi, dx_hi = llo, x_lo, dx_lo
            llo -= step
            step *= 2.0
            x_lo, dx_lo, u_lo = demand(llo * one)
    if x_lo.sum() < target:
        raise Infeasible
    d_lo, d_hi = float(x_lo.sum()) - target, float(x_hi.sum()) - target
    best_err = math.inf
    for _ in range(200):
        if abs(d_hi) <= 1e-13 * target:
            return _spread(x_hi, -d_hi, env.a, env.b, dx_hi), lhi
        if abs(d_lo) <= 1e-13 * target:
            return _spread(x_lo, -d_lo, env.a, env.b, dx_lo), llo
        if lhi - llo <= 4e-16 * max(1.0, abs(lhi)):
            break
        near_lo = abs(d_lo) < abs(d_hi)
        l0, d0, g0 = (llo, d_lo, float(dx_lo.sum())) if near_lo else (lhi, d_hi, float(dx_hi.sum()))
        new = l0 - d0 / g0 if g0 < 0 else math.nan
        err = min(abs(d_lo), abs(d_hi))
        if not (llo < new < lhi) or err > 0.5 * best_err:
            new = 0.5 * (llo + lhi)
        best_err = min(best_err, err)
        inside = breaks[(breaks > llo) & (breaks < lhi)]
        if inside.size:
            new = float(inside[np.argmin(np.abs(inside - new))])
            x_l, dx_l, u_l = demand(new * one, u_lo, left=True)
            x_r, dx_r, _u = demand(new * one, u_lo)
            s_l, s_r = float(x_l.sum()), float(x_r.sum())
            if s_r <= target <= s_l:  # the solution sits on this jump
                theta = (target - s_r) / (s_l - s_r) if s_l > s_r else 0.0
                x = x_r + theta * (x_l - x_r)
                return _spread(x, target - float(x.sum()), env.a, env.b, x_l - x_r), new
            if s_r > target:
                llo, x_lo, dx_lo, u_lo, d_lo = new, x_r, dx_r, u_l, s_r - target
            else:
                lhi, x_hi, dx_hi, d_hi = new, x_l, dx_l, s_l - target
            continue
        x, dx, u = demand(new * one, u_lo)
        d = float(x.sum()) - target
        if d > 0:
            llo, x_lo, dx_lo, u_lo, d_lo = new, x, dx, u, d
        else:
            lhi, x_hi, dx_hi, d_hi = new, x, dx, d
    theta = min(1.0, max(0.0, -d_hi / (d_lo - d_hi))) if d_lo != d_hi else 0.0
    x = x_hi + theta * (x_lo - x_hi)
    return _spread(x, target - float(x.sum()), env.a, env.b, x_lo - x_hi), lhi


def solve_relaxation(env: Envelope, group_of: Array, caps: Array, target: float, *,
                     bound: bool = True, guess: Relaxed | None = None) -> Relaxed:
    """Maximise the envelope sum with ``sum(x) = target``, bounds and group caps.

    ``bound=False`` skips the dual bound (for the primal heuristic, which needs only ``x``);
    ``guess``, a nearby problem's solution, starts the multiplier searches near their answers.
    """
    if float(env.a.sum()) > target * (1 + 1e-12):
        raise Infeasible
    groups = []  # (members, cap, solution) for caps that can bind
    log_nu = np.full(caps.size, -np.inf)
    for j, cap in enumerate(caps):
        members = np.flatnonzero(group_of == j)
        if members.size == 0 or float(env.b[members].sum()) <= cap:
            continue
        if float(env.a[members].sum()) > cap * (1 + 1e-12):
            raise Infeasible
        sub = env.take(members)
        xg, log_nu[j] = _solve(sub, cap, sub.demand, math.log(guess.nu[j]) if guess and guess.nu[j] > 0 else math.nan)
        if not math.isfinite(log_nu[j]):  # pinned at its minimums: any multiplier above its slopes
            log_nu[j] = float(np.max(sub.log_slope, initial=0.0))
        groups.append((members, cap, xg))

    def demand(log_lam: Array, u0: Array | None = None, left: bool = False) -> tuple[Array, Array, Array]:
        x, dx, u = env.demand(log_lam, u0, left)
        for members, cap, xg in groups:
            full = x[..., members].sum(axis=-1, keepdims=True) >= cap
            x[..., members] = np.where(full, xg, x[..., members])
            dx[..., members] = np.where(full, 0.0, dx[..., members])
        return x, dx, u

    x, log_lam = _solve(env, target, demand if groups else env.demand,
                        math.log(guess.lam) if guess and guess.lam > 0 else math.nan)
    if not math.isfinite(log_lam):
        log_lam = float(np.max(env.log_slope, initial=0.0))
    lam = math.exp(log_lam)
    dual = _dual(env, group_of, caps, np.exp(log_nu), target, lam) if bound else math.inf
    return Relaxed(x=x, lam=lam, nu=np.exp(log_nu), value=float(env.value(x).sum()), bound=dual)


def _dual(env: Envelope, group_of: Array, caps: Array, nu: Array, target: float, lam: float) -> float:
    """``lam T + sum mu_j C_j + sum_i max_x (envelope_i(x) - (lam + mu_g(i)) x)``, for any lam."""
    mu = np.maximum(nu - lam, 0.0)
    eff = lam + np.where(group_of >= 0, mu[np.maximum(group_of, 0)] if mu.size else 0.0, 0.0)
    x, _dx, _u = env.demand(np.log(eff))
    inner = env.value(x) - eff * x
    # where both ends of a linear piece tie, env.demand picks a; the value is the same.
    finite_caps = np.where(np.isfinite(caps), caps, 0.0)
    return float(lam * target + float((mu * finite_caps).sum()) + inner.sum())
