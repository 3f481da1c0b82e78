"""KPIs: ``曝光5000万``, ``CTR不低于1.5%``, ``ROI 1:4``, ``30M impressions``, ``CPL under $50`` →
{metric, target, unit, comparison}, mapped to canonical metrics (``metrics.yaml``).

A metric word takes the number after it (through comparison words and fillers, never across
another metric word or a clause end), else the number right before it (``5000万曝光``). A metric
after a baseline word (去年, 上次, currently) gives a baseline, not a target. A clause with a number
and a date but no metric, right after a KPI (``…新增会员1万，9月30日前累计3万``), repeats that metric.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from aeflow.domain.common import Comparison
from aeflow.engines.intake.lexicon import Hit, Lexicon, Matcher, words
from aeflow.engines.intake.numbers import Amount
from aeflow.engines.intake.text import Layout

_RATIO = re.compile(r"1\s*[:：比]\s*(\d+(?:\.\d+)?)")


@dataclass(frozen=True)
class KpiHit:
    metric: str
    target: float | None
    unit: str
    comparison: Comparison
    start: int
    end: int
    number_start: int = -1
    number_end: int = -1
    baseline: float | None = None
    relative: bool = False
    approximate: bool = False
    is_baseline: bool = False


class _Words:
    def __init__(self, lex: Lexicon) -> None:
        m = lex.metrics
        self.metric = Matcher([(a, name) for name, d in m.metrics.items() for a in d.aliases])
        self.comparison = Matcher([(w, Comparison(op)) for op, ws in m.comparison_words.items() for w in ws])
        self.growth = Matcher(words(m.growth_words))
        self.filler = Matcher(words(m.fillers))
        self.reverse = Matcher(words(m.reverse_fillers) + words(m.units)
                               + [(a, "channel") for d in lex.channels.channels.values() for a in d.aliases],
                               [(a, "channel") for d in lex.channels.channels.values() for a in d.exact_case])
        self.unit = Matcher([(u, u) for u in m.units] + list(m.unit_words.items()))
        self.multiple = Matcher(words(m.multiple_words), exact=())
        self.baseline = Matcher(words(m.baseline_markers))
        self.from_ = Matcher(words(m.from_words))
        self.to = Matcher(words(m.to_words))
        self.approx = Matcher(words(m.approximate_words))


def _words(lex: Lexicon) -> _Words:
    return lex.matcher("kpi_words", _Words)


def _skip_spaces(text: str, pos: int, end: int) -> int:
    while pos < end and text[pos] in " :=：\t":
        pos += 1
    return pos


def find_kpis(text: str, lex: Lexicon, layout: Layout, amounts: list[Amount]) -> list[KpiHit]:
    """Every KPI mention (targets and baselines), in text order."""
    w = _words(lex)
    by_start = {a.start: a for a in amounts}
    metric_hits = w.metric.find(text)
    metric_starts = {h.start for h in metric_hits}
    used: set[int] = set()
    out: list[KpiHit] = []
    for hit in metric_hits:
        clause = layout.clause_at(hit.start)
        kpi = _forward(text, hit, clause.end, w, lex, by_start, metric_starts, used) \
            or _backward(text, hit, clause.start, w, lex, amounts, used)
        if kpi is None:
            continue
        used.add(kpi.number_start)
        before = w.baseline.find(text, clause.start, hit.start)
        if before and hit.start - before[-1].end <= 6:
            kpi = replace(kpi, is_baseline=True)
        out.append(kpi)
    out.extend(_ellipsis(text, layout, out, amounts, used, lex))
    out.sort(key=lambda k: k.start)
    return out


def _forward(text: str, hit: Hit, end: int, w: _Words, lex: Lexicon, by_start: dict[int, Amount],
             metric_starts: set[int], used: set[int]) -> KpiHit | None:
    metric: str = hit.value
    pos = hit.end
    comparison: Comparison | None = None
    relative = False
    approximate = False
    baseline: float | None = None
    saw_from = False
    for _step in range(8):
        pos = _skip_spaces(text, pos, end)
        if pos >= end or pos in metric_starts:
            return None
        if lex.metrics.metrics[metric].kind == "multiple":
            ratio = _RATIO.match(text, pos)
            if ratio:
                return _make(lex, metric, float(ratio[1]), None, hit.start, ratio.end(), comparison,
                             pos, ratio.end(), unit="x")
        amount = by_start.get(pos)
        if amount is not None and amount.start not in used:
            if amount.is_range and saw_from and amount.high is not None:
                baseline = amount.value
                amount = replace(amount, value=amount.high, high=None)
            else:
                to = w.to.match_at(text, _skip_spaces(text, amount.end, end), end)
                nxt = by_start.get(_skip_spaces(text, to.end, end)) if to else None
                if nxt is not None and nxt.percent == amount.percent and not amount.is_range:
                    baseline, amount = amount.value, nxt
            return _finish(text, lex, w, metric, amount, hit.start, end, comparison, relative,
                           approximate, baseline)
        for matcher, kind in ((w.comparison, "cmp"), (w.growth, "growth"), (w.approx, "approx"),
                              (w.from_, "from"), (w.filler, "filler")):
            m = matcher.match_at(text, pos, end)
            if m:
                if kind == "cmp":
                    comparison = m.value
                elif kind == "growth":
                    relative = True
                elif kind == "approx":
                    approximate = True
                elif kind == "from":
                    saw_from = True
                pos = m.end
                break
        else:
            return None
    return None


def _backward(text: str, hit: Hit, start: int, w: _Words, lex: Lexicon, amounts: list[Amount],
              used: set[int]) -> KpiHit | None:
    pos = hit.start
    unit_written: str | None = None
    for _step in range(4):
        while pos > start and text[pos - 1] == " ":
            pos -= 1
        filler = w.reverse.ends_at(text, pos, lookback=12)
        if not filler or filler.start < start:
            break
        if filler.text in lex.metrics.units:
            unit_written = filler.text
        pos = filler.start
    amount = next((a for a in amounts if a.end == pos and a.start >= start), None)
    if amount is None or amount.start in used or amount.is_range:
        return None
    kpi = _finish(text, lex, w, hit.value, amount, amount.start, hit.end, None, False, False, None,
                  scan_after=False)
    if unit_written and kpi.unit not in ("%", "x") and lex.metrics.metrics[kpi.metric].kind == "count":
        kpi = replace(kpi, unit=unit_written)
    return replace(kpi, end=hit.end)


def _finish(text: str, lex: Lexicon, w: _Words, metric: str, amount: Amount, start: int, end: int,
            comparison: Comparison | None, relative: bool, approximate: bool, baseline: float | None,
            scan_after: bool = True) -> KpiHit:
    pos = amount.end
    unit: str | None = None
    if scan_after:
        pos = _skip_spaces(text, pos, end) if text[pos:pos + 1] == " " else pos
        u = w.unit.match_at(text, pos, end) or w.multiple.match_at(text, pos, end)
        if u:
            unit = "x" if u.text in lex.metrics.multiple_words else str(u.value)
            pos = u.end
        for _step in range(2):
            post = w.comparison.match_at(text, pos, end)
            if post and post.text in ("以上", "以内", "以下", "+", "往上", "封顶"):
                comparison = post.value
                pos = post.end
                continue
            ap = w.approx.match_at(text, pos, end)
            if ap and ap.text in ("左右", "上下"):
                approximate = True
                pos = ap.end
                continue
            break
    return _make(lex, metric, amount.value, amount, start, max(pos, amount.end), comparison, amount.start,
                 amount.end, unit=unit, relative=relative and amount.percent, approximate=approximate,
                 baseline=baseline)


def _make(lex: Lexicon, metric: str, value: float, amount: Amount | None, start: int, end: int,
          comparison: Comparison | None, nstart: int, nend: int, unit: str | None = None,
          relative: bool = False, approximate: bool = False, baseline: float | None = None) -> KpiHit:
    d = lex.metrics.metrics[metric]
    percent = amount is not None and amount.percent
    if d.kind == "percent":
        if not percent and value > 1:
            value = float(f"{value / 100:.10g}")
            baseline = float(f"{baseline / 100:.10g}") if baseline is not None and baseline > 1 else baseline
        unit = "%"
    elif percent:
        unit = "%"
    elif d.kind == "multiple":
        unit = "x"
    elif d.kind == "money":
        cur = amount.currency if amount else None
        unit = "元" if cur in (None, "CNY") else cur
    else:
        unit = unit or d.unit
    if comparison is None:
        comparison = Comparison.le if d.better == "lower" else Comparison.ge
    elif comparison == Comparison.gt:
        comparison = Comparison.ge
    elif comparison == Comparison.lt:
        comparison = Comparison.le
    return KpiHit(metric, value, unit, comparison, start, end, nstart, nend, baseline, relative, approximate)


def _ellipsis(text: str, layout: Layout, kpis: list[KpiHit], amounts: list[Amount], used: set[int],
              lex: Lexicon) -> list[KpiHit]:
    """``6月30日前新增会员1万，9月30日前累计3万``: the second clause repeats the metric."""
    out: list[KpiHit] = []
    marker = re.compile(r"(累计|再|共|总共|合计|cumulative|in total)")
    for kpi in kpis:
        if kpi.is_baseline:
            continue
        sentence = layout.sentence_at(kpi.start)
        here = layout.clause_at(kpi.start)
        following = [c for c in layout.clauses_in(sentence) if c.start >= here.end]
        for clause in following[:2]:
            if any(clause.start <= k.start < clause.end for k in kpis):
                break
            nums = [a for a in amounts if clause.start <= a.start < clause.end and a.start not in used
                    and a.currency is None]
            if len(nums) != 1 or not marker.search(text, clause.start, clause.end):
                break
            a = nums[0]
            if a.percent != (kpi.unit == "%"):
                break
            used.add(a.start)
            out.append(replace(kpi, target=a.value, start=clause.start, end=a.end, number_start=a.start,
                               number_end=a.end, baseline=None))
            break
    return out
