"""Progress in the app (Streamlit AppTest, real stores): the tracking flow, Settings and Team pages, and the
failure behaviour: a corrupt or read-only SQLite file, PostgreSQL stopped mid-session → the graph page still
renders and tracking says what, where and what to do; nothing stored is lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from tests.app.test_app import headers, rerun, showing
from tests.conftest import FIXTURE, ROOT
from tests.postgres import PostgresServer, pg_server  # noqa: F401  (session fixture)
from tests.unit.test_progress_failure import read_only
from topicgraph import progress as p
from topicgraph.model import Curriculum
from topicgraph.safe_md import literal


def make_app(monkeypatch: pytest.MonkeyPatch, db: str, **params: str) -> AppTest:
    # AppTest re-detects the legacy pages/ folder before every run (see components/compat.py), so a button
    # click on Settings would be lost in the redirect through the frame. The app always calls st.navigation,
    # which clears the flag; do the same when AppTest builds its PagesManager.
    init = PagesManager.__init__

    def init_v2(self: PagesManager, *args: Any, **kwargs: Any) -> None:
        init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init_v2)
    monkeypatch.setenv("TOPICGRAPH_DATA", str(FIXTURE))
    monkeypatch.setenv("TOPICGRAPH_DB", db)
    monkeypatch.chdir(ROOT)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    for k, v in params.items():
        at.query_params[k] = v
    return at


def add_profiles(db: str, *names: str) -> None:
    """Create profiles the way Settings does (a URL never creates one)."""
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    for name in names:
        store.create_profile(name)
    store.close()


def bars(at: AppTest) -> dict[str, str]:
    """Sidebar progress bars: name → text."""
    out = {}
    for bar in at.get("progress"):
        name, _, rest = bar.proto.text.partition(": ")
        out[name] = rest
    return out


def my_status(at: AppTest) -> Any:
    """The reader's status control (the reader also has the local-graph depth control)."""
    (control,) = [c for c in at.segmented_control if c.label == "My status"]
    return control


def sidebar_warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.sidebar.warning]


def graph_page_renders(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert showing(at) == (12, 12)
    assert "Redis: In-Memory Database and Architecture" in headers(at)  # the reader's H1


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "progress.sqlite")


def test_tracking_from_the_reader_to_the_sidebar(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    add_profiles(db, "Ada")
    at = make_app(monkeypatch, db, chapter="redis-architecture", profile="Ada")
    at.run()
    graph_page_renders(at)
    assert bars(at)["Overall"] == "0 of 12 done · 0%"
    control = my_status(at)
    assert control.value == p.READING  # opening it marked it reading
    control.set_value(p.DONE)
    rerun(at)
    assert not at.exception
    assert bars(at)["Databases"] == "1 of 3 done · 33%" and bars(at)["Overall"] == "1 of 12 done · 8%"
    assert my_status(at).value == p.DONE
    assert at.query_params["profile"] == ["Ada"] or at.query_params["profile"] == "Ada"
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    assert store.statuses("Ada") == {"redis-architecture": p.DONE}
    store.close()


def test_without_tracking_the_reader_links_to_settings(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = make_app(monkeypatch, db, chapter="redis-architecture")
    at.run()
    graph_page_renders(at)
    assert [link.proto.label for link in at.get("page_link")] == ["Enable tracking in Settings"]
    assert not [c for c in at.segmented_control if c.label == "My status"] and not bars(at)
    assert not Path(db).exists()  # nothing is opened or written while tracking is off


def test_settings_create_a_profile_and_say_where_it_is_stored(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    at = make_app(monkeypatch, db)
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception
    assert "Tracking is off" in at.info[0].value
    assert next(t for t in at.text_input if t.label == "Stored in").value == db
    at.toggle(key="_w_track").set_value(True).run()
    at.text_input(key="_w_new").input("<b>Eve</b> *x*")
    at.button[0].click().run()  # the form's submit button
    assert not at.exception
    assert at.session_state["v_profile"] == "<b>Eve</b> *x*"
    msg = at.success[0].value
    assert literal("<b>Eve</b> *x*") in msg and "Eve" in msg  # escaped: shown literally, never as markup
    assert "Opening a chapter marks it **Reading**" in " ".join(c.value for c in at.caption)
    at.toggle(key="_w_marks").set_value(False).run()
    assert "does **not** change its status" in " ".join(c.value for c in at.caption)
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    assert store.profiles() == ["<b>Eve</b> *x*"] and store.marks_reading("<b>Eve</b> *x*") is False
    store.close()
    at.toggle(key="_w_track").set_value(False).run()
    assert not at.exception and at.session_state["v_profile"] is None and "profile" not in at.query_params
    assert "Tracking is off" in at.info[0].value


def test_settings_reset_needs_confirmation_and_lists_removed_chapters(monkeypatch: pytest.MonkeyPatch,
                                                                       db: str) -> None:
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    store.set_status("Ada", "redis-architecture", p.DONE)
    store.set_status("Ada", "chapter-no-longer-here", p.SKIPPED)
    at = make_app(monkeypatch, db, profile="Ada")
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception
    assert f"- {literal('chapter-no-longer-here')}: Skipped" in [m.value for m in at.markdown]
    next(b for b in at.button if b.label == "Reset my progress…").click().run()
    assert store.statuses("Ada") != {}  # nothing happens before the confirmation
    assert "Forget all 2 statuses" in at.warning[0].value
    next(b for b in at.button if b.label == "Yes, reset").click().run()
    assert not at.exception
    assert store.statuses("Ada") == {}
    assert "Progress reset: 2 statuses forgotten." in [s.value for s in at.success]
    store.close()


def test_team_page_heat_map_and_readers(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    for slug in ("redis-architecture", "data-storage-overview", "caching-strategies"):
        store.set_status("Ada", slug, p.DONE)
    store.set_status("Grace", "redis-architecture", p.READING)
    store.create_profile("Linus")
    store.close()
    at = make_app(monkeypatch, db, chapter="redis-architecture")
    at.switch_page("pages/team.py")
    at.run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 1
    readers = at.dataframe[0].value
    assert list(zip(readers["profile"], readers["status"], strict=True)) == [
        ("Ada", "Done"), ("Grace", "Reading"), ("Linus", "Not started")]
    rows = p.team_rows(read_fixture(), [("Ada", s, p.DONE, datetime.now(p.UTC)) for s in
                                        ("redis-architecture", "data-storage-overview", "qdrant-overview")])
    assert {r["theme"]: r["percent"] for r in rows}["Databases"] == 100.0


def read_fixture() -> Curriculum:
    from topicgraph.loader import read_curriculum

    return read_curriculum(FIXTURE)


# --------------------------------------------------------------------------- failures


def test_corrupt_sqlite_file_graph_still_renders_and_file_is_untouched(monkeypatch: pytest.MonkeyPatch,
                                                                        db: str) -> None:
    garbage = bytes(range(256)) * 40
    Path(db).write_bytes(garbage)
    at = make_app(monkeypatch, db, chapter="redis-architecture", profile="Ada")
    at.run()
    graph_page_renders(at)
    (warning,) = sidebar_warnings(at)
    assert "Progress tracking is unavailable" in warning and "damaged or is not a database" in warning
    assert db in warning and "Restore it from a backup" in warning
    assert any("cannot be saved right now" in c.value for c in at.caption)
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception and "damaged" in at.error[0].value
    assert Path(db).read_bytes() == garbage


@pytest.fixture
def immutable(db: str) -> Iterator[str]:
    """A read-only SQLite file (see test_progress_failure.read_only); yields the TOPICGRAPH_DB value."""
    store = p.ProgressStore.open(p.StoreConfig(p.as_url(db)))
    store.set_status("Ada", "redis-architecture", p.DONE)
    store.close()  # the last connection checkpoints the WAL into the file
    with read_only(Path(db)) as url:
        yield url


def test_read_only_sqlite_file_shows_progress_and_says_changes_cannot_be_saved(
        monkeypatch: pytest.MonkeyPatch, immutable: str) -> None:
    path = make_url(immutable).database.removeprefix("file:")  # type: ignore[union-attr]
    path = path.split("?")[0]
    before = Path(path).read_bytes()
    at = make_app(monkeypatch, immutable, chapter="caching-strategies", profile="Ada")
    at.run()
    graph_page_renders_for = "Caching Strategies"
    assert not at.exception and showing(at) == (12, 12)
    assert any(graph_page_renders_for in h for h in headers(at))
    # What is stored is still shown (read), and the message explains why nothing new is saved.
    rerun(at)
    assert bars(at)["Databases"] == "1 of 3 done · 33%"
    (warning,) = sidebar_warnings(at)
    assert "read-only" in warning and path in warning and "writable" in warning
    assert Path(path).read_bytes() == before


def test_postgres_stopped_mid_session(monkeypatch: pytest.MonkeyPatch, pg_server: PostgresServer) -> None:  # noqa: F811
    url = pg_server.create_database()
    add_profiles(url, "Ada")
    at = make_app(monkeypatch, url, chapter="redis-architecture", profile="Ada")
    at.run()
    graph_page_renders(at)
    my_status(at).set_value(p.DONE)
    rerun(at)
    assert bars(at)["Databases"] == "1 of 3 done · 33%"
    pg_server.stop()
    try:
        rerun(at)
        graph_page_renders(at)
        (warning,) = sidebar_warnings(at)
        assert "server cannot be reached" in warning and f"127.0.0.1:{pg_server.port}" in warning
        assert "PostgreSQL is running" in warning
        at.switch_page("pages/team.py")
        at.run()
        assert not at.exception and "cannot be reached" in at.error[0].value
    finally:
        pg_server.start()
    at.switch_page("pages/graph.py")
    rerun(at)
    assert not sidebar_warnings(at)
    assert bars(at)["Databases"] == "1 of 3 done · 33%"  # nothing stored was lost


@pytest.mark.parametrize("name", ["x" * 41, "bad\x07bell", "   "])
def test_an_invalid_profile_in_the_url_turns_tracking_off_with_a_notice(monkeypatch: pytest.MonkeyPatch, db: str,
                                                                        name: str) -> None:
    at = make_app(monkeypatch, db, chapter="redis-architecture", profile=name)
    at.run()
    graph_page_renders(at)
    if name.strip():
        assert any("There is no profile named" in w for w in sidebar_warnings(at))
    assert "profile" not in at.query_params and not bars(at)
    assert [link.proto.label for link in at.get("page_link")] == ["Enable tracking in Settings"]


def test_a_hostile_profile_name_is_shown_as_text(monkeypatch: pytest.MonkeyPatch, db: str) -> None:
    name = "<script>x</script>[x](javascript:y)"
    add_profiles(db, name)
    at = make_app(monkeypatch, db, profile=name)
    at.run()
    assert not at.exception
    caption = next(c.value for c in at.sidebar.caption if c.value.startswith("Tracking as"))
    assert literal(name) in caption


def test_a_team_url_from_secrets_toml(monkeypatch: pytest.MonkeyPatch, pg_server: PostgresServer) -> None:  # noqa: F811
    """``[connections.progress] url`` in .streamlit/secrets.toml (Streamlit's st.connection convention) picks the
    team database when TOPICGRAPH_DB is not set; Settings shows it with the password masked."""
    url = pg_server.create_database().replace("postgres@", "postgres:hunter2@")  # trust auth ignores it
    add_profiles(url, "Ada")
    at = make_app(monkeypatch, "", profile="Ada")
    monkeypatch.delenv("TOPICGRAPH_DB")
    at.secrets["connections"] = {"progress": {"url": url}}
    at.switch_page("pages/settings.py")
    at.run()
    assert not at.exception
    stored_in = next(t for t in at.text_input if t.label == "Stored in").value
    assert stored_in == url.replace("hunter2", "***") and "hunter2" not in stored_in
    assert "PostgreSQL database, configured by secrets.toml [connections.progress]." in [c.value for c in at.caption]
    assert "Tracking as **Ada**" in at.success[0].value
