"""Hypothesis strategies for whole, valid projects: unicode text, exact money, dates, nested records.

Every reference a project may hold (dependencies, objectives, owners, decisions, action items) is
drawn from the records generated before it, so each drawn project passes the domain's rules.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from aeflow.domain import (
    KPI, SWOT, ActionItem, ActionKind, Budget, BudgetEstimate, BudgetLine, CadenceItem, CampaignType, Client,
    Commitment, CommitmentStatus, Comparison, Contingency, CostCategory, Decision, FunnelStage, Insight, Level,
    MeetingRecord, MetricRow, Objective, Persona, Phase, Project, Proposal, RequirementBrief, Retrospective,
    Risk, RiskCategory, RiskStatus, Role, Stage, StageTarget, Stakeholder, Status, StatusChange, StrategyCell,
    TeamMember, Trigger, WorkItem,
)

# Any character but surrogates (which no UTF-8 file can hold): control characters, NUL, emoji, CJK.
_any_char = st.characters(exclude_categories=("Cs",))
_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_line = st.one_of(st.text(_any_char, max_size=12), st.text(_cjk, max_size=12),
                  st.text(st.sampled_from("ab 1:#-'\"\n\t"), max_size=12))
text = _line.map(str.strip)
nonempty = text.filter(bool)
words = st.lists(nonempty, max_size=3)
ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,8}", fullmatch=True)
money = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2)
numbers = st.floats(allow_nan=False, allow_infinity=False)
dates = st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31))
times = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59), st.sampled_from([0, 0, 30]))
RRULES = ["FREQ=WEEKLY;BYDAY=MO", "FREQ=DAILY", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH", "FREQ=MONTHLY;BYMONTHDAY=1"]


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def _span(draw: st.DrawFn, start: st.SearchStrategy[dt.date] = dates) -> tuple[dt.date | None, dt.date | None]:
    first = draw(_maybe(start))
    if first is None:
        return None, draw(_maybe(dates))
    return first, draw(_maybe(st.just(first + dt.timedelta(days=draw(st.integers(0, 60))))))


@st.composite
def _kpi(draw: st.DrawFn) -> KPI:
    target = draw(_maybe(numbers))
    unit = draw(nonempty if target is not None else text)
    return KPI(metric=draw(nonempty), baseline=draw(_maybe(numbers)), target=target, unit=unit,
               comparison=draw(st.sampled_from(Comparison)), deadline=draw(_maybe(dates)), channel=draw(text))


def _objective(oid: str) -> st.SearchStrategy[Objective]:
    return st.builds(Objective, id=st.just(oid), title=nonempty, kpi=_maybe(_kpi()),
                     stage_targets=st.lists(st.builds(StageTarget, date=dates, target=numbers, note=text), max_size=2),
                     priority=st.integers(1, 5))


@st.composite
def _work_items(draw: st.DrawFn, objectives: list[str], owners: list[str]) -> list[WorkItem]:
    out: list[WorkItem] = []
    owner = st.sampled_from(owners) if owners else text
    for wid in draw(st.lists(ids, unique=True, max_size=5)):
        start, due = draw(_span())
        actual_start, actual_finish = draw(_span())
        earlier = [w.id for w in out]
        out.append(WorkItem(
            id=wid, title=draw(nonempty), milestone=draw(text), is_milestone=draw(st.booleans()),
            deliverable=draw(text), owner=draw(owner | st.just("")), role=draw(st.sampled_from(Role)),
            start=start, due=due,
            depends_on=draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3)) if earlier else [],
            acceptance_criteria=draw(text), client_approval=draw(st.booleans()),
            status=draw(st.sampled_from(Status)),
            status_history=draw(st.lists(st.builds(StatusChange, date=dates, status=st.sampled_from(Status),
                                                   by=text, note=text), max_size=2)),
            actual_start=actual_start, actual_finish=actual_finish,
            estimated_hours=draw(_maybe(st.floats(0, 100000))), logged_hours=draw(st.floats(0, 100000)),
            objective=draw(_maybe(st.sampled_from(objectives))) if objectives else None,
            channel=draw(text), notes=draw(text),
        ))
    return out


@st.composite
def _budget(draw: st.DrawFn, objectives: list[str]) -> Budget:
    lines = [
        BudgetLine(id=bid, channel=draw(nonempty), category=draw(st.sampled_from(CostCategory)), vendor=draw(text),
                   planned=draw(money), committed=draw(money), actual=draw(money),
                   objective=draw(_maybe(st.sampled_from(objectives))) if objectives else None,
                   contract_signed=draw(st.booleans()), notes=draw(text))
        for bid in draw(st.lists(ids, unique=True, max_size=4))
    ]
    planned = sum((line.planned for line in lines), Decimal(0))
    total = draw(st.none() | money.map(lambda extra: planned + extra))
    return Budget(total=total, agency_fee=draw(_maybe(money)), lines=lines)


def _risk(rid: str) -> st.SearchStrategy[Risk]:
    trigger = st.builds(Trigger, metric=nonempty, channel=text, comparison=st.sampled_from(Comparison),
                        threshold=numbers, consecutive_days=st.integers(1, 90))
    return st.builds(Risk, id=st.just(rid), description=nonempty, category=st.sampled_from(RiskCategory),
                     channel=text, team=text, likelihood=st.integers(1, 5), severity=st.integers(1, 5),
                     response=text, owner=text, contact=text, communication=text, trigger=_maybe(trigger),
                     contingency=_maybe(st.builds(Contingency, when=nonempty, then=nonempty)),
                     status=st.sampled_from(RiskStatus))


@st.composite
def _cadence(draw: st.DrawFn, items: list[str], decisions: list[str], commitments: list[str]
             ) -> list[CadenceItem]:
    meeting_ids = iter(draw(st.lists(ids, unique=True, min_size=6, max_size=6)))
    out = []
    for cid in draw(st.lists(ids, unique=True, max_size=2)):
        records = []
        for _i in range(draw(st.integers(0, 2))):
            actions = []
            for _j in range(draw(st.integers(0, 2))):
                kind = draw(st.sampled_from(ActionKind))
                known = items if kind == ActionKind.work_item else commitments
                actions.append(ActionItem(text=draw(nonempty), owner=draw(text), due=draw(_maybe(dates)), becomes=kind,
                                          ref=draw(_maybe(st.sampled_from(known))) if known else None))
            records.append(MeetingRecord(
                id=next(meeting_ids), date=draw(dates), attendees=draw(words), agenda=draw(words), notes=draw(text),
                decisions=draw(st.lists(st.sampled_from(decisions), unique=True, max_size=2)) if decisions else [],
                action_items=actions,
            ))
        out.append(CadenceItem(
            id=cid, meeting=draw(nonempty), frequency=draw(st.sampled_from(RRULES)), start=draw(_maybe(dates)),
            time=draw(_maybe(times)), duration_minutes=draw(st.integers(5, 24 * 60)), participants=draw(words),
            includes_client=draw(st.booleans()), decision_authority=draw(text), disclosure=draw(text),
            visualisation=draw(text), records=records,
        ))
    return out


@st.composite
def _insight(draw: st.DrawFn) -> Insight:
    personas = [draw(st.builds(Persona, id=st.just(pid), name=nonempty, description=text, demographics=text,
                               needs=words, barriers=words, channels=words))
                for pid in draw(st.lists(ids, unique=True, max_size=2))]
    return Insight(
        industry_context=draw(text), pain_points=draw(words), positioning=draw(text), personas=personas,
        purchase_path=draw(st.lists(st.builds(FunnelStage, stage=nonempty, touchpoints=words, message=text),
                                    max_size=2)),
        swot=draw(_maybe(st.builds(SWOT, strengths=words, weaknesses=words, opportunities=words, threats=words))),
        market_data=draw(words),
    )


@st.composite
def _proposal(draw: st.DrawFn, objectives: list[str]) -> Proposal:
    refs = st.lists(st.sampled_from(objectives), unique=True, max_size=2) if objectives else st.just([])
    phases = []
    for _i in range(draw(st.integers(0, 2))):
        start = draw(dates)
        phases.append(Phase(name=draw(nonempty), start=start, end=start + dt.timedelta(days=draw(st.integers(0, 30))),
                            focus=draw(text)))
    return Proposal(
        problem_statement=draw(text), objectives=draw(refs), creative_direction=draw(text),
        strategy_map=draw(st.lists(st.builds(StrategyCell, channel=nonempty, funnel_stage=nonempty, content=text,
                                             rhythm=text, objectives=refs), max_size=2)),
        execution_plan=draw(words), timeline=phases,
        budget=draw(st.builds(BudgetEstimate, total=_maybe(money), roi=_maybe(numbers), roas=_maybe(numbers),
                              assumptions=words)),
        risks_and_mitigation=draw(words), resource_needs=draw(words),
    )


@st.composite
def projects(draw: st.DrawFn) -> Project:
    """A valid project with records of every stage."""
    kickoff = draw(dates)
    launch = kickoff + dt.timedelta(days=draw(st.integers(0, 200)))
    team = draw(st.lists(st.builds(TeamMember, name=nonempty, role=st.sampled_from(Role),
                                   side=st.sampled_from(["agency", "client", "vendor"]), email=text,
                                   weekly_capacity_hours=st.floats(0, 168)), max_size=3))
    objectives = [draw(_objective(oid)) for oid in draw(st.lists(ids, unique=True, max_size=3))]
    objective_ids = [o.id for o in objectives]
    work_items = draw(_work_items(objective_ids, [m.name for m in team]))
    decisions = [draw(st.builds(Decision, id=st.just(did), what=nonempty, why=text, by=text, date=dates,
                                client_confirmed=st.booleans(), changes_scope=st.booleans(),
                                internal=st.booleans()))
                 for did in draw(st.lists(ids, unique=True, max_size=2))]
    commitments = [draw(st.builds(Commitment, id=st.just(cid), promise=nonempty, owner=text, due=_maybe(dates),
                                  status=st.sampled_from(CommitmentStatus), made_on=_maybe(dates), source=text))
                   for cid in draw(st.lists(ids, unique=True, max_size=2))]
    client = draw(st.builds(Client, id=ids, name=nonempty, industry=text, background=text,
                            stakeholders=st.lists(st.builds(Stakeholder, name=nonempty, title=text, role=text,
                                                            decision_maker=st.booleans(), contact=text,
                                                            notes=text), max_size=2),
                            relationship_notes=text))
    metric_objective = _maybe(st.sampled_from(objective_ids)) if objective_ids else st.none()
    return Project(
        id=draw(ids), name=draw(nonempty), client=client, campaign_type=draw(st.sampled_from(CampaignType)),
        level=draw(st.sampled_from(Level)), stage=draw(st.sampled_from(Stage)), kickoff=kickoff, launch=launch,
        flight_end=draw(_maybe(st.just(launch + dt.timedelta(days=draw(st.integers(0, 90)))))),
        currency=draw(st.sampled_from(["CNY", "USD", "EUR"])), locale=draw(st.sampled_from(["zh-CN", "en"])),
        timezone=draw(st.sampled_from(["Asia/Shanghai", "UTC", "Europe/Berlin"])), channels=draw(words), team=team,
        brief=RequirementBrief(background=draw(text), pain_points=draw(words), objectives=objectives,
                               constraints=draw(words), in_scope=draw(words), hidden_goals=draw(words)),
        insight=draw(_insight()), proposal=draw(_proposal(objective_ids)), work_items=work_items,
        budget=draw(_budget(objective_ids)),
        risks=[draw(_risk(rid)) for rid in draw(st.lists(ids, unique=True, max_size=3))],
        cadence=draw(_cadence([w.id for w in work_items], [d.id for d in decisions], [c.id for c in commitments])),
        decisions=decisions, commitments=commitments,
        retrospective=Retrospective(
            metrics=draw(st.lists(st.builds(MetricRow, metric=nonempty, channel=text, objective=metric_objective,
                                            target=_maybe(numbers), actual=_maybe(numbers), unit=text,
                                            comparison=st.sampled_from(Comparison), note=text), max_size=2)),
            learnings=draw(words), owner=draw(text), long_term_value=draw(text),
        ),
    )
