"""Stakeholders named in the notes, and who decides.

Chinese: a surname with an honorific (王总, 李经理, 小周), or a full name right after a title, a
department or a label (市场总监王磊, 市场部李娜, 对接人：孙悦). English: a capitalised name in a
person context — after ``with / from / contact: / decision maker:``, before ``(title)`` or
``, title``, after a title (``CMO Jessica``), or with Mr./Ms. A senior title alone (老板, CEO,
``(VP Marketing)``) is a stakeholder too. A decision word (拍板, 最终由, final say, sign-off)
marks the nearest person in its sentence — before it for most words, after it for the forward
ones (最终由周总确认, Decision maker: Kevin) — unless it is followed by 待定 / TBD.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from aeflow.engines.intake.lexicon import Lexicon, Matcher, words
from aeflow.engines.intake.model import Span, StakeholderFact
from aeflow.engines.intake.text import Layout

_ENGLISH_NAME = re.compile(r"(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?")
_HONORIFIC_EN = re.compile(r"^(?:Mr|Mrs|Ms|Miss|Dr)\b")
_BOUNDARY = set(" ,，。;；:：、()（）[]【】\n!?！？—-~\"'“”&+/")


@dataclass(frozen=True)
class Person:
    name: str
    title: str
    start: int
    end: int
    decision_maker: bool = False


class _Words:
    def __init__(self, lex: Lexicon) -> None:
        p = lex.people
        self.p = p
        sur = "|".join(p.compound_surnames) + "|" if p.compound_surnames else ""
        honor = "|".join(sorted(p.honorifics, key=len, reverse=True))
        self.honorific = re.compile(rf"(?:{sur}[{p.surnames}])(?:{honor})")
        self.prefixed = re.compile(rf"(?:{'|'.join(p.prefixes)})[{p.surnames}]")
        self.full = re.compile(rf"(?:{sur}[{p.surnames}])[\u4e00-\u9fff]{{1,2}}")
        self.title = Matcher(words(p.titles) + words(p.departments, "dept") + words(["对接人", "联系人", "客户"], "label"))
        self.standalone = Matcher(words(p.standalone_titles))
        self.stop = Matcher(words(p.name_stops))
        self.cue = Matcher(words(p.english_name_cues))
        self.decision = Matcher(words(p.decision_words.backward, "backward") + words(p.decision_words.forward, "forward"))
        self.undecided = Matcher(words(p.undecided))
        self.en_title = Matcher(words(p.english_title_words))
        banned = set(p.not_names)
        for d in lex.channels.channels.values():
            banned.update(a for a in d.aliases + d.exact_case if a[:1].isupper())
        for f in lex.dates.festivals.values():
            banned.update(part for a in f.aliases for part in a.split() if part[:1].isupper())
        banned.update(p.company_words)
        self.not_names = {n.lower() for n in banned}
        self.companies = {n.lower() for n in p.company_words}
        self.right_after = Matcher(words(p.decision_right_after))
        self.approval = Matcher(words(p.approval_verbs))


def _words(lex: Lexicon) -> _Words:
    return lex.matcher("people_words", _Words)


def _ends_name(text: str, pos: int, w: _Words) -> bool:
    return pos >= len(text) or text[pos] in _BOUNDARY or text[pos].isascii() or bool(w.stop.match_at(text, pos))


def _title_before(text: str, pos: int, w: _Words) -> tuple[str, int]:
    """The title (and department) written right before ``pos``: ('品牌总监', start)."""
    title, start = "", pos
    for _step in range(3):
        p = start
        while p > 0 and text[p - 1] in " :：":
            p -= 1
        hit = w.title.ends_at(text, p, lookback=10)
        if not hit:
            break
        if hit.value is True and not title:
            title = hit.text
        start = hit.start
    return title, start


def find_people(text: str, lex: Lexicon, layout: Layout) -> list[StakeholderFact]:
    w = _words(lex)
    found: list[Person] = []

    def taken(s: int, e: int) -> bool:
        return any(p.start < e and s < p.end for p in found)

    for m in w.honorific.finditer(text):
        if m[0].endswith("总"):  # 总 also ends words (总额, 千万总曝光): the name must end there
            if m.end() < len(text) and text[m.end()] in w.p.not_after_honorific or not _ends_name(text, m.end(), w):
                continue
            if m.start() > 0 and text[m.start() - 1] in "零一二两三四五六七八九十百千万亿0123456789":
                continue
        title, _s = _title_before(text, m.start(), w)
        found.append(Person(m[0], title, m.start(), m.end()))
    for m in w.prefixed.finditer(text):
        if not taken(m.start(), m.end()) and _ends_name(text, m.end(), w):
            found.append(Person(m[0], _title_before(text, m.start(), w)[0], m.start(), m.end()))
    for hit in w.title.find(text):
        if hit.value == "label" and hit.text == "客户":
            continue
        pos = hit.end
        while pos < len(text) and text[pos] in " :：":
            pos += 1
        nxt = w.title.match_at(text, pos)
        if nxt and nxt.value == "dept":
            pos = nxt.end
        m = w.full.match(text, pos)
        if not m or taken(m.start(), m.end()):
            continue
        for size in (2, 1):
            end = m.start() + 1 + size
            if end <= m.end() and _ends_name(text, end, w):
                found.append(Person(text[m.start():end], hit.text if hit.value is True else "", m.start(), end))
                break
    _english(text, w, found, taken)
    _standalone(text, w, found, taken)
    for hit in w.title.find(text):
        if hit.value is True and not taken(hit.start, hit.end) and w.approval.match_at(text, hit.end):
            found.append(Person(hit.text, hit.text, hit.start, hit.end))
    found.sort(key=lambda p: p.start)
    found = _decisions(text, w, layout, found)
    merged: dict[str, Person] = {}
    for p in found:
        if p.name in merged:
            old = merged[p.name]
            merged[p.name] = replace(old, title=old.title or p.title, decision_maker=old.decision_maker or p.decision_maker)
        else:
            merged[p.name] = p
    return [StakeholderFact(name=p.name, title=p.title, decision_maker=p.decision_maker,
                            span=Span(start=p.start, end=p.end, text=text[p.start:p.end])) for p in merged.values()]


Taken = Callable[[int, int], bool]


def _english(text: str, w: _Words, found: list[Person], taken: Taken) -> None:
    for m in _ENGLISH_NAME.finditer(text):
        name = m[0]
        first = name.split()[0].rstrip(".")
        honorific = bool(_HONORIFIC_EN.match(name))
        if not honorific and first.lower() in w.not_names:
            continue
        parts = name.split()
        if not honorific and len(parts) == 2 and parts[1].lower() in w.not_names:
            if parts[1].lower() in w.companies:
                continue
            name = parts[0]
        start, end = m.start(), m.start() + len(name)
        if m.start() > 0 and text[m.start() - 1].isascii() and text[m.start() - 1].isalpha():
            continue
        if taken(start, end):
            continue
        after = text[end:end + 60]
        title = ""
        paren = re.match(r"\s*[(（]([^)）]{1,50})[)）]", after)
        comma = re.match(r",\s*((?:[A-Za-z\-]+\s){0,3}[A-Za-z\-]+)", after)
        if paren:
            title = paren[1].split(",")[0].split("，")[0].strip()
        elif comma and w.en_title.find(comma[1]):
            title = comma[1].strip()
        before_title, _s = _title_before(text, start, w)
        word_before = re.search(r"([A-Za-z\-]+)\s+$", text[max(0, start - 30):start])
        if not before_title and word_before and word_before[1][0].islower() and w.en_title.match_at(word_before[1], 0) \
                and w.en_title.match_at(word_before[1], 0).end == len(word_before[1]):  # type: ignore[union-attr]
            before_title = word_before[1]
        cue = w.cue.ends_at(text, start - (len(text[:start]) - len(text[:start].rstrip(" :："))), lookback=24)
        if not (honorific or title or before_title or cue):
            continue
        found.append(Person(name, title or before_title, start, end))


def _standalone(text: str, w: _Words, found: list[Person], taken: Taken) -> None:
    for hit in w.standalone.find(text):
        if taken(hit.start, hit.end):
            continue
        near = [p for p in found if p.title and (abs(hit.start - p.end) <= 3 or abs(p.start - hit.end) <= 3
                                                 or p.start - 3 <= hit.start <= p.end + 60 and hit.text in p.title)]
        if near:
            continue
        paren = re.compile(r"[(（]([^)）]*)[)）]")
        inside = next((m for m in paren.finditer(text) if m.start() < hit.start < m.end()), None)
        if inside is not None:
            before = text[max(0, inside.start() - 30):inside.start()].rstrip()
            if before and _ENGLISH_NAME.search(before.split()[-1] if before.split() else "") and \
                    before.split()[-1][:1].isupper():
                continue
            label = inside[1].strip()
            found.append(Person(label, label, inside.start(1), inside.end(1)))
        else:
            found.append(Person(hit.text, hit.text, hit.start, hit.end))


def _decisions(text: str, w: _Words, layout: Layout, people: list[Person]) -> list[Person]:
    out = list(people)
    for i, p in enumerate(out):
        if w.right_after.match_at(text, p.end) and not w.undecided.find(text, p.end, min(len(text), p.end + 8)):
            out[i] = replace(p, decision_maker=True)
    for hit in w.decision.find(text):
        if w.undecided.find(text, hit.end, min(len(text), hit.end + 8)):
            continue
        sentence = layout.sentence_at(hit.start)
        inside = [i for i, p in enumerate(out) if sentence.start <= p.start < sentence.end]
        before = [i for i in inside if out[i].end <= hit.start]
        after = [i for i in inside if out[i].start >= hit.end]
        if hit.value == "forward":
            pick = after[0] if after else (before[-1] if before else None)
        else:
            pick = before[-1] if before else (after[0] if after else None)
        if pick is not None:
            out[pick] = replace(out[pick], decision_maker=True)
    return out
