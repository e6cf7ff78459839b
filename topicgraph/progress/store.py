"""The progress store: SQLAlchemy Core over SQLite (default) or PostgreSQL (a team), typed failures."""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import platformdirs
from sqlalchemy import (
    Connection,
    Engine,
    Table,
    create_engine,
    delete,
    event,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.exc import (
    ArgumentError,
    DisconnectionError,
    InterfaceError,
    NoSuchModuleError,
    OperationalError,
    SQLAlchemyError,
)

from .schema import MIGRATIONS, SCHEMA_VERSION, metadata, profiles, progress, schema_version
from .values import (
    FILE_FORMAT,
    NOT_STARTED,
    READING,
    STATUSES,
    Entry,
    ImportResult,
    StoreUnavailable,
    _now,
    clean_profile_name,
    parse_progress_file,
)

APP_NAME = "system-design-space-explorer"

# --------------------------------------------------------------------------- configuration


def default_path() -> Path:
    """The SQLite file used when nothing is configured: under the user's data directory."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "progress.sqlite"


def as_url(value: str) -> str:
    """A database URL; a bare path means a SQLite file.

    >>> as_url("postgresql+psycopg://u:p@db/progress")
    'postgresql+psycopg://u:p@db/progress'
    >>> as_url("/srv/progress.sqlite")
    'sqlite:////srv/progress.sqlite'
    """
    value = value.strip()
    if "://" in value:
        return value
    return "sqlite:///" + str(Path(value).expanduser().resolve())


@dataclass(frozen=True)
class StoreConfig:
    """Where progress is stored. ``source`` says where the URL came from (shown in Settings)."""

    url: str
    source: str = "default"
    busy_timeout_ms: int = 15_000
    connect_timeout_s: int = 5

    @classmethod
    def resolve(cls, env: Mapping[str, str] | None = None, secrets_url: str | None = None) -> StoreConfig:
        """``$TOPICGRAPH_DB``, else ``[connections.progress] url`` from secrets.toml, else the default file.

        >>> StoreConfig.resolve({"TOPICGRAPH_DB": "/tmp/p.sqlite"}).source
        'TOPICGRAPH_DB'
        >>> StoreConfig.resolve({}, "postgresql+psycopg://u:pw@db/p").where
        'postgresql+psycopg://u:***@db/p'
        """
        env = os.environ if env is None else env
        if env.get("TOPICGRAPH_DB", "").strip():
            return cls(as_url(env["TOPICGRAPH_DB"]), "TOPICGRAPH_DB")
        if secrets_url and secrets_url.strip():
            return cls(as_url(secrets_url), "secrets.toml [connections.progress]")
        return cls(as_url(str(default_path())), "default")

    @property
    def backend(self) -> str:
        try:
            return make_url(self.url).get_backend_name()
        except ArgumentError:
            return "unknown"

    @property
    def where(self) -> str:
        """The location for people: the file path for SQLite, the URL with its password masked otherwise."""
        try:
            url = make_url(self.url)
        except ArgumentError:
            return "an invalid database URL"
        if url.get_backend_name() == "sqlite":
            return url.database or ":memory:"
        return url.render_as_string(hide_password=True)


# --------------------------------------------------------------------------- the store


def _classify(exc: BaseException, where: str) -> StoreUnavailable:
    """Turn a driver error into what a person can act on."""
    msg = (str(getattr(exc, "orig", None) or exc).strip() or type(exc).__name__).splitlines()[0]
    low = str(exc).lower()
    if isinstance(exc, (ArgumentError, NoSuchModuleError)):
        return StoreUnavailable("config", f"The progress database URL is not valid: {msg}", where,
                                "Fix TOPICGRAPH_DB or [connections.progress] url in .streamlit/secrets.toml.")
    if "database is locked" in low or "database table is locked" in low:
        return StoreUnavailable("locked", "The progress database is locked by another program", where,
                                "Wait a moment and try again, or close the program holding the lock. "
                                "Nothing was changed.")
    if "readonly" in low or "read-only" in low or "read only" in low:
        return StoreUnavailable("read-only", "The progress database is read-only: changes cannot be saved", where,
                                "Make the file and its folder writable, or set TOPICGRAPH_DB to a writable "
                                "location. What is stored is untouched.")
    if "not a database" in low or "malformed" in low or "disk image" in low or "file is encrypted" in low:
        return StoreUnavailable("corrupt", "The progress database file is damaged or is not a database", where,
                                "The app does not touch it. Restore it from a backup (or move it aside to "
                                "start a new one and import an export), or set TOPICGRAPH_DB to another file.")
    if "unable to open database file" in low:
        return StoreUnavailable("unreachable", "The progress database file cannot be opened", where,
                                "Check that its folder exists and is writable, or set TOPICGRAPH_DB.")
    if isinstance(exc, (OperationalError, InterfaceError, DisconnectionError)):
        return StoreUnavailable("unreachable", "The progress database server cannot be reached", where,
                                "Check that PostgreSQL is running and the URL is right; progress shows "
                                "again once it is back, nothing stored is lost.")
    return StoreUnavailable("error", f"The progress database failed: {msg}", where,
                            "Try again; if it persists, check the database.")


def _sqlite_events(engine: Engine, busy_timeout_ms: int) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        cur.execute("PRAGMA foreign_keys = ON")
        try:
            cur.execute("PRAGMA journal_mode = WAL")  # readers never block the writer, nor it them
        except sqlite3.OperationalError as e:
            if "readonly" not in str(e):
                raise
        cur.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a committed write survives a crashed process
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        # A write takes the write lock at BEGIN, so it waits (busy timeout) instead of failing
        # later when a read-then-write transaction finds its snapshot out of date.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("tg_write") else "BEGIN")


def make_engine(cfg: StoreConfig) -> Engine:
    url = make_url(cfg.url)
    if url.get_backend_name() == "sqlite":
        path = url.database
        if path and path != ":memory:" and not path.startswith("file:"):
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreUnavailable("unreachable", f"The progress database folder cannot be created ({e.strerror})",
                                       cfg.where, "Set TOPICGRAPH_DB to a writable location.") from e
        engine = create_engine(url, connect_args={"timeout": cfg.busy_timeout_ms / 1000})
        _sqlite_events(engine, cfg.busy_timeout_ms)
        return engine
    args: dict[str, Any] = {}
    if url.get_backend_name() == "postgresql":
        args = {"connect_timeout": cfg.connect_timeout_s}
    return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4, connect_args=args)


class ProgressStore:
    """Progress of every profile in one database. Open with :meth:`open`; every method raises
    :class:`StoreUnavailable` (never a driver error) when the database cannot be used."""

    def __init__(self, cfg: StoreConfig, engine: Engine) -> None:
        self.cfg, self.engine = cfg, engine
        self.dialect = engine.dialect.name
        #: Set when the database accepts reads but refuses writes (found at open, or by a failed write;
        #: cleared by the next successful write), so the app can say so before anyone clicks.
        self.read_only: StoreUnavailable | None = None

    @classmethod
    def open(cls, cfg: StoreConfig) -> ProgressStore:
        """Connect, create the schema in a new database, upgrade an old one in place."""
        try:
            engine = make_engine(cfg)
        except (ArgumentError, NoSuchModuleError, ImportError) as e:
            raise _classify(ArgumentError(str(e)), cfg.where) from e
        store = cls(cfg, engine)
        try:
            store._ensure_schema()
            store._probe_write()
        except BaseException:
            engine.dispose()
            raise
        return store

    def _probe_write(self) -> None:
        """A write that changes nothing (rolled back): tells a read-only file or server at open time."""
        try:
            with self._guard(), self.engine.connect() as conn:
                conn = conn.execution_options(tg_write=True)
                with conn.begin() as tx:
                    conn.execute(update(schema_version).values(version=schema_version.c.version))
                    tx.rollback()
        except StoreUnavailable as e:
            if e.kind != "read-only":
                raise
            self.read_only = e

    def close(self) -> None:
        self.engine.dispose()

    # ---------------------------------------------------------------- plumbing

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except StoreUnavailable:
            raise
        except (SQLAlchemyError, sqlite3.Error, OSError) as e:
            raise _classify(e, self.cfg.where) from e

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._guard(), self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction holding the write lock from its start (SQLite) / a normal one (PostgreSQL)."""
        try:
            with self._guard(), self.engine.connect() as conn:
                conn = conn.execution_options(tg_write=True)
                with conn.begin():
                    yield conn
        except StoreUnavailable as e:
            if e.kind == "read-only":
                self.read_only = e
            raise
        self.read_only = None

    def _insert(self, table: Table) -> Any:
        return sqlite.insert(table) if self.dialect == "sqlite" else postgresql.insert(table)

    def version(self) -> int | None:
        """The schema version in the database, or None when it has no tables yet."""
        with self._read() as conn:
            return self._version(conn)

    def _version(self, conn: Connection) -> int | None:
        tables = set(inspect(conn).get_table_names())
        if "schema_version" not in tables:
            if "progress" in tables or "profiles" in tables:
                raise StoreUnavailable("corrupt", "The database has progress tables but no schema_version",
                                       self.cfg.where, "Point TOPICGRAPH_DB at a database used only by this app.")
            return None
        value = conn.execute(select(func.max(schema_version.c.version))).scalar()
        return int(value) if value is not None else None

    def _ensure_schema(self) -> None:
        with self._read() as conn:
            found = self._version(conn)
        if found == SCHEMA_VERSION:
            return
        if found is not None and found > SCHEMA_VERSION:
            raise StoreUnavailable("newer", f"The progress database has schema version {found}, newer than "
                                   f"this app's {SCHEMA_VERSION}", self.cfg.where, "Upgrade the app.")
        with self._write() as conn:
            if self.dialect == "postgresql":  # two replicas starting at once: one creates, one waits
                conn.execute(text("SELECT pg_advisory_xact_lock(860708)"))
            found = self._version(conn)
            if found is None:
                metadata.create_all(conn)
                conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
                return
            while found < SCHEMA_VERSION:
                MIGRATIONS[found](conn, _now())
                found += 1
                conn.execute(update(schema_version).values(version=found))

    def _profile_id(self, conn: Connection, name: str) -> int | None:
        return conn.execute(select(profiles.c.id).where(profiles.c.name == name)).scalar()

    def _ensure_profile(self, conn: Connection, name: str) -> int:
        name = clean_profile_name(name)
        stmt = self._insert(profiles).values(name=name, created_at=_now())
        conn.execute(stmt.on_conflict_do_nothing(index_elements=["name"]))
        pid = self._profile_id(conn, name)
        assert pid is not None
        return pid

    # ---------------------------------------------------------------- profiles

    def profiles(self) -> list[str]:
        with self._read() as conn:
            return list(conn.execute(select(profiles.c.name).order_by(func.lower(profiles.c.name))).scalars())

    def create_profile(self, name: str) -> str:
        """Create a profile (no error when it exists); returns the stored name."""
        with self._write() as conn:
            self._ensure_profile(conn, name)
        return clean_profile_name(name)

    def marks_reading(self, profile: str) -> bool:
        """Whether opening a chapter marks it "reading" for this profile (default yes)."""
        with self._read() as conn:
            value = conn.execute(select(profiles.c.mark_reading).where(profiles.c.name == profile)).scalar()
        return True if value is None else bool(value)

    def set_marks_reading(self, profile: str, on: bool) -> None:
        with self._write() as conn:
            pid = self._ensure_profile(conn, profile)
            conn.execute(update(profiles).where(profiles.c.id == pid).values(mark_reading=on))

    # ---------------------------------------------------------------- statuses

    def entries(self, profile: str) -> list[Entry]:
        q = (select(progress.c.chapter, progress.c.status, progress.c.updated_at)
             .join(profiles, profiles.c.id == progress.c.profile_id)
             .where(profiles.c.name == profile).order_by(progress.c.chapter))
        with self._read() as conn:
            return [Entry(r.chapter, r.status, r.updated_at) for r in conn.execute(q)]

    def statuses(self, profile: str) -> dict[str, str]:
        """Stored status per chapter (rows saying "not started" included)."""
        return {e.chapter: e.status for e in self.entries(profile)}

    def set_status(self, profile: str, chapter: str, status: str, at: datetime | None = None) -> None:
        """Upsert one chapter's status (the person's latest action wins)."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {', '.join(STATUSES)}")
        with self._write() as conn:
            pid = self._ensure_profile(conn, profile)
            when = at or _now()  # taken under the write lock, so later commits carry later times
            stmt = self._insert(progress).values(profile_id=pid, chapter=chapter, status=status, updated_at=when)
            conn.execute(stmt.on_conflict_do_update(
                index_elements=["profile_id", "chapter"],
                set_={"status": stmt.excluded.status, "updated_at": stmt.excluded.updated_at}))

    def mark_reading(self, profile: str, chapter: str) -> bool:
        """Opening a chapter: "reading" unless it already has a status. True when something changed."""
        with self._write() as conn:
            pid = self._ensure_profile(conn, profile)
            stmt = self._insert(progress).values(profile_id=pid, chapter=chapter, status=READING, updated_at=_now())
            res = conn.execute(stmt.on_conflict_do_update(
                index_elements=["profile_id", "chapter"],
                set_={"status": stmt.excluded.status, "updated_at": stmt.excluded.updated_at},
                where=progress.c.status == NOT_STARTED).returning(progress.c.chapter))
            return res.first() is not None

    def reset(self, profile: str) -> int:
        """Forget every status of one profile (the profile stays). Returns the rows removed."""
        with self._write() as conn:
            pid = self._profile_id(conn, profile)
            if pid is None:
                return 0
            return int(conn.execute(delete(progress).where(progress.c.profile_id == pid)).rowcount)

    # ---------------------------------------------------------------- export / import

    def export(self, profile: str) -> dict[str, Any]:
        return {
            "format": FILE_FORMAT, "version": 1, "profile": profile, "exported_at": _now().isoformat(),
            "chapters": [{"chapter": e.chapter, "status": e.status, "updated_at": e.updated_at.isoformat()}
                         for e in self.entries(profile)],
        }

    def export_json(self, profile: str) -> str:
        return json.dumps(self.export(profile), indent=2, ensure_ascii=False) + "\n"

    def import_entries(self, profile: str, entries: Iterable[Entry]) -> ImportResult:
        """Merge in one transaction: a chapter takes the imported status only when it is newer
        than the stored one, so an import never loses a newer status."""
        entries = list(entries)
        with self._write() as conn:
            pid = self._ensure_profile(conn, profile)
            stored = {r.chapter: r.updated_at for r in conn.execute(
                select(progress.c.chapter, progress.c.updated_at).where(progress.c.profile_id == pid))}
            if entries:
                stmt = self._insert(progress)
                conn.execute(stmt.on_conflict_do_update(
                    index_elements=["profile_id", "chapter"],
                    set_={"status": stmt.excluded.status, "updated_at": stmt.excluded.updated_at},
                    where=stmt.excluded.updated_at > progress.c.updated_at),
                    [{"profile_id": pid, "chapter": e.chapter, "status": e.status, "updated_at": e.updated_at}
                     for e in entries])
        added = sum(e.chapter not in stored for e in entries)
        updated = sum(e.chapter in stored and e.updated_at > stored[e.chapter] for e in entries)
        return ImportResult(added, updated, len(entries) - added - updated)

    def import_json(self, profile: str, data: str | bytes) -> ImportResult:
        """Parse and merge an export; a malformed file raises :class:`ProgressFileError` and changes nothing."""
        return self.import_entries(profile, parse_progress_file(data))

    # ---------------------------------------------------------------- team

    def all_progress(self) -> list[tuple[str, str, str, datetime]]:
        """Every stored status: (profile, chapter, status, updated_at)."""
        q = (select(profiles.c.name, progress.c.chapter, progress.c.status, progress.c.updated_at)
             .join(profiles, profiles.c.id == progress.c.profile_id).order_by(profiles.c.name, progress.c.chapter))
        with self._read() as conn:
            return [(r.name, r.chapter, r.status, r.updated_at) for r in conn.execute(q)]

