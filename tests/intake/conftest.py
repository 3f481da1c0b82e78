"""Shared fixtures for the intake tests: the shipped dictionaries and a parse helper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from aeflow.engines.intake import IntakeResult, Lexicon, parse_notes
from aeflow.services.intake import load_lexicon

REF = dt.date(2026, 5, 11)  # a Monday


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return load_lexicon()


@pytest.fixture()
def parse(lexicon: Lexicon) -> Callable[..., IntakeResult]:
    def run(text: str, ref: dt.date = REF) -> IntakeResult:
        return parse_notes(text, ref, lexicon)
    return run
