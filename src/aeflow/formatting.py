"""Numbers, money and dates formatted the way each language's users expect."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from functools import cache

from babel import Locale
from babel.numbers import format_currency, format_decimal

from aeflow.i18n import N_, _, get_language

BABEL_LOCALES = {"zh": "zh_CN", "en": "en_US"}
SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "HKD": "HK$", "JPY": "¥", "GBP": "£"}


@cache
def _locale(name: str) -> Locale:
    """Babel's locale object, parsed once (parsing a locale name on every call is slow)."""
    return Locale.parse(name)


def money(amount: Decimal | float | int | None, currency: str = "CNY", *, short: bool = False) -> str:
    """``¥1,234,567`` — or, with ``short`` in Chinese, ``¥123.5万`` / ``¥1.2亿``."""
    if amount is None:
        return "—"
    value = Decimal(str(amount))
    lang = get_language()
    if short and lang == "zh":
        sym = SYMBOLS.get(currency, currency + " ")
        for unit, size in (("亿", Decimal(100_000_000)), ("万", Decimal(10_000))):
            if abs(value) >= size:
                return f"{sym}{format_decimal(value / size, format='#,##0.#', locale=_locale('zh_CN'))}{unit}"
    fmt = "¤#,##0" if value == value.to_integral_value() else "¤#,##0.00"
    return format_currency(value, currency, format=fmt, locale=_locale(BABEL_LOCALES[lang]), currency_digits=False)


def number(value: float | int | Decimal | None, *, digits: int = 0, short: bool = True) -> str:
    """``1,234`` with ``digits`` decimals; whole numbers from 10,000 up in Chinese as ``1.23万`` /
    ``7.74亿`` unless ``short`` is off (a figure to check against another, digit for digit)."""
    if value is None:
        return "—"
    lang = get_language()
    if short and lang == "zh" and abs(float(value)) >= 10_000 and digits == 0:
        for unit, size in (("亿", 100_000_000), ("万", 10_000)):
            if abs(float(value)) >= size:
                return f"{format_decimal(float(value) / size, format='#,##0.##', locale=_locale('zh_CN'))}{unit}"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(BABEL_LOCALES[lang]))


def count(value: float | Decimal | None) -> str:
    """A count, whole: ``1,234``; from 10,000 up in Chinese in 万 or 亿 with at most one decimal
    (``5,112.2万``, ``1.2亿``, ``6万``) — how counts are read, not checked digit for digit."""
    if value is None:
        return "—"
    v = round(float(value))
    if get_language() == "zh":
        for unit, size in (("亿", 100_000_000), ("万", 10_000)):
            if abs(v) >= size:
                return f"{format_decimal(v / size, format='#,##0.#', locale=_locale('zh_CN'))}{unit}"
    return format_decimal(v, format="#,##0", locale=_locale(BABEL_LOCALES[get_language()]))


MONEY_UNITS = frozenset({"元", "¥", "yuan", "CNY", "RMB"})


def kpi_value(value: float | None, unit: str) -> str:
    """A KPI value with its unit, one format per kind of number, so a target, an actual and a
    forecast of the same KPI always look alike: ratios stored as fractions (unit ``%``) as
    percentages, multiples (``x``) with two decimals, money in yuan with cents below ¥1,000 (CPA,
    CPC) and whole yuan above, counts by :func:`count`."""
    if value is None:
        return "—"
    v = float(value)
    if unit == "%":
        return f"{v * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if unit in ("x", "倍"):
        return f"{v:.2f}{unit}"
    if unit in MONEY_UNITS:
        return f"{number(v, digits=2 if abs(v) < 1000 else 0)}{unit}"
    return f"{count(v)}{unit}"


def date(value: dt.date | None) -> str:
    if value is None:
        return "—"
    return value.isoformat()


WEEKDAY_NAMES = {"MO": N_("Mon"), "TU": N_("Tue"), "WE": N_("Wed"), "TH": N_("Thu"), "FR": N_("Fri"),
                 "SA": N_("Sat"), "SU": N_("Sun")}
ORDINALS = {1: N_("the first {day}"), 2: N_("the second {day}"), 3: N_("the third {day}"),
            4: N_("the fourth {day}"), -1: N_("the last {day}")}


def _weekday(code: str) -> str:
    """``TH`` → 周四; ``-1TH`` → 最后一个周四; ``2MO`` → 第二个周一."""
    day = _(WEEKDAY_NAMES[code[-2:]])
    nth = code[:-2]
    if not nth:
        return day
    n = int(nth)
    return _(ORDINALS[n], day=day) if n in ORDINALS else _("the {n}th {day}", n=n, day=day)


def _until(value: str) -> dt.date | None:
    try:
        return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
    except (ValueError, IndexError):
        return None


def recurrence(rule: str, at: dt.time | None = None) -> str:
    """A recurrence rule (RRULE) in words: ``FREQ=WEEKLY;BYDAY=TU`` with 10:00 → 每周二 10:00 / weekly on
    Tue 10:00; ``FREQ=MONTHLY;BYDAY=-1TH`` → 每月最后一个周四; an end (``UNTIL``, ``COUNT``) is said too.
    A rule with parts this does not put in words keeps its text, so nothing is silently lost."""
    text = rule.strip()
    if text.upper().startswith("RRULE:"):
        text = text[6:]
    parts = dict(p.split("=", 1) for p in text.upper().split(";") if "=" in p)
    known = {"FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "UNTIL", "COUNT", "WKST"}
    freq = parts.get("FREQ", "")
    try:
        interval = int(parts.get("INTERVAL", "1") or 1)
        days = [_weekday(d) for d in parts.get("BYDAY", "").split(",") if d]
        monthdays = [int(d) for d in parts.get("BYMONTHDAY", "").split(",") if d]
    except (KeyError, ValueError):
        return rule
    if set(parts) - known or freq not in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        return rule
    on = ("、" if get_language() == "zh" else ", ").join(days + [_("day {n}", n=d) for d in monthdays])
    one = interval == 1
    if freq in ("DAILY", "WEEKLY") and (on or freq == "WEEKLY"):
        if on:
            out = _("weekly on {days}", days=on) if one else _("every {n} weeks on {days}", n=interval, days=on)
        else:
            out = _("weekly") if one else _("every {n} weeks", n=interval)
    elif freq == "DAILY":
        out = _("daily") if one else _("every {n} days", n=interval)
    elif freq == "MONTHLY" and on:
        out = _("monthly on {days}", days=on) if one else _("every {n} months on {days}", n=interval, days=on)
    elif freq == "MONTHLY":
        out = _("monthly") if one else _("every {n} months", n=interval)
    else:
        out = _("yearly") if one else _("every {n} years", n=interval)
    if at is not None:
        out = f"{out} {at:%H:%M}"
    until = _until(parts["UNTIL"]) if "UNTIL" in parts else None
    if until is not None:
        out = _("{rule}, until {date}", rule=out, date=date(until))
    elif "COUNT" in parts and parts["COUNT"].isdigit():
        out = _("{rule}, {n} times", rule=out, n=int(parts["COUNT"]))
    return out
