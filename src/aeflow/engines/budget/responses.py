"""Response curves from three sources: the funnel benchmarks, the client's history, or an MMM.

Every source ends as a :class:`~aeflow.engines.budget.curves.HillCurve` for the *flight*: the outcome
of spending ``x`` yuan over the whole campaign. The mappings are documented in docs/budget.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import least_squares

from aeflow.engines.budget.curves import HillCurve, value
from aeflow.engines.budget.funnel import ChannelRates
from aeflow.errors import Invalid
from aeflow.i18n import _

OBJECTIVES = ("revenue", "conversions", "reach")


def outcome_per_yuan(rates: ChannelRates, objective: str) -> float:
    """Median outcome of one yuan at benchmark rates: GMV, conversions, or impressions (reach)."""
    impressions = 1000.0 / rates.cpm.median
    if objective == "reach":
        return impressions
    conversions = impressions * rates.ctr.median * rates.cvr.median
    if objective == "conversions":
        return conversions
    if objective == "revenue":
        return conversions * rates.aov.median
    raise Invalid(_("unknown objective {objective}: use revenue, conversions or reach", objective=objective))


def derived_curve(rates: ChannelRates, objective: str, *, half_saturation: float | None = None) -> HillCurve:
    """A curve from the funnel benchmarks: at the half-saturation spend ``k`` the channel returns its
    benchmark rate on average, ``f(k) / k = r``, hence ``beta = 2 r k``; shape from the table."""
    k = half_saturation or rates.half_saturation or 400_000.0
    r = outcome_per_yuan(rates, objective)
    return HillCurve(beta=2.0 * r * k, k=k, s=rates.shape)


def flight_curve(curve: HillCurve, periods: float, decay: float = 0.0) -> HillCurve:
    """A per-period curve (daily or weekly) turned into a flight curve, spend spread evenly over
    ``periods``: ``F(X) = periods · f(X / periods / (1 - decay))``, i.e. ``beta·periods`` and
    ``k·periods·(1 - decay)`` (geometric adstock at its steady state)."""
    return HillCurve(beta=curve.beta * periods, k=curve.k * periods * (1.0 - decay), s=curve.s)


def adstock(spend: np.ndarray, decay: float) -> np.ndarray:
    """Geometric carry-over: ``a_t = x_t + decay · a_{t-1}``."""
    out = np.empty_like(spend, dtype=float)
    carry = 0.0
    for i, x in enumerate(spend):
        carry = float(x) + decay * carry
        out[i] = carry
    return out


@dataclass(frozen=True)
class Fit:
    curve: HillCurve  # per period (the history's own unit, e.g. a day)
    decay: float
    r2: float
    points: int
    warnings: list[str] = field(default_factory=list)

    @property
    def identified(self) -> bool:
        return not self.warnings


def fit_history(spend: np.ndarray, outcome: np.ndarray, *, with_adstock: bool = False,
                channel: str = "") -> Fit:
    """Fit ``outcome_t ≈ beta · a_t^s / (a_t^s + k^s)`` by bounded nonlinear least squares.

    ``a_t`` is the spend, or its geometric adstock when ``with_adstock``. Spend and outcome are
    scaled by their means; a few starts are tried and the best kept. Warnings say when the data
    cannot identify the curve: too few points, spend that hardly varies, a half-saturation far
    beyond the observed spend (the saturation is never seen), parameters stuck on their bounds or
    too uncertain to use.
    """
    x = np.asarray(spend, dtype=float)
    y = np.asarray(outcome, dtype=float)
    if x.shape != y.shape or x.ndim != 1 or x.size < 3 or np.any(x < 0) or not np.all(np.isfinite(y)):
        raise Invalid(_("channel {channel}: need at least 3 days of non-negative spend and outcome",
                        channel=channel))
    xs, ys = float(x.mean()) or 1.0, float(np.abs(y).mean()) or 1.0
    xn, yn = x / xs, y / ys
    lo = [math.log(1e-3), math.log(1e-3), 0.3] + ([0.0] if with_adstock else [])
    hi = [math.log(1e3), math.log(1e3), 5.0] + ([0.9] if with_adstock else [])

    def model(p: np.ndarray) -> np.ndarray:
        a = adstock(xn, p[3]) if with_adstock else xn
        return value(a, np.exp(p[0]), np.exp(p[1]), p[2])

    best = None
    for k0 in (0.5, 1.0, 2.0):
        for s0 in (0.8, 1.5, 2.5):
            p0 = [math.log(max(2.0 * float(yn.max()), 1e-2)), math.log(k0), s0] + ([0.3] if with_adstock else [])
            res = least_squares(lambda p: model(p) - yn, p0, bounds=(lo, hi), method="trf")
            if best is None or res.cost < best.cost:
                best = res
    assert best is not None
    p = best.x
    sst = float(((yn - yn.mean()) ** 2).sum())
    r2 = 1.0 - 2.0 * best.cost / sst if sst > 0 else 0.0
    warnings = _identification_warnings(best, xn, lo, hi, channel, r2)
    decay = float(p[3]) if with_adstock else 0.0
    curve = HillCurve(beta=float(math.exp(p[0]) * ys), k=float(math.exp(p[1]) * xs), s=float(p[2]))
    return Fit(curve=curve, decay=decay, r2=r2, points=int(x.size), warnings=warnings)


def _identification_warnings(res: object, xn: np.ndarray, lo: list[float], hi: list[float], channel: str,
                             r2: float) -> list[str]:
    p, jac = res.x, res.jac  # type: ignore[attr-defined]
    n, m = xn.size, p.size
    out: list[str] = []
    if n < 5 * m:
        out.append(_("channel {channel}: only {n} data points for {m} parameters", channel=channel, n=n, m=m))
    if float(xn.std()) < 0.2:
        out.append(_("channel {channel}: spend hardly varies, so the shape of the curve cannot be seen",
                     channel=channel))
    if math.exp(p[1]) > 2.0 * float(xn.max()):
        out.append(_("channel {channel}: the half-saturation spend lies far beyond any spend observed; "
                     "the ceiling is a guess", channel=channel))
    if any(abs(v - b) < 1e-6 for v, b in zip(p, lo, strict=True)) or any(
            abs(v - b) < 1e-6 for v, b in zip(p, hi, strict=True)):
        out.append(_("channel {channel}: a parameter stopped at its bound", channel=channel))
    dof = max(n - m, 1)
    sigma2 = 2.0 * res.cost / dof  # type: ignore[attr-defined]
    try:
        cov = np.linalg.inv(jac.T @ jac) * sigma2
        rel = np.sqrt(np.abs(np.diag(cov)))  # log-parameters: absolute std ≈ relative std
        if not np.all(np.isfinite(rel)) or rel[0] > 1.0 or rel[1] > 1.0 or rel[2] > 1.0:
            out.append(_("channel {channel}: the parameters are too uncertain to trust (the data fit "
                         "many curves equally well)", channel=channel))
    except np.linalg.LinAlgError:
        out.append(_("channel {channel}: the data cannot tell the parameters apart", channel=channel))
    if r2 < 0.3:
        out.append(_("channel {channel}: the curve explains little of the outcome (R² {r2})",
                     channel=channel, r2=f"{r2:.2f}"))
    return out


def from_robyn(alpha: float, gamma: float, coef: float, x_min: float, x_max: float) -> HillCurve:
    """Robyn's ``coef · x^alpha / (x^alpha + gammaTrans^alpha)``, ``gammaTrans`` the ``gamma``
    quantile of the adstocked spend range, ``(1 - gamma)·x_min + gamma·x_max``."""
    k = (1.0 - gamma) * x_min + gamma * x_max
    return HillCurve(beta=coef, k=k, s=alpha)


def from_pymc_hill(slope: float, kappa: float, beta: float, channel_scale: float = 1.0,
                   target_scale: float = 1.0) -> HillCurve:
    """PyMC-Marketing's Hill saturation ``beta · x^slope / (x^slope + kappa^slope)`` on scaled data."""
    return HillCurve(beta=beta * target_scale, k=kappa * channel_scale, s=slope)


def from_pymc_logistic(lam: float, beta: float, channel_scale: float = 1.0,
                       target_scale: float = 1.0) -> tuple[HillCurve, float]:
    """PyMC-Marketing's logistic saturation ``beta (1 - e^{-lam x}) / (1 + e^{-lam x})`` has no exact
    Hill form: fit a Hill curve to it on ``[0, 4/lam]`` (where it saturates) and return the curve and
    the largest error relative to ``beta``."""
    xs = np.linspace(0.0, 4.0 / lam, 400)
    target = (1.0 - np.exp(-lam * xs)) / (1.0 + np.exp(-lam * xs))
    res = least_squares(lambda p: value(xs, np.exp(p[0]), np.exp(p[1]), p[2]) - target,
                        [0.0, math.log(1.1 / lam), 1.0], bounds=([-5, -30, 0.3], [5, 30, 3.0]))
    err = float(np.max(np.abs(value(xs, np.exp(res.x[0]), np.exp(res.x[1]), res.x[2]) - target)))
    curve = HillCurve(beta=float(math.exp(res.x[0])) * beta * target_scale,
                      k=float(math.exp(res.x[1])) * channel_scale, s=float(res.x[2]))
    return curve, err
