"""Alembic environment of the project database.

aeflow runs migrations itself (:func:`aeflow.storage.database.migrate`), handing over an open
connection in ``config.attributes["connection"]``. Run from the ``alembic`` command instead, the URL
is ``sqlalchemy.url`` from the ini file or else aeflow's settings.
"""

from __future__ import annotations

import importlib
import pkgutil

from alembic import context

import aeflow.storage
from aeflow.storage.tables import metadata

config = context.config


def load_table_modules() -> None:
    """Import every module of :mod:`aeflow.storage`, so that all tables are on ``metadata``
    (autogenerate compares against it)."""
    for module in pkgutil.iter_modules(aeflow.storage.__path__):
        if module.name != "migrations":
            importlib.import_module(f"aeflow.storage.{module.name}")


load_table_modules()


def _url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    from aeflow.config import Settings

    return Settings.from_env().database_url


def run_offline() -> None:
    context.configure(
        url=_url(),
        target_metadata=metadata,
        literal_binds=True,
        render_as_batch=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from aeflow.storage.database import make_engine

    engine = make_engine(_url())
    try:
        with engine.connect() as conn:
            _run(conn)
    finally:
        engine.dispose()


def _run(connection) -> None:  # type: ignore[no-untyped-def]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        compare_type=True,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
