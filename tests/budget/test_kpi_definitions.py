"""The forecast computes each KPI as the KPI defines it (channels, outcome channels, spend
categories), the same plan gives the same funnel in forecast and optimize, and every shown text is
in the user's language."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.domain.brief import KPI
from aeflow.domain.budget import CostCategory
from aeflow.domain.common import Comparison
from aeflow.engines.budget import mix
from aeflow.engines.budget.funnel import Spend, benchmarks_from_data, forecast, sources_of
from aeflow.i18n import language
from aeflow.services import budget_mix
from aeflow.storage.yamlfile import load_project_file

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "launch-l3.yaml"
RATES = ROOT / "examples" / "budget" / "rates.yaml"

POINT = benchmarks_from_data({"channels": {  # no uncertainty: the arithmetic can be checked exactly
    "douyin": {"cpm": 40, "ctr": 0.02, "cvr": 0.05, "aov": 100},
    "tmall": {"cpm": 50, "ctr": 0.04, "cvr": 0.25, "aov": 60},
    "default": {"cpm": 100, "ctr": 0.01, "cvr": 0.01, "aov": 100},
}})


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    return load_project_file(DEMO)


def _kpi(fc, objective: str):  # type: ignore[no-untyped-def]
    return next(k for k in fc.kpis if k.objective == objective)


def test_the_l3_cpa_forecast_counts_tmall_orders_only(demo) -> None:  # type: ignore[no-untyped-def]
    fc = budget_mix.project_forecast(demo, budget_mix.load_benchmarks(RATES), draws=4000)
    cpa = _kpi(fc, "obj-cpa")
    assert cpa.scope == {"spend": [], "conversions": ["tmall"]} and cpa.spend_categories == ["media", "kol"]
    tmall = [line.id for line in demo.budget.lines if line.channel == "tmall" and line.category in mix.OPTIMISED]
    orders = sum(fc.lines[i]["conversions"].p50 for i in tmall)  # a channel's lines share its rates
    assert cpa.forecast.p50 == pytest.approx(fc.spend / orders, rel=2e-3)  # media and KOL spend ÷ Tmall orders
    everywhere = fc.spend / fc.total["conversions"].p50
    assert cpa.forecast.p50 > 1.3 * everywhere  # not the 30元 of every channel's "conversions"
    first = _kpi(fc, "obj-first-purchase")  # a count on the KPI's channel
    assert first.forecast.p50 == pytest.approx(orders, rel=2e-3)


def test_spend_counts_the_cost_categories_the_kpi_names() -> None:
    lines = [Spend("m", "douyin", 40_000, "media"), Spend("k", "douyin", 60_000, "kol"),
             Spend("t", "tmall", 50_000, "media")]
    costs = [Spend("p", "douyin", 10_000, "production")]
    kpis = [
        ("media", KPI(metric="cpa", target=50, unit="元", comparison=Comparison.le)),
        ("both", KPI(metric="cpa", target=50, unit="元", comparison=Comparison.le,
                     spend_categories=[CostCategory.media, CostCategory.kol, CostCategory.production])),
        ("tmall", KPI(metric="roas", target=2, unit="x", outcome_channels=["tmall"])),
        ("on-douyin", KPI(metric="cpm", target=50, unit="元", channel="Douyin", comparison=Comparison.le)),
        ("none", KPI(metric="cpa", target=50, unit="元", outcome_channels=["jd"])),
    ]
    fc = forecast(lines, POINT, kpis=kpis, costs=costs, draws=50)
    # conversions: douyin 100,000 yuan → 2,500,000 impressions → 50,000 clicks → 2,500; tmall 1,000,000 → 40,000 → 10,000
    got = {k.objective: k.forecast.p50 if k.forecast else None for k in fc.kpis}
    assert got["media"] == pytest.approx(90_000 / 12_500)
    assert got["both"] == pytest.approx(160_000 / 12_500)  # KOL fees and production count when named
    assert got["tmall"] == pytest.approx(10_000 * 60 / 90_000)  # Tmall's GMV over all media spend
    assert got["on-douyin"] == pytest.approx(40_000 / 2_500_000 * 1000)  # douyin's media only, name as written
    assert got["none"] is None and _kpi(fc, "none").probability is None  # no line on the KPI's channels
    assert _kpi(fc, "media").probability == 1.0 and _kpi(fc, "both").probability == 1.0


def test_the_same_plan_gives_the_same_funnel_in_forecast_and_optimize(demo) -> None:  # type: ignore[no-untyped-def]
    bm = budget_mix.default_benchmarks()
    by_line = budget_mix.project_forecast(demo, bm, draws=3000, seed=3)
    by_channel = budget_mix.project_forecast(demo, bm, amounts=mix.current_amounts(demo), draws=3000, seed=3)
    for metric in ("impressions", "conversions", "gmv", "roas"):
        assert by_channel.total[metric].p50 == pytest.approx(by_line.total[metric].p50, rel=1e-9), metric
    assert [k.probability for k in by_channel.kpis] == pytest.approx([k.probability for k in by_line.kpis])


def test_optimize_labels_the_curves_value_and_shows_the_funnels(demo) -> None:  # type: ignore[no-untyped-def]
    out = CliRunner().invoke(app, ["budget", "optimize", str(DEMO), "--format", "json"])
    assert out.exit_code == 0, out.output
    import json

    data = json.loads(out.output)
    fc = budget_mix.project_forecast(demo, budget_mix.default_benchmarks())
    assert data["plan"]["funnel"]["p50"] == pytest.approx(fc.total["gmv"].p50)  # forecast's GMV, same plan
    assert data["plan"]["objective"] != pytest.approx(data["plan"]["funnel"]["p50"], rel=0.05)  # two models
    text = CliRunner().invoke(app, ["--lang", "zh", "budget", "optimize", str(DEMO)], env={"COLUMNS": "200"}).output
    assert "（响应曲线）" in text and "（漏斗预测）" in text
    assert "抖音" in text and "天猫" in text and not re.search(r"│ (douyin|tmall|kol) ", text)
    assert "(revenue)" not in text and "(impressions)" not in text and "(曝光)" in text


def test_forecast_output_is_chinese_in_chinese(demo) -> None:  # type: ignore[no-untyped-def]
    out = CliRunner().invoke(app, ["--lang", "zh", "budget", "forecast", str(DEMO), "--rates", str(RATES)],
                             env={"COLUMNS": "200"}).output
    notes = [line for line in out.splitlines() if " · " in line]
    assert notes and all(not re.search(r"[A-Za-z]{4,}", n.replace("CPM", "")) for n in notes), notes
    assert "单次转化成本口径：花费 = 全渠道的媒介投放、达人合作；转化 = 天猫" in out
    assert "impressions >=" not in out and "曝光" in out


def test_every_built_in_source_has_both_languages() -> None:
    for name, rates in budget_mix.default_benchmarks().channels.items():
        with language("zh"):
            zh = sources_of(rates)["benchmark"]
        with language("en"):
            en = sources_of(rates)["benchmark"]
        assert zh != en and re.search(r"[\u4e00-\u9fff]", zh), name
        assert not re.search(r"[A-Za-z]{5,}", re.sub(r"TopView|Google|Meta|Facebook|Instagram|TikTok|kol", "", zh))
    card = budget_mix.load_benchmarks(RATES).channels["douyin"]
    with language("en"):
        assert "framework" in sources_of(card)["rate_card"]
    with language("zh"):
        assert "框架价" in sources_of(card)["rate_card"]
    assert not math.isnan(card.cpm.median)


def test_counts_read_in_wan_with_at_most_one_decimal() -> None:
    from aeflow import formatting as fmt

    with language("zh"):
        assert fmt.kpi_value(51_122_149, "次") == "5,112.2万次" and fmt.kpi_value(60_000, "单") == "6万单"
        assert fmt.kpi_value(130_854_204.6, "次") == "1.3亿次" and fmt.count(9_876.4) == "9,876"
    with language("en"):
        assert fmt.kpi_value(51_122_149, "次") == "51,122,149次"
