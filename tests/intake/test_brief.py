"""``to_brief``: the draft requirement brief built from an intake result."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from aeflow.domain import Comparison, RequirementBrief
from aeflow.engines.intake import IntakeResult, to_brief

Parse = Callable[..., IntakeResult]


def test_each_kpi_is_an_objective_titled_in_the_aes_words(parse: Parse) -> None:
    brief = to_brief(parse("客户：国产护肤品牌\nKPI：曝光5000万，CPA控制在30元以内，9月30日前新增会员2万。"))
    assert isinstance(brief, RequirementBrief)
    assert brief.background == "国产护肤品牌"
    titles = {o.kpi.metric: o.title for o in brief.objectives if o.kpi}
    assert titles == {"impressions": "曝光5000万", "cpa": "CPA控制在30元以内", "new_members": "新增会员2万"}
    cpa = next(o.kpi for o in brief.objectives if o.kpi and o.kpi.metric == "cpa")
    assert cpa.comparison == Comparison.le and cpa.unit == "元"
    members = next(o.kpi for o in brief.objectives if o.kpi and o.kpi.metric == "new_members")
    assert members.deadline == dt.date(2026, 9, 30)
    assert len({o.id for o in brief.objectives}) == len(brief.objectives)


def test_targets_with_deadlines_become_stage_targets(parse: Parse) -> None:
    brief = to_brief(parse("6月30日前新增会员1万，9月30日前累计3万。"))
    [objective] = brief.objectives
    assert objective.kpi and objective.kpi.target == 30000 and objective.kpi.deadline == dt.date(2026, 9, 30)
    assert [(s.date, s.target) for s in objective.stage_targets] == [(dt.date(2026, 6, 30), 10000)]


def test_clashing_targets_stay_separate_objectives(parse: Parse) -> None:
    brief = to_brief(parse("曝光目标3000万，另外一处写的是曝光5000万。"))
    assert sorted(o.kpi.target for o in brief.objectives if o.kpi) == [3e7, 5e7]


def test_constraints_acceptance_and_scope(parse: Parse) -> None:
    brief = to_brief(parse("不能提竞品，素材需客户确认。这次不投微博。数据以生意参谋为准。"))
    assert brief.constraints == ["不能提竞品", "素材需客户确认"]
    assert brief.out_of_scope == ["这次不投微博"]
    assert brief.acceptance_points == ["数据以生意参谋为准"]


def test_an_empty_note_gives_an_empty_but_valid_brief(parse: Parse) -> None:
    result = parse("谢谢")
    assert to_brief(result) == RequirementBrief()
    assert {"budget_missing", "kpis_missing", "channels_missing", "no_decision_maker"} <= {
        q.code for q in result.open_questions}
