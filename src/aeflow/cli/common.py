"""What every CLI command shares: settings, language, the database, and error rendering."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.markup import escape

from aeflow.config import Settings
from aeflow.errors import AeflowError, Invalid, Locked
from aeflow.i18n import _, set_language
from aeflow.messages import format_problem

if TYPE_CHECKING:
    from aeflow.storage.database import Database

# no emoji codes: ``bad.yaml:100:`` would print 💯 (user text and file:line positions pass through here)
console = Console(emoji=False)
err_console = Console(stderr=True, emoji=False)


@dataclass
class Context:
    """Per-run state, stored on Typer's context object by the main callback."""

    settings: Settings

    @cached_property
    def db(self) -> Database:
        from aeflow.storage.database import Database

        return Database.open(self.settings)


def state(ctx: typer.Context) -> Context:
    root = ctx.find_root()
    if not isinstance(root.obj, Context):
        root.obj = Context(Settings.from_env())
        set_language(root.obj.settings.language)
    return root.obj


def fail(message: str, hint: str | None = None, code: int = 1) -> None:
    """Print one clear error line (and a hint) to stderr and exit."""
    label, hint_label = _("Error"), _("Hint")
    err_console.print(f"[bold red]{label}:[/] {escape(message)}", highlight=False, soft_wrap=True)
    if hint:
        err_console.print(f"[dim]{hint_label}: {escape(hint)}[/]", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Turn aeflow's errors into one line on stderr and the right exit code; never a traceback."""
    try:
        yield
    except Invalid as exc:
        if exc.problems:
            for p in exc.problems:
                err_console.print(format_problem(p), highlight=False, soft_wrap=True, markup=False)
            found = _("{count} problem(s) found", count=len(exc.problems))
            # the message says what happened as a whole (e.g. that nothing was imported)
            fail(_("{message} ({found})", message=exc.message, found=found) if exc.message else found, exc.hint,
                 exc.exit_code)
        fail(exc.message, exc.hint, exc.exit_code)
    except Locked as exc:
        fail(exc.message, exc.hint or _("Stop aeflow serve (or the other aeflow command) and run this again; while "
                                        "the server runs, import data in the web app or through its API."),
             exc.exit_code)
    except AeflowError as exc:
        fail(exc.message, exc.hint, exc.exit_code)
    except KeyboardInterrupt:
        fail(_("interrupted"), code=130)


def date_option(value: str | None) -> dt.date:
    """A ``YYYY-MM-DD`` option's date (today when not given); a bad value is a usage error (exit 2)."""
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(_("expected a date like 2026-03-01, got {input}", input=value)) from None


def is_project_file(ref: str) -> bool:
    """A PROJECT argument is a file when it names an existing path or ends in .yaml/.yml."""
    return ref.endswith((".yaml", ".yml")) or Path(ref).is_file()


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def role_label(value: str) -> str:
    """A role's label in the user's language (a rate card may name roles the model does not know)."""
    from aeflow.domain.common import Role
    from aeflow.exporters import labels

    return labels.role(Role(value)) if value in Role._value2member_map_ else value


def cost_label(value: str) -> str:
    """A cost category's label in the user's language."""
    from aeflow.domain.budget import CostCategory
    from aeflow.exporters import labels

    return labels.cost(CostCategory(value)) if value in CostCategory._value2member_map_ else value
