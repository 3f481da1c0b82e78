"""Offline results (线下): event attendance, store sales and new members, from a simple CSV.

Columns: a date, optionally an event (活动名称), a store or city (门店/城市) and a channel, and at
least one of 到场人数, 门店销售额, 新增会员.
"""

from aeflow.i18n import N_
from aeflow.importers.registry import Platform

PLATFORM = Platform(
    key="offline",
    label=N_("Offline results"),
    channel="offline",
    columns={
        "date": ("日期", "活动日期", "date"),
        "channel": ("渠道", "channel"),
        "campaign": ("活动名称", "活动", "event"),
        "region": ("门店", "城市", "地点", "store", "city", "location"),
        "attendance": ("到场人数", "参与人数", "到访人数", "attendance"),
        "store_sales": ("门店销售额", "销售额", "store sales", "sales"),
        "new_members": ("新增会员", "新增会员数", "新会员数", "new members"),
    },
    required=("date",),
    required_any=("attendance", "store_sales", "new_members"),
    signature=("到场人数", "新增会员", "门店销售额", "attendance", "new members"),
)
