"""Store faults on a real SQLite file and a real PostgreSQL server, each with a message that names what happened
and what to do for *that* back end: a bad port in the URL, an in-memory SQLite URL, the file deleted or replaced
while the app runs, a full disk (a real tmpfs: the SQLite file on it, or a PostgreSQL tablespace on it), a dropped
table, and a lock held by another program (the click costs under a second and says "nothing was saved").

The full-disk tests mount a small tmpfs, so they need root (CI runs as root); elsewhere they fail with the reason.
"""

from __future__ import annotations

import os
import pwd
import shutil
import sqlite3
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

from tests.postgres import USER, PostgresServer, pg_server, store_url  # noqa: F401  (fixtures)
from topicgraph import progress as p

UTC = timezone.utc
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@contextmanager
def tmpfs(size: str) -> Iterator[Path]:
    """A real, small file system: writes past ``size`` fail with ENOSPC ("No space left on device"). Mounted
    under /tmp (not pytest's private tmp_path) so the PostgreSQL server's user can reach it."""
    where = Path(tempfile.mkdtemp(prefix="tg-small-disk-"))
    where.chmod(0o755)
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0777", "tmpfs", str(where)],
                       capture_output=True, text=True)
    if r.returncode:
        pytest.fail(f"cannot mount a {size} tmpfs to fill (needs root): {r.stderr.strip()}", pytrace=False)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)
        where.rmdir()


def fill(folder: Path) -> Path:
    """Take every free byte of ``folder``'s file system; returns the filler (delete it to free the space)."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 4096)
        except OSError:
            pass
    return filler


def pg(url: str) -> psycopg.Connection:
    u = make_url(url)
    return psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database, autocommit=True)


# --------------------------------------------------------------------------- configuration


def test_a_non_numeric_port_is_a_config_message_not_a_crash() -> None:
    cfg = p.StoreConfig.resolve({"TOPICGRAPH_DB": "postgresql+psycopg://team:s3cret@db.internal:54x2/progress"})
    assert cfg.backend == "unknown"  # properties the pages read never raise
    assert cfg.where == "postgresql+psycopg://team:***@db.internal:54x2/progress"
    with pytest.raises(p.StoreUnavailable) as err:
        p.ProgressStore.open(cfg)
    assert err.value.kind == "config" and "s3cret" not in str(err.value)
    assert "the port after the host name is not a number" in err.value.what
    assert "TOPICGRAPH_DB" in err.value.todo and ":5432/" in err.value.todo


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite:///file::memory:?uri=true",
                                 "sqlite:///file:mem1?mode=memory&cache=shared&uri=true"])
def test_an_in_memory_sqlite_database_is_refused(url: str) -> None:
    with pytest.raises(p.StoreUnavailable) as err:
        p.ProgressStore.open(p.StoreConfig(url))
    assert err.value.kind == "config"
    assert "in-memory SQLite database (sqlite://) cannot keep progress" in err.value.what
    assert "every change would be lost" in err.value.what and "file path" in err.value.todo
    assert "PostgreSQL" not in str(err.value)


def test_the_location_can_be_left_out_of_every_message() -> None:
    """``where`` names user, host, port and database; ``describe(show_where=False)`` is the text for people who may
    not see it (the todo never repeats it)."""
    url = "postgresql+psycopg://team:s3cret@db.internal:5433/progress"
    cfg = p.StoreConfig(url, connect_timeout_s=1)
    with pytest.raises(p.StoreUnavailable) as err:
        p.ProgressStore.open(cfg)
    hidden = err.value.describe(show_where=False)
    assert "db.internal" in str(err.value) and "team" in str(err.value)
    assert "db.internal" not in hidden and "team" not in hidden and "5433" not in hidden and "cannot be reached" in hidden


# --------------------------------------------------------------------------- the SQLite file, while the app runs


def open_file(db: Path) -> p.ProgressStore:
    return p.ProgressStore.open(p.StoreConfig(p.as_url(str(db))))


def test_a_deleted_file_is_said_and_never_written_into(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite"
    s = open_file(db)
    s.set_status("Ada", "redis-architecture", p.DONE, at=T0)
    backup = tmp_path / "backup.sqlite"
    with sqlite3.connect(db) as src, sqlite3.connect(backup) as dst:
        src.backup(dst)
    os.unlink(db)
    for action in (lambda: s.set_status("Ada", "rag-architecture", p.DONE), lambda: s.statuses("Ada")):
        with pytest.raises(p.StoreUnavailable) as err:
            action()
        assert err.value.kind == "deleted"
        assert err.value.what == ("The progress database file was deleted while the app was running: nothing was "
                                  "saved")
        assert "Put the file (or a backup of it) back" in err.value.todo and "restart the app" in err.value.todo
        assert "PostgreSQL" not in str(err.value)
        assert not db.exists()  # no empty file quietly created in its place
    shutil.copy(backup, db)  # the backup put back: said once, then used
    with pytest.raises(p.StoreUnavailable) as err:
        s.statuses("Ada")
    assert err.value.kind == "replaced" and "the app now uses the new file" in err.value.what
    assert s.statuses("Ada") == {"redis-architecture": p.DONE}
    s.set_status("Ada", "rag-architecture", p.READING)
    s.close()
    with sqlite3.connect(db) as conn:  # the write went into the file that is there now
        assert sorted(conn.execute("SELECT chapter, status FROM progress")) == [
            ("rag-architecture", "reading"), ("redis-architecture", "done")]


def test_a_replaced_file_is_said_and_then_used(tmp_path: Path) -> None:
    db, other = tmp_path / "progress.sqlite", tmp_path / "other.sqlite"
    s = open_file(db)
    s.set_status("Ada", "redis-architecture", p.DONE)
    o = open_file(other)
    o.set_status("Grace", "caching-strategies", p.SKIPPED)
    o.close()
    os.replace(other, db)  # e.g. a sync tool or a restore writing a new file over it
    with pytest.raises(p.StoreUnavailable) as err:
        s.set_status("Ada", "rag-architecture", p.DONE)
    assert err.value.kind == "replaced" and "nothing was saved" in err.value.what
    assert "Reload the page" in err.value.todo
    assert s.profiles() == ["Grace"]  # now reading the new file
    s.set_status("Ada", "rag-architecture", p.DONE)
    s.close()
    with sqlite3.connect(db) as conn:
        assert ("rag-architecture", "done") in list(conn.execute("SELECT chapter, status FROM progress"))


# --------------------------------------------------------------------------- full disk


def test_a_full_disk_under_the_sqlite_file() -> None:
    with tmpfs("512k") as disk:
        db = disk / "progress.sqlite"
        s = open_file(db)
        s.set_status("Ada", "redis-architecture", p.DONE, at=T0)
        filler = fill(disk)
        with pytest.raises(p.StoreUnavailable) as err:
            for i in range(2_000):
                s.set_status("Ada", f"chapter-{i:04}-" + "x" * 150, p.DONE)
        assert err.value.kind == "disk-full"
        assert err.value.what == "The disk holding the progress database is full: nothing was saved"
        assert "Free space on the disk that holds the file" in err.value.todo and "PostgreSQL" not in str(err.value)
        assert s.statuses("Ada")["redis-architecture"] == p.DONE  # what was stored is still there
        filler.unlink()
        s.set_status("Ada", "after-space-was-freed", p.DONE)
        assert s.statuses("Ada")["after-space-was-freed"] == p.DONE
        with s.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        s.close()


def test_a_full_disk_under_postgresql(pg_server: PostgresServer) -> None:  # noqa: F811
    """The progress table on a tablespace on a 1 MB tmpfs: the server's own "could not extend file"."""
    url = pg_server.create_database()
    s = p.ProgressStore.open(p.StoreConfig(url))
    s.set_status("Ada", "redis-architecture", p.DONE, at=T0)
    name = "tiny_" + make_url(url).database  # type: ignore[operator]
    with tmpfs("1m") as disk:
        space = disk / "pg"
        space.mkdir()
        if os.geteuid() == 0:
            pw = pwd.getpwnam(USER)  # the server runs as this user (tests/postgres.py)
            os.chown(space, pw.pw_uid, pw.pw_gid)
        with pg(url) as conn:
            conn.execute(f"CREATE TABLESPACE {name} LOCATION '{space}'")
            conn.execute(f"ALTER TABLE progress SET TABLESPACE {name}")
        try:
            with pytest.raises(p.StoreUnavailable) as err:
                for batch in range(50):  # ~1.5 MB of rows: past the tablespace's 1 MB
                    s.import_entries("Ada", [p.Entry(f"c{batch:02}-{i:04}-" + "x" * 100, p.DONE, T0)
                                             for i in range(1_000)])
            assert err.value.kind == "disk-full"
            assert "the import stopped after" in err.value.what or "nothing was saved" in err.value.what
            assert "free space on the PostgreSQL server's disk" in err.value.todo
            assert s.statuses("Ada")["redis-architecture"] == p.DONE
        finally:
            s.close()
            with pg(url) as conn:
                conn.execute("DROP TABLE progress")
                conn.execute(f"DROP TABLESPACE {name}")


# --------------------------------------------------------------------------- a dropped table


def drop(url: str, table: str) -> None:
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        with sqlite3.connect(u.database) as conn:  # type: ignore[arg-type]
            conn.execute(f"DROP TABLE {table}")
    else:
        with pg(url) as conn:
            conn.execute(f"DROP TABLE {table} CASCADE")


def test_a_missing_table_is_named_and_a_restart_creates_it(url: str) -> None:
    s = p.ProgressStore.open(p.StoreConfig(url))
    s.set_status("Ada", "redis-architecture", p.DONE)
    drop(url, "progress")
    with pytest.raises(p.StoreUnavailable) as err:
        s.set_status("Ada", "rag-architecture", p.DONE)
    assert err.value.kind == "missing-table"
    assert err.value.what == "The progress database has lost its table 'progress', and the statuses in it"
    assert "restart the app to create it again, empty" in err.value.todo
    if s.dialect == "sqlite":
        assert "Restore the file from a backup" in err.value.todo and "PostgreSQL" not in str(err.value)
    else:
        assert "pg_restore --table" in err.value.todo and "cannot be reached" not in str(err.value)
    s.close()
    s = p.ProgressStore.open(p.StoreConfig(url))  # the restart
    assert s.statuses("Ada") == {} and s.profiles() == ["Ada"]
    s.set_status("Ada", "rag-architecture", p.DONE)
    assert s.statuses("Ada") == {"rag-architecture": p.DONE}
    s.close()


# --------------------------------------------------------------------------- a lock held by another program


@contextmanager
def lock_held(url: str) -> Iterator[None]:
    """Another program holds the write lock (SQLite) / an exclusive lock on the progress table (PostgreSQL)."""
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        holder = sqlite3.connect(u.database, isolation_level=None)  # type: ignore[arg-type]
        holder.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
    else:
        with pg(url) as conn, conn.transaction():
            conn.execute("LOCK TABLE progress IN ACCESS EXCLUSIVE MODE")
            yield


@pytest.mark.timeout(60)  # before: PostgreSQL waited for ever, SQLite 15 s
def test_a_held_lock_costs_a_click_under_a_second_and_says_nothing_was_saved(url: str) -> None:
    s = p.ProgressStore.open(p.StoreConfig(url))
    s.set_status("Ada", "redis-architecture", p.READING, at=T0)
    with lock_held(url):
        start = time.perf_counter()
        with pytest.raises(p.StoreUnavailable) as err:
            s.set_status("Ada", "redis-architecture", p.DONE)
        took = time.perf_counter() - start
    print(f"{s.dialect}: a click against a held lock answered in {took * 1000:.0f} ms")
    assert took < 1.0
    assert err.value.kind == "locked" and err.value.what.endswith("nothing was saved")
    if s.dialect == "sqlite":
        assert "close the program that holds the file" in err.value.todo
    else:
        assert "pg_locks" in err.value.todo
    assert s.entries("Ada") == [p.Entry("redis-architecture", p.READING, T0)]  # truly not saved
    s.set_status("Ada", "redis-architecture", p.DONE)  # and the next click, once the lock is gone, is
    assert s.statuses("Ada") == {"redis-architecture": p.DONE}
    s.close()
