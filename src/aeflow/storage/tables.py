"""The SQL tables of the project database (SQLAlchemy 2 declarative).

``projects`` holds one row per project: a few summary columns for listing and filtering plus
``document``, the full canonical project data (``Project.model_dump(mode="json")``: money as exact
decimal strings, dates as ISO text). ``project_records`` repeats every record of the project's
record lists (work items, risks, budget lines …), one row each, so that later features can query
records without loading whole projects. ``project_versions`` keeps every version ever stored:
who, when, why, what changed and the full snapshot (and, for an imported project file, the comment
block it started with and the ``base_version`` it declared); version 1 is the import.

JSON columns use the plain ``JSON`` type on both dialects: on PostgreSQL that is ``json`` (text
kept as given), not ``jsonb``, because ``jsonb`` cannot hold the character U+0000, which a project
file may contain, and the history must keep exactly what was stored.

Changing a table means adding an Alembic migration under ``storage/migrations/versions``; a test
compares these tables with the migrated database on both dialects.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 64  # the domain's ID_PATTERN allows at most 64 characters


class UtcDateTime(TypeDecorator[dt.datetime]):
    """A point in time, stored in UTC and always read back timezone-aware (also on SQLite)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: aeflow stores only timezone-aware times")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class ProjectRow(Base):
    """The current version of one project."""

    __tablename__ = "projects"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    client_id: Mapped[str] = mapped_column(String(ID_LENGTH), index=True)
    client_name: Mapped[str] = mapped_column(Text)
    campaign_type: Mapped[str] = mapped_column(String(32))
    level: Mapped[int] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(32))
    kickoff: Mapped[dt.date] = mapped_column(Date)
    launch: Mapped[dt.date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    document: Mapped[dict[str, Any]] = mapped_column(JSON)


class ProjectRecordRow(Base):
    """One record of one of a project's record lists, e.g. ``section='work_items'``."""

    __tablename__ = "project_records"

    project_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    section: Mapped[str] = mapped_column(String(32), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    data: Mapped[dict[str, Any]] = mapped_column(JSON)

    __table_args__ = (Index("ix_project_records_section", "project_id", "section", "position"),)


class ProjectVersionRow(Base):
    """One stored version of a project: who, when, why, what changed, and the whole snapshot."""

    __tablename__ = "project_versions"

    project_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    author: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    reason: Mapped[str] = mapped_column(Text, default="")
    restored_from: Mapped[int | None] = mapped_column(Integer, nullable=True)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)
    changes: Mapped[list[Any]] = mapped_column(JSON)
    # the comment block the project file started with (not part of the project; export writes it back)
    file_header: Mapped[str] = mapped_column(Text, default="", server_default="")
    # the base_version the imported project file declared (NULL: an edit in aeflow, a restore, a file
    # without one); versions imported by one author from files of one base are that file's own lineage
    file_base_version: Mapped[int | None] = mapped_column(Integer, nullable=True)


metadata = Base.metadata
