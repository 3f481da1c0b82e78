"""腾讯广告 (朋友圈 / 公众号 / 视频号 / 腾讯新闻 / 优量汇) report exports."""

from aeflow.i18n import N_
from aeflow.importers.registry import Platform

PLATFORM = Platform(
    key="tencent",
    label=N_("Tencent Ads"),
    channel="wechat",
    columns={
        "date": ("日期", "时间", "数据日期"),
        "account": ("账户名称", "广告主名称", "账户ID", "账户id"),
        "campaign": ("推广计划名称", "计划名称", "推广计划", "推广计划ID"),
        "ad_group": ("广告名称", "广告组名称", "广告", "广告ID"),
        "creative": ("创意名称", "动态创意名称", "创意ID", "动态创意ID"),
        "channel": ("版位", "广告版位", "投放版位", "站点集"),
        "region": ("地域", "省份", "城市"),
        "impressions": ("曝光次数", "曝光量"),
        "reach": ("曝光人数",),
        "clicks": ("点击次数", "点击量"),
        "spend": ("花费", "消耗"),
        "conversions": ("目标转化量", "转化目标量", "转化量", "下单量"),
        "revenue": ("下单金额", "付费金额", "首日付费金额", "小程序支付金额", "订单金额"),
        "video_views": ("视频播放次数", "视频播放量"),
        "engagements": ("互动量", "互动次数"),
        "followers": ("关注次数", "公众号关注次数", "关注量"),
    },
    signature=("曝光次数", "点击次数", "目标转化量", "推广计划名称", "下单金额", "曝光人数"),
    engagement_parts=("点赞次数", "评论次数", "分享次数"),
)
