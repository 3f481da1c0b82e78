"""Numbers, money and dates formatted the way each language's users expect."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from functools import cache

from babel import Locale
from babel.numbers import format_currency, format_decimal

from aeflow.i18n import get_language

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


def number(value: float | int | Decimal | None, *, digits: int = 0) -> str:
    if value is None:
        return "—"
    lang = get_language()
    if lang == "zh" and abs(float(value)) >= 10_000 and digits == 0:
        for unit, size in (("亿", 100_000_000), ("万", 10_000)):
            if abs(float(value)) >= size:
                return f"{format_decimal(float(value) / size, format='#,##0.##', locale=_locale('zh_CN'))}{unit}"
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value, format=pattern, locale=_locale(BABEL_LOCALES[lang]))


MONEY_UNITS = frozenset({"元", "¥", "yuan", "CNY", "RMB"})


def kpi_value(value: float | None, unit: str) -> str:
    """A KPI value with its unit, one format per kind of number, so a target, an actual and a
    forecast of the same KPI always look alike: ratios stored as fractions (unit ``%``) as
    percentages, multiples (``x``) with two decimals, money in yuan with cents below ¥1,000 (CPA,
    CPC) and whole yuan above, counts as whole numbers."""
    if value is None:
        return "—"
    v = float(value)
    if unit == "%":
        return f"{v * 100:.2f}".rstrip("0").rstrip(".") + "%"
    if unit in ("x", "倍"):
        return f"{v:.2f}{unit}"
    if unit in MONEY_UNITS:
        return f"{number(v, digits=2 if abs(v) < 1000 else 0)}{unit}"
    return f"{number(round(v))}{unit}"


def date(value: dt.date | None) -> str:
    if value is None:
        return "—"
    return value.isoformat()
