"""The root ``aeflow`` command. Each command group lives in its own module and registers itself."""

from __future__ import annotations

import importlib
from typing import Annotated

import typer

from aeflow import __version__
from aeflow.cli.common import Context, fail
from aeflow.cli.help_text import TranslatedGroup
from aeflow.config import Settings
from aeflow.errors import AeflowError
from aeflow.i18n import set_language

# Command-group modules under aeflow.cli, each with ``register(app)``.
REGISTER = [
    "projects",
    "review",
    "budget",
    "intake",
    "plan",
    "serve",
    "data",
    "monitoring",
    "documents",
]

app = typer.Typer(
    name="aeflow",
    cls=TranslatedGroup,  # help texts in the user's language (see aeflow.cli.help_text)
    help="aeflow — the AE workbench: requirement → execution → outcome (需求 → 执行 → 效果).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"aeflow {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    lang: Annotated[str | None, typer.Option("--lang", help="Language of messages: zh or en (default: from the locale).")] = None,
    db: Annotated[str | None, typer.Option("--db", help="Database URL (default: AEFLOW_DATABASE_URL or SQLite in the data dir).")] = None,
    data_dir: Annotated[str | None, typer.Option("--data-dir", help="Data directory (default: AEFLOW_DATA_DIR).")] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """aeflow — the AE workbench."""
    try:
        settings = Settings.from_env(language=lang, database_url=db, data_dir=data_dir)
    except AeflowError as exc:
        fail(exc.message, exc.hint, code=2)
    set_language(settings.language)
    ctx.obj = Context(settings)


for _name in REGISTER:
    importlib.import_module(f"aeflow.cli.{_name}").register(app)


def run() -> None:
    app()


