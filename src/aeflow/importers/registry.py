"""The platform registry: one :class:`Platform` per ad platform, each defined in its own module
under :mod:`aeflow.importers.platforms` and registered here, and detection from a header row.

A platform is data: for every canonical field the header names its exports use (the first one
present in a file wins), the fields a file must have, and the headers only it uses (its
signature), which break ties when several platforms know a header.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

DIMENSIONS = ("date", "channel", "account", "campaign", "ad_group", "creative", "region")
KEY_DIMENSIONS = ("channel", "account", "campaign", "ad_group", "creative", "region")
MEASURES = ("impressions", "reach", "clicks", "spend", "conversions", "revenue", "video_views",
            "engagements", "followers", "attendance", "store_sales", "new_members")
MONEY = frozenset({"spend", "revenue", "store_sales"})
COUNTS = frozenset({"impressions", "reach", "clicks", "video_views", "engagements", "followers",
                    "attendance", "new_members"})
ONLINE_REQUIRED = ("date", "impressions", "clicks", "spend")

CHANNEL_NAMES = {
    "抖音": "douyin", "douyin": "douyin", "今日头条": "toutiao", "头条": "toutiao", "西瓜视频": "xigua",
    "穿山甲": "pangle", "微信": "wechat", "朋友圈": "wechat", "微信朋友圈": "wechat", "公众号": "wechat",
    "微信公众号": "wechat", "视频号": "wechat", "微信视频号": "wechat", "小红书": "xiaohongshu", "天猫": "tmall",
    "淘宝": "taobao", "快手": "kuaishou", "微博": "weibo", "线下": "offline", "快闪": "offline", "门店": "offline",
    "达人": "kol", "b站": "bilibili", "哔哩哔哩": "bilibili", "京东": "jd", "拼多多": "pdd",
    "facebook": "meta", "instagram": "meta", "messenger": "meta", "audience network": "meta",
    "google search": "google", "search network": "google", "display network": "google", "youtube": "google",
}
"""Channel names as exports write them → the canonical channel names projects use."""

_UNIT = re.compile(r"\s*[(（\[【][^)）\]】]*[)）\]】]\s*$")


@functools.lru_cache(maxsize=65536)
def normalise_header(name: str) -> str:
    """Compare headers without case, spaces, a BOM, or a trailing unit such as ``(元)`` / ``(USD)``."""
    text = str(name).replace("\ufeff", "").strip()
    text = _UNIT.sub("", text)
    return re.sub(r"\s+", "", text).lower()


def header_unit(name: str) -> str:
    """The unit in a header's trailing brackets, e.g. ``USD`` of ``Amount spent (USD)``."""
    m = re.search(r"[(（\[【]([^)）\]】]*)[)）\]】]\s*$", str(name))
    return m.group(1).strip() if m else ""


@dataclass(frozen=True)
class Platform:
    key: str
    label: str
    channel: str
    columns: Mapping[str, tuple[str, ...]]
    required: tuple[str, ...] = ONLINE_REQUIRED
    required_any: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()
    engagement_parts: tuple[str, ...] = ()
    _index: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for canonical, names in self.columns.items():
            for name in names:
                self._index.setdefault(normalise_header(name), canonical)
        for name in self.engagement_parts:
            self._index.setdefault(normalise_header(name), "engagement_part")

    def field_of(self, header: str) -> str | None:
        return self._index.get(normalise_header(header))

    def score(self, header: Iterable[str]) -> int:
        return self.score_cells({normalise_header(str(h)) for h in header if str(h).strip()})

    def score_cells(self, cells: set[str]) -> int:
        """:meth:`score` of a row's normalised, non-empty cells."""
        known = sum(1 for c in cells if c in self._index)
        signature = sum(1 for s in self.signature if normalise_header(s) in cells)
        has_date = any(normalise_header(n) in cells for n in self.columns.get("date", ()))
        return (known + 2 * signature) if has_date and known >= 2 else 0

    def mapping(self, header: list[str]) -> dict[str, int]:
        """Canonical field → column index; for each field the first listed header present wins."""
        positions = {normalise_header(h): i for i, h in reversed(list(enumerate(header)))}
        out: dict[str, int] = {}
        for canonical, names in self.columns.items():
            for name in names:
                i = positions.get(normalise_header(name))
                if i is not None:
                    out[canonical] = i
                    break
        return out

    def engagement_columns(self, header: list[str]) -> list[int]:
        wanted = {normalise_header(n) for n in self.engagement_parts}
        return [i for i, h in enumerate(header) if normalise_header(h) in wanted]

    def missing(self, mapping: Mapping[str, int]) -> list[str]:
        out = [f for f in self.required if f not in mapping]
        if self.required_any and not any(f in mapping for f in self.required_any):
            out.append(" / ".join(self.required_any))
        return out

    def headers_for(self, canonical: str) -> tuple[str, ...]:
        return self.columns.get(canonical, ())


PLATFORM_MODULES = ("oceanengine", "tencent", "xiaohongshu", "alimama", "kuaishou", "weibo",
                    "google_ads", "meta_ads", "offline")

REGISTRY: dict[str, Platform] = {}


def register(platform: Platform) -> Platform:
    REGISTRY[platform.key] = platform
    return platform


def _load() -> None:
    if not REGISTRY:
        for name in PLATFORM_MODULES:
            register(importlib.import_module(f"aeflow.importers.platforms.{name}").PLATFORM)


def platforms() -> dict[str, Platform]:
    _load()
    return REGISTRY


def get(key: str) -> Platform | None:
    return platforms().get(key)


def detect(rows: list[list[str]], only: Platform | None = None) -> tuple[int, Platform] | None:
    """The header row (index into ``rows``) and the platform whose headers it matches best."""
    best: tuple[int, int, Platform] | None = None
    candidates = [only] if only else list(platforms().values())
    for i, row in enumerate(rows):
        cells = {normalise_header(str(h)) for h in row if str(h).strip()}
        for platform in candidates:
            s = platform.score_cells(cells)
            if s and (best is None or s > best[0]):
                best = (s, i, platform)
    return None if best is None else (best[1], best[2])
