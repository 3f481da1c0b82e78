"""巨量引擎 Ocean Engine (抖音 / 今日头条 / 西瓜视频 / 穿山甲) report exports.

Covers the 巨量广告 2.0 naming (项目 / 广告 / 素材) and the older 1.0 naming (广告组 / 计划 / 创意).
"""

from aeflow.i18n import N_
from aeflow.importers.registry import Platform

PLATFORM = Platform(
    key="oceanengine",
    label=N_("Ocean Engine (Douyin)"),
    channel="douyin",
    columns={
        "date": ("日期", "时间", "数据日期", "统计日期", "stat_datetime"),
        "account": ("账户名称", "广告主名称", "账户ID", "广告主ID", "账户id"),
        "campaign": ("项目名称", "广告组名称", "广告组", "项目ID", "广告组ID"),
        "ad_group": ("广告名称", "计划名称", "广告计划名称", "广告计划", "广告ID", "计划ID"),
        "creative": ("素材名称", "创意名称", "素材ID", "创意ID", "视频ID"),
        "channel": ("首选媒体", "投放版位", "广告位", "媒体"),
        "region": ("省份", "省级地域", "地域", "城市"),
        "impressions": ("展示数", "展示次数", "展现数"),
        "reach": ("覆盖人数", "触达人数"),
        "clicks": ("点击数", "点击次数"),
        "spend": ("消耗", "总花费", "花费", "消耗金额"),
        "conversions": ("转化数", "转化量", "目标转化数"),
        "revenue": ("直接成交金额", "成交金额", "直接支付金额", "支付金额", "整体成交金额", "付费金额",
                    "订单金额", "转化金额"),
        "video_views": ("播放数", "视频播放数", "总播放数", "播放量"),
        "engagements": ("互动数", "互动量"),
        "followers": ("新增关注数", "关注数", "粉丝增量"),
    },
    signature=("展示数", "消耗", "首选媒体", "项目名称", "广告主ID", "广告组名称", "素材ID"),
    engagement_parts=("点赞数", "评论数", "分享数"),
)
