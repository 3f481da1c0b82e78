"""The demo's rate card, where each forecast assumption comes from, KPI formatting, and named periods."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aeflow import formatting as fmt
from aeflow.cli.main import app
from aeflow.engines.budget import mix
from aeflow.engines.budget.scenarios import overlap_share, parse_window, period_names, period_window
from aeflow.errors import Invalid
from aeflow.i18n import language
from aeflow.services import budget_mix
from aeflow.storage.yamlfile import load_project_file

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "launch-l3.yaml"
RATES = ROOT / "examples" / "budget" / "rates.yaml"


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    return load_project_file(DEMO)


def _delivered(project, metric: str) -> float:  # type: ignore[no-untyped-def]
    return next(float(m.actual) for m in project.retrospective.metrics if m.metric == metric and not m.channel)


def test_the_rate_card_forecast_agrees_with_what_the_demo_delivered(demo) -> None:  # type: ignore[no-untyped-def]
    fc = budget_mix.project_forecast(demo, budget_mix.load_benchmarks(RATES), draws=5000)
    impressions, roas, ctr = fc.total["impressions"], fc.total["roas"], fc.total["ctr"]
    assert impressions.p10 <= _delivered(demo, "impressions") <= impressions.p90 * 1.05
    assert roas.p10 <= _delivered(demo, "roas") <= roas.p90
    assert ctr.p10 <= _delivered(demo, "ctr") <= ctr.p90
    chance = {k.metric: k.probability for k in fc.kpis}
    assert chance["impressions"] is not None and chance["impressions"] > 0.5


def test_each_assumption_says_where_it_comes_from(demo) -> None:  # type: ignore[no-untyped-def]
    fc = budget_mix.project_forecast(demo, budget_mix.load_benchmarks(RATES), draws=500)
    douyin, kol, xhs = fc.assumptions["douyin"], fc.assumptions["kol"], fc.assumptions["xiaohongshu"]
    assert douyin["cpm"].origin == "rate_card" and douyin["cpm"].p50 == pytest.approx(11.0)
    assert douyin["ctr"].factor == 1.0 and douyin["ctr"].p50 == pytest.approx(0.0127)  # no launch factor on it
    assert kol["cpm"].origin == "benchmark" and kol["ctr"].factor == pytest.approx(1.1)  # launch: CTR ×1.1
    assert xhs["ctr"].origin == "rate_card" and xhs["cvr"].origin == "benchmark"
    assert "rate_card" in fc.sources["douyin"] and "benchmark" in fc.sources["kol"]
    plain = budget_mix.project_forecast(demo, budget_mix.default_benchmarks(), draws=500)
    assert {a.origin for rates in plain.assumptions.values() for a in rates.values()} == {"benchmark"}


def test_a_rates_file_may_declare_its_numbers_measured() -> None:
    bm = budget_mix.default_benchmarks().merged({"origin": "data", "channels": {"douyin": {"cpm": 12}}})
    assert bm.channels["douyin"].origin("cpm") == "data" and bm.channels["douyin"].origin("ctr") == "benchmark"
    with pytest.raises(Invalid):
        budget_mix.default_benchmarks().merged({"origin": "guess", "channels": {"douyin": {"cpm": 12}}})


def test_cli_forecast_formats_targets_and_shows_sources() -> None:
    out = CliRunner().invoke(app, ["--lang", "en", "budget", "forecast", str(DEMO), "--rates", str(RATES),
                                   "--draws", "2000"], env={"COLUMNS": "200"})
    assert out.exit_code == 0, out.output
    assert "e+08" not in out.stdout and ">= 120,000,000" in out.stdout and ">= 1.5%" in out.stdout
    assert "rate card" in out.stdout and "built-in benchmark" in out.stdout
    data = CliRunner().invoke(app, ["budget", "forecast", str(DEMO), "--format", "json", "--draws", "500"])
    fc = __import__("json").loads(data.stdout)
    assert {"lines", "total", "kpis", "draws", "seed", "spend"} <= set(fc)  # the old keys stay
    assert fc["assumptions"]["douyin"]["cpm"]["origin"] == "benchmark"


def test_one_format_per_kind_of_kpi_number() -> None:
    with language("en"):
        assert fmt.kpi_value(0.015, "%") == "1.5%" and fmt.kpi_value(0.0142, "%") == "1.42%"
        assert fmt.kpi_value(2.67533, "x") == "2.68x" and fmt.kpi_value(3.0, "x") == "3.00x"
        assert fmt.kpi_value(24.86, "元") == "24.86元" and fmt.kpi_value(25, "元") == "25.00元"
        assert fmt.kpi_value(120_000_000, "次") == "120,000,000次"
        assert fmt.kpi_value(130_854_204.6, "次") == "130,854,205次"
    with language("zh"):
        assert fmt.kpi_value(120_000_000, "次") == "1.2亿次"


def test_named_periods_have_their_windows() -> None:
    assert period_window("国庆", 2026) == (dt.date(2026, 10, 1), dt.date(2026, 10, 7))
    assert period_window("golden-week", 2026) == period_window("国庆", 2026)
    assert period_window("五一", 2026) == (dt.date(2026, 5, 1), dt.date(2026, 5, 5))
    assert period_window("双12", 2026) == (dt.date(2026, 12, 1), dt.date(2026, 12, 12))
    assert period_window("520", 2026)[1] == dt.date(2026, 5, 20)
    qixi = period_window("七夕", 2026)  # 七夕 2026 is 8月19日
    assert qixi[0] <= dt.date(2026, 8, 19) <= qixi[1]
    new_year = period_window("年货节", 2027)
    assert new_year[1] < period_window("春节", 2027)[1] and new_year[0] < dt.date(2027, 2, 6)
    for name in period_names():
        for year in (2025, 2026, 2027):
            a, b = period_window(name, year)
            assert a <= b and (b - a).days < 60
    assert parse_window("09-28:10-07") == "09-28:10-07"
    assert overlap_share((dt.date(2026, 9, 28), dt.date(2026, 10, 31)), "国庆") == pytest.approx(7 / 34)
    with pytest.raises(Invalid):
        parse_window("国庆节日")


def test_reallocation_keeps_committed_money_that_is_not_spent_yet(demo) -> None:  # type: ignore[no-untyped-def]
    lines = [line.model_copy(update={"committed": Decimal(300_000), "actual": Decimal(120_000)})
             if line.id == "bl-xiaohongshu" else line for line in demo.budget.lines]
    project = demo.model_copy(update={"budget": demo.budget.model_copy(update={"lines": lines})})
    spent = {"xiaohongshu": 120_000.0, "douyin": 851_600.0}
    report = budget_mix.optimise_project(project, budget_mix.default_benchmarks(), floors=spent)
    assert report.result.amounts["xiaohongshu"] >= 300_000 - 1e-6  # ordered, though not spent yet
    assert report.result.amounts["douyin"] >= 851_600 - 1e-6
    reasons = {(h.channel, h.reason) for h in report.holds}
    assert ("douyin", mix.HoldReason.spent) in reasons and ("xiaohongshu", mix.HoldReason.committed) in reasons
