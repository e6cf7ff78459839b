"""Store faults and import limits as a person meets them in the app (Streamlit AppTest, real SQLite files): a bad
port in TOPICGRAPH_DB, an in-memory URL, the file deleted while the app runs, a held lock on a status click, an
import refused in Settings (49 MB, deep nesting, a lone surrogate), a long list capped, the location hidden when
sign-in is configured."""

from __future__ import annotations

import os
import sqlite3
import time
from datetime import datetime
from pathlib import Path

import pytest

from tests.app.test_signin_app import ADA, signed_in
from tests.unit.test_progress_app import (
    add_profiles,
    bars,
    graph_page_renders,
    make_app,
    my_status,
    rerun,
    sidebar_warnings,
)
from tests.unit.test_progress_import_limits import big_export
from topicgraph import progress as p


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "progress.sqlite")
    add_profiles(path, "Ada")  # made in Settings: a URL never creates a profile
    return path


def test_a_non_numeric_port_keeps_every_page_up(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://team:s3cret@db.internal:54x2/progress"
    at = make_app(monkeypatch, url, chapter="redis-architecture", profile="Ada")
    at.run()
    graph_page_renders(at)  # before: an exception on every page with a profile
    (warning,) = sidebar_warnings(at)
    assert "URL is not valid: the port after the host name is not a number" in warning
    assert "s3cret" not in warning and "cannot be reached" not in warning
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception and "the port after the host name is not a number" in at.error[0].value
    at.switch_page("pages/team.py")
    at.run()
    assert not at.exception


def test_an_in_memory_url_is_refused_in_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    at = make_app(monkeypatch, "sqlite://", chapter="redis-architecture", profile="Ada")
    at.run()
    graph_page_renders(at)
    (warning,) = sidebar_warnings(at)
    assert "in-memory SQLite database" in warning and "file path" in warning


def test_a_deleted_file_is_said_on_the_page(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = make_app(monkeypatch, db, chapter="redis-architecture", profile="Ada")
    at.run()
    my_status(at).set_value(p.DONE)
    rerun(at)
    assert bars(at)["Databases"] == "1 of 3 done · 33%"
    os.unlink(db)
    rerun(at)
    graph_page_renders(at)
    (warning,) = sidebar_warnings(at)
    assert "deleted while the app was running" in warning and "Put the file" in warning
    assert not Path(db).exists()


def test_a_click_against_a_held_lock_is_quick_and_says_not_saved(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = make_app(monkeypatch, db, chapter="redis-architecture", profile="Ada")
    at.run()
    assert my_status(at).value == p.READING
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        my_status(at).set_value(p.DONE)
        start = time.perf_counter()
        rerun(at)
        took = time.perf_counter() - start
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert not at.exception
    warning = " ".join(sidebar_warnings(at))
    assert "locked by another program: nothing was saved" in warning
    assert my_status(at).value == p.READING  # the control shows what is stored, not the lost click
    print(f"a click against a held lock: the page answered in {took * 1000:.0f} ms")
    assert took < 5  # the click's own wait is < 1 s (test_progress_faults); the rest is AppTest's rerun
    my_status(at).set_value(p.DONE)
    rerun(at)
    assert my_status(at).value == p.DONE and not sidebar_warnings(at)


def settings_with_upload(monkeypatch: pytest.MonkeyPatch, db: str, name: str, data: bytes) -> list[str]:
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    store.set_status("Ada", "redis-architecture", p.DONE)
    store.close()
    at = make_app(monkeypatch, db, profile="Ada")
    at.switch_page("pages/settings.py")
    at.run()
    at.file_uploader(key="_w_import").set_value((name, data, "application/json"))
    at.run()
    assert not at.exception
    return [e.value for e in at.error] + [s.value for s in at.success]


@pytest.mark.parametrize(("data", "says"), [
    (b'{"format": "topicgraph-progress", "version": 1, "chapters": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
     "Not imported: file: nested too deeply"),
    (b'{"format": "topicgraph-progress", "version": 1, "chapters": [{"chapter": "redis-\\ud800", "status": "done", '
     b'"updated_at": "2026-03-01T12:00:00Z"}]}', "Not imported: chapters\\[0\\].chapter: "),
    (b'{"format": "topicgraph-progress", "version": 1, "chapters": [{"chapter": "redis-architecture", "status": '
     b'"done", "updated_at": "0001-01-01T00:00:00+05:00"}]}', "Not imported: chapters\\[0\\].updated\\_at: "),
])
def test_settings_refuses_a_malformed_import(monkeypatch: pytest.MonkeyPatch, db: str, data: bytes,
                                             says: str) -> None:
    messages = settings_with_upload(monkeypatch, db, "progress.json", data)
    assert any(says in m and "Nothing was changed." in m for m in messages), messages
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    assert store.statuses("Ada") == {"redis-architecture": p.DONE}
    store.close()


def test_settings_refuses_the_49_mb_export(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    start = time.perf_counter()
    messages = settings_with_upload(monkeypatch, db, "huge.json", big_export())
    took = time.perf_counter() - start
    assert any("Not imported: file: is 49.7 MB; an import may be at most 5 MB" in m for m in messages), messages
    print(f"Settings with the 49 MB upload: {took:.1f} s for two page runs")
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    assert store.statuses("Ada") == {"redis-architecture": p.DONE}
    store.close()


def test_settings_names_unknown_chapters_and_caps_the_removed_list(monkeypatch: pytest.MonkeyPatch,
                                                                  db: str) -> None:
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    store.import_entries("Ada", [p.Entry(f"old-chapter-{i:03}", p.DONE, datetime(2026, 1, 1, tzinfo=p.UTC))
                                 for i in range(300)])
    store.close()
    at = make_app(monkeypatch, db, profile="Ada")
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception
    (listing,) = [m.value for m in at.markdown if m.value.startswith("- old")]  # slugs shown as text (literal)
    assert listing.count("\n") + 1 == 50  # 300 removed chapters: 50 listed, the rest counted
    assert "… and 250 more (an export lists them all)." in [c.value for c in at.caption]
    data = ('{"format": "topicgraph-progress", "version": 1, "chapters": [' + ", ".join(
        f'{{"chapter": "not-here-{i}", "status": "done", "updated_at": "2026-03-01T12:00:00Z"}}' for i in range(30))
        + ', {"chapter": "redis-architecture", "status": "done", "updated_at": "2026-03-01T12:00:00Z"}]}').encode()
    at.file_uploader(key="_w_import").set_value(("other.json", data, "application/json"))
    at.run()
    (ok,) = [s.value for s in at.success if s.value.startswith("Imported")]
    assert "1 added" in ok and "30 not in this curriculum, not imported: first 20: not-here-0, not-here-1" in ok
    assert "\\(10 more\\)" in ok  # shown as text: Markdown characters escaped


def test_the_location_is_hidden_when_sign_in_is_configured(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = signed_in(monkeypatch, db, ADA)  # a member, not an admin: the profile is the signed-in person
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception
    assert not [t for t in at.text_input if t.label == "Stored in"]
    assert all(db not in e.value for e in [*at.caption, *at.markdown, *at.success, *at.info])
    Path(db).unlink()  # and a fault's message says what and what to do, not where
    for suffix in ("-wal", "-shm"):
        Path(db + suffix).unlink(missing_ok=True)
    rerun(at)
    text = " ".join(e.value for e in [*at.error, *at.warning, *at.sidebar.warning])
    assert "deleted while the app was running" in text and db not in text
