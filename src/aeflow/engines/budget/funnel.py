"""The funnel forecast: spend → impressions → clicks → conversions → revenue, with uncertainty.

Each budget line's channel has benchmark rates - CPM (yuan per thousand impressions), CTR, CVR
(click to purchase) and AOV (average order value) - and each rate is a distribution, not a point:
a lognormal fitted to its P10 and P90 (or P50 and a spread). A vectorised, seeded Monte Carlo draws
every rate for every line, and the forecast reports P10 / P50 / P90 of impressions, clicks,
conversions, GMV, ROI and ROAS per line and in total, and for each KPI of the brief the probability
that it is met.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from aeflow.domain.brief import KPI
from aeflow.errors import Invalid, Problem
from aeflow.i18n import _

Z90 = 1.2815515655446004  # the standard normal's 90th percentile
RATES = ("cpm", "ctr", "cvr", "aov")
METRICS = ("impressions", "clicks", "conversions", "gmv", "roas", "roi", "cpm", "cpc", "ctr", "cvr", "cpa")
RATE_METRICS = {"roas", "roi", "cpm", "cpc", "ctr", "cvr", "cpa"}  # ratios: not summed over lines
ORIGINS = ("benchmark", "rate_card", "data")  # the shipped table, a --rates file, the imported data


@dataclass(frozen=True)
class Rate:
    """A positive quantity known as a range: lognormal with the given P10 and P90."""

    p10: float
    p90: float

    @classmethod
    def from_spec(cls, spec: Any, path: tuple[str | int, ...] = ()) -> Rate:
        """``{p10, p90}``, ``{p50, spread}`` (spread = P90 / P50) or a bare number (no uncertainty)."""
        if isinstance(spec, (int, float)) and not isinstance(spec, bool) and spec > 0:
            return cls(float(spec), float(spec))
        if isinstance(spec, Mapping):
            try:
                if "p10" in spec and "p90" in spec:
                    lo, hi = float(spec["p10"]), float(spec["p90"])
                elif "p50" in spec:
                    mid, spread = float(spec["p50"]), float(spec.get("spread", 1.0))
                    lo, hi = mid / spread, mid * spread
                else:
                    lo = hi = math.nan
            except (TypeError, ValueError):
                lo = hi = math.nan
            if 0 < lo <= hi < math.inf:
                return cls(lo, hi)
        raise Invalid(_("a rate must be a positive number or a range with p10 and p90"),
                      [Problem(path, "budget_rate", {"default": _(
                          "a rate must be a positive number or a range with p10 and p90 (or p50 and spread), "
                          "got {value}", value=repr(spec))})])

    @property
    def median(self) -> float:
        return math.sqrt(self.p10 * self.p90)

    @property
    def sigma(self) -> float:
        return math.log(self.p90 / self.p10) / (2 * Z90)

    def scaled(self, factor: float) -> Rate:
        return Rate(self.p10 * factor, self.p90 * factor)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        return self.median * np.exp(self.sigma * rng.standard_normal(size))


@dataclass(frozen=True)
class ChannelRates:
    cpm: Rate
    ctr: Rate
    cvr: Rate
    aov: Rate
    source: str = ""
    half_saturation: float | None = None  # spend (yuan) at which the channel returns half its ceiling
    shape: float = 1.0  # Hill shape of the derived response curve
    origins: Mapping[str, str] = field(default_factory=dict)  # rate -> one of ORIGINS (default benchmark)
    sources: Mapping[str, str] = field(default_factory=dict)  # origin -> what the numbers come from
    adjusted: Mapping[str, float] = field(default_factory=dict)  # campaign-type factor applied per rate

    def origin(self, rate: str) -> str:
        return self.origins.get(rate, "benchmark")

    def scaled(self, factors: Mapping[str, float]) -> ChannelRates:
        return replace(self, **{r: getattr(self, r).scaled(factors[r]) for r in RATES if r in factors})

    def adjusted_for(self, factors: Mapping[str, float]) -> ChannelRates:
        """The campaign type's factors, on the built-in benchmark rates only: a rate card's or the
        data's rates already are this client's own."""
        use = {r: f for r, f in factors.items() if r in RATES and self.origin(r) == "benchmark" and f != 1.0}
        return replace(self.scaled(use), adjusted=use) if use else self

    @property
    def gmv_per_yuan(self) -> float:
        """Median GMV per yuan of spend: 1000 / CPM × CTR × CVR × AOV."""
        return 1000.0 / self.cpm.median * self.ctr.median * self.cvr.median * self.aov.median


@dataclass(frozen=True)
class Benchmarks:
    channels: dict[str, ChannelRates]
    campaign_factors: dict[str, dict[str, float]] = field(default_factory=dict)
    note: str = ""

    def for_channel(self, channel: str, campaign_type: str | None = None) -> ChannelRates:
        """The rates of ``channel`` (or its parent ``wechat`` for ``wechat-moments``, else ``default``),
        adjusted by the campaign type's factors."""
        key = channel.strip().lower()
        rates = self.channels.get(key) or self.channels.get(key.split("-")[0]) or self.channels.get("default")
        if rates is None:
            raise Invalid(_("no benchmark rates for channel {channel} and no default", channel=channel))
        factors = self.campaign_factors.get(campaign_type or "", {})
        return rates.adjusted_for(factors) if factors else rates

    def merged(self, data: Mapping[str, Any], origin: str = "rate_card") -> Benchmarks:
        """These benchmarks with overrides (same format; any rate of any channel may be given). The
        rates given are marked with ``origin`` - or the file's or the channel's own ``origin:`` key."""
        base = {name: _plain(r) for name, r in self.channels.items()}
        file_origin = str(data.get("origin", origin))
        for name, spec in (data.get("channels") or {}).items():
            if not isinstance(spec, Mapping):
                base[name] = spec
                continue
            here = str(spec.get("origin", file_origin))
            old = base.setdefault(name, dict(base.get("default", {})))
            rates = {r: spec[r] for r in RATES if r in spec}
            base[name] = {**old, **{k: v for k, v in spec.items() if k not in ("origin", "source")},
                          "origins": {**old.get("origins", {}), **{r: here for r in rates}},
                          "sources": {**old.get("sources", {}),
                                      **({here: str(spec["source"])} if "source" in spec else {})}}
        factors = {k: dict(v) for k, v in self.campaign_factors.items()}
        for ctype, spec in (data.get("campaign_types") or {}).items():
            factors[ctype] = {**factors.get(ctype, {}), **spec}
        return benchmarks_from_data({"channels": base, "campaign_types": factors, "note": self.note})


def _plain(r: ChannelRates) -> dict[str, Any]:
    out: dict[str, Any] = {name: {"p10": getattr(r, name).p10, "p90": getattr(r, name).p90} for name in RATES}
    out.update(source=r.source, shape=r.shape, origins=dict(r.origins), sources=dict(r.sources))
    if r.half_saturation is not None:
        out["half_saturation"] = r.half_saturation
    return out


def benchmarks_from_data(data: Any) -> Benchmarks:
    """Validate a benchmark table (the shipped YAML or a project's overrides)."""
    if not isinstance(data, Mapping) or not isinstance(data.get("channels"), Mapping):
        raise Invalid(_("a benchmark table needs a mapping of channels"),
                      [Problem(("channels",), "budget_benchmarks", {"default": _(
                          "a benchmark table needs a mapping of channels")})])
    problems: list[Problem] = []
    channels: dict[str, ChannelRates] = {}
    for name, spec in data["channels"].items():
        try:
            if not isinstance(spec, Mapping):
                raise Invalid("", [Problem(("channels", name), "budget_benchmarks", {"default": _(
                    "channel {channel} needs the rates cpm, ctr, cvr and aov", channel=name)})])
            missing = [r for r in RATES if r not in spec]
            if missing:
                raise Invalid("", [Problem(("channels", name), "budget_benchmarks", {"default": _(
                    "channel {channel} lacks the rates {missing}", channel=name, missing=", ".join(missing))})])
            rates = {r: Rate.from_spec(spec[r], ("channels", name, r)) for r in RATES}
            half = spec.get("half_saturation")
            origins = {str(k): str(v) for k, v in (spec.get("origins") or {}).items()}
            bad = sorted({v for v in origins.values() if v not in ORIGINS})
            if bad:
                raise Invalid("", [Problem(("channels", name, "origin"), "budget_benchmarks", {"default": _(
                    "channel {channel}: origin must be one of {origins}, got {value}", channel=name,
                    origins=", ".join(ORIGINS), value=", ".join(bad))})])
            sources = {str(k): str(v) for k, v in (spec.get("sources") or {}).items()}
            channels[str(name).lower()] = ChannelRates(
                **rates, source=str(spec.get("source", "")),
                half_saturation=float(half) if half is not None else None, shape=float(spec.get("shape", 1.0)),
                origins=origins, sources=sources)
        except Invalid as exc:
            problems.extend(exc.problems)
    factors: dict[str, dict[str, float]] = {}
    for ctype, spec in (data.get("campaign_types") or {}).items():
        if not isinstance(spec, Mapping) or any(k not in RATES or not isinstance(v, (int, float)) or v <= 0
                                               for k, v in spec.items()):
            problems.append(Problem(("campaign_types", ctype), "budget_benchmarks", {"default": _(
                "campaign type {ctype}: factors must be positive numbers for cpm, ctr, cvr or aov", ctype=ctype)}))
            continue
        factors[str(ctype)] = {k: float(v) for k, v in spec.items()}
    if problems:
        raise Invalid(_("the benchmark table has {count} problem(s)", count=len(problems)), problems)
    return Benchmarks(channels=channels, campaign_factors=factors, note=str(data.get("note", "")))


@dataclass(frozen=True)
class Quantiles:
    p10: float
    p50: float
    p90: float

    @classmethod
    def of(cls, draws: np.ndarray) -> Quantiles:
        p10, p50, p90 = np.percentile(draws, [10, 50, 90])
        return cls(float(p10), float(p50), float(p90))


@dataclass(frozen=True)
class Spend:
    """One budget line to forecast."""

    id: str
    channel: str
    amount: float


@dataclass(frozen=True)
class KpiChance:
    objective: str
    metric: str
    target: float
    comparison: str
    probability: float | None  # None: the funnel cannot forecast this metric
    forecast: Quantiles | None = None
    unit: str = ""  # the KPI's display unit (% for ratios stored as fractions, 元, x, 次 …)


@dataclass(frozen=True)
class Assumption:
    """One rate a channel's forecast rests on: its range, where it comes from and any campaign-type
    factor applied to it."""

    p10: float
    p50: float
    p90: float
    origin: str  # one of ORIGINS
    factor: float = 1.0


@dataclass(frozen=True)
class Forecast:
    lines: dict[str, dict[str, Quantiles]]
    total: dict[str, Quantiles]
    kpis: list[KpiChance]
    draws: int
    seed: int
    spend: float
    assumptions: dict[str, dict[str, Assumption]] = field(default_factory=dict)  # channel -> rate -> it
    sources: dict[str, dict[str, str]] = field(default_factory=dict)  # channel -> origin -> description


def assumptions_of(rates: ChannelRates) -> dict[str, Assumption]:
    return {r: Assumption(getattr(rates, r).p10, getattr(rates, r).median, getattr(rates, r).p90,
                          rates.origin(r), rates.adjusted.get(r, 1.0)) for r in RATES}


def sources_of(rates: ChannelRates) -> dict[str, str]:
    out = {"benchmark": rates.source} if rates.source else {}
    out.update({k: v for k, v in rates.sources.items() if v})
    return {k: v for k, v in out.items() if any(rates.origin(r) == k for r in RATES)}


def _metrics(spend: np.ndarray | float, impressions: np.ndarray, clicks: np.ndarray, conversions: np.ndarray,
             gmv: np.ndarray) -> dict[str, np.ndarray]:
    with np.errstate(divide="ignore", invalid="ignore"):
        return {
            "impressions": impressions, "clicks": clicks, "conversions": conversions, "gmv": gmv,
            "roas": gmv / spend, "roi": (gmv - spend) / spend, "cpm": spend / impressions * 1000.0,
            "cpc": spend / clicks, "ctr": clicks / impressions, "cvr": conversions / clicks,
            "cpa": spend / conversions,
        }


def forecast(spends: Sequence[Spend], benchmarks: Benchmarks, *, campaign_type: str | None = None,
             kpis: Sequence[tuple[str, KPI]] = (), draws: int = 20_000, seed: int = 0,
             cpm_factors: Mapping[str, float] | None = None) -> Forecast:
    """Monte Carlo forecast of ``spends``; the same seed gives the same numbers. ``cpm_factors``
    (per channel) raise the price of impressions, as in a scenario."""
    rng = np.random.default_rng(seed)
    per_line: dict[str, dict[str, np.ndarray]] = {}
    by_channel: dict[str, list[str]] = {}
    sums = {m: np.zeros(draws) for m in ("impressions", "clicks", "conversions", "gmv")}
    assumed: dict[str, dict[str, Assumption]] = {}
    sources: dict[str, dict[str, str]] = {}
    for s in spends:
        rates = benchmarks.for_channel(s.channel, campaign_type)
        assumed.setdefault(s.channel, assumptions_of(rates))
        sources.setdefault(s.channel, sources_of(rates))
        if cpm_factors and cpm_factors.get(s.channel, 1.0) != 1.0:
            rates = rates.scaled({"cpm": cpm_factors[s.channel]})
        cpm, ctr, cvr, aov = (getattr(rates, r).sample(rng, draws) for r in RATES)
        impressions = s.amount / cpm * 1000.0
        clicks = impressions * np.minimum(ctr, 1.0)
        conversions = clicks * np.minimum(cvr, 1.0)
        gmv = conversions * aov
        per_line[s.id] = _metrics(s.amount, impressions, clicks, conversions, gmv)
        by_channel.setdefault(s.channel, []).append(s.id)
        for m, v in (("impressions", impressions), ("clicks", clicks), ("conversions", conversions), ("gmv", gmv)):
            sums[m] += v
    spend = math.fsum(s.amount for s in spends)
    total = _metrics(spend, sums["impressions"], sums["clicks"], sums["conversions"], sums["gmv"])
    chances = [_chance(oid, kpi, total, per_line, by_channel, spends) for oid, kpi in kpis if kpi.target is not None]
    return Forecast(
        lines={lid: {m: Quantiles.of(v) for m, v in ms.items()} for lid, ms in per_line.items()},
        total={m: Quantiles.of(v) for m, v in total.items()} if spends else {},
        kpis=chances, draws=draws, seed=seed, spend=spend, assumptions=assumed, sources=sources,
    )


def kpi_target(kpi: KPI) -> float:
    """The KPI's target in the funnel's units: ratios are stored as fractions (unit ``%`` is only
    how they are shown, 0.015 = 1.5%), money in yuan, counts as counts."""
    assert kpi.target is not None
    return float(kpi.target)


def _chance(objective: str, kpi: KPI, total: dict[str, np.ndarray], per_line: dict[str, dict[str, np.ndarray]],
            by_channel: dict[str, list[str]], spends: Sequence[Spend]) -> KpiChance:
    metric = kpi.metric.strip().lower()
    target = kpi_target(kpi)
    values: np.ndarray | None = None
    if metric in METRICS and spends:
        if kpi.channel:
            ids = by_channel.get(kpi.channel, [])
            if ids:
                parts = {m: sum(per_line[i][m] for i in ids) for m in ("impressions", "clicks", "conversions", "gmv")}
                amount = math.fsum(s.amount for s in spends if s.id in ids)
                values = _metrics(amount, **parts)[metric]  # type: ignore[arg-type]
        else:
            values = total[metric]
    if values is None:
        return KpiChance(objective, metric, target, kpi.comparison.value, None, unit=kpi.unit)
    held = _holds(kpi.comparison.value, values, target)
    return KpiChance(objective, metric, target, kpi.comparison.value, float(np.mean(held)), Quantiles.of(values),
                     unit=kpi.unit)


def _holds(op: str, values: np.ndarray, target: float) -> np.ndarray:
    """Whether each draw meets the target; ``=`` on a continuous forecast means within 5%."""
    if op == "=":
        return np.abs(values - target) <= 0.05 * abs(target)
    return {">=": values >= target, "<=": values <= target, ">": values > target, "<": values < target}[op]
