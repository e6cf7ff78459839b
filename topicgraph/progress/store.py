"""The progress store: SQLAlchemy Core over SQLite (default) or PostgreSQL (a team), typed failures."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
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
from sqlalchemy.engine import URL, make_url
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
    UNKNOWN_SHOWN,
    Entry,
    ImportLimits,
    ImportResult,
    ProgressFileError,
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


CONFIG_TODO = ("Fix TOPICGRAPH_DB or [connections.progress] url in .streamlit/secrets.toml: a file path for "
               "SQLite, or postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE.")


def _mask(url: str) -> str:
    """The URL with its password masked, even when it does not parse.

    >>> _mask("postgresql+psycopg://team:s3cret@db:port/progress")
    'postgresql+psycopg://team:***@db:port/progress'
    """
    return re.sub(r"(://[^:/@]*:)[^@]*@", r"\1***@", url)


def parse_url(raw: str) -> URL:
    """SQLAlchemy's URL, or a ``config`` :class:`StoreUnavailable` saying what is wrong with it.

    >>> parse_url("postgresql+psycopg://u:pw@db:54x2/progress")
    Traceback (most recent call last):
    ...
    topicgraph.progress.values.StoreUnavailable: The progress database URL is not valid: the port after the \
host name is not a number (postgresql+psycopg://u:***@db:54x2/progress). Fix TOPICGRAPH_DB or \
[connections.progress] url in .streamlit/secrets.toml: a file path for SQLite, or \
postgresql+psycopg://USER:PASSWORD@HOST:5432/DATABASE.
    """
    try:
        return make_url(raw)
    except ArgumentError as e:
        problem = str(e).splitlines()[0]
    except ValueError:  # make_url's int(port)
        problem = "the port after the host name is not a number"
    raise StoreUnavailable("config", f"The progress database URL is not valid: {problem}", _mask(raw), CONFIG_TODO)


def sqlite_path(url: URL) -> str | None:
    """The file of a SQLite URL; None for an in-memory database (``sqlite://``, ``:memory:``, ``mode=memory``)."""
    db = url.database or ""
    if db.startswith("file:"):
        db = db[5:]
    if db in ("", ":memory:") or url.query.get("mode") == "memory":
        return None
    return db


@dataclass(frozen=True)
class StoreConfig:
    """Where progress is stored. ``source`` says where the URL came from (shown in Settings).

    ``busy_timeout_ms`` (SQLite) and ``lock_timeout_ms`` (PostgreSQL) bound how long one action waits for a
    lock another program holds: it sits on a page's path, so under a second; then the action is not saved
    and says so. ``problem`` is a configuration error found by :meth:`resolve`, raised by
    :meth:`ProgressStore.open` (so it reaches the page as a message, not an exception).
    """

    url: str
    source: str = "default"
    busy_timeout_ms: int = 750
    connect_timeout_s: int = 5
    lock_timeout_ms: int = 750
    limits: ImportLimits = field(default_factory=ImportLimits)
    problem: str = ""

    @classmethod
    def resolve(cls, env: Mapping[str, str] | None = None, secrets_url: str | None = None) -> StoreConfig:
        """``$TOPICGRAPH_DB``, else ``[connections.progress] url`` from secrets.toml, else the default file.

        >>> StoreConfig.resolve({"TOPICGRAPH_DB": "/tmp/p.sqlite"}).source
        'TOPICGRAPH_DB'
        >>> StoreConfig.resolve({}, "postgresql+psycopg://u:pw@db/p").where
        'postgresql+psycopg://u:***@db/p'
        """
        env = os.environ if env is None else env
        try:
            limits, problem = ImportLimits.from_env(env), ""
        except ValueError as e:
            limits, problem = ImportLimits(), str(e)
        if env.get("TOPICGRAPH_DB", "").strip():
            url, source = as_url(env["TOPICGRAPH_DB"]), "TOPICGRAPH_DB"
        elif secrets_url and secrets_url.strip():
            url, source = as_url(secrets_url), "secrets.toml [connections.progress]"
        else:
            url, source = as_url(str(default_path())), "default"
        return cls(url, source, limits=limits, problem=problem)

    @property
    def backend(self) -> str:
        """``sqlite``, ``postgresql``, another SQLAlchemy back end, or ``unknown`` (a URL that does not parse)."""
        try:
            return parse_url(self.url).get_backend_name()
        except StoreUnavailable:
            return "unknown"

    @property
    def where(self) -> str:
        """The location: the file path for SQLite, the URL with its password masked otherwise. It names the
        database user, host and port: show it to admins only (or when one person uses the app)."""
        try:
            url = parse_url(self.url)
        except StoreUnavailable:
            return _mask(self.url)
        if url.get_backend_name() == "sqlite":
            return sqlite_path(url) or "sqlite:// (in memory)"
        return url.render_as_string(hide_password=True)


# --------------------------------------------------------------------------- the store


_TODO = {  # what to do, per back end
    ("locked", "sqlite"): "Try again in a moment. If it stays locked, close the program that holds the file in a "
                          "transaction (a sqlite3 shell, a backup or sync tool).",
    ("locked", "postgresql"): "Try again in a moment. If it stays locked, the database administrator can find the "
                              "session holding the lock (pg_locks, pg_stat_activity) and end it.",
    ("read-only", "sqlite"): "Make the file and its folder writable, or set TOPICGRAPH_DB to a writable location. "
                             "What is stored is untouched.",
    ("read-only", "postgresql"): "Point the URL at the primary server, not a read-only replica, and give its user "
                                 "INSERT, UPDATE and DELETE on the progress tables. What is stored is untouched.",
    ("disk-full", "sqlite"): "Free space on the disk that holds the file, or set TOPICGRAPH_DB to a file on "
                             "another disk. What is stored is untouched.",
    ("disk-full", "postgresql"): "The database administrator must free space on the PostgreSQL server's disk. "
                                 "What is stored is untouched.",
    ("missing-table", "sqlite"): "Restore the file from a backup, or restart the app to create it again, "
                                 "empty (then import an export).",
    ("missing-table", "postgresql"): "Restore the table from a backup (pg_restore --table), or restart the app to "
                                     "create it again, empty (then import an export).",
}


def _classify(exc: BaseException, where: str, backend: str = "postgresql") -> StoreUnavailable:
    """Turn a driver error into what a person can act on, for the back end in use."""
    orig = getattr(exc, "orig", None) or exc
    msg = (str(orig).strip() or type(exc).__name__).splitlines()[0]
    low = str(exc).lower()
    code = getattr(orig, "sqlstate", None) or ""  # psycopg's SQLSTATE
    db = "postgresql" if backend != "sqlite" else "sqlite"

    def fault(kind: str, what: str) -> StoreUnavailable:
        return StoreUnavailable(kind, what, where, _TODO[kind, db])

    if isinstance(exc, (ArgumentError, NoSuchModuleError)):
        return StoreUnavailable("config", f"The progress database URL is not valid: {msg}", where, CONFIG_TODO)
    if "database is locked" in low or "database table is locked" in low or code in ("55P03", "40P01"):
        return fault("locked", "The progress database is locked by another program: nothing was saved")
    if "readonly" in low or "read-only" in low or "read only" in low or code == "25006":
        return fault("read-only", "The progress database is read-only: changes cannot be saved")
    if "disk is full" in low or "no space left" in low or code.startswith("53"):
        return fault("disk-full", "The disk holding the progress database is full: nothing was saved")
    table = re.search(r'no such table: (\w+)|relation "(\w+)" does not exist', str(exc))
    if table or code == "42P01":
        name = next((g for g in table.groups() if g), "?") if table else "?"
        return fault("missing-table", f"The progress database has lost its table {name!r}, and the statuses in it")
    if "not a database" in low or "malformed" in low or "disk image" in low or "file is encrypted" in low:
        return StoreUnavailable("corrupt", "The progress database file is damaged or is not a database", where,
                                "The app does not touch it. Restore it from a backup (or move it aside to "
                                "start a new one and import an export), or set TOPICGRAPH_DB to another file.")
    if db == "sqlite":
        if "unable to open database file" in low:
            folder = Path(where)
            what = ("is a folder, not a file" if folder.is_dir() else "cannot be opened")
            return StoreUnavailable("unreachable", f"The progress database file {what}", where,
                                    "Check that its folder exists and is writable, or set TOPICGRAPH_DB.")
        return StoreUnavailable("error", f"The progress database file failed: {msg}", where,
                                "Try again; if it persists, check the file and the disk it is on.")
    if isinstance(exc, (OperationalError, InterfaceError, DisconnectionError)):
        return StoreUnavailable("unreachable", "The progress database server cannot be reached", where,
                                "Check that PostgreSQL is running and the URL is right; progress shows "
                                "again once it is back, nothing stored is lost.")
    return StoreUnavailable("error", f"The progress database failed: {msg}", where,
                            "Try again; if it persists, check the database server's log.")


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
    url = parse_url(cfg.url)
    if url.get_backend_name() == "sqlite":
        path = sqlite_path(url)
        if path is None:  # each pooled connection would get its own empty database: every change lost
            raise StoreUnavailable("config", "An in-memory SQLite database (sqlite://) cannot keep progress: each "
                                   "connection gets its own empty database, so every change would be lost",
                                   cfg.where, "Set TOPICGRAPH_DB to a file path such as /srv/progress.sqlite, or "
                                   "unset it to use the default file.")
        if not url.database or not url.database.startswith("file:"):
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StoreUnavailable("unreachable", f"The progress database folder cannot be created ({e.strerror})",
                                       cfg.where, "Set TOPICGRAPH_DB to a writable location.") from e
        engine = create_engine(url, connect_args={"timeout": cfg.busy_timeout_ms / 1000})
        _sqlite_events(engine, cfg.busy_timeout_ms)
        return engine
    args: dict[str, Any] = {}
    if url.get_backend_name() == "postgresql":  # a held lock fails the statement (55P03) instead of waiting
        own = url.query.get("options", "")  # keep the URL's own options (e.g. a search_path)
        own = own if isinstance(own, str) else " ".join(own)
        args = {"connect_timeout": cfg.connect_timeout_s,
                "options": f"{own} -c lock_timeout={int(cfg.lock_timeout_ms)}".strip()}
    return create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4, connect_args=args)


def _identity(path: str) -> tuple[int, int] | None:
    """(device, inode) of the file now at ``path``, None when there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


class ProgressStore:
    """Progress of every profile in one database. Open with :meth:`open`; every method raises
    :class:`StoreUnavailable` (never a driver error) when the database cannot be used."""

    def __init__(self, cfg: StoreConfig, engine: Engine) -> None:
        self.cfg, self.engine = cfg, engine
        self.dialect = engine.dialect.name
        #: Set when the database accepts reads but refuses writes (found at open, or by a failed write;
        #: cleared by the next successful write), so the app can say so before anyone clicks.
        self.read_only: StoreUnavailable | None = None
        #: The SQLite file, and which file it was when opened (device, inode): a file deleted or replaced
        #: while the app runs is noticed before each use, never written into silently.
        self.path = sqlite_path(engine.url) if self.dialect == "sqlite" else None
        self._identity: tuple[int, int] | None = None
        self._swap = threading.RLock()
        self._keeper: Any = None  # a connection to the file as opened, outside the pool (see _retire)

    @classmethod
    def open(cls, cfg: StoreConfig) -> ProgressStore:
        """Connect, create the schema in a new database, upgrade an old one in place."""
        if cfg.problem:
            raise StoreUnavailable("config", f"The progress settings are not valid: {cfg.problem}", cfg.where,
                                   "Fix the environment variable, then restart the app.")
        try:
            engine = make_engine(cfg)
        except (ArgumentError, NoSuchModuleError, ImportError) as e:
            raise _classify(ArgumentError(str(e)), cfg.where, cfg.backend) from e
        store = cls(cfg, engine)
        try:
            store._start()
        except BaseException:
            engine.dispose()
            raise
        return store

    def _start(self) -> None:
        self._ensure_schema()
        self._probe_write()
        if self.path is not None:
            self._identity = _identity(self.path)  # the file as opened (or as SQLite just created it)
            with self._guard():
                self._keeper = self.engine.raw_connection()
                self._keeper.detach()

    def _retire(self) -> None:
        """Let go of a file that is no longer at its path. Its write-ahead log (``-wal`` beside the path) may
        still hold committed pages; SQLite would replay them into any new file opened at that path,
        corrupting it. So first move them into the old file and empty the log, through a connection that
        still has the old file open, then close every connection."""
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            try:
                keeper.cursor().execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except sqlite3.Error:
                pass  # read-only, or the log is gone: nothing to protect the next file from
            finally:
                keeper.close()
        self.engine.dispose()

    def _check_file(self, after_write: bool = False) -> None:
        """Refuse to use a SQLite file that was deleted or replaced since it was opened: the pool's
        connections still point at the old file, so a write would vanish. A new file at the path (a backup
        put back) is opened for the next action."""
        if self.path is None or self._identity is None:  # not SQLite, or still opening
            return
        now = _identity(self.path)
        if now == self._identity:
            return
        with self._swap:
            now = _identity(self.path)
            if now == self._identity:
                return
            lost = "what you just did went into the old file and was not saved" if after_write else \
                "nothing was saved"
            if now is None:
                self._retire()  # and no connection may create an empty file in its place
                raise StoreUnavailable(
                    "deleted", f"The progress database file was deleted while the app was running: {lost}",
                    self.cfg.where, "Put the file (or a backup of it) back at the same place and the app uses it "
                    "again, or restart the app to start a new, empty file.")
            self._retire()
            self.engine, self._identity, self.read_only = make_engine(self.cfg), None, None
            self._start()
            raise StoreUnavailable(
                "replaced", f"The progress database file was replaced by another file while the app was running: "
                f"the app now uses the new file; {lost}", self.cfg.where,
                "Reload the page to see the progress the new file holds, then do it again.")

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
        if self._keeper is not None:
            self._keeper.close()
            self._keeper = None
        self.engine.dispose()

    # ---------------------------------------------------------------- plumbing

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except StoreUnavailable:
            raise
        except (SQLAlchemyError, sqlite3.Error, OSError) as e:
            raise _classify(e, self.cfg.where, self.dialect) from e

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self._guard():
            self._check_file()
            with self.engine.connect() as conn, conn.begin():
                yield conn

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """One transaction holding the write lock from its start (SQLite) / a normal one (PostgreSQL)."""
        try:
            with self._guard():
                self._check_file()
                with self.engine.connect() as conn:
                    conn = conn.execution_options(tg_write=True)
                    with conn.begin():
                        yield conn
                self._check_file(after_write=True)
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
            missing = [t for t in (profiles, progress) if t.name not in inspect(conn).get_table_names()]
        if found == SCHEMA_VERSION and not missing:
            return
        if found is not None and found > SCHEMA_VERSION:
            raise StoreUnavailable("newer", f"The progress database has schema version {found}, newer than "
                                   f"this app's {SCHEMA_VERSION}", self.cfg.where, "Upgrade the app.")
        with self._write() as conn:
            if self.dialect == "postgresql":  # two replicas starting at once: one creates, one waits (it is
                conn.execute(text("SET LOCAL lock_timeout = '60s'"))  # not a click, so it may wait long)
                conn.execute(text("SELECT pg_advisory_xact_lock(860708)"))
            found = self._version(conn)
            if found is None:
                metadata.create_all(conn)
                conn.execute(schema_version.insert().values(version=SCHEMA_VERSION))
                return
            if found == SCHEMA_VERSION:  # a table was dropped: a restart creates it again, empty
                metadata.create_all(conn, checkfirst=True)
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

    def reset(self, profile: str, prefix: str | None = None) -> int:
        """Forget the statuses of one profile (the profile stays): every one, or with ``prefix`` only those of
        one curriculum (keys ``prefix + slug``, see topicgraph/curricula.py; ``""``: the plain slugs).
        Returns the rows removed."""
        with self._write() as conn:
            pid = self._profile_id(conn, profile)
            if pid is None:
                return 0
            where = progress.c.profile_id == pid
            if prefix is not None:
                where &= (progress.c.chapter.startswith(prefix, autoescape=True) if prefix
                          else ~progress.c.chapter.contains(":", autoescape=True))
            return int(conn.execute(delete(progress).where(where)).rowcount)

    # ---------------------------------------------------------------- export / import

    def export(self, profile: str, prefix: str | None = None, curriculum: str | None = None,
               name: str | None = None) -> dict[str, Any]:
        """A profile's statuses as an export: all of them (the store's keys), or with ``prefix`` one curriculum's,
        as plain slugs, the file naming that curriculum (``curriculum``: its id, ``name``) so that it imports
        into that curriculum only."""
        entries = self.entries(profile)
        doc: dict[str, Any] = {"format": FILE_FORMAT, "version": 1, "profile": profile,
                               "exported_at": _now().isoformat()}
        if prefix is not None:
            doc["curriculum"] = curriculum or ""
            if name:
                doc["curriculum_name"] = name
            entries = [replace(e, chapter=e.chapter[len(prefix):]) for e in entries
                       if (e.chapter.startswith(prefix) if prefix else ":" not in e.chapter)]
        doc["chapters"] = [{"chapter": e.chapter, "status": e.status, "updated_at": e.updated_at.isoformat()}
                           for e in entries]
        return doc

    def export_json(self, profile: str, prefix: str | None = None, curriculum: str | None = None,
                    name: str | None = None) -> str:
        return json.dumps(self.export(profile, prefix, curriculum, name), indent=2, ensure_ascii=False) + "\n"

    #: An import writes this many statuses per transaction, and on SQLite (one writer for the whole file)
    #: pauses between them, so a click of someone else never waits behind a whole import.
    IMPORT_CHUNK, IMPORT_PAUSE_S = 1_000, 0.1

    def import_entries(self, profile: str, entries: Iterable[Entry],
                       known: Collection[str] | None = None) -> ImportResult:
        """Merge: a chapter takes the imported status only when it is newer than the stored one, so an import
        never loses a newer status (and importing a file twice changes nothing the second time).

        ``known``: the content's chapter slugs. Entries for other chapters are not stored (a file from
        another curriculum, or a hostile one, cannot grow the database): they are counted, and the first
        :data:`UNKNOWN_SHOWN` named. At most ``limits.max_entries`` entries, else nothing is written.

        Written in transactions of :attr:`IMPORT_CHUNK` statuses; if the database fails part-way, the
        error says how many were saved (importing the file again completes it)."""
        entries = list(entries)
        limit = self.cfg.limits.max_entries
        if len(entries) > limit:
            raise ProgressFileError("chapters", "progress.file.too_many", n=len(entries), max=limit)
        unknown: list[str] = []
        if known is not None:
            unknown = [e.chapter for e in entries if e.chapter not in known]
            if unknown:
                entries = [e for e in entries if e.chapter in known]
        with self._write() as conn:  # the profile, and what it holds now (the compare runs outside the lock)
            pid = self._ensure_profile(conn, profile)
        with self._read() as conn:
            stored = {r.chapter: r.updated_at for r in conn.execute(
                select(progress.c.chapter, progress.c.updated_at).where(progress.c.profile_id == pid))}
        newer = [e for e in entries if e.chapter not in stored or e.updated_at > stored[e.chapter]]
        stmt = self._insert(progress)
        stmt = stmt.on_conflict_do_update(  # the guard holds against a newer status written meanwhile
            index_elements=["profile_id", "chapter"],
            set_={"status": stmt.excluded.status, "updated_at": stmt.excluded.updated_at},
            where=stmt.excluded.updated_at > progress.c.updated_at)
        for start in range(0, len(newer), self.IMPORT_CHUNK):
            if start and self.dialect == "sqlite":
                time.sleep(self.IMPORT_PAUSE_S)  # let a waiting writer in
            rows = [{"profile_id": pid, "chapter": e.chapter, "status": e.status, "updated_at": e.updated_at}
                    for e in newer[start:start + self.IMPORT_CHUNK]]
            try:
                self._import_chunk(stmt, rows)
            except StoreUnavailable as e:
                if start:  # say what was saved, truthfully
                    stopped = (f"the import stopped after {start:,} of {len(newer):,} statuses were saved "
                               "(importing the file again completes it)")
                    e.what = (e.what.replace("nothing was saved", stopped) if "nothing was saved" in e.what
                              else f"{e.what}; {stopped}")
                    e.args = (f"{e.what} ({e.where}). {e.todo}",)
                raise
        added = sum(e.chapter not in stored for e in newer)
        return ImportResult(added, len(newer) - added, len(entries) - len(newer), len(unknown),
                            tuple(unknown[:UNKNOWN_SHOWN]))

    def _import_chunk(self, stmt: Any, rows: list[dict[str, Any]], patience_s: float = 10.0) -> None:
        """One chunk in one transaction. The person importing waits for their import, so a lock held by
        someone else is waited out (up to ``patience_s``) rather than failing the import."""
        deadline = time.monotonic() + patience_s
        while True:
            try:
                with self._write() as conn:
                    conn.execute(stmt, rows)
                return
            except StoreUnavailable as e:
                if e.kind != "locked" or time.monotonic() > deadline:
                    raise
                time.sleep(self.IMPORT_PAUSE_S)

    def import_json(self, profile: str, data: str | bytes, known: Collection[str] | None = None) -> ImportResult:
        """Parse and merge an export; a malformed file (or one past ``cfg.limits``) raises
        :class:`ProgressFileError` and changes nothing. ``known``: see :meth:`import_entries`."""
        return self.import_entries(profile, parse_progress_file(data, self.cfg.limits), known)

    # ---------------------------------------------------------------- team

    def all_progress(self) -> list[tuple[str, str, str, datetime]]:
        """Every stored status: (profile, chapter, status, updated_at)."""
        q = (select(profiles.c.name, progress.c.chapter, progress.c.status, progress.c.updated_at)
             .join(profiles, profiles.c.id == progress.c.profile_id).order_by(profiles.c.name, progress.c.chapter))
        with self._read() as conn:
            return [(r.name, r.chapter, r.status, r.updated_at) for r in conn.execute(q)]

