"""Reading progress: who has read which chapter, stored with SQLAlchemy Core.

One schema on two back ends: an embedded SQLite file under the user's data directory (the
default: WAL mode and a busy timeout, so several processes can write at once) or a PostgreSQL
database for a team (``postgresql+psycopg://…``). The app creates the tables and records a
schema version; an older file is upgraded in place when it is opened (see ``MIGRATIONS``).

Tables (schema version 3)::

    schema_version(version)
    profiles(id, name UNIQUE, mark_reading, created_at)
    progress(profile_id → profiles.id, chapter, status, updated_at)   -- one row per profile × chapter
    plans, reviews                                                    -- study plans, FSRS cards (plans.py)

Every write is one transaction of upserts. A chapter that disappears from the content keeps its
row ("removed chapters"); nothing is deleted except by an explicit reset. Every database failure
becomes a :class:`StoreUnavailable` that says what happened, where, and what to do.

Modules: ``values`` (statuses, entries, errors, the export file), ``tally`` (percentages, pure),
``schema`` (tables and migrations), ``store`` (configuration, engine, :class:`ProgressStore`).
"""

from . import plans  # noqa: F401  (registers the plans and reviews tables on ``metadata``)
from .schema import MIGRATIONS, SCHEMA_VERSION, create_v1, metadata, profiles, progress, schema_version
from .store import APP_NAME, ProgressStore, StoreConfig, as_url, default_path, make_engine, parse_url, sqlite_path
from .tally import Tally, overall, removed_chapters, tally, team_rows, theme_tallies
from .values import (
    CHAPTER_MAX,
    DONE,
    FILE_FORMAT,
    NAME_MAX,
    NOT_STARTED,
    READING,
    SKIPPED,
    STATUS_LABELS,
    STATUSES,
    UNKNOWN_SHOWN,
    UTC,
    Entry,
    ImportLimits,
    ImportResult,
    ProgressFile,
    ProgressFileError,
    StoreUnavailable,
    check_size,
    clean_profile_name,
    parse_progress_file,
    read_progress_file,
)

__all__ = [
    "APP_NAME", "CHAPTER_MAX", "DONE", "FILE_FORMAT", "MIGRATIONS", "NAME_MAX", "NOT_STARTED", "READING",
    "SCHEMA_VERSION", "SKIPPED", "STATUSES", "STATUS_LABELS", "UNKNOWN_SHOWN", "UTC", "Entry", "ImportLimits",
    "ImportResult", "ProgressFile", "ProgressFileError", "ProgressStore", "StoreConfig", "StoreUnavailable", "Tally",
    "as_url", "check_size", "clean_profile_name", "create_v1", "default_path", "make_engine", "metadata", "overall",
    "parse_progress_file", "parse_url", "profiles", "progress", "read_progress_file", "removed_chapters",
    "schema_version", "sqlite_path",
    "tally", "team_rows", "theme_tallies",
]
