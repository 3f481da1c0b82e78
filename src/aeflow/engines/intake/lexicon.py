"""The intake dictionaries as validated data, with their matchers compiled once.

The words live in YAML files under ``aeflow/data/intake/`` (one per topic: metrics, channels,
campaign types, constraints, dates, budget, people, questions). This module is pure: it validates
the already-parsed data (a mapping from file stem to content) into a :class:`Lexicon`; reading the
files is :func:`aeflow.services.intake.load_lexicon`'s job.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError

from aeflow.domain.common import CampaignType
from aeflow.domain.validation import problems_from_error
from aeflow.errors import Invalid, Problem
from aeflow.i18n import _


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class MetricDef(_Data):
    unit: str
    kind: Literal["count", "percent", "multiple", "money"]
    better: Literal["higher", "lower"] = "higher"
    aliases: list[str] = Field(min_length=1)


class MetricsFile(_Data):
    metrics: dict[str, MetricDef]
    baseline_markers: list[str]
    growth_words: list[str]
    comparison_words: dict[Literal[">=", "<=", "="], list[str]]
    fillers: list[str]
    reverse_fillers: list[str]
    units: list[str]
    unit_words: dict[str, str]
    multiple_words: list[str]
    from_words: list[str]
    to_words: list[str]
    approximate_words: list[str]


class ChannelDef(_Data):
    group: str | None = None
    aliases: list[str] = Field(min_length=1)
    exact_case: list[str] = Field(default_factory=list)


class ChannelsFile(_Data):
    channels: dict[str, ChannelDef]
    negations: list[str]
    adjective_markers: list[str] = Field(default_factory=list)


class CampaignTypesFile(_Data):
    campaign_types: dict[CampaignType, dict[str, int]]


class ConstraintsFile(_Data):
    constraints: dict[str, list[str]]


class Festival(_Data):
    month: int | None = Field(None, ge=1, le=12)
    day: int | None = Field(None, ge=1, le=31)
    holiday: str | None = None
    nth_weekday: tuple[int, int, int] | None = None
    aliases: list[str] = Field(min_length=1)
    need_suffix: list[str] = Field(default_factory=list)


class DatesFile(_Data):
    roles: dict[Literal["launch", "kickoff", "deadline", "meeting", "confirm", "proposal", "report"], list[str]]
    before_after: list[str]
    after_after: list[str] = Field(default_factory=list)
    before_before: list[str]
    period_after: list[str]
    period_before: list[str]
    role_window: int = Field(40, ge=1, le=200)
    festivals: dict[str, Festival]


class CurrencyDef(_Data):
    symbols: list[str]
    words: list[str]


class BudgetFile(_Data):
    triggers: list[str]
    total_markers: list[str]
    approximate_before: list[str]
    approximate_after: list[str]
    ceiling_words: list[str]
    tax_included: list[str]
    tax_excluded: list[str]
    period_words: dict[Literal["month", "week", "quarter"], list[str]]
    unknown_words: list[str]
    currencies: dict[str, CurrencyDef]
    default_currency: str = "CNY"


class DecisionWords(_Data):
    backward: list[str]
    forward: list[str]


class PeopleFile(_Data):
    surnames: str
    compound_surnames: list[str]
    honorifics: list[str]
    not_after_honorific: str
    prefixes: list[str]
    titles: list[str]
    departments: list[str]
    standalone_titles: list[str]
    english_title_words: list[str]
    english_name_cues: list[str]
    not_names: list[str]
    company_words: list[str] = Field(default_factory=list)
    name_stops: list[str]
    decision_words: DecisionWords
    decision_right_after: list[str] = Field(default_factory=list)
    approval_verbs: list[str] = Field(default_factory=list)
    undecided: list[str]


class QuestionsFile(_Data):
    enabled: list[str]
    acceptance_words: list[str]
    baseline_needed: list[str]
    definition_needed: list[str]


FILES: dict[str, type[_Data]] = {
    "metrics": MetricsFile, "channels": ChannelsFile, "campaign_types": CampaignTypesFile,
    "constraints": ConstraintsFile, "dates": DatesFile, "budget": BudgetFile, "people": PeopleFile,
    "questions": QuestionsFile,
}


@dataclass(frozen=True)
class Hit:
    """One match of a word list: where, what was written, and what it stands for."""

    start: int
    end: int
    text: str
    value: Any


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def word_pattern(word: str) -> str:
    """A regex for one dictionary word: spaces match any whitespace, ASCII words keep their edges."""
    body = r"\s+".join(re.escape(part) for part in word.split(" "))
    if word and _is_ascii_word(word[0]):
        body = r"(?<![A-Za-z0-9])" + body
    if word and word[-1].isascii() and word[-1].isalpha():
        body += r"(?![A-Za-z])"
    elif word and word[-1].isascii() and word[-1].isdigit():
        body += r"(?![0-9])"
    return body


class Matcher:
    """Finds the words of a list in a text, leftmost-longest, without overlaps."""

    def __init__(self, words: Iterable[tuple[str, Any]], exact: Iterable[tuple[str, Any]] = ()) -> None:
        self._folded: dict[str, Any] = {}
        self._exact: dict[str, Any] = {}
        parts: list[tuple[int, str]] = []
        for word, value in words:
            if word:
                self._folded.setdefault(_key(word), value)
                parts.append((len(word), "(?i:" + word_pattern(word) + ")"))
        for word, value in exact:
            if word:
                self._exact.setdefault(word, value)
                parts.append((len(word), word_pattern(word)))
        parts.sort(key=lambda p: -p[0])
        self.pattern = re.compile("|".join(p for _n, p in parts)) if parts else None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        if self.pattern is None:
            return []
        end = len(text) if end is None else end
        out = []
        for m in self.pattern.finditer(text, start, end):
            written = m.group(0)
            value = self._exact.get(written, self._folded.get(_key(written)))
            out.append(Hit(m.start(), m.end(), written, value))
        return out

    def match_at(self, text: str, pos: int, end: int | None = None) -> Hit | None:
        if self.pattern is None:
            return None
        m = self.pattern.match(text, pos, len(text) if end is None else end)
        if not m:
            return None
        written = m.group(0)
        return Hit(m.start(), m.end(), written, self._exact.get(written, self._folded.get(_key(written))))

    def ends_at(self, text: str, pos: int, lookback: int = 24) -> Hit | None:
        """The longest word of the list that ends exactly at ``pos``."""
        best: Hit | None = None
        for start in range(max(0, pos - lookback), pos):
            hit = self.match_at(text, start, pos)
            if hit and hit.end == pos and (best is None or hit.start < best.start):
                best = hit
        return best


def _key(word: str) -> str:
    return " ".join(word.split()).lower()


def words(items: Iterable[str], value: Any = True) -> list[tuple[str, Any]]:
    return [(w, value) for w in items]


class Lexicon(_Data):
    """Everything the intake parser knows about words: validated, then compiled once."""

    metrics: MetricsFile
    channels: ChannelsFile
    campaign_types: CampaignTypesFile
    constraints: ConstraintsFile
    dates: DatesFile
    budget: BudgetFile
    people: PeopleFile
    questions: QuestionsFile

    _m: dict[str, Any] = PrivateAttr(default_factory=dict)

    def matcher(self, name: str, build: Any) -> Any:
        """A compiled matcher, built on first use by ``build(self)`` and kept."""
        if name not in self._m:
            self._m[name] = build(self)
        return self._m[name]

    @classmethod
    def from_data(cls, data: Mapping[str, Any], filenames: Mapping[str, str] | None = None) -> Lexicon:
        """Validate the parsed files; every problem names its file and field."""
        problems: list[Problem] = []
        parts: dict[str, Any] = {}
        for stem, model in FILES.items():
            fname = (filenames or {}).get(stem, f"{stem}.yaml")
            if stem not in data:
                problems.append(Problem((), "file_unreadable", {"reason": _("missing")}, file=fname))
                continue
            try:
                parts[stem] = model.model_validate(data[stem])
            except ValidationError as exc:
                problems.extend(Problem(p.path, p.code, p.params, file=fname) for p in problems_from_error(exc))
        for stem, content in parts.items():
            if isinstance(content, ConstraintsFile):
                for code, patterns in content.constraints.items():
                    for i, pattern in enumerate(patterns):
                        try:
                            re.compile(pattern)
                        except re.error as exc:
                            problems.append(Problem(("constraints", code, i), "value_error",
                                                    {"input": f"{pattern}: {exc}"},
                                                    file=(filenames or {}).get(stem, f"{stem}.yaml")))
        if problems:
            raise Invalid(_("the intake dictionaries have {count} problem(s)", count=len(problems)), problems)
        return cls(**parts)
