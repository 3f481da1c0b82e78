"""小红书聚光 (Xiaohongshu Juguang) data-report exports: 计划 / 单元 / 创意 / 笔记 reports."""

from aeflow.i18n import N_
from aeflow.importers.registry import Platform

PLATFORM = Platform(
    key="xiaohongshu",
    label=N_("Xiaohongshu Juguang"),
    channel="xiaohongshu",
    columns={
        "date": ("时间", "日期", "数据日期"),
        "account": ("账户名称", "广告主名称", "账户ID"),
        "campaign": ("计划名称", "计划", "计划ID"),
        "ad_group": ("单元名称", "单元", "单元ID"),
        "creative": ("创意名称", "笔记标题", "笔记名称", "创意ID", "笔记ID"),
        "region": ("地域", "省份"),
        "impressions": ("展现量", "曝光量"),
        "reach": ("到达人数", "触达人数"),
        "clicks": ("点击量", "点击数"),
        "spend": ("消费", "花费"),
        "conversions": ("转化数", "商品成交订单量", "成交订单量", "表单提交", "私信留资数"),
        "revenue": ("商品成交金额", "成交金额", "7日支付金额", "支付金额", "GMV"),
        "video_views": ("视频播放量", "播放量"),
        "engagements": ("互动量", "互动数"),
        "followers": ("新增关注", "关注", "新增粉丝"),
    },
    signature=("展现量", "消费", "互动量", "单元名称", "笔记ID", "笔记标题", "私信留资数"),
    engagement_parts=("点赞", "收藏", "评论", "分享"),
)
