"""The one error root of aeflow and its few named subclasses.

Every error carries a message that is already translated into the user's language (through
:mod:`aeflow.i18n`) plus the data a caller may need (ids, file, line, field). Interfaces render
them once, at the edge: the CLI prints one line to stderr, the web app an error page or JSON.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class AeflowError(Exception):
    """Base of every error aeflow raises on purpose."""

    http_status = 400
    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None, **data: Any) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.data = data


class NotFound(AeflowError):
    """A project, version, file or record that was asked for does not exist."""

    http_status = 404


class Invalid(AeflowError):
    """Input that breaks a rule: carries every problem found, not only the first."""

    http_status = 422

    def __init__(self, message: str, problems: list[Problem] | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.problems = problems or []


class Conflict(AeflowError):
    """A write based on a stale version: someone else changed the record first."""

    http_status = 409


class ImportFailed(AeflowError):
    """An import was rejected as a whole; nothing of it was stored."""


class ExportFailed(AeflowError):
    """A document could not be produced."""

    http_status = 500


class Unavailable(AeflowError):
    """A store aeflow needs cannot be opened; nothing was read or written."""

    http_status = 503


class Locked(Unavailable):
    """A store's file is held by another process (``file``, and ``pid`` when the system names it)."""


class ConfigError(AeflowError):
    """A setting has a value aeflow cannot use."""

    exit_code = 2


@dataclass(frozen=True)
class Problem:
    """One problem found in user input, located as precisely as we can.

    ``path`` is where in the record (``("work_items", 3, "due")``); ``code`` is a stable identifier
    of the kind of problem; ``params`` fill the translated message; ``file`` and ``line`` are set
    when the input came from a file.
    """

    path: tuple[str | int, ...]
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    file: str | None = None
    line: int | None = None

    @property
    def dotted_path(self) -> str:
        out = ""
        for part in self.path:
            if isinstance(part, int):
                out += f"[{part}]"
            else:
                out += ("." if out else "") + str(part)
        return out
