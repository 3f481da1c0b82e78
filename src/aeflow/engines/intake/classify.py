"""Campaign type (weighted keywords, ``campaign_types.yaml``) and constraints (patterns,
``constraints.yaml``)."""

from __future__ import annotations

import re

from aeflow.domain.common import CampaignType
from aeflow.engines.intake.channels import ChannelHit
from aeflow.engines.intake.lexicon import Lexicon, Matcher
from aeflow.engines.intake.model import CampaignTypeFact, ConstraintFact, Span
from aeflow.engines.intake.text import Layout, trim


def _type_matcher(lex: Lexicon) -> Matcher:
    return Matcher([(kw, (t, weight)) for t, kws in lex.campaign_types.campaign_types.items()
                    for kw, weight in kws.items()])


def campaign_types(text: str, lex: Lexicon) -> list[CampaignTypeFact]:
    """Every type with a keyword, best first: each keyword counts once; ties go to the earlier type."""
    order = list(lex.campaign_types.campaign_types)
    seen: set[tuple[CampaignType, str]] = set()
    scores: dict[CampaignType, int] = {}
    first: dict[CampaignType, Span] = {}
    for h in lex.matcher("campaign_types", _type_matcher).find(text):
        kind, weight = h.value
        key = (kind, h.text.lower())
        if key in seen:
            continue
        seen.add(key)
        scores[kind] = scores.get(kind, 0) + weight
        first.setdefault(kind, Span(start=h.start, end=h.end, text=h.text))
    ranked = sorted(scores, key=lambda k: (-scores[k], order.index(k)))
    return [CampaignTypeFact(value=k, score=scores[k], span=first[k]) for k in ranked]


def _constraint_patterns(lex: Lexicon) -> list[tuple[str, re.Pattern[str]]]:
    return [(code, re.compile(p, re.IGNORECASE)) for code, ps in lex.constraints.constraints.items() for p in ps]


def constraints(text: str, lex: Lexicon, layout: Layout, channels: list[ChannelHit]) -> list[ConstraintFact]:
    """One fact per constraint code (its first clause), plus ``channel_excluded`` for 不投微博."""
    found: dict[str, ConstraintFact] = {}
    hits: list[tuple[int, str]] = []
    for code, rx in lex.matcher("constraint_patterns", _constraint_patterns):
        for m in rx.finditer(text):
            hits.append((m.start(), code))
            break
    hits.extend((c.start, "channel_excluded") for c in channels if c.excluded)
    for pos, code in sorted(hits):
        if code in found:
            continue
        seg = trim(text, layout.clause_at(pos))
        found[code] = ConstraintFact(code=code, text=text[seg.start:seg.end],
                                     span=Span(start=seg.start, end=seg.end, text=text[seg.start:seg.end]))
    return sorted(found.values(), key=lambda c: c.span.start)
