"""Issue 15, the page's Python parts in AppTest: a theme page sets no filter, "Open in graph" does,
bridges open on a related pair with no raw scores, the local graph's count says what is drawn, the
landing reader names the product and puts "Start here" above the route planner, long titles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from components import state
from tests.app.test_app import headers, rerun, showing
from tests.app.test_pages_paths import button, text
from tests.conftest import FIXTURE
from topicgraph.graph import build_graph
from topicgraph.loader import read_curriculum
from topicgraph.query import neighbourhood


def sidebar_lines(at: AppTest) -> list[str]:
    return [m.value for m in at.sidebar.markdown]


def test_reading_a_theme_page_sets_no_filter(app: AppTest) -> None:
    app.query_params["theme"] = "databases"
    app.switch_page("pages/themes.py").run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Databases"]
    assert app.session_state[state.THEMES] == []  # the page shows the theme; no filter is set
    assert showing(app) == (12, 12)
    assert app.query_params["theme"] == "databases"  # the theme page's own address
    # then the graph: no theme filter, nothing faded, no theme= in its address
    app.switch_page("pages/graph.py")
    rerun(app)
    assert not app.exception
    assert app.session_state[state.THEMES] == []
    assert "theme" not in app.query_params
    assert showing(app) == (12, 12)


def test_theme_index_open_theme_sets_no_filter(app: AppTest) -> None:
    app.switch_page("pages/themes.py").run()
    button(app, "Open theme", "open-ml-engineering").click()
    app.run()
    assert [t.value for t in app.title] == ["ML Engineering"]
    assert app.session_state[state.THEMES] == [] and showing(app) == (12, 12)


def test_open_in_graph_sets_the_theme_filter(app: AppTest) -> None:
    app.query_params["theme"] = "databases"
    app.switch_page("pages/themes.py").run()
    button(app, "Open in graph").click()
    app.run()  # AppTest does not follow st.switch_page: the browser test does (tests/e2e/test_page_layout.py)
    assert not app.exception
    assert app.session_state[state.THEMES] == ["databases"]
    app.switch_page("pages/graph.py")
    rerun(app)  # the graph page
    assert app.query_params["theme"] == "databases"
    assert [t.value for t in app.title] == ["Start here"]
    assert showing(app) == (3, 12)


def test_a_filter_survives_a_visit_to_a_theme_page(app: AppTest) -> None:
    app.query_params["difficulty"] = "easy"
    app.run()
    before = showing(app)
    app.switch_page("pages/themes.py").run()
    button(app, "Open theme", "open-ai-engineering").click()
    app.run()
    assert [t.value for t in app.title] == ["AI Engineering"]
    assert {k: v for k, v in app.query_params.items() if v} == {"theme": "ai-engineering"}  # the theme page's address names its theme
    assert app.session_state[state.DIFFICULTY] == ["easy"] and showing(app) == before


def test_bridges_open_on_the_theme_and_the_theme_it_links_to_most(app: AppTest) -> None:
    app.query_params["theme"] = "ml-engineering"
    app.switch_page("pages/themes.py").run()
    boxes = [s for s in app.selectbox if s.key and s.key.startswith("bridge-")]
    assert [b.value for b in boxes] == ["ml-engineering", "ai-engineering"]
    body = text(app)
    assert "bridging score" not in body and not re.search(r"\b0\.\d{3}\b", body)  # no raw scores
    assert re.search(r"1\. \[AI Engineering vs ML Engineering\]\(/\?chapter=ai-vs-ml-engineering\) · in both themes",
                     body)
    assert re.search(r"links \d+ chapters? across", body)
    # another theme page opens on its own pair
    app.query_params["theme"] = "databases"
    button(app, "All themes").click()
    app.run()
    button(app, "Open theme", "open-databases").click()
    app.run()
    boxes = [s for s in app.selectbox if s.key and s.key.startswith("bridge-")]
    assert boxes[0].value == "databases" and boxes[1].value != "databases"


def test_local_graph_count_says_what_is_drawn(app: AppTest) -> None:
    cur = read_curriculum(FIXTURE)
    drawn = neighbourhood(build_graph(cur), "rag-architecture", 1)
    assert 1 < len(drawn) < 12
    app.query_params["chapter"] = "rag-architecture"
    app.query_params["depth"] = "1"
    app.run()
    assert not app.exception
    line = next(v for v in sidebar_lines(app) if v.startswith("Showing"))
    assert line.startswith(f"Showing {len(drawn)} of 12 chapters")
    assert "the local graph around Retrieval" in line
    # the whole graph again ("All"): the count too
    app.get("button_group")[0].set_value("all")
    rerun(app)
    assert "depth" not in app.query_params and showing(app) == (12, 12)


def walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from walk(child)


def test_landing_names_the_product_and_start_here_comes_before_the_planner(app: AppTest) -> None:
    app.run()
    assert not app.exception
    body = text(app)
    assert body.index("**System Design Space Explorer**") < body.index("**Start with**")
    order = list(walk(app.main))
    start = next(i for i, e in enumerate(order) if getattr(e, "type", "") == "title" and e.value == "Start here")
    plan = next(i for i, e in enumerate(order) if getattr(e, "label", None) == "Plan a route")
    assert start < plan


def test_a_long_title_is_the_whole_heading(app: AppTest) -> None:
    app.query_params["chapter"] = "ai-vs-ml-engineering"
    app.run()
    title = read_curriculum(FIXTURE).chapter_map["ai-vs-ml-engineering"].title
    assert [t.value for t in app.title] == [title]
    assert "Full title" not in [e.label for e in app.expander]  # only a title past the limit is cut


def test_a_browsers_first_run_sends_the_graph_alone_and_the_rest_once_it_is_drawn(
        app: AppTest, monkeypatch: pytest.MonkeyPatch) -> None:
    # AppTest sends no request headers, so the app takes it for what it is: no browser, nothing to wait for
    # (every other AppTest sees the whole page at once). Here it plays a browser's session.
    monkeypatch.setattr(state, "browser_session", lambda: True)
    app.query_params["chapter"] = "rag-architecture"
    app.query_params["difficulty"] = "impossible"
    app.run()
    assert not app.exception
    # first run: the graph and the URL notice; no reader, no search box, no sidebar widgets
    assert any("impossible" in w.value for w in app.warning)
    assert not app.title and not app.text_input and not app.sidebar.multiselect
    assert app.session_state[state.CHAPTER] == "rag-architecture"
    # the graph reports its first drawing (the component's "drawn" trigger calls state.graph_drawn)
    app.session_state[state._DRAWN] = True
    app.run()
    assert not app.exception
    assert headers(app) == [read_curriculum(FIXTURE).chapter_map["rag-architecture"].title]  # the reader
    assert app.text_input and app.sidebar.multiselect
    assert any("impossible" in w.value for w in app.warning), "the notice stays for the whole page"
    # later runs (another page and back, a reload of the page in this session) never wait again
    app.run()
    assert headers(app) and app.text_input and app.sidebar.multiselect
