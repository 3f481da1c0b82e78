"""阿里妈妈 万相台 (淘宝 / 天猫) report exports, including 万相台无界版 naming."""

from aeflow.i18n import N_
from aeflow.importers.registry import Platform

PLATFORM = Platform(
    key="alimama",
    label=N_("Alimama Wanxiangtai"),
    channel="tmall",
    columns={
        "date": ("日期", "时间", "数据日期"),
        "account": ("店铺名称", "账户名称", "账户"),
        "campaign": ("计划名称", "计划名字", "计划ID"),
        "ad_group": ("单元名称", "单元名字", "主体名称", "单元ID"),
        "creative": ("创意名称", "宝贝名称", "商品名称", "商品ID", "宝贝ID", "主体ID"),
        "region": ("地域", "省份"),
        "impressions": ("展现量",),
        "clicks": ("点击量",),
        "spend": ("花费",),
        "conversions": ("总成交笔数", "成交笔数", "直接成交笔数"),
        "revenue": ("总成交金额", "成交金额", "直接成交金额"),
        "followers": ("收藏店铺数", "店铺收藏数"),
    },
    signature=("总成交金额", "总成交笔数", "投入产出比", "总购物车数", "总收藏数", "宝贝名称", "计划名字"),
    engagement_parts=("总收藏数", "收藏宝贝数", "总购物车数", "加购数"),
)
