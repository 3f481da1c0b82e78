"""The demo case for the document tests: a beverage brand's new-flavour launch at L1 and L3.

Built here in full (every stage filled, internal notes and costs marked with values that must never
reach the client) and, when the shared example files ``examples/launch-l1.yaml`` and
``launch-l3.yaml`` exist, those as well.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from aeflow.domain.project import Project
from aeflow.domain.validation import parse_project
from aeflow.exporters.view import Extras

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TODAY = dt.date(2026, 8, 10)
GENERATED = dt.datetime(2026, 8, 10, 9, 0, tzinfo=dt.UTC)

# What the client audience must never see (searched for in the client documents' text).
SECRETS = {
    "work item note": "内部备注甲",
    "budget line note": "返点八个点",
    "relationship note": "客户偏好低价",
    "agency fee": "287,500",
    "agency fee short": "28.75万",
    "labour line": "123,400",
    "vendor": "星火MCN",
    "internal decision": "内部决定压缩设计工时",
    "unconfirmed decision": "待定方案加投B站",
    "hidden goal": "总部考核季度",
    "stakeholder note": "赵总爱看数据",
    "meeting note": "内部纪要不外传",
    "client risk": "客户审批链过长",
    "risk talk plan": "先口头同步再邮件",
}

TEAM = [
    {"name": "王敏", "role": "ae", "email": "wangmin@agency.example"},
    {"name": "李娜", "role": "creative", "email": "lina@agency.example"},
    {"name": "张伟", "role": "copy"},
    {"name": "陈静", "role": "design"},
    {"name": "刘洋", "role": "media", "email": "liuyang@agency.example"},
    {"name": "赵磊", "role": "pr"},
    {"name": "孙悦", "role": "legal"},
    {"name": "周婷", "role": "data"},
]


def _item(id_: str, title: str, owner: str, role: str, start: str, due: str, **kw: Any) -> dict[str, Any]:
    return {"id": id_, "title": title, "owner": owner, "role": role, "start": start, "due": due, **kw}


WORK_ITEMS = [
    _item("W1", "需求确认会", "王敏", "ae", "2026-07-06", "2026-07-08", is_milestone=True, milestone="需求确认",
          client_approval=True, status="done", deliverable="需求梳理表", acceptance_criteria="客户签字确认",
          notes=SECRETS["work item note"], estimated_hours=6, objective="O1"),
    _item("W2", "创意简报", "李娜", "creative", "2026-07-09", "2026-07-15", depends_on=["W1"], status="done",
          deliverable="创意简报", estimated_hours=16),
    _item("W3", "主视觉设计", "陈静", "design", "2026-07-16", "2026-07-31", depends_on=["W2"], status="done",
          deliverable="KV 三版", milestone="创意定稿"),
    _item("W4", "主视觉客户确认", "王敏", "ae", "2026-08-03", "2026-08-05", depends_on=["W3"], status="done",
          is_milestone=True, milestone="创意定稿", client_approval=True),
    _item("W5", "达人脚本撰写", "张伟", "copy", "2026-08-03", "2026-08-12", depends_on=["W2"],
          status="in_progress", deliverable="20 条达人脚本", objective="O2"),
    _item("W6", "法务审核", "孙悦", "legal", "2026-08-06", "2026-08-08", depends_on=["W4"],
          status="in_progress", acceptance_criteria="广告法合规"),
    _item("W7", "媒介排期", "刘洋", "media", "2026-08-04", "2026-08-12", depends_on=["W4"],
          status="waiting_client", client_approval=True, deliverable="排期表"),
    _item("W8", "快闪店搭建", "赵磊", "pr", "2026-08-10", "2026-08-14", depends_on=["W6"], objective="O3"),
    _item("W9", "上市发布", "王敏", "ae", "2026-08-17", "2026-08-17", depends_on=["W7", "W8", "W5"],
          is_milestone=True, milestone="上市", objective="O1"),
    _item("W10", "效果周报", "周婷", "data", "2026-08-20", "2026-10-08", depends_on=["W9"]),
    _item("W11", "复盘会", "王敏", "ae", "2026-10-12", "2026-10-14", depends_on=["W10"], is_milestone=True,
          milestone="复盘", client_approval=True),
]

BASE: dict[str, Any] = {
    "schema_version": 1,
    "id": "qingquan-launch",
    "name": "青柠气泡水上市",
    "client": {
        "id": "qingquan", "name": "清泉饮品", "industry": "饮料",
        "background": "区域龙头饮料品牌，首次推出气泡水品类。",
        "stakeholders": [
            {"name": "赵总", "title": "市场总监", "role": "decision maker", "decision_maker": True,
             "contact": "zhao@qingquan.example", "notes": SECRETS["stakeholder note"]},
            {"name": "钱经理", "title": "品牌经理", "contact": "qian@qingquan.example"},
        ],
        "relationship_notes": SECRETS["relationship note"],
    },
    "campaign_type": "launch",
    "level": 3,
    "stage": "monitoring",
    "kickoff": "2026-07-06",
    "launch": "2026-08-17",
    "flight_end": "2026-10-11",
    "channels": ["抖音", "小红书", "微信", "线下"],
    "team": TEAM,
    "brief": {
        "background": "新品青柠气泡水 8 月中旬上市，需在三个月内完成全渠道曝光与首批购买转化。",
        "pain_points": ["品牌认知偏传统", "气泡水赛道竞争激烈"],
        "objectives": [
            {"id": "O1", "title": "上市期全渠道曝光", "priority": 1,
             "kpi": {"metric": "impressions", "target": 80000000, "unit": "次", "deadline": "2026-10-11"},
             "stage_targets": [{"date": "2026-08-31", "target": 30000000}]},
            {"id": "O2", "title": "种草内容点击率", "priority": 2,
             "kpi": {"metric": "ctr", "target": 0.02, "unit": "%", "channel": "小红书",
                     "deadline": "2026-09-30"}},
            {"id": "O3", "title": "快闪店到场人数", "priority": 2,
             "kpi": {"metric": "attendance", "target": 12000, "unit": "人", "deadline": "2026-08-30"}},
            {"id": "O4", "title": "首购转化成本", "priority": 3,
             "kpi": {"metric": "cpa", "target": 35, "unit": "元", "comparison": "<=",
                     "deadline": "2026-10-11"}},
        ],
        "constraints": ["总预算不超过 300 万元", "8 月 17 日必须上市"],
        "acceptance_points": ["曝光达成率不低于 100%"],
        "in_scope": ["线上投放", "快闪店"],
        "out_of_scope": ["电视广告", "包装设计"],
        "hidden_goals": [SECRETS["hidden goal"]],
        "benefit_points": ["年轻化品牌形象"],
        "risk_points": ["夏季末上市窗口短"],
        "alternatives": ["若快闪店选址失败改为商超快闪"],
    },
    "insight": {
        "industry_context": "无糖气泡水增速放缓，风味创新成为新卖点。",
        "pain_points": ["同质化严重"],
        "positioning": "清爽不甜腻的国民青柠气泡水",
        "personas": [
            {"id": "P1", "name": "都市白领小林", "demographics": "25-32 岁，一线城市",
             "needs": ["解腻", "低糖"], "barriers": ["价格敏感"], "channels": ["小红书", "抖音"]},
            {"id": "P2", "name": "大学生阿杰", "demographics": "18-22 岁",
             "needs": ["新奇口味"], "barriers": ["品牌认知弱"], "channels": ["B站", "抖音"]},
        ],
        "purchase_path": [
            {"stage": "awareness", "touchpoints": ["抖音开屏", "户外大屏"], "message": "青柠新口味来了"},
            {"stage": "consideration", "touchpoints": ["小红书笔记"], "message": "真实测评"},
            {"stage": "purchase", "touchpoints": ["天猫旗舰店", "便利店"], "message": "首购立减"},
        ],
        "competitors": [
            {"name": "元气森林", "positioning": "无糖专家", "price_band": "5-6 元",
             "strengths": ["渠道强"], "weaknesses": ["口味老化"], "channels": ["抖音", "便利店"]},
            {"name": "农夫山泉苏打", "positioning": "天然水源", "price_band": "4-5 元",
             "strengths": ["品牌信任"], "weaknesses": ["年轻化不足"], "channels": ["商超"]},
        ],
        "channel_traits": [{"channel": "小红书", "audience": "年轻女性", "notes": SECRETS["meeting note"]}],
    },
    "proposal": {
        "problem_statement": "如何让传统饮料品牌的新品在三个月内被年轻人看见并愿意首购？",
        "objectives": ["O1", "O2", "O3", "O4"],
        "creative_direction": "“一口青柠，清爽开场”",
        "strategy_map": [
            {"channel": "抖音", "funnel_stage": "awareness", "content": "开屏 + 挑战赛", "rhythm": "上市周每日",
             "objectives": ["O1"]},
            {"channel": "小红书", "funnel_stage": "consideration", "content": "达人测评",
             "rhythm": "预热期每周 3 条", "objectives": ["O2"]},
            {"channel": "线下", "funnel_stage": "experience", "content": "快闪店试饮", "rhythm": "8 月两个周末",
             "objectives": ["O3"]},
            {"channel": "微信", "funnel_stage": "purchase", "content": "小程序首购券", "rhythm": "持续",
             "objectives": ["O4"]},
        ],
        "timeline": [
            {"name": "预热", "start": "2026-07-27", "end": "2026-08-16", "focus": "种草"},
            {"name": "引爆", "start": "2026-08-17", "end": "2026-08-31", "focus": "曝光"},
            {"name": "持续", "start": "2026-09-01", "end": "2026-10-11", "focus": "转化"},
        ],
        "budget": {"total": 3000000, "roi": 0.8, "roas": 2.6,
                   "assumptions": ["CPM 按 35 元估算", "首购客单价 45 元"]},
        "risks_and_mitigation": ["达人内容审核延迟 → 提前两周提交"],
        "resource_needs": ["公关团队支持快闪店", "数据团队搭建看板"],
    },
    "work_items": WORK_ITEMS,
    "budget": {
        "total": 3000000,
        "agency_fee": 287500,
        "lines": [
            {"id": "B1", "channel": "抖音", "category": "media", "planned": 900000, "committed": 850000,
             "actual": 310000, "objective": "O1", "notes": SECRETS["budget line note"], "vendor": "巨量引擎"},
            {"id": "B2", "channel": "小红书", "category": "kol", "planned": 600000, "committed": 580000,
             "actual": 220000, "vendor": SECRETS["vendor"], "objective": "O2", "contract_signed": True},
            {"id": "B3", "channel": "微信", "category": "media", "planned": 400000, "actual": 60000,
             "objective": "O4"},
            {"id": "B4", "channel": "线下", "category": "event", "planned": 500000, "committed": 480000,
             "actual": 150000, "objective": "O3"},
            {"id": "B5", "channel": "代理服务", "category": "fee", "planned": 287500},
            {"id": "B6", "channel": "人力", "category": "labour", "planned": 123400},
        ],
    },
    "risks": [
        {"id": "R1", "description": "达人内容审核延迟", "category": "platform", "channel": "小红书",
         "likelihood": 4, "severity": 3, "response": "提前两周提交审核", "owner": "张伟",
         "contingency": {"when": "审核超过 3 天", "then": "启用备选达人"},
         "communication": SECRETS["risk talk plan"]},
        {"id": "R2", "description": "快闪店选址未获批", "category": "operations", "likelihood": 2,
         "severity": 5, "response": "同步准备商超备选", "owner": "赵磊",
         "contingency": {"when": "8 月 5 日前未获批", "then": "改为商超快闪"}},
        {"id": "R3", "description": "抖音 CTR 低于预期", "category": "performance", "channel": "抖音",
         "likelihood": 3, "severity": 3, "owner": "刘洋",
         "trigger": {"metric": "ctr", "channel": "抖音", "comparison": "<", "threshold": 0.01,
                     "consecutive_days": 3},
         "contingency": {"when": "CTR 连续 3 天低于 1%", "then": "更换素材并调整定向"}},
        {"id": "R4", "description": SECRETS["client risk"], "category": "client", "likelihood": 4,
         "severity": 4, "owner": "王敏"},
        {"id": "R5", "description": "广告法用语风险", "category": "legal", "likelihood": 2, "severity": 4,
         "owner": "孙悦", "status": "watching"},
    ],
    "cadence": [
        {"id": "C1", "meeting": "内部站会", "frequency": "FREQ=WEEKLY;BYDAY=MO,WE,FR", "start": "2026-07-06",
         "time": "09:30", "duration_minutes": 15, "participants": ["王敏", "李娜", "刘洋"],
         "decision_authority": "王敏（执行层面）", "disclosure": "IM 群纪要", "visualisation": "看板",
         "records": [{"id": "M1", "date": "2026-07-06", "attendees": ["王敏"],
                      "notes": SECRETS["meeting note"], "decisions": ["D2"]}]},
        {"id": "C2", "meeting": "客户周会", "frequency": "FREQ=WEEKLY;BYDAY=TH", "start": "2026-07-09",
         "time": "15:00", "duration_minutes": 60, "participants": ["王敏", "赵总", "钱经理"],
         "includes_client": True, "decision_authority": "赵总拍板预算与创意",
         "disclosure": "会后 24 小时内邮件纪要", "visualisation": "周报 PDF",
         "records": [{"id": "M2", "date": "2026-07-09", "attendees": ["王敏", "赵总"], "decisions": ["D1"],
                      "notes": SECRETS["meeting note"]}]},
        {"id": "C3", "meeting": "数据复盘会", "frequency": "FREQ=WEEKLY;INTERVAL=2;BYDAY=FR",
         "start": "2026-08-21", "time": "14:00", "participants": ["周婷", "刘洋", "王敏"],
         "decision_authority": "周婷提出优化建议，王敏决定"},
    ],
    "decisions": [
        {"id": "D1", "what": "主视觉采用第二版", "by": "赵总", "date": "2026-08-05", "client_confirmed": True},
        {"id": "D2", "what": SECRETS["internal decision"], "by": "王敏", "date": "2026-07-06", "internal": True},
        {"id": "D3", "what": SECRETS["unconfirmed decision"], "by": "王敏", "date": "2026-08-08"},
    ],
    "commitments": [
        {"id": "K1", "promise": "每周四前提交效果周报", "owner": "周婷", "due": "2026-10-08"},
    ],
    "retrospective": {
        "metrics": [
            {"metric": "impressions", "objective": "O1", "target": 80000000, "actual": 26000000, "unit": "次"},
            {"metric": "attendance", "objective": "O3", "target": 12000, "actual": 4100, "unit": "人"},
        ],
        "learnings": ["达人内容需预留更长审核时间"],
        "long_term_value": SECRETS["relationship note"],
    },
}


def l3_data() -> dict[str, Any]:
    return copy.deepcopy(BASE)


def l1_data() -> dict[str, Any]:
    data = l3_data()
    data["id"] = "qingquan-launch-l1"
    data["level"] = 1
    data["insight"] = {"industry_context": data["insight"]["industry_context"],
                       "pain_points": data["insight"]["pain_points"]}
    for key in ("hidden_goals", "benefit_points", "risk_points", "alternatives"):
        data["brief"].pop(key)
    data["proposal"]["strategy_map"] = []
    data["proposal"]["budget"] = {"total": 3000000}
    data["retrospective"].pop("long_term_value")
    return data


def bare_data() -> dict[str, Any]:
    """A project just after intake: nothing planned yet."""
    return {"id": "bare", "name": "新项目", "client": {"id": "c", "name": "某客户"}, "campaign_type": "launch",
            "kickoff": "2026-07-06", "launch": "2026-09-28"}


def cases() -> list[tuple[str, Project]]:
    out = [("fixture-l1", parse_project(l1_data())), ("fixture-l3", parse_project(l3_data()))]
    for name in ("launch-l1.yaml", "launch-l3.yaml"):
        path = EXAMPLES / name
        if path.is_file():
            from aeflow.storage.yamlfile import load_project_file

            out.append((f"examples-{name[:-5]}", load_project_file(path)))
    return out


CASES = cases()


@pytest.fixture(params=CASES, ids=[c[0] for c in CASES])
def case(request: pytest.FixtureRequest) -> Project:
    return request.param[1]


@pytest.fixture
def l3() -> Project:
    return parse_project(l3_data())


@pytest.fixture
def l1() -> Project:
    return parse_project(l1_data())


@pytest.fixture
def bare() -> Project:
    return parse_project(bare_data())


@pytest.fixture
def extras() -> Extras:
    return Extras(today=TODAY, generated_at=GENERATED, version=1)
