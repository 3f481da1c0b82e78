"""Hypothesis strategies for whole, valid projects with records of every stage.

Every reference a project may hold (dependencies, objectives, owners, decisions, action items) is
drawn from the records generated before it, so each drawn project passes the domain's rules.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st
from record_strategies import (
    budgets,
    cadence_items,
    dates,
    ids,
    insights,
    maybe,
    money,
    nonempty,
    numbers,
    objective_with_id,
    risk_with_id,
    text,
    words,
    work_item_lists,
)

from aeflow.domain import (
    BudgetEstimate,
    CampaignType,
    Client,
    Commitment,
    CommitmentStatus,
    Comparison,
    Decision,
    Level,
    MetricRow,
    Phase,
    Project,
    Proposal,
    RequirementBrief,
    Retrospective,
    Role,
    Stage,
    Stakeholder,
    StrategyCell,
    TeamMember,
)


@st.composite
def _proposal(draw: st.DrawFn, objectives: list[str]) -> Proposal:
    refs = st.lists(st.sampled_from(objectives), unique=True, max_size=2) if objectives else st.just([])
    phases = []
    for _i in range(draw(st.integers(0, 2))):
        start = draw(dates)
        phases.append(
            Phase(
                name=draw(nonempty),
                start=start,
                end=start + dt.timedelta(days=draw(st.integers(0, 30))),
                focus=draw(text),
            )
        )
    return Proposal(
        problem_statement=draw(text),
        objectives=draw(refs),
        creative_direction=draw(text),
        strategy_map=draw(
            st.lists(
                st.builds(
                    StrategyCell,
                    channel=nonempty,
                    funnel_stage=nonempty,
                    content=text,
                    rhythm=text,
                    objectives=refs,
                ),
                max_size=2,
            )
        ),
        execution_plan=draw(words),
        timeline=phases,
        budget=draw(
            st.builds(
                BudgetEstimate,
                total=maybe(money),
                roi=maybe(numbers),
                roas=maybe(numbers),
                assumptions=words,
            )
        ),
        risks_and_mitigation=draw(words),
        resource_needs=draw(words),
    )


@st.composite
def projects(draw: st.DrawFn) -> Project:
    """A valid project with records of every stage."""
    kickoff = draw(dates)
    launch = kickoff + dt.timedelta(days=draw(st.integers(0, 200)))
    team = draw(
        st.lists(
            st.builds(
                TeamMember,
                name=nonempty,
                role=st.sampled_from(Role),
                side=st.sampled_from(["agency", "client", "vendor"]),
                email=text,
                weekly_capacity_hours=st.floats(0, 168),
            ),
            max_size=3,
        )
    )
    objectives = [draw(objective_with_id(oid)) for oid in draw(st.lists(ids, unique=True, max_size=3))]
    objective_ids = [o.id for o in objectives]
    work_items = draw(work_item_lists(objective_ids, [m.name for m in team]))
    decisions = [
        draw(
            st.builds(
                Decision,
                id=st.just(did),
                what=nonempty,
                why=text,
                by=text,
                date=dates,
                client_confirmed=st.booleans(),
                changes_scope=st.booleans(),
                internal=st.booleans(),
            )
        )
        for did in draw(st.lists(ids, unique=True, max_size=2))
    ]
    commitments = [
        draw(
            st.builds(
                Commitment,
                id=st.just(cid),
                promise=nonempty,
                owner=text,
                due=maybe(dates),
                status=st.sampled_from(CommitmentStatus),
                made_on=maybe(dates),
                source=text,
            )
        )
        for cid in draw(st.lists(ids, unique=True, max_size=2))
    ]
    client = draw(
        st.builds(
            Client,
            id=ids,
            name=nonempty,
            industry=text,
            background=text,
            stakeholders=st.lists(
                st.builds(
                    Stakeholder,
                    name=nonempty,
                    title=text,
                    role=text,
                    decision_maker=st.booleans(),
                    contact=text,
                    notes=text,
                ),
                max_size=2,
            ),
            relationship_notes=text,
        )
    )
    metric_objective = maybe(st.sampled_from(objective_ids)) if objective_ids else st.none()
    return Project(
        id=draw(ids),
        name=draw(nonempty),
        client=client,
        campaign_type=draw(st.sampled_from(CampaignType)),
        level=draw(st.sampled_from(Level)),
        stage=draw(st.sampled_from(Stage)),
        kickoff=kickoff,
        launch=launch,
        flight_end=draw(maybe(st.just(launch + dt.timedelta(days=draw(st.integers(0, 90)))))),
        currency=draw(st.sampled_from(["CNY", "USD", "EUR"])),
        locale=draw(st.sampled_from(["zh-CN", "en"])),
        timezone=draw(st.sampled_from(["Asia/Shanghai", "UTC", "Europe/Berlin"])),
        channels=draw(words),
        team=team,
        brief=RequirementBrief(
            background=draw(text),
            pain_points=draw(words),
            objectives=objectives,
            constraints=draw(words),
            in_scope=draw(words),
            hidden_goals=draw(words),
        ),
        insight=draw(insights()),
        proposal=draw(_proposal(objective_ids)),
        work_items=work_items,
        budget=draw(budgets(objective_ids)),
        risks=[draw(risk_with_id(rid)) for rid in draw(st.lists(ids, unique=True, max_size=3))],
        cadence=draw(
            cadence_items([w.id for w in work_items], [d.id for d in decisions], [c.id for c in commitments])
        ),
        decisions=decisions,
        commitments=commitments,
        retrospective=Retrospective(
            metrics=draw(
                st.lists(
                    st.builds(
                        MetricRow,
                        metric=nonempty,
                        channel=text,
                        objective=metric_objective,
                        target=maybe(numbers),
                        actual=maybe(numbers),
                        unit=text,
                        comparison=st.sampled_from(Comparison),
                        note=text,
                    ),
                    max_size=2,
                )
            ),
            learnings=draw(words),
            owner=draw(text),
            long_term_value=draw(text),
        ),
    )
