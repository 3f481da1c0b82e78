"""Text helpers that keep offsets: width folding, sentences, clauses.

Every span the parser reports is a pair of offsets into the text it was given, so nothing here
may change the length of the text: :func:`fold` maps character to character.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

_SPECIAL = {"\u3000": " ", "\u00a0": " ", "\uffe5": "¥", "\u301c": "~", "\u2014": "—", "\u2013": "–",
            "\u00d7": "x", "\t": " ", "\u200b": " ", "\ufeff": " "}


def fold(text: str) -> str:
    """Full-width ASCII to half-width (１２３％，：→ 123%,:) and odd spaces to spaces, one for one."""
    out = []
    for ch in text:
        code = ord(ch)
        if 0xFF01 <= code <= 0xFF5E:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(_SPECIAL.get(ch, ch))
    return "".join(out)


@dataclass(frozen=True)
class Segment:
    start: int
    end: int

    def contains(self, pos: int) -> bool:
        return self.start <= pos < self.end


_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "no", "vs", "etc", "approx", "e.g", "i.e", "inc", "co", "ltd",
                  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "com"}
_HARD = set("。!?;\n")
_CLAUSE = set(",、")


def sentences(text: str) -> list[Segment]:
    """Sentences: split at 。！？；, line ends, and a full stop that ends an English sentence."""
    out: list[Segment] = []
    start = 0
    n = len(text)
    for i, ch in enumerate(text):
        cut = ch in _HARD
        if ch == "." and (i + 1 == n or text[i + 1] in " \n\"'”)"):
            word = re.search(r"([A-Za-z.]+)$", text[start:i])
            cut = not (word and word.group(1).lower().strip(".") in _ABBREVIATIONS)
            if i > 0 and text[i - 1].isdigit() and i + 1 < n and text[i + 1].isdigit():
                cut = False
        if cut:
            if text[start:i + 1].strip():
                out.append(Segment(start, i + 1))
            start = i + 1
    if text[start:].strip():
        out.append(Segment(start, n))
    return out


def _thousands_comma(text: str, i: int) -> bool:
    return (i > 0 and text[i - 1].isdigit() and text[i + 1:i + 4].isdigit() and len(text[i + 1:i + 4]) == 3
            and not (i + 4 < len(text) and text[i + 4].isdigit()))


def clauses(text: str, sentence: Segment) -> list[Segment]:
    """Clauses of a sentence: split at commas and 、 (not a thousands comma) and at dashes."""
    out: list[Segment] = []
    start = sentence.start
    i = sentence.start
    while i < sentence.end:
        ch = text[i]
        comma = ch in _CLAUSE and not (ch == "," and _thousands_comma(text, i))
        dash = ch in "—–" and i > 0 and text[i - 1] == " "
        cut = comma or dash
        if cut:
            if text[start:i].strip():
                out.append(Segment(start, i))
            start = i + 1
        i += 1
    if text[start:sentence.end].strip():
        out.append(Segment(start, sentence.end))
    return out


@dataclass(frozen=True)
class Layout:
    """The sentences and clauses of a text, with lookups from an offset."""

    sentences: list[Segment]
    clauses: list[Segment]
    _sentence_starts: list[int] = field(default_factory=list, repr=False)
    _clause_starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def of(cls, text: str) -> Layout:
        sents = sentences(text)
        parts = [c for s in sents for c in clauses(text, s)]
        return cls(sents, parts, [s.start for s in sents], [c.start for c in parts])

    @staticmethod
    def _find(segments: list[Segment], starts: list[int], pos: int) -> Segment | None:
        i = bisect_right(starts, pos) - 1
        return segments[i] if i >= 0 and segments[i].contains(pos) else None

    def sentence_at(self, pos: int) -> Segment:
        return self._find(self.sentences, self._sentence_starts, pos) or Segment(pos, pos + 1)

    def clause_at(self, pos: int) -> Segment:
        return self._find(self.clauses, self._clause_starts, pos) or self.sentence_at(pos)

    def clauses_in(self, seg: Segment) -> list[Segment]:
        """The clauses that start inside ``seg``, in order."""
        lo = bisect_right(self._clause_starts, seg.start - 1)
        hi = bisect_right(self._clause_starts, seg.end - 1)
        return self.clauses[lo:hi]


def trim(text: str, seg: Segment) -> Segment:
    """The segment without surrounding spaces, bullets, punctuation and unbalanced brackets."""
    start, end = seg.start, seg.end
    junk = " \t\r\n-*•·.,;:!?。，；：、【】[]\"'“”"
    changed = True
    while changed:
        changed = False
        while start < end and text[start] in junk:
            start += 1
        while end > start and text[end - 1] in junk:
            end -= 1
        body = text[start:end]
        if body and body[0] in "(（" and not any(c in body for c in ")）"):
            start, changed = start + 1, True
        elif body and body[-1] in ")）" and not any(c in body for c in "(（"):
            end, changed = end - 1, True
    return Segment(start, end)
