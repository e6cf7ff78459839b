"""The progress store on both back ends: one suite, parametrised over a SQLite file and a real PostgreSQL server."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import update
from sqlalchemy.engine import make_url

from tests.conftest import FIXTURE
from tests.postgres import PostgresServer, pg_server, store_url  # noqa: F401  (fixtures)
from topicgraph import progress as p
from topicgraph.loader import read_curriculum
from topicgraph.model import Curriculum

UTC = timezone.utc
T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)



@pytest.fixture
def store(url: str) -> Iterator[p.ProgressStore]:
    s = p.ProgressStore.open(p.StoreConfig(url))
    yield s
    s.close()


@pytest.fixture(scope="module")
def cur() -> Curriculum:
    return read_curriculum(FIXTURE)


def test_a_new_store_creates_the_current_schema(store: p.ProgressStore, url: str) -> None:
    assert store.version() == p.SCHEMA_VERSION == 3
    assert store.profiles() == []
    if store.dialect == "sqlite":
        db = make_url(url).database
        assert db and Path(db).exists()
        assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_upsert_keeps_one_row_per_profile_and_chapter(store: p.ProgressStore) -> None:
    store.set_status("Ada", "redis-architecture", p.READING, at=T0)
    store.set_status("Ada", "redis-architecture", p.DONE, at=T0 + timedelta(minutes=5))
    assert store.entries("Ada") == [p.Entry("redis-architecture", p.DONE, T0 + timedelta(minutes=5))]
    assert store.all_progress() == [("Ada", "redis-architecture", p.DONE, T0 + timedelta(minutes=5))]


def test_every_status_can_be_set_and_changed_back(store: p.ProgressStore) -> None:
    for status in (p.READING, p.DONE, p.SKIPPED, p.NOT_STARTED, p.DONE):
        store.set_status("Ada", "caching-strategies", status)
        assert store.statuses("Ada") == {"caching-strategies": status}
    with pytest.raises(ValueError, match="status must be one of"):
        store.set_status("Ada", "caching-strategies", "finished")
    assert store.statuses("Ada") == {"caching-strategies": p.DONE}


def test_opening_a_chapter_marks_it_reading_but_never_downgrades(store: p.ProgressStore) -> None:
    assert store.mark_reading("Ada", "redis-architecture") is True
    assert store.statuses("Ada") == {"redis-architecture": p.READING}
    store.set_status("Ada", "redis-architecture", p.DONE)
    assert store.mark_reading("Ada", "redis-architecture") is False
    store.set_status("Ada", "qdrant-overview", p.NOT_STARTED)
    assert store.mark_reading("Ada", "qdrant-overview") is True
    assert store.statuses("Ada") == {"redis-architecture": p.DONE, "qdrant-overview": p.READING}
    assert store.marks_reading("Ada") is True
    store.set_marks_reading("Ada", False)
    assert store.marks_reading("Ada") is False


def test_profiles_are_separate_and_names_are_stored_as_typed(store: p.ProgressStore) -> None:
    hostile = '<img src=x onerror="alert(1)"> **Bob**'
    assert store.create_profile(f"  {hostile}  ") == hostile
    store.create_profile(hostile)  # no error, no duplicate
    store.set_status("Ada", "redis-architecture", p.DONE)
    store.set_status(hostile, "redis-architecture", p.SKIPPED)
    assert store.profiles() == ['<img src=x onerror="alert(1)"> **Bob**', "Ada"]
    assert store.statuses("Ada") == {"redis-architecture": p.DONE}
    assert store.statuses(hostile) == {"redis-architecture": p.SKIPPED}
    with pytest.raises(ValueError, match="empty"):
        store.create_profile("   ")
    with pytest.raises(ValueError, match="at most 40"):
        store.create_profile("x" * 41)


def test_export_import_round_trip(store: p.ProgressStore) -> None:
    store.set_status("Ada", "redis-architecture", p.DONE, at=T0)
    store.set_status("Ada", "rag-architecture", p.SKIPPED, at=T0 + timedelta(hours=1))
    store.set_status("Ada", "qdrant-overview", p.READING, at=T0 + timedelta(hours=2))
    exported = store.export_json("Ada")
    doc = json.loads(exported)
    assert doc["format"] == "topicgraph-progress" and doc["profile"] == "Ada" and len(doc["chapters"]) == 3
    result = store.import_json("Grace", exported)
    assert (result.added, result.updated, result.kept) == (3, 0, 0)
    assert store.entries("Grace") == store.entries("Ada")
    again = store.import_json("Grace", exported)  # importing the same file twice changes nothing
    assert (again.added, again.updated, again.kept) == (0, 0, 3)
    assert store.entries("Grace") == store.entries("Ada")


def test_import_never_loses_a_newer_status(store: p.ProgressStore) -> None:
    store.set_status("Ada", "redis-architecture", p.DONE, at=T0 + timedelta(days=2))  # newer than the file
    store.set_status("Ada", "rag-architecture", p.READING, at=T0)  # older than the file
    file = {"format": "topicgraph-progress", "version": 1, "chapters": [
        {"chapter": "redis-architecture", "status": "not-started", "updated_at": (T0 + timedelta(days=1)).isoformat()},
        {"chapter": "rag-architecture", "status": "done", "updated_at": "2026-03-01T13:00:00Z"},
        {"chapter": "qdrant-overview", "status": "skipped", "updated_at": "2026-03-01T13:00:00+00:00"},
    ]}
    result = store.import_json("Ada", json.dumps(file))
    assert (result.added, result.updated, result.kept) == (1, 1, 1)
    assert store.statuses("Ada") == {"redis-architecture": p.DONE, "rag-architecture": p.DONE,
                                     "qdrant-overview": p.SKIPPED}
    assert {e.chapter: e.updated_at for e in store.entries("Ada")}["rag-architecture"] == T0 + timedelta(hours=1)


@pytest.mark.parametrize(("data", "field"), [
    (b"\xff\xfe garbage", "file"),
    ("{not json", "file"),
    ("[]", "file"),
    ('{"format": "something-else", "version": 1, "chapters": []}', "format"),
    ('{"format": "topicgraph-progress", "version": 7, "chapters": []}', "version"),
    ('{"format": "topicgraph-progress", "version": 1, "chapters": {}}', "chapters"),
    ('{"format": "topicgraph-progress", "version": 1, "chapters": [{"chapter": "ok", "status": "done",'
     ' "updated_at": "2026-03-01T10:00:00Z"}, {"chapter": "x", "status": "finished", "updated_at": "2026-03-01"}]}',
     "chapters[1].status"),
    ('{"format": "topicgraph-progress", "version": 1, "chapters": [{"chapter": "x", "status": "done",'
     ' "updated_at": "yesterday"}]}', "chapters[0].updated_at"),
    ('{"format": "topicgraph-progress", "version": 1, "chapters": [{"chapter": "", "status": "done",'
     ' "updated_at": "2026-03-01"}]}', "chapters[0].chapter"),
])
def test_a_malformed_import_names_the_problem_and_changes_nothing(store: p.ProgressStore, data: str | bytes,
                                                                  field: str) -> None:
    store.set_status("Ada", "redis-architecture", p.READING, at=T0)
    before = store.entries("Ada")
    with pytest.raises(p.ProgressFileError) as err:
        store.import_json("Ada", data)
    assert err.value.field == field
    assert store.entries("Ada") == before
    assert store.profiles() == ["Ada"]


def test_reset_forgets_one_profile_only(store: p.ProgressStore) -> None:
    store.set_status("Ada", "redis-architecture", p.DONE)
    store.set_status("Ada", "rag-architecture", p.READING)
    store.set_status("Grace", "redis-architecture", p.DONE)
    assert store.reset("Ada") == 2
    assert store.statuses("Ada") == {}
    assert store.profiles() == ["Ada", "Grace"]
    assert store.statuses("Grace") == {"redis-architecture": p.DONE}
    assert store.reset("Nobody") == 0


def test_a_removed_chapter_keeps_its_row(store: p.ProgressStore, url: str, cur: Curriculum) -> None:
    store.set_status("Ada", "redis-architecture", p.DONE)
    store.set_status("Ada", "chapter-that-was-removed", p.DONE)
    store.close()
    reopened = p.ProgressStore.open(p.StoreConfig(url))  # a restart with the new content
    statuses = reopened.statuses("Ada")
    assert statuses == {"redis-architecture": p.DONE, "chapter-that-was-removed": p.DONE}
    assert p.removed_chapters(cur, statuses) == ["chapter-that-was-removed"]
    assert p.overall(cur, statuses).done == 1  # only chapters in the content count
    reopened.close()


def test_percentages_skip_the_skipped_and_reach_exactly_100(store: p.ProgressStore, cur: Curriculum) -> None:
    databases = [c.slug for c in cur.chapters if "databases" in c.themes]
    assert len(databases) == 3
    store.set_status("Ada", databases[0], p.DONE)
    store.set_status("Ada", databases[1], p.SKIPPED)
    t = p.theme_tallies(cur, store.statuses("Ada"))["databases"]
    assert (t.done, t.skipped, t.counted, t.total) == (1, 1, 2, 3)
    assert t.percent == 50.0
    store.set_status("Ada", databases[2], p.DONE)
    t = p.theme_tallies(cur, store.statuses("Ada"))["databases"]
    assert t.percent == 100.0 and t.fraction == 1.0
    # Everything: done, with a few skipped, is exactly 100 % overall too.
    for i, c in enumerate(cur.chapters):
        store.set_status("Ada", c.slug, p.SKIPPED if i % 5 == 0 else p.DONE)
    tallies = p.theme_tallies(cur, store.statuses("Ada"))
    assert all(t.percent == 100.0 for t in tallies.values())
    whole = p.overall(cur, store.statuses("Ada"))
    assert whole.percent == 100.0 and whole.fraction == 1.0 and whole.counted == len(cur.chapters) - 3
    # A bridge chapter (two themes) counts in both.
    bridge = next(c for c in cur.chapters if len(c.themes) > 1)
    store.set_status("Ada", bridge.slug, p.READING)
    tallies = p.theme_tallies(cur, store.statuses("Ada"))
    assert all(tallies[t].percent < 100.0 for t in bridge.themes)


V1_ROWS = [("Ada", "redis-architecture", "done"), ("Ada", "rag-architecture", "unread"),
           ("Grace", "redis-architecture", "reading"), ("Grace", "removed-long-ago", "skipped")]


def _build_v1(url: str) -> None:
    """The first release's schema, written with plain SQL (not with the app's code)."""
    ddl = ["CREATE TABLE schema_version (version INTEGER NOT NULL)", "INSERT INTO schema_version VALUES (1)",
           "CREATE TABLE progress (profile VARCHAR NOT NULL, chapter VARCHAR NOT NULL, status VARCHAR NOT NULL, "
           "PRIMARY KEY (profile, chapter))"]
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        assert u.database
        with sqlite3.connect(u.database) as conn:
            for stmt in ddl:
                conn.execute(stmt)
            conn.executemany("INSERT INTO progress VALUES (?, ?, ?)", V1_ROWS)
    else:
        with psycopg.connect(host=u.host, port=u.port, user=u.username, dbname=u.database) as conn:
            for stmt in ddl:
                conn.execute(stmt)
            conn.cursor().executemany("INSERT INTO progress VALUES (%s, %s, %s)", V1_ROWS)


def test_a_v1_database_is_upgraded_in_place(url: str) -> None:
    _build_v1(url)
    before = datetime.now(UTC)
    store = p.ProgressStore.open(p.StoreConfig(url))
    assert store.version() == p.SCHEMA_VERSION
    assert store.profiles() == ["Ada", "Grace"]
    assert store.statuses("Ada") == {"redis-architecture": p.DONE, "rag-architecture": p.NOT_STARTED}
    assert store.statuses("Grace") == {"redis-architecture": p.READING, "removed-long-ago": p.SKIPPED}
    assert all(before <= e.updated_at <= datetime.now(UTC) for e in store.entries("Ada"))
    store.set_status("Ada", "rag-architecture", p.DONE)  # and it works as a v2 store
    assert store.statuses("Ada")["rag-architecture"] == p.DONE
    store.close()
    again = p.ProgressStore.open(p.StoreConfig(url))  # opening an upgraded store changes nothing
    assert again.version() == p.SCHEMA_VERSION and len(again.all_progress()) == 4
    again.close()


def test_a_newer_schema_is_refused_and_left_alone(store: p.ProgressStore, url: str) -> None:
    store.set_status("Ada", "redis-architecture", p.DONE)
    with store.engine.begin() as conn:
        conn.execute(update(p.schema_version).values(version=p.SCHEMA_VERSION + 1))
    store.close()
    with pytest.raises(p.StoreUnavailable) as err:
        p.ProgressStore.open(p.StoreConfig(url))
    assert err.value.kind == "newer" and "Upgrade the app" in str(err.value)


def test_where_the_store_is_configured(tmp_path: Path) -> None:
    default = p.StoreConfig.resolve({})
    assert default.source == "default" and default.backend == "sqlite"
    assert default.where.endswith("system-design-space-explorer/progress.sqlite")
    env = p.StoreConfig.resolve({"TOPICGRAPH_DB": str(tmp_path / "mine.sqlite")}, "postgresql+psycopg://x@y/z")
    assert env.source == "TOPICGRAPH_DB" and env.where == str(tmp_path / "mine.sqlite")
    team = p.StoreConfig.resolve({}, "postgresql+psycopg://team:s3cret@db.internal:5432/progress")
    assert team.backend == "postgresql" and team.source == "secrets.toml [connections.progress]"
    assert "s3cret" not in team.where and team.where == "postgresql+psycopg://team:***@db.internal:5432/progress"
