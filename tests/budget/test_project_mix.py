"""The project's mix: optimise, compare, scenarios, accept into budget lines, and the CLI contract."""

from __future__ import annotations

import json
import math
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.engines.budget import mix
from aeflow.engines.budget.scenarios import Inflation, Scenario
from aeflow.services import budget_mix, projects
from aeflow.storage.yamlfile import load_project_file

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "launch-l3.yaml"


@pytest.fixture(scope="module")
def demo():  # type: ignore[no-untyped-def]
    return load_project_file(DEMO)


def test_optimised_mix_beats_the_plan_keeps_committed_money_and_the_total(demo) -> None:  # type: ignore[no-untyped-def]
    report = budget_mix.optimise_project(demo, budget_mix.default_benchmarks(), caps={"kol": 0.3})
    plans = {p.channel: p for p in mix.channel_plans(demo)}
    assert report.optimised.objective >= report.plan.objective
    assert math.fsum(report.result.amounts.values()) == pytest.approx(sum(p.planned for p in plans.values()))
    for ch, p in plans.items():
        assert report.result.amounts[ch] >= p.committed - 1e-6  # signed contracts never move
    assert report.result.amounts["kol"] <= 0.3 * report.total + 1e-6
    band = report.optimised.band
    assert band.p10 <= band.p50 <= band.p90 and band.p50 == pytest.approx(report.optimised.objective)


def test_double11_cpm_scenario_lowers_the_plan_and_reallocation_recovers_some(demo) -> None:  # type: ignore[no-untyped-def]
    scenario = Scenario("双11 +30%", inflation=(Inflation("双11", 1.3),))
    report = budget_mix.optimise_project(demo, budget_mix.default_benchmarks(), scenario=scenario)
    assert report.scenario is not None
    assert report.scenario.objective < report.plan.objective  # dearer impressions, same money
    assert report.optimised.objective >= report.scenario.objective


def _preflight(project):  # type: ignore[no-untyped-def]
    """The demo before anything was ordered: only the TopView day is under a signed contract."""
    lines = [line.model_copy(update={"committed": Decimal(0), "actual": Decimal(0),
                                     "contract_signed": line.id == "bl-douyin-topview"})
             if line.category in mix.OPTIMISED else line for line in project.budget.lines]
    return project.model_copy(update={"budget": project.budget.model_copy(update={"lines": lines})})


def test_budget_cut_and_lost_channel(demo) -> None:  # type: ignore[no-untyped-def]
    early = _preflight(demo)
    base = budget_mix.optimise_project(early, budget_mix.default_benchmarks())
    cut = budget_mix.optimise_project(early, budget_mix.default_benchmarks(),
                                      scenario=Scenario("cut", budget_cut=0.2, lost=("weibo",)))
    assert "weibo" not in cut.result.amounts
    assert cut.total == pytest.approx((base.total - 0) * 0.8)
    assert cut.optimised.objective < base.optimised.objective
    assert not cut.notes


def test_the_plan_under_the_scenario_takes_the_cut_from_free_money(demo) -> None:  # type: ignore[no-untyped-def]
    early = _preflight(demo)
    report = budget_mix.optimise_project(early, budget_mix.default_benchmarks(), scenario=Scenario("cut", budget_cut=0.1))
    assert report.scenario is not None
    seen = report.scenario.amounts
    assert math.fsum(seen.values()) == pytest.approx(0.9 * math.fsum(report.plan.amounts.values()))
    assert seen["douyin"] >= 300_000 - 1e-6  # the signed TopView day is not cut
    assert seen["tmall"] < report.plan.amounts["tmall"]
    assert report.scenario.objective < report.plan.objective


def test_a_cut_beyond_the_free_money_is_limited_and_says_so(demo) -> None:  # type: ignore[no-untyped-def]
    report = budget_mix.optimise_project(demo, budget_mix.default_benchmarks(), scenario=Scenario("cut", budget_cut=0.1))
    floor = math.fsum(p.floor for p in mix.channel_plans(demo))
    assert report.total == pytest.approx(floor)  # everything the demo bought is committed
    assert report.scenario is not None and math.fsum(report.scenario.amounts.values()) == pytest.approx(floor)
    assert report.notes and "10%" in report.notes[0]


def test_committed_money_is_a_lower_bound_and_signed_lines_stay(demo) -> None:  # type: ignore[no-untyped-def]
    l1 = load_project_file(ROOT / "examples" / "launch-l1.yaml")
    report = budget_mix.optimise_project(l1, budget_mix.default_benchmarks())
    lines = {line.id: line for line in l1.budget.lines}
    amounts = report.result.amounts
    assert amounts["xiaohongshu"] >= float(lines["bl-xiaohongshu"].committed) - 1e-6  # 348,600 ordered
    assert amounts["kol"] >= float(lines["bl-kol"].committed) - 1e-6  # 446,000 booked
    assert amounts["douyin"] == pytest.approx(800_000) and amounts["wechat"] == pytest.approx(400_000)
    floor = math.fsum(float(mix.line_floor(x)) for x in l1.budget.lines if x.category in mix.OPTIMISED)
    assert report.free == pytest.approx(report.total - floor)  # only 5,400 can move
    held = {h.line: h for h in report.holds}
    assert held["bl-xiaohongshu"].reason == mix.HoldReason.committed
    assert held["bl-douyin-media"].reason == mix.HoldReason.contract
    assert held["bl-kol"].amount == 446_000


def test_accepting_keeps_signed_lines_and_commitments_on_their_lines(demo) -> None:  # type: ignore[no-untyped-def]
    report = budget_mix.optimise_project(demo, budget_mix.default_benchmarks(), caps={"kol": 0.3})
    updated = mix.apply_allocation(demo, mix.to_cents(report.result.amounts, report.total))
    before = {line.id: line for line in demo.budget.lines}
    for line in updated.budget.lines:
        if line.category in mix.OPTIMISED:
            old = before[line.id]
            assert line.planned >= old.committed
            if old.contract_signed:
                assert line.planned == old.planned


def test_cents_add_up_exactly() -> None:
    amounts = {"a": 1 / 3 * 1e6, "b": 1 / 3 * 1e6, "c": 1 / 3 * 1e6}
    cents = mix.to_cents(amounts, 1e6)
    assert sum(cents.values()) == Decimal("1000000.00")


def test_accepting_an_allocation_writes_lines_with_a_history_entry(db, demo) -> None:  # type: ignore[no-untyped-def]
    projects.import_project(db, demo, author="test")
    report = budget_mix.optimise_project(demo, budget_mix.default_benchmarks(), caps={"kol": 0.3})
    version = budget_mix.accept(db, demo.id, report, author="王敏")
    stored, current = projects.load(db, demo.id)
    assert current == version and version > 1
    by_channel: dict[str, Decimal] = {}
    for line in stored.budget.lines:
        if line.category in mix.OPTIMISED:
            by_channel[line.channel] = by_channel.get(line.channel, Decimal(0)) + line.planned
            if line.contract_signed:
                assert line.planned >= line.committed
    expected = mix.to_cents(report.result.amounts, report.total)
    assert by_channel == {k: v for k, v in expected.items()}
    entry = next(e for e in projects.history(db, demo.id) if e.version == version)
    assert entry.author == "王敏" and "revenue" in entry.reason
    assert entry.changes and all(c.path.startswith("budget.lines") for c in entry.changes)


def _run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(app, ["--lang", "en", "budget", *args])


def test_cli_optimize_json_contract() -> None:
    out = _run("optimize", str(DEMO), "--cap", "kol=0.3", "--objective", "conversions", "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert {"allocation", "marginal_return", "predicted", "plan", "change", "gap", "kpis", "held", "free"} <= set(data)
    assert data["predicted"]["p10"] <= data["predicted"]["p50"] <= data["predicted"]["p90"]
    assert math.fsum(data["change"].values()) == pytest.approx(0.0, abs=1e-3)


def test_cli_scenario_and_forecast() -> None:
    out = _run("scenario", str(DEMO), "--cpm", "双11=1.3", "--format", "json")
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert data["plan_under_scenario"]["objective"] < data["plan"]["objective"]
    out = _run("forecast", str(DEMO), "--format", "json", "--draws", "2000")
    assert out.exit_code == 0, out.output
    fc = json.loads(out.stdout)
    assert fc["total"]["gmv"]["p10"] <= fc["total"]["gmv"]["p90"]
    assert any(k["probability"] is None for k in fc["kpis"])  # attendance is not a funnel metric


def test_cli_bad_cap_and_period_are_usage_errors() -> None:
    assert _run("optimize", str(DEMO), "--cap", "kol").exit_code == 2
    out = _run("scenario", str(DEMO), "--cpm", "国庆节日=1.2")
    assert out.exit_code == 1 and "国庆节日" in out.stderr and "国庆" in out.stderr.replace("国庆节日", "")


def test_cli_scenario_accepts_national_day_and_month_day_ranges() -> None:
    golden = _run("scenario", str(DEMO), "--cpm", "国庆=1.2", "--format", "json")
    assert golden.exit_code == 0, golden.output
    same = _run("scenario", str(DEMO), "--cpm", "10-01:10-07=1.2", "--format", "json")
    assert same.exit_code == 0, same.output
    a, b = json.loads(golden.stdout), json.loads(same.stdout)
    assert a["plan_under_scenario"]["objective"] < a["plan"]["objective"]  # the flight runs through 国庆
    assert a["plan_under_scenario"]["objective"] == pytest.approx(b["plan_under_scenario"]["objective"])


def test_curves_fitted_to_the_demo_platform_data(db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from aeflow.services.demo import load_demo

    demos = load_demo(db, None, author="test", data_dir=tmp_path)
    l3 = next(d.project for d in demos if d.project.level.value == 3)
    fits = budget_mix.fit_project(tmp_path, l3)
    assert fits["douyin"].r2 > 0.8 and fits["douyin"].identified
    assert not fits["offline"].identified  # four days of a pop-up cannot identify a curve
    curves = budget_mix.fitted_curves(fits, l3)
    assert "douyin" in curves and "offline" not in curves
    report = budget_mix.optimise_project(l3, budget_mix.default_benchmarks(), curves=curves)
    assert report.optimised.objective >= report.plan.objective


def test_midflight_reallocation_never_moves_spent_or_committed_money(demo) -> None:  # type: ignore[no-untyped-def]
    spent = {"douyin": 600_000.0, "tmall": 100_000.0}
    report = budget_mix.optimise_project(demo, budget_mix.default_benchmarks(), floors=spent)
    plans = {p.channel: p for p in mix.channel_plans(demo)}
    for ch, p in plans.items():
        assert report.result.amounts[ch] >= max(p.committed, spent.get(ch, 0.0)) - 1e-6
    assert report.optimised.objective >= report.plan.objective


def test_cli_reallocate_without_platform_data_uses_line_actuals(tmp_path: Path) -> None:
    out = CliRunner().invoke(app, ["--lang", "en", "--data-dir", str(tmp_path), "budget", "reallocate", str(DEMO),
                                   "--format", "json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    demo = load_project_file(DEMO)
    actual = {}
    for line in demo.budget.lines:
        if line.category in mix.OPTIMISED:
            actual[line.channel] = actual.get(line.channel, 0.0) + float(line.actual)
    assert data["spent"] == pytest.approx(actual)
    for ch, amount in data["allocation"].items():
        assert amount >= actual[ch] - 1e-6
    assert data["expected_gain"]["p50"] >= -1e-6


def test_demo_budget_files_feed_the_optimiser(demo) -> None:  # type: ignore[no-untyped-def]
    folder = ROOT / "examples" / "budget"
    out = _run("optimize", str(DEMO), "--curves", str(folder / "robyn-curves.csv"), "--rates",
               str(folder / "rates.yaml"), "--cap", "kol=0.3", "--format", "json")
    assert out.exit_code == 0, out.output
    report = budget_mix.optimise_project(_preflight(demo), budget_mix.load_benchmarks(folder / "rates.yaml"),
                                         curves=budget_mix.load_curves(folder / "robyn-curves.csv"), caps={"kol": 0.3})
    lower = {p.channel: p.floor for p in mix.channel_plans(_preflight(demo))}
    free = [ch for ch in ("xiaohongshu", "wechat", "tmall") if report.result.amounts[ch] > lower[ch] + 1.0]
    marg = [report.result.marginal[ch] for ch in free]
    assert len(free) >= 2 and max(marg) == pytest.approx(min(marg), rel=1e-6)
