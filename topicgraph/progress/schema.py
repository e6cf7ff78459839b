"""The progress schema (version 2) and the migrations that bring an older database up to it.

Tables::

    schema_version(version)
    profiles(id, name UNIQUE, mark_reading, created_at)
    progress(profile_id → profiles.id, chapter, status, updated_at)   -- one row per profile × chapter

Version 1 (the first release) had one ``progress(profile, chapter, status)`` table keyed by the profile's
name, no timestamps, and "unread" for "not-started"; ``MIGRATIONS[1]`` upgrades it in place.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Connection,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    select,
    true,
)
from sqlalchemy.types import TypeDecorator

from .values import CHAPTER_MAX, DONE, NAME_MAX, NOT_STARTED, READING, SKIPPED, UTC

SCHEMA_VERSION = 3

# --------------------------------------------------------------------------- schema


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on the way out on every back end (SQLite stores naive UTC text,
    whose fixed format sorts in time order, so ``updated_at`` comparisons work in SQL)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()
schema_version = Table("schema_version", metadata, Column("version", Integer, nullable=False))
profiles = Table(
    "profiles", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(NAME_MAX), nullable=False, unique=True),
    # Whether opening a chapter marks it "reading" for this person.
    Column("mark_reading", Boolean, nullable=False, server_default=true()),
    Column("created_at", UTCDateTime, nullable=False),
)
progress = Table(
    "progress", metadata,
    Column("profile_id", Integer, ForeignKey("profiles.id", ondelete="CASCADE"), primary_key=True),
    Column("chapter", String(CHAPTER_MAX), primary_key=True),
    Column("status", String(16), nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    CheckConstraint("status IN ('not-started', 'reading', 'done', 'skipped')", name="progress_status"),
)

# Schema version 1 (the first release): one table keyed by the profile's name, no timestamps,
# and "unread" where version 2 says "not-started". Kept to upgrade old files.
V1_STATUS = {"unread": NOT_STARTED, "reading": READING, "done": DONE, "skipped": SKIPPED}
v1_metadata = MetaData()
v1_progress = Table(
    "progress", v1_metadata,
    Column("profile", String, primary_key=True),
    Column("chapter", String, primary_key=True),
    Column("status", String, nullable=False),
)
v1_schema_version = Table("schema_version", v1_metadata, Column("version", Integer, nullable=False))


def create_v1(conn: Connection) -> None:
    """Create the version-1 schema (used by the tests to build an old file to upgrade)."""
    v1_metadata.create_all(conn)
    conn.execute(v1_schema_version.insert().values(version=1))


def _v1_to_v2(conn: Connection, now: datetime) -> None:
    # Old rows have no time; they get the upgrade's time (they were true at least then).
    old = conn.execute(select(v1_progress.c.profile, v1_progress.c.chapter, v1_progress.c.status)).all()
    v1_progress.drop(conn)  # before creating v2's table: PostgreSQL index names must be unique
    metadata.create_all(conn, tables=[profiles, progress])
    names = sorted({r.profile for r in old})
    if names:
        conn.execute(profiles.insert(), [{"name": n[:NAME_MAX], "created_at": now} for n in names])
    ids = {r.name: r.id for r in conn.execute(select(profiles.c.name, profiles.c.id))}
    rows = [{"profile_id": ids[r.profile[:NAME_MAX]], "chapter": r.chapter, "updated_at": now,
             "status": V1_STATUS.get(r.status, NOT_STARTED)} for r in old]
    if rows:
        conn.execute(progress.insert(), rows)


def _add_new_tables(conn: Connection, now: datetime) -> None:
    # Version 3 adds tables only (plans and reviews: progress/plans.py registers them on ``metadata``).
    metadata.create_all(conn)


#: version → step that upgrades a database from that version to the next, in one transaction.
MIGRATIONS = {1: _v1_to_v2, 2: _add_new_tables}


