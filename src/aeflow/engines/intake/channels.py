"""Channels, normalised to the planner's ids (抖音 / Douyin / DY / 巨量 → ``douyin``).

A channel named after a negation in the same clause (``不投微博和B站``, ``no Weibo``) is excluded,
not planned. A parent (``wechat``, ``offline``) named alone is kept only when none of its
children (``wechat-moments`` …, ``offline-popup`` …) is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from aeflow.engines.intake.lexicon import Lexicon, Matcher, words
from aeflow.engines.intake.text import Layout


@dataclass(frozen=True)
class ChannelHit:
    name: str
    group: str | None
    start: int
    end: int
    excluded: bool = False


class _Words:
    def __init__(self, lex: Lexicon) -> None:
        c = lex.channels
        self.alias = Matcher([(a, n) for n, d in c.channels.items() for a in d.aliases],
                             [(a, n) for n, d in c.channels.items() for a in d.exact_case])
        self.negation = Matcher(words(c.negations))
        self.adjective = Matcher(words(c.adjective_markers))


_LIST_GLUE = re.compile(r"^(?:[\s,、/+&和及与或跟]|and|or)*$", re.IGNORECASE)


def find_channels(text: str, lex: Lexicon, layout: Layout) -> list[ChannelHit]:
    """Every channel mention, in text order, each marked excluded or not."""
    w: _Words = lex.matcher("channel_words", _Words)
    hits = [h for h in w.alias.find(text) if not w.adjective.ends_at(text, h.start, lookback=3)]
    out: list[ChannelHit] = []
    for i, h in enumerate(hits):
        clause = layout.clause_at(h.start)
        excluded = False
        earlier = [o for o in hits[max(0, i - 12):i] if o.start >= clause.start]
        for neg in w.negation.find(text, clause.start, h.start):
            between = text[neg.end:h.start]
            for other in earlier:
                if neg.end <= other.start and other.end <= h.start:
                    between = between.replace(text[other.start:other.end], " ", 1)
            if _LIST_GLUE.match(between):
                excluded = True
        out.append(ChannelHit(h.value, lex.channels.channels[h.value].group, h.start, h.end, excluded))
    return out


def planned(hits: list[ChannelHit]) -> tuple[list[str], list[str]]:
    """(channels to plan, channels excluded), each in order of first mention, parents folded."""
    excluded = list(dict.fromkeys(h.name for h in hits if h.excluded))
    names = list(dict.fromkeys(h.name for h in hits if not h.excluded and h.name not in excluded))
    groups = {h.group for h in hits if not h.excluded and h.group}
    return [n for n in names if n not in groups], excluded
