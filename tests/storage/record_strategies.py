"""Hypothesis strategies for the records of a project: unicode text, exact money, dates, nested records.

References (dependencies, objectives, owners, decisions) are drawn from ids passed in, so that the
records fit together into a valid project (see :mod:`project_strategies`).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from aeflow.domain import (
    KPI,
    SWOT,
    ActionItem,
    ActionKind,
    Budget,
    BudgetLine,
    CadenceItem,
    Comparison,
    Contingency,
    CostCategory,
    FunnelStage,
    Insight,
    MeetingRecord,
    Objective,
    Persona,
    Risk,
    RiskCategory,
    RiskStatus,
    Role,
    StageTarget,
    Status,
    StatusChange,
    Trigger,
    WorkItem,
)

# Any character but surrogates (which no UTF-8 file can hold): control characters, NUL, emoji, CJK.
_any_char = st.characters(exclude_categories=("Cs",))
_cjk = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)
_line = st.one_of(
    st.text(_any_char, max_size=12),
    st.text(_cjk, max_size=12),
    st.text(st.sampled_from("ab 1:#-'\"\n\t"), max_size=12),
)
text = _line.map(str.strip)
nonempty = text.filter(bool)
words = st.lists(nonempty, max_size=3)
ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,8}", fullmatch=True)
money = st.decimals(min_value=0, max_value=Decimal("99999999.99"), places=2)
numbers = st.floats(allow_nan=False, allow_infinity=False)
dates = st.dates(dt.date(2020, 1, 1), dt.date(2032, 12, 31))
times = st.builds(dt.time, st.integers(0, 23), st.integers(0, 59), st.sampled_from([0, 0, 30]))
RRULES = [
    "FREQ=WEEKLY;BYDAY=MO",
    "FREQ=DAILY",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH",
    "FREQ=MONTHLY;BYMONTHDAY=1",
]


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def date_spans(
    draw: st.DrawFn, start: st.SearchStrategy[dt.date] = dates
) -> tuple[dt.date | None, dt.date | None]:
    first = draw(maybe(start))
    if first is None:
        return None, draw(maybe(dates))
    return first, draw(maybe(st.just(first + dt.timedelta(days=draw(st.integers(0, 60))))))


@st.composite
def kpis(draw: st.DrawFn) -> KPI:
    target = draw(maybe(numbers))
    unit = draw(nonempty if target is not None else text)
    return KPI(
        metric=draw(nonempty),
        baseline=draw(maybe(numbers)),
        target=target,
        unit=unit,
        comparison=draw(st.sampled_from(Comparison)),
        deadline=draw(maybe(dates)),
        channel=draw(text),
    )


def objective_with_id(oid: str) -> st.SearchStrategy[Objective]:
    return st.builds(
        Objective,
        id=st.just(oid),
        title=nonempty,
        kpi=maybe(kpis()),
        stage_targets=st.lists(st.builds(StageTarget, date=dates, target=numbers, note=text), max_size=2),
        priority=st.integers(1, 5),
    )


@st.composite
def work_item_lists(draw: st.DrawFn, objectives: list[str], owners: list[str]) -> list[WorkItem]:
    out: list[WorkItem] = []
    owner = st.sampled_from(owners) if owners else text
    for wid in draw(st.lists(ids, unique=True, max_size=5)):
        start, due = draw(date_spans())
        actual_start, actual_finish = draw(date_spans())
        earlier = [w.id for w in out]
        out.append(
            WorkItem(
                id=wid,
                title=draw(nonempty),
                milestone=draw(text),
                is_milestone=draw(st.booleans()),
                deliverable=draw(text),
                owner=draw(owner | st.just("")),
                role=draw(st.sampled_from(Role)),
                start=start,
                due=due,
                depends_on=draw(st.lists(st.sampled_from(earlier), unique=True, max_size=3))
                if earlier
                else [],
                acceptance_criteria=draw(text),
                client_approval=draw(st.booleans()),
                status=draw(st.sampled_from(Status)),
                status_history=draw(
                    st.lists(
                        st.builds(
                            StatusChange, date=dates, status=st.sampled_from(Status), by=text, note=text
                        ),
                        max_size=2,
                    )
                ),
                actual_start=actual_start,
                actual_finish=actual_finish,
                estimated_hours=draw(maybe(st.floats(0, 100000))),
                logged_hours=draw(st.floats(0, 100000)),
                objective=draw(maybe(st.sampled_from(objectives))) if objectives else None,
                channel=draw(text),
                notes=draw(text),
            )
        )
    return out


@st.composite
def budgets(draw: st.DrawFn, objectives: list[str]) -> Budget:
    lines = [
        BudgetLine(
            id=bid,
            channel=draw(nonempty),
            category=draw(st.sampled_from(CostCategory)),
            vendor=draw(text),
            planned=draw(money),
            committed=draw(money),
            actual=draw(money),
            objective=draw(maybe(st.sampled_from(objectives))) if objectives else None,
            contract_signed=draw(st.booleans()),
            notes=draw(text),
        )
        for bid in draw(st.lists(ids, unique=True, max_size=4))
    ]
    planned = sum((line.planned for line in lines), Decimal(0))
    total = draw(st.none() | money.map(lambda extra: planned + extra))
    return Budget(total=total, agency_fee=draw(maybe(money)), lines=lines)


def risk_with_id(rid: str) -> st.SearchStrategy[Risk]:
    trigger = st.builds(
        Trigger,
        metric=nonempty,
        channel=text,
        comparison=st.sampled_from(Comparison),
        threshold=numbers,
        consecutive_days=st.integers(1, 90),
    )
    return st.builds(
        Risk,
        id=st.just(rid),
        description=nonempty,
        category=st.sampled_from(RiskCategory),
        channel=text,
        team=text,
        likelihood=st.integers(1, 5),
        severity=st.integers(1, 5),
        response=text,
        owner=text,
        contact=text,
        communication=text,
        trigger=maybe(trigger),
        contingency=maybe(st.builds(Contingency, when=nonempty, then=nonempty)),
        status=st.sampled_from(RiskStatus),
    )


@st.composite
def cadence_items(
    draw: st.DrawFn, items: list[str], decisions: list[str], commitments: list[str]
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
                actions.append(
                    ActionItem(
                        text=draw(nonempty),
                        owner=draw(text),
                        due=draw(maybe(dates)),
                        becomes=kind,
                        ref=draw(maybe(st.sampled_from(known))) if known else None,
                    )
                )
            records.append(
                MeetingRecord(
                    id=next(meeting_ids),
                    date=draw(dates),
                    attendees=draw(words),
                    agenda=draw(words),
                    notes=draw(text),
                    decisions=draw(st.lists(st.sampled_from(decisions), unique=True, max_size=2))
                    if decisions
                    else [],
                    action_items=actions,
                )
            )
        out.append(
            CadenceItem(
                id=cid,
                meeting=draw(nonempty),
                frequency=draw(st.sampled_from(RRULES)),
                start=draw(maybe(dates)),
                time=draw(maybe(times)),
                duration_minutes=draw(st.integers(5, 24 * 60)),
                participants=draw(words),
                includes_client=draw(st.booleans()),
                decision_authority=draw(text),
                disclosure=draw(text),
                visualisation=draw(text),
                records=records,
            )
        )
    return out


@st.composite
def insights(draw: st.DrawFn) -> Insight:
    personas = [
        draw(
            st.builds(
                Persona,
                id=st.just(pid),
                name=nonempty,
                description=text,
                demographics=text,
                needs=words,
                barriers=words,
                channels=words,
            )
        )
        for pid in draw(st.lists(ids, unique=True, max_size=2))
    ]
    return Insight(
        industry_context=draw(text),
        pain_points=draw(words),
        positioning=draw(text),
        personas=personas,
        purchase_path=draw(
            st.lists(st.builds(FunnelStage, stage=nonempty, touchpoints=words, message=text), max_size=2)
        ),
        swot=draw(
            maybe(st.builds(SWOT, strengths=words, weaknesses=words, opportunities=words, threats=words))
        ),
        market_data=draw(words),
    )
