"""Numbers as AEs write them: ``500万``, ``五百万元``, ``¥3,000,000``, ``3百万``, ``1.2亿``, ``80w``,
``30M``, ``1.5 million``, ``两三百万`` (a range), ``1.5%``, ``百分之十五``.

:func:`parse_number` reads one written number; :func:`find_amounts` finds every number in a part of
a text with what is written around it (currency, percent sign, a range). Chinese numerals are read
with ``cn2an``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

import cn2an

CN_DIGITS = "零〇一二两三四五六七八九壹贰叁肆伍陆柒捌玖"
CN_UNITS = "十百千拾佰仟"
CN_BIG = "万亿萬億"
CN_CHARS = CN_DIGITS + CN_UNITS + CN_BIG + "点"
ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"

MULTIPLIERS: dict[str, int] = {
    "百万": 10**6, "千万": 10**7, "百亿": 10**10, "千亿": 10**11, "万亿": 10**12, "万": 10**4, "萬": 10**4,
    "亿": 10**8, "億": 10**8, "千": 10**3, "百": 10**2, "thousand": 10**3, "k": 10**3, "w": 10**4, "m": 10**6,
    "mn": 10**6, "mil": 10**6, "mio": 10**6, "million": 10**6, "bn": 10**9, "billion": 10**9,
}

NUMBER_RE = re.compile(
    rf"(?P<ar>{ARABIC})(?:\s?(?P<mu>百万|千万|百亿|千亿|万亿|万|萬|亿|億|千|百)"
    r"|\s?(?P<mw>thousand|million|billion|mil|mio|mn|bn)(?![A-Za-z])|(?P<ml>[kKwWmM])(?![A-Za-z]))?"
    rf"|(?P<cn>[{CN_CHARS}]+)"
)
_PAIR_RE = re.compile(r"([一二两三四五六七八九])([二三四五六七八九])([十百千万亿].*)")
_CN_VALUES = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NOT_AN_AMOUNT_AFTER = re.compile(
    r"\s?(?:个月|个星期|个工作日|个周|月|日|号|周|天|年|季度|小时|分钟|岁|点半|am\b|pm\b|/\d|:\d\d|\.\d+\.)", re.IGNORECASE)
_UNIT_SUFFIX = re.compile(r"(?:pts?|points?|pcs|pax|units?)(?![A-Za-z])", re.IGNORECASE)
_RANGE_SEP = re.compile(r"\s*(?:-|~|–|—|到|至|to)\s*", re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"\s?(?:%|个百分点|个点|percent\b)", re.IGNORECASE)
_BREAKERS_BEFORE = "破超过上近达逾"


def _cn_value(text: str) -> float | None:
    if text and text[0] in CN_UNITS + CN_BIG:
        text = "一" + text
    text = text.rstrip("点")
    if not text:
        return None
    try:
        value = cn2an.cn2an(text, "normal")
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None
    return float(value)


def parse_number(text: str) -> float | None:
    """The value of one written number, or ``None``: ``"5,000万"`` → 5e7, ``"伍拾万"`` → 5e5."""
    text = text.strip()
    m = NUMBER_RE.fullmatch(text)
    if not m:
        return None
    if m.group("cn"):
        pair = _PAIR_RE.fullmatch(m.group("cn"))
        if pair:
            return _cn_value(pair.group(1) + pair.group(3))
        return _cn_value(m.group("cn"))
    return _scaled(m.group("ar"), m.group("mu") or m.group("mw") or m.group("ml"))


def _scaled(digits: str, mult: str | None) -> float:
    value = Decimal(digits.replace(",", ""))
    return float(value * MULTIPLIERS[mult.lower()]) if mult else float(value)


def _percent(value: float) -> float:
    return float(Decimal(repr(value)) / 100)


@dataclass(frozen=True)
class Amount:
    """A number found in a text, with its span (currency and percent sign included)."""

    start: int
    end: int
    value: float
    high: float | None = None
    percent: bool = False
    currency: str | None = None
    scaled: bool = False
    chinese: bool = False
    factor: int = 1

    @property
    def is_range(self) -> bool:
        return self.high is not None and self.high != self.value


def _blocked(pos: int, end: int, blocked: Sequence[tuple[int, int]]) -> bool:
    i = bisect_right(blocked, (pos, float("inf"))) - 1
    if i >= 0 and blocked[i][1] > pos:
        return True
    return i + 1 < len(blocked) and blocked[i + 1][0] < end


class CurrencyWords:
    """Symbols and words of each currency, compiled for looking before and after a number."""

    def __init__(self, currencies: Mapping[str, tuple[Sequence[str], Sequence[str]]]) -> None:
        symbols = sorted(((s, c) for c, (syms, _w) in currencies.items() for s in syms), key=lambda x: -len(x[0]))
        wordlist = sorted(((w, c) for c, (_s, ws) in currencies.items() for w in ws), key=lambda x: -len(x[0]))
        self.symbols = symbols
        self.words = wordlist

    def before(self, text: str, pos: int) -> tuple[str, int] | None:
        head = text[max(0, pos - 12):pos]
        stripped = head.rstrip(" ")
        for sym, code in self.symbols:
            if stripped.endswith(sym):
                return code, pos - (len(head) - len(stripped)) - len(sym)
        for word, code in self.words:
            if word.isascii() and stripped.lower().endswith(word.lower()):
                at = len(stripped) - len(word)
                if at == 0 or not stripped[at - 1].isalpha():
                    return code, pos - (len(head) - len(stripped)) - len(word)
            elif not word.isascii() and stripped.endswith(word) and word in ("人民币",):
                return code, pos - (len(head) - len(stripped)) - len(word)
        return None

    def after(self, text: str, pos: int) -> tuple[str, int] | None:
        tail = text[pos:pos + 14]
        lead = len(tail) - len(tail.lstrip(" "))
        body = tail[lead:] if lead <= 1 else ""
        for word, code in self.words:
            if word.isascii():
                if body.lower().startswith(word.lower()) and not body[len(word):len(word) + 1].isalpha():
                    return code, pos + lead + len(word)
            elif tail.startswith(word):
                return code, pos + len(word)
        return None


def find_amounts(text: str, start: int, end: int, currencies: CurrencyWords,
                 blocked: Sequence[tuple[int, int]] = ()) -> list[Amount]:
    """Every number between ``start`` and ``end``: ranges joined, dates and identifiers skipped."""
    raw: list[Amount] = []
    blocked = sorted(blocked)
    for m in NUMBER_RE.finditer(text, start, end):
        s, e = m.start(), m.end()
        if _blocked(s, e, blocked):
            continue
        if m.group("ar"):
            if not _arabic_stands_alone(text, m, currencies):
                continue
            mult = m.group("mu") or m.group("mw") or m.group("ml")
            amount = Amount(s, e, _scaled(m.group("ar"), mult), scaled=bool(mult),
                            factor=MULTIPLIERS[mult.lower()] if mult else 1)
        else:
            token = m.group("cn")
            has_digit = any(c in CN_DIGITS + "十拾" for c in token)
            if not has_digit and not (s > 0 and text[s - 1] in _BREAKERS_BEFORE):
                continue
            if token.strip("点") in ("", "零", "〇") or _NOT_AN_AMOUNT_AFTER.match(text, e):
                continue
            pair = _PAIR_RE.fullmatch(token)
            if pair and _CN_VALUES[pair.group(2)] - _CN_VALUES[pair.group(1)] == 1:
                low, high = _cn_value(pair.group(1) + pair.group(3)), _cn_value(pair.group(2) + pair.group(3))
                if low is None or high is None:
                    continue
                amount = Amount(s, e, low, high, scaled=True, chinese=True)
            else:
                value = _cn_value(token)
                if value is None:
                    continue
                amount = Amount(s, e, value, scaled=any(c in CN_BIG for c in token), chinese=True)
        pct = _PERCENT_AFTER.match(text, amount.end)
        if pct:
            amount = Amount(amount.start, pct.end(), _percent(amount.value), None if amount.high is None
                            else _percent(amount.high), percent=True, scaled=amount.scaled, chinese=amount.chinese)
        elif s >= 3 and text[s - 3:s] == "百分之":
            amount = Amount(s - 3, amount.end, _percent(amount.value), percent=True, chinese=True)
        raw.append(amount)
    return [_with_currency(text, a, currencies) for a in _join_ranges(text, raw)]


def _arabic_stands_alone(text: str, m: re.Match[str], currencies: CurrencyWords) -> bool:
    """False for digits that belong to something else: Q3, H5, 60/40, 10:30, 3rd, 6月, 3个月."""
    s, e = m.start(), m.end()
    prev = text[s - 1] if s > 0 else ""
    if prev.isascii() and prev.isalpha() and currencies.before(text, s) is None:
        return False
    if prev == "/" or (prev in ":." and s > 1 and text[s - 2].isdigit()):
        return False
    nxt = text[e] if e < len(text) else ""
    if nxt.isascii() and nxt.isalpha() and not (m.group("ml") or m.group("mw")):
        after = text[e + 1] if e + 1 < len(text) else ""
        if not (nxt in "xX" and not (after.isascii() and after.isalpha())) and not _UNIT_SUFFIX.match(text, e):
            return False
    return not _NOT_AN_AMOUNT_AFTER.match(text, e)


def _join_ranges(text: str, raw: list[Amount]) -> list[Amount]:
    out: list[Amount] = []
    i = 0
    while i < len(raw):
        a = raw[i]
        if i + 1 < len(raw):
            b = raw[i + 1]
            between = text[a.end:b.start]
            sep = _RANGE_SEP.fullmatch(between)
            between_and = re.fullmatch(r"\s+and\s+", between) and re.search(r"between\s+$", text[:a.start], re.IGNORECASE)
            if (sep or between_and) and a.percent == b.percent and not a.is_range and not b.is_range:
                low = a.value
                if not a.scaled and b.scaled and b.factor > 1:
                    low = float(Decimal(repr(a.value)) * b.factor)
                if low < b.value:
                    start = a.start
                    if between_and:
                        start = re.search(r"between\s+$", text[:a.start], re.IGNORECASE).start()  # type: ignore[union-attr]
                    out.append(Amount(start, b.end, low, b.value, percent=a.percent, scaled=b.scaled,
                                      chinese=a.chinese or b.chinese, factor=b.factor))
                    i += 2
                    continue
        out.append(a)
        i += 1
    return out


def _with_currency(text: str, a: Amount, currencies: CurrencyWords) -> Amount:
    if a.percent:
        return a
    before = currencies.before(text, a.start)
    after = currencies.after(text, a.end)
    code = (before or after or (None, 0))[0]
    if code is None:
        return a
    start = before[1] if before else a.start
    end = after[1] if after else a.end
    return Amount(start, end, a.value, a.high, a.percent, code, a.scaled, a.chinese, a.factor)
