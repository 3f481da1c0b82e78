"""The translation layer: every user-facing string goes through :func:`_`.

Message ids are English sentences with ``{named}`` placeholders. Catalogs are gettext ``.po``
files under ``aeflow/locale/<lang>/LC_MESSAGES/`` — one file per area so that areas can be
edited independently — read with Babel at first use (no compile step). ``zh_CN`` is the default
language; ``en`` falls back to the message id where its catalog leaves ``msgstr`` empty.

The current language lives in a context variable, so a web request and a CLI run each have
their own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

LOCALE_DIR = Path(__file__).parent / "locale"
CATALOG_DIRS = {"zh": "zh_CN", "en": "en"}
DEFAULT_LANGUAGE = "zh"

_language: ContextVar[str] = ContextVar("aeflow_language", default=DEFAULT_LANGUAGE)


def set_language(lang: str) -> None:
    _language.set(lang if lang in CATALOG_DIRS else DEFAULT_LANGUAGE)


def get_language() -> str:
    return _language.get()


@contextlib.contextmanager
def language(lang: str) -> Iterator[None]:
    token = _language.set(lang if lang in CATALOG_DIRS else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


@cache
def catalog(lang: str) -> dict[str, str]:
    """All translations of one language, merged from every ``.po`` file of that language."""
    folder = LOCALE_DIR / CATALOG_DIRS[lang] / "LC_MESSAGES"
    out: dict[str, str] = {}
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh):
                if message.id and isinstance(message.id, str) and message.string:
                    out[message.id] = str(message.string)
    return out


def _(msgid: str, /, **params: Any) -> str:
    """Translate ``msgid`` into the current language and fill its ``{placeholders}``."""
    text = catalog(get_language()).get(msgid) or msgid
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return msgid.format(**params)
    return text


def N_(msgid: str, /) -> str:
    """Mark a string for translation without translating it now (tables, enums)."""
    return msgid
