"""Property tests of the channel-mix optimiser: constraints, monotonicity, optimality, certificates."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aeflow.engines.budget.curves import HillCurve
from aeflow.engines.budget.optimiser import Allocation, optimise
from aeflow.engines.budget.problem import AllocationProblem, Channel, GroupCap, check
from aeflow.errors import Invalid

TOTAL = 1_000_000.0
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


@st.composite
def problems(draw: st.DrawFn, *, concave: bool | None = None, max_channels: int = 6,
             groups: bool = True, total: float = TOTAL) -> AllocationProblem:
    n = draw(st.integers(1, max_channels))
    per = total / n
    if concave is True:
        shape = st.floats(0.3, 1.0)
    elif concave is False:
        shape = st.floats(1.05, 4.0)
    else:
        shape = st.floats(0.3, 4.0)
    chans = []
    for i in range(n):
        beta = draw(st.floats(0.2, 5.0)) * per
        k = draw(st.floats(0.05, 3.0)) * per
        lo = draw(st.sampled_from([0.0, 0.0, draw(st.floats(0.0, 0.6)) * per]))
        hi = draw(st.sampled_from([math.inf, lo + draw(st.floats(0.2, 3.0)) * per]))
        committed = draw(st.sampled_from([0.0, 0.0, 0.0, min(hi, draw(st.floats(0.0, 0.5)) * per)]))
        locked = n > 1 and draw(st.integers(0, 9)) == 0
        amount = lo + (min(hi, lo + per) - lo) * draw(st.floats(0, 1)) if locked else None
        if locked:
            amount = max(amount or 0.0, committed)
        chans.append(Channel(name=f"c{i}", curve=HillCurve(beta, k, draw(shape)), min=lo, max=hi,
                             committed=committed, locked=locked, amount=amount))
    caps: tuple[GroupCap, ...] = ()
    if groups and n >= 2 and draw(st.booleans()):
        members = draw(st.lists(st.sampled_from([c.name for c in chans]), min_size=1, max_size=n, unique=True))
        caps = (GroupCap(name="kol", channels=tuple(members), max_share=draw(st.floats(0.05, 0.9))),)
    problem = AllocationProblem(total=total, channels=tuple(chans), groups=caps)
    try:
        check(problem)
    except Invalid:
        assume(False)
    return problem


def _assert_feasible(problem: AllocationProblem, result: Allocation) -> None:
    tol = 1e-9 * problem.total
    x = result.amounts
    assert set(x) == {c.name for c in problem.channels}
    assert math.fsum(x.values()) == pytest.approx(problem.total, abs=1e-6)
    for c in problem.channels:
        assert x[c.name] >= c.min - tol
        assert x[c.name] <= c.max + tol
        assert x[c.name] >= c.committed - tol
        if c.locked:
            assert x[c.name] == pytest.approx(c.fixed_amount, abs=tol)
    for g in problem.groups:
        assert math.fsum(x[n] for n in g.channels) <= g.cap(problem.total) + tol


@SETTINGS
@given(problems())
def test_allocations_satisfy_every_constraint(problem: AllocationProblem) -> None:
    result = optimise(problem)
    _assert_feasible(problem, result)
    assert result.upper_bound >= result.objective
    assert 0.0 <= result.gap <= 1e-3


@SETTINGS
@given(problems(total=TOTAL), st.floats(0.001, 0.5))
def test_adding_budget_never_lowers_the_objective(problem: AllocationProblem, more: float) -> None:
    bigger = AllocationProblem(total=problem.total * (1 + more), channels=problem.channels,
                               groups=problem.groups)
    try:
        check(bigger)
    except Invalid:
        assume(False)
    small, large = optimise(problem), optimise(bigger)
    # certified: large >= (1 - gap) * optimum(bigger) >= (1 - gap) * optimum(problem) >= (1 - gap) * small
    assert large.objective >= small.objective * (1 - large.gap) - 1e-9 * small.objective


@SETTINGS
@given(problems(concave=True, groups=False))
def test_concave_optimum_equalises_marginal_returns_of_unbounded_channels(problem: AllocationProblem) -> None:
    result = optimise(problem)
    assert result.gap <= 1e-9
    tol = 1e-7 * problem.total
    free = [c.name for c in problem.channels
            if not c.locked and result.amounts[c.name] > c.lower + tol and result.amounts[c.name] < c.upper - tol]
    assume(len(free) >= 2)
    marg = [result.marginal[n] for n in free]
    assert max(marg) == pytest.approx(min(marg), rel=1e-9)
    # bounded channels are on the right side of the multiplier (KKT)
    lam = float(np.mean(marg))
    for c in problem.channels:
        if c.locked or c.name in free or c.upper - c.lower <= tol:
            continue
        if result.amounts[c.name] <= c.lower + tol:
            assert result.marginal[c.name] <= lam * (1 + 1e-6)
        elif result.amounts[c.name] >= c.upper - tol:
            assert result.marginal[c.name] >= lam * (1 - 1e-6)


def _grid_best(problem: AllocationProblem, points: int) -> float:
    """Brute force: the best objective over a grid of feasible allocations (2 or 3 channels)."""
    chans = problem.channels
    lo = np.array([c.lower for c in chans])
    hi = np.minimum(np.array([c.upper for c in chans]), problem.total)
    grids = [np.linspace(lo[i], max(lo[i], hi[i]), points) for i in range(len(chans) - 1)]
    mesh = np.meshgrid(*grids, indexing="ij")
    xs = [m.ravel() for m in mesh]
    last = problem.total - sum(xs)
    xs.append(last)
    x = np.vstack(xs)
    ok = (x[-1] >= lo[-1] - 1e-9) & (x[-1] <= hi[-1] + 1e-9)
    for g in problem.groups:
        idx = [i for i, c in enumerate(chans) if c.name in g.channels]
        ok &= x[idx].sum(axis=0) <= g.cap(problem.total) + 1e-6
    total = np.zeros(x.shape[1])
    for i, c in enumerate(chans):
        total += np.array([c.curve.value(v) for v in x[i]])
    return float(total[ok].max()) if ok.any() else -math.inf


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(problems(max_channels=3, total=TOTAL))
def test_certificate_is_valid_against_brute_force(problem: AllocationProblem) -> None:
    assume(len(problem.channels) >= 2)
    result = optimise(problem)
    grid = _grid_best(problem, 400 if len(problem.channels) == 2 else 90)
    assume(math.isfinite(grid))
    assert result.upper_bound >= grid * (1 - 1e-12)  # the bound really bounds the optimum
    # and the certificate holds: objective >= (1 - gap) * bound >= (1 - gap) * optimum >= (1 - gap) * grid
    assert result.objective >= grid * (1 - result.gap) - 1e-9 * abs(grid)
