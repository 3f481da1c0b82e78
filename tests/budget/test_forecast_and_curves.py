"""Funnel forecast, response curves (derived, fitted, imported) and scenarios."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aeflow.domain.brief import KPI
from aeflow.domain.common import Comparison
from aeflow.engines.budget import responses
from aeflow.engines.budget.curves import HillCurve
from aeflow.engines.budget.funnel import Rate, Spend, benchmarks_from_data, forecast
from aeflow.engines.budget.scenarios import Inflation, Scenario, cpm_factors, overlap_share, period_window
from aeflow.errors import Invalid
from aeflow.services.budget_mix import curves_from_csv, default_benchmarks

FIXED = benchmarks_from_data({"channels": {
    "douyin": {"cpm": 40, "ctr": 0.02, "cvr": 0.05, "aov": 100},
    "default": {"cpm": {"p10": 20, "p90": 80}, "ctr": {"p50": 0.01, "spread": 2}, "cvr": 0.01, "aov": 100},
}, "campaign_types": {"promotion": {"cpm": 1.5}}})


def test_point_rates_give_the_funnel_arithmetic() -> None:
    fc = forecast([Spend("a", "douyin", 40_000)], FIXED, draws=200)
    m = fc.lines["a"]
    assert m["impressions"].p50 == pytest.approx(1_000_000)
    assert m["clicks"].p50 == pytest.approx(20_000)
    assert m["conversions"].p50 == pytest.approx(1_000)
    assert m["gmv"].p50 == pytest.approx(100_000)
    assert m["roas"].p50 == pytest.approx(2.5)
    assert m["roi"].p50 == pytest.approx(1.5)


def test_campaign_type_factors_apply() -> None:
    fc = forecast([Spend("a", "douyin", 60_000)], FIXED, campaign_type="promotion", draws=100)
    assert fc.lines["a"]["cpm"].p50 == pytest.approx(60.0)


def test_lognormal_rate_hits_its_p10_and_p90() -> None:
    rate = Rate(20.0, 80.0)
    draws = rate.sample(np.random.default_rng(1), 200_000)
    p10, p90 = np.percentile(draws, [10, 90])
    assert p10 == pytest.approx(20.0, rel=0.02) and p90 == pytest.approx(80.0, rel=0.02)


def test_forecast_is_reproducible_and_quantiles_are_ordered() -> None:
    spends = [Spend("a", "douyin", 1e5), Spend("b", "weibo", 2e5)]
    one = forecast(spends, FIXED, seed=7, draws=5000)
    two = forecast(spends, FIXED, seed=7, draws=5000)
    assert one == two
    for q in one.total.values():
        assert q.p10 <= q.p50 <= q.p90


def test_kpi_probabilities_follow_the_target() -> None:
    spends = [Spend("a", "weibo", 1e5)]
    easy = KPI(metric="impressions", target=1.0, unit="次")
    hard = KPI(metric="impressions", target=1e12, unit="次")
    ctr = KPI(metric="ctr", target=0.01, unit="%", comparison=Comparison.ge)  # fractions, shown as %
    odd = KPI(metric="attendance", target=100, unit="人")
    fc = forecast(spends, FIXED, kpis=[("e", easy), ("h", hard), ("c", ctr), ("o", odd)], draws=4000)
    by = {k.objective: k for k in fc.kpis}
    assert by["e"].probability == 1.0 and by["h"].probability == 0.0
    assert 0.35 < (by["c"].probability or 0) < 0.65  # the median CTR is the target
    assert by["o"].probability is None


def test_shipped_table_loads_and_covers_the_common_channels() -> None:
    table = default_benchmarks()
    for ch in ("douyin", "xiaohongshu", "wechat", "tmall", "kol", "offline", "weibo", "default"):
        assert ch in table.channels and table.channels[ch].source
    assert table.for_channel("wechat-channels").cpm == table.channels["wechat"].cpm  # falls back to the parent


def test_bad_benchmark_table_names_the_channel() -> None:
    with pytest.raises(Invalid) as err:
        benchmarks_from_data({"channels": {"douyin": {"cpm": -1, "ctr": 0.01, "cvr": 0.01}}})
    text = " ".join(p.params["default"] for p in err.value.problems)
    assert "douyin" in text and "aov" in text


def test_derived_curve_returns_the_benchmark_rate_at_half_saturation() -> None:
    rates = FIXED.for_channel("douyin")
    curve = responses.derived_curve(rates, "revenue", half_saturation=5e5)
    assert curve.value(5e5) / 5e5 == pytest.approx(2.5)  # GMV per yuan at benchmark rates
    reach = responses.derived_curve(rates, "reach", half_saturation=5e5)
    assert reach.value(5e5) / 5e5 == pytest.approx(25.0)  # impressions per yuan


@settings(max_examples=15, deadline=None)
@given(st.floats(0.5, 3.0), st.floats(0.5, 2.5), st.integers(0, 1000))
def test_fit_recovers_a_curve_from_clean_history(k: float, s: float, seed: int) -> None:
    rng = np.random.default_rng(seed)
    true = HillCurve(beta=1000.0, k=k * 1e4, s=s)
    spend = rng.uniform(0.1, 4.0, 90) * 1e4
    outcome = np.array([true.value(x) for x in spend]) * (1 + 0.01 * rng.standard_normal(90))
    fit = responses.fit_history(spend, outcome, channel="douyin")
    assert fit.r2 > 0.95
    for x in (0.5e4, 1e4, 3e4):
        assert fit.curve.value(x) == pytest.approx(true.value(x), rel=0.05, abs=5.0)


def test_fit_warns_when_the_data_cannot_identify_the_curve() -> None:
    rng = np.random.default_rng(3)
    spend = 1e4 * (1 + 0.01 * rng.standard_normal(30))  # spend barely moves
    outcome = 50 + rng.standard_normal(30)
    fit = responses.fit_history(spend, outcome, channel="weibo")
    assert fit.warnings and all("weibo" in w for w in fit.warnings)


def test_fit_with_adstock_recovers_the_carry_over() -> None:
    rng = np.random.default_rng(5)
    spend = rng.uniform(0, 3e4, 120)
    carried = responses.adstock(spend, 0.5)
    outcome = np.array([HillCurve(2000.0, 3e4, 1.3).value(a) for a in carried])
    fit = responses.fit_history(spend, outcome, with_adstock=True)
    assert fit.decay == pytest.approx(0.5, abs=0.05) and fit.r2 > 0.99


def test_imported_curves_follow_the_documented_mapping() -> None:
    text = ("channel,source,alpha,gamma,coef,x_min,x_max,slope,kappa,beta,channel_scale,target_scale,periods,decay\n"
            "douyin,robyn,2.0,0.5,1000,0,20000,,,,,,4,0.3\n"
            "xhs,pymc_hill,,,,,,1.5,0.4,0.8,50000,200000,,\n")
    curves = curves_from_csv(text)
    # Robyn: k = gammaTrans = 0.5 * 20000 = 10000 per period; flight of 4 periods with decay 0.3
    assert curves["douyin"] == HillCurve(beta=4000.0, k=10000 * 4 * 0.7, s=2.0)
    assert curves["xhs"].k == pytest.approx(0.4 * 50000) and curves["xhs"].beta == pytest.approx(0.8 * 200000)


def test_logistic_import_is_close_to_the_original() -> None:
    curve, err = responses.from_pymc_logistic(lam=2.0, beta=1.0)
    assert err < 0.05
    x = 0.7
    assert curve.value(x) == pytest.approx((1 - math.exp(-2 * x)) / (1 + math.exp(-2 * x)), abs=0.05)


def test_bad_curve_rows_are_located() -> None:
    with pytest.raises(Invalid) as err:
        curves_from_csv("channel,source,beta,k\ndouyin,hill,1,2\n", "c.csv")
    assert err.value.problems[0].line == 2 and err.value.problems[0].file == "c.csv"


def test_named_periods_and_overlap() -> None:
    assert period_window("双11", 2026) == (dt.date(2026, 10, 20), dt.date(2026, 11, 11))
    start, end = period_window("春节", 2027)
    assert start < dt.date(2027, 2, 6) < end
    flight = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert overlap_share(flight, "双11") == pytest.approx(11 / 30)
    factors = cpm_factors(Scenario("s", inflation=(Inflation("双11", 1.3, ("douyin",)),)), flight, ["douyin", "jd"])
    assert factors["douyin"] == pytest.approx(1 + 0.3 * 11 / 30) and factors["jd"] == 1.0
    assert overlap_share((dt.date(2026, 7, 1), dt.date(2026, 7, 31)), "618") == 0.0
