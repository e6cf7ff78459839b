"""The graph page keeps per-content values between runs and rebuilds them only when the content or the
filters change; the route planner sends its chapter lists only while it is open."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_app import rerun, showing
from tests.conftest import ROOT
from topicgraph.query import Filters

DATABASES = Filters(themes=("databases",))


@pytest.fixture
def live(content: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app on a private, editable copy of the fixture content."""
    monkeypatch.setenv("TOPICGRAPH_DATA", str(content))
    monkeypatch.chdir(ROOT)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)


def kept_matching(at: AppTest) -> dict[Filters, frozenset[str]]:
    memo: dict[Filters, frozenset[str]] = at.session_state["_tg_explorer"].curriculum.memo["query.matching"]
    return memo


def test_the_filtered_set_is_kept_between_runs_and_follows_the_filters(app: AppTest) -> None:
    app.query_params["theme"] = "databases"
    app.run()
    assert showing(app) == (3, 12)
    first = kept_matching(app)[DATABASES]
    app.query_params["chapter"] = "redis-architecture"
    rerun(app)
    assert kept_matching(app)[DATABASES] is first  # the same content and filters: not recomputed
    app.multiselect(key="f_difficulty").set_value(["easy"])
    assert showing(rerun(app)) == (1, 12)
    assert kept_matching(app)[Filters(themes=("databases",), difficulties=("easy",))] == {"data-storage-overview"}


def test_the_filtered_set_follows_an_edit_of_the_content(live: AppTest, content: Path) -> None:
    live.query_params["theme"] = "databases"
    live.run()
    assert showing(live) == (3, 12)
    redis = content / "chapters" / "redis-architecture.md"
    redis.write_text(redis.read_text(encoding="utf-8").replace("themes: [databases]", "themes: [ai-engineering]"),
                     encoding="utf-8")
    assert showing(rerun(live)) == (2, 12)
    assert "redis-architecture" not in kept_matching(live)[DATABASES]


def _route_pickers(at: AppTest) -> list[str]:
    return [s.key for s in at.selectbox if s.key and s.key.startswith("route-")]


def test_the_route_planner_builds_its_chapter_lists_only_while_open(app: AppTest) -> None:
    app.run()  # nothing selected: the planner is open, as before
    assert _route_pickers(app) == ["route-goal"]
    app2 = AppTest.from_file(str(ROOT / "app.py"), default_timeout=30)
    app2.query_params["chapter"] = "llm-serving-cost"
    app2.run()  # reading a chapter: the planner is closed and sends no chapter list
    assert not app2.exception
    assert _route_pickers(app2) == []
    assert any(b.label.startswith("Path to “LLM Serving") for b in app2.button)  # its one-click button stays
    app2.session_state["route-plan"] = True  # the reader opens "Plan a route"
    rerun(app2)
    assert _route_pickers(app2) == ["route-goal"]
    goal = app2.selectbox(key="route-goal")
    assert len(goal.options) == 12


def test_progress_shapes_are_kept_until_the_store_changes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from tests.unit.test_progress_app import add_profiles, bars, make_app
    from topicgraph import progress as p

    db = str(tmp_path / "progress.sqlite")
    add_profiles(db, "ann")
    at = make_app(monkeypatch, db, profile="ann", chapter="redis-architecture")
    at.run()
    assert not at.exception
    view = at.session_state["_p_view"]
    overall = bars(at)["Overall"]
    rerun(at)  # a full run reads the store again: unchanged, so the tab keeps its view and what it derived
    assert at.session_state["_p_view"] is view and bars(at)["Overall"] == overall
    store = p.ProgressStore.open(p.StoreConfig.resolve({"TOPICGRAPH_DB": db}))
    store.set_status("ann", "caching-strategies", p.DONE)  # another tab marks a chapter done
    rerun(at)
    assert at.session_state["_p_view"] is not view
    assert bars(at)["Overall"] != overall and bars(at)["Overall"].startswith("1 of")
