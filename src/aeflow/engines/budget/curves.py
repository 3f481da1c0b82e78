"""Hill response curves and their concave envelopes, vectorised over channels.

A Hill curve gives the outcome of spending ``x`` on a channel::

    f(x) = beta * x**s / (x**s + k**s)

``beta`` is the saturation level (the most the channel can ever return), ``k`` the half-saturation
spend (``f(k) = beta / 2``) and ``s`` the shape. With ``s <= 1`` the curve is concave: every extra yuan
returns less than the one before. With ``s > 1`` it is S-shaped: convex up to the inflection point
``k * ((s-1)/(s+1))**(1/s)``, concave after it.

Most of the work happens in the variable ``u = log((x/k)**s)``: there the equation ``f'(x) = lam``
reads ``h(u) = log(lam * k / (beta * s))`` with ``h(u) = (s-1)/s * u - 2 * log(1 + e**u)``, a
concave function, so Newton's method started to the right of the root converges monotonically
and quadratically. ``h(u) <= -(s+1)/s * u`` for every ``u`` gives a safe start.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

# The vectorised functions below run inside ``quiet()``: inf and nan from the edges of the curves
# (x = 0, x = inf) are handled explicitly with np.where, so numpy's warnings would only be noise.
quiet = functools.partial(np.errstate, all="ignore")

_NEWTON_STEPS = 80
_BISECT_STEPS = 200


@dataclass(frozen=True)
class HillCurve:
    """One channel's response curve ``beta * x**s / (x**s + k**s)``."""

    beta: float
    k: float
    s: float

    @property
    def concave(self) -> bool:
        return self.s <= 1.0

    def value(self, x: float) -> float:
        with quiet():
            return float(_value(np.array([x]), np.array([self.beta]), np.array([self.k]), np.array([self.s]))[0])

    def marginal(self, x: float) -> float:
        with quiet():
            return float(_marginal(np.array([x]), np.array([self.beta]), np.array([self.k]), np.array([self.s]))[0])

    def inflection(self) -> float:
        with quiet():
            return float(inflection(np.array([self.k]), np.array([self.s]))[0])


def _ratio_power(x: Array, k: Array, s: Array) -> Array:
    """``(x/k)**s`` computed through logs (0 for x = 0, inf for x = inf)."""
    out = np.exp(s * np.log(x / k))
    return np.where(x <= 0.0, 0.0, out)


def _value(x: Array, beta: Array, k: Array, s: Array) -> Array:
    t = _ratio_power(x, k, s)
    out = beta * t / (1.0 + t)
    return np.where(np.isinf(t), beta, out)


def _marginal(x: Array, beta: Array, k: Array, s: Array) -> Array:
    """``f'(x)``; at ``x = 0`` it is ``inf`` (s < 1), ``beta/k`` (s = 1) or 0 (s > 1)."""
    t = _ratio_power(x, k, s)
    # f'(x) = beta*s/x * t/(1+t)**2, rearranged to stay finite for huge t
    out = beta * s / x * (t / (1.0 + t)) / (1.0 + t)
    at_zero = np.where(s < 1.0, np.inf, np.where(s == 1.0, beta / k, 0.0))
    out = np.where(x <= 0.0, at_zero, out)
    return np.where(np.isinf(t), 0.0, out)


def value(x: Array, beta: Array, k: Array, s: Array) -> Array:
    """``f(x)`` for every channel (0 at x = 0, beta at x = inf)."""
    with quiet():
        return _value(np.asarray(x, dtype=float), beta, k, s)


def marginal(x: Array, beta: Array, k: Array, s: Array) -> Array:
    """``f'(x)`` for every channel: the return of the next yuan."""
    with quiet():
        return _marginal(np.asarray(x, dtype=float), beta, k, s)


def inflection(k: Array, s: Array) -> Array:
    """Where an S-curve turns from convex to concave; 0 for concave curves."""
    out = k * np.power(np.maximum(s - 1.0, 0.0) / (s + 1.0), 1.0 / s)
    return np.where(s > 1.0, out, 0.0)


def _h(u: Array, a: Array) -> Array:
    return a * u - 2.0 * np.logaddexp(0.0, u)


def _dh(u: Array, a: Array) -> Array:
    return a - 2.0 / (1.0 + np.exp(-u))


class MarginalInverse:
    """Solves ``f'(x) = lam`` on the concave branch (``x >= inflection``), vectorised over channels.

    Constants are computed once per set of curves; each call takes ``log(lam)`` and optionally a
    warm start ``u0`` known to lie right of the root (the solution for a smaller ``lam``).
    """

    def __init__(self, beta: Array, k: Array, s: Array) -> None:
        self.k, self.s = k, s
        self.a = (s - 1.0) / s
        with np.errstate(divide="ignore", invalid="ignore"):
            self.logc = np.log(k / (beta * s))
            self.u_infl = np.where(s > 1.0, np.log(np.maximum(s - 1.0, 1e-300) / (s + 1.0)), -np.inf)
            self.top = np.where(s > 1.0, _h(self.u_infl, self.a), np.where(s == 1.0, 0.0, np.inf))
        self.branch_start = np.where(s > 1.0, inflection(k, s), 0.0)
        self.ratio_lo = -s / (s + 1.0)
        with np.errstate(divide="ignore"):
            self.ratio_hi = np.where(s < 1.0, s / (s - 1.0), -np.inf)

    def __call__(self, log_lam: Array, u0: Array | None = None) -> tuple[Array, Array, Array]:
        """``(x, dx/dlog(lam), u)``; where there is no root, x is the branch start and dx is 0."""
        s, a = self.s, self.a
        y = log_lam + self.logc
        start = np.maximum(np.minimum(y * self.ratio_lo, y * self.ratio_hi), self.u_infl)
        if u0 is not None:
            start = np.minimum(start, np.maximum(u0, self.u_infl))
        none = ~(y < self.top)
        u = np.where(none, 0.0, start)
        last = False
        for _ in range(_NEWTON_STEPS):
            # Newton on h(u) = y: quadratic convergence, so once a step is below 1e-7 the next
            # one is at the level of rounding and the loop ends after it.
            step = (a * u - 2.0 * np.logaddexp(0.0, u) - y) / (a - 2.0 / (1.0 + np.exp(-u)))
            step[none] = 0.0
            u -= step
            if last:
                break
            last = bool(np.abs(step).max() < 1e-7)
        x = self.k * np.exp(u / s)
        dx = x / (s * _dh(u, a))
        x = np.where(none, self.branch_start, x)
        dx = np.where(none, 0.0, dx)
        return x, dx, u


def _safe_side(psi: Callable[[Array], tuple[Array, Array]], u: Array, lo: Array) -> Array:
    """Rounding may leave ``psi(u)`` a hair below 0: step back until ``psi >= 0`` (``lo`` always is)."""
    step = 1e-14 * (1.0 + np.abs(u))
    for _ in range(12):
        neg = psi(u)[0] < 0.0
        if not neg.any():
            return u
        u = np.where(neg, np.maximum(u - step, lo), u)
        step *= 4.0
    return np.where(psi(u)[0] >= 0.0, u, lo)


def tangent_point(a: Array, beta: Array, k: Array, s: Array, b: Array | None = None) -> Array:
    """For S-curves with ``a`` below the inflection: the point ``tau`` past the inflection where
    the line from ``(a, f(a))`` touches the curve, ``f'(tau) (tau - a) = f(tau) - f(a)``.

    Elsewhere (concave curves, ``a`` at or past the inflection) it returns ``a``. The gap
    ``psi(u) = f'(tau)(tau - a) - f(tau) + f(a)`` is decreasing past the inflection; Newton's method
    runs inside a bisection bracket, and the answer is nudged to where ``psi >= 0`` (at or just
    before the true tangent point), so the secant from ``a`` stays on or above the curve and the
    envelope remains a valid upper bound.

    With ``b`` (the interval's right end), channels whose tangent point lies at or past ``b`` (the
    envelope is then the chord to ``b``) get ``b`` without the search.
    """
    with quiet():
        return _tangent_point(a, beta, k, s, b)


def _tangent_point(a: Array, beta: Array, k: Array, s: Array, b: Array | None) -> Array:
    infl = inflection(k, s)
    need = (s > 1.0) & (a < infl)
    out = a.copy()
    if not need.any():
        return out
    if b is not None:  # psi(b) >= 0: b is at or before the tangent point, so the chord is the envelope
        fb, fa = _value(b, beta, k, s), _value(a, beta, k, s)
        chord = need & np.isfinite(b) & (_marginal(b, beta, k, s) * (b - a) >= fb - fa)
        out[chord] = b[chord]
        need &= ~chord
        if not need.any():
            return out
    # From a = 0 the tangent point is closed-form: t = (tau/k)**s = s - 1.
    zero = need & (a <= 0.0)
    if zero.any():
        out[zero] = _tangent_from(a[zero], beta[zero], k[zero], s[zero], newton=False)
    rest = need & (a > 0.0)
    if rest.any():
        out[rest] = _tangent_from(a[rest], beta[rest], k[rest], s[rest], newton=True)
    return out


def _tangent_from(aa: Array, bb: Array, kk: Array, ss: Array, *, newton: bool) -> Array:
    fa = _value(aa, bb, kk, ss)

    def psi(u: Array) -> tuple[Array, Array]:
        t = np.exp(u)
        tau = kk * np.exp(u / ss)
        frac = t / (1.0 + t)
        slope = bb * ss * frac / ((1.0 + t) * tau)
        gap = slope * (tau - aa) - bb * frac + fa
        dgap = slope * (tau - aa) / ss * ((ss - 1.0) - 2.0 * ss * frac)
        return gap, dgap

    lo = np.log((ss - 1.0) / (ss + 1.0))
    u = np.log(ss - 1.0)  # the answer from a = 0; from a > 0 the tangent point lies left of it
    if newton:
        hi = u.copy()
        for _ in range(200):  # (defensive) grow the bracket until the gap is negative
            bad = psi(hi)[0] > 0.0
            if not bad.any():
                break
            hi = np.where(bad, hi + 2.0 * (hi - lo), hi)
        u = hi.copy()
        for _ in range(_BISECT_STEPS):
            gap, dgap = psi(u)
            pos = gap >= 0.0
            lo = np.where(pos, u, lo)
            hi = np.where(pos, hi, u)
            new = u - gap / dgap
            new = np.where((new > lo) & (new < hi), new, 0.5 * (lo + hi))
            tol = 1e-14 * (1.0 + np.abs(u))
            done = (np.abs(new - u) <= tol) | (hi - lo <= tol)
            u = new
            if done.all():
                break
    return kk * np.exp(_safe_side(psi, u, lo) / ss)
