"""The optimiser on named cases: exactness, infeasible input, group caps, the CLI contract."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import minimize
from typer.testing import CliRunner

from aeflow.cli.main import app
from aeflow.engines.budget.curves import HillCurve, tangent_point, value
from aeflow.engines.budget.optimiser import optimise
from aeflow.engines.budget.problem import AllocationProblem, Channel, GroupCap
from aeflow.errors import Invalid
from aeflow.i18n import language


def _concave(n: int, seed: int) -> AllocationProblem:
    rng = np.random.default_rng(seed)
    return AllocationProblem(total=5e6, channels=tuple(
        Channel(name=f"c{i}", curve=HillCurve(float(rng.uniform(1, 4) * 1e6), float(rng.uniform(1, 8) * 1e5),
                                              float(rng.uniform(0.4, 1.0))),
                max=float(rng.uniform(0.5, 2.0) * 1e6))
        for i in range(n)))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_concave_optimum_matches_an_independent_solver_to_1e9(seed: int) -> None:
    problem = _concave(8, seed)
    result = optimise(problem)
    beta = np.array([c.curve.beta for c in problem.channels])
    k = np.array([c.curve.k for c in problem.channels]) / problem.total
    s = np.array([c.curve.s for c in problem.channels])
    hi = np.array([c.max for c in problem.channels]) / problem.total
    res = minimize(lambda x: -value(x, beta, k, s).sum() / beta.sum(), np.minimum(hi, 1 / 8),
                   method="SLSQP", bounds=[(0, h) for h in hi],
                   constraints=[{"type": "eq", "fun": lambda x: x.sum() - 1}],
                   options={"ftol": 1e-15, "maxiter": 1000})
    reference = -res.fun * beta.sum()
    assert result.objective >= reference * (1 - 1e-9)
    assert result.objective == pytest.approx(reference, rel=1e-9)
    assert result.gap <= 1e-12
    assert result.concave


def test_s_curve_envelope_touches_the_curve_at_the_tangent_point() -> None:
    beta, k, s = np.array([1.0]), np.array([1.0]), np.array([3.0])
    a = np.array([0.0])
    tau = tangent_point(a, beta, k, s)
    # the line from (0, 0) to (tau, f(tau)) is tangent there: slope = f(tau)/tau = f'(tau)
    h = 1e-6
    slope = (value(tau + h, beta, k, s) - value(tau - h, beta, k, s)) / (2 * h)
    assert float(value(tau, beta, k, s)[0] / tau[0]) == pytest.approx(float(slope[0]), rel=1e-6)
    # and lies above the curve everywhere
    xs = np.linspace(0, 5, 2001)
    line = np.minimum(xs * value(tau, beta, k, s)[0] / tau[0], 10)
    assert np.all(np.where(xs <= tau[0], line - value(xs, beta, k, s) >= -1e-12, True))


def test_group_cap_binds_and_keeps_the_total() -> None:
    chans = (Channel("kol_a", HillCurve(5e6, 2e5, 1.5)), Channel("kol_b", HillCurve(4e6, 2e5, 1.2)),
             Channel("search", HillCurve(1e6, 5e5, 0.9)))
    problem = AllocationProblem(total=1e6, channels=chans,
                                groups=(GroupCap("kol", ("kol_a", "kol_b"), max_share=0.3),))
    result = optimise(problem)
    kol = result.amounts["kol_a"] + result.amounts["kol_b"]
    assert kol == pytest.approx(3e5, rel=1e-9)
    assert math.fsum(result.amounts.values()) == pytest.approx(1e6, abs=1e-6)
    assert result.gap <= 1e-6


def test_locked_and_committed_money_never_moves() -> None:
    chans = (Channel("tv", HillCurve(1e5, 5e6, 2.0), locked=True, amount=2e5),
             Channel("douyin", HillCurve(5e6, 3e5, 1.8), committed=1e5, max=9e5),
             Channel("xhs", HillCurve(3e6, 2e5, 1.4)))
    result = optimise(AllocationProblem(total=1e6, channels=chans))
    assert result.amounts["tv"] == pytest.approx(2e5, abs=1e-6)
    assert result.amounts["douyin"] >= 1e5 - 1e-6


@pytest.mark.parametrize(("channels", "groups", "total", "code", "words"), [
    ((Channel("抖音", HillCurve(1, 1, 1), min=500, max=300),), (), 1000, "budget_min_above_max",
     ["抖音", "500", "300"]),
    ((Channel("a", HillCurve(1, 1, 1), min=800), Channel("b", HillCurve(1, 1, 1), min=400)), (), 1000,
     "budget_minimums_above_total", ["1,200", "1,000"]),
    ((Channel("a", HillCurve(1, 1, 1), min=-5),), (), 1000, "budget_negative", ["a", "-5"]),
    ((Channel("a", HillCurve(1, 1, 1)),), (GroupCap("kol", ("ghost",), max=10),), 1000,
     "budget_unknown_channel", ["ghost", "kol"]),
    ((Channel("a", HillCurve(1, 1, 1), min=400), Channel("b", HillCurve(1, 1, 1))),
     (GroupCap("kol", ("a",), max_share=0.3),), 1000, "budget_group_below_minimums", ["kol", "300", "400"]),
    ((Channel("a", HillCurve(1, 1, 1), max=300), Channel("b", HillCurve(1, 1, 1), max=200)), (), 1000,
     "budget_maximums_below_total", ["500", "1,000"]),
])
def test_infeasible_input_names_the_channel_and_the_numbers(channels, groups, total, code, words) -> None:  # type: ignore[no-untyped-def]
    with language("en"), pytest.raises(Invalid) as err:
        optimise(AllocationProblem(total=total, channels=channels, groups=groups))
    problem = next(p for p in err.value.problems if p.code == code)
    for word in words:
        assert word in problem.params["default"]


def test_infeasible_messages_are_translated() -> None:
    with language("zh"), pytest.raises(Invalid) as err:
        optimise(AllocationProblem(total=100, channels=(Channel("a", HillCurve(1, 1, 1), min=300, max=200),)))
    assert "最低" in err.value.problems[0].params["default"]


def test_cli_solve_prints_the_json_contract(tmp_path: Path) -> None:
    spec = {"total": 1_000_000, "channels": [
        {"name": "抖音", "curve": {"type": "hill", "beta": 2.5e6, "k": 4e5, "s": 2.2}, "max": 7e5},
        {"name": "小红书", "curve": {"type": "hill", "beta": 1.2e6, "k": 1.5e5, "s": 1.8}, "min": 5e4},
        {"name": "朋友圈", "curve": {"type": "hill", "beta": 9e5, "k": 2e5, "s": 0.8}}]}
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    out = CliRunner().invoke(app, ["budget", "solve", str(path)])
    assert out.exit_code == 0, out.output
    data = json.loads(out.stdout)
    assert set(data) >= {"allocation", "objective", "upper_bound", "gap", "marginal_return"}
    assert math.fsum(data["allocation"].values()) == pytest.approx(1e6, abs=1e-6)
    assert data["upper_bound"] >= data["objective"] and data["gap"] <= 1e-3
    assert data["allocation"]["抖音"] <= 7e5 + 1e-6


def test_cli_solve_rejects_infeasible_input_with_one_line_per_problem(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"total": 100, "channels": [
        {"name": "a", "curve": {"beta": 1, "k": 1, "s": 1}, "min": 300, "max": 200}]}), encoding="utf-8")
    out = CliRunner().invoke(app, ["--lang", "en", "budget", "solve", str(path)])
    assert out.exit_code == 1
    assert "channels[0].min" in out.stderr and "300" in out.stderr and "200" in out.stderr
    assert out.stdout == ""


def test_cli_json_never_contains_infinity(tmp_path: Path) -> None:
    spec = {"total": 1000, "channels": [
        {"name": "a", "curve": {"beta": 1e4, "k": 1e3, "s": 0.5}, "max": 0},  # at 0: f' is infinite
        {"name": "b", "curve": {"beta": 1e4, "k": 1e3, "s": 2.0}}]}
    path = tmp_path / "p.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    out = CliRunner().invoke(app, ["budget", "solve", str(path)])
    assert out.exit_code == 0, out.output

    def strict(name: str) -> None:
        raise AssertionError(f"{name} in JSON")

    data = json.loads(out.stdout, parse_constant=strict)
    assert data["allocation"]["a"] == 0.0 and data["marginal_return"]["a"] > 0
