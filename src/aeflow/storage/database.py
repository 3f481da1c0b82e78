"""The project database: one engine, migrated to the newest schema when opened.

SQLite is the default (one file, ``aeflow.sqlite3`` in the data directory) in WAL mode with
foreign keys enforced; PostgreSQL is used when ``AEFLOW_DATABASE_URL`` names one (driver psycopg 3).

On SQLite, aeflow begins transactions itself (the driver's own implicit transactions are turned
off), so that a writing session starts with ``BEGIN IMMEDIATE``: two writers then queue for the
write lock (up to the busy timeout) instead of one of them failing half-way with "database is
locked". Reading sessions start with a plain ``BEGIN`` and never block writers (WAL).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.pool import StaticPool

from aeflow.config import Settings
from aeflow.errors import ConfigError
from aeflow.i18n import _

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_FILENAME = "aeflow.sqlite3"
SQLITE_BUSY_TIMEOUT_S = 30.0
_MIGRATION_LOCK = 0x6165666C6F77  # "aeflow": PostgreSQL advisory lock held while migrating

_json_dumps = partial(json.dumps, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _parse_url(url: str) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(_("{url} is not a database URL (sqlite:///… or postgresql://…)", url=url)) from None
    backend = parsed.get_backend_name()
    if backend == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    elif backend not in ("sqlite", "postgresql"):
        raise ConfigError(_("{url} is not a database URL (sqlite:///… or postgresql://…)", url=url))
    return parsed


def _is_memory(url: URL) -> bool:
    return url.database in (None, "", ":memory:") or str(url.query.get("mode", "")) == "memory"


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # aeflow emits BEGIN itself (see _sqlite_begin)
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
    finally:
        cursor.close()


def _sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get("aeflow_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str | URL) -> Engine:
    """An engine for ``url`` with aeflow's settings (WAL and foreign keys on SQLite, psycopg 3)."""
    parsed = _parse_url(url) if isinstance(url, str) else url
    if parsed.get_backend_name() == "sqlite":
        memory = _is_memory(parsed)
        engine = create_engine(
            parsed,
            json_serializer=_json_dumps,
            connect_args={"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False},
            **({"poolclass": StaticPool} if memory else {}),
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(parsed, json_serializer=_json_dumps, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (Alembic ``upgrade head``) in one transaction."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.execution_options(aeflow_begin="IMMEDIATE").begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def _reason(exc: DBAPIError) -> str:
    lines = str(exc.orig).strip().splitlines()
    return lines[0] if lines else type(exc.orig).__name__


class Database:
    """The project database. ``Database(url)`` connects and migrates; close it when done."""

    def __init__(
        self, url: str, *, clock: Callable[[], dt.datetime] = utc_now, migrate_schema: bool = True
    ) -> None:
        self.url = _parse_url(url)
        self.clock = clock
        if self.url.get_backend_name() == "sqlite" and not _is_memory(self.url):
            Path(str(self.url.database)).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.engine = make_engine(self.url)
        self._writer = self.engine.execution_options(aeflow_begin="IMMEDIATE")
        if migrate_schema:
            try:
                migrate(self.engine)
            except DBAPIError as exc:
                self.engine.dispose()
                raise ConfigError(
                    _("cannot open the database {url}: {reason}", url=self.display_url, reason=_reason(exc))
                ) from None
            except CommandError as exc:
                self.engine.dispose()
                raise ConfigError(
                    _(
                        "the database {url} has a schema this aeflow does not know ({reason})",
                        url=self.display_url,
                        reason=str(exc),
                    ),
                    hint=_("upgrade aeflow to the version that last wrote this database"),
                ) from None

    @classmethod
    def open(cls, settings: Settings, *, clock: Callable[[], dt.datetime] = utc_now) -> Database:
        """The database the settings name: the SQLite file in the data directory unless a URL is set."""
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        url = settings.database_url or f"sqlite:///{settings.data_dir / SQLITE_FILENAME}"
        return cls(url, clock=clock)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    @property
    def display_url(self) -> str:
        """The URL with any password hidden, for messages."""
        return self.url.render_as_string(hide_password=True)

    def now(self) -> dt.datetime:
        """The current time (timezone-aware) from the database's clock."""
        return self.clock()

    @contextmanager
    def session(self, *, write: bool = True) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back if it raises.

        ``write=False`` marks a read-only use, which on SQLite does not take the write lock.
        """
        with Session(self._writer if write else self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Database({self.display_url!r})"
