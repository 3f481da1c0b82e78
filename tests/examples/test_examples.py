"""The built-in demo case (examples/launch-l1.yaml, examples/launch-l3.yaml): it loads, it is the
same campaign at two depths, it follows the file conventions, it survives a round-trip, and — as a
finished campaign — it is closed out: every item and promise settled, every objective reported in the
retrospective, clean under the pitfall checker on any day after the flight."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

import holidays
import pytest

from aeflow.domain import CommitmentStatus, Level, Project, RiskStatus, Stage, Status
from aeflow.domain.lintconfig import Severity
from aeflow.services.review import lint_project, project_readiness, project_trace
from aeflow.storage.yamlfile import dump_project, load_project_file, parse_project_text

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
L1 = EXAMPLES / "launch-l1.yaml"
L3 = EXAMPLES / "launch-l3.yaml"
FILES = [L1, L3]
HIGH_RISK_SCORE = 12
CROSS_CHANNEL_BUDGET = "all"  # a budget line that belongs to no single channel (the reserve)
FUNNEL = ["awareness", "interest", "consideration", "purchase", "loyalty"]


@pytest.fixture(scope="module")
def l1() -> Project:
    return load_project_file(L1)


@pytest.fixture(scope="module")
def l3() -> Project:
    return load_project_file(L3)


def test_levels(l1: Project, l3: Project) -> None:
    assert l1.level == Level.L1
    assert l3.level == Level.L3
    assert l1.id != l3.id


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_round_trip_gives_an_equal_project(path: Path) -> None:
    project = load_project_file(path)
    text = dump_project(project)
    again = parse_project_text(text, "dumped")
    assert again == project
    assert dump_project(again) == text


def test_l3_is_the_same_campaign_with_everything_of_l1(l1: Project, l3: Project) -> None:
    assert (l3.client.id, l3.kickoff, l3.launch, l3.flight_end) == (l1.client.id, l1.kickoff, l1.launch,
                                                                   l1.flight_end)
    assert l3.budget.total == l1.budget.total
    assert set(l1.channels) < set(l3.channels)
    for attr in ("brief.objectives", "work_items", "risks", "cadence", "decisions", "commitments"):
        shallow, deep = ({r.id for r in attrgetter(attr)(p)} for p in (l1, l3))
        assert shallow < deep, attr


def test_l1_stays_at_execution_depth(l1: Project) -> None:
    assert not l1.insight.personas and not l1.insight.purchase_path and not l1.insight.competitors
    assert not l1.proposal.strategy_map
    assert not l1.brief.hidden_goals
    assert l1.proposal.budget.roas is None


def test_l3_insight_is_complete(l3: Project) -> None:
    assert len(l3.insight.personas) >= 2
    assert [s.stage for s in l3.insight.purchase_path] == FUNNEL
    assert all(s.touchpoints for s in l3.insight.purchase_path)
    assert len(l3.insight.competitors) >= 2
    assert l3.insight.swot is not None and l3.insight.swot.threats
    assert {t.channel for t in l3.insight.channel_traits} == set(l3.channels)
    for field in ("hidden_goals", "benefit_points", "risk_points", "alternatives"):
        assert getattr(l3.brief, field), field


def test_l3_every_kpi_has_a_baseline_and_the_map_serves_every_objective(l3: Project) -> None:
    assert all(o.kpi is not None and o.kpi.baseline is not None for o in l3.brief.objectives)
    metrics = {o.kpi.metric for o in l3.brief.objectives if o.kpi}
    assert {"roas", "new_members"} <= metrics
    mapped = {oid for cell in l3.proposal.strategy_map for oid in cell.objectives}
    assert mapped == {o.id for o in l3.brief.objectives}
    assert l3.proposal.budget.roas is not None and l3.proposal.budget.roas >= 2.5


def test_l3_high_risks_have_triggers_and_contingencies(l3: Project) -> None:
    high = [r for r in l3.risks if r.score >= HIGH_RISK_SCORE]
    assert len(high) >= 5
    unprepared = [r.id for r in high if r.trigger is None or r.contingency is None]
    assert unprepared == []
    metrics = {r.trigger.metric for r in l3.risks if r.trigger}
    assert {"ctr", "cpa", "spend_pacing"} <= metrics


def test_l3_risk_map_covers_every_channel_and_governance_team(l3: Project) -> None:
    assert {r.channel for r in l3.risks if r.channel} == set(l3.channels)
    assert {"pr", "legal", "data"} <= {r.team for r in l3.risks if r.team}


def test_l3_cadence_has_launch_standup_client_weekly_and_executive_review(l3: Project) -> None:
    daily = [c for c in l3.cadence if c.frequency.startswith("FREQ=DAILY")]
    assert daily and all("COUNT=" in c.frequency or "UNTIL=" in c.frequency for c in daily)
    assert any(c.frequency.startswith("FREQ=WEEKLY") and c.includes_client for c in l3.cadence)
    assert any(c.frequency.startswith("FREQ=MONTHLY") and c.includes_client for c in l3.cadence)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_channel_fields_use_the_project_channel_names(path: Path) -> None:
    p = load_project_file(path)
    known = set(p.channels)
    assert all(c == c.lower() for c in known)
    used = {w.channel for w in p.work_items} | {r.channel for r in p.risks}
    used |= {r.trigger.channel for r in p.risks if r.trigger}
    used |= {o.kpi.channel for o in p.brief.objectives if o.kpi}
    used |= {c.channel for c in p.proposal.strategy_map} | {t.channel for t in p.insight.channel_traits}
    used |= {c for persona in p.insight.personas for c in persona.channels}
    used |= {c for rival in p.insight.competitors for c in rival.channels}
    assert used - {""} <= known
    assert {line.channel for line in p.budget.lines} <= known | {CROSS_CHANNEL_BUDGET}
    assert p.budget.planned == p.budget.total


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_ratios_are_fractions(path: Path) -> None:
    p = load_project_file(path)
    for o in p.brief.objectives:
        if o.kpi and o.kpi.unit == "%":
            assert o.kpi.target is not None and 0 < o.kpi.target < 1, o.id
    for m in p.retrospective.metrics:
        if m.unit == "%":
            assert m.target is not None and m.actual is not None, m.metric
            assert 0 < m.target < 1 and 0 < m.actual < 1, (m.metric, m.channel)
    for r in p.risks:
        if r.trigger and r.trigger.metric in ("ctr", "engagement_rate"):
            assert 0 < r.trigger.threshold < 1, r.id


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_schedule_is_consistent(path: Path) -> None:
    p = load_project_file(path)
    cn = holidays.China(years=range(p.kickoff.year, p.kickoff.year + 2))

    def working(day: dt.date) -> bool:
        return day not in cn and (day.weekday() < 5 or day in cn.weekend_workdays)

    items = {w.id: w for w in p.work_items}
    roles = {m.name: m.role for m in p.team}
    for w in p.work_items:
        assert w.start is not None and w.due is not None and w.start <= w.due, w.id
        assert working(w.start) and working(w.due), w.id
        assert roles[w.owner] == w.role, w.id
        for dep in w.depends_on:
            assert items[dep].due < w.start, (w.id, dep)
        if w.actual_start is not None:
            assert all(items[d].actual_finish is not None for d in w.depends_on), w.id
    launch_day = [w for w in p.work_items if w.is_milestone and w.start == p.launch]
    assert launch_day, "a milestone on the launch date"


# ---- the finished campaign ---------------------------------------------------------------------------
@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_lint_finds_no_error_today(path: Path) -> None:
    project = load_project_file(path)
    findings = lint_project(project, today=dt.date.today())
    errors = [f"{f.rule} {f.path}: {f.message}" for f in findings if f.severity == Severity.error]
    assert errors == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_trace_has_no_broken_link(path: Path) -> None:
    project = load_project_file(path)
    result = project_trace(project, today=dt.date.today())
    broken = [(row.objective, row.broken) for row in result.rows if row.broken] + result.orphans
    assert broken == []
    assert result.broken_count == 0
    assert all(row.result is not None for row in result.rows)


def test_l1_readiness_shows_its_level3_gaps(l1: Project, l3: Project) -> None:
    shallow, deep = project_readiness(l1), project_readiness(l3)
    gaps = {g.id for g in shallow.gaps}
    assert {"insight", "roi", "hidden_goals", "strategy_map"} <= gaps
    assert "retrospective" not in gaps
    assert shallow.score < deep.score


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_item_and_promise_is_settled_with_a_trail(path: Path) -> None:
    p = load_project_file(path)
    assert p.stage == Stage.retrospective
    items = {w.id: w for w in p.work_items}
    done = [w for w in p.work_items if w.status == Status.done]
    cancelled = [w for w in p.work_items if w.status == Status.cancelled]
    assert len(done) + len(cancelled) == len(p.work_items)
    assert cancelled, "a realistic flight drops something"
    for w in cancelled:
        assert any(c.status == Status.cancelled and c.note for c in w.status_history), w.id
        assert all(w.id not in other.depends_on for other in done), w.id
    for w in done:
        assert w.actual_start is not None and w.actual_finish is not None, w.id
        for dep in w.depends_on:
            finish = items[dep].actual_finish
            assert finish is not None and finish < w.actual_start, (w.id, dep)
        assert all(w.actual_start <= c.date <= w.actual_finish for c in w.status_history), w.id
    last_day = max(w.actual_finish for w in done if w.actual_finish)
    assert p.flight_end is not None and p.flight_end < last_day
    late = [w.id for w in done if w.due and w.actual_finish and w.actual_finish > w.due]
    assert 0 < len(late) <= len(done) // 4, late
    assert all(c.status != CommitmentStatus.open for c in p.commitments)
    assert {RiskStatus.occurred, RiskStatus.closed} == {r.status for r in p.risks}
    assert all(d.client_confirmed for d in p.decisions if not d.internal)
    assert sum(d.internal for d in p.decisions) <= (1 if p.level == Level.L3 else 0)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_budget_is_settled_close_to_plan(path: Path) -> None:
    b = load_project_file(path).budget
    assert b.total is not None and b.planned == b.total
    assert all(line.committed <= line.planned for line in b.lines)
    assert Decimal("0.95") * b.total <= b.actual <= b.total
    over = [line.id for line in b.lines if line.actual > line.planned]
    under = [line.id for line in b.lines if 0 < line.actual < line.planned]
    assert over and under


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_retrospective_reports_every_objective_against_its_kpi(path: Path) -> None:
    p = load_project_file(path)
    r = p.retrospective
    assert r.owner and r.delivery_quality and r.client_feedback
    assert r.learnings and r.improvements and r.next_iteration
    assert all(m.objective and m.target is not None and m.actual is not None for m in r.metrics)
    headline = []
    for o in p.brief.objectives:
        assert o.kpi is not None
        row = next(m for m in r.metrics if m.objective == o.id)  # the first row is the KPI itself
        assert (row.metric, row.channel, row.target, row.unit, row.comparison) == (
            o.kpi.metric, o.kpi.channel, o.kpi.target, o.kpi.unit, o.kpi.comparison), o.id
        headline.append(row.met)
    assert not all(headline) and sum(headline) >= len(headline) / 2


def test_l3_retrospective_goes_to_channel_level_and_long_term_value(l1: Project, l3: Project) -> None:
    rows = l3.retrospective.metrics
    assert {"douyin", "xiaohongshu", "wechat"} <= {m.channel for m in rows if m.metric == "ctr"}
    assert {"tmall", "douyin"} <= {m.channel for m in rows if m.metric == "roas"}
    assert l3.retrospective.long_term_value
    assert not l1.retrospective.long_term_value
    assert len(l1.retrospective.metrics) == len(l1.brief.objectives)
