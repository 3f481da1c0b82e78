"""Display names of the canonical metric and channel codes (``ctr``, ``douyin`` …), in one place for
every output: the dashboard (terminal and web), the documents, the engines' explanations.

Each value is a message id; :func:`metric_label` and :func:`channel_label` translate it. A code
with no entry is shown as written (a channel the project named itself, a custom metric).
"""

from __future__ import annotations

from aeflow.domain.budget import CostCategory
from aeflow.i18n import N_, _, get_language

METRIC_LABELS = {
    "impressions": N_("Impressions"), "reach": N_("Reach"), "clicks": N_("Clicks"), "ctr": N_("CTR"),
    "cpm": N_("CPM"), "cpc": N_("CPC"), "conversions": N_("Conversions"), "cvr": N_("CVR"),
    "cpa": N_("CPA"), "gmv": N_("GMV"), "revenue": N_("Revenue"), "roi": N_("ROI"), "roas": N_("ROAS"),
    "attendance": N_("Attendance"), "new_members": N_("New members"), "engagement": N_("Engagement"),
    "engagements": N_("Engagements"), "engagement_rate": N_("Engagement rate"), "cpe": N_("CPE"),
    "followers": N_("Followers"), "spend": N_("Spend"), "views": N_("Views"), "video_views": N_("Video views"),
    "frequency": N_("Frequency"), "store_sales": N_("Store sales"), "spend_pacing": N_("Spend pacing"),
}

CHANNEL_LABELS = {
    "douyin": N_("Douyin"), "xiaohongshu": N_("Xiaohongshu"), "wechat": N_("WeChat"),
    "wechat-moments": N_("WeChat Moments"), "wechat-channels": N_("WeChat Channels"),
    "wechat-oa": N_("WeChat official account"), "wechat-mini": N_("WeChat mini-program"), "wecom": N_("WeCom"),
    "weibo": N_("Weibo"), "kuaishou": N_("Kuaishou"), "bilibili": N_("Bilibili"), "tmall": N_("Tmall"),
    "taobao": N_("Taobao"), "jd": N_("JD.com"), "pinduoduo": N_("Pinduoduo"), "pdd": N_("Pinduoduo"),
    "zhihu": N_("Zhihu"), "baidu": N_("Baidu"), "toutiao": N_("Toutiao"), "offline": N_("Offline"),
    "offline-popup": N_("Pop-up"), "offline-store": N_("Stores"), "offline-outdoor": N_("Outdoor"),
    "kol": N_("KOL / creators"), "google": N_("Google"), "meta": N_("Meta"), "tiktok": N_("TikTok"),
    "all": N_("all channels"),
}

COST_LABELS = {
    CostCategory.media: N_("Media"), CostCategory.kol: N_("KOL / creators"),
    CostCategory.production: N_("Production"), CostCategory.event: N_("Event"),
    CostCategory.fee: N_("Agency fee"), CostCategory.labour: N_("Labour"), CostCategory.other: N_("Other"),
}


def metric_label(code: str) -> str:
    label = METRIC_LABELS.get(code.strip().lower())
    return _(label) if label else code


def channel_label(code: str) -> str:
    """``douyin`` → 抖音 / Douyin; empty (all channels) → 全部渠道 / all channels."""
    label = CHANNEL_LABELS.get((code or "all").strip().lower())
    return _(label) if label else code


def cost_label(category: CostCategory | str) -> str:
    label = COST_LABELS.get(CostCategory(category)) if category in CostCategory._value2member_map_ else None
    return _(label) if label else str(category)


def channels_label(codes: list[str] | tuple[str, ...]) -> str:
    sep = "、" if get_language() == "zh" else ", "
    return sep.join(channel_label(c) for c in codes) if codes else channel_label("")
