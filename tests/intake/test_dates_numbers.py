"""The documented conventions for dates, durations, amounts and KPIs, one example each."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from aeflow.engines.intake import IntakeResult

Parse = Callable[..., IntakeResult]
D = dt.date


@pytest.mark.parametrize(("text", "field", "expected"), [
    ("下月15号上线", "launch_date", D(2026, 6, 15)),
    ("3个月内完成", "deadline", D(2026, 8, 11)),
    ("6月18日前完成", "deadline", D(2026, 6, 18)),
    ("Q3上线", "launch_date", D(2026, 9, 30)),           # a quarter is its last day
    ("国庆前上线", "launch_date", D(2026, 9, 30)),        # before a festival: the day before
    ("双11前上市", "launch_date", D(2026, 11, 10)),
    ("proposal due next Friday", "proposal_due", D(2026, 5, 22)),  # next week's Friday
    ("kick-off this Friday", "kickoff", D(2026, 5, 15)),
    ("6月中旬开始发布", "launch_date", D(2026, 6, 20)),   # a period is its last day
    ("年底前结束", "deadline", D(2026, 12, 31)),
    ("项目明天启动", "kickoff", D(2026, 5, 12)),
    ("go live June 20", "launch_date", D(2026, 6, 20)),
    ("Launch is on 1 July 2026", "launch_date", D(2026, 7, 1)),
    ("Wrap up by 15 Aug", "deadline", D(2026, 8, 15)),
    ("1月20日开始预热", "launch_date", D(2027, 1, 20)),    # long past this year: next year's
    ("春节前一周结束", "deadline", D(2027, 1, 30)),       # lunar festival, from the holidays package
    ("国庆后收尾", "deadline", D(2026, 10, 8)),           # after the National Day days off
    ("中秋上线", "launch_date", D(2026, 9, 25)),
])
def test_dates(parse: Parse, text: str, field: str, expected: dt.date) -> None:
    assert getattr(parse(text), field) == expected


def test_year_rolls_over_only_for_dates_long_past(parse: Parse) -> None:
    assert parse("5月1日上线").launch_date == D(2026, 5, 1)  # ten days ago: still this year
    assert parse("3月1日上线").launch_date == D(2027, 3, 1)


def test_durations(parse: Parse) -> None:
    r = parse("7月1日上线，为期6周。")
    assert (r.launch_date, r.duration_days, r.deadline) == (D(2026, 7, 1), 42, D(2026, 8, 11))
    r = parse("活动周期：2026年6月1日至2026年6月30日。")
    assert (r.launch_date, r.deadline, r.duration_days) == (D(2026, 6, 1), D(2026, 6, 30), 30)
    r = parse("from May through October, always-on")
    assert (r.launch_date, r.deadline, r.duration_days) == (D(2026, 5, 1), D(2026, 10, 31), 184)
    assert parse("ideally live within a month").launch_date == D(2026, 6, 11)
    assert parse("ideally live within a month").duration_days is None


def test_vague_dates_are_flagged(parse: Parse) -> None:
    r = parse("Q3上线")
    fact = next(f for f in r.dates if f.role == "launch")
    assert fact.vague and fact.range_start == D(2026, 7, 1)
    assert "date_vague" in {q.code for q in r.open_questions}
    assert "date_vague" not in {q.code for q in parse("国庆前上线").open_questions}


@pytest.mark.parametrize(("text", "amount", "approximate", "currency"), [
    ("预算500万", 5_000_000, False, "CNY"),
    ("预算五百万元", 5_000_000, False, "CNY"),
    ("Budget: ¥3,000,000", 3_000_000, False, "CNY"),
    ("预算3百万", 3_000_000, False, "CNY"),
    ("预算1.2亿", 120_000_000, False, "CNY"),
    ("预算两百万左右", 2_000_000, True, "CNY"),
    ("预算伍拾万元整", 500_000, False, "CNY"),
    ("budget around 1.5 million RMB", 1_500_000, True, "CNY"),
    ("Monthly budget: USD 50,000", 50_000, False, "USD"),
    ("Budget: JPY 80 million", 80_000_000, False, "JPY"),
    ("预算大概80w", 800_000, True, "CNY"),
    ("~RMB 5M", 5_000_000, True, "CNY"),
])
def test_budgets(parse: Parse, text: str, amount: float, approximate: bool, currency: str) -> None:
    b = parse(text).budget
    assert b is not None
    assert (b.amount, b.approximate, b.currency) == (amount, approximate, currency)


def test_budget_details(parse: Parse) -> None:
    b = parse("预算500-800万（不含税）").budget
    assert b and (b.amount, b.amount_max, b.approximate, b.includes_tax) == (5e6, 8e6, True, False)
    b = parse("预算每月30万").budget
    assert b and b.period == "month"
    b = parse("预算：1.2亿，其中抖音5000万，天猫3000万").budget
    assert b and b.amount == 1.2e8 and [(s.channel, s.amount) for s in b.splits] == [("douyin", 5e7), ("tmall", 3e7)]
    b = parse("预算：达人费用150万，投流费用100万，合计250万").budget
    assert b and b.amount == 2.5e6 and [s.label for s in b.splits] == ["达人费用", "投流费用"]
    b = parse("预算不超过800万").budget
    assert b and b.ceiling and not b.approximate
    r = parse("预算300万。后来客户说预算最多250万。")
    assert r.budget and r.budget.amount == 2.5e6
    assert "conflicting_numbers" in {q.code for q in r.open_questions}
    assert parse("预算待定").budget is None


@pytest.mark.parametrize(("text", "metric", "target", "unit", "comparison"), [
    ("曝光5000万", "impressions", 5e7, "次", ">="),
    ("CTR不低于1.5%", "ctr", 0.015, "%", ">="),
    ("ROI 3", "roi", 3, "x", ">="),
    ("ROI 1:4", "roi", 4, "x", ">="),
    ("ROAS≥2.5", "roas", 2.5, "x", ">="),
    ("线下到场5000人", "attendance", 5000, "人", ">="),
    ("新增会员2万", "new_members", 20000, "人", ">="),
    ("GMV破千万", "gmv", 1e7, "元", ">="),
    ("获客成本控制在15元以内", "cpa", 15, "元", "<="),
    ("CPL under $50", "cpl", 50, "USD", "<="),
    ("30M impressions", "impressions", 3e7, "次", ">="),
    ("天猫销量2万台", "sales", 20000, "台", ">="),
    ("完播率30%", "completion_rate", 0.3, "%", ">="),
    ("点击率 2%以上", "ctr", 0.02, "%", ">="),
])
def test_kpis(parse: Parse, text: str, metric: str, target: float, unit: str, comparison: str) -> None:
    [k] = parse(text).kpis
    assert (k.metric, k.target, k.unit, k.comparison.value) == (metric, target, unit, comparison)
    assert k.span.text in text


def test_kpi_baselines_and_relative_targets(parse: Parse) -> None:
    [k] = parse("老板要求ROI 1:4，去年同期ROI只有2.5。").kpis
    assert (k.target, k.baseline) == (4, 2.5)
    [k] = parse("CTR从1%提升到1.5%").kpis
    assert (k.baseline, k.target) == (0.01, 0.015)
    [k] = parse("转化率提升20%").kpis
    assert k.relative and k.target == 0.2
    assert parse("上次合作的ROI只有1.2").kpis == []


def test_kpi_deadlines(parse: Parse) -> None:
    kpis = parse("阶段目标：6月30日前新增会员1万，9月30日前累计3万。").kpis
    assert [(k.metric, k.target, k.deadline) for k in kpis] == [
        ("new_members", 10000, D(2026, 6, 30)), ("new_members", 30000, D(2026, 9, 30))]
    kpis = parse("KPIs: 30M impressions, 20k new members by end of July.").kpis
    assert {k.deadline for k in kpis} == {D(2026, 7, 31)}
    kpis = parse("6月1日上线。上线首月曝光5000万。").kpis
    assert kpis[0].deadline == D(2026, 7, 1)


@pytest.mark.parametrize(("text", "channels"), [
    ("抖音、Douyin、DY、巨量千川", ["douyin"]),
    ("小红书/RED/XHS", ["xiaohongshu"]),
    ("微信朋友圈和视频号", ["wechat-moments", "wechat-channels"]),
    ("微信生态", ["wechat"]),
    ("天猫、京东、B站、快手、微博", ["tmall", "jd", "bilibili", "kuaishou", "weibo"]),
    ("线下快闪+门店+地铁广告", ["offline-popup", "offline-store", "offline-outdoor"]),
    ("达人和KOC", ["kol"]),
    ("red wine", []),
])
def test_channels(parse: Parse, text: str, channels: list[str]) -> None:
    assert parse(text).channels == channels


def test_excluded_channels(parse: Parse) -> None:
    r = parse("这次不投微博和B站，重点放在抖音。")
    assert r.channels == ["douyin"] and r.excluded_channels == ["weibo", "bilibili"]
    assert "channel_excluded" in {c.code for c in r.constraints}


@pytest.mark.parametrize(("text", "kind"), [
    ("新品上市", "launch"), ("618大促", "promotion"), ("双11", "promotion"), ("品牌20周年庆典", "brand_event"),
    ("线下快闪", "popup"), ("达人种草", "kol_seeding"), ("私域拉新", "private_domain"), ("always-on content", "always_on"),
])
def test_campaign_types(parse: Parse, text: str, kind: str) -> None:
    assert parse(text).campaign_type == kind


def test_stakeholders_and_decision_makers(parse: Parse) -> None:
    people = {s.name: s for s in parse("对接人：市场部李娜，最终由品牌总监周总确认。").stakeholders}
    assert set(people) == {"李娜", "周总"}
    assert people["周总"].decision_maker and people["周总"].title == "品牌总监"
    assert not people["李娜"].decision_maker
    people = {s.name: s for s in parse("Call with Sarah (Brand Manager) and Mr. Chen, CMO — he has the final say.")
              .stakeholders}
    assert people["Sarah"].title == "Brand Manager" and people["Mr. Chen"].decision_maker
    r = parse("王经理对接，决策人还没定。")
    assert [s.name for s in r.stakeholders] == ["王经理"] and not r.stakeholders[0].decision_maker
    assert "no_decision_maker" in {q.code for q in r.open_questions}
