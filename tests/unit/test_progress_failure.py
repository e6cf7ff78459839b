"""The store's typed errors for the failures a person can meet: corrupt, read-only, locked, unreachable.
Each names what happened, where, and what to do, and leaves what is stored untouched."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.e2e.server import free_port
from topicgraph import progress as p


def open_store(path: Path, **kw: int) -> p.ProgressStore:
    return p.ProgressStore.open(p.StoreConfig(p.as_url(str(path)), **kw))


def test_corrupt_file_is_reported_and_never_overwritten(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite"
    garbage = b"this is not a database\n" * 500
    db.write_bytes(garbage)
    with pytest.raises(p.StoreUnavailable) as err:
        open_store(db)
    assert err.value.kind == "corrupt" and err.value.where == str(db)
    assert "Restore it from a backup" in str(err.value)
    assert db.read_bytes() == garbage


def test_truncated_database_is_corrupt(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite"
    s = open_store(db)
    for i in range(300):
        s.set_status("Ada", f"chapter-{i:03}", p.DONE)
    s.close()
    data = db.read_bytes()
    db.write_bytes(data[:100] + b"\x00" * 50 + data[150:4096])  # a damaged header and a lost tail
    with pytest.raises(p.StoreUnavailable) as err:
        open_store(db).statuses("Ada")
    assert err.value.kind == "corrupt"


@contextmanager
def read_only(db: Path) -> Iterator[str]:
    """A read-only SQLite file; yields the URL to open it with. The tests run as root, which ignores file
    modes, so the file is made immutable (``chattr +i``, ext4/xfs). Where the file system has no such flag
    (tmpfs) SQLite is asked to open it read-only (``mode=ro``); as another user, plain modes do."""
    if os.geteuid() != 0:
        db.chmod(0o444)
        db.parent.chmod(0o555)
        try:
            yield p.as_url(str(db))
        finally:
            db.parent.chmod(0o755)
            db.chmod(0o644)
        return
    if subprocess.run(["chattr", "+i", str(db)], capture_output=True).returncode != 0:
        yield f"sqlite:///file:{db}?mode=ro&uri=true"
        return
    try:
        yield p.as_url(str(db))
    finally:
        subprocess.run(["chattr", "-i", str(db)], check=True)


def test_read_only_file_reads_but_refuses_writes(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite"
    s = open_store(db)
    s.set_status("Ada", "redis-architecture", p.DONE)
    s.close()
    with read_only(db) as url:
        before = db.read_bytes()
        s = p.ProgressStore.open(p.StoreConfig(url))
        assert s.read_only is not None and s.read_only.kind == "read-only"
        assert s.statuses("Ada") == {"redis-architecture": p.DONE}
        with pytest.raises(p.StoreUnavailable) as err:
            s.set_status("Ada", "redis-architecture", p.SKIPPED)
        assert err.value.kind == "read-only" and "writable" in err.value.todo
        with pytest.raises(p.StoreUnavailable):
            s.import_json("Ada", s.export_json("Ada"))
        s.close()
        assert db.read_bytes() == before
    s = open_store(db)
    assert s.read_only is None
    s.set_status("Ada", "redis-architecture", p.SKIPPED)
    s.close()


def test_a_lock_held_past_the_busy_timeout_is_reported_then_clears(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite"
    s = open_store(db, busy_timeout_ms=300)
    s.set_status("Ada", "redis-architecture", p.READING)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(p.StoreUnavailable) as err:
            s.set_status("Ada", "redis-architecture", p.DONE)
        assert err.value.kind == "locked" and "nothing was saved" in err.value.what
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    s.set_status("Ada", "redis-architecture", p.DONE)
    assert s.statuses("Ada") == {"redis-architecture": p.DONE}
    s.close()


def test_unreachable_locations(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(p.StoreUnavailable) as err:
        open_store(blocker / "sub" / "progress.sqlite")
    assert err.value.kind == "unreachable" and "TOPICGRAPH_DB" in err.value.todo
    url = f"postgresql+psycopg://team:s3cret@127.0.0.1:{free_port()}/progress"
    with pytest.raises(p.StoreUnavailable) as err:
        p.ProgressStore.open(p.StoreConfig(url))
    assert err.value.kind == "unreachable" and "s3cret" not in str(err.value) and "***" in str(err.value)
    with pytest.raises(p.StoreUnavailable) as err:
        p.ProgressStore.open(p.StoreConfig("nosuchdb://x/y"))
    assert err.value.kind == "config"
