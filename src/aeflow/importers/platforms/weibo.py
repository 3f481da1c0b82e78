"""微博 (超级粉丝通 / 微博广告) report exports."""

from aeflow.i18n import N_
from aeflow.importers.registry import Platform

PLATFORM = Platform(
    key="weibo",
    label=N_("Weibo Ads"),
    channel="weibo",
    columns={
        "date": ("日期", "时间", "数据日期"),
        "account": ("账户名称", "账户ID", "账号名称"),
        "campaign": ("广告系列名称", "广告计划名称", "计划名称", "广告系列"),
        "ad_group": ("广告组名称", "广告组", "广告组ID"),
        "creative": ("创意名称", "博文标题", "博文ID", "创意ID"),
        "region": ("地域", "省份"),
        "impressions": ("曝光量", "曝光数", "曝光次数"),
        "clicks": ("点击量", "点击数", "导流量"),
        "spend": ("消耗", "花费"),
        "conversions": ("转化数", "转化量"),
        "revenue": ("转化金额", "成交金额"),
        "video_views": ("视频播放量", "播放量"),
        "engagements": ("互动量", "互动数"),
        "followers": ("加关注数", "新增粉丝数", "涨粉数", "加关注"),
    },
    signature=("加关注数", "转发数", "博文ID", "博文标题", "广告系列名称", "导流量"),
    engagement_parts=("转发数", "评论数", "点赞数"),
)
