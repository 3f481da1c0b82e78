"""The budget: an amount after a budget word (预算, 盘子, budget …) or, failing that, an amount
written with a currency that no KPI claims. Per mention: approximate (左右, ~, a range), a
ceiling (最多, up to), tax (含税 / 不含税), a period (每月, monthly) and the splits given with it
(其中抖音5000万; 达人费用150万 … 合计250万). When the notes give the budget twice, the later
statement wins and the difference becomes an open question.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aeflow.engines.intake.channels import ChannelHit
from aeflow.engines.intake.lexicon import Lexicon, Matcher, words
from aeflow.engines.intake.model import BudgetFact, BudgetSplit, Span
from aeflow.engines.intake.numbers import Amount
from aeflow.engines.intake.text import Layout, Segment

MIN_BUDGET = 100.0


class _Words:
    def __init__(self, lex: Lexicon) -> None:
        b = lex.budget
        self.trigger = Matcher(words(b.triggers))
        self.total = Matcher(words(b.total_markers))
        self.approx_before = Matcher(words(b.approximate_before))
        self.approx_after = Matcher(words(b.approximate_after))
        self.ceiling = Matcher(words(b.ceiling_words))
        self.tax_in = Matcher(words(b.tax_included))
        self.tax_out = Matcher(words(b.tax_excluded))
        self.period = Matcher([(w, p) for p, ws in b.period_words.items() for w in ws])
        self.unknown = Matcher(words(b.unknown_words))


@dataclass(frozen=True)
class BudgetFindings:
    budget: BudgetFact | None
    mentions: list[BudgetFact]
    unknown: bool
    claimed: list[tuple[int, int]]


def _span(text: str, start: int, end: int) -> Span:
    return Span(start=start, end=end, text=text[start:end])


def _near_before(m: Matcher, text: str, pos: int, floor: int, gap: int = 3) -> int | None:
    """Where a word of ``m`` starts that ends at most ``gap`` characters before ``pos`` (or None)."""
    for h in reversed(m.find(text, max(floor, pos - 16), pos)):
        if 0 <= pos - h.end <= gap and not text[h.end:pos].strip(" :：是在为于,"):
            return h.start
    return None


def _near_after(m: Matcher, text: str, pos: int, ceiling: int, gap: int = 2) -> int | None:
    """Where a word of ``m`` ends that starts at most ``gap`` characters after ``pos`` (or None)."""
    return next((h.end for h in m.find(text, pos, min(ceiling, pos + 16)) if 0 <= h.start - pos <= gap), None)


def find_budget(text: str, lex: Lexicon, layout: Layout, amounts: Sequence[Amount],
                kpi_spans: Sequence[tuple[int, int]], channels: Sequence[ChannelHit]) -> BudgetFindings:
    w: _Words = lex.matcher("budget_words", _Words)
    claimed_by_kpis = {s for s, _e in kpi_spans}
    free = [a for a in amounts if not a.percent and a.start not in claimed_by_kpis]
    mentions: list[BudgetFact] = []
    unknown = False
    claimed: list[tuple[int, int]] = []
    for sentence in layout.sentences:
        triggers = w.trigger.find(text, sentence.start, sentence.end)
        if not triggers:
            continue
        first = triggers[0]
        cands = [a for a in free if first.start < a.start < sentence.end and a.value >= MIN_BUDGET
                 and (a.scaled or a.currency or a.value >= 1000)]
        if not cands:
            if w.unknown.find(text, first.end, min(sentence.end, first.end + 30)):
                unknown = True
            continue
        fact = _mention(text, w, lex, sentence, cands, channels)
        mentions.extend(_others(text, lex, fact, cands))
        mentions.append(fact)
        claimed.extend((a.start, a.end) for a in cands)
    if not mentions:
        for a in free:
            if a.currency and a.value >= MIN_BUDGET:
                sentence = layout.sentence_at(a.start)
                mentions.append(_mention(text, w, lex, sentence, [a], channels))
                claimed.append((a.start, a.end))
                break
    return BudgetFindings(mentions[-1] if mentions else None, mentions, unknown and not mentions, claimed)


def _others(text: str, lex: Lexicon, fact: BudgetFact, cands: list[Amount]) -> list[BudgetFact]:
    """Other budget figures in the same sentence that are neither the total nor a part of it
    ("6 million, although procurement mentioned 5.5M"): kept as mentions, so the clash is asked about."""
    if fact.amount is None:
        return []
    parts = {(s.span.start, s.span.end) for s in fact.splits}
    out = []
    for a in cands:
        inside = fact.span.start <= a.start < fact.span.end
        if inside or any(s <= a.start < e for s, e in parts) or a.value < fact.amount * 0.3 or a.is_range:
            continue
        out.append(BudgetFact(amount=a.value, currency=a.currency or lex.budget.default_currency,
                              span=_span(text, a.start, a.end)))
    return out


def _mention(text: str, w: _Words, lex: Lexicon, sentence: Segment, cands: list[Amount],
             channels: Sequence[ChannelHit]) -> BudgetFact:
    def channel_before(a: Amount) -> ChannelHit | None:
        return next((c for c in channels if 0 <= a.start - c.end <= 2 and c.start >= sentence.start), None)

    def label_before(a: Amount) -> str:
        hits = [t for t in w.trigger.find(text, max(sentence.start, a.start - 12), a.start) if a.start - t.end <= 1]
        if not hits:
            return ""
        start = hits[-1].start
        if start == sentence.start or text[start - 1] in ",，、:：;；。 (（":
            return ""
        while start > sentence.start and text[start - 1] not in ",，、:：;；。 (（":
            start -= 1
        return text[start:hits[-1].end]

    total = next((a for a in cands if _near_before(w.total, text, a.start, sentence.start) is not None), None)
    main = total
    if main is None:
        plain = [a for a in cands if channel_before(a) is None and not label_before(a)]
        main = plain[0] if plain else None
    splits: list[BudgetSplit] = []
    for a in cands:
        if a is main:
            continue
        ch = channel_before(a)
        label = label_before(a)
        if ch is not None or label:
            splits.append(BudgetSplit(amount=a.value, channel=ch.name if ch else None, label=label,
                                      span=_span(text, (ch.start if ch else a.start), a.end)))
    if main is None:
        value = sum(s.amount for s in splits)
        anchor = cands[0]
        first, last = cands[0].start, cands[-1].end
    else:
        value, anchor, first, last = main.value, main, main.start, main.end
    before = [x for x in (_near_before(w.approx_before, text, anchor.start, sentence.start),
                          _near_before(w.ceiling, text, anchor.start, sentence.start, gap=4)) if x is not None]
    after = _near_after(w.approx_after, text, anchor.end, sentence.end)
    approximate = anchor.is_range or _near_before(w.approx_before, text, anchor.start, sentence.start) is not None \
        or after is not None or "(approx" in text[anchor.end:min(sentence.end, anchor.end + 20)].lower()
    ceiling_after = _near_after(w.ceiling, text, anchor.end, sentence.end, gap=1)
    ceiling = _near_before(w.ceiling, text, anchor.start, sentence.start, gap=4) is not None \
        or ceiling_after is not None
    first = min([first, *before])
    last = max(x for x in (last, after, ceiling_after) if x is not None)
    tax: bool | None = None
    if w.tax_out.find(text, sentence.start, sentence.end):
        tax = False
    elif w.tax_in.find(text, sentence.start, sentence.end):
        tax = True
    periods = w.period.find(text, sentence.start, sentence.end)
    return BudgetFact(
        amount=value, amount_max=anchor.high if main is not None and anchor.is_range else None,
        currency=anchor.currency or lex.budget.default_currency, approximate=bool(approximate),
        ceiling=bool(ceiling), includes_tax=tax, period=periods[0].value if periods else None,
        splits=splits, span=_span(text, first, last),
    )
