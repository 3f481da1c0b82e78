"""The funnel forecast: spend → impressions → clicks → conversions → revenue, with uncertainty.

Each budget line's channel has benchmark rates - CPM (yuan per thousand impressions), CTR, CVR
(click to purchase) and AOV (average order value) - and each rate is a distribution, not a point:
a lognormal fitted to its P10 and P90 (or P50 and a spread). A vectorised, seeded Monte Carlo draws
every rate of every channel (shared by the channel's lines), and the forecast reports P10 / P50 /
P90 of impressions, clicks, conversions, GMV, ROI and ROAS per line and in total, and for each KPI
of the brief the probability that it is met, computed as the KPI defines it
(:mod:`aeflow.engines.budget.kpi_chance`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from aeflow.domain.brief import KPI
from aeflow.engines.budget.draws import COUNTS, Quantiles, Spend, funnel_metrics
from aeflow.engines.budget.kpi_chance import KpiChance, kpi_chance, kpi_target
from aeflow.errors import Invalid, Problem
from aeflow.i18n import _, get_language

__all__ = ["Assumption", "Benchmarks", "ChannelRates", "Forecast", "KpiChance", "Quantiles", "Rate", "Spend",
           "assumptions_of", "benchmarks_from_data", "forecast", "kpi_target", "sources_of"]

Z90 = 1.2815515655446004  # the standard normal's 90th percentile
RATES = ("cpm", "ctr", "cvr", "aov")
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
    source: Mapping[str, str] = field(default_factory=dict)  # the built-in table's note: language -> text
    half_saturation: float | None = None  # spend (yuan) at which the channel returns half its ceiling
    shape: float = 1.0  # Hill shape of the derived response curve
    origins: Mapping[str, str] = field(default_factory=dict)  # rate -> one of ORIGINS (default benchmark)
    sources: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # origin -> its note (see note_of)
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
            note = note_of(spec)
            base[name] = {**old, **{k: v for k, v in spec.items() if k not in ("origin", *NOTE_KEYS)},
                          "origins": {**old.get("origins", {}), **{r: here for r in rates}},
                          "sources": {**old.get("sources", {}), **({here: note} if note else {})}}
        factors = {k: dict(v) for k, v in self.campaign_factors.items()}
        for ctype, spec in (data.get("campaign_types") or {}).items():
            factors[ctype] = {**factors.get(ctype, {}), **spec}
        return benchmarks_from_data({"channels": base, "campaign_types": factors, "note": self.note})


def _plain(r: ChannelRates) -> dict[str, Any]:
    out: dict[str, Any] = {name: {"p10": getattr(r, name).p10, "p90": getattr(r, name).p90} for name in RATES}
    out.update(source=dict(r.source), shape=r.shape, origins=dict(r.origins),
               sources={k: dict(v) for k, v in r.sources.items()})
    if r.half_saturation is not None:
        out["half_saturation"] = r.half_saturation
    return out


NOTE_KEYS = ("source", "source_zh", "source_en")


def note_of(spec: Mapping[str, Any]) -> dict[str, str]:
    """Where a channel's numbers come from, per language: ``source`` (any language, ``""``) and
    ``source_zh`` / ``source_en`` for the text in that language."""
    given = spec.get("source")
    if isinstance(given, Mapping):  # already a note (a merged table)
        return {str(k): str(v) for k, v in given.items() if v}
    out = {"": str(given)} if given else {}
    out.update({key[len("source_"):]: str(spec[key]) for key in NOTE_KEYS[1:] if spec.get(key)})
    return out


def note_text(note: Mapping[str, str], language: str | None = None) -> str:
    """The note in ``language`` (default: the current one), else its text in any language."""
    lang = language or get_language()
    return note.get(lang) or note.get("") or next(iter(note.values()), "")


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
            sources = {str(k): v if isinstance(v, Mapping) else {"": str(v)}
                       for k, v in (spec.get("sources") or {}).items()}
            channels[str(name).lower()] = ChannelRates(
                **rates, source=note_of(spec),
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


def sources_of(rates: ChannelRates, language: str | None = None) -> dict[str, str]:
    """Per origin the rates rest on, what its numbers come from, in ``language`` where the note has it."""
    notes = {"benchmark": rates.source} if rates.source else {}
    notes.update({k: v for k, v in rates.sources.items() if v})
    return {k: note_text(v, language) for k, v in notes.items() if any(rates.origin(r) == k for r in RATES)}


def forecast(spends: Sequence[Spend], benchmarks: Benchmarks, *, campaign_type: str | None = None,
             kpis: Sequence[tuple[str, KPI]] = (), draws: int = 20_000, seed: int = 0,
             cpm_factors: Mapping[str, float] | None = None, costs: Sequence[Spend] = ()) -> Forecast:
    """Monte Carlo forecast of ``spends``; the same seed gives the same numbers. A channel's rates are
    drawn once and shared by its lines (two lines on 抖音 pay the same CPM in a draw), so a plan
    forecast line by line and the same money per channel give the same totals. ``cpm_factors``
    (per channel) raise the price of impressions, as in a scenario. ``costs`` buy no impressions
    (production, events …): they count only as spend of the KPIs whose ``spend_categories`` name them."""
    rng = np.random.default_rng(seed)
    per_line: dict[str, dict[str, np.ndarray]] = {}
    drawn: list[tuple[Spend, dict[str, np.ndarray]]] = []
    sums = {m: np.zeros(draws) for m in COUNTS}
    assumed: dict[str, dict[str, Assumption]] = {}
    sources: dict[str, dict[str, str]] = {}
    drawn_rates: dict[str, tuple[np.ndarray, ...]] = {}  # a channel's rates, shared by its lines
    for s in spends:
        if s.channel not in drawn_rates:
            rates = benchmarks.for_channel(s.channel, campaign_type)
            assumed[s.channel] = assumptions_of(rates)
            sources[s.channel] = sources_of(rates)
            if cpm_factors and cpm_factors.get(s.channel, 1.0) != 1.0:
                rates = rates.scaled({"cpm": cpm_factors[s.channel]})
            drawn_rates[s.channel] = tuple(getattr(rates, r).sample(rng, draws) for r in RATES)
        cpm, ctr, cvr, aov = drawn_rates[s.channel]
        impressions = s.amount / cpm * 1000.0
        clicks = impressions * np.minimum(ctr, 1.0)
        conversions = clicks * np.minimum(cvr, 1.0)
        counts = {"impressions": impressions, "clicks": clicks, "conversions": conversions, "gmv": conversions * aov}
        per_line[s.id] = funnel_metrics(s.amount, **counts)
        drawn.append((s, counts))
        for m, v in counts.items():
            sums[m] += v
    spend = math.fsum(s.amount for s in spends)
    total = funnel_metrics(spend, **sums)
    chances = [kpi_chance(oid, kpi, drawn, costs, draws) for oid, kpi in kpis if kpi.target is not None]
    return Forecast(
        lines={lid: {m: Quantiles.of(v) for m, v in ms.items()} for lid, ms in per_line.items()},
        total={m: Quantiles.of(v) for m, v in total.items()} if spends else {},
        kpis=chances, draws=draws, seed=seed, spend=spend, assumptions=assumed, sources=sources,
    )
