"""快手 磁力金牛 (Kuaishou Magnetic Jinniu) e-commerce ad report exports."""

from aeflow.i18n import N_
from aeflow.importers.registry import Platform

PLATFORM = Platform(
    key="kuaishou",
    label=N_("Kuaishou Magnetic Jinniu"),
    channel="kuaishou",
    columns={
        "date": ("日期", "时间", "数据日期"),
        "account": ("账户名称", "账户ID", "快手ID", "账号名称"),
        "campaign": ("计划名称", "计划", "计划ID"),
        "ad_group": ("单元名称", "广告组名称", "组名称", "单元ID"),
        "creative": ("创意名称", "作品名称", "创意ID", "作品ID", "素材ID"),
        "region": ("地域", "省份"),
        "impressions": ("封面曝光数", "曝光数", "素材曝光数"),
        "clicks": ("封面点击数", "点击数", "行为数"),
        "spend": ("花费", "消耗"),
        "conversions": ("订单数", "成交订单数", "支付订单数", "转化数"),
        "revenue": ("GMV", "成交金额", "支付金额", "直播间成交金额"),
        "video_views": ("播放数", "3s播放数", "有效播放数"),
        "followers": ("涨粉数", "新增粉丝数", "关注数"),
    },
    signature=("封面曝光数", "封面点击数", "GMV", "涨粉数", "行为数", "作品ID", "素材曝光数"),
    engagement_parts=("点赞数", "评论数", "分享数"),
)
