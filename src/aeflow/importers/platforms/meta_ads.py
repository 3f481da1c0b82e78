"""Meta Ads Manager exports (Facebook / Instagram): "Export table data" as CSV or XLSX."""

from aeflow.i18n import N_
from aeflow.importers.registry import Platform

PLATFORM = Platform(
    key="meta_ads",
    label=N_("Meta Ads Manager"),
    channel="meta",
    columns={
        "date": ("Day", "Reporting starts", "Date"),
        "account": ("Account name", "Account ID"),
        "campaign": ("Campaign name", "Campaign ID"),
        "ad_group": ("Ad set name", "Ad set ID"),
        "creative": ("Ad name", "Ad ID"),
        "channel": ("Platform", "Publisher platform"),
        "region": ("Region", "Country"),
        "impressions": ("Impressions",),
        "reach": ("Reach",),
        "clicks": ("Link clicks", "Clicks (all)", "Clicks"),
        "spend": ("Amount spent", "Amount spent (CNY)", "Amount spent (USD)"),
        "conversions": ("Results", "Purchases", "Website purchases", "Leads"),
        "revenue": ("Purchases conversion value", "Website purchases conversion value",
                    "Purchase conversion value", "Conversion value"),
        "video_views": ("3-second video plays", "Video plays", "ThruPlays"),
        "engagements": ("Post engagements", "Post engagement"),
        "followers": ("Page likes", "Follows", "Instagram follows"),
    },
    signature=("Reporting starts", "Reporting ends", "Amount spent", "Ad set name", "Reach", "Frequency",
               "Link clicks"),
)
