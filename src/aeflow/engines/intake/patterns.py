"""The date and duration expressions, one finder per form; each yields :class:`DateHit` objects.

The resolving conventions are documented in :mod:`aeflow.engines.intake.dates`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import cn2an
from dateutil.relativedelta import relativedelta

GRACE_DAYS = 31
CN_SMALL = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
NUM_ZH = r"\d{1,3}|[一二两三四五六七八九十]{1,3}|半"
NUM_EN = r"\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
_EN_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
          "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
          "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
WEEKDAYS = {"monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2, "thursday": 3,
            "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5, "sat": 5, "sunday": 6, "sun": 6}
_ZH_WEEKDAY = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "1": 0, "2": 1, "3": 2,
               "4": 3, "5": 4, "6": 5, "7": 6}
_ZH_WHICH = {"下下": "next2", "下": "next", "本": "this", "这": "this", "上": "last", "": ""}


@dataclass(frozen=True)
class DateHit:
    """A date or duration expression before its role is known."""

    start: int
    end: int
    date: dt.date | None
    range_start: dt.date | None = None
    vague: bool = False
    before: bool = False
    period: bool = False
    festival: bool = False
    kind: str = "date"  # date | range | within | flight | launch_rel | launch_day
    offset: relativedelta | None = None
    days: int | None = None
    role: str = "mention"


def small_int(token: str) -> float | None:
    if token.isdigit():
        return int(token)
    if token == "半":
        return 0.5
    token = _EN_NUMBERS.get(token.lower(), token)  # type: ignore[assignment]
    if isinstance(token, int):
        return token
    try:
        return int(cn2an.cn2an(token, "normal"))
    except (ValueError, KeyError, IndexError, TypeError):
        return None


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def in_year(ref: dt.date, month: int, day: int, year: int | None = None) -> dt.date | None:
    """``month/day`` in ``year`` when written; else this year, or next year if long past."""
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    try:
        if year is not None:
            return dt.date(year, month, day)
        candidate = dt.date(ref.year, month, day)
        if candidate < ref - dt.timedelta(days=GRACE_DAYS):
            candidate = dt.date(ref.year + 1, month, day)
    except ValueError:
        return None
    return candidate


def month_year(ref: dt.date, month: int, year: int | None = None) -> int:
    if year is not None:
        return year
    return ref.year + 1 if month_end(ref.year, month) < ref - dt.timedelta(days=GRACE_DAYS) else ref.year


def month_part(year: int, month: int, part: str | None) -> tuple[dt.date, dt.date, bool]:
    """(range_start, date, vague) of a part of a month; the whole month when ``part`` is empty."""
    last = month_end(year, month)
    part = (part or "").lower().strip()
    if part in ("初", "上旬", "early", "beginning of", "start of"):
        return dt.date(year, month, 1), dt.date(year, month, 10), True
    if part in ("中", "中旬", "mid", "mid-", "middle of"):
        return dt.date(year, month, 11), dt.date(year, month, 20), True
    if part in ("下旬", "late"):
        return dt.date(year, month, 21), last, True
    if part in ("底", "末", "end of", "the end of"):
        return last, last, False
    return dt.date(year, month, 1), last, True


def weekday_date(ref: dt.date, weekday: int, which: str) -> dt.date:
    """``which``: this / next / next2 / last (that calendar week, Monday first) or '' (next occurrence)."""
    if which == "":
        return ref + dt.timedelta(days=(weekday - ref.weekday()) % 7)
    weeks = {"this": 0, "next": 1, "next2": 2, "last": -1}[which]
    return ref - dt.timedelta(days=ref.weekday()) + dt.timedelta(weeks=weeks, days=weekday)


def delta(n: float, unit: str) -> relativedelta:
    unit = unit.lower()
    if n == 0.5:
        return relativedelta(months=6) if unit.startswith(("年", "year")) else relativedelta(days=15)
    n = int(n)
    if unit.startswith(("个月", "月", "month")):
        return relativedelta(months=n)
    if unit.startswith(("个星期", "星期", "周", "礼拜", "week")):
        return relativedelta(weeks=n)
    if unit.startswith(("年", "year")):
        return relativedelta(years=n)
    return relativedelta(days=n)


Finder = Callable[[str, dt.date], Iterator[DateHit]]
FINDERS: list[Finder] = []


def finder(pattern: str, flags: int = re.IGNORECASE) -> Callable[[Callable[[re.Match[str], dt.date, str], DateHit | None]],
                                                      Finder]:
    rx = re.compile(pattern, flags)

    def wrap(fn: Callable[[re.Match[str], dt.date, str], DateHit | None]) -> Finder:
        def find(text: str, ref: dt.date) -> Iterator[DateHit]:
            for m in rx.finditer(text):
                hit = fn(m, ref, text)
                if hit is not None:
                    yield hit
        FINDERS.append(find)
        return find
    return wrap


def _date(m: re.Match[str], day: dt.date | None, **kw: object) -> DateHit | None:
    return DateHit(m.start(), m.end(), day, **kw) if day else None  # type: ignore[arg-type]


@finder(r"(?<!\d)(20\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")
def _iso(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    return _date(m, in_year(ref, int(m[2]), int(m[3]), int(m[1])))


@finder(rf"(?:(20\d{{2}})\s*年\s*)?({CN_SMALL})\s*月\s*({CN_SMALL})\s*(日|号)?")
def _cn_day(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    if not m[4] and (not m[3].isdigit() or re.match(r"[\d个周天万千百%人次篇条.]", text[m.end():m.end() + 1])):
        return None
    month, day = small_int(m[2]), small_int(m[3])
    if month is None or day is None:
        return None
    return _date(m, in_year(ref, int(month), int(day), int(m[1]) if m[1] else None))


@finder(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?![\d/%])")
def _slash(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    after = re.match(r"\s*(?:前|之前|以前|上线|上市|开始|启动|截止|发布|开售|开播|左右|当天|号|至|到|-|~)",
                     text[m.end():m.end() + 6])
    before = re.search(r"(?:on|by|before|until|from|截止|于|在)\s*$", text[max(0, m.start() - 8):m.start()], re.IGNORECASE)
    if not (after or before):
        return None
    return _date(m, in_year(ref, int(m[1]), int(m[2])))


@finder(rf"(下下个?|下个?|本|这个?|当|次|上个?)月\s*(?:({CN_SMALL})\s*(?:号|日)|(底|末|初|中旬|上旬|下旬|中))?")
def _rel_month(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    which = m[1].rstrip("个")
    first = ref.replace(day=1) + relativedelta(months={"下下": 2, "下": 1, "次": 1, "上": -1}.get(which, 0))
    if m[2]:
        day = small_int(m[2])
        return _date(m, in_year(ref, first.month, int(day or 1), first.year)) if day else None
    start, end, vague = month_part(first.year, first.month, m[3])
    return DateHit(m.start(), m.end(), end, range_start=start, vague=vague)


@finder(r"(?:(20\d{2})\s*年\s*)?(1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])\s*月\s*(底|末|初|中旬|上旬|下旬|中|份)?")
def _month(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    if m.start() > 0 and text[m.start() - 1] in "个第每上下本这0123456789":
        return None
    month = int(small_int(m[2]) or 0)
    if not 1 <= month <= 12:
        return None
    year = month_year(ref, month, int(m[1]) if m[1] else None)
    start, end, vague = month_part(year, month, None if m[3] == "份" else m[3])
    return DateHit(m.start(), m.end(), end, range_start=start, vague=vague)


@finder(r"(?<![\d一二三四五六七八九十年月号日])(月底|月末|月初|月中)")
def _bare_month_part(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    line_start = max(text.rfind(c, 0, m.start()) for c in "。\n;!?") + 1
    earlier = re.findall(r"(1[0-2]|0?[1-9])\s*月", text[line_start:m.start()])
    month = int(earlier[-1]) if earlier else ref.month
    year = month_year(ref, month)
    start, end, vague = month_part(year, month, m[1][1])
    return DateHit(m.start(), m.end(), end, range_start=start, vague=vague)


@finder(r"(今年|明年|(20\d{2})\s*年?)?\s*(年底|年末|年初|年中|年内|全年|上半年|下半年)")
def _year_part(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    year = int(m[2]) if m[2] else ref.year + (1 if m[1] == "明年" else 0)
    part = m[3]
    if part == "年初" and not m[1] and ref.month >= 7:
        year += 1
    spans = {"年底": (12, 12, False), "年末": (12, 12, False), "年初": (1, 1, True), "年中": (6, 7, True),
             "年内": (1, 12, False), "全年": (1, 12, False), "上半年": (1, 6, True), "下半年": (7, 12, True)}
    first, last, vague = spans[part]
    start = dt.date(year, first, 1) if part not in ("年底", "年末") else month_end(year, 12)
    end = month_end(year, last) if part != "年中" else dt.date(year, 6, 30)
    start_token = m.start(3) if not m[1] else m.start()
    return DateHit(start_token, m.end(), end, range_start=start, vague=vague, period=part in ("年内", "全年"))


@finder(r"\b(?:by\s+)?(?:the\s+)?(?:end\s+of\s+(?:the\s+)?year|year[- ]end|(first|second)\s+half(?:\s+of\s+the\s+year)?)\b"
        r"|(?<![A-Za-z])(H[12])(?![A-Za-z0-9])")
def _year_part_en(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    half = (m[1] or "").lower() or (m[2] or "").lower()
    if half in ("first", "h1"):
        return DateHit(m.start(), m.end(), dt.date(ref.year, 6, 30), range_start=dt.date(ref.year, 1, 1), vague=True)
    if half in ("second", "h2"):
        return DateHit(m.start(), m.end(), dt.date(ref.year, 12, 31), range_start=dt.date(ref.year, 7, 1),
                       vague=True)
    return DateHit(m.start(), m.end(), dt.date(ref.year, 12, 31))


@finder(r"(?:(20\d{2})\s*年?\s*)?(?:(?<![A-Za-z])Q([1-4])(?![0-9])|第?([一二三四1-4])季度)(?:\s*(20\d{2}))?\s*(末|底|end)?")
def _quarter(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    q = int(small_int(m[2] or m[3]) or 0)
    year_text = m[1] or m[4]
    last = q * 3
    year = int(year_text) if year_text else month_year(ref, last)
    return DateHit(m.start(), m.end(), month_end(year, last), range_start=dt.date(year, last - 2, 1),
                   vague=not m[5])


@finder(r"大后天|后天|明天|明日|今天|今日|\b(?:the\s+day\s+after\s+tomorrow|tomorrow|today)\b")
def _rel_day(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    word = m[0].lower()
    days = {"大后天": 3, "后天": 2, "the day after tomorrow": 3, "明天": 1, "明日": 1, "tomorrow": 1}
    return DateHit(m.start(), m.end(), ref + dt.timedelta(days=days.get(" ".join(word.split()), 0)))


@finder(r"(下下|下|本|这|上)?个?\s*(?:周|星期|礼拜)([一二三四五六日天1-7])")
def _weekday_zh(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    return DateHit(m.start(), m.end(), weekday_date(ref, _ZH_WEEKDAY[m[2]], _ZH_WHICH[m[1] or ""]))


@finder(r"(下下|下|本|这)个?\s*(?:周|星期|礼拜)(?![一二三四五六日天1-7年])")
def _week_zh(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    friday = weekday_date(ref, 4, _ZH_WHICH[m[1]])
    return DateHit(m.start(), m.end(), friday, range_start=friday - dt.timedelta(days=4), vague=True)


@finder(r"\b(?:(next|this|coming)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday"
        r"|(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?=\.|\b))\b\.?")
def _weekday_en(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    which = (m[1] or "").lower()
    if len(m[2]) <= 5 and not which and not re.search(r"(?:on|by|before|until)\s*$", text[:m.start()], re.IGNORECASE):
        return None
    return DateHit(m.start(), m.end(), weekday_date(ref, WEEKDAYS[m[2].lower()],
                                                    {"next": "next", "this": "this", "coming": ""}.get(which, "")))


@finder(r"\b(?:(?:the\s+)?end\s+of\s+)?(next|this)\s+week\b")
def _week_en(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    friday = weekday_date(ref, 4, m[1].lower())
    return DateHit(m.start(), m.end(), friday, range_start=friday - dt.timedelta(days=4),
                   vague=not m[0].lower().startswith(("end", "the end")))


@finder(r"\b(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(next\s+)?month\b|\bmonth[- ]end\b")
def _month_end_en(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    first = ref.replace(day=1) + relativedelta(months=1 if m[1] else 0)
    end = month_end(first.year, first.month)
    return DateHit(m.start(), m.end(), end, range_start=end)


@finder(rf"\b({MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(20\d{{2}}))?")
def _en_month_day(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    return _date(m, in_year(ref, MONTHS[m[1].lower()], int(m[2]), int(m[3]) if m[3] else None))


@finder(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_RE})\b\.?(?:,?\s+(20\d{{2}}))?")
def _en_day_month(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    return _date(m, in_year(ref, MONTHS[m[2].lower()], int(m[1]), int(m[3]) if m[3] else None))


@finder(rf"\b(early|mid-?|late|(?:the\s+)?end\s+of|beginning\s+of|start\s+of)\s*({MONTH_RE})\b\.?(?:\s+(20\d{{2}}))?")
def _en_month_part(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    if m[2] == "may":
        return None
    month = MONTHS[m[2].lower()]
    year = month_year(ref, month, int(m[3]) if m[3] else None)
    start, end, vague = month_part(year, month, " ".join(m[1].lower().split()).rstrip("-") or None)
    return DateHit(m.start(), m.end(), end, range_start=start, vague=vague)


@finder(rf"\b(?:in|by|before|until|from|during|through)\s+({MONTH_RE})\b(?!\s*\d)")
def _en_month(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    if m[1] == "may":
        return None
    month = MONTHS[m[1].lower()]
    year = month_year(ref, month)
    start, end, vague = month_part(year, month, None)
    return DateHit(m.start(1), m.end(), end, range_start=start, vague=vague)


@finder(rf"(?:上线|开售|开业|开播)(?:后|之后)?\s*的?\s*(?:首|头|前|第一个?)\s*({NUM_ZH})?\s*(个月|月|个星期|周|天|日)"
        r"|(?<![上])(?:首|头)(月|周)")
def _launch_rel_zh(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    n = small_int(m[1]) if m[1] else 1
    unit = m[2] or m[3]
    return DateHit(m.start(), m.end(), None, kind="launch_rel", offset=delta(n or 1, unit)) if n else None


@finder(rf"\b(?:in\s+|during\s+|within\s+)?the\s+first\s+(?:({NUM_EN})\s+)?(days?|weeks?|months?)\s+"
        r"(?:after|post|from|of)\s+(?:the\s+)?(?:launch|go-live|going\s+live|opening|launching)\b")
def _launch_rel_en(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    n = small_int(m[1]) if m[1] else 1
    return DateHit(m.start(), m.end(), None, kind="launch_rel", offset=delta(n or 1, m[2])) if n else None


@finder(r"(?:上线|开业|开幕|开售|活动)当天|首日|\b(?:on\s+)?(?:the\s+)?(?:opening|launch|launching)\s+day\b|\bday\s+one\b")
def _launch_day(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    return DateHit(m.start(), m.end(), None, kind="launch_day", offset=relativedelta())


@finder(rf"({NUM_ZH})\s*(个月|个星期|星期|周|个工作日|工作日|天|日|年)\s*(?:之内|以内|内)")
def _within_zh(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    n = small_int(m[1])
    if not n:
        return None
    off = delta(n, m[2])
    return DateHit(m.start(), m.end(), ref + off, kind="within", offset=off, days=(ref + off - ref).days)


@finder(rf"\bwithin\s+(?:the\s+next\s+)?({NUM_EN})\s+(days?|weeks?|months?|years?)\b")
def _within_en(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    n = small_int(m[1])
    if not n:
        return None
    off = delta(n, m[2])
    return DateHit(m.start(), m.end(), ref + off, kind="within", offset=off, days=(ref + off - ref).days)


@finder(rf"(?<![上线])({NUM_ZH})\s*(个月|个星期|星期|周|天|年)\s*(?:之后|以后|后)|\bin\s+({NUM_EN})\s+(days?|weeks?|months?)\b"
        rf"|\b({NUM_EN})\s+(days?|weeks?|months?)\s+(?:from\s+now|later)\b")
def _after(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    n = small_int(m[1] or m[3] or m[5])
    if not n:
        return None
    return DateHit(m.start(), m.end(), ref + delta(n, m[2] or m[4] or m[6]))


@finder(rf"(?:为期|持续|周期|历时|跑|投放期)\s*(?:约|大概)?\s*({NUM_ZH})\s*(个月|个星期|星期|周|天|日|年)"
        rf"|\b(?:runs?|running|lasts|lasting|lasted|for|over)\s+(?:for\s+)?(?:about\s+)?({NUM_EN})\s+(days?|weeks?|months?)\b")
def _flight(m: re.Match[str], ref: dt.date, text: str) -> DateHit | None:
    n = small_int(m[1] or m[3])
    if not n:
        return None
    off = delta(n, m[2] or m[4])
    return DateHit(m.start(), m.end(), None, kind="flight", offset=off, days=(ref + off - ref).days)


# Durations and launch-relative expressions first: "半年内" must not be read as "年内".
_FIRST = {_within_zh, _within_en, _launch_rel_zh, _launch_rel_en, _launch_day, _flight, _after}
FINDERS[:] = [f for f in FINDERS if f in _FIRST] + [f for f in FINDERS if f not in _FIRST]
