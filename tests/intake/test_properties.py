"""Property tests: the parser never crashes, every span points at its text, amounts round-trip."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import cn2an
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from aeflow.domain import RequirementBrief
from aeflow.engines.intake import Lexicon, Span, parse_notes, to_brief
from aeflow.engines.intake.numbers import CurrencyWords, find_amounts, parse_number
from aeflow.services.intake import load_lexicon

LEX: Lexicon = load_lexicon()
CURRENCIES = CurrencyWords({c: (d.symbols, d.words) for c, d in LEX.budget.currencies.items()})

FRAGMENTS = ["预算", "500万", "五百万元", "¥3,000,000", "3百万", "1.2亿", "两三百万", "左右", "上线", "下月15号",
             "3个月内", "Q3", "国庆前", "next Friday", "曝光", "CTR", "不低于", "1.5%", "ROI", "1:4", "≥", "抖音",
             "小红书", "RED", "不投", "微博", "王总", "拍板", "市场总监", "李娜", "Mr. Chen", "(CMO)", "法务", "不能提竞品",
             "，", "。", "\n", " ", "-", "~", "到", "前", "后", "期间", "首月", "为期", "两周", "2026-02-29", "13月40日",
             "双11", "618", "春节前一周", "from May through October", "between 1 and 2 million", "k", "w", "M", "%",
             "的", "和", "Decision maker:", "TBD", "待定", "含税", "每月", "其中", "合计", "[bold]", "\x00", "\ufeff"]


def _spans(model: BaseModel) -> list[Span]:
    out: list[Span] = []
    for name in type(model).model_fields:
        value: Any = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, Span):
                out.append(item)
            elif isinstance(item, BaseModel):
                out.extend(_spans(item))
    return out


def _check(text: str, ref: dt.date) -> None:
    result = parse_notes(text, ref, LEX)
    for span in _spans(result):
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start:span.end] == span.text
    assert isinstance(to_brief(result), RequirementBrief)
    assert all(q.text for q in result.open_questions)
    result.as_json()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300), st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_never_crashes_on_any_text(text: str, ref: dt.date) -> None:
    _check(text, ref)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
       st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_never_crashes_on_note_like_text(text: str, ref: dt.date) -> None:
    _check(text, ref)


def _short(value: Decimal) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _forms(n: int) -> list[str]:
    forms = [str(n), f"{n:,}", cn2an.an2cn(n), cn2an.an2cn(n, "up")]
    if n % 100 == 0 and n >= 10_000:
        forms.append(_short(Decimal(n) / 10_000) + "万")
    if n % 1_000_000 == 0 and n >= 10**8:
        forms.append(_short(Decimal(n) / 10**8) + "亿")
    if n % 1000 == 0 and n > 0:
        forms.append(f"{n // 1000}k")
    if n % 1_000_000 == 0 and n > 0:
        forms += [f"{n // 1_000_000}M", f"{n // 1_000_000} million"]
    if n % 1_000_000 == 0 and 0 < n < 10**10:
        forms.append(f"{n // 1_000_000}百万")
    return forms


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.integers(min_value=1, max_value=10**11), st.integers(min_value=1, max_value=9999).map(lambda x: x * 10**4),
                 st.integers(min_value=1, max_value=999).map(lambda x: x * 10**6)))
def test_amounts_round_trip(n: int) -> None:
    for form in _forms(n):
        assert parse_number(form) == n, form
        text = f"预算{form}左右"
        found = find_amounts(text, 0, len(text), CURRENCIES)
        assert [a.value for a in found] == [n], (form, found)
        assert text[found[0].start:found[0].end] == form


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=0, max_value=2))
def test_percentages_round_trip(whole: int, places: int) -> None:
    value = Decimal(whole) / (10 ** places)
    written = format(value, "f")
    text = f"CTR不低于{written}%"
    found = find_amounts(text, 0, len(text), CURRENCIES)
    assert len(found) == 1 and found[0].percent
    assert Decimal(repr(found[0].value)) == value / 100


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=999), st.sampled_from(["¥", "RMB ", "$", "USD "]))
def test_currency_prefixes(n: int, prefix: str) -> None:
    text = f"budget {prefix}{n}万"
    found = find_amounts(text, 0, len(text), CURRENCIES)
    assert found[0].value == n * 10_000
    assert found[0].currency == ("CNY" if prefix in ("¥", "RMB ") else "USD")
