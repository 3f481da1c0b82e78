"""The database: SQLite in WAL mode with foreign keys, PostgreSQL, migrations, transactions."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, insert, select, text
from sqlalchemy.exc import IntegrityError, StatementError
from storage_samples import launch_project

import aeflow.storage
from aeflow.config import Settings
from aeflow.errors import ConfigError
from aeflow.i18n import language
from aeflow.services import projects as svc
from aeflow.storage.database import MIGRATIONS, SQLITE_FILENAME, Database, migrate
from aeflow.storage.tables import ProjectRow, ProjectVersionRow, metadata


def _head_revision() -> str:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head
    return head


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    with Database(f"sqlite:///{tmp_path / 'a.sqlite3'}") as db, db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_open_creates_the_data_dir_and_the_sqlite_file(tmp_path: Path) -> None:
    data_dir = tmp_path / "nested" / "data"
    settings = Settings.from_env({}, data_dir=str(data_dir), user="tester")
    with Database.open(settings) as db:
        assert db.dialect == "sqlite"
        svc.import_project(db, launch_project(), author=settings.user)
    assert (data_dir / SQLITE_FILENAME).is_file()
    with Database.open(settings) as again:
        assert svc.load(again, "tea-launch")[1] == 1


def test_open_uses_the_database_url_of_the_settings(database_url: str, tmp_path: Path) -> None:
    settings = Settings.from_env({"AEFLOW_DATABASE_URL": database_url}, data_dir=str(tmp_path / "d"))
    with Database.open(settings) as db:
        assert db.dialect == database_url.split(":")[0].split("+")[0]
        assert svc.list_projects(db) == []
    assert (tmp_path / "d").is_dir()


def test_an_in_memory_sqlite_database_works() -> None:
    with Database("sqlite://") as db:
        assert svc.import_project(db, launch_project(), author="a") == 1
        assert svc.load(db, "tea-launch")[1] == 1


def test_the_schema_is_at_the_newest_migration(db: Database) -> None:
    with db.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == _head_revision()


def test_the_migrations_create_exactly_the_declared_tables(db: Database) -> None:
    for module in pkgutil.iter_modules(aeflow.storage.__path__):
        if module.name != "migrations":
            importlib.import_module(f"aeflow.storage.{module.name}")
    with db.engine.connect() as conn:
        differences = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), metadata
        )
    assert differences == []


def test_migrations_go_down_and_up_again(postgres_url: str) -> None:
    with Database(postgres_url) as db:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        from alembic import command

        with db.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        with db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() is None
            assert "projects" not in conn.dialect.get_table_names(conn)
        migrate(db.engine)
        assert svc.import_project(db, launch_project(), author="a") == 1


def test_opening_a_migrated_database_again_changes_nothing(database_url: str) -> None:
    with Database(database_url) as db:
        svc.import_project(db, launch_project(), author="a")
    with Database(database_url) as db:
        assert svc.load(db, "tea-launch")[1] == 1
        with db.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == _head_revision()


def test_a_database_from_a_newer_aeflow_is_a_clear_error(database_url: str) -> None:
    db = Database(database_url)
    try:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
        with (
            language("en"),
            pytest.raises(ConfigError, match="has a schema this aeflow does not know") as caught,
        ):
            Database(database_url)
        assert caught.value.hint and "upgrade aeflow" in caught.value.hint
    finally:
        with db.engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = :head"), {"head": _head_revision()})
        db.close()


def test_a_bad_url_is_a_config_error() -> None:
    with language("en"), pytest.raises(ConfigError, match="is not a database URL"):
        Database("mysql://localhost/x")
    with pytest.raises(ConfigError):
        Database("not a url")


def test_an_unreachable_server_is_a_clear_error_without_the_password() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with language("en"), pytest.raises(ConfigError, match="cannot open the database") as caught:
        Database(f"postgresql://ae:s3cret@127.0.0.1:{port}/aeflow?connect_timeout=3")
    assert "s3cret" not in caught.value.message and "://ae:***@127.0.0.1" in caught.value.message


def test_a_session_commits_on_success_and_rolls_back_on_error(db: Database) -> None:
    svc.import_project(db, launch_project(), author="a")
    with pytest.raises(RuntimeError), db.session() as s:
        s.execute(ProjectRow.__table__.update().values(name="half-done"))
        raise RuntimeError("boom")
    assert svc.load(db, "tea-launch")[0].name == "新口味茶饮上市"
    with db.session() as s:
        s.execute(ProjectRow.__table__.update().values(name="done"))
    with db.session(write=False) as s:
        assert s.execute(select(ProjectRow.name)).scalar_one() == "done"


def test_foreign_keys_are_enforced(db: Database) -> None:
    with pytest.raises(IntegrityError), db.session() as s:
        s.execute(
            insert(ProjectVersionRow).values(
                project_id="ghost",
                version=1,
                author="a",
                created_at=db.now(),
                reason="",
                snapshot={},
                changes=[],
            )
        )
    with db.session(write=False) as s:
        assert s.execute(select(func.count()).select_from(ProjectVersionRow)).scalar_one() == 0


def test_times_are_stored_in_utc_and_read_back_aware(db: Database) -> None:
    shanghai = dt.timezone(dt.timedelta(hours=8))
    db.clock = lambda: dt.datetime(2026, 5, 20, 8, 0, tzinfo=shanghai)
    svc.import_project(db, launch_project(), author="a")
    with db.session(write=False) as s:
        stored = s.execute(select(ProjectRow.created_at)).scalar_one()
    assert stored == dt.datetime(2026, 5, 20, 0, 0, tzinfo=dt.UTC) and stored.tzinfo == dt.UTC
    db.clock = lambda: dt.datetime(2026, 5, 20, 8, 0)  # naive: refused, not guessed
    with pytest.raises(StatementError, match="naive datetime"):
        svc.import_project(db, launch_project("other"), author="a")


def test_on_sqlite_writers_take_the_write_lock_at_once_and_readers_never(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "a.sqlite3"
    with Database(f"sqlite:///{path}") as db:
        svc.import_project(db, launch_project(), author="a")
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            with db.session(write=False) as reader:
                reader.execute(select(ProjectRow.id)).all()
                other.execute("BEGIN IMMEDIATE")  # a reader does not hold the write lock
                other.execute("ROLLBACK")
            with db.session() as writer:
                writer.execute(select(ProjectRow.id)).all()  # no write yet, but BEGIN IMMEDIATE was issued
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
                assert other.execute("SELECT count(*) FROM projects").fetchone() == (1,)  # WAL: reads go on
        finally:
            other.close()


def test_a_read_sees_the_last_commit_while_a_write_is_open(db: Database) -> None:
    svc.import_project(db, launch_project(), author="a")
    with db.session() as writer:
        writer.execute(ProjectRow.__table__.update().values(name="uncommitted"))
        assert svc.load(db, "tea-launch")[0].name == "新口味茶饮上市"
    assert svc.list_projects(db)[0].name == "uncommitted"
