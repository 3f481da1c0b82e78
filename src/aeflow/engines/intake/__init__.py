"""Intake: an AE's free-text notes after a client call → a draft requirement brief plus the open
questions to ask before planning. Pure: the dictionaries come in as a :class:`Lexicon`."""

from aeflow.engines.intake.brief import to_brief
from aeflow.engines.intake.lexicon import Lexicon
from aeflow.engines.intake.model import IntakeResult, OpenQuestion, Span
from aeflow.engines.intake.parse import parse_notes

__all__ = ["IntakeResult", "Lexicon", "OpenQuestion", "Span", "parse_notes", "to_brief"]
