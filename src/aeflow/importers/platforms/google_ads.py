"""Google Ads report downloads (the web UI's "Download" as CSV, TSV or Excel).

The UI writes a report title and the date range above the header, and ``Total: …`` rows at the
bottom; older AdWords downloads were UTF-16 tab-separated.
"""

from aeflow.i18n import N_
from aeflow.importers.registry import Platform

PLATFORM = Platform(
    key="google_ads",
    label=N_("Google Ads"),
    channel="google",
    columns={
        "date": ("Day", "Date"),
        "account": ("Account", "Account name", "Customer ID"),
        "campaign": ("Campaign", "Campaign name", "Campaign ID"),
        "ad_group": ("Ad group", "Ad group name", "Ad group ID"),
        "creative": ("Ad", "Ad name", "Ad ID", "Asset group"),
        "channel": ("Network", "Network (with search partners)"),
        "region": ("Region", "Region (User location)", "City"),
        "impressions": ("Impr.", "Impressions", "Impr"),
        "reach": ("Unique users", "Unique reach"),
        "clicks": ("Clicks",),
        "spend": ("Cost",),
        "conversions": ("Conversions", "Conv."),
        "revenue": ("Conv. value", "Conversion value", "Total conv. value", "All conv. value"),
        "video_views": ("Views", "Video views"),
        "engagements": ("Engagements", "Interactions"),
    },
    signature=("Impr.", "Conv. value", "Ad group", "Currency code", "Avg. CPC", "Cost / conv.", "Interactions"),
)
